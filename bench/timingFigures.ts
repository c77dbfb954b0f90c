/**
 * Prints how long pathological wildcards take, for docs/guarantees.md:
 *   node --import tsx bench/timingFigures.ts
 * Each figure is the median of five runs after one warm-up.
 */
import { compileWildcard } from '../src/matching/wildcard.js'

// The texts never match, and only after the matcher has walked all of them: 15,000 `a` (fewer than
// the 32,767 the first pattern needs) spread out, then filler, then the final `b`.
const STAR_TEXT = `${'xa'.repeat(15_000)}${'x'.repeat(970_000)}b`
const cases: [string, string, string][] = [
  ['*a*a*…b, 64 KiB', `*${'a*'.repeat(32_767)}b`, STAR_TEXT],
  ['*a?a?…b*, 2 KiB ?-segment', `*${'a?'.repeat(1_024)}b*`, 'a'.repeat(1_000_000)],
  ['*a?a?…b*, 8 KiB ?-segment', `*${'a?'.repeat(4_096)}b*`, 'a'.repeat(1_000_000)],
  ['*a?a?…b*, 64 KiB ?-segment', `*${'a?'.repeat(32_767)}b*`, 'a'.repeat(100_000)],
]

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

process.stdout.write('pattern                          text        case-sensitive   case-insensitive\n')
for (const [name, pattern, text] of cases) {
  const length = text.length
  const cols = [false, true].map((ci) => {
    const compiled = compileWildcard(pattern, ci)
    compiled.matches(text)
    const runs: number[] = []
    for (let i = 0; i < 5; i++) {
      const started = performance.now()
      compiled.matches(text)
      runs.push(performance.now() - started)
    }
    return `${median(runs).toFixed(1)} ms`
  })
  process.stdout.write(`${name.padEnd(32)} ${`${(length / 1e6).toFixed(1)} MB`.padEnd(11)} ${(cols[0] as string).padEnd(16)} ${cols[1] as string}\n`)
}
