/**
 * IAM wildcard matching: `*` = any run of characters (including `/` and `:`), `?` = exactly one character.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 *
 * INVARIANT: no regular expression is ever built from policy text. A pattern is split once into the
 * literal segments between `*`s; matching places each middle segment at its leftmost position after
 * the previous one (greedy leftmost is exact for `*`-separated segments), so the text pointer only
 * moves forward. Segments without `?` are found with `String.prototype.indexOf`; segments with `?`
 * by a bit-parallel Shift-And pass (shiftAnd.ts). Work is O(|text| + |pattern|) for `?`-free patterns
 * and at most O(|text| * ⌈|longest ?-segment| / 32⌉) otherwise, never exponential.
 */

import { addWork } from '../work.js'
import { compileShiftAnd } from './shiftAnd.js'
import type { ShiftAndPattern } from './shiftAnd.js'
import { sameIgnoringCase } from './foldCase.js'

/**
 * A compiled wildcard pattern.
 *
 * @example
 * const p: WildcardPattern = compileWildcard('arn:aws:s3:::logs-*')
 * p.literal // false; p.matches('arn:aws:s3:::logs-2024') // true
 */
export interface WildcardPattern {
  /** The pattern as written in the policy. */
  readonly source: string
  /** True when the pattern holds no `*` or `?`. */
  readonly literal: boolean
  matches(text: string): boolean
  /** Like `matches`, for text the caller has already lowercased (case-insensitive patterns only differ). */
  matchesFolded(foldedText: string): boolean
}

interface Segment {
  readonly text: string
  /** Whether the text holds the `?` stand-in (decided once, at compile time, not per search). */
  readonly hasAny: boolean
  /** Compiled on first use, for segments with `?` searched between two `*`s. */
  search?: ShiftAndPattern
  /** With `search`: a few literal characters of the segment and the offset of each one's first place in it. */
  anchors?: readonly Anchor[]
}

/** A literal character of a `?`-holding segment, at `offset` in it: every match has it there. */
interface Anchor {
  readonly char: string
  readonly offset: number
}

/** How many of a segment's literal characters are looked for before its bit-parallel search. */
const ANCHORS = 3

/** One piece of a wildcard pattern: literal text, or a `*` / `?` wildcard. */
export type WildcardPart = string | typeof ANY_RUN | typeof ANY_CHAR

/** The `*` wildcard as a pattern part. */
export const ANY_RUN: unique symbol = Symbol('*')
/** The `?` wildcard as a pattern part. */
export const ANY_CHAR: unique symbol = Symbol('?')

// INVARIANT: a `?` wildcard is stored inside segment text as one code unit that no literal part of
// the pattern holds (U+0000 unless the pattern's literal text has it, e.g. from a request value
// substituted into a policy variable), so a literal `?` (from the `${?}` escape or a substituted
// variable) and every other literal character stay literal. The same code unit in request text is
// simply matched by the wildcard like any character.

/** The lowest code unit absent from `literalText`: the pattern's stand-in for `?`. */
function wildcardCode(literalText: string): number {
  let code = 0
  while (literalText.includes(String.fromCharCode(code))) code++
  return code
}

/**
 * Compiles `pattern` once; with `caseInsensitive` the pattern is lowercased here and the text at match time.
 *
 * @example
 * const p = compileWildcard('s3:Get*', true)
 * p.matches('S3:GetObject') // true
 * p.matches('s3:PutObject') // false
 */
export function compileWildcard(pattern: string, caseInsensitive = false): WildcardPattern {
  // PERF: most patterns (an action name, an ARN) have no wildcard: no parts, no segments.
  if (!pattern.includes('*') && !pattern.includes('?')) return literalPattern(pattern, caseInsensitive ? pattern.toLowerCase() : pattern, caseInsensitive)
  return compileWildcardParts(pattern, tokenizeWildcard(pattern), caseInsensitive)
}

/** A pattern without wildcards (`folded`, already lowercased when case-insensitive): equality, after folding the text. */
function literalPattern(source: string, folded: string, caseInsensitive: boolean): WildcardPattern {
  const matchesFolded = (t: string): boolean => t === folded
  return { source, literal: true, matches: caseInsensitive ? (t) => sameIgnoringCase(t, folded) : matchesFolded, matchesFolded }
}

/** Splits pattern text into literal runs and `*` / `?` wildcards. */
export function tokenizeWildcard(pattern: string): WildcardPart[] {
  // A fixed expression over the policy text (never one built from it): odd pieces are the wildcards.
  return pattern
    .split(/([*?])/)
    .filter((piece) => piece !== '')
    .map((piece) => (piece === '*' ? ANY_RUN : piece === '?' ? ANY_CHAR : piece))
}

