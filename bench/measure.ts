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
