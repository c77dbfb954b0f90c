/**
 * The authorizer's rules, in the order AWS applies them. Each is small and pure: it reads the
 * situation, records its trace step, and returns a verdict or passes on.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { isAssumeRoleAction } from '../request/roleTrust.js'
import type { StatementRef } from '../trace/types.js'
import { allowedBy, allowedRefs, DEFAULT_DENY, grantsOf } from './authorizer.js'
import type { AuthorizerRule, Situation, StepSink, Verdict } from './authorizer.js'
import { assumeApiOf, policyFreeDecision } from './callerRules.js'
import type { Grant, LayerResult } from './evaluateLayer.js'
import { explainGrantFailure, explainIdentity, grantPasses, identitySide } from './identitySide.js'
import type { GrantCaps } from './identitySide.js'
import { awsManagedPolicy, protectedRole, serviceLinkedRoleTrust, serviceRolePolicyAttachment } from './protectedResources.js'

const EVAL_DA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'
const EVAL_XA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html'
const SCP_EVAL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html'
const RCP_EVAL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html'
const ROLES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html'
const XACCT = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html'
const GFT = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html'
const STSCMP = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html'
const GCI = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html'

/** Operations AWS does not authorize with policies (GetCallerIdentity, GetSessionToken). */
const noAuthorization: AuthorizerRule = {
  name: 'no-authorization',
  source: GCI,
  decide(s, step) {
    const d = policyFreeDecision(s.caller, s.actionLower, s.action)
    if (d === undefined) return undefined
    step?.('no-authorization', d.allowed ? 'pass' : 'fail', d.message, d.source)
    return d.allowed ? allowedBy([]) : DEFAULT_DENY
  },
}

/** An applicable Deny in any policy of any layer ends the evaluation. */
const explicitDeny: AuthorizerRule = {
  name: 'explicit-deny',
  source: EVAL_DA,
  decide(s, step) {
    const { scps, rcps, identity, boundary, session, resourcePolicy } = s.layers
    let denies: StatementRef[] | undefined
    for (let i = 0; i < scps.length; i++) denies = withDenies(denies, scps[i])
    for (let i = 0; i < rcps.length; i++) denies = withDenies(denies, rcps[i])
    denies = withDenies(denies, identity)
    denies = withDenies(denies, boundary)
    denies = withDenies(denies, session)
    denies = withDenies(denies, resourcePolicy)
    if (denies !== undefined) {
      step?.('explicit-deny', 'fail', `${denies.length} Deny statement(s) apply`, EVAL_DA)
      return { decision: 'explicitDeny', determining: denies }
    }
    step?.('explicit-deny', 'pass', 'no Deny statement applies', EVAL_DA)
    return undefined
  },
}

/** `denies` with the layer's applicable Denies added (PERF: a function, not a closure made per request). */
function withDenies(denies: StatementRef[] | undefined, layer: LayerResult | undefined): StatementRef[] | undefined {
  if (layer === undefined || layer.denies.length === 0) return denies
  const out = denies ?? []
  out.push(...layer.denies)
  return out
}

function levelsRule(name: 'rcp' | 'scp', source: string, levelsOf: (s: Situation) => readonly (LayerResult | undefined)[]): AuthorizerRule {
  return {
    name,
    source,
    decide(s, step) {
      const levels = levelsOf(s)
      let bound = false
      for (let i = 0; i < levels.length; i++) {
        const level = levels[i]
        if (level === undefined) continue
        bound = true
        if (level.allows.length === 0) {
          step?.(name, 'fail', `${name.toUpperCase()} level ${i} (${i === 0 ? 'root' : i === levels.length - 1 ? 'account' : 'OU'}) does not allow the action`, source)
          return DEFAULT_DENY
        }
      }
      if (bound) step?.(name, 'pass', `every ${name.toUpperCase()} level allows`, source)
      return undefined
    },
  }
}

/** Every RCP level of the resource's account must allow. */
const rcpLevels = levelsRule('rcp', RCP_EVAL, (s) => s.layers.rcps)

/** Every SCP level of the caller's account must allow. */
const scpLevels = levelsRule('scp', SCP_EVAL, (s) => s.layers.scps)

