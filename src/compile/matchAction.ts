/**
 * Action matching: `service:Action`, both parts case-insensitive, `*` and `?` wildcards anywhere.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { compileWildcard } from '../matching/wildcard.js'
import type { WildcardPattern } from '../matching/wildcard.js'
import type { ActionElement } from '../policy/types.js'

/** A compiled Action / NotAction element. */
export interface ActionMatcher {
  readonly negated: boolean
  readonly pointer: string
  readonly sources: readonly string[]
  /** Lowercased service prefixes this element can match, or undefined when it can match any service. */
  readonly services: readonly string[] | undefined
  /** Matches a lowercased action. */
  matches(actionLower: string): boolean
}

/** Compiles an Action / NotAction element (patterns lowercased once). */
export function compileActionMatcher(element: ActionElement): ActionMatcher {
  const patterns: WildcardPattern[] = element.patterns.map((p) => compileWildcard(p.value.toLowerCase()))
  const negated = element.kind === 'notAction'
  const services = negated ? undefined : servicesOf(element.patterns.map((p) => p.value.toLowerCase()))
  const anyMatch = (action: string): boolean => {
    for (const p of patterns) if (p.matches(action)) return true
    return false
  }
  return {
    negated,
    pointer: element.pointer,
    sources: element.patterns.map((p) => p.value),
    services,
    matches: negated ? (a) => !anyMatch(a) : anyMatch,
  }
}

/** The service prefixes named by literal prefixes, or undefined when some pattern's prefix has a wildcard. */
function servicesOf(patterns: readonly string[]): string[] | undefined {
  const out = new Set<string>()
  for (const p of patterns) {
    const colon = p.indexOf(':')
    const prefix = colon < 0 ? p : p.slice(0, colon)
    if (colon < 0 || prefix.includes('*') || prefix.includes('?')) return undefined
    out.add(prefix)
  }
  return [...out]
}

/** The lowercased service prefix of a lowercased request action. */
export function serviceOf(actionLower: string): string {
  const colon = actionLower.indexOf(':')
  return colon < 0 ? actionLower : actionLower.slice(0, colon)
}
