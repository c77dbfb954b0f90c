/**
 * Principal matching: one policy principal value against the caller, three-valued, with the strength
 * of the grant (which later caps apply). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { PrincipalElement, PrincipalEntry } from '../policy/types.js'
import type { Caller } from '../request/caller.js'
import type { GrantStrength, Tri } from '../trace/types.js'
import { sameIgnoringCase } from '../matching/foldCase.js'

/** The caller facts principal matching needs beyond the Caller model. */
export interface PrincipalFacts {
  readonly caller: Caller
  /** aws:userid of the request when known (carries the AIDA…/AROA… unique id). */
  readonly userId: string | undefined
  /** Whether the caller's user or role has a permissions boundary (NotPrincipal rule). */
  readonly hasBoundary: boolean
}

/** The result of matching a Principal / NotPrincipal element. */
export interface PrincipalMatch {
  readonly result: Tri
  /** For a Principal element that matched: how the grant reaches the caller. */
  readonly strength?: GrantStrength
  readonly note?: string
}

// INVARIANT: a higher rank is never capped more than a lower one (evaluate.ts, grantPasses), so keeping
// the highest-ranked matching entry keeps the OR of the entries: "*" ranks above a role ARN because a
// grant to "*" is never capped more (with roleGrantNeedsIdentity a role grant is capped more).
// PERF: shared results, so that matching allocates nothing.
const NO_MATCH: PrincipalMatch = Object.freeze({ result: 'false' })
const MATCHED: Readonly<Record<GrantStrength, PrincipalMatch>> = Object.freeze({
  session: Object.freeze({ result: 'true', strength: 'session' }),
  user: Object.freeze({ result: 'true', strength: 'user' }),
  role: Object.freeze({ result: 'true', strength: 'role' }),
  wildcard: Object.freeze({ result: 'true', strength: 'wildcard' }),
  account: Object.freeze({ result: 'true', strength: 'account' }),
  service: Object.freeze({ result: 'true', strength: 'service' }),
  federated: Object.freeze({ result: 'true', strength: 'federated' }),
})

const STRENGTH_ORDER: Readonly<Record<GrantStrength, number>> = { session: 5, user: 4, service: 4, federated: 4, wildcard: 3, role: 2, account: 1 }

/** Matches a Principal or NotPrincipal element. */
export function matchPrincipalElement(element: PrincipalElement, facts: PrincipalFacts, effect: 'Allow' | 'Deny', bareWildcardAsAws = false): PrincipalMatch {
  if (element.kind === 'notPrincipal') return matchNotPrincipal(element, facts, effect)
  if (element.bareWildcard) {
    if (!bareWildcardAsAws) return MATCHED.wildcard
    // AWS rejects "Principal": "*" in role trust policies; evaluate it exactly as {"AWS": "*"}.
    return matchAwsWildcard(facts.caller)
  }
  let best: PrincipalMatch = NO_MATCH
  for (const entry of element.entries) {
    const m = matchEntry(entry, facts)
    if (m.result === 'true') {
      // A matching entry always carries its strength (MATCHED).
      if (best.result !== 'true' || STRENGTH_ORDER[m.strength as GrantStrength] > STRENGTH_ORDER[best.strength as GrantStrength]) best = m
    } else if (m.result === 'unknown' && best.result === 'false') {
      best = m
    }
  }
  return best
}

/** Matches one principal value against the caller. */
function matchEntry(entry: PrincipalEntry, facts: PrincipalFacts): PrincipalMatch {
  const { caller } = facts
  if (entry.form === 'invalid') return { result: 'unknown', note: `\`${entry.value}\` is not a valid principal; an Allow never grants with it, a Deny applies` }
  switch (entry.type) {
    case 'CanonicalUser':
      // An S3 canonical user id never names an IAM or STS caller.
      return NO_MATCH
    case 'Service':
      return caller.kind === 'service' && caller.service === entry.value ? MATCHED.service : NO_MATCH
    case 'Federated':
      return (caller.kind === 'webIdentity' || caller.kind === 'saml') && caller.provider === entry.value
        ? MATCHED.federated
        : NO_MATCH
    case 'AWS':
      return matchAwsEntry(entry, facts)
  }
}

