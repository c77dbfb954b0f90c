/**
 * Resource (ARN) matching. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 *
 * AWS documents two corners loosely, so each pattern is read two ways and the result is three-valued:
 * - strict: segment by segment (only a `*` ending a segment may cross `:`), case-sensitive;
 * - loose: one whole-string glob, case-insensitive (the 2023 guide called user names case-insensitive).
 * strict true => `true`; loose false => `false`; otherwise `unknown`, which a Deny applies and an Allow
 * does not (fail closed, docs/semantics.md#resource-arn).
 */
import { splitArnPatternGroups } from '../matching/arnParts.js'
import { ANY_RUN, compileWildcardParts } from '../matching/wildcard.js'
import type { WildcardPart, WildcardPattern } from '../matching/wildcard.js'
import type { Tri } from '../trace/types.js'

/** A resource pattern compiled both ways. */
export interface ArnPattern {
  readonly source: string
  /** `resourceLower` is the resource lowercased, computed once per request by the caller. */
  match(resource: string, resourceLower?: string): Tri
}

/** Compiles a resource pattern given as wildcard parts (after policy-variable substitution). */
export function compileArnPatternParts(source: string, parts: readonly WildcardPart[]): ArnPattern {
  // PERF: `"Resource": "*"` (the most common pattern) matches every resource without reading it.
  if (parts.length === 1 && parts[0] === ANY_RUN) return { source, match: () => 'true' }
  const loose = compileWildcardParts(source, parts, true)
  if (loose.literal) {
    // PERF: without wildcards the strict reading is string equality (every segment, and the resource
    // part, must equal the text's) and the loose reading is equality ignoring case.
    const text = parts.join('')
    return { source, match: (resource, resourceLower = resource.toLowerCase()) => (resource === text ? 'true' : loose.matchesFolded(resourceLower) ? 'unknown' : 'false') }
  }
  const strict = compileStrictArnPattern(source, parts)
  return {
    source,
    // PERF: strict implies loose, so the single loose glob rejects most patterns before the segment walk.
    match: (resource, resourceLower = resource.toLowerCase()) => (!loose.matchesFolded(resourceLower) ? 'false' : strict(resource) ? 'true' : 'unknown'),
  }
}

/**
 * The strict reading: the pattern's colon-separated segments match the text's colon-separated pieces one
 * to one; `*` and `?` stay inside their piece, except that a `*` ending one of the first five segments may
 * also absorb the colons and pieces after it, and the sixth segment (the resource part) matches the whole
 * rest of the text. Decided by a table over (segment, piece) that each piece enters at most six times, so
 * the work stays linear in the text.
 */
function compileStrictArnPattern(source: string, parts: readonly WildcardPart[]): (resource: string) => boolean {
  const groups = splitArnPatternGroups(parts)
  const segments = groups.map((g) => compileWildcardParts(source, g, false))
  if (groups.length === 6 && segments.slice(0, 5).every((s) => s.literal)) {
    // PERF: literal first five segments (the common `arn:aws:s3:::bucket/*`) never cross a colon: the
    // text must start with them, and the resource part matches the rest.
    const prefix = `${groups.slice(0, 5).map((g) => g.join('')).join(':')}:`
    const rest = segments[5] as WildcardPattern
    return (resource) => resource.startsWith(prefix) && rest.matches(resource.slice(prefix.length))
  }
  // Only the first five segments can end in a crossing `*`: the resource part takes the rest anyway.
  const crossing = groups.map((g) => g[g.length - 1] === ANY_RUN)
  const last = groups.length - 1
  const lastSegment = segments[last] as WildcardPattern
  const table = (resource: string): boolean => {
    // Offsets where each colon-separated piece of the text starts (plus one past the end).
    const starts = [0]
    for (let i = resource.indexOf(':'); i >= 0; i = resource.indexOf(':', i + 1)) starts.push(i + 1)
    const pieces = starts.length
    starts.push(resource.length + 1)
    const piece = (j: number): string => resource.slice(starts[j] as number, (starts[j + 1] as number) - 1)
    // reach[j] = 1: segments g.. match pieces j.. (computed from the last segment backwards). The last
    // segment takes everything from piece j on: as the resource part, or through a final crossing `*`
    // (which then only needs to match piece j), or else it must match the last piece alone.
    let reach = new Uint8Array(pieces)
    for (let j = last; j < pieces; j++) {
      reach[j] = (last === 5 ? lastSegment.matches(resource.slice(starts[j])) : (crossing[last] === true || j === pieces - 1) && lastSegment.matches(piece(j))) ? 1 : 0
    }
    for (let g = last - 1; g >= 0; g--) {
      const next = reach
      reach = new Uint8Array(pieces)
      const seg = segments[g] as WildcardPattern
      // anyLater: some later piece can start segment g + 1 (a crossing `*` may end in any of them).
      let anyLater = 0
      // Segments before g each take at least one piece, so piece j < g cannot start segment g.
      for (let j = pieces - 1; j >= g; j--) {
        anyLater |= next[j + 1] as number
        if (seg.matches(piece(j))) reach[j] = crossing[g] === true ? anyLater : (next[j + 1] as number)
      }
    }
    return reach[0] === 1
  }
  if (groups.length !== 6) return table
  // PERF: a crossing `*` only widens what a segment may take; most texts match (or fail to match) one
  // segment per colon-separated piece, which needs no table. Only a miss there goes to the table.
  return (resource) => onePiecePerSegment(segments, resource) || table(resource)
}

/**
 * Whether six segments match the text's first five colon-separated pieces and the rest, one to one.
 * Called only after the loose glob matched, so the text holds the pattern's five literal colons.
 */
function onePiecePerSegment(segments: readonly WildcardPattern[], resource: string): boolean {
  let start = 0
  for (let g = 0; g < 5; g++) {
    const colon = resource.indexOf(':', start)
    if (!(segments[g] as WildcardPattern).matches(resource.slice(start, colon))) return false
    start = colon + 1
  }
  return (segments[5] as WildcardPattern).matches(resource.slice(start))
}
