/**
 * The bit-parallel search of `?`-holding segments: leftmost match within [from, end) against a naive
 * search, for pattern lengths across the 32-bit word boundaries, with dense masks, sparse masks and
 * a mix; and the work it reports (state words per character, plus the positions a sparse character
 * visits), which is what the linear-time guarantee counts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { describe, expect, it } from 'vitest'
import { compileShiftAnd } from '../../../src/matching/shiftAnd.js'
import { meterWork } from '../../../src/work.js'

const ANY = 0

/** Leftmost i in [from, end - m] where `pattern` (U+0000 = any one character) matches text at i. */
function naiveFind(pattern: string, text: string, from: number, end: number): number {
  for (let i = from; i + pattern.length <= end; i++) {
    let ok = true
    for (let j = 0; j < pattern.length && ok; j++) ok = pattern.charCodeAt(j) === ANY || pattern.charAt(j) === text.charAt(i + j)
    if (ok) return i
  }
  return -1
}

/** A small deterministic generator (no randomness between runs). */
function lcg(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

describe('leftmost search', () => {
  it('agrees with a naive search for pattern lengths 1 to 70, dense, sparse and mixed masks, any window', () => {
    const rnd = lcg(7)
    const pick = (s: string): string => s.charAt(Math.floor(rnd() * s.length))
    const mismatches: string[] = []
    for (let m = 1; m <= 70; m++) {
      for (let k = 0; k < 6; k++) {
        let pattern = ''
        for (let j = 0; j < m; j++) pattern += pick('aab\u0000é')
        for (let t = 0; t < 6; t++) {
          // Text holding the pattern (wildcards filled in) somewhere, in an alphabet that also
          // holds characters the pattern lacks (ASCII and not).
          const fill = [...pattern].map((c) => (c === '\u0000' ? pick('abcé\u0080') : c)).join('')
          let before = ''
          for (let i = Math.floor(rnd() * 6); i > 0; i--) before += pick('abé')
          let after = ''
          for (let i = Math.floor(rnd() * 4); i > 0; i--) after += pick('ab')
          const text = t % 3 === 0 ? before + after + fill.slice(1) : before + fill + after
          for (const budget of [undefined, 0, (m + 31) >>> 5]) {
            const p = compileShiftAnd(pattern, ANY, budget)
            for (const [from, end] of [
              [0, text.length],
              [1, text.length],
              [0, text.length - 1],
              [before.length, before.length + m],
              [before.length + 1, text.length],
            ] as const) {
              if (p.find(text, from, end) !== naiveFind(pattern, text, from, end)) mismatches.push(JSON.stringify({ pattern, text, from, end, budget }))
            }
          }
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([])
  })

  it('never reads past `end` nor before `from`', () => {
    const p = compileShiftAnd('a\u0000', ANY)
    expect(p.find('xab', 0, 2)).toBe(-1)
    expect(p.find('xab', 0, 3)).toBe(1)
    expect(p.find('abxab', 1, 5)).toBe(3)
    expect(p.find('ab', 0, 1)).toBe(-1)
  })
})

describe('work reported by a search', () => {
  const steps = (f: () => number): number => meterWork(f).work.matcherSteps

  it('updates only the words that hold a live prefix: one per character while nothing matches', () => {
    const p = compileShiftAnd('a'.repeat(64), ANY)
    expect(steps(() => p.find('b'.repeat(10), 0, 10))).toBe(10)
  })

  it('grows the live words as a prefix grows past a word boundary', () => {
    // Word 0 only for the first character, then words 0 and 1 until the match completes at 64.
    const p = compileShiftAnd('a'.repeat(64), ANY)
    expect(steps(() => p.find('a'.repeat(64), 0, 64))).toBe(1 + 2 * 63)
  })

  it('a dense character costs the live words; a sparse one also the positions it visits', () => {
    // 'a' has 63 positions (>= 2 words): always dense; 'b' one position: sparse when the budget is 0.
    const pattern = `${'a'.repeat(63)}b`
    expect(steps(() => compileShiftAnd(pattern, ANY).find('bbbb', 0, 4))).toBe(4)
    expect(steps(() => compileShiftAnd(pattern, ANY, 0).find('bbbb', 0, 4))).toBe(8)
  })

  it('spends the dense budget on the most frequent characters first, one pattern of words each', () => {
    // 100 positions = 4 words; 'c' once, then 'a' three times, then wildcards.
    const pattern = `caaa${'\u0000'.repeat(96)}`
    // Budget 4: 'a' (3 positions) is dense, 'c' sparse. 'aaaa' never starts a match (bit 0 is 'c').
    expect(steps(() => compileShiftAnd(pattern, ANY, 4).find('aaaa', 0, 4))).toBe(4)
    // 'c' sparse: each 'c' restarts a one-character prefix: 1 + 1 visit, then 2 words + 1 visit thrice.
    expect(steps(() => compileShiftAnd(pattern, ANY, 4).find('cccc', 0, 4))).toBe(2 + 3 * 3)
    // Budget 8: both dense.
    expect(steps(() => compileShiftAnd(pattern, ANY, 8).find('cccc', 0, 4))).toBe(1 + 2 * 3)
    expect(steps(() => compileShiftAnd(pattern, ANY, 8).find('aaaa', 0, 4))).toBe(4)
    // Budget 0: both sparse.
    expect(steps(() => compileShiftAnd(pattern, ANY, 0).find('aaaa', 0, 4))).toBe(4 + 4 * 3)
  })

  it('a character with as many positions as the pattern has words is dense even past the budget', () => {
    const pattern = `aaaa${'\u0000'.repeat(96)}`
    expect(steps(() => compileShiftAnd(pattern, ANY, 0).find('aaaa', 0, 4))).toBe(1 + 2 * 3)
  })

  it('finds dense masks of characters outside ASCII, U+0080 included', () => {
    for (const c of ['\u0080', 'é', '\u007f']) {
      const p = compileShiftAnd(`${c}b`, ANY)
      expect(steps(() => p.find(c + c, 0, 2))).toBe(2)
    }
  })
})