function matchAwsEntry(entry: PrincipalEntry, facts: PrincipalFacts): PrincipalMatch {
  const { caller } = facts
  const awsCaller = caller.signed
  switch (entry.form) {
    case 'wildcard':
      return matchAwsWildcard(caller)
    case 'account':
    case 'root':
      return awsCaller && caller.account === entry.account && samePartition(entry, caller)
        ? MATCHED.account
        : NO_MATCH
    case 'uniqueId': {
      if (!awsCaller) return NO_MATCH
      const id = facts.userId
      if (id === undefined) {
        // A user's unique id starts with AIDA, a role's with AROA: an id of the other kind never names this caller.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
        if (!idMayName(entry.value, caller.kind)) return NO_MATCH
        return { result: 'unknown', note: `the caller's unique id is unknown (give aws:userid); cannot compare with \`${entry.value}\`` }
      }
      if (id === entry.value) return caller.kind === 'user' ? MATCHED.user : MATCHED.session
      // (No `${value}:` string made: this is asked on every request.)
      if (id.length > entry.value.length && id.charCodeAt(entry.value.length) === 0x3a && id.startsWith(entry.value)) return MATCHED.role
      if (caller.kind === 'federatedUser' && entry.value.startsWith('AIDA')) return PARENT_USER_UNKNOWN
      return NO_MATCH
    }
    default: {
      const named = entry.arn
      if (named === undefined || !awsCaller || named.partition !== caller.partition || named.account !== caller.account) return NO_MATCH
      // `root` never gets here: an entry's form is its ARN's kind, and the root form is read above.
      switch (named.kind) {
        case 'user':
          // A user ARN also covers the GetFederationToken sessions that user created, and a
          // federated-user ARN does not say which user created it.
          // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
          if (caller.kind === 'federatedUser') return PARENT_USER_UNKNOWN
          if (caller.kind !== 'user') return NO_MATCH
          // User names are unique in an account whatever the path: the same name under another path is
          // the same user written differently (or a deleted one): undocumented, fail closed.
          if (caller.arn !== entry.value && caller.userName !== undefined && sameIgnoringCase(caller.userName, named.name)) {
            return { result: 'unknown', note: 'the ARN names the caller\'s user name with another path or case; undocumented, fail closed' }
          }
          return byName(caller.arn, entry.value, 'user')
        case 'role':
          // A role ARN covers every session of the role; role names are unique in an account, so the
          // path in the policy does not need to be known from the session ARN.
          // A role ARN given as the caller shows its path: the same name under another path is the same
          // role written differently (or a deleted one), as for users above: undocumented, fail closed.
          if (caller.kind === 'role' && caller.arn !== entry.value && caller.roleName !== undefined && sameIgnoringCase(caller.roleName, named.name)) {
            return { result: 'unknown', note: 'the ARN names the caller\'s role name with another path or case; undocumented, fail closed' }
          }
          return caller.kind === 'roleSession' || caller.kind === 'role' ? byName(caller.roleName, named.name, 'role') : NO_MATCH
        case 'assumedRole':
          if (caller.kind === 'roleSession') return byName(caller.arn, entry.value, 'session')
          // A role ARN given as the caller stands for some session of the role, maybe this one.
          if (caller.kind === 'role' && caller.roleName !== undefined && sameIgnoringCase(named.roleName, caller.roleName)) return SOME_SESSION_UNKNOWN
          return NO_MATCH
        case 'federatedUser':
          return caller.kind === 'federatedUser' ? byName(caller.arn, entry.value, 'session') : NO_MATCH
        default:
          return NO_MATCH
      }
    }
  }
}

const SOME_SESSION_UNKNOWN: PrincipalMatch = {
  result: 'unknown',
  note: 'the caller is given as a role ARN, so its session name is unknown: an Allow naming one session never grants, a Deny applies',
}

const PARENT_USER_UNKNOWN: PrincipalMatch = {
  result: 'unknown',
  note: 'a federated-user session may belong to this IAM user (GetFederationToken); the session ARN does not say which user created it: an Allow never grants, a Deny applies',
}

