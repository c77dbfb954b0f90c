/**
 * Principal and NotPrincipal, three-valued, with the form through which a Principal names the caller
 * (which decides how a same-account grant is capped).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { isSigned, principalOfArn } from './caller.js'
import type { RefCaller } from './caller.js'
import type { RefPrincipalElement, RefPrincipalEntry } from './readPolicy.js'
import { or } from './types.js'
import type { Tri } from './types.js'
import type { World } from './world.js'

/** How a Principal entry names the caller. */
export type Form = 'account' | 'user' | 'role' | 'session' | 'wildcard' | 'service' | 'federated'

/** One entry's answer. */
interface EntryMatch {
  readonly result: Tri
  readonly form?: Form
}

const UNIQUE_ID = /^A[A-Z0-9]{3}[A-Z0-9]{8,}$/

/** Exact spelling matches; names differing only in case are undocumented (IAM names are unique regardless of case). */
function sameName(a: string, b: string, form: Form): EntryMatch {
  if (a === b) return { result: 'true', form }
  return { result: a.toLowerCase() === b.toLowerCase() ? 'unknown' : 'false' }
}

/** One `{type: value}` entry against the caller. */
export function entryMatches(entry: RefPrincipalEntry, caller: RefCaller, world: World): EntryMatch {
  const { type, value } = entry
  if (!entry.valid) return { result: 'unknown' }
  switch (type) {
    case 'CanonicalUser':
      return { result: 'false' }
    case 'Service':
      return caller.kind === 'service' && caller.service === value ? { result: 'true', form: 'service' } : { result: 'false' }
    case 'Federated':
      return (caller.kind === 'webIdentity' || caller.kind === 'saml') && caller.provider === value ? { result: 'true', form: 'federated' } : { result: 'false' }
  }
  // {"AWS": "*"}: every AWS principal, and anonymous callers; whether it reaches services and
  // web-identity or SAML callers is not stated.
  if (value === '*') return isSigned(caller) || caller.kind === 'anonymous' ? { result: 'true', form: 'wildcard' } : { result: 'unknown' }
  if (value.includes('*') || value.includes('?')) return { result: 'unknown' }
  if (/^\d{12}$/.test(value)) return isSigned(caller) && caller.account === value ? { result: 'true', form: 'account' } : { result: 'false' }
  if (UNIQUE_ID.test(value)) return uniqueIdMatches(value, caller, world)
  const named = principalOfArn(value)
  if (named === undefined || named.kind === 'provider') return { result: 'unknown' }
  if (!isSigned(caller) || named.partition !== caller.partition || named.account !== caller.account) return { result: 'false' }
  switch (named.kind) {
    case 'root':
      return { result: 'true', form: 'account' }
    case 'user':
      // A user ARN also names that user's federated-user sessions, whose ARN does not say whose they are.
      if (caller.kind === 'federatedUser') return { result: 'unknown' }
      if (caller.kind !== 'user') return { result: 'false' }
      if (caller.arn === value) return { result: 'true', form: 'user' }
      // The same name in another case or under another path: user names are unique in an account
      // regardless of case and path, so it may name this user.
      return { result: caller.name.toLowerCase() === named.name.toLowerCase() ? 'unknown' : 'false' }
    case 'role':
      if (caller.kind === 'roleSession') return sameName(caller.roleName, named.roleName, 'role')
      if (caller.kind === 'role') {
        // The role's path is known here: a different path with the same name is the same role only if it was recreated.
        if (caller.arn !== value && caller.roleName === named.roleName) return { result: 'unknown' }
        return sameName(caller.arn, value, 'role')
      }
      return { result: 'false' }
    case 'roleSession':
      // A role given as the caller is some session of it, maybe the one named.
      if (caller.kind === 'role') return { result: caller.roleName.toLowerCase() === named.roleName.toLowerCase() ? 'unknown' : 'false' }
      return caller.kind === 'roleSession' ? sameName(caller.arn, value, 'session') : { result: 'false' }
    case 'federatedUser':
      return caller.kind === 'federatedUser' ? sameName(caller.arn, value, 'session') : { result: 'false' }
  }
}

