/**
 * sameIgnoringCase must agree with comparing `toLowerCase()` copies, which is how IAM names and
 * StringEqualsIgnoreCase values are compared (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sameIgnoringCase } from '../../../src/matching/foldCase.js'

const reference = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

describe('sameIgnoringCase', () => {
  it('agrees with toLowerCase on chosen cases (ASCII, non-ASCII, length-changing lowercasing)', () => {
    const cases: [string, string][] = [
      ['DataReader', 'datareader'],
      ['DataReader', 'DataReaders'],
      ['a@b.c-D_E+F=G,H', 'A@B.C-d_e+f=g,h'],
      ['[', '{'], // 0x5b and 0x7b differ by 0x20 but are not letters
      ['@', '`'],
      ['İ', 'i̇'], // U+0130 lowercases to two code units
      ['K', 'k'], // Kelvin sign lowercases to k
      ['Ü', 'ü'],
      ['Ü', 'u'],
      ['', ''],
      ['a', ''],
    ]
    for (const [a, b] of cases) {
      expect(sameIgnoringCase(a, b), `${a} / ${b}`).toBe(reference(a, b))
      expect(sameIgnoringCase(b, a), `${b} / ${a}`).toBe(reference(b, a))
    }
  })

  it('agrees with toLowerCase on generated strings', () => {
    const letters = fc.constantFrom('a', 'A', 'z', 'Z', '@', '[', '`', '{', '-', 'İ', 'i', '̇', 'K', 'k', 'ß', 'Σ', 'σ', 'ς', '\uD800', '😀')
    const text = fc.array(letters, { maxLength: 6 }).map((cs) => cs.join(''))
    fc.assert(
      fc.property(text, text, (a, b) => sameIgnoringCase(a, b) === reference(a, b) && sameIgnoringCase(a, a.toUpperCase()) === reference(a, a.toUpperCase())),
      { numRuns: 5000 },
    )
  })
})
