/**
 * The evaluation measurements of `npm run bench`: iamtrace and iam-simulate on the same scenarios, in
 * one process, interleaved round by round. Requests are handed to both as plain objects built afresh
 * for every call (a cycled `bench:variant` context key no policy reads), so nothing is cached per
 * request object; policies are compiled (iamtrace) or loaded (iam-simulate) once.
 */
import { decisionOf } from './iamSimulate.js'
import type { IamSimulate, Simulation } from './iamSimulate.js'
import { compare, compareAsync, pairedRatio } from './measure.js'
import type { Measurement, MeasureOptions } from './measure.js'

type Iamtrace = typeof import('../src/index.js')
type Compiled = ReturnType<Iamtrace['compileScenario']>
type Json = Record<string, unknown>

/** One scenario ready for both tools. */
export interface Prepared {
  readonly file: string
  readonly text: string
  readonly compiled: Compiled
  /** The scenario file's request, as written (a plain object). */
  readonly request: Json
  /** Present when iam-simulate accepts the scenario. */
  readonly sim?: Simulation
  readonly core?: (variant?: number) => string
}

const VARIANTS = 8

/** A fresh plain request object for call `k`: the file's request with a cycled unread context key. */
export function plainRequest(request: Json, k: number): Json {
  const context = (request['context'] ?? {}) as Json
  const copy: Json = { 'bench:variant': String(k & (VARIANTS - 1)) }
  for (const key of Object.keys(context)) {
    const v = context[key]
    copy[key] = Array.isArray(v) ? [...(v as unknown[])] : v
  }
  return { ...request, context: copy }
}

/** iamtrace, trace off: one decision from a plain request object. */
export function oursOff(iamtrace: Iamtrace, p: Prepared): () => void {
  let k = 0
  return () => void iamtrace.evaluateCompiled(plainRequest(p.request, k++) as never, p.compiled.policies)
}

/** iamtrace, trace on: one decision and the steps that decided it (the rest of the trace is built when read). */
export function oursOn(iamtrace: Iamtrace, p: Prepared): () => void {
  let k = 0
  return () => {
    const r = iamtrace.evaluateCompiled(plainRequest(p.request, k++) as never, p.compiled.policies, { trace: true })
    if (r.trace === undefined || r.trace.steps.length < 0) throw new Error('no trace')
  }
}

/** iamtrace, trace on and read whole (serialised as JSON). */
export function oursFull(iamtrace: Iamtrace, p: Prepared): () => void {
  let k = 0
  return () => void JSON.stringify(iamtrace.evaluateCompiled(plainRequest(p.request, k++) as never, p.compiled.policies, { trace: true }).trace)
}

/** iam-simulate's core `authorize`, its request built from the plain request on every call. */
export function theirs(p: Prepared): () => void {
  let k = 0
  const core = p.core as (variant?: number) => string
  return () => void core(k++ & (VARIANTS - 1))
}

/** Reads, compiles and converts one scenario; undefined when iamtrace cannot read it. */
export async function prepare(iamtrace: Iamtrace, sim: IamSimulate, file: string, text: string, toSimulation: (s: Json) => Simulation | undefined): Promise<Prepared | undefined> {
  if (!text.includes('"request"')) return undefined
  const parsed = iamtrace.parseScenario(text, { file })
  if (!parsed.ok) return undefined
  const json = JSON.parse(text) as Json
  const base = { file, text, compiled: iamtrace.compileScenario(parsed.value), request: json['request'] as Json }
  const s = toSimulation(json)
  if (s === undefined) return base
  try {
    const r = await sim.runSimulation(s, {})
    if (r.resultType !== 'single') return base
    const core = sim.prepareCore(s)
    core(0)
    return { ...base, sim: s, core }
  } catch {
    // iam-simulate rejects or cannot run this input; it stays out of the comparison.
    return base
  }
}

