/**
 * A deliberately simple reference evaluator, written straight from AWS's decision tables, for
 * differential testing of `evaluateCompiled`. No index, no compile step, no trace: every statement
 * of every policy is read from the AST on every call. It reuses only the policy parser's AST and the
 * condition module (`compileCondition`, tested on its own against its tables).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 */
import { compileCondition } from '../../src/conditions/compileCondition.js'
import type { Policy, Statement } from '../../src/policy/types.js'
import type { RequestContext } from '../../src/request/context.js'
import type { Request } from '../../src/request/types.js'
import type { Decision, GrantStrength, Tri } from '../../src/trace/types.js'
import { isSigned, refCaller, refContext, splitArn } from './referenceCaller.js'
import type { RefCaller } from './referenceCaller.js'
import { refActionMatches, refPrincipalMatches, refResourceMatches } from './referenceMatch.js'
import type { RefFacts } from './referenceMatch.js'

/** Parsed policies per layer, as in a scenario file. */
export interface ReferencePolicySet {
  readonly identity: readonly Policy[]
  readonly boundary: Policy | null
  readonly session: readonly Policy[]
  readonly scps: readonly (readonly Policy[])[]
  readonly resource: Policy | null
  readonly rcps: readonly (readonly Policy[])[]
}

/** The two fail-closed switches of semantics §5.9 (same defaults as the engine). */
export interface ReferenceOptions {
  readonly boundaryCapsDirectTrustGrants?: boolean
  readonly roleGrantNeedsIdentity?: boolean
}

type Layer = 'identity' | 'boundary' | 'session' | 'scp' | 'resource' | 'rcp'

/** What one group of policies says: any applicable Deny, and the strengths of the Allows that apply. */
interface Said {
  deny: boolean
  allows: { strengths: GrantStrength[]; byPrincipalArn: boolean }[]
}

const TRUST_ACTIONS = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext']

/** Three-valued AND. */
function and(a: Tri, b: Tri): Tri {
  return a === 'false' || b === 'false' ? 'false' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'true'
}

/** Whether one statement applies to the request (semantics §5.2), with the principal strengths. */
function statementApplies(s: Statement, policy: Policy, layer: Layer, action: string, resource: string, ctx: RequestContext, facts: RefFacts): { tri: Tri; strengths: GrantStrength[] } {
  let tri: Tri = s.action !== undefined ? (refActionMatches(s.action, action) ? 'true' : 'false') : s.effect === 'Deny' ? 'unknown' : 'false'
  if (s.resource !== undefined) tri = and(tri, refResourceMatches(s.resource, resource, ctx, policy.variablesEnabled))
  else if (layer !== 'resource') tri = and(tri, s.effect === 'Deny' ? 'unknown' : 'false')
  let strengths: GrantStrength[] = []
  if (layer === 'resource' || layer === 'rcp') {
    if (s.principal === undefined) tri = and(tri, s.effect === 'Deny' ? 'unknown' : 'false')
    else {
      const p = refPrincipalMatches(s.principal, facts, s.effect, policy.kind === 'trust')
      tri = and(tri, p.result)
      strengths = [...p.strengths]
    }
  } else if (s.principal !== undefined) {
    // Other policy types cannot name a principal; AWS would refuse the policy: unknown.
    tri = and(tri, 'unknown')
  }
  // "Condition": {} has no effect per Access Analyzer; fail closed (semantics §3.8).
  if (s.emptyConditionBlock) tri = and(tri, 'unknown')
  for (const c of s.conditions) tri = and(tri, compileCondition(c, policy.variablesEnabled).evaluate(ctx, false).result)
  return { tri, strengths }
}

