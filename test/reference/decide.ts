/**
 * The reference evaluator: AWS's decision across every layer, written straight from the documented
 * order, re-reading every statement of every policy on every call (no index, no compile step).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 */
import { arnParts, contextFacts, isRoleSession, isSigned, readCaller, resourceAccount, stringsIn } from './caller.js'
import type { RefCaller } from './caller.js'
import { conditionKeys, evaluateCondition, operatorName } from './conditions.js'
import { actionMatches, resourceMatches } from './matching.js'
import { notPrincipalApplies, principalMatches } from './principals.js'
import { protectedRefusal } from './protected.js'
import type { Form } from './principals.js'
import { readPolicy } from './readPolicy.js'
import type { RefLayer, RefPolicy, RefStatement } from './readPolicy.js'
import { agree, and } from './types.js'
import type { RefDecision, RefOptions, RefPolicyTexts, RefRequest, Tri } from './types.js'
import { variableKeys } from './variables.js'
import { worlds } from './world.js'
import type { Facts } from './world.js'

/** What one group of policies says. */
interface Said {
  deny: boolean
  /** Each applicable Allow, with the forms through which its Principal names the caller. */
  allows: { forms: Form[]; byPrincipalArn: boolean }[]
}

/** Everything a statement needs to be read against the request. */
interface Scene {
  readonly caller: RefCaller
  readonly action: string
  readonly resource: string
  readonly facts: Facts
  readonly hasBoundary: boolean
  /** Which rare rules the evaluation went through (for the generators' mix). */
  readonly tags: Set<Tag>
}

/** Rare rules a decision went through. */
export type Tag = 'notPrincipal' | 'unknownKey'

/** A decision and the rule that made it. */
export interface Explained {
  readonly decision: RefDecision
  /** The rule that decided, e.g. `explicit-deny`, `scp-level`, `cross-account`, `grant-role`. */
  readonly path: string
  readonly tags: ReadonlySet<Tag>
  /** On the identity side: whether the boundary or the session policy withheld its allow. */
  readonly boundaryBlocks: boolean
  readonly sessionBlocks: boolean
  readonly roleTrust: boolean
  readonly crossAccount: boolean
}

/** The actions a role trust policy governs. https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html */
const TRUST_ACTIONS = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext']

/** Whether one statement applies, in every world its keys allow. */
function statementApplies(s: RefStatement, policy: RefPolicy, scene: Scene): { result: Tri; forms: Form[] } {
  const keys = s.conditions.flatMap((c) => conditionKeys(c, policy.variables))
  if (s.resource !== undefined) keys.push(...variableKeys(s.resource.values, policy.variables))
  if (s.principal !== undefined) keys.push('aws:userid')
  const results: Tri[] = []
  // The forms through which the Principal names the caller in every world.
  let forms: Form[] | undefined
  const all = worlds(scene.facts, keys)
  for (const world of all) {
    let t: Tri = s.action === undefined ? 'unknown' : actionMatches(s.action, scene.action)
    if (t !== 'false' && all.length > 1) scene.tags.add('unknownKey')
    // No Resource element: the resource the policy is attached to (resource-based policies only).
    if (s.resource !== undefined) t = and(t, resourceMatches(s.resource, scene.resource, policy.variables, world))
    if (s.principal !== undefined) {
      if (s.principal.not) {
        if (t !== 'false') scene.tags.add('notPrincipal')
        t = and(t, notPrincipalApplies(s.principal, scene.caller, world, scene.hasBoundary))
      }
      else {
        const m = principalMatches(s.principal, scene.caller, world, policy.layer === 'trust')
        t = and(t, m.result)
        forms = forms === undefined ? m.forms : forms.filter((f) => m.forms.includes(f))
      }
    }
    // "Condition": {} — the policy analyzer says such a statement has no effect.
    if (s.emptyCondition) t = and(t, 'unknown')
    for (const c of s.conditions) t = and(t, evaluateCondition(c, policy.variables, world))
    if (s.invalid.length > 0) t = and(t, 'unknown')
    results.push(t)
  }
  return { result: agree(results), forms: forms ?? [] }
}

