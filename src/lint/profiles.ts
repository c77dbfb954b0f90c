/**
 * Caller profiles for the outsider analysis: which keys identify an AWS principal, a service acting for a
 * resource, or a web-identity token, and which the caller chooses.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 */
import type { Statement } from '../policy/types.js'
import type { CallerProfile } from './adversary.js'
import { literalOwners, namespaceOf, PLACEHOLDER_OWN_ACCOUNT, PLACEHOLDER_OWN_ORG, type InsideSet } from './identity.js'
import { AWS_CALLER_BINDING, bindingClaims, isCallerControlled, keyPrefix, RESOURCE_KEYS, SERVICE_SOURCE_BINDING, type IdentityKind, type Provider } from './keys.js'
import type { TrustZone } from './types.js'

/** Keys describing the role itself: `${aws:ResourceAccount}` / `${aws:ResourceOrgID}` in a condition mean "the role's own". */
function fixedKeys(ownAccount: string | undefined): ReadonlyMap<string, readonly string[]> {
  return new Map([
    ['aws:resourceaccount', [ownAccount ?? PLACEHOLDER_OWN_ACCOUNT]],
    ['aws:resourceorgid', [PLACEHOLDER_OWN_ORG]],
  ])
}

/**
 * In a trust policy the role is the resource: a condition on `aws:ResourceAccount` or `aws:ResourceOrgID`
 * tests the role's own account or organization, the same for every caller, so it binds nobody. Unless
 * the role's account is known (and the condition can be checked against it), such a condition is taken
 * as satisfied. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
 */
function resourceKeyControlled(ownAccount: string | undefined): (keyLower: string) => boolean {
  return (key) => RESOURCE_KEYS.has(key) && !(key === 'aws:resourceaccount' && ownAccount !== undefined && ownAccount !== PLACEHOLDER_OWN_ACCOUNT)
}

/** A signed AWS caller (user, role session, root). Org keys are absent when the caller's account is in no organization. */
export function awsCallerProfile(ownAccount: string | undefined): CallerProfile {
  return {
    caller: 'aws',
    binding: AWS_CALLER_BINDING,
    mayBeAbsent: (key) => key === 'aws:principalorgid' || key === 'aws:principalorgpaths',
    controlled: (key) => isCallerControlled(key) || resourceKeyControlled(ownAccount)(key),
    fixed: fixedKeys(ownAccount),
  }
}

/** A service principal acting for some customer's resource; source keys may be absent. https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html */
export function serviceProfile(ownAccount: string | undefined): CallerProfile {
  return {
    caller: 'service',
    binding: SERVICE_SOURCE_BINDING,
    mayBeAbsent: () => true,
    controlled: (key) => isCallerControlled(key) || resourceKeyControlled(ownAccount)(key),
    fixed: fixedKeys(ownAccount),
  }
}

/** A web-identity caller of `provider`: claims not listed as binding are chosen by whoever mints the token. */
export function providerProfile(provider: Provider, ownAccount: string | undefined): CallerProfile {
  const binding = new Map<string, IdentityKind>()
  for (const [claim, kind] of bindingClaims(provider.family)) binding.set(`${provider.host}:${claim}`, kind)
  return {
    caller: 'federated',
    binding,
    mayBeAbsent: () => false,
    controlled: (key) => (keyPrefix(key) === provider.host && !binding.has(key)) || isCallerControlled(key) || resourceKeyControlled(ownAccount)(key),
    fixed: fixedKeys(ownAccount),
  }
}

/** The inside for an outsider analysis: the zone, the owning account, and (optionally) the owners the statement names literally. */
export function insideSet(
  zone: TrustZone,
  ownAccount: string | undefined,
  statement: Statement | undefined,
  profile: CallerProfile | undefined,
): InsideSet {
  const sets = new Map<IdentityKind, Set<string>>()
  const add = (kind: IdentityKind, owner: string): void => {
    const ns = namespaceOf(kind)
    let set = sets.get(ns)
    if (set === undefined) sets.set(ns, (set = new Set()))
    set.add(owner.toLowerCase())
  }
  for (const a of zone.accounts) add('account', a)
  add('account', ownAccount ?? PLACEHOLDER_OWN_ACCOUNT)
  for (const o of zone.organizations) add('org', o)
  add('org', PLACEHOLDER_OWN_ORG)
  for (const g of zone.githubOrganizations) add('githubOwner', g)
  for (const t of zone.terraformOrganizations) add('tfcSub', t)
  for (const g of zone.gitlabGroups) add('gitlabSub', g)
  if (statement !== undefined && profile !== undefined) {
    for (const c of statement.conditions) {
      const kind = profile.binding.get(c.keyLower)
      // Only positive operators name who is let in; a value under StringNotEquals names who is kept out.
      if (kind === undefined || c.negated) continue
      for (const owner of literalOwners(kind, c.values.map((v) => v.value))) add(kind, owner)
    }
  }
  return sets
}
