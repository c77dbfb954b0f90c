/**
 * The IAM wildcard matcher, exhaustively on short patterns and texts against the naive dynamic-
 * programming matcher, plus the contract of its exports: the `literal` flag, case folding, the parts
 * of pattern text, literal characters that can never turn into wildcards, and the work it reports.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { describe, expect, it } from 'vitest'
import { splitArnPatternGroups } from '../../../src/matching/arnParts.js'
import { ANY_CHAR, ANY_RUN, compileWildcard, compileWildcardParts, tokenizeWildcard } from '../../../src/matching/wildcard.js'
import { meterWork } from '../../../src/work.js'
import { naiveGlob, naiveMatch } from '../../reference/naiveWildcard.js'
import type { NaiveToken } from '../../reference/naiveWildcard.js'

const ACT = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html'
const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html'
const ARN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns'

/** Every string over `alphabet` of length 0..max. */
function allStrings(alphabet: readonly string[], max: number): string[] {
  const out = ['']
  let layer = ['']
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => alphabet.map((c) => s + c))
    out.push(...layer)
  }
  return out
}

describe('wildcard matcher, exhaustively on short inputs', () => {
  const patterns = allStrings(['a', 'b', '*', '?'], 5)
  const texts = allStrings(['a', 'b'], 4)

  it(`agrees with the naive matcher on every pattern over {a, b, *, ?} and text over {a, b} up to 4 characters (${ACT})`, () => {
    let mismatches: string[] = []
    for (const p of patterns) {
      const compiled = compileWildcard(p)
      for (const t of texts) if (compiled.matches(t) !== naiveGlob(p, t)) mismatches.push(`${p} ~ ${t}`)
      if (mismatches.length > 5) break
    }
    expect(mismatches).toEqual([])
    mismatches = []
    // Case-insensitive, on mixed-case text.
    for (const p of allStrings(['a', 'B', '*', '?'], 4)) {
      const compiled = compileWildcard(p, true)
      for (const t of allStrings(['A', 'b', 'B'], 4)) if (compiled.matches(t) !== naiveGlob(p, t, true)) mismatches.push(`${p} ~ ${t}`)
    }
    expect(mismatches).toEqual([])
  })

  it(`a first and last segment that overrun a short text never match (${ACT})`, () => {
    expect(compileWildcard('?**').matches('')).toBe(false)
    expect(compileWildcard('??**').matches('a')).toBe(false)
    expect(compileWildcard('**??').matches('a')).toBe(false)
    expect(compileWildcard('ab*ba').matches('aba')).toBe(false)
    expect(compileWildcard('ab*ba').matches('abba')).toBe(true)
    expect(compileWildcard('*').matches('')).toBe(true)
    expect(compileWildcard('**').matches('anything:at/all')).toBe(true)
  })
})

describe('compiled pattern contract', () => {
  it(`is case-sensitive unless asked (${ACT})`, () => {
    expect(compileWildcard('s3:Get*').matches('S3:GetObject')).toBe(false)
    expect(compileWildcard('s3:Get*', true).matches('S3:GETOBJECT')).toBe(true)
    expect(compileWildcardParts('p', ['Ab']).matches('ab')).toBe(false)
  })

  it('says whether the pattern holds a wildcard', () => {
    expect(compileWildcard('arn:aws:s3:::logs').literal).toBe(true)
    expect(compileWildcard('a?c').literal).toBe(false)
    expect(compileWildcard('a*').literal).toBe(false)
    expect(compileWildcard('*').literal).toBe(false)
    expect(compileWildcardParts('p', ['a*b?']).literal).toBe(true)
  })

  it('matchesFolded takes text already lowercased, for every pattern shape', () => {
    for (const pattern of ['ABC', 'A?C', 'A*C', '*']) {
      const p = compileWildcard(pattern, true)
      expect(p.matchesFolded('abc')).toBe(true)
      expect(p.matchesFolded('abd')).toBe(pattern === '*')
    }
  })

  it('splits pattern text into literal runs and wildcards, with no empty runs', () => {
    expect(tokenizeWildcard('')).toEqual([])
    expect(tokenizeWildcard('a**b?')).toEqual(['a', ANY_RUN, ANY_RUN, 'b', ANY_CHAR])
    expect(tokenizeWildcard('?ab*')).toEqual([ANY_CHAR, 'ab', ANY_RUN])
  })

  it(`splits an ARN pattern at its first five colons, with no empty literal parts (${ARN})`, () => {
    expect(splitArnPatternGroups(tokenizeWildcard('arn:aws::*:1:a:b:c'))).toEqual([['arn'], ['aws'], [], [ANY_RUN], ['1'], ['a:b:c']])
    expect(splitArnPatternGroups(['arn:', ANY_RUN, ':s3:'])).toEqual([['arn'], [ANY_RUN], ['s3'], []])
  })
})

