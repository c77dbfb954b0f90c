/**
 * Action matching: `service:Action`, both parts case-insensitive, `*` and `?` wildcards anywhere.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { triNot } from '../logic/tri.js'
import { sharedTable } from '../matching/sharedCompilation.js'
import { compileWildcard } from '../matching/wildcard.js'
import type { WildcardPattern } from '../matching/wildcard.js'
import type { ActionElement } from '../policy/types.js'
import type { Tri } from '../trace/types.js'

/** A compiled Action / NotAction element. */
export interface ActionMatcher {
  readonly negated: boolean
  readonly pointer: string
  readonly sources: readonly string[]
  /** Lowercased service prefixes this element can match, or undefined when it can match any service. */
  readonly services: readonly string[] | undefined
  /** Whether the element may cover a lowercased action (true or unknown). */
  matches(actionLower: string): boolean
  /**
   * Whether the element covers a lowercased action, three-valued: a pattern that is neither `*` nor
   * `service:action` (AWS refuses it; the parser reports policy.invalid-action) matches `unknown`, so an
   * Allow never grants with it and a Deny applies. NotAction inverts true and false, never unknown.
   */
  match(actionLower: string): Tri
}

/** The action grammar: `*` or `service:action`, wildcards allowed. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html */
const ACTION_PATTERN = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+$/

function isActionPattern(text: string): boolean {
  return text === '*' || ACTION_PATTERN.test(text)
}

/** The compiled pattern for a lowercased text, shared within the running compilation (policies repeat `sts:AssumeRole`, `s3:*`). */
function compiledPattern(lower: string): WildcardPattern {
  const table = sharedTable<WildcardPattern>('action')
  let pattern = table?.get(lower)
  if (pattern === undefined) {
    pattern = compileWildcard(lower)
    table?.set(lower, pattern)
  }
  return pattern
}

/** Compiles an Action / NotAction element (patterns lowercased once). */
export function compileActionMatcher(element: ActionElement): ActionMatcher {
  const lowered = element.patterns.map((p) => p.value.toLowerCase())
  const patterns: WildcardPattern[] = []
  for (let i = 0; i < lowered.length; i++) if (isActionPattern((element.patterns[i] as ActionElement['patterns'][number]).value)) patterns.push(compiledPattern(lowered[i] as string))
  const malformed = patterns.length < element.patterns.length
  const negated = element.kind === 'notAction'
  // A malformed pattern may stand for any action: such a statement is a candidate for every service.
  const services = negated || malformed ? undefined : servicesOf(lowered)
  const anyMatch = (action: string): Tri => {
    for (const p of patterns) if (p.matches(action)) return 'true'
    return malformed ? 'unknown' : 'false'
  }
  const match = negated ? (a: string): Tri => triNot(anyMatch(a)) : anyMatch
  return {
    negated,
    pointer: element.pointer,
    sources: element.patterns.map((p) => p.value),
    services,
    matches: (a) => match(a) !== 'false',
    match,
  }
}

/** The service prefixes of well-formed patterns, or undefined when some pattern's prefix has a wildcard. */
function servicesOf(patterns: readonly string[]): string[] | undefined {
  const out = new Set<string>()
  for (const p of patterns) {
    // A well-formed pattern is `*` or `service:action`.
    if (p === '*') return undefined
    const prefix = p.slice(0, p.indexOf(':'))
    if (prefix.includes('*') || prefix.includes('?')) return undefined
    out.add(prefix)
  }
  return [...out]
}

/** The lowercased service prefix of a lowercased request action. */
export function serviceOf(actionLower: string): string {
  const colon = actionLower.indexOf(':')
  return colon < 0 ? actionLower : actionLower.slice(0, colon)
}