/**
 * Resource policies and roles never delegate across partitions (aws, aws-cn, aws-us-gov): each
 * partition has its own IAM. https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
 */
const partition: AuthorizerRule = {
  name: 'partition',
  source: XACCT,
  decide(s, step) {
    const { caller, resourcePartition } = s
    // Every caller whose partition is known is checked: an AWS principal by its ARN, a web-identity or
    // SAML caller by its provider ARN (services and anonymous callers have none).
    if (caller.partition === undefined || resourcePartition === undefined || caller.partition === resourcePartition) return undefined
    step?.('partition', 'fail', `the caller is in partition \`${caller.partition}\` and the resource in \`${resourcePartition}\`; access never crosses partitions`, XACCT)
    return DEFAULT_DENY
  },
}

/**
 * GetFederationToken credentials cannot call IAM through the API or CLI, nor any STS operation but
 * GetCallerIdentity (the console exception for IAM is not visible in a request: fail closed).
 */
const federatedUserApi: AuthorizerRule = {
  name: 'federated-user-api',
  source: GFT,
  decide(s, step) {
    if (s.caller.kind !== 'federatedUser' || (s.service !== 'iam' && (s.service !== 'sts' || s.actionLower === 'sts:getcalleridentity'))) return undefined
    step?.(
      'federated-user-api',
      'fail',
      s.service === 'sts'
        ? 'a federated-user session cannot call STS operations other than GetCallerIdentity'
        : 'a federated-user session cannot call IAM operations through the API or CLI (console sessions can; the request does not say which, so fail closed)',
      GFT,
    )
    return DEFAULT_DENY
  },
}

/** The root user cannot assume roles. */
const rootCannotAssume: AuthorizerRule = {
  name: 'root-cannot-assume',
  source: ROLES,
  decide(s, step) {
    if (!s.roleTrust || s.caller.kind !== 'root' || !isAssumeRoleAction(s.actionLower)) return undefined
    step?.('root-cannot-assume', 'fail', 'the root user cannot assume roles', ROLES)
    return DEFAULT_DENY
  },
}

/**
 * Each caller reaches a role through one API only: web-identity and SAML callers through their
 * unsigned APIs, AWS principals and services through the signed AssumeRole; anonymous callers never.
 */
const assumeApi: AuthorizerRule = {
  name: 'assume-api',
  source: STSCMP,
  decide(s, step) {
    if (!s.roleTrust) return undefined
    const api = assumeApiOf(s.caller)
    if (api !== undefined && (!isAssumeRoleAction(s.actionLower) || s.actionLower === api)) return undefined
    step?.('assume-api', 'fail', api === undefined ? 'an anonymous caller cannot assume a role' : `this caller can assume a role only through ${api}`, STSCMP)
    return DEFAULT_DENY
  },
}

/** A role can be assumed only when its trust policy allows the caller itself. */
const trustPolicy: AuthorizerRule = {
  name: 'trust-policy',
  source: EVAL_DA,
  decide(s, step) {
    if (!s.roleTrust) return undefined
    if (grantsOf(s).length === 0) {
      step?.('trust-policy', 'fail', 'the role trust policy does not allow this caller (a role can be assumed only when its trust policy allows the caller)', EVAL_DA)
      return DEFAULT_DENY
    }
    step?.('trust-policy', 'pass', 'the role trust policy allows this caller', EVAL_DA)
    return undefined
  },
}

/**
 * KMS key policies, like trust policies, must allow the caller (or its account) themselves: an
 * identity-based allow alone never reaches a key, not even the root user's.
 */
const keyPolicy: AuthorizerRule = {
  name: 'key-policy',
  source: EVAL_DA,
  decide(s, step) {
    if (!s.keyPolicy || grantsOf(s).length > 0) return undefined
    step?.('key-policy', 'fail', 'the KMS key policy does not allow this caller (a key policy must allow access itself)', EVAL_DA)
    return DEFAULT_DENY
  },
}

/** Unsigned and service callers have no identity side: the resource policy decides. */
const unsignedCaller: AuthorizerRule = {
  name: 'unsigned-caller',
  source: EVAL_DA,
  decide(s, step) {
    if (s.caller.signed) return undefined
    const grants = grantsOf(s)
    if (grants.length === 0) {
      step?.('resource-policy', 'fail', 'no resource-based policy allows this caller', EVAL_DA)
      return DEFAULT_DENY
    }
    step?.('resource-policy', 'pass', 'a resource-based policy allows this caller', EVAL_DA)
    return allowedBy(allowedRefs(s, grants))
  },
}