/** A Deny applies unless it is certainly false; an Allow grants only when certainly true. */
function say(policies: readonly RefPolicy[], scene: Scene): Said {
  const said: Said = { deny: false, allows: [] }
  for (const policy of policies) {
    for (const s of policy.statements) {
      const { result, forms } = statementApplies(s, policy, scene)
      if (s.effect === 'Deny' && result !== 'false') said.deny = true
      if (s.effect === 'Allow' && result === 'true') {
        const byPrincipalArn = s.conditions.some((c) => {
          const op = operatorName(c.operator)
          return c.key.toLowerCase() === 'aws:principalarn' && op !== undefined && op.base !== 'Null' && !op.base.includes('Not')
        })
        said.allows.push({ forms, byPrincipalArn })
      }
    }
  }
  return said
}

/** `service:Action`: a service prefix of letters, digits and hyphens, and an action name. */
function validAction(action: string): boolean {
  return /^[a-z0-9-]+:[^\s:]+$/i.test(action)
}

/** Reads every policy of the set (JSON text) for its layer. */
function readAll(texts: RefPolicyTexts, roleTrust: boolean): { [K in 'identity' | 'session' | 'boundary' | 'resource']: RefPolicy[] } & { scps: RefPolicy[][]; rcps: RefPolicy[][] } {
  const read = (list: readonly string[], layer: RefLayer): RefPolicy[] => list.map((t) => readPolicy(t, layer))
  return {
    identity: read(texts.identity, 'identity'),
    boundary: texts.boundary === null ? [] : read([texts.boundary], 'boundary'),
    session: read(texts.session, 'session'),
    scps: texts.scps.map((level) => read(level, 'scp')),
    resource: texts.resource === null ? [] : read([texts.resource], roleTrust ? 'trust' : 'resource'),
    rcps: texts.rcps.map((level) => read(level, 'rcp')),
  }
}

/** True when the resource is an IAM role and the action one a role trust policy governs. */
export function isRoleTrust(action: string, resource: string): boolean {
  const arn = arnParts(resource)
  return TRUST_ACTIONS.includes(action.toLowerCase()) && arn?.service === 'iam' && arn.resource.startsWith('role/')
}

/** The decision AWS makes for `request` given every policy it would consult. */
export function referenceDecide(request: RefRequest, texts: RefPolicyTexts, options: RefOptions = {}): RefDecision {
  return referenceExplain(request, texts, options).decision
}