/** Whether both tools decide a prepared scenario alike (from plain requests). */
export function agrees(iamtrace: Iamtrace, p: Prepared): boolean {
  return p.core !== undefined && decisionOf(p.core(0)) === iamtrace.evaluateCompiled(plainRequest(p.request, 0) as never, p.compiled.policies).decision
}

/** The measurements of one single-scenario workload. */
export interface SingleFigures {
  readonly off: Measurement
  readonly on: Measurement
  readonly full: Measurement
  readonly theirs: Measurement
}

/** Times one scenario: trace off, trace on, trace read whole, and iam-simulate's core. */
export function measureSingle(iamtrace: Iamtrace, p: Prepared, options: MeasureOptions): SingleFigures {
  const [off, on, full, other] = compare([oursOff(iamtrace, p), oursOn(iamtrace, p), oursFull(iamtrace, p), theirs(p)], options) as [Measurement, Measurement, Measurement, Measurement]
  return { off, on, full, theirs: other }
}

/** End to end from JSON text: parse (with locations) + compile + evaluate with trace, against `runSimulation`, interleaved. */
export async function measureEndToEnd(iamtrace: Iamtrace, sim: IamSimulate, p: Prepared, options: MeasureOptions): Promise<{ ours: Measurement; theirs: Measurement }> {
  const s = p.sim as Simulation
  const [ours, other] = (await compareAsync(
    [
      () => {
        const parsed = iamtrace.parseScenario(p.text)
        if (!parsed.ok) throw new Error('unreachable: parsed before')
        const r = iamtrace.compileScenario(parsed.value).evaluate(undefined, { trace: true })
        if (r.trace === undefined) throw new Error('no trace')
      },
      async () => void (await sim.runSimulation(s, {})),
    ],
    options,
  )) as [Measurement, Measurement]
  return { ours, theirs: other }
}

/** Per-scenario figures over the corpus. */
export interface CorpusFigures {
  readonly scenarios: number
  /** Scenarios iam-simulate accepts (the comparison's subset). */
  readonly compared: number
  /** Per-scenario iam-simulate / iamtrace (trace off), sorted ascending. */
  readonly ratios: readonly number[]
  /** Per-scenario trace on / trace off, sorted ascending, over every scenario. */
  readonly traceRatios: readonly number[]
  readonly files: readonly { readonly file: string; readonly ratio: number; readonly offUs: number; readonly theirsUs: number }[]
}

/** Times every corpus scenario on its own: trace off, trace on, and (when it accepts it) iam-simulate. */
export function measureCorpus(iamtrace: Iamtrace, list: readonly Prepared[], options: MeasureOptions, log: (s: string) => void): CorpusFigures {
  const ratios: number[] = []
  const traceRatios: number[] = []
  const files: { file: string; ratio: number; offUs: number; theirsUs: number }[] = []
  list.forEach((p, i) => {
    if (i % 100 === 0) log(`  corpus ${i}/${list.length}…`)
    const fns = [oursOff(iamtrace, p), oursOn(iamtrace, p), ...(p.core !== undefined ? [theirs(p)] : [])]
    const [off, on, other] = compare(fns, options) as [Measurement, Measurement, Measurement | undefined]
    traceRatios.push(pairedRatio(on, off))
    if (other !== undefined) {
      const ratio = pairedRatio(other, off)
      ratios.push(ratio)
      files.push({ file: p.file, ratio, offUs: off.medianUs, theirsUs: other.medianUs })
    }
  })
  return { scenarios: list.length, compared: ratios.length, ratios: ratios.sort((x, y) => x - y), traceRatios: traceRatios.sort((x, y) => x - y), files: files.sort((x, y) => x.ratio - y.ratio) }
}

/** The geometric mean of positive numbers. */
export function geomean(values: readonly number[]): number {
  if (values.length === 0) return NaN
  let log = 0
  for (const v of values) log += Math.log(v)
  return Math.exp(log / values.length)
}

/** A quantile of sorted numbers (0 ≤ q ≤ 1). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}
