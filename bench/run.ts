/**
 * `npm run bench`: iamtrace side by side with @cloud-copilot/iam-simulate on the same inputs, in one
 * process, after warm-up, as medians over several rounds.
 *
 *   npm run bench                 # everything (about a minute)
 *   npm run bench -- --quick      # fewer rounds, no who-can-assume or escalations
 *   npm run bench -- --json FILE  # also write the figures as JSON
 *
 * The library is measured as it ships (bundled from src/ by esbuild); cold start runs the CLI as it
 * ships (bin/iamtrace.js → dist/cli.js), built into a temporary directory first.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { decisionOf, loadIamSimulate, toSimulation } from './iamSimulate.js'
import type { Simulation } from './iamSimulate.js'
import { stage } from '../scripts/pack.js'
import { compare, measureAsync, median } from './measure.js'
import type { Measurement } from './measure.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const quick = process.argv.includes('--quick')
const jsonIndex = process.argv.indexOf('--json')
const jsonOut = jsonIndex >= 0 ? process.argv[jsonIndex + 1] : undefined
const ROUNDS = quick ? 5 : 11
const ROUND_MS = quick ? 60 : 150

// The library as it ships: src/index.ts bundled by esbuild (as tsup does, dependencies inlined), into a
// private file so that builds running at the same time cannot interfere.
type Iamtrace = typeof import('../src/index.js')
const bundleFile = join(mkdtempSync(join(tmpdir(), 'iamtrace-bench-')), 'index.mjs')
await build({ entryPoints: [join(ROOT, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: bundleFile, logLevel: 'error', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } })
const iamtrace = (await import(pathToFileURL(bundleFile).href)) as Iamtrace
const { parseScenario, compileScenario } = iamtrace
type Compiled = ReturnType<typeof compileScenario>

interface Workload {
  readonly name: string
  readonly files: readonly string[]
  readonly texts: readonly string[]
  readonly compiled: readonly Compiled[]
  /** The subset iam-simulate accepts, by index into `compiled`, with its Simulation. */
  readonly simulations: readonly { readonly index: number; readonly sim: Simulation }[]
}

function listJson(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...listJson(p))
    else if (name.endsWith('.json') && name !== 'exceptions.json') out.push(p)
  }
  return out
}

const sim = await loadIamSimulate()

async function workload(name: string, files: readonly string[]): Promise<Workload> {
  const texts: string[] = []
  const compiled: Compiled[] = []
  const simulations: { index: number; sim: Simulation }[] = []
  const kept: string[] = []
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    if (!text.includes('"request"')) continue
    const parsed = parseScenario(text, { file })
    if (!parsed.ok) continue
    const index = compiled.length
    texts.push(text)
    kept.push(file)
    compiled.push(compileScenario(parsed.value))
    const s = toSimulation(JSON.parse(text) as Record<string, unknown>)
    if (s === undefined) continue
    try {
      const r = await sim.runSimulation(s, {})
      if (r.resultType === 'single') {
        sim.prepareCore(s)()
        simulations.push({ index, sim: s })
      }
    } catch {
      // iam-simulate rejects or cannot run this input; it stays out of the comparison.
    }
  }
  return { name, files: kept, texts, compiled, simulations }
}

const a = await workload('(a) same-account AssumeRole', [join(ROOT, 'bench/scenarios/same-account.json')])
const b = await workload('(b) cross-account AssumeRole, 3 SCP levels, boundary, 200 identity statements', [join(ROOT, 'bench/scenarios/cross-account-complex.json')])
const corpus = await workload('corpus (mixed)', listJson(join(ROOT, 'corpus')))

// Decisions must agree on the single workloads, or the comparison means nothing.
for (const w of [a, b]) {
  const ours = w.compiled[0]?.evaluate().decision
  const theirs = w.simulations[0] !== undefined ? decisionOf(sim.prepareCore(w.simulations[0].sim)()) : undefined
  if (ours !== theirs || ours !== 'allowed') throw new Error(`${w.name}: iamtrace says ${String(ours)}, iam-simulate says ${String(theirs)}`)
}
let agree = 0
for (const { index, sim: s } of corpus.simulations) if (decisionOf(sim.prepareCore(s)()) === corpus.compiled[index]?.evaluate().decision) agree++

