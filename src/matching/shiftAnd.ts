/**
 * Leftmost search for a fixed-length pattern whose wildcard positions match any one character (the
 * `?`-holding segments between `*`s of an IAM wildcard), by bit-parallel Shift-And: one forward pass
 * over the text, each character updating at most ⌈m/32⌉ words of state, no backtracking. Work is
 * O(|text| * ⌈m/32⌉) and usually far less (only words holding live prefixes are updated); the
 * position-by-position scan it replaces was O(|text| * m).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */

import { addWork } from '../work.js'

/** A compiled pattern with single-character wildcards. */
export interface ShiftAndPattern {
  /** Leftmost index i >= from with the pattern matching text[i, i + m) and i + m <= end, or -1. */
  find(text: string, from: number, end: number): number
}

// PERF: one dense mask per distinct character while the masks fit this many words (16 MiB); past it,
// rare characters are applied position by position.
const DENSE_BUDGET_WORDS = 1 << 22

/**
 * Compiles `pattern` (not empty), where the code unit `anyCode` stands for "any one character".
 * `denseBudgetWords` bounds the memory of dense masks (tests lower it to reach the sparse path).
 */
export function compileShiftAnd(pattern: string, anyCode: number, denseBudgetWords = DENSE_BUDGET_WORDS): ShiftAndPattern {
  const m = pattern.length
  const words = (m + 31) >>> 5
  const any = new Int32Array(words)
  const positions = new Map<number, number[]>()
  // split('') yields UTF-16 code units, one per pattern position.
  pattern.split('').forEach((unit, j) => {
    const c = unit.charCodeAt(0)
    if (c === anyCode) any[j >>> 5] = (any[j >>> 5] as number) | (1 << (j & 31))
    else {
      const list = positions.get(c)
      if (list === undefined) positions.set(c, [j])
      else list.push(j)
    }
  })
  // Dense masks, most frequent characters first, within the budget (always at least the frequent
  // ones: a character with >= `words` positions costs no more dense than sparse).
  const masks = new Map<number, Int32Array>()
  let budget = denseBudgetWords
  for (const [c, list] of [...positions].sort((a, b) => b[1].length - a[1].length)) {
    if (budget < words && list.length < words) break
    budget -= words
    const mask = any.slice()
    for (const j of list) mask[j >>> 5] = (mask[j >>> 5] as number) | (1 << (j & 31))
    masks.set(c, mask)
  }
  // PERF: ASCII characters find their mask by index rather than by hashing.
  const ascii = Array.from({ length: 128 }, (_, c) => masks.get(c))
  const lastWord = (m - 1) >>> 5
  const lastBit = 1 << ((m - 1) & 31)
  return {
    find(text: string, from: number, end: number): number {
      const state = new Int32Array(words)
      const shifted = new Int32Array(words)
      // INVARIANT: words above `top` are zero, so they need no update.
      let top = -1
      // Work: state words updated, one per word per character, plus the pattern positions a sparse
      // character visits (reported once, on return).
      let steps = 0
      for (let i = from; i < end; i++) {
        const c = text.charCodeAt(i)
        const mask = c < 128 ? ascii[c] : masks.get(c)
        const limit = top + 1 < words ? top + 1 : words - 1
        steps += limit + 1
        if (mask !== undefined) {
          // state = ((state << 1) | 1) & mask, from the top word down so each word reads its old lower neighbour.
          for (let w = limit; w > 0; w--) state[w] = (((state[w] as number) << 1) | ((state[w - 1] as number) >>> 31)) & (mask[w] as number)
          state[0] = (((state[0] as number) << 1) | 1) & (mask[0] as number)
        } else {
          let carry = 1
          for (let w = 0; w <= limit; w++) {
            const v = state[w] as number
            shifted[w] = (v << 1) | carry
            carry = v >>> 31
            state[w] = (shifted[w] as number) & (any[w] as number)
          }
          const list = positions.get(c)
          if (list !== undefined) {
            steps += list.length
            for (const j of list) {
              const w = j >>> 5
              if (w <= limit) state[w] = (state[w] as number) | ((shifted[w] as number) & (1 << (j & 31)))
            }
          }
        }
        top = limit
        // PERF: the bound keeps the read inside the typed array (an out-of-bounds read deoptimizes).
        while (top >= 0 && state[top] === 0) top--
        if (top === lastWord && ((state[lastWord] as number) & lastBit) !== 0) {
          addWork('matcherSteps', steps)
          return i - m + 1
        }
      }
      addWork('matcherSteps', steps)
      return -1
    },
  }
}
