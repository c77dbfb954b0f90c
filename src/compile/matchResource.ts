/**
 * Resource (ARN) matching. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 *
 * AWS documents two corners loosely, so each pattern is read two ways and the result is three-valued:
 * - strict: segment by segment (only a `*` ending a segment may cross `:`), case-sensitive;
 * - loose: one whole-string glob, case-insensitive (the 2023 guide called user names case-insensitive).
 * strict true => `true`; loose false => `false`; otherwise `unknown`, which a Deny applies and an Allow
 * does not (fail closed, semantics reference §2.2 and open questions 5 and 6).
 */
import { splitArnParts, splitArnPatternGroups } from '../matching/arnParts.js'
import { ANY_RUN, compileWildcardParts } from '../matching/wildcard.js'
import type { WildcardPart, WildcardPattern } from '../matching/wildcard.js'
import type { Tri } from '../trace/types.js'

/** A resource pattern compiled both ways. */
export interface ArnPattern {
  readonly source: string
  match(resource: string): Tri
}

/** Compiles a resource pattern given as wildcard parts (after policy-variable substitution). */
export function compileArnPatternParts(source: string, parts: readonly WildcardPart[]): ArnPattern {
  const loose = compileWildcardParts(source, parts, true)
  const whole = compileWildcardParts(source, parts, false)
  const groups = splitArnPatternGroups(parts)
  const segments = groups.length === 6 ? groups.map((g) => compileWildcardParts(source, g, false)) : undefined
  const lastGroup = groups[groups.length - 1] ?? []
  const crossesAtEnd = lastGroup[lastGroup.length - 1] === ANY_RUN
  const strict = (resource: string): boolean => {
    if (segments === undefined) return crossesAtEnd || groups.length === 1 ? whole.matches(resource) : false
    const text = splitArnParts(resource)
    if (text === undefined) return whole.matches(resource)
    for (let i = 0; i < 6; i++) {
      if (!(segments[i] as WildcardPattern).matches(text[i] as string)) {
        const group = groups[i] as WildcardPart[]
        // A `*` that ends a segment may expand across later colons.
        return i < 5 && group[group.length - 1] === ANY_RUN && whole.matches(resource)
      }
    }
    return true
  }
  return {
    source,
    match: (resource) => (strict(resource) ? 'true' : loose.matches(resource) ? 'unknown' : 'false'),
  }
}