/** Whether the caller's account differs from the resource's (an unknown resource account counts as another). */
function crossAccount(s: Situation): boolean {
  return s.resourceAccount === undefined || s.caller.account !== s.resourceAccount
}

/** The root user is implicitly allowed in its own account; across accounts a resource grant is needed. */
const rootUser: AuthorizerRule = {
  name: 'root',
  source: EVAL_XA,
  decide(s, step) {
    if (s.caller.kind !== 'root') return undefined
    if (!crossAccount(s)) {
      step?.('root', 'pass', 'the root user is allowed in its own account', EVAL_DA)
      return allowedBy(allowedRefs(s))
    }
    const grants = grantsOf(s)
    if (grants.length === 0) {
      step?.('resource-policy', 'fail', 'cross-account: no resource-based policy allows the caller', EVAL_XA)
      return DEFAULT_DENY
    }
    step?.('resource-policy', 'pass', 'cross-account: the resource-based policy allows the caller', EVAL_XA)
    return allowedBy(allowedRefs(s, grants))
  },
}

/** Across accounts both sides must allow: the resource policy in the resource's account, the identity side in the caller's. */
const crossAccountAccess: AuthorizerRule = {
  name: 'cross-account',
  source: EVAL_XA,
  decide(s, step) {
    if (!crossAccount(s)) return undefined
    const grants = grantsOf(s)
    if (grants.length === 0) {
      step?.('resource-policy', 'fail', 'cross-account: the resource-based policy does not allow the caller', EVAL_XA)
      return DEFAULT_DENY
    }
    const side = identitySide(s)
    if (!side.allows) {
      explainIdentity(side, 'cross-account: ', step)
      return DEFAULT_DENY
    }
    step?.('cross-account', 'pass', "the resource policy and the caller's own policies both allow", EVAL_XA)
    return allowedBy(allowedRefs(s, grants, 'identity'))
  },
}

/** Same account: an identity-based allow suffices, except where the resource policy must grant (role trust, KMS keys). */
const sameAccountIdentity: AuthorizerRule = {
  name: 'same-account-identity',
  source: EVAL_DA,
  decide(s, step) {
    if (s.roleTrust || s.keyPolicy || !identitySide(s).allows) return undefined
    step?.('identity', 'pass', 'an identity-based policy allows the action', EVAL_DA)
    return allowedBy(allowedRefs(s, 'identity', grantsOf(s)))
  },
}

/** Same account: a resource-policy grant reaches the caller under the caps of how it names the caller. */
const sameAccountGrant: AuthorizerRule = {
  name: 'same-account-grant',
  source: EVAL_DA,
  decide(s, step) {
    const grants = grantsOf(s)
    const side = identitySide(s)
    const caps: GrantCaps = {
      side,
      capsUser: s.options.boundaryCapsDirectTrustGrants !== false && s.roleTrust,
      roleNeedsIdentity: s.options.roleGrantNeedsIdentity === true,
      trust: s.roleTrust,
    }
    const passing = passingGrants(grants, caps)
    if (passing.length > 0) {
      step?.('resource-policy', 'pass', `the resource-based policy grants the caller (${passing[0]?.strength ?? 'direct'})`, EVAL_DA)
      return allowedBy(namesAccount(passing) ? allowedRefs(s, passing, 'identity') : allowedRefs(s, passing))
    }
    // Without a grant, role trust and key policies were decided by their own rules above.
    if (grants.length === 0) explainIdentity(side, '', step)
    else explainGrantFailure(grants, caps, step)
    return DEFAULT_DENY
  },
}

/** The grants that reach the caller under `caps` (PERF: the list itself when all do, the usual case). */
function passingGrants(grants: readonly Grant[], caps: GrantCaps): readonly Grant[] {
  for (let i = 0; i < grants.length; i++) if (!grantPasses(grants[i] as Grant, caps)) return grantsPassing(grants, caps)
  return grants
}