/** The decision, with the rule that made it and the rare rules it went through. */
export function referenceExplain(request: RefRequest, texts: RefPolicyTexts, options: RefOptions = {}): Explained {
  const tags = new Set<Tag>()
  const roleTrust = isRoleTrust(request.action, request.resource)
  const facts = { boundaryBlocks: false, sessionBlocks: false, roleTrust, crossAccount: false }
  const result = (decision: RefDecision, path: string): Explained => ({ decision, path, tags, ...facts })
  const caller = readCaller(request.principal)
  const action = request.action.toLowerCase()
  if (caller === undefined || !validAction(request.action)) return result('implicitDeny', 'invalid-request')
  const signed = isSigned(caller)

  // Calls that need no permission at all. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
  if (action === 'sts:getcalleridentity') return result(signed ? 'allowed' : 'implicitDeny', 'get-caller-identity')
  // GetSessionToken: IAM users and the root user, with long-term keys, need no permission.
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
  if (action === 'sts:getsessiontoken') return result(caller.kind === 'user' || caller.kind === 'root' ? 'allowed' : 'implicitDeny', 'get-session-token')

  const policies = readAll(texts, roleTrust)
  const mentioned = new Set<string>()
  for (const list of [texts.identity, texts.session, ...texts.scps, ...texts.rcps, texts.boundary === null ? [] : [texts.boundary], texts.resource === null ? [] : [texts.resource]]) {
    for (const t of list) {
      try {
        stringsIn(JSON.parse(t), mentioned)
      } catch {
        // An unreadable document mentions nothing.
      }
    }
  }
  for (const v of Object.values(request.context ?? {})) stringsIn(v, mentioned)
  const known = contextFacts(request, caller, mentioned)
  const scene: Scene = { caller, action, resource: request.resource, facts: known, hasBoundary: texts.boundary !== null, tags }
  const run = (list: readonly RefPolicy[]): Said => say(list, scene)

  const target = arnParts(request.resource)
  // Service-linked roles (path /aws-service-role/) are outside SCPs and RCPs; a session's path is known
  // only when the request shows its aws:PrincipalArn. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
  const principalArn = known.get('aws:principalarn')
  const linkedArn = principalArn?.length === 1 && principalArn[0]?.length === 1 ? arnParts(principalArn[0][0] as string) : undefined
  const serviceLinked =
    isRoleSession(caller) &&
    linkedArn?.service === 'iam' &&
    linkedArn.account === caller.account &&
    linkedArn.resource.startsWith('role/aws-service-role/') &&
    linkedArn.resource.endsWith(`/${caller.roleName}`)
  // RCPs also leave alone a service assuming a service-linked role.
  const assumesLinkedRole = caller.kind === 'service' && roleTrust && target !== undefined && target.resource.startsWith('role/aws-service-role/')
  // SCPs bind the signed principals of member accounts; RCPs bind every caller of the resource.
  const scps = signed && !serviceLinked ? policies.scps.map(run) : []
  const rcps = serviceLinked || assumesLinkedRole ? [] : policies.rcps.map(run)
  const identitySide = signed && caller.kind !== 'root'
  const identity = identitySide ? run(policies.identity) : undefined
  const boundary = identitySide && policies.boundary.length > 0 ? run(policies.boundary) : undefined
  const isSession = caller.kind === 'roleSession' || caller.kind === 'role' || caller.kind === 'federatedUser'
  const session = identitySide && isSession && policies.session.length > 0 ? run(policies.session) : undefined
  const resource = policies.resource.length > 0 ? run(policies.resource) : undefined

  // 1. Any applicable Deny, in any layer.
  if ([...scps, ...rcps, identity, boundary, session, resource].some((s) => s?.deny === true)) return result('explicitDeny', 'explicit-deny')
  // What AWS protects (AWS managed policies, service-linked and /aws-reserved/ roles) stays refused.
  if (protectedRefusal(request, caller, serviceLinked)) return result('implicitDeny', 'protected')
  // Credentials from GetFederationToken call no IAM API, and of STS only GetCallerIdentity.
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
  if (caller.kind === 'federatedUser' && (action.startsWith('iam:') || action.startsWith('sts:'))) return result('implicitDeny', 'federated-user-api')
  // 2-3. Every RCP level and every SCP level must allow.
  if (rcps.some((level) => level.allows.length === 0)) return result('implicitDeny', 'rcp-level')
  if (scps.some((level) => level.allows.length === 0)) return result('implicitDeny', 'scp-level')
  // No access crosses partitions; each partition has its own IAM, so an identity provider of one
  // partition reaches no role of another either.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html
  // https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
  const callerPartition = 'partition' in caller ? caller.partition : (caller.kind === 'webIdentity' || caller.kind === 'saml') && caller.provider.startsWith('arn:') ? caller.provider.split(':')[1] : undefined
  if (callerPartition !== undefined && target !== undefined && target.partition !== callerPartition) return result('implicitDeny', 'partition')

  const grants = resource?.allows ?? []
  if (roleTrust) {
    // The root user cannot assume a role.
    if (caller.kind === 'root' && action.startsWith('sts:assumerole')) return result('implicitDeny', 'root-assume')
    // Each kind of caller reaches a role through its own API; anonymous callers through none.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html
    const api = caller.kind === 'webIdentity' ? 'sts:assumerolewithwebidentity' : caller.kind === 'saml' ? 'sts:assumerolewithsaml' : caller.kind === 'anonymous' ? undefined : 'sts:assumerole'
    if (api === undefined || (action.startsWith('sts:assumerole') && action !== api)) return result('implicitDeny', 'trust-api')
    // A role trust policy must allow the caller itself: an identity policy alone never does.
    if (grants.length === 0) return result('implicitDeny', 'trust-no-grant')
  }
  // A KMS key policy, like a trust policy, must allow: no key is open to the account by default.
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
  const keyPolicy = action.startsWith('kms:') && target?.service === 'kms' && target.resource.startsWith('key/')
  if (keyPolicy && grants.length === 0) return result('implicitDeny', 'key-no-grant')
  // Callers without AWS credentials have no identity side: the resource policy alone decides.
  if (!signed) return result(grants.length > 0 ? 'allowed' : 'implicitDeny', 'unsigned')

  // The account that owns the resource; a request on "*" stays in the caller's account; an unknown owner is another account.
  const owner = request.resource === '*' ? caller.account : resourceAccount(request)
  const crossAccount = owner !== caller.account
  // The root user is allowed everything in its own account, except what a key policy must grant.
  facts.crossAccount = crossAccount
  if (caller.kind === 'root') return result((!crossAccount && !keyPolicy) || grants.length > 0 ? 'allowed' : 'implicitDeny', 'root')

  const identityAllows = (identity?.allows.length ?? 0) > 0
  const boundaryAllows = boundary === undefined || boundary.allows.length > 0
  // A federated user without a session policy has no permissions of its own.
  const sessionAllows = session === undefined ? caller.kind !== 'federatedUser' : session.allows.length > 0
  const identityPath = identityAllows && boundaryAllows && sessionAllows
  facts.boundaryBlocks = !boundaryAllows
  facts.sessionBlocks = !sessionAllows
  // Across accounts both sides must allow: the resource policy, and the caller's own policies.
  if (crossAccount) return result(grants.length > 0 && identityPath ? 'allowed' : 'implicitDeny', 'cross-account')
  if (!roleTrust && !keyPolicy && identityPath) return result('allowed', 'identity')
  const caps = { identityAllows, boundaryAllows, sessionAllows, identityPath }
  const passing = grants.flatMap((g) => g.forms.filter((form) => grantPasses(form, g.byPrincipalArn, roleTrust, options, caps)))
  return result(passing.length > 0 ? 'allowed' : 'implicitDeny', passing.length > 0 ? `grant-${passing[0] as string}` : 'no-grant')
}