/**
 * Names in principal ARNs: exact spelling matches. IAM names are unique regardless of case, and whether
 * a policy naming `Alice` reaches `alice` is undocumented: an Allow does not grant, a Deny applies
 * (docs/semantics.md#principal-names). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 */
function byName(callerName: string | undefined, named: string, strength: GrantStrength): PrincipalMatch {
  if (callerName === undefined) return NO_MATCH
  if (callerName === named) return MATCHED[strength]
  if (sameIgnoringCase(callerName, named)) return { result: 'unknown', note: 'the name differs from the caller\'s only in case; undocumented, fail closed' }
  return NO_MATCH
}

/**
 * {"AWS": "*"} is documented as equivalent to "*" for anonymous callers; whether it covers service and
 * web/SAML callers is not documented: an Allow does not grant them, a Deny applies (docs/semantics.md#aws-star).
 */
function matchAwsWildcard(caller: Caller): PrincipalMatch {
  if (caller.signed || caller.kind === 'anonymous') return MATCHED.wildcard
  return { result: 'unknown', note: 'undocumented: {"AWS": "*"} and a service or federated caller; fail closed' }
}

function samePartition(entry: PrincipalEntry, caller: Caller): boolean {
  if (entry.form === 'account') return true
  return entry.arn !== undefined && entry.arn.partition === caller.partition
}

/**
 * NotPrincipal (Deny only): the statement applies to every caller except one whose own identity is
 * listed together with the identities AWS may check first (the account; for a session also its role).
 * Listing only part of that chain does not exempt the caller, and a caller with a permissions boundary
 * is never exempt. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
function matchNotPrincipal(element: PrincipalElement, facts: PrincipalFacts, effect: 'Allow' | 'Deny'): PrincipalMatch {
  if (effect === 'Allow') return { result: 'unknown', note: 'NotPrincipal with Allow is not supported by AWS; it never grants here' }
  if (element.bareWildcard) return NO_MATCH
  const { caller } = facts
  // A federated-user session carries its parent user's boundary; whether the rule reaches it is
  // undocumented, so it does (fail closed).
  if (facts.hasBoundary && (caller.kind === 'user' || caller.kind === 'roleSession' || caller.kind === 'role' || caller.kind === 'federatedUser')) {
    return { result: 'true', note: 'a NotPrincipal Deny always applies to a caller with a permissions boundary' }
  }
  const listed = (test: (entry: PrincipalEntry) => boolean): boolean => element.entries.some(test)
  // {"AWS": "*"} lists every AWS principal: none of them is denied.
  if ((caller.signed || caller.kind === 'anonymous') && listed((e) => e.type === 'AWS' && e.form === 'wildcard')) return NO_MATCH
  const self = listed((e) => e.form !== 'account' && e.form !== 'root' && e.form !== 'role' && matchEntry(e, facts).result === 'true')
  const account = listed((e) => (e.form === 'account' || e.form === 'root') && matchEntry(e, facts).result === 'true')
  const role = listed((e) => e.form === 'role' && matchEntry(e, facts).result === 'true')
  let exempt: boolean
  switch (caller.kind) {
    case 'root':
      exempt = account
      break
    case 'roleSession':
      exempt = self && role && account
      break
    case 'role':
      // Some session of the role, whose own session ARN is unknown: never exempt (fail closed).
      exempt = false
      break
    case 'service':
      // A service principal has no account that AWS could check first.
      exempt = self
      break
    default:
      exempt = self && account
  }
  return exempt ? NO_MATCH : { result: 'true' }
}

/**
 * Whether a unique id of this kind (by its prefix) could belong to the caller or, for AIDA, to a
 * federated user's parent. A principal unique id is a user's (AIDA) or a role's (AROA): the parser
 * reads no other prefix as one.
 */
function idMayName(id: string, kind: string): boolean {
  return id.startsWith('AIDA') ? kind === 'user' || kind === 'federatedUser' : kind === 'role' || kind === 'roleSession'
}