// PERF: a plain loop (the lists are frozen, where Array.prototype.filter takes a slow path: a sixth of
// a request whose grant fails was spent there), and no array when none passes.
function grantsPassing(grants: readonly Grant[], caps: GrantCaps): readonly Grant[] {
  let out: Grant[] | undefined
  for (let i = 0; i < grants.length; i++) {
    const g = grants[i] as Grant
    if (grantPasses(g, caps)) (out ??= []).push(g)
  }
  return out ?? NO_GRANTS
}

const NO_GRANTS: readonly Grant[] = Object.freeze([])

function namesAccount(grants: readonly Grant[]): boolean {
  for (let i = 0; i < grants.length; i++) if ((grants[i] as Grant).strength === 'account') return true
  return false
}

/**
 * The authorizer's rules in AWS's order. The first that returns a verdict decides.
 *
 * @example
 * AUTHORIZER_RULES.map((r) => `${r.name}: ${r.source}`)
 */
export const AUTHORIZER_RULES: readonly AuthorizerRule[] = Object.freeze<AuthorizerRule[]>([
  noAuthorization,
  explicitDeny,
  awsManagedPolicy,
  protectedRole,
  serviceLinkedRoleTrust,
  serviceRolePolicyAttachment,
  rcpLevels,
  scpLevels,
  partition,
  federatedUserApi,
  rootCannotAssume,
  assumeApi,
  trustPolicy,
  keyPolicy,
  unsignedCaller,
  rootUser,
  crossAccountAccess,
  sameAccountIdentity,
  sameAccountGrant,
])

const [r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18] = AUTHORIZER_RULES as readonly (AuthorizerRule | undefined)[]

// Cheap preconditions of rules that decide only in some situations (see AUTHORIZER_GATES).
// GetCallerIdentity and GetSessionToken are STS operations.
const stsAction = (s: Situation): boolean => s.service === 'sts'
// AWS managed policies and protected roles are the protected resources.
const onProtected = (s: Situation): boolean => s.protectedResource !== undefined
// Policies are attached, and boundaries set, through IAM.
const iamAction = (s: Situation): boolean => s.service === 'iam'
const rcpsBind = (s: Situation): boolean => s.layers.rcps.length > 0
const scpsBind = (s: Situation): boolean => s.layers.scps.length > 0
const federatedUser = (s: Situation): boolean => s.caller.kind === 'federatedUser'
const onRoleTrust = (s: Situation): boolean => s.roleTrust
const onKeyPolicy = (s: Situation): boolean => s.keyPolicy
const unsigned = (s: Situation): boolean => !s.caller.signed
const rootCaller = (s: Situation): boolean => s.caller.kind === 'root'
const noOwnGrant = (s: Situation): boolean => !s.roleTrust && !s.keyPolicy

/**
 * Cheap preconditions of rules that decide only in some situations: when a rule's gate is false, the
 * rule passes on without a step (a test checks it, rule by rule, on every case), so the unrolled
 * runner does not call it. Rules without a gate are always called.
 */
export const AUTHORIZER_GATES: ReadonlyMap<AuthorizerRule, (s: Situation) => boolean> = new Map<AuthorizerRule, (s: Situation) => boolean>([
  [noAuthorization, stsAction],
  [awsManagedPolicy, onProtected],
  [protectedRole, onProtected],
  [serviceLinkedRoleTrust, onProtected],
  [serviceRolePolicyAttachment, iamAction],
  [rcpLevels, rcpsBind],
  [scpLevels, scpsBind],
  [federatedUserApi, federatedUser],
  [rootCannotAssume, onRoleTrust],
  [assumeApi, onRoleTrust],
  [trustPolicy, onRoleTrust],
  [keyPolicy, onKeyPolicy],
  [unsignedCaller, unsigned],
  [rootUser, rootCaller],
  [sameAccountIdentity, noOwnGrant],
])

/**
 * Runs `AUTHORIZER_RULES` in order, as `authorize` does. PERF: one call site per rule (each sees one
 * function, so it stays monomorphic and can be inlined) instead of one site that sees every rule, and
 * a rule whose gate (AUTHORIZER_GATES) is false is not called at all; the rules are read from the
 * table, which stays the one statement of their order. A differential test checks that both give the
 * same verdict and steps, and a test that the table has the 19 rules it runs.
 */
