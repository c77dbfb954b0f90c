/**
 * A work meter for tests of the linear-time guarantees (docs/guarantees.md): the wildcard matchers
 * report the text positions and state words they touch, the evaluator the statements and conditions it
 * visits, the JSON reader the characters it reads. Nothing is counted unless a test runs code inside
 * `meterWork`: each reporting site then costs one comparison per call (the counts are kept in local
 * variables while the work happens). Wall-clock time is measured in bench/, never in tests.
 */

/** Units of work by kind. */
export interface WorkCounts {
  /** Text positions scanned and Shift-And state words updated by wildcard matching. */
  matcherSteps: number
  /** Statements evaluated against a request. */
  statements: number
  /** Conditions evaluated. */
  conditions: number
  /** Characters read by the JSON reader. */
  jsonChars: number
}

let meter: WorkCounts | undefined

/** Adds work of one kind (a no-op unless `meterWork` is running). */
export function addWork(kind: keyof WorkCounts, units: number): void {
  if (meter !== undefined) meter[kind] += units
}

/**
 * Runs `f` and returns its value with the work it reported.
 *
 * @example
 * const { value, work } = meterWork(() => compileWildcard('*a*b').matches(text))
 * work.matcherSteps // grows linearly with text.length
 */
export function meterWork<T>(f: () => T): { value: T; work: WorkCounts } {
  const outer = meter
  const work: WorkCounts = { matcherSteps: 0, statements: 0, conditions: 0, jsonChars: 0 }
  meter = work
  try {
    return { value: f(), work }
  } finally {
    meter = outer
    if (outer !== undefined) for (const k of Object.keys(work) as (keyof WorkCounts)[]) outer[k] += work[k]
  }
}
