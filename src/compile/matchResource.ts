/**
 * Resource (ARN) matching. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 *
 * AWS documents two corners loosely, so each pattern is read two ways and the result is three-valued:
 * - strict: segment by segment (only a `*` ending a segment may cross `:`), case-sensitive;
 * - loose: one whole-string glob, case-insensitive (the 2023 guide called user names case-insensitive).
 * strict true => `true`; loose false => `false`; otherwise `unknown`, which a Deny applies and an Allow
 * does not (fail closed, semantics reference §2.2 and open questions 5 and 6).
 */
import { ANY_RUN, compileWildcardParts, tokenizeWildcard } from '../matching/wildcard.js'
import type { WildcardPart, WildcardPattern } from '../matching/wildcard.js'
import type { Tri } from '../trace/types.js'

/** A resource pattern compiled both ways. */
export interface ArnPattern {
  readonly source: string
  match(resource: string): Tri
}

/** Compiles resource pattern text with no policy variables. */
export function compileArnPattern(pattern: string): ArnPattern {
  return compileArnPatternParts(pattern, tokenizeWildcard(pattern))
}

/** Compiles a resource pattern given as wildcard parts (after policy-variable substitution). */
export function compileArnPatternParts(source: string, parts: readonly WildcardPart[]): ArnPattern {
  const loose = compileWildcardParts(source, parts, true)
  const whole = compileWildcardParts(source, parts, false)
  const groups = splitArnGroups(parts)
  const segments = groups.length === 6 ? groups.map((g) => compileWildcardParts(source, g, false)) : undefined
  const lastGroup = groups[groups.length - 1] ?? []
  const crossesAtEnd = lastGroup[lastGroup.length - 1] === ANY_RUN
  const strict = (resource: string): boolean => {
    if (segments === undefined) return crossesAtEnd || groups.length === 1 ? whole.matches(resource) : false
    const text = splitArnText(resource)
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

/** Splits parts at the first five `:` of literal text into at most six groups. */
function splitArnGroups(parts: readonly WildcardPart[]): WildcardPart[][] {
  const groups: WildcardPart[][] = [[]]
  for (const part of parts) {
    if (typeof part !== 'string') {
      ;(groups[groups.length - 1] as WildcardPart[]).push(part)
      continue
    }
    let rest = part
    while (groups.length < 6) {
      const colon = rest.indexOf(':')
      if (colon < 0) break
      if (colon > 0) (groups[groups.length - 1] as WildcardPart[]).push(rest.slice(0, colon))
      groups.push([])
      rest = rest.slice(colon + 1)
    }
    if (rest !== '') (groups[groups.length - 1] as WildcardPart[]).push(rest)
  }
  return groups
}

/** Splits an ARN at its first five colons, or undefined when it has fewer. */
function splitArnText(text: string): string[] | undefined {
  const out: string[] = []
  let start = 0
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start)
    if (colon < 0) return undefined
    out.push(text.slice(start, colon))
    start = colon + 1
  }
  out.push(text.slice(start))
  return out
}
