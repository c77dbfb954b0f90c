/**
 * flatText copies compile-time policy text out of the document it was read from: the copy must be the
 * same string, code unit for code unit, whatever it holds.
 */
import { describe, expect, it } from 'vitest'
import { flatText } from '../../../src/matching/flatText.js'

describe('flatText', () => {
  it('returns a string equal to its input: short, long, non-ASCII, surrogate pairs, lone surrogates, empty', () => {
    const doc = `{"v": "arn:aws:iam::111122223333:role/Bü\u{1F600}ilder-\uD800x-${'y'.repeat(300)}"}`
    for (const text of ['', 'a', 'aws', doc.slice(7, 20), doc.slice(7, doc.length - 2), doc.slice(30, 45), doc.slice(40, 42)]) {
      const copy = flatText(text)
      expect(copy).toBe(text)
      expect(copy.length).toBe(text.length)
    }
  })
})
