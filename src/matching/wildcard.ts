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
  readonly hasQuestion: boolean
  /** Compiled on first use, for segments with `?` searched between two `*`s. */
  search?: ShiftAndPattern
}

/** One piece of a wildcard pattern: literal text, or a `*` / `?` wildcard. */
export type WildcardPart = string | typeof ANY_RUN | typeof ANY_CHAR

/** The `*` wildcard as a pattern part. */
export const ANY_RUN: unique symbol = Symbol('*')
/** The `?` wildcard as a pattern part. */
export const ANY_CHAR: unique symbol = Symbol('?')

// INVARIANT: a `?` wildcard is stored as U+0000 inside segment text, so that a literal `?` (from the
// `${?}` escape or a substituted variable) stays literal. Policy text cannot contain U+0000 (IAM's
// character set), and U+0000 in request text is simply matched by the wildcard like any character.
const ANY_CHAR_CODE = 0

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
  return { source, literal: true, matches: caseInsensitive ? (t) => t.toLowerCase() === folded : matchesFolded, matchesFolded }
}

/** Splits pattern text into literal runs and `*` / `?` wildcards. */
export function tokenizeWildcard(pattern: string): WildcardPart[] {
  const parts: WildcardPart[] = []
  let start = 0
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i)
    if (c === 42 || c === 63) {
      if (i > start) parts.push(pattern.slice(start, i))
      parts.push(c === 42 ? ANY_RUN : ANY_CHAR)
      start = i + 1
    }
  }
  if (start < pattern.length) parts.push(pattern.slice(start))
  return parts
}

/** Compiles a pattern given as parts (literal text keeps `*` and `?` literal). */
export function compileWildcardParts(source: string, parts: readonly WildcardPart[], caseInsensitive = false): WildcardPattern {
  const fold = caseInsensitive ? (text: string) => text.toLowerCase() : (text: string) => text
  const segments: Segment[] = []
  let current = ''
  let hasQuestion = false
  let literal = true
  for (const part of parts) {
    if (part === ANY_RUN) {
      segments.push({ text: current, hasQuestion })
      current = ''
      hasQuestion = false
      literal = false
    } else if (part === ANY_CHAR) {
      current += String.fromCharCode(ANY_CHAR_CODE)
      hasQuestion = true
      literal = false
    } else {
      current += caseInsensitive ? part.toLowerCase() : part
    }
  }
  segments.push({ text: current, hasQuestion })
  if (literal) return literalPattern(source, current, caseInsensitive)
  if (segments.length > 1 && segments.every((seg) => seg.text.length === 0)) {
    return { source, literal: false, matches: () => true, matchesFolded: () => true }
  }
  if (segments.length === 1) {
    const only = segments[0] as Segment
    const matchesFolded = (t: string): boolean => t.length === only.text.length && segmentAt(only, t, 0)
    return { source, literal: false, matches: (text) => matchesFolded(fold(text)), matchesFolded }
  }
  return { source, literal: false, matches: (text) => matchSegments(segments, fold(text)), matchesFolded: (text) => matchSegments(segments, text) }
}

/** Matches a `*`-separated segment list (at least two segments) against `text`. */
function matchSegments(segments: readonly Segment[], text: string): boolean {
  const first = segments[0] as Segment
  const last = segments[segments.length - 1] as Segment
  if (first.text.length + last.text.length > text.length) return false
  if (!segmentAt(first, text, 0)) return false
  const end = text.length - last.text.length
  if (!segmentAt(last, text, end)) return false
  let pos = first.text.length
  // Work: the text the middle segments were searched through, one step per segment at least.
  let steps = first.text.length + last.text.length
  for (let i = 1; i < segments.length - 1; i++) {
    const seg = segments[i] as Segment
    steps++
    if (seg.text.length === 0) continue
    const found = findSegment(seg, text, pos, end)
    if (found < 0) {
      addWork('matcherSteps', steps + end - pos)
      return false
    }
    steps += found + seg.text.length - pos
    pos = found + seg.text.length
  }
  addWork('matcherSteps', steps)
  return pos <= end
}

/** Leftmost index >= from where `seg` matches and ends at or before `end`, or -1. */
function findSegment(seg: Segment, text: string, from: number, end: number): number {
  const len = seg.text.length
  if (!seg.hasQuestion) {
    const found = text.indexOf(seg.text, from)
    return found >= 0 && found + len <= end ? found : -1
  }
  // PERF: bit-parallel search, O(|text| * ⌈len/32⌉) instead of trying every start position in turn.
  seg.search ??= compileShiftAnd(seg.text, ANY_CHAR_CODE)
  return seg.search.find(text, from, end)
}

/** True when `seg` (with `?` matching any one character) matches `text` at `at`. */
function segmentAt(seg: Segment, text: string, at: number): boolean {
  const s = seg.text
  if (!seg.hasQuestion) return text.startsWith(s, at)
  if (at + s.length > text.length) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c !== ANY_CHAR_CODE && c !== text.charCodeAt(at + i)) return false
  }
  return true
}
