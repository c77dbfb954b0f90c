/**
 * Counts what a property actually checked: how many runs it skipped, and how often each kind of case
 * came up, so that a property cannot pass by skipping its work or by never meeting the cases that
 * matter (an "allowed" decision, say). Skips are capped at 5 % of the runs.
 */
import { expect } from 'vitest'

/** Counters for one property. */
export class Tally {
  runs = 0
  skipped = 0
  private readonly counts = new Map<string, number>()

  constructor(readonly name: string) {}

  /** Records one run that did its work, with the kinds of case it met. */
  ran(...kinds: string[]): void {
    this.runs++
    for (const k of kinds) this.counts.set(k, (this.counts.get(k) ?? 0) + 1)
  }

  /** Records one run that had nothing to check. */
  skip(): void {
    this.runs++
    this.skipped++
  }

  /** The share of runs that met this kind of case. */
  share(kind: string): number {
    return (this.counts.get(kind) ?? 0) / Math.max(this.runs, 1)
  }

  /** One line for the test log. */
  summary(): string {
    const kinds = [...this.counts.entries()].sort().map(([k, n]) => `${k} ${((100 * n) / Math.max(this.runs, 1)).toFixed(1)} %`)
    return `${this.name}: ${this.runs} runs, ${((100 * this.skipped) / Math.max(this.runs, 1)).toFixed(1)} % skipped${kinds.length > 0 ? `; ${kinds.join(', ')}` : ''}`
  }

  /** Prints the summary and asserts the skip cap and each minimum share (checked only with ≥ 100 runs). */
  check(minimums: Readonly<Record<string, number>> = {}): void {
    process.stdout.write(`${this.summary()}\n`)
    expect(this.skipped / Math.max(this.runs, 1), `${this.name}: skipped runs`).toBeLessThanOrEqual(0.05)
    if (this.runs < 100) return
    for (const [kind, min] of Object.entries(minimums)) expect(this.share(kind), `${this.name}: share of ${kind}`).toBeGreaterThanOrEqual(min)
  }
}
