import { loadSnapshot } from '../src/snapshot/loadSnapshot.js'
import type { Snapshot } from '../src/snapshot/types.js'
import { generateOrg } from './generateOrg.js'
import type { OrgParameters } from './generateOrg.js'

/**
 * Timing helpers for bench/: calibrate a batch to a target duration, warm up, then time several
 * rounds and report the median (and minimum) time per call.
 */

/** One measurement, in microseconds per call. */
export interface Measurement {
  readonly medianUs: number
  readonly minUs: number
  readonly rounds: number
}

/** Rounds, the minimum duration of each, and the warm-up before them. */
export interface MeasureOptions {
  readonly rounds: number
  readonly roundMs: number
  /** Warm-up time per function before any round is timed (JIT tiers, inline caches). */
  readonly warmMs?: number
}

const collect = (globalThis as { gc?: () => void }).gc

/**
 * Times several synchronous functions side by side: each is warmed up, then the rounds interleave
 * them (A, B, A, B…) so that load from other processes and garbage collection fall on all alike; a
 * full GC runs before each round when Node is started with --expose-gc.
 */
export function compare(fns: readonly (() => void)[], options: MeasureOptions): Measurement[] {
  const batches = fns.map((fn) => {
    let done = 0
    const t0 = performance.now()
    while (performance.now() - t0 < (options.warmMs ?? options.roundMs * 2) || done < 3) {
      fn()
      done++
    }
    return batchSize(performance.now() - t0, done, options.roundMs)
  })
  const samples: number[][] = fns.map(() => [])
  for (let r = 0; r < options.rounds; r++) {
    fns.forEach((fn, k) => {
      collect?.()
      const n = batches[k] as number
      const t0 = performance.now()
      for (let i = 0; i < n; i++) fn()
      ;(samples[k] as number[]).push(((performance.now() - t0) * 1000) / n)
    })
  }
  return samples.map((list) => ({ medianUs: median(list), minUs: Math.min(...list), rounds: list.length }))
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function batchSize(elapsedMs: number, iterations: number, roundMs: number): number {
  const perCall = elapsedMs / iterations
  return Math.max(1, Math.ceil(roundMs / Math.max(perCall, 1e-6)))
}

/** Times a synchronous function. */
export function measure(fn: () => void, options: MeasureOptions): Measurement {
  // Warm-up and calibration: run for at least roundMs, twice (the second after the JIT settles).
  let iterations = 1
  for (let pass = 0; pass < 2; pass++) {
    let done = 0
    const t0 = performance.now()
    while (performance.now() - t0 < options.roundMs / 2 || done < iterations) {
      fn()
      done++
    }
    iterations = batchSize(performance.now() - t0, done, options.roundMs)
  }
  const samples: number[] = []
  for (let r = 0; r < options.rounds; r++) {
    const t0 = performance.now()
    for (let i = 0; i < iterations; i++) fn()
    samples.push(((performance.now() - t0) * 1000) / iterations)
  }
  return { medianUs: median(samples), minUs: Math.min(...samples), rounds: samples.length }
}

/** Times an asynchronous function (awaited one call at a time). */
export async function measureAsync(fn: () => Promise<void>, options: MeasureOptions): Promise<Measurement> {
  let iterations = 1
  for (let pass = 0; pass < 2; pass++) {
    let done = 0
    const t0 = performance.now()
    while (performance.now() - t0 < options.roundMs / 2 || done < iterations) {
      await fn()
      done++
    }
    iterations = batchSize(performance.now() - t0, done, options.roundMs)
  }
  const samples: number[] = []
  for (let r = 0; r < options.rounds; r++) {
    const t0 = performance.now()
    for (let i = 0; i < iterations; i++) await fn()
    samples.push(((performance.now() - t0) * 1000) / iterations)
  }
  return { medianUs: median(samples), minUs: Math.min(...samples), rounds: samples.length }
}

/** A numeric command-line option `--name N` of a bench script, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}

/**
 * Generates a synthetic organization, loads it and runs `analyse` on it, timing each stage and
 * sampling the resident set size every 20 ms; prints the report lines `describe` gives for the
 * result between the stage times and the totals (the lines bench/run.ts reads).
 */
export function measureOrganization<T>(params: OrgParameters, analyse: (snapshot: Snapshot) => T, describe: (result: T, snapshot: Snapshot, ms: number) => string): void {
  let peak = 0
  const sample = (): void => {
    const rss = process.memoryUsage().rss
    if (rss > peak) peak = rss
  }
  const timer = setInterval(sample, 20)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const inputs = generateOrg(params)
  const t1 = performance.now()
  const snapshot = loadSnapshot(inputs)
  const t2 = performance.now()
  sample()
  const result = analyse(snapshot)
  const t3 = performance.now()
  const cpu = process.cpuUsage(cpu0)
  sample()
  clearInterval(timer)
  const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`
  process.stdout.write(
    [
      `organization: ${params.principals} users, ${snapshot.roles.size} roles, ${params.accounts} accounts (${snapshot.principals.size} principals)`,
      `generate:     ${(t1 - t0).toFixed(0)} ms`,
      `load+compile: ${(t2 - t1).toFixed(0)} ms (${snapshot.diagnostics.length} diagnostics)`,
      describe(result, snapshot, t3 - t2),
      `total (load + analyse): ${((t3 - t1) / 1000).toFixed(2)} s`,
      `CPU time (user + system, whole run): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
      `peak RSS: ${mb(peak)}`,
    ].join('\n') + '\n',
  )
}
