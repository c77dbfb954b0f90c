/**
 * `npm run bench`: iamtrace side by side with @cloud-copilot/iam-simulate on the same inputs, in one
 * process, interleaved round by round; every target is a ratio measured in the same run, printed with
 * PASS or MISS (never a wall-clock bound in a test).
 *
 *   npm run bench                 # everything (several minutes on two shared cores)
 *   npm run bench -- --quick      # fewer and shorter rounds, a sample of the corpus, no who-can-assume, escalations or diff
 *   npm run bench -- --json FILE  # also write the figures as JSON
 *
 * The library is measured as it ships (bundled from src/ by esbuild); CLI start runs the CLI as it
 * ships (bin/iamtrace.cjs → dist/cli.js), built into a temporary directory first.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { measureCliStart } from './cliStart.js'
import type { CliStart } from './cliStart.js'
import { agrees, geomean, measureCorpus, measureEndToEnd, measureSingle, prepare, quantile } from './evaluation.js'
import type { Prepared, SingleFigures } from './evaluation.js'
import { decisionOf, loadIamSimulate, toSimulation } from './iamSimulate.js'
import { pairedRatio } from './measure.js'
import type { Measurement } from './measure.js'
import { stage } from '../scripts/pack.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const quick = process.argv.includes('--quick')
const jsonIndex = process.argv.indexOf('--json')
const jsonOut = jsonIndex >= 0 ? process.argv[jsonIndex + 1] : undefined
const single = { rounds: quick ? 5 : 11, roundMs: quick ? 60 : 150, warmMs: quick ? 300 : 1000 }
const perScenario = { rounds: quick ? 3 : 5, roundMs: quick ? 4 : 10, warmMs: quick ? 10 : 30 }
const log = (text: string): void => void process.stderr.write(`${text}\n`)

// The library as it ships: src/index.ts bundled by esbuild (as tsup does, dependencies inlined), into a
// private file so that builds running at the same time cannot interfere.
type Iamtrace = typeof import('../src/index.js')
const bundleFile = join(mkdtempSync(join(tmpdir(), 'iamtrace-bench-')), 'index.mjs')
await build({ entryPoints: [join(ROOT, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: bundleFile, logLevel: 'error', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } })
const iamtrace = (await import(pathToFileURL(bundleFile).href)) as Iamtrace
const sim = await loadIamSimulate()
const versions = {
  iamtrace: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
  peer: (JSON.parse(readFileSync(join(ROOT, 'node_modules/@cloud-copilot/iam-simulate/package.json'), 'utf8')) as { version: string }).version,
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

async function load(file: string): Promise<Prepared | undefined> {
  return prepare(iamtrace, sim, relative(ROOT, file), readFileSync(file, 'utf8'), toSimulation)
}

const A = '(a) same-account AssumeRole'
const B = '(b) cross-account AssumeRole, 3 SCP levels, boundary, 200 identity statements'
const a = await load(join(ROOT, 'bench/scenarios/same-account.json'))
const b = await load(join(ROOT, 'bench/scenarios/cross-account-complex.json'))
for (const [name, p] of [[A, a], [B, b]] as const) {
  // Decisions must agree, or the comparison means nothing.
  if (p === undefined || !agrees(iamtrace, p) || decisionOf(p.core?.(0)) !== 'allowed') throw new Error(`${name}: the two tools do not both allow it`)
}
const pa = a as Prepared
const pb = b as Prepared

// The single workloads first, while the heap holds only them (a heap full of corpus scenarios makes
// every collection slower, for both tools).
log(`measuring ${A}…`)
const fa = measureSingle(iamtrace, pa, single)
log(`measuring ${B}…`)
const fb = measureSingle(iamtrace, pb, single)
log('measuring (b) end to end from JSON text…')
const e2e = await measureEndToEnd(iamtrace, sim, pb, single)

const corpusFiles = listJson(join(ROOT, 'corpus'))
const corpusAll = (await Promise.all(corpusFiles.map(load))).filter((p): p is Prepared => p !== undefined)
// --quick: every fifth scenario.
const corpus = quick ? corpusAll.filter((_, i) => i % 5 === 0) : corpusAll
const agree = corpus.filter((p) => agrees(iamtrace, p)).length
log(`measuring the corpus, scenario by scenario (${corpus.length})…`)
const fc = measureCorpus(iamtrace, corpus, perScenario, log)
log('measuring CLI start…')
const cliStage = stage()
const cli: CliStart = measureCliStart(cliStage, join(ROOT, 'bench/scenarios/same-account.json'), quick ? 10 : 15, true)
const cliUncached: CliStart = measureCliStart(cliStage, join(ROOT, 'bench/scenarios/same-account.json'), quick ? 10 : 15, false)

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

// Diff of two synthetic organizations that differ in 20 roles (one-hop changes, then with chains).
let diffBench: { seconds: number; chainsSeconds: number | undefined; output: string } | undefined
const diffScript = join(ROOT, 'bench/diff.ts')
if (!quick && existsSync(diffScript)) {
  log('measuring diff of two 5,000 × 1,000 organizations differing in 20 roles…')
  const r = spawnSync(process.execPath, ['--import', 'tsx', diffScript, '--no-chains'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 })
  const m = /total \(load \+ diff\): ([\d.]+) s/.exec(r.stdout)
  const c = spawnSync(process.execPath, ['--import', 'tsx', diffScript], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 })
  const mc = /total \(load \+ diff\): ([\d.]+) s/.exec(c.stdout)
  if (r.status === 0 && m !== null) diffBench = { seconds: Number(m[1]), chainsSeconds: mc === null ? undefined : Number(mc[1]), output: `${r.stdout.trim()}\nwith chains:\n${c.stdout.trim()}` }
  else log(`bench/diff.ts failed: ${r.stderr.slice(0, 500)}`)
}

// Report.
const fmt = (us: number | undefined): string => {
  if (us === undefined || Number.isNaN(us)) return ''
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`
  if (us >= 10) return `${us.toFixed(1)} µs`
  return `${us.toFixed(2)} µs`
}
const times = (x: number): string => (Number.isNaN(x) ? 'n/a' : `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`)
const spread = (m: Measurement): string => `${fmt(m.medianUs)} (min ${fmt(m.minUs)})`
const rows: { workload: string; metric: string; ours?: string; theirs?: string; ratio?: string }[] = []
const singleRows = (name: string, f: SingleFigures): void => {
  rows.push({ workload: name, metric: 'decision from a plain request object, trace off (request read, context, decision)', ours: spread(f.off), theirs: spread(f.theirs), ratio: times(pairedRatio(f.theirs, f.off)) })
  rows.push({ workload: name, metric: 'trace on: decision and the steps that decided it', ours: spread(f.on), ratio: `${times(pairedRatio(f.on, f.off))} of trace off` })
  rows.push({ workload: name, metric: 'trace on and read whole (JSON.stringify of the trace)', ours: spread(f.full), ratio: `${times(pairedRatio(f.full, f.off))} of trace off` })
}
singleRows(A, fa)
singleRows(B, fb)
rows.push({ workload: B, metric: 'end to end from JSON text: parseScenario (with locations) + compileScenario + evaluate with trace, vs `runSimulation`', ours: spread(e2e.ours), theirs: spread(e2e.theirs), ratio: times(pairedRatio(e2e.theirs, e2e.ours)) })
const corpusGeo = geomean(fc.ratios)
const corpusTraceGeo = geomean(fc.traceRatios)
rows.push({
  workload: 'corpus (mixed)',
  metric: `per-scenario ratio iam-simulate / iamtrace, trace off, over the ${fc.compared} scenarios iam-simulate accepts: geometric mean (median; slowest tenth; minimum)`,
  ratio: `${times(corpusGeo)} (${times(quantile(fc.ratios, 0.5))}; ${times(quantile(fc.ratios, 0.1))}; ${times(fc.ratios[0] ?? NaN)})`,
})
rows.push({ workload: 'corpus (mixed)', metric: `per-scenario trace on / trace off over all ${fc.scenarios} scenarios: geometric mean (median; worst)`, ratio: `${times(corpusTraceGeo)} (${times(quantile(fc.traceRatios, 0.5))}; ${times(fc.traceRatios[fc.traceRatios.length - 1] ?? NaN)})` })
rows.push({ workload: 'CLI start', metric: `\`iamtrace eval (a)\` vs \`node -e 0\`, whole process, ${cli.pairs} interleaved pairs: medians (median of the pair ratios)`, ours: fmt(cli.iamtrace.medianUs), theirs: `node -e 0: ${fmt(cli.node.medianUs)}`, ratio: `${times(cli.ratio)} of node` })
rows.push({ workload: 'CLI start', metric: `the same with the code cache off (\`IAMTRACE_COMPILE_CACHE=0\`: compiled from source every time), ${cliUncached.pairs} pairs`, ours: fmt(cliUncached.iamtrace.medianUs), theirs: `node -e 0: ${fmt(cliUncached.node.medianUs)}`, ratio: `${times(cliUncached.ratio)} of node` })
if (whoCanAssume !== undefined) rows.push({ workload: 'synthetic organization', metric: 'who-can-assume for every role, 5,000 principals × 1,000 roles (load + analyse)', ours: `${whoCanAssume.seconds.toFixed(2)} s` })
if (diffBench !== undefined) rows.push({ workload: 'synthetic organization', metric: 'diff of two 5,000 × 1,000 snapshots differing in 20 roles, one-hop changes (load + diff)', ours: `${diffBench.seconds.toFixed(2)} s` })
if (diffBench?.chainsSeconds !== undefined) rows.push({ workload: 'synthetic organization', metric: 'the same diff with gained and lost chains', ours: `${diffBench.chainsSeconds.toFixed(2)} s` })
if (escalations !== undefined) rows.push({ workload: 'synthetic organization', metric: `escalations for every principal, 5,000 principals × 1,000 roles (load + analyse; CPU ${escalations.cpu.toFixed(2)} s, peak ${escalations.peakMiB} MiB)`, ours: `${escalations.seconds.toFixed(2)} s` })

const target = (name: string, value: number, ok: boolean, goal: string, shown = times(value)): { name: string; value: number; ok: boolean; goal: string; shown: string } => ({ name, value, ok, goal, shown })
const ra = pairedRatio(fa.theirs, fa.off)
const rb = pairedRatio(fb.theirs, fb.off)
const ta = pairedRatio(fa.on, fa.off)
const tb = pairedRatio(fb.on, fb.off)
const targets = [
  target('(a) plain request, trace off, vs iam-simulate', ra, ra >= 20, '≥ 20×'),
  target('(b) plain request, trace off, vs iam-simulate', rb, rb >= 400, '≥ 400×'),
  target('corpus, geometric mean of per-scenario ratios vs iam-simulate', corpusGeo, corpusGeo >= 20, '≥ 20×'),
  target('trace on / trace off, (a)', ta, ta <= 3, '≤ 3×'),
  target('trace on / trace off, (b)', tb, tb <= 3, '≤ 3×'),
  target('trace on / trace off, corpus (geometric mean)', corpusTraceGeo, corpusTraceGeo <= 3, '≤ 3×'),
  target('(b) end to end from JSON text vs iam-simulate', pairedRatio(e2e.theirs, e2e.ours), pairedRatio(e2e.theirs, e2e.ours) > 1, '> 1×'),
  target('CLI start, `iamtrace eval` / `node -e 0`', cli.ratio, cli.ratio <= 1.2, '≤ 1.2×'),
  ...(escalations !== undefined
    ? [target('escalations 5,000 × 1,000 (load + analyse), peak memory', escalations.seconds, escalations.seconds <= 30 && escalations.peakMiB <= 1536, '≤ 30 s, ≤ 1.5 GB', `${escalations.seconds.toFixed(2)} s, ${escalations.peakMiB} MiB`)]
    : []),
  ...(diffBench !== undefined ? [target('diff of two 5,000 × 1,000 snapshots, 20 roles changed, one-hop (load + diff)', diffBench.seconds, diffBench.seconds <= 10, '≤ 10 s', `${diffBench.seconds.toFixed(2)} s`)] : []),
]

const lines: string[] = []
lines.push(`| workload | measurement | iamtrace ${versions.iamtrace} | iam-simulate ${versions.peer} | ratio |`)
lines.push('| --- | --- | ---: | ---: | ---: |')
for (const r of rows) lines.push(`| ${r.workload} | ${r.metric} | ${r.ours ?? ''} | ${r.theirs ?? ''} | ${r.ratio ?? ''} |`)
lines.push('')
lines.push('| target | goal | measured | |')
lines.push('| --- | ---: | ---: | :---: |')
for (const t of targets) lines.push(`| ${t.name} | ${t.goal} | ${t.shown} | ${t.ok ? 'PASS' : 'MISS'} |`)
lines.push('')
const cpuModel = cpus()[0]?.model ?? 'unknown CPU'
const loadAverage = readFileSync('/proc/loadavg', { encoding: 'utf8', flag: 'r' }).split(' ').slice(0, 3).join(' ')
lines.push(`Machine: ${cpuModel}, ${cpus().length} CPUs, load average ${loadAverage} (shared); Node ${process.version}; iamtrace ${versions.iamtrace}, @cloud-copilot/iam-simulate ${versions.peer}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`)
lines.push(`Corpus: ${corpus.length} scenarios${quick ? ' (every fifth, --quick)' : ''}; iam-simulate accepts ${fc.compared} and agrees with iamtrace's decision on ${agree} of them.`)
lines.push(`Times are the process's CPU time (user + system), not the wall clock, on a shared machine. Single workloads: medians of ${single.rounds} interleaved rounds of at least ${single.roundMs} ms after ${single.warmMs} ms of warm-up per function, ratios as medians of round-by-round ratios; corpus: ${perScenario.rounds} interleaved rounds of at least ${perScenario.roundMs} ms per scenario and function; CLI start: ${cli.pairs} pairs after 2 warm-up runs each.`)
lines.push('Slowest corpus scenarios against iam-simulate (ratio, iamtrace, iam-simulate):')
for (const f of fc.files.slice(0, 5)) lines.push(`  ${times(f.ratio)} ${fmt(f.offUs)} ${fmt(f.theirsUs)} ${f.file}`)
process.stdout.write(`${lines.join('\n')}\n`)
if (whoCanAssume !== undefined) process.stdout.write(`\nbench/whoCanAssume.ts:\n${whoCanAssume.output}\n`)
if (escalations !== undefined) process.stdout.write(`\nbench/escalations.ts:\n${escalations.output}\n`)
if (diffBench !== undefined) process.stdout.write(`\nbench/diff.ts:\n${diffBench.output}\n`)

if (jsonOut !== undefined) {
  writeFileSync(
    jsonOut,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpuModel, cpus: cpus().length, load: loadAverage, versions, single: { a: fa, b: fb, endToEnd: e2e }, corpus: fc, cli, cliUncached, targets, whoCanAssume, escalations, diff: diffBench }, null, 2)}\n`,
  )
}

// Organization scale (who-can-assume --all over 50,000 users × 10,000 roles): minutes on two cores, so
// only with --org; bench/orgScale.ts prints its own targets.
if (process.argv.includes('--org')) {
  log('measuring who-can-assume --all over 50,000 users × 10,000 roles…')
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/orgScale.ts'), '--no-single'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  process.stdout.write(`\nbench/orgScale.ts:\n${r.stdout}`)
}