export function authorizeRequest(s: Situation, step: StepSink | undefined): Verdict {
  return (
    (stsAction(s) ? (r0 as AuthorizerRule).decide(s, step) : undefined) ??
    (r1 as AuthorizerRule).decide(s, step) ??
    (onProtected(s) ? (r2 as AuthorizerRule).decide(s, step) : undefined) ??
    (onProtected(s) ? (r3 as AuthorizerRule).decide(s, step) : undefined) ??
    (onProtected(s) ? (r4 as AuthorizerRule).decide(s, step) : undefined) ??
    (iamAction(s) ? (r5 as AuthorizerRule).decide(s, step) : undefined) ??
    (rcpsBind(s) ? (r6 as AuthorizerRule).decide(s, step) : undefined) ??
    (scpsBind(s) ? (r7 as AuthorizerRule).decide(s, step) : undefined) ??
    (r8 as AuthorizerRule).decide(s, step) ??
    (federatedUser(s) ? (r9 as AuthorizerRule).decide(s, step) : undefined) ??
    (onRoleTrust(s) ? (r10 as AuthorizerRule).decide(s, step) : undefined) ??
    (onRoleTrust(s) ? (r11 as AuthorizerRule).decide(s, step) : undefined) ??
    (onRoleTrust(s) ? (r12 as AuthorizerRule).decide(s, step) : undefined) ??
    (onKeyPolicy(s) ? (r13 as AuthorizerRule).decide(s, step) : undefined) ??
    (unsigned(s) ? (r14 as AuthorizerRule).decide(s, step) : undefined) ??
    (rootCaller(s) ? (r15 as AuthorizerRule).decide(s, step) : undefined) ??
    (r16 as AuthorizerRule).decide(s, step) ??
    (noOwnGrant(s) ? (r17 as AuthorizerRule).decide(s, step) : undefined) ??
    (r18 as AuthorizerRule).decide(s, step) ??
    DEFAULT_DENY
  )
}

/**
 * `authorizeRequest` for traced evaluations, recording each step: the same rules, gates and order.
 * PERF: a second copy, so that the untraced runner's code stays specialised to evaluations without
 * steps (tests compare traced and untraced evaluations on every generated case).
 */
export function authorizeTraced(s: Situation, step: StepSink): Verdict {
  return (
    (stsAction(s) ? (r0 as AuthorizerRule).decide(s, step) : undefined) ??
    (r1 as AuthorizerRule).decide(s, step) ??
    (onProtected(s) ? (r2 as AuthorizerRule).decide(s, step) : undefined) ??
    (onProtected(s) ? (r3 as AuthorizerRule).decide(s, step) : undefined) ??
    (onProtected(s) ? (r4 as AuthorizerRule).decide(s, step) : undefined) ??
    (iamAction(s) ? (r5 as AuthorizerRule).decide(s, step) : undefined) ??
    (rcpsBind(s) ? (r6 as AuthorizerRule).decide(s, step) : undefined) ??
    (scpsBind(s) ? (r7 as AuthorizerRule).decide(s, step) : undefined) ??
    (r8 as AuthorizerRule).decide(s, step) ??
    (federatedUser(s) ? (r9 as AuthorizerRule).decide(s, step) : undefined) ??
    (onRoleTrust(s) ? (r10 as AuthorizerRule).decide(s, step) : undefined) ??
    (onRoleTrust(s) ? (r11 as AuthorizerRule).decide(s, step) : undefined) ??
    (onRoleTrust(s) ? (r12 as AuthorizerRule).decide(s, step) : undefined) ??
    (onKeyPolicy(s) ? (r13 as AuthorizerRule).decide(s, step) : undefined) ??
    (unsigned(s) ? (r14 as AuthorizerRule).decide(s, step) : undefined) ??
    (rootCaller(s) ? (r15 as AuthorizerRule).decide(s, step) : undefined) ??
    (r16 as AuthorizerRule).decide(s, step) ??
    (noOwnGrant(s) ? (r17 as AuthorizerRule).decide(s, step) : undefined) ??
    (r18 as AuthorizerRule).decide(s, step) ??
    DEFAULT_DENY
  )
}