/** Compiles a pattern given as parts (literal text keeps `*` and `?` literal). */
export function compileWildcardParts(source: string, parts: readonly WildcardPart[], caseInsensitive = false): WildcardPattern {
  const fold = caseInsensitive ? (text: string) => text.toLowerCase() : (text: string) => text
  const literals = parts.map((part) => (typeof part === 'string' ? fold(part) : ''))
  const anyCode = wildcardCode(literals.join(''))
  const any = String.fromCharCode(anyCode)
  const segments: Segment[] = []
  let current = ''
  parts.forEach((part, i) => {
    if (part === ANY_RUN) {
      segments.push({ text: current, hasAny: current.includes(any) })
      current = ''
    } else current += part === ANY_CHAR ? any : (literals[i] as string)
  })
  segments.push({ text: current, hasAny: current.includes(any) })
  if (segments.length === 1 && !current.includes(any)) {
    return literalPattern(source, current, caseInsensitive)
  }
  const matcher: Matcher = { segments, anyCode, any }
  if (segments.length === 1) {
    const matchesFolded = (t: string): boolean => t.length === current.length && segmentAt(matcher, current, t, 0)
    return { source, literal: false, matches: (text) => matchesFolded(fold(text)), matchesFolded }
  }
  return { source, literal: false, matches: (text) => matchSegments(matcher, fold(text)), matchesFolded: (text) => matchSegments(matcher, text) }
}

/** A compiled non-literal pattern: its `*`-separated segments and the code unit standing for `?` in them. */
interface Matcher {
  readonly segments: readonly Segment[]
  readonly anyCode: number
  readonly any: string
}

/**
 * Matches a `*`-separated segment list (at least two segments) against `text`: the first segment at
 * the start, the last at the end, each middle one at its leftmost place after the previous one.
 */
function matchSegments(matcher: Matcher, text: string): boolean {
  const { segments } = matcher
  const first = segments[0] as Segment
  const last = segments[segments.length - 1] as Segment
  const end = text.length - last.text.length
  let pos = first.text.length
  // The first and last segments must fit without overlapping; past this, every search stays within
  // [pos, end], so `pos` never passes `end`.
  if (pos > end || !segmentAt(matcher, first.text, text, 0) || !segmentAt(matcher, last.text, text, end)) return false
  // Work: the text the middle segments were searched through, one step per segment at least.
  let steps = first.text.length + last.text.length
  for (let i = 1; i < segments.length - 1; i++) {
    const seg = segments[i] as Segment
    steps++
    const found = findSegment(matcher, seg, text, pos, end)
    if (found < 0) {
      addWork('matcherSteps', steps + end - pos)
      return false
    }
    steps += found + seg.text.length - pos
    pos = found + seg.text.length
  }
  addWork('matcherSteps', steps)
  return true
}

/** Leftmost index >= from where `seg` matches and ends at or before `end`, or -1. */
function findSegment(matcher: Matcher, seg: Segment, text: string, from: number, end: number): number {
  const len = seg.text.length
  if (!seg.hasAny) {
    // indexOf answers -1 when the segment is absent, and -1 + len <= end then keeps it -1.
    const found = text.indexOf(seg.text, from)
    return found + len <= end ? found : -1
  }
  // PERF: bit-parallel search, O(|text| * ⌈len/32⌉) instead of trying every start position in turn.
  seg.search ??= compileShiftAnd(seg.text, matcher.anyCode)
  seg.anchors ??= anchorsOf(seg.text, matcher.anyCode)
  // PERF: a match at i has each anchor at i + offset, so the search starts no earlier than the first
  // place of every anchor, and not at all when one is missing: a linear scan of one character each
  // (indexOf), far cheaper than the state updates of a long segment.
  let start = from
  for (const a of seg.anchors) {
    const at = text.indexOf(a.char, from + a.offset)
    addWork('matcherSteps', (at < 0 ? end : at) - from)
    if (at < 0 || at - a.offset + len > end) return -1
    if (at - a.offset > start) start = at - a.offset
  }
  return seg.search.find(text, start, end)
}

/** Up to ANCHORS distinct literal characters of `segment`, the rarest in it first (likely the rarest in the text too). */
function anchorsOf(segment: string, anyCode: number): Anchor[] {
  const seen = new Map<number, { offset: number; count: number }>()
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i)
    if (c === anyCode) continue
    const known = seen.get(c)
    if (known === undefined) seen.set(c, { offset: i, count: 1 })
    else known.count++
  }
  return [...seen]
    .sort((x, y) => x[1].count - y[1].count || x[1].offset - y[1].offset)
    .slice(0, ANCHORS)
    .map(([c, { offset }]) => ({ char: String.fromCharCode(c), offset }))
}

/** True when `s` (with the `?` stand-in matching any one character) matches `text` at `at`; the callers check that it fits. */
function segmentAt(matcher: Matcher, s: string, text: string, at: number): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c !== matcher.anyCode && c !== text.charCodeAt(at + i)) return false
  }
  return true
}
