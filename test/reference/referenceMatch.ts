/**
 * The reference evaluator's matching of one statement: action, resource and principal, with its own
 * naive wildcard matcher, three-valued as the semantics reference §0.2 asks.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
import { compileTemplate, resolveTemplatePieces } from '../../src/conditions/variables.js'
import type { PrincipalElement, PrincipalEntry, ResourceElement } from '../../src/policy/types.js'
import type { RequestContext } from '../../src/request/context.js'
import type { GrantStrength, Tri } from '../../src/trace/types.js'
import { literalTokens, naiveGlob, naiveMatch, tokensOf } from './naiveWildcard.js'
import type { NaiveToken } from './naiveWildcard.js'
import { isSigned, principalArn, splitArn } from './referenceCaller.js'
import type { RefCaller } from './referenceCaller.js'

/** Action / NotAction: both parts case-insensitive, wildcards anywhere. */
export function refActionMatches(element: { kind: 'action' | 'notAction'; patterns: readonly { value: string }[] }, action: string): boolean {
  const any = element.patterns.some((p) => naiveGlob(p.value, action, true))
  return element.kind === 'action' ? any : !any
}

/**
 * Segment-aware reading: the first five `:` of the pattern separate ARN segments; inside segments 0-4
 * a wildcard never consumes `:`, except a `*` that ends its segment ("may expand across colons");
 * inside the resource part everything may match anything.
 */
function strictArnMatch(tokens: readonly NaiveToken[], text: string): boolean {
  const segmentOf: number[] = []
  let seg = 0
  for (const t of tokens) {
    segmentOf.push(seg)
    if (t.kind === 'char' && t.ch === ':' && seg < 5) seg++
  }
  const canCross = (i: number): boolean => {
    if ((segmentOf[i] as number) >= 5) return true
    const t = tokens[i] as NaiveToken
    if (t.kind !== 'star') return false
    const next = tokens[i + 1]
    return next === undefined || (next.kind === 'char' && next.ch === ':')
  }
  return naiveMatch(tokens, text, canCross)
}

/** Strict true → true; whole-string case-insensitive glob false → false; otherwise unknown (semantics §2.2 [FC]). */
export function arnTri(tokens: readonly NaiveToken[], text: string): Tri {
  if (strictArnMatch(tokens, text)) return 'true'
  const folded = tokens.map((t): NaiveToken => (t.kind === 'char' ? { kind: 'char', ch: t.ch.toLowerCase() } : t))
  return naiveMatch(folded, text.toLowerCase()) ? 'unknown' : 'false'
}

/** One resource pattern, with policy variables substituted (a variable without value matches nothing). */
function refResourcePattern(pattern: string, resource: string, context: RequestContext, variablesEnabled: boolean): Tri {
  // Neither `*` nor an ARN: AWS would refuse the policy; malformed input is unknown (semantics §0.2).
  if (pattern !== '*' && splitArn(pattern) === undefined) return 'unknown'
  const template = compileTemplate(pattern, variablesEnabled)
  if (template.error !== undefined) return 'unknown'
  const pieces = resolveTemplatePieces(template, context)
  if (pieces === undefined) return 'false'
  const literalValues = pieces.flatMap((p) => (p.origin === 'text' ? tokensOf(p.text) : literalTokens(p.text)))
  const strict = arnTri(literalValues, resource)
  if (strict === 'true' || !pieces.some((p) => p.origin === 'value' && /[*?]/.test(p.text))) return strict
  // Whether a substituted `*`/`?` acts as a wildcard is undocumented: when it would change the answer, unknown.
  const asPattern = arnTri(pieces.flatMap((p) => (p.origin === 'escape' ? literalTokens(p.text) : tokensOf(p.text))), resource)
  return asPattern === 'false' ? strict : 'unknown'
}

/** Resource / NotResource element. */
export function refResourceMatches(element: ResourceElement, resource: string, context: RequestContext, variablesEnabled: boolean): Tri {
  let any: Tri = 'false'
  for (const p of element.patterns) {
    const r = refResourcePattern(p.value, resource, context, variablesEnabled)
    if (r === 'true') {
      any = 'true'
      break
    }
    if (r === 'unknown') any = 'unknown'
  }
  if (element.kind === 'resource' || any === 'unknown') return any
  return any === 'true' ? 'false' : 'true'
}

/** A principal match: three-valued, with every strength through which it matches. */
export interface RefPrincipalMatch {
  readonly result: Tri
  readonly strengths: readonly GrantStrength[]
}

/** Facts about the caller that principal matching reads. */
export interface RefFacts {
  readonly caller: RefCaller
  readonly userId: string | undefined
  readonly hasBoundary: boolean
}

