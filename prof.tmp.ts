import { launch, findChromium } from './test/browser/chromium.ts'
const [file] = process.argv.slice(2)
const b = await launch(findChromium()!)
const page = await b.context.newPage()
const cdp = await page.context().newCDPSession(page)
await cdp.send('Profiler.enable'); await cdp.send('Profiler.start')
const t0 = Date.now()
await page.goto('file://' + file)
await page.waitForSelector('html[data-ready="true"]', { timeout: 60000 })
console.log('ready ms', Date.now() - t0)
const nav = await page.evaluate(() => JSON.stringify(performance.getEntriesByType('navigation')[0]))
const n = JSON.parse(nav); console.log('domInteractive', n.domInteractive, 'domContentLoaded', n.domContentLoadedEventEnd, 'load', n.loadEventEnd)
const { profile } = await cdp.send('Profiler.stop') as any
// aggregate self time by function
const self = new Map<string, number>()
const dt = profile.timeDeltas as number[]; const samples = profile.samples as number[]
const byId = new Map(profile.nodes.map((x: any) => [x.id, x]))
samples.forEach((id: number, i: number) => { const nd: any = byId.get(id); const k = `${nd.callFrame.functionName || '(anon)'} ${nd.callFrame.url.slice(-20)}:${nd.callFrame.lineNumber}:${nd.callFrame.columnNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000) })
console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0)}ms ${k}`).join('\n'))
await b.close()
