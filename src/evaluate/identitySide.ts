/**
 * The caller's own side of a decision: an identity-based policy must allow, and the permissions
 * boundary and the session policies, where present, must allow too. A resource-policy grant in the
 * same account reaches the caller under caps that depend on how its Principal names the caller.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
import type { GrantStrength } from '../trace/types.js'
import type { Situation, StepSink } from './authorizer.js'
import type { Grant } from './evaluateLayer.js'

const EVAL_DA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'
const BOUND = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'
const TRUSTUPD = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html'
const GFT = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html'

/** What the identity side of a request says. */
export interface IdentitySide {
  readonly identityAllows: boolean
  /** No boundary, or the boundary allows. */
  readonly boundaryAllows: boolean
  /** No session policy, or one allows; a federated-user session without one has no permissions. */
  readonly sessionAllows: boolean
  /** A federated-user session without a session policy. */
  readonly federatedWithoutSessionPolicy: boolean
  /** Identity policy, boundary and session policy all allow. */
  readonly allows: boolean
}

/** Reads the identity side from the layer results. */
export function identitySide(s: Situation): IdentitySide {
  const { identity, boundary, session } = s.layers
  const identityAllows = (identity?.allows.length ?? 0) > 0
  const boundaryAllows = boundary === undefined || boundary.allows.length > 0
  // GetFederationToken credentials without a session policy have no permissions at all.
  const federatedWithoutSessionPolicy = s.caller.kind === 'federatedUser' && session === undefined
  const sessionAllows = federatedWithoutSessionPolicy ? false : session === undefined || session.allows.length > 0
  return SIDES[(identityAllows ? 1 : 0) | (boundaryAllows ? 2 : 0) | (sessionAllows ? 4 : 0) | (federatedWithoutSessionPolicy ? 8 : 0)] as IdentitySide
}

// PERF: the sixteen possible sides, made once: reading the side allocates nothing.
const SIDES: readonly IdentitySide[] = Array.from({ length: 16 }, (_, i) => {
  const identityAllows = (i & 1) !== 0
  const boundaryAllows = (i & 2) !== 0
  const sessionAllows = (i & 4) !== 0
  return Object.freeze({ identityAllows, boundaryAllows, sessionAllows, federatedWithoutSessionPolicy: (i & 8) !== 0, allows: identityAllows && boundaryAllows && sessionAllows })
})

/** Records which part of the identity side failed. */
export function explainIdentity(side: IdentitySide, prefix: string, step: StepSink | undefined): void {
  if (step === undefined) return
  if (!side.identityAllows) step('identity', 'fail', `${prefix}no identity-based policy allows the action`, EVAL_DA)
  else if (!side.boundaryAllows) step('boundary', 'fail', `${prefix}the permissions boundary does not allow the action`, BOUND)
  else if (!side.sessionAllows)
    step(
      'session',
      'fail',
      side.federatedWithoutSessionPolicy ? `${prefix}a federated-user session without a session policy has no permissions` : `${prefix}the session policy does not allow the action`,
      side.federatedWithoutSessionPolicy ? GFT : EVAL_DA,
    )
}

/** The caps a same-account resource grant is read under. */
export interface GrantCaps {
  readonly side: IdentitySide
  /** A trust policy naming an IAM user still needs the user's boundary (fail closed). */
  readonly capsUser: boolean
  /** A grant to a role ARN also needs an identity-policy allow. */
  readonly roleNeedsIdentity: boolean
  /** The grant is in a role trust policy. */
  readonly trust: boolean
}

/**
 * Whether a same-account resource grant reaches the caller: a session or federated-user ARN is never
 * capped; a user ARN is capped by the boundary in trust policies (fail closed); a role ARN and `"*"`
 * are capped by boundary and session policy (`"*"` narrowed by aws:PrincipalArn outside trust
 * policies excepted); an account grant only delegates, so the identity side must allow.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
export function grantPasses(grant: Grant, c: GrantCaps): boolean {
  const strength: GrantStrength = grant.strength ?? 'wildcard'
  switch (strength) {
    case 'session':
    case 'service':
    case 'federated':
      return true
    case 'user':
      return !c.capsUser || c.side.boundaryAllows
    case 'role':
      return c.side.boundaryAllows && c.side.sessionAllows && (!c.roleNeedsIdentity || c.side.identityAllows)
    case 'wildcard':
      // "*" narrowed by aws:PrincipalArn is not limited by boundaries or session policies; whether that
      // holds for trust policies is undocumented, so there the caps stay (fail closed).
      return (grant.byPrincipalArn === true && !c.trust) || (c.side.boundaryAllows && c.side.sessionAllows)
    case 'account':
      return c.side.allows
  }
}

/** Records why no same-account grant reached the caller. */
export function explainGrantFailure(grants: readonly Grant[], c: GrantCaps, step: StepSink | undefined): void {
  if (step === undefined) return
  const strengths = new Set(grants.map((g) => g.strength ?? 'wildcard'))
  if (strengths.has('account')) explainIdentity(c.side, 'the resource policy names the account, which only delegates: ', step)
  // A user grant that failed was capped by the boundary (it is capped only when `capsUser`).
  if (!c.side.boundaryAllows)
    step(
      'boundary',
      'fail',
      strengths.has('user') ? 'the permissions boundary does not allow the action (a trust policy naming a user still needs the boundary; fail closed)' : 'the permissions boundary does not allow the action',
      strengths.has('user') ? TRUSTUPD : BOUND,
    )
  else if (!c.side.sessionAllows) step('session', 'fail', 'the session policy does not allow the action (grants to a role ARN are capped by the session policy)', EVAL_DA)
  else if (strengths.has('role') && c.roleNeedsIdentity && !c.side.identityAllows) step('identity', 'fail', 'the grant names the caller\'s role, and this evaluation demands an identity-based allow as well (roleGrantNeedsIdentity)', EVAL_DA)
}