describe('literal text never turns into a wildcard', () => {
  it(`U+0000 in a substituted value stays literal, next to a real ? too (${VARS})`, () => {
    expect(compileWildcardParts('p', ['a\u0000b']).matches('axb')).toBe(false)
    expect(compileWildcardParts('p', ['a\u0000b']).matches('a\u0000b')).toBe(true)
    expect(compileWildcardParts('p', ['\u0000', ANY_CHAR]).matches('xy')).toBe(false)
    expect(compileWildcardParts('p', ['\u0000', ANY_CHAR]).matches('\u0000y')).toBe(true)
    expect(compileWildcardParts('p', ['\u0000\u0001', ANY_CHAR, ANY_RUN, '\u0002', ANY_CHAR, ANY_RUN]).matches('\u0000\u0001zq\u0002rs')).toBe(true)
    expect(compileWildcardParts('p', ['\u0000\u0001', ANY_CHAR, ANY_RUN, '\u0002', ANY_CHAR, ANY_RUN]).matches('\u0000\u0001zq\u0003rs')).toBe(false)
    expect(compileWildcardParts('p', [ANY_RUN, '\u0000', ANY_CHAR, 'b', ANY_RUN]).matches('xx\u0000\u0000bz')).toBe(true)
    expect(compileWildcardParts('p', [ANY_RUN, '\u0000', ANY_CHAR, 'b', ANY_RUN]).matches('xxa\u0000bz')).toBe(false)
  })

  it(`agrees with the naive matcher on parts whose literal text holds U+0000 and U+0001 (${VARS})`, () => {
    const parts = [ANY_RUN, ANY_CHAR, '\u0000', '\u0001', 'a'] as const
    const texts = allStrings(['\u0000', '\u0001', 'a'], 4)
    const mismatches: string[] = []
    for (const seq of allStrings(['0', '1', '2', '3', '4'], 4)) {
      const ps = [...seq].map((k) => parts[Number(k)] as (typeof parts)[number])
      const tokens: NaiveToken[] = ps.map((p) => (p === ANY_RUN ? { kind: 'star' } : p === ANY_CHAR ? { kind: 'one' } : { kind: 'char', ch: p }))
      const compiled = compileWildcardParts('p', ps)
      for (const t of texts) if (compiled.matches(t) !== naiveMatch(tokens, t)) mismatches.push(JSON.stringify([seq, t]))
    }
    expect(mismatches).toEqual([])
  })
})

describe('work reported by a match', () => {
  const steps = (pattern: string, text: string): number => meterWork(() => compileWildcard(pattern).matches(text)).work.matcherSteps

  it('counts the first and last segments, one per middle segment, and the text each search walked', () => {
    // 'a' + 'c' = 2, one for the middle segment, 'b' found at 3 after walking from 1: 3 - 1 + 1 = 3.
    expect(steps('a*b*c', 'aXXbYYc')).toBe(6)
    // A middle segment that is absent: the walk from 1 to the end (6) is counted.
    expect(steps('a*z*c', 'aXXbYYc')).toBe(8)
    // 'ab' first appears at 2, running into the last segment: not found, walk from 1 to 3 counted.
    expect(steps('x*ab*b', 'xbab')).toBe(5)
    expect(compileWildcard('x*ab*b').matches('xbab')).toBe(false)
  })

  it(`a ?-holding segment whose literal character the text lacks is ruled out by one scan, not a state update per character (${ACT})`, () => {
    // 2,049 pattern positions: the bit-parallel search alone updates up to 65 state words per character.
    const pattern = `*${'a?'.repeat(1024)}b*`
    const text = 'a'.repeat(100_000)
    const { value, work } = meterWork(() => compileWildcard(pattern).matches(text))
    expect(value).toBe(false)
    expect(work.matcherSteps).toBeLessThanOrEqual(3 * text.length + 10)
    // With the character present the search still runs, from where it can first match, and finds it.
    expect(compileWildcard(pattern).matches(`${text}b`)).toBe(true)
    expect(compileWildcard(pattern).matches(`b${text}`)).toBe(false)
    expect(compileWildcard('*a?c*').matches('xxcabcx')).toBe(true)
    expect(compileWildcard('*a?c*').matches('xxcab')).toBe(false)
  })
})