function entryMatch(entry: PrincipalEntry, f: RefFacts): { result: Tri; strength?: GrantStrength } {
  const c = f.caller
  if (entry.form === 'invalid') return { result: 'unknown' }
  if (entry.type === 'CanonicalUser') return { result: 'false' }
  if (entry.type === 'Service') return c.kind === 'service' && c.service === entry.value ? { result: 'true', strength: 'service' } : { result: 'false' }
  if (entry.type === 'Federated') {
    return (c.kind === 'webIdentity' || c.kind === 'saml') && c.provider === entry.value ? { result: 'true', strength: 'federated' } : { result: 'false' }
  }
  if (entry.value === '*') return isSigned(c) || c.kind === 'anonymous' ? { result: 'true', strength: 'wildcard' } : { result: 'unknown' }
  if (!isSigned(c)) return { result: 'false' }
  if (entry.form === 'account') return c.account === entry.value ? { result: 'true', strength: 'account' } : { result: 'false' }
  if (entry.form === 'uniqueId') {
    if (f.userId === undefined) return { result: 'unknown' }
    if (f.userId === entry.value) return { result: 'true', strength: c.kind === 'user' ? 'user' : 'session' }
    if (f.userId.startsWith(`${entry.value}:`)) return { result: 'true', strength: 'role' }
    // A federated-user session may belong to this user (GetFederationToken); its ARN does not say which.
    return c.kind === 'federatedUser' && entry.value.startsWith('AIDA') ? { result: 'unknown' } : { result: 'false' }
  }
  const named = principalArn(entry.value)
  if (named === undefined || named.partition !== c.partition || named.account !== c.account) return { result: 'false' }
  switch (named.kind) {
    case 'root':
      return { result: 'true', strength: 'account' }
    case 'user':
      // A user ARN also covers that user's federated-user sessions, whose ARN does not name the user.
      if (c.kind === 'federatedUser') return { result: 'unknown' }
      // The caller's user name under another path names the same user (names are unique): unknown.
      if (c.kind === 'user' && c.arn !== entry.value && c.arn?.split('/').pop()?.toLowerCase() === named.name.toLowerCase()) return { result: 'unknown' }
      return c.kind === 'user' ? sameName(c.arn, entry.value, 'user') : { result: 'false' }
    case 'role':
      return c.kind === 'roleSession' || c.kind === 'role' ? sameName(c.roleName, named.name, 'role') : { result: 'false' }
    case 'roleSession':
    case 'federatedUser':
      // A caller given as a role ARN is some session of the role, maybe the one named.
      if (named.kind === 'roleSession' && c.kind === 'role' && named.roleName?.toLowerCase() === c.roleName?.toLowerCase()) return { result: 'unknown' }
      return c.kind === named.kind ? sameName(c.arn, entry.value, 'session') : { result: 'false' }
    default:
      return { result: 'false' }
  }
}

/** Exact spelling matches; a difference only in case is undocumented (names are unique regardless of case): unknown. */
function sameName(caller: string | undefined, named: string, strength: GrantStrength): { result: Tri; strength?: GrantStrength } {
  if (caller === named) return { result: 'true', strength }
  return caller !== undefined && caller.toLowerCase() === named.toLowerCase() ? { result: 'unknown' } : { result: 'false' }
}

/** Principal / NotPrincipal element. In a role trust policy a bare `"*"` is read as `{"AWS": "*"}`. */
export function refPrincipalMatches(element: PrincipalElement, f: RefFacts, effect: 'Allow' | 'Deny', trust: boolean): RefPrincipalMatch {
  if (element.kind === 'notPrincipal') return { result: refNotPrincipal(element, f, effect), strengths: [] }
  const entries: PrincipalEntry[] = element.bareWildcard ? [{ type: trust ? 'AWS' : 'AWS', value: '*', form: 'wildcard', pointer: '' }] : [...element.entries]
  if (element.bareWildcard && !trust) return { result: 'true', strengths: ['wildcard'] }
  let result: Tri = 'false'
  const strengths: GrantStrength[] = []
  for (const e of entries) {
    const m = entryMatch(e, f)
    if (m.result === 'true') {
      result = 'true'
      if (m.strength !== undefined) strengths.push(m.strength)
    } else if (m.result === 'unknown' && result === 'false') result = 'unknown'
  }
  return { result, strengths }
}

/**
 * NotPrincipal with Deny applies to every caller except one whose own identity is listed along with
 * what AWS may check first (the account; for a session also its role); never exempt with a boundary.
 */
function refNotPrincipal(element: PrincipalElement, f: RefFacts, effect: 'Allow' | 'Deny'): Tri {
  if (effect === 'Allow') return 'unknown'
  if (element.bareWildcard) return 'false'
  const c = f.caller
  // A federated-user session carries its parent user's boundary: the rule reaches it too (fail closed).
  if (f.hasBoundary && (c.kind === 'user' || c.kind === 'roleSession' || c.kind === 'role' || c.kind === 'federatedUser')) return 'true'
  const listed = (forms: (f: PrincipalEntry['form']) => boolean): boolean => element.entries.some((e) => forms(e.form) && entryMatch(e, f).result === 'true')
  // {"AWS": "*"} lists every AWS principal (and, as "*", anonymous callers).
  if ((isSigned(c) || c.kind === 'anonymous') && element.entries.some((e) => e.type === 'AWS' && e.form === 'wildcard')) return 'false'
  const account = listed((x) => x === 'account' || x === 'root')
  const role = listed((x) => x === 'role')
  const self = listed((x) => x !== 'account' && x !== 'root' && x !== 'role')
  // A service principal has no account that AWS could check first.
  const exempt = c.kind === 'root' ? account : c.kind === 'roleSession' ? self && role && account : c.kind === 'role' ? false : c.kind === 'service' ? self : self && account
  return exempt ? 'false' : 'true'
}
