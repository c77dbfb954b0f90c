import { readdirSync, readFileSync, statSync, mkdtempSync } from 'node:fs'
import { join, relative } from 'node:path'
import { tmpdir } from 'node:os'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { measureCorpus, prepare, geomean } from './evaluation.js'
import type { Prepared } from './evaluation.js'
import { loadIamSimulate, toSimulation } from './iamSimulate.js'
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const bundleFile = join(mkdtempSync(join(tmpdir(), 'iamtrace-bench-')), 'index.mjs')
await build({ entryPoints: [join(ROOT, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: bundleFile, logLevel: 'error', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } })
const iamtrace = (await import(pathToFileURL(bundleFile).href)) as typeof import('../src/index.js')
const sim = await loadIamSimulate()
function listJson(dir: string): string[] { const out: string[] = []; for (const name of readdirSync(dir).sort()) { const p = join(dir, name); if (statSync(p).isDirectory()) out.push(...listJson(p)); else if (name.endsWith('.json') && name !== 'exceptions.json') out.push(p) } return out }
const all = (await Promise.all(listJson(join(ROOT, 'corpus')).map((f) => prepare(iamtrace, sim, relative(ROOT, f), readFileSync(f, 'utf8'), toSimulation)))).filter((p): p is Prepared => p !== undefined)
const want = process.argv.slice(2)
const list = want.length === 0 ? all : all.filter((p) => want.some((w) => p.file.includes(w)))
const fc = measureCorpus(iamtrace, list, { rounds: 5, roundMs: 10, warmMs: 30 }, () => {})
if (want.length > 0) for (const f of fc.files) console.log(f.ratio.toFixed(2), f.offUs.toFixed(3), f.theirsUs.toFixed(3), f.file)
console.log('geomean', geomean(fc.ratios).toFixed(2), 'median', fc.ratios[fc.ratios.length >> 1]?.toFixed(2), 'n', fc.ratios.length)
