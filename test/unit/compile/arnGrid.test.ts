/**
 * The resource ARN matcher against the reference reading over a fixed grid of ARN-shaped patterns
 * and texts (no random runs): 1 to 7 colon-separated groups, segments that are empty, literal in
 * either case, `*` or `?` at either end, and resource parts holding further colons; texts that fill
 * each pattern's wildcards (within a piece, across colons, in the other case) and unrelated ones.
 * Strict reading: segment by segment, only a `*` ending one of the first five segments crosses `:`,
 * the sixth segment (the resource part) takes the rest; loose reading: a whole-string glob ignoring
 * case. True when strict matches, false when loose does not, unknown in between.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
import { describe, expect, it } from 'vitest'
import { compileArnPatternParts } from '../../../src/compile/matchResource.js'
import { tokenizeWildcard } from '../../../src/matching/wildcard.js'
import type { WildcardPart } from '../../../src/matching/wildcard.js'
import { arnPatternMatches } from '../../reference/matching.js'
import { tokensOf } from '../../reference/naiveWildcard.js'

/** A small deterministic generator (mulberry32), so the grid is the same on every run. */
function generator(seed: number): (n: number) => number {
  let a = seed >>> 0
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (((t ^ (t >>> 14)) >>> 0) % n) >>> 0
  }
}

const LITERAL = ['', 'a', 'A', 'b', 'ab']
const WILD = ['*', 'a*', '*a', '?', 'a?', '?*', '*?', 'a*b', '**']
const RESOURCE_EXTRA = ['a:b', '*:a', 'a:*', 'a:?', '*:*', ':', 'a::b']
const STAR_FILLS = ['', 'a', 'b', 'A', ':', 'a:', ':a', 'a:b', '::', 'ab']
const ONE_FILLS = ['a', 'A', 'b', ':']
const PIECES = ['', 'a', 'A', 'b', 'ab', 'aa']

/** Patterns: every group count from 1 to 7, each segment literal or wildcard, first five sometimes all literal. */
function patterns(): string[] {
  const pick = generator(20261206)
  const out = new Set<string>(['*', '?', '**', 'a', 'A', '', ':', '*:', ':*', 'a:*', '*a', 'A*', '*:*:*:*:*:*', ':::::', 'a:a:a:a:a:a', '*:a:a:a:a:a'])
  for (let groups = 1; groups <= 7; groups++) {
    for (let n = 0; n < 260; n++) {
      const literalPrefix = pick(3) === 0
      const segs: string[] = []
      for (let g = 0; g < groups; g++) {
        const resourcePart = g === groups - 1 && groups >= 6
        const from = literalPrefix && g < 5 ? LITERAL : pick(2) === 0 ? LITERAL : resourcePart && pick(2) === 0 ? RESOURCE_EXTRA : WILD
        segs.push(from[pick(from.length)] as string)
      }
      out.add(segs.join(':'))
    }
  }
  return [...out]
}

/** Texts for one pattern: its wildcards filled in (case sometimes flipped), plus shared colon-separated texts. */
function textsFor(pattern: string, pick: (n: number) => number, shared: readonly string[]): string[] {
  const out = new Set<string>(shared)
  for (let k = 0; k < 14; k++) {
    const flip = k % 3 === 2
    let text = ''
    for (const c of pattern) {
      if (c === '*') text += STAR_FILLS[pick(STAR_FILLS.length)] as string
      else if (c === '?') text += ONE_FILLS[pick(ONE_FILLS.length)] as string
      else text += flip && pick(2) === 0 ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c
    }
    out.add(text)
    // One more or one fewer colon-separated piece at the end.
    out.add(`${text}:${PIECES[pick(PIECES.length)] as string}`)
    const cut = text.lastIndexOf(':')
    if (cut >= 0) out.add(text.slice(0, cut))
  }
  return [...out]
}

function sharedTexts(): string[] {
  const pick = generator(7)
  const out = new Set<string>(['', ':', 'a', 'A', ':::::', 'a:a:a:a:a:a', 'A:A:A:A:A:A', 'a:a:a:a:a:a:a'])
  for (let pieces = 1; pieces <= 8; pieces++) {
    for (let n = 0; n < 3; n++) out.add(Array.from({ length: pieces }, () => PIECES[pick(PIECES.length)] as string).join(':'))
  }
  return [...out]
}

/** The same pattern as parts, with its literal runs cut in two at a chosen place (as substituted variables leave them). */
function cutParts(parts: readonly WildcardPart[], pick: (n: number) => number): WildcardPart[] {
  return parts.flatMap((p) => {
    if (typeof p !== 'string' || p.length < 2) return [p]
    const at = 1 + pick(p.length - 1)
    return [p.slice(0, at), p.slice(at)]
  })
}

describe('resource ARN matcher over a fixed grid of patterns and texts', () => {
  it('agrees three-valued with the reference reading, with and without the lowercased text given', () => {
    const pick = generator(42)
    const shared = sharedTexts()
    const tally = { true: 0, false: 0, unknown: 0 }
    const disagreements: string[] = []
    for (const pattern of patterns()) {
      const tokens = tokensOf(pattern)
      const parts = tokenizeWildcard(pattern)
      const whole = compileArnPatternParts(pattern, parts)
      const cut = compileArnPatternParts(pattern, cutParts(parts, pick))
      for (const text of textsFor(pattern, pick, shared)) {
        const expected = arnPatternMatches(tokens, text)
        tally[expected]++
        const got = [whole.match(text), whole.match(text, text.toLowerCase()), cut.match(text)]
        if (got.some((g) => g !== expected)) disagreements.push(`${JSON.stringify(pattern)} vs ${JSON.stringify(text)}: expected ${expected}, got ${got.join('/')}`)
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([])
    // The grid reaches all three answers in numbers (a grid of mostly `false` would prove little).
    expect(tally.true).toBeGreaterThan(2000)
    expect(tally.unknown).toBeGreaterThan(500)
    expect(tally.false).toBeGreaterThan(2000)
  })
})

describe('resource ARN matcher, cases the grid does not reach', () => {
  const arn = (pattern: string, text: string) => compileArnPatternParts(pattern, tokenizeWildcard(pattern)).match(text)
  it.each([
    // Each wildcard segment must match its own piece, not the whole text: `a*` does not match `A` (case counts).
    ['a*:a*:*:*:*:*', 'ab:A:x:x:x:x', 'unknown'],
    ['a*:a*:*:*:*:*', 'ab:ab:x:x:x:x', 'true'],
    // A `*` ending a segment crosses colons; a `*` inside one does not.
    ['*:b:*:*:*:*', 'a:x:b:c:d:e:f', 'true'],
    ['*a:b:*:*:*:*', 'x:a:b:c:d:e:f', 'unknown'],
  ])('%s against %s: %s', (pattern, text, expected) => {
    expect(arn(pattern, text)).toBe(expected)
    expect(arnPatternMatches(tokensOf(pattern), text)).toBe(expected)
  })
})