interface Row {
  readonly workload: string
  readonly metric: string
  readonly iamtrace?: Measurement
  readonly other?: Measurement
  readonly note?: string
}
const rows: Row[] = []
const opts = { rounds: ROUNDS, roundMs: ROUND_MS, warmMs: quick ? 300 : 1000 }
const log = (text: string): void => void process.stderr.write(`${text}\n`)

for (const w of [a, b, corpus]) {
  log(`measuring ${w.name}…`)
  const subset = w.simulations.map((s) => w.compiled[s.index] as Compiled)
  const all = w.compiled
  const cores = w.simulations.map((s) => sim.prepareCore(s.sim))
  const sims = w.simulations.map((s) => s.sim)
  const subsetTexts = w.simulations.map((s) => w.texts[s.index] as string)
  const parsed = w.texts.map((t) => {
    const r = parseScenario(t)
    if (!r.ok) throw new Error('unreachable: parsed before')
    return r.value
  })
  const perItem = w === corpus ? ` (${w.compiled.length} scenarios, per scenario)` : ''
  const n = all.length
  const [parse, compile, off, offAll, on] = compare(
    [
      () => { for (const t of w.texts) parseScenario(t) },
      () => { for (const p of parsed) compileScenario(p) },
      () => { for (const c of all) c.evaluate() },
      () => { for (const c of all) c.evaluate(undefined, { unindexed: true }) },
      () => { for (const c of all) c.evaluate(undefined, { trace: true }) },
    ],
    opts,
  ) as [Measurement, Measurement, Measurement, Measurement, Measurement]
  rows.push({ workload: w.name, metric: `parse (JSON text → AST)${perItem}`, iamtrace: perOp(parse, n) })
  rows.push({ workload: w.name, metric: `compile (AST → matchers)${perItem}`, iamtrace: perOp(compile, n) })
  rows.push({ workload: w.name, metric: `evaluate, trace off${perItem}`, iamtrace: perOp(off, n) })
  rows.push({ workload: w.name, metric: `evaluate, trace off, every statement (no service index)${perItem}`, iamtrace: perOp(offAll, n) })
  rows.push({ workload: w.name, metric: `evaluate, trace on${perItem}`, iamtrace: perOp(on, n) })
  if (w.simulations.length === 0) continue
  const k = w.simulations.length
  const label = w === corpus ? ` (the ${k} scenarios iam-simulate accepts, per scenario)` : ''
  const [oursOff, oursOn, theirs] = compare(
    [
      () => { for (const c of subset) c.evaluate() },
      () => { for (const c of subset) c.evaluate(undefined, { trace: true }) },
      () => { for (const core of cores) core() },
    ],
    opts,
  ) as [Measurement, Measurement, Measurement]
  rows.push({ workload: w.name, metric: `decision, policies and request prepared once: iamtrace trace off vs iam-simulate core \`authorize\`${label}`, iamtrace: perOp(oursOff, k), other: perOp(theirs, k) })
  rows.push({ workload: w.name, metric: `decision with explanation: iamtrace trace on vs iam-simulate core \`authorize\` (always explains)${label}`, iamtrace: perOp(oursOn, k), other: perOp(theirs, k) })
  const [endToEnd] = compare([() => { for (const t of subsetTexts) { const p = parseScenario(t); if (p.ok) compileScenario(p.value).evaluate(undefined, { trace: true }) } }], opts) as [Measurement]
  rows.push({
    workload: w.name,
    metric: `public API from JSON: parse + compile + evaluate with trace vs \`runSimulation\`${label}`,
    iamtrace: perOp(endToEnd, k),
    other: perOp(await measureAsync(async () => { for (const s of sims) await sim.runSimulation(s, {}) }, opts), k),
  })
}