/** A Deny applies unless it is certainly false; an Allow grants only when certainly true (semantics §0.2). */
function say(policies: readonly Policy[], layer: Layer, action: string, resource: string, ctx: RequestContext, facts: RefFacts): Said {
  const said: Said = { deny: false, allows: [] }
  for (const policy of policies) {
    for (const s of policy.statements) {
      const { tri, strengths } = statementApplies(s, policy, layer, action, resource, ctx, facts)
      if (s.effect === 'Deny' && tri !== 'false') said.deny = true
      // A statement that names its principal through a positive aws:PrincipalArn condition.
      const byPrincipalArn = s.conditions.some((c) => c.keyLower === 'aws:principalarn' && !c.negated && c.family !== 'null')
      if (s.effect === 'Allow' && tri === 'true') said.allows.push({ strengths, byPrincipalArn })
    }
  }
  return said
}

/** The decision for `request`, per AWS's documented order. */
export function referenceDecide(request: Request, set: ReferencePolicySet, options: ReferenceOptions = {}): Decision {
  const caller = refCaller(request.principal)
  const action = request.action.toLowerCase()
  const colon = action.indexOf(':')
  const validAction = colon > 0 && action.indexOf(':', colon + 1) < 0 && /^[a-z0-9-]+$/.test(action.slice(0, colon)) && /^\S+$/.test(action.slice(colon + 1))
  if (caller === undefined || !validAction) return 'implicitDeny'
  const ctx = refContext(request, caller)
  const userIdEntry = ctx.get('aws:userid')
  const facts: RefFacts = { caller, userId: userIdEntry?.values.length === 1 ? userIdEntry.values[0] : undefined, hasBoundary: set.boundary !== null }
  const run = (policies: readonly Policy[], layer: Layer): Said => say(policies, layer, action, request.resource, ctx, facts)

  // Which policies apply to this caller. SCPs bind signed principals only; identity-side policies
  // exist only for signed non-root callers; session policies only for sessions; RCPs bind everyone.
  const signed = isSigned(caller)
  const identitySide = signed && caller.kind !== 'root'
  // A role ARN given as the caller stands for a session of that role.
  const isSession = caller.kind === 'roleSession' || caller.kind === 'role' || caller.kind === 'federatedUser'
  // Neither SCPs nor RCPs restrict service-linked roles (path /aws-service-role/, seen through aws:PrincipalArn).
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
  const linked = splitArn(ctx.get('aws:principalarn')?.values[0] ?? '')
  const serviceLinked =
    (caller.kind === 'role' || caller.kind === 'roleSession') &&
    linked?.service === 'iam' &&
    linked.account === caller.account &&
    linked.resource.startsWith('role/aws-service-role/') &&
    linked.resource.endsWith(`/${caller.roleName ?? ''}`)
  const scps = signed && !serviceLinked ? set.scps.map((level) => run(level, 'scp')) : []
  const rcps = serviceLinked ? [] : set.rcps.map((level) => run(level, 'rcp'))
  const identity = identitySide ? run(set.identity, 'identity') : undefined
  const boundary = identitySide && set.boundary !== null ? run([set.boundary], 'boundary') : undefined
  const session = identitySide && isSession && set.session.length > 0 ? run(set.session, 'session') : undefined
  const resource = set.resource !== null ? run([set.resource], 'resource') : undefined

  // Step 1: any applicable Deny anywhere.
  if ([...scps, ...rcps, identity, boundary, session, resource].some((s) => s?.deny === true)) return 'explicitDeny'
  // Credentials from GetFederationToken cannot call STS, except GetCallerIdentity.
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
  // (The API/CLI ban on IAM is kept too: the console exception is not visible in a request.)
  if (caller.kind === 'federatedUser' && (action.startsWith('iam:') || (action.startsWith('sts:') && action !== 'sts:getcalleridentity'))) return 'implicitDeny'
  // Steps 2-3: every RCP level and every SCP level must allow.
  if (rcps.some((level) => level.allows.length === 0)) return 'implicitDeny'
  if (scps.some((level) => level.allows.length === 0)) return 'implicitDeny'

  const grants = resource?.allows ?? []
  const role = splitArn(request.resource)
  // Access never crosses partitions (aws, aws-cn, aws-us-gov). https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html
  if (signed && role !== undefined && caller.partition !== role.partition) return 'implicitDeny'
  const roleTrust = TRUST_ACTIONS.includes(action) && role !== undefined && role.service === 'iam' && role.resource.startsWith('role/')
  // ⚑ A role trust policy must itself allow the caller; the root user can never assume a role.
  if (roleTrust && caller.kind === 'root' && action.startsWith('sts:assumerole')) return 'implicitDeny'
  // Each caller reaches a role through one API: web identity and SAML through theirs, AWS principals
  // and services through AssumeRole, anonymous callers never. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html
  const api = caller.kind === 'webIdentity' ? 'sts:assumerolewithwebidentity' : caller.kind === 'saml' ? 'sts:assumerolewithsaml' : caller.kind === 'anonymous' ? undefined : 'sts:assumerole'
  if (roleTrust && (api === undefined || (action.startsWith('sts:assumerole') && action !== api))) return 'implicitDeny'
  if (roleTrust && grants.length === 0) return 'implicitDeny'
  // A KMS key policy, like a trust policy, must allow the caller itself.
  const keyPolicy = action.startsWith('kms:') && role !== undefined && role.service === 'kms' && role.resource.startsWith('key/')
  if (keyPolicy && grants.length === 0) return 'implicitDeny'
  // Unsigned callers have no identity side: the resource policy alone decides.
  if (!signed) return grants.length > 0 ? 'allowed' : 'implicitDeny'

  const resourceAccount = request.resourceAccount ?? (request.resource === '*' ? caller.account : role?.account || undefined)
  const crossAccount = resourceAccount === undefined || resourceAccount !== caller.account
  if (caller.kind === 'root') return !crossAccount || grants.length > 0 ? 'allowed' : 'implicitDeny'

  const identityAllows = (identity?.allows.length ?? 0) > 0
  const boundaryAllows = boundary === undefined || boundary.allows.length > 0
  // A federated-user session without a session policy has no permissions (GetFederationToken).
  const sessionAllows = caller.kind === 'federatedUser' && session === undefined ? false : session === undefined || session.allows.length > 0
  const identityPath = identityAllows && boundaryAllows && sessionAllows
  // Cross-account: both the resource policy and the caller's own policies must allow.
  if (crossAccount) return grants.length > 0 && identityPath ? 'allowed' : 'implicitDeny'
  if (!roleTrust && !keyPolicy && identityPath) return 'allowed'
  const caps = { identityAllows, boundaryAllows, sessionAllows, identityPath }
  return grants.some((g) => g.strengths.some((st) => passes(st, options, roleTrust, g.byPrincipalArn, caps))) ? 'allowed' : 'implicitDeny'
}

/** Same-account resource grants by principal form (semantics §5.4 and §5.9); principal entries are ORed. */
function passes(
  strength: GrantStrength,
  options: ReferenceOptions,
  roleTrust: boolean,
  byPrincipalArn: boolean,
  s: { identityAllows: boolean; boundaryAllows: boolean; sessionAllows: boolean; identityPath: boolean },
): boolean {
  switch (strength) {
    case 'session':
    case 'service':
    case 'federated':
      return true
    case 'user':
      // [FC] a trust policy naming a user ARN still needs that user's boundary (TRUSTUPD).
      return !(options.boundaryCapsDirectTrustGrants !== false && roleTrust) || s.boundaryAllows
    case 'role':
      return s.boundaryAllows && s.sessionAllows && (options.roleGrantNeedsIdentity !== true || s.identityAllows)
    case 'wildcard':
      // "*" narrowed by aws:PrincipalArn is not limited by boundaries or session policies (outside trust
      // policies, where it is undocumented). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
      return (byPrincipalArn && !roleTrust) || (s.boundaryAllows && s.sessionAllows)
    case 'account':
      return s.identityPath
  }
}
