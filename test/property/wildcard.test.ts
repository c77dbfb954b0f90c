/**
 * The linear-time wildcard matcher agrees with a naive dynamic-programming matcher on generated
 * pattern/text pairs, case-sensitive and case-insensitive, from pattern text and from parts (where
 * literal `*` and `?` stay literal); the ARN matcher agrees with the reference's segment-aware reading.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileArnPatternParts } from '../../src/compile/matchResource.js'
import { ANY_CHAR, ANY_RUN, compileWildcard, compileWildcardParts, tokenizeWildcard } from '../../src/matching/wildcard.js'
import type { WildcardPart } from '../../src/matching/wildcard.js'
import { matchText, patternText, propertyParams } from '../helpers/arbitraries.js'
import { Tally } from '../helpers/tally.js'
import { naiveGlob, naiveMatch } from '../reference/naiveWildcard.js'
import type { NaiveToken } from '../reference/naiveWildcard.js'
import { arnPatternMatches as arnTri } from '../reference/matching.js'
import { compileShiftAnd } from '../../src/matching/shiftAnd.js'
import { tokensOf } from '../reference/naiveWildcard.js'

const ACT = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html'
const RES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html'

/** Text likely to match the pattern: the pattern with wildcards replaced by random text. */
const pairArb = fc.oneof(
  fc.tuple(patternText, matchText),
  patternText.chain((p) =>
    fc.tuple(fc.constant(p), fc.array(matchText, { minLength: 8, maxLength: 8 })).map(([pattern, fills]) => {
      let i = 0
      return [pattern, [...pattern].map((c) => (c === '*' ? (fills[i++ % 8] ?? '') : c === '?' ? 'x' : c)).join('')] as [string, string]
    }),
  ),
)

const partArb: fc.Arbitrary<WildcardPart> = fc.oneof(fc.constant(ANY_RUN), fc.constant(ANY_CHAR), fc.string({ unit: fc.constantFrom('a', 'A', '*', '?', 'b'), minLength: 1, maxLength: 3 }))

function partsToTokens(parts: readonly WildcardPart[], fold: boolean): NaiveToken[] {
  return parts.flatMap((p): NaiveToken[] => (p === ANY_RUN ? [{ kind: 'star' }] : p === ANY_CHAR ? [{ kind: 'one' }] : [...(fold ? p.toLowerCase() : p)].map((ch) => ({ kind: 'char', ch }))))
}

describe('wildcard matcher vs naive matcher', () => {
  it(`agrees case-sensitively on pattern text (${ACT})`, () => {
    fc.assert(fc.property(pairArb, ([p, t]) => compileWildcard(p).matches(t) === naiveGlob(p, t)), propertyParams(1000))
  })

  it(`agrees case-insensitively on pattern text (${ACT})`, () => {
    fc.assert(fc.property(pairArb, ([p, t]) => compileWildcard(p, true).matches(t) === naiveGlob(p, t, true)), propertyParams(1000))
  })

  it(`agrees on parts, where literal * and ? stay literal (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)`, () => {
    fc.assert(
      fc.property(fc.array(partArb, { maxLength: 6 }), matchText, fc.boolean(), (parts, text, ci) => {
        const engine = compileWildcardParts('p', parts, ci).matches(text)
        const naive = naiveMatch(partsToTokens(parts, ci), ci ? text.toLowerCase() : text)
        expect(engine).toBe(naive)
      }),
      propertyParams(1000),
    )
  })

  it(`a pattern always matches itself once its wildcards are read literally (${ACT})`, () => {
    fc.assert(fc.property(patternText, (p) => compileWildcard(p).matches(p) && naiveMatch(tokensOf(p), p)), propertyParams())
  })
})