/** `AIDA…` names a user, `AROA…` every session of a role: compared with the caller's aws:userid. */
function uniqueIdMatches(id: string, caller: RefCaller, world: World): EntryMatch {
  if (!isSigned(caller)) return { result: 'false' }
  const userid = world.get('aws:userid')
  if (userid === undefined || userid.length !== 1) return { result: 'unknown' }
  const value = userid[0] as string
  if (value === id) return { result: 'true', form: caller.kind === 'user' ? 'user' : 'session' }
  if (value.startsWith(`${id}:`)) return { result: 'true', form: 'role' }
  // A federated-user session may belong to the user with this id (GetFederationToken); its id does not say.
  if (caller.kind === 'federatedUser' && id.startsWith('AIDA')) return { result: 'unknown' }
  return { result: 'false' }
}

/** A Principal element: the entries are ORed; every form through which it names the caller. */
export function principalMatches(p: RefPrincipalElement, caller: RefCaller, world: World, trust: boolean): { result: Tri; forms: Form[] } {
  if (p.unreadable) return { result: 'unknown', forms: [] }
  // A bare "*" in a role trust policy is read as {"AWS": "*"}.
  const entries: readonly RefPrincipalEntry[] = p.star ? (trust ? [{ type: 'AWS', value: '*', valid: true }] : []) : p.entries
  if (p.star && !trust) return { result: 'true', forms: ['wildcard'] }
  let result: Tri = 'false'
  const forms: Form[] = []
  for (const e of entries) {
    const m = entryMatches(e, caller, world)
    result = or(result, m.result)
    if (m.result === 'true' && m.form !== undefined) forms.push(m.form)
  }
  return { result, forms }
}

/**
 * NotPrincipal (with Deny): every caller is denied except one whose own identity is listed along with
 * what AWS may check first — its account, and for a role session its role too. A user or role with a
 * permissions boundary is always denied.
 */
export function notPrincipalApplies(p: RefPrincipalElement, caller: RefCaller, world: World, hasBoundary: boolean): Tri {
  if (p.unreadable) return 'unknown'
  if (p.star) return 'false'
  if (hasBoundary && (caller.kind === 'user' || caller.kind === 'roleSession' || caller.kind === 'role' || caller.kind === 'federatedUser')) return 'true'
  const match = (pred: (type: string, value: string) => boolean): Tri => p.entries.filter((e) => pred(e.type, e.value)).reduce<Tri>((acc, e) => or(acc, entryMatches(e, caller, world).result), 'false')
  const star = p.entries.some((e) => e.type === 'AWS' && e.value === '*')
  if (star && (isSigned(caller) || caller.kind === 'anonymous')) return 'false'
  const isAccount = (type: string, value: string): boolean => type === 'AWS' && (/^\d{12}$/.test(value) || principalOfArn(value)?.kind === 'root')
  const isRole = (type: string, value: string): boolean => type === 'AWS' && principalOfArn(value)?.kind === 'role'
  const account = match(isAccount)
  const role = match(isRole)
  const self = match((t, v) => !isAccount(t, v) && !isRole(t, v) && !(t === 'AWS' && v === '*'))
  let exempt: Tri
  switch (caller.kind) {
    case 'root':
      exempt = account
      break
    case 'roleSession':
      exempt = self === 'true' && role === 'true' && account === 'true' ? 'true' : self === 'false' || role === 'false' || account === 'false' ? 'false' : 'unknown'
      break
    case 'role':
      // A role given as the caller is some session of it: which one is not known.
      exempt = self === 'false' || role === 'false' || account === 'false' ? 'false' : 'unknown'
      break
    case 'user':
    case 'federatedUser':
      exempt = self === 'true' && account === 'true' ? 'true' : self === 'false' || account === 'false' ? 'false' : 'unknown'
      break
    default:
      // Services and federated callers have no account that AWS could check first; whether {"AWS": "*"}
      // lists them is not documented.
      exempt = or(self, star ? 'unknown' : 'false')
  }
  return exempt === 'true' ? 'false' : exempt === 'false' ? 'true' : 'unknown'
}