// Cold start: process start to first decision through the CLI.
log('measuring cold start…')
const COLD_RUNS = quick ? 7 : 15
function spawnMs(args: readonly string[]): Measurement {
  const times: number[] = []
  for (let i = 0; i < COLD_RUNS + 2; i++) {
    const t0 = performance.now()
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' })
    const t = performance.now() - t0
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${String(r.status)}: ${r.stderr}`)
    if (i >= 2) times.push(t * 1000)
  }
  return { medianUs: median(times), minUs: Math.min(...times), rounds: times.length }
}
// The CLI as it ships, built into a private directory (scripts/pack.ts) so concurrent builds cannot interfere.
const built = stage()
const coldOurs = spawnMs([join(built, 'bin/iamtrace.js'), 'eval', 'bench/scenarios/same-account.json'])
const coldTheirs = spawnMs(['bench/iamSimulateCold.mjs', 'bench/scenarios/same-account.json'])
const nodeAlone = spawnMs(['-e', '0'])
rows.push({ workload: 'cold start', metric: '`node bin/iamtrace.js eval (a)` vs `node` + import iam-simulate + `runSimulation` (a)', iamtrace: coldOurs, other: coldTheirs })
rows.push({ workload: 'cold start', metric: '`node -e 0` (Node.js alone, included in both)', iamtrace: nodeAlone })

// Who-can-assume over the synthetic organization (the trust-graph bench).
let whoCanAssume: { seconds: number; output: string } | undefined
const whoScript = join(ROOT, 'bench/whoCanAssume.ts')
if (!quick && existsSync(whoScript)) {
  log('measuring who-can-assume over 5,000 principals × 1,000 roles…')
  const r = spawnSync(process.execPath, ['--import', 'tsx', whoScript], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 })
  const m = /total \(load \+ analyse\): ([\d.]+) s/.exec(r.stdout)
  if (r.status === 0 && m !== null) whoCanAssume = { seconds: Number(m[1]), output: r.stdout.trim() }
  else log(`bench/whoCanAssume.ts failed: ${r.stderr.slice(0, 500)}`)
}

// Escalations over the same organization, with escalation-capable permissions sprinkled in.
let escalations: { seconds: number; cpu: number; peakMiB: number; output: string } | undefined
const escalationScript = join(ROOT, 'bench/escalations.ts')
if (!quick && existsSync(escalationScript)) {
  log('measuring escalations over 5,000 principals × 1,000 roles…')
  const r = spawnSync(process.execPath, ['--import', 'tsx', escalationScript], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 })
  const m = /total \(load \+ analyse\): ([\d.]+) s/.exec(r.stdout)
  const cpu = /CPU time \(user \+ system, whole run\): ([\d.]+) s/.exec(r.stdout)
  const peak = /peak RSS: (\d+) MiB/.exec(r.stdout)
  if (r.status === 0 && m !== null) escalations = { seconds: Number(m[1]), cpu: Number(cpu?.[1] ?? NaN), peakMiB: Number(peak?.[1] ?? NaN), output: r.stdout.trim() }
  else log(`bench/escalations.ts failed: ${r.stderr.slice(0, 500)}`)
}

// Report.
const fmt = (us: number | undefined): string => {
  if (us === undefined) return ''
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`
  if (us >= 10) return `${us.toFixed(1)} µs`
  return `${us.toFixed(2)} µs`
}
const ratio = (r: Row): number | undefined => (r.iamtrace !== undefined && r.other !== undefined ? r.other.medianUs / r.iamtrace.medianUs : undefined)
const lines: string[] = []
lines.push('| workload | measurement | iamtrace | iam-simulate 0.1.173 | iamtrace faster by |')
lines.push('| --- | --- | ---: | ---: | ---: |')
for (const r of rows) {
  const x = ratio(r)
  lines.push(`| ${r.workload} | ${r.metric} | ${fmt(r.iamtrace?.medianUs)} | ${fmt(r.other?.medianUs)} | ${x === undefined ? '' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}×`} |`)
}
if (whoCanAssume !== undefined) lines.push(`| synthetic organization | who-can-assume for every role, 5,000 principals × 1,000 roles (load + analyse) | ${whoCanAssume.seconds.toFixed(2)} s | n/a | |`)
else lines.push('| synthetic organization | who-can-assume | not run (bench/whoCanAssume.ts missing or --quick) | | |')
if (escalations !== undefined) lines.push(`| synthetic organization | escalations for every principal, 5,000 principals × 1,000 roles (load + analyse; CPU ${escalations.cpu.toFixed(2)} s, peak ${escalations.peakMiB} MiB) | ${escalations.seconds.toFixed(2)} s | n/a | |`)
else lines.push('| synthetic organization | escalations | not run (bench/escalations.ts missing or --quick) | | |')

const find = (w: Workload, prefix: string): Row | undefined => rows.find((r) => r.workload === w.name && r.metric.startsWith(prefix))
const traceRatio = (w: Workload): number => (find(w, 'evaluate, trace on')?.iamtrace?.medianUs ?? NaN) / (find(w, 'evaluate, trace off')?.iamtrace?.medianUs ?? NaN)
const coreRatio = (w: Workload): number => ratio(find(w, 'decision, policies and request prepared once') as Row) ?? NaN
const targets = [
  { name: '(b) ≥ 200× faster than iam-simulate (prepared decision, trace off vs its core)', value: coreRatio(b), ok: coreRatio(b) >= 200, shown: `${coreRatio(b).toFixed(0)}×` },
  { name: '(a) ≥ 20× faster than iam-simulate (prepared decision, trace off vs its core)', value: coreRatio(a), ok: coreRatio(a) >= 20, shown: `${coreRatio(a).toFixed(0)}×` },
  ...[a, b, corpus].map((w) => ({ name: `trace on ≤ 3× trace off, ${w.name}`, value: traceRatio(w), ok: traceRatio(w) <= 3, shown: `${traceRatio(w).toFixed(2)}×` })),
  { name: 'cold start ≤ 50 ms (median)', value: coldOurs.medianUs, ok: coldOurs.medianUs <= 50_000, shown: fmt(coldOurs.medianUs) },
  whoCanAssume !== undefined
    ? { name: 'who-can-assume 5,000 × 1,000 within 10 s', value: whoCanAssume.seconds, ok: whoCanAssume.seconds <= 10, shown: `${whoCanAssume.seconds.toFixed(2)} s` }
    : { name: 'who-can-assume 5,000 × 1,000 within 10 s', value: NaN, ok: false, shown: 'not run' },
  escalations !== undefined
    ? { name: 'escalations 5,000 × 1,000 within 30 s, peak memory under 1.5 GB', value: escalations.seconds, ok: escalations.seconds <= 30 && escalations.peakMiB <= 1536, shown: `${escalations.seconds.toFixed(2)} s, ${escalations.peakMiB} MiB` }
    : { name: 'escalations 5,000 × 1,000 within 30 s, peak memory under 1.5 GB', value: NaN, ok: false, shown: 'not run' },
]
lines.push('')
lines.push('| target | result | met |')
lines.push('| --- | ---: | :---: |')
for (const t of targets) lines.push(`| ${t.name} | ${t.shown} | ${t.ok ? 'yes' : 'NO'} |`)
lines.push('')
const cpuModel = cpus()[0]?.model ?? 'unknown CPU'
lines.push(`Machine: ${cpuModel}, ${cpus().length} CPUs (nproc), Node ${process.version}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`)
lines.push(`Corpus: ${corpus.compiled.length} scenarios; iam-simulate accepts ${corpus.simulations.length} and agrees with iamtrace's decision on ${agree} of them.`)
lines.push(`Medians of ${ROUNDS} interleaved rounds of at least ${ROUND_MS} ms each after ${opts.warmMs} ms of warm-up per function${(globalThis as { gc?: unknown }).gc !== undefined ? ', a full GC before each round' : ''}; cold start: median of ${COLD_RUNS} spawns after 2 warm-up spawns.`)
process.stdout.write(`${lines.join('\n')}\n`)
if (whoCanAssume !== undefined) process.stdout.write(`\nbench/whoCanAssume.ts:\n${whoCanAssume.output}\n`)
if (escalations !== undefined) process.stdout.write(`\nbench/escalations.ts:\n${escalations.output}\n`)

if (jsonOut !== undefined) {
  writeFileSync(
    jsonOut,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpuModel, cpus: cpus().length, rows, targets, whoCanAssume, escalations, corpus: { scenarios: corpus.compiled.length, comparable: corpus.simulations.length, agree }, files: corpus.files.map((f) => relative(ROOT, f)).length }, null, 2)}\n`,
  )
}

function perOp(m: Measurement, items: number): Measurement {
  return { medianUs: m.medianUs / items, minUs: m.minUs / items, rounds: m.rounds }
}

// Organization scale (who-can-assume --all over 50,000 users × 10,000 roles): minutes on two cores, so
// only with --org; bench/orgScale.ts prints its own targets.
if (process.argv.includes('--org')) {
  log('measuring who-can-assume --all over 50,000 users × 10,000 roles…')
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/orgScale.ts'), '--no-single', '--cli', join(built, 'bin/iamtrace.js')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  process.stdout.write(`\nbench/orgScale.ts:\n${r.stdout}`)
}