const arnSegment = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '*', '?', '/', ':'), maxLength: 4 })
const arnTextSegment = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '/', ':'), maxLength: 4 })
// Every pattern is ARN-shaped (the engine reads any other pattern as unknown before it reaches the
// ARN matcher, resourceElement.ts), so no run is wasted.
const arnPatternArb = fc.oneof(
  fc.array(arnSegment, { minLength: 5, maxLength: 7 }).map((s) => ['arn', ...s].join(':')),
  fc.tuple(fc.constantFrom('a', '*', 'a*', '?'), fc.constantFrom('s', 's*', '*'), fc.array(arnSegment, { minLength: 3, maxLength: 5 })).map(([p, svc, rest]) => ['arn', p, svc, ...rest].join(':')),
  fc.tuple(fc.constantFrom('a', 'A', 'a*'), fc.constantFrom('', 'b', 'a*', '*'), fc.constantFrom('', 'a', 'b*'), arnSegment).map(([p, region, account, res]) => ['arn', p, 's', region, account, res].join(':')),
)
const arnTextArb = fc.oneof(
  fc.array(arnTextSegment, { minLength: 6, maxLength: 8 }).map((s) => s.join(':')),
  fc.tuple(fc.constantFrom('a', 'A', 'ab'), fc.constantFrom('s', 'sx'), fc.array(arnTextSegment, { minLength: 3, maxLength: 5 })).map(([p, svc, rest]) => ['arn', p, svc, ...rest].join(':')),
)

/** A pattern and a text: unrelated, or the pattern with its wildcards filled in (sometimes across colons, sometimes in another case). */
const arnPairArb: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(arnPatternArb, arnTextArb),
  fc.tuple(arnPatternArb, fc.array(arnTextSegment, { minLength: 8, maxLength: 8 }), fc.boolean()).map(([pattern, fills, upper]): [string, string] => {
    let i = 0
    const text = [...pattern].map((c) => (c === '*' ? (fills[i++ % 8] ?? '') : c === '?' ? 'b' : c)).join('')
    return [pattern, upper ? text.toUpperCase().replace(/^ARN/, 'arn') : text]
  }),
)

describe('resource ARN matcher vs the reference reading', () => {
  const tally = new Tally('ARN matcher vs reference')
  it(`agrees three-valued: strict segment-aware (only a segment-final * crosses colons), loose whole-string case-insensitive (${RES})`, () => {
    fc.assert(
      fc.property(arnPairArb, ([pattern, text]) => {
        if (!pattern.startsWith('arn:') || pattern.split(':').length < 6) return tally.skip()
        const expected = arnTri(tokensOf(pattern), text)
        expect(compileArnPatternParts(pattern, tokenizeWildcard(pattern)).match(text)).toBe(expected)
        tally.ran(expected)
      }),
      propertyParams(1000),
    )
    tally.check({ true: 0.05, false: 0.2 })
  })
})

describe('bit-parallel search of ?-segments', () => {
  const segText = fc.string({ unit: fc.constantFrom('a', 'b', '?', 'é'), minLength: 1, maxLength: 100 })
  const longText = fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'c'), maxLength: 300 })

  it(`agrees with the naive matcher on *segment* patterns with ? across word boundaries (${ACT})`, () => {
    fc.assert(
      fc.property(segText, longText, (seg, text) => {
        const pattern = `*${seg}*`
        expect(compileWildcard(pattern).matches(text)).toBe(naiveGlob(pattern, text))
      }),
      propertyParams(500),
    )
  })

  it(`finds the leftmost occurrence with dense and with sparse masks (${ACT})`, () => {
    fc.assert(
      fc.property(segText, longText, fc.nat({ max: 300 }), (seg, text, from) => {
        const coded = seg.replaceAll('?', '\u0000')
        const naive = (): number => {
          for (let i = from; i + seg.length <= text.length; i++) if (naiveMatch(tokensOf(seg), text.slice(i, i + seg.length))) return i
          return -1
        }
        const expected = naive()
        expect(compileShiftAnd(coded, 0).find(text, from, text.length)).toBe(expected)
        expect(compileShiftAnd(coded, 0, 0).find(text, from, text.length)).toBe(expected)
      }),
      propertyParams(500),
    )
  })
})
