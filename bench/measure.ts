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

/** Rounds and the minimum duration of each. */
export interface MeasureOptions {
  readonly rounds: number
  readonly roundMs: number
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
