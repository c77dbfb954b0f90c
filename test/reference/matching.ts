/**
 * Action and Resource (and their Not forms) with the naive wildcard matcher.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 */
import { arnParts } from './caller.js'
import { literalTokens, naiveGlob, naiveMatch, tokensOf } from './naiveWildcard.js'
import type { NaiveToken } from './naiveWildcard.js'
import type { RefList } from './readPolicy.js'
import { agree, not, or } from './types.js'
import type { Tri } from './types.js'
import { pieces, resolve } from './variables.js'
import type { World } from './world.js'

/** An action pattern is "*" or service:action; AWS refuses anything else, so its matching is unknown. */
export function validActionPattern(p: string): boolean {
  return p === '*' || /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/.test(p)
}

/** Action / NotAction: service prefix and action name case-insensitive, `*` and `?` anywhere. */
export function actionMatches(list: RefList, action: string): Tri {
  if (list.unreadable) return 'unknown'
  const any = list.values.reduce<Tri>((acc, p) => or(acc, validActionPattern(p) ? (naiveGlob(p, action, true) ? 'true' : 'false') : 'unknown'), 'false')
  return list.not ? not(any) : any
}

/**
 * Segment-aware ARN match: inside the first five parts a wildcard never consumes `:`, except a `*`
 * that ends its part ("can expand beyond colon boundaries"); in the resource part anything goes.
 */
function segmentMatch(tokens: readonly NaiveToken[], text: string): boolean {
  const segmentOf: number[] = []
  let segment = 0
  for (const t of tokens) {
    segmentOf.push(segment)
    if (t.kind === 'char' && t.ch === ':' && segment < 5) segment++
  }
  return naiveMatch(tokens, text, (i) => {
    if ((segmentOf[i] as number) >= 5) return true
    const t = tokens[i] as NaiveToken
    const next = tokens[i + 1]
    return t.kind === 'star' && (next === undefined || (next.kind === 'char' && next.ch === ':'))
  })
}

/**
 * One pattern against the resource ARN. How far a `*` crosses colons, and whether names differing
 * only in case match, are read two ways (the documentation is not precise, and an older edition
 * called user names case-insensitive): true when the strict reading matches, false when even the
 * loose one (whole-string glob, case folded) does not, unknown in between.
 */
export function arnPatternMatches(tokens: readonly NaiveToken[], text: string): Tri {
  if (segmentMatch(tokens, text)) return 'true'
  const folded = tokens.map((t): NaiveToken => (t.kind === 'char' ? { kind: 'char', ch: t.ch.toLowerCase() } : t))
  return naiveMatch(folded, text.toLowerCase()) ? 'unknown' : 'false'
}

/** One Resource pattern, with variables substituted in this world. */
function resourcePatternMatches(pattern: string, resource: string, variables: boolean, world: World): Tri {
  if (pattern === '*') return 'true'
  const arn = arnParts(pattern)
  if (arn === undefined) return 'unknown'
  // Variables are allowed only in the resource part, after the fifth colon.
  const prefix = pattern.slice(0, pattern.length - arn.resource.length)
  if (variables && prefix.includes('${')) return 'unknown'
  const list = pieces(pattern, variables)
  if (list === 'invalid') return 'unknown'
  const resolved = resolve(list, world)
  // A variable without value makes the pattern match nothing.
  if (resolved === 'null') return 'false'
  if (resolved === 'unknown') return 'unknown'
  // Substituted text is literal; whether a `*` or `?` in it would act as a wildcard is not documented.
  const readings = [false, true].map((asPattern) =>
    arnPatternMatches(resolved.flatMap((r) => (r.origin === 'text' || (asPattern && r.origin === 'value') ? tokensOf(r.text) : literalTokens(r.text))), resource),
  )
  return agree(readings)
}

/** Resource / NotResource. */
export function resourceMatches(list: RefList, resource: string, variables: boolean, world: World): Tri {
  if (list.unreadable) return 'unknown'
  const any = list.values.reduce<Tri>((acc, p) => or(acc, resourcePatternMatches(p, resource, variables, world)), 'false')
  return list.not ? not(any) : any
}
