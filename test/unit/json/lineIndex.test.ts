/**
 * Offsets to 1-based line and column: LF, CRLF and a lone CR each end a line (RFC 8259 treats all
 * three as whitespace; editors count each as a line break). Answers must not depend on the order in
 * which offsets are asked for.
 * https://www.rfc-editor.org/rfc/rfc8259#section-2
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createLineIndex } from '../../../src/json/lineIndex.js'

/** The reading by counting, from the first offset to the one asked for. */
function naive(text: string, first: number, offset: number): { line: number; column: number } {
  let line = 1
  let start = first
  for (let i = first; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++
      start = i + 1
    }
  }
  return { line, column: offset - start + 1 }
}

describe('createLineIndex', () => {
  it('answers as counting does, in any order of offsets (property)', () => {
    const texts = fc.array(fc.constantFrom('a', ' ', '\n', '\r', '\r\n', '"x"'), { maxLength: 40 }).map((parts) => parts.join(''))
    fc.assert(
      fc.property(texts, fc.boolean(), fc.array(fc.nat(60), { maxLength: 20 }), (body, bom, picks) => {
        const text = bom ? `\uFEFF${body}` : body
        const first = bom ? 1 : 0
        const at = createLineIndex(text, first)
        for (const pick of picks) {
          const offset = first + (text.length - first === 0 ? 0 : pick % (text.length - first + 1))
          expect(at(offset)).toEqual(naive(text, first, offset))
        }
      }),
      { numRuns: 300 },
    )
  })
  it('reads the line of a CRLF text', () => {
    const at = createLineIndex('{\r\n  "a": 1,\r\n  "b": 2\r\n}', 0)
    expect(at(16)).toEqual({ line: 3, column: 3 })
    expect(at(5)).toEqual({ line: 2, column: 3 })
    expect(at(0)).toEqual({ line: 1, column: 1 })
  })
})
