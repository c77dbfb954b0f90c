/**
 * Splitting ARN patterns into their six colon-delimited parts (`arn`, partition, service,
 * region, account, resource — the resource part keeps any further colons). Shared by the Resource
 * element matcher and the Arn* condition operators.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
import type { WildcardPart } from './wildcard.js'

/** Splits wildcard parts at the first five colons of their literal text into at most six groups. */
export function splitArnPatternGroups(parts: readonly WildcardPart[]): WildcardPart[][] {
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