/**
 * Whether a same-account resource-policy grant reaches the caller despite an implicit deny on the
 * identity side, by how the Principal names it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
 */
function grantPasses(
  form: Form,
  byPrincipalArn: boolean,
  roleTrust: boolean,
  options: RefOptions,
  caps: { identityAllows: boolean; boundaryAllows: boolean; sessionAllows: boolean; identityPath: boolean },
): boolean {
  switch (form) {
    // A session's own ARN: added after the session exists, so nothing on the identity side caps it.
    case 'session':
    case 'service':
    case 'federated':
      return true
    // A user's ARN: not capped, except that the trust-policy page asks the user's boundary to allow AssumeRole.
    case 'user':
      return !(roleTrust && options.boundaryCapsDirectTrustGrants !== false) || caps.boundaryAllows
    // A role's ARN: capped by the role's boundary and the session policy.
    case 'role':
      return caps.boundaryAllows && caps.sessionAllows && (options.roleGrantNeedsIdentity !== true || caps.identityAllows)
    // "*" narrowed by aws:PrincipalArn escapes boundaries and session policies in resource policies;
    // in trust policies, and without aws:PrincipalArn, it is not documented: capped.
    case 'wildcard':
      return (byPrincipalArn && !roleTrust) || (caps.boundaryAllows && caps.sessionAllows)
    // The account: a delegation; the caller's own policies must allow.
    case 'account':
      return caps.identityPath
  }
}
