import { loadSnapshot } from '../src/snapshot/loadSnapshot.js'
import type { Snapshot } from '../src/snapshot/types.js'
import { generateOrg } from './generateOrg.js'
import type { OrgParameters } from './generateOrg.js'

/**
 * Timing helpers for bench/: calibrate a batch to a target duration, warm up, then time several
 * rounds and report the median (and minimum) time per call.
 *
 * Time is the process's CPU time (`process.cpuUsage`, user + system, every thread), not the wall
 * clock: on a machine shared with other jobs a process waits for a core for longer than it runs, and
 * that wait says nothing about either tool. Both tools are measured the same way, in the same process.
 */

/** The process's CPU time so far, in milliseconds. */
export function cpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** One measurement, in microseconds per call. */
export interface Measurement {
  readonly medianUs: number
  readonly minUs: number
  readonly rounds: number
  /** Each round's time per call, in the order run (rounds of functions compared together interleave). */
  readonly samplesUs?: readonly number[]
}

/**
 * The median of the round-by-round ratios `a / b` of two measurements taken together by `compare`:
 * rounds next to each other in time share the machine's load, so their ratio is steadier than the
 * ratio of the medians on a shared machine.
 */
export function pairedRatio(a: Measurement, b: Measurement): number {
  const x = a.samplesUs ?? []
  const y = b.samplesUs ?? []
  const ratios: number[] = []
  for (let i = 0; i < Math.min(x.length, y.length); i++) ratios.push((x[i] as number) / (y[i] as number))
  return ratios.length > 0 ? median(ratios) : a.medianUs / b.medianUs
}

/** Rounds, the minimum duration of each, and the warm-up before them. */
export interface MeasureOptions {
  readonly rounds: number
  readonly roundMs: number
  /** Warm-up time per function before any round is timed (JIT tiers, inline caches). */
  readonly warmMs?: number
}

/**
 * Times several synchronous functions side by side: each is warmed up, then the rounds interleave
 * them (A, B, A, B…) so that load from other processes and garbage collection fall on all alike.
 * (No full GC is forced between rounds: its sweeping goes on in background threads, whose CPU time
 * would land on the next round.)
 */
export function compare(fns: readonly (() => void)[], options: MeasureOptions): Measurement[] {
  const batches = fns.map((fn) => {
    let done = 0
    const t0 = cpuMs()
    while (cpuMs() - t0 < (options.warmMs ?? options.roundMs * 2) || done < 3) {
      fn()
      done++
    }
    return batchSize(cpuMs() - t0, done, options.roundMs)
  })
  const samples: number[][] = fns.map(() => [])
  for (let r = 0; r < options.rounds; r++) {
    fns.forEach((fn, k) => {
      const n = batches[k] as number
      const t0 = cpuMs()
      for (let i = 0; i < n; i++) fn()
      ;(samples[k] as number[]).push(((cpuMs() - t0) * 1000) / n)
    })
  }
  return samples.map((list) => ({ medianUs: median(list), minUs: Math.min(...list), rounds: list.length, samplesUs: list }))
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

/**
 * Like `compare`, for functions of which some are asynchronous (each call awaited in turn): warm-up,
 * then interleaved rounds, so that the ratio of an asynchronous API to a synchronous one is taken round
 * by round as well.
 */
export async function compareAsync(fns: readonly (() => void | Promise<void>)[], options: MeasureOptions): Promise<Measurement[]> {
  const batches: number[] = []
  for (const fn of fns) {
    let done = 0
    const t0 = cpuMs()
    while (cpuMs() - t0 < (options.warmMs ?? options.roundMs * 2) || done < 3) {
      await fn()
      done++
    }
    batches.push(batchSize(cpuMs() - t0, done, options.roundMs))
  }
  const samples: number[][] = fns.map(() => [])
  for (let r = 0; r < options.rounds; r++) {
    for (let k = 0; k < fns.length; k++) {
      const fn = fns[k] as () => void | Promise<void>
      const n = batches[k] as number
      const t0 = cpuMs()
      for (let i = 0; i < n; i++) await fn()
      ;(samples[k] as number[]).push(((cpuMs() - t0) * 1000) / n)
    }
  }
  return samples.map((list) => ({ medianUs: median(list), minUs: Math.min(...list), rounds: list.length, samplesUs: list }))
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
