/**
 * AWS's decision across every policy layer, with the role-trust exception and the caps that
 * boundaries and session policies put on resource-policy grants.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import { parseArn } from '../arn/arn.js'
import { serviceOf } from '../compile/matchAction.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { isMultivaluedKey } from '../conditions/multivaluedKeys.js'
import type { Diagnostic } from '../diagnostics.js'
import { buildContext } from '../request/buildContext.js'
import { checkRequest } from '../request/checkRequest.js'
import type { Caller } from '../request/caller.js'
import type { Request } from '../request/types.js'
import type { Decision, DecisionStep, GrantStrength, LayerKind, LayerTrace, StatementRef, Trace } from '../trace/types.js'
import { evaluateLayer } from './evaluateLayer.js'
import type { Grant, LayerOptions, LayerResult } from './evaluateLayer.js'
import type { ConditionOverride, PreparedRequest } from './evaluateStatement.js'
import { uncertainKeys } from './uncertainKeys.js'
import { accountOf, assumeApiOf, isKmsKeyArn, isRoleArn, isServiceLinkedRole, isServiceLinkedRoleArn, policyFreeDecision } from './callerRules.js'

/**
 * The policies AWS consults for a request, one field per layer; `P` is a parsed or a compiled policy.
 *
 * @example
 * const layers: PolicyLayers<CompiledPolicy> = { identity: [compiled], resource: trust }
 */
export interface PolicyLayers<P> {
  /** The caller's identity-based policies (inline, managed, and its groups'). */
  readonly identity?: readonly P[]
  /** The caller's permissions boundary. */
  readonly boundary?: P | null
  /** The session policies of the caller's current session. */
  readonly session?: readonly P[]
  /** SCPs on the caller's account, one array per organization level from the root down. */
  readonly scps?: readonly (readonly P[])[]
  /** The resource-based policy; for sts:AssumeRole* the role's trust policy. */
  readonly resource?: P | null
  /** RCPs on the resource's account, one array per level. */
  readonly rcps?: readonly (readonly P[])[]
}

/**
 * Every compiled policy AWS consults for a request.
 *
 * @example
 * const policies: CompiledPolicySet = compilePolicySet({ identity: [identityPolicy], resource: trustPolicy })
 */
export type CompiledPolicySet = PolicyLayers<CompiledPolicy>

/**
 * Evaluation options.
 *
 * @example
 * evaluateCompiled(request, policies, { trace: true }) // with the full trace
 * evaluateCompiled(request, policies, { unindexed: true }) // every statement, no index (differential tests)
 */
export interface EvaluateOptions {
  /** Record the full trace (default false: tracing off costs close to nothing). */
  readonly trace?: boolean
  /** Evaluate every statement instead of using the per-service index (differential testing). */
  readonly unindexed?: boolean
  /** Force results for chosen conditions (partial evaluation). */
  readonly conditionOverride?: ConditionOverride
  /**
   * Fail-closed reading of an AWS contradiction: a trust policy naming the caller's IAM user ARN (or
   * `"*"`) still needs the caller's permissions boundary to allow the call. Default true (docs/semantics.md#boundary-trust-user).
   */
  readonly boundaryCapsDirectTrustGrants?: boolean
  /** Demand an identity-policy allow even when a same-account trust policy names the caller's role ARN. Default false. */
  readonly roleGrantNeedsIdentity?: boolean
}

/**
 * The answer to one request.
 *
 * @example
 * const r: EvaluationResult = evaluateCompiled(request, policies)
 * if (r.decision === 'explicitDeny') r.determining.map(formatRef) // the Deny statements that applied
 */
export interface EvaluationResult {
  readonly decision: Decision
  /** The statements that decided: the applicable Denies, or the Allows that granted. */
  readonly determining: readonly StatementRef[]
  /** Context keys that conditions read but the request did not give. */
  readonly missingContextKeys: readonly string[]
  /** Problems with the request; a request with errors is never allowed. */
  readonly errors: readonly Diagnostic[]
  readonly trace?: Trace
}

const ROLE_TRUST_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext'])
const EVAL_DA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'
const EVAL_XA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html'
const SCP_EVAL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html'
const RCP_EVAL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html'
const BOUND = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'
const TRUSTUPD = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html'
const ROLES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html'
const XACCT = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html'
const GFT = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html'
const STSCMP = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html'

/**
 * A request checked and prepared once (caller model, lowercased action, context with derived keys), to
 * evaluate against many policy sets or many times: `evaluateCompiled` accepts it in place of a `Request`.
 * It holds a copy of the request, so later changes to the original object do not reach it.
 *
 * @example
 * const request: CompiledRequest = compileRequest({ principal: { kind: 'aws', arn: 'arn:aws:iam::111122223333:user/alice' },
 *   action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/Admin' })
 * if (request.errors.length === 0) evaluateCompiled(request, policies).decision
 */
export interface CompiledRequest {
  readonly kind: 'compiledRequest'
  /** The request as given (copied). */
  readonly request: Request
  /** Why the request cannot be evaluated; evaluating it is then an implicit deny with these errors. */
  readonly errors: readonly Diagnostic[]
  /**
   * The prepared request; absent when `errors` is not empty.
   * @internal
   */
  readonly prepared?: PreparedFacts
}

/**
 * What evaluation derives from a request alone, independent of the policies.
 * @internal
 */
export interface PreparedFacts {
  readonly caller: Caller
  readonly actionLower: string
  readonly service: string
  readonly context: ReturnType<typeof buildContext>
  readonly userId: string | undefined
  readonly uncertain: ReturnType<typeof uncertainKeys>
  /** The caller is a service-linked role: no SCP or RCP restricts it. */
  readonly serviceLinked: boolean
  /** The request assumes a service-linked role: RCPs do not restrict it. */
  readonly resourceIsServiceLinkedRole: boolean
  /** The resource lowercased once, for the case-insensitive reading of resource patterns. */
  readonly resourceLower: string
  /** The resource ARN's partition, when the resource is an ARN. */
  readonly resourcePartition: string | undefined
  /** The account that owns the resource (`resourceAccount`, the ARN's account, or the caller's for `*`). */
  readonly resourceAccount: string | undefined
  /** An AssumeRole-family action on a role: the role's trust policy must allow the caller itself. */
  readonly roleTrust: boolean
  /** A KMS request on a key: the key policy must allow the caller itself. */
  readonly keyPolicy: boolean
}

/**
 * Checks and prepares a request once. PERF: evaluating a `CompiledRequest` skips parsing the principal
 * and building the context on every evaluation.
 *
 * @example
 * const request = compileRequest({ principal: { kind: 'aws', arn: 'arn:aws:iam::111122223333:user/alice' }, action: 'sts:AssumeRole',
 *   resource: 'arn:aws:iam::111122223333:role/Admin' })
 * for (const policies of candidateSets) evaluateCompiled(request, policies).decision
 */
export function compileRequest(input: Request): CompiledRequest {
  const request: Request = {
    principal: { ...input.principal },
    action: input.action,
    resource: input.resource,
    ...(input.resourceAccount !== undefined ? { resourceAccount: input.resourceAccount } : {}),
    ...(input.context !== undefined ? { context: { ...input.context } } : {}),
  }
  const { caller: callerResult, errors } = checkRequest(request)
  const actionLower = request.action.toLowerCase()
  if (!callerResult.ok || errors.length > 0) return { kind: 'compiledRequest', request, errors }
  const caller = callerResult.caller
  // buildContext copies every value, so the prepared context does not change with the input.
  const context = buildContext(request.context, caller, request.resource, request.resourceAccount, isMultivaluedKey)
  const userId = context.get('aws:userid')
  return {
    kind: 'compiledRequest',
    request,
    errors: [],
    prepared: {
      caller,
      actionLower,
      service: serviceOf(actionLower),
      context,
      userId: userId !== undefined && userId.values.length === 1 ? userId.values[0] : undefined,
      uncertain: uncertainKeys(caller, context),
      serviceLinked: isServiceLinkedRole(caller, context.get('aws:principalarn')?.values[0]),
      resourceIsServiceLinkedRole: ROLE_TRUST_ACTIONS.has(actionLower) && isServiceLinkedRoleArn(request.resource),
      resourceLower: request.resource.toLowerCase(),
      resourcePartition: parseArn(request.resource)?.partition,
      // A request on `*` (actions without resource-level permissions) stays in the caller's account.
      resourceAccount: request.resourceAccount ?? (request.resource === '*' ? caller.account : accountOf(request.resource)),
      roleTrust: ROLE_TRUST_ACTIONS.has(actionLower) && isRoleArn(request.resource),
      keyPolicy: serviceOf(actionLower) === 'kms' && isKmsKeyArn(request.resource),
    },
  }
}

/**
 * Evaluates a request (or a compiled one) against compiled policies. Never throws; an invalid request is an implicit deny with errors.
 *
 * @example
 * const policies = compilePolicySet({ identity: [identityPolicy], resource: trustPolicy })
 * const r = evaluateCompiled({ principal: { kind: 'aws', arn: 'arn:aws:iam::111122223333:role/Builder' }, action: 'sts:AssumeRole',
 *   resource: 'arn:aws:iam::111122223333:role/Deployer' }, policies, { trace: true })
 * r.decision // 'allowed' | 'explicitDeny' | 'implicitDeny'; r.trace?.version === 1
 */
export function evaluateCompiled(input: Request | CompiledRequest, policies: CompiledPolicySet, options: EvaluateOptions = {}): EvaluationResult {
  const trace = options.trace === true
  const compiled = isCompiledRequest(input) ? input : compileRequest(input)
  const request = compiled.request
  if (compiled.prepared === undefined) return { decision: 'implicitDeny', determining: [], missingContextKeys: [], errors: [...compiled.errors] }
  const { caller, actionLower, context, userId, uncertain, serviceLinked, resourceIsServiceLinkedRole, resourcePartition, resourceAccount, roleTrust, keyPolicy } = compiled.prepared
  const req: PreparedRequest = {
    actionLower,
    service: compiled.prepared.service,
    resource: request.resource,
    resourceLower: compiled.prepared.resourceLower,
    context,
    facts: { caller, userId, hasBoundary: policies.boundary != null },
    missingKeys: new Set(),
    ...(uncertain !== undefined ? { uncertain } : {}),
    ...(options.conditionOverride !== undefined ? { conditionOverride: options.conditionOverride } : {}),
  }
  const layerOptions: LayerOptions = { trace, unindexed: options.unindexed === true }
  const steps: DecisionStep[] | undefined = trace ? [] : undefined
  const layers: LayerTrace[] | undefined = trace ? [] : undefined
  const step = (rule: string, outcome: DecisionStep['outcome'], message: string, source: string): void => {
    steps?.push({ rule, outcome, message, source })
  }
  const run = (list: readonly CompiledPolicy[], kind: LayerKind, applicable: boolean, note?: string, level?: number): LayerResult | undefined => {
    if (!applicable) {
      if (layers !== undefined && list.length > 0) layers.push({ kind, outcome: 'notApplicable', policies: [], ...(level !== undefined ? { level } : {}), ...(note !== undefined ? { note } : {}) })
      return undefined
    }
    const r = evaluateLayer(list, kind, req, layerOptions)
    if (layers !== undefined) {
      const outcome = r.denies.length > 0 ? 'deny' : r.allows.length > 0 ? 'allow' : 'noMatch'
      layers.push({ kind, outcome, policies: r.policies ?? [], ...(level !== undefined ? { level } : {}), ...(note !== undefined ? { note } : {}) })
    }
    return r
  }

  // Which layers apply. SCPs bind only AWS principals of member accounts (never services or unsigned
  // federation calls); RCPs bind every caller. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
  const signed = caller.signed
  const identityApplies = signed && caller.kind !== 'root'
  // A role ARN given as the caller stands for a session of that role, which can carry session policies.
  const sessionCaller = caller.kind === 'roleSession' || caller.kind === 'role' || caller.kind === 'federatedUser'
  // Neither SCPs nor RCPs restrict service-linked roles. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
  const scpNote = !signed ? 'SCPs do not apply to service or unsigned callers' : serviceLinked ? 'SCPs do not apply to service-linked roles' : undefined
  const scpLevels = (policies.scps ?? []).map((level, i) => run(level, 'scp', signed && !serviceLinked, scpNote, i))
  // Nor do RCPs restrict access to a service-linked role (a service assuming it).
  const rcpExempt = serviceLinked || resourceIsServiceLinkedRole
  const rcpLevels = (policies.rcps ?? []).map((level, i) => run(level, 'rcp', !rcpExempt, rcpExempt ? 'RCPs do not apply to service-linked roles' : undefined, i))
  const identity = run(policies.identity ?? [], 'identity', identityApplies, identityApplies ? undefined : 'this caller has no identity-based policies')
  const boundary = policies.boundary != null ? run([policies.boundary], 'boundary', identityApplies) : undefined
  const sessionList = policies.session ?? []
  const session = sessionList.length > 0 ? run(sessionList, 'session', identityApplies && sessionCaller, 'session policies apply only to role and federated-user sessions') : undefined
  const resource = policies.resource != null ? run([policies.resource], 'resource', true) : undefined

  const finish = (decision: Decision, determining: readonly StatementRef[]): EvaluationResult => {
    const result: EvaluationResult = {
      decision,
      determining,
      missingContextKeys: [...req.missingKeys].sort(),
      errors: [],
      ...(trace
        ? {
            trace: {
              version: 1 as const,
              request: { principal: caller.display, action: request.action, resource: request.resource, context: contextSnapshot(context.entries) },
              layers: layers ?? [],
              steps: steps ?? [],
            },
          }
        : {}),
    }
    return result
  }

  // 0. Operations AWS does not authorize with policies (GetCallerIdentity, GetSessionToken).
  const policyFree = policyFreeDecision(caller, actionLower, request.action)
  if (policyFree !== undefined) {
    step('no-authorization', policyFree.allowed ? 'pass' : 'fail', policyFree.message, policyFree.source)
    return finish(policyFree.allowed ? 'allowed' : 'implicitDeny', [])
  }

  // 1. An applicable Deny in any policy ends the evaluation.
  const denies: StatementRef[] = []
  for (const layer of [...scpLevels, ...rcpLevels, identity, boundary, session, resource]) if (layer !== undefined) denies.push(...layer.denies)
  if (denies.length > 0) {
    step('explicit-deny', 'fail', `${denies.length} Deny statement(s) apply`, EVAL_DA)
    return finish('explicitDeny', denies)
  }
  step('explicit-deny', 'pass', 'no Deny statement applies', EVAL_DA)

  // 2-3. Every RCP level of the resource's account and every SCP level of the caller's account must allow.
  const determining: StatementRef[] = []
  for (const [levels, rule, source] of [[rcpLevels, 'rcp', RCP_EVAL], [scpLevels, 'scp', SCP_EVAL]] as const) {
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]
      if (level === undefined) continue
      if (level.allows.length === 0) {
        step(rule, 'fail', `${rule.toUpperCase()} level ${i} (${i === 0 ? 'root' : i === levels.length - 1 ? 'account' : 'OU'}) does not allow the action`, source)
        return finish('implicitDeny', [])
      }
      determining.push(...level.allows.map((g) => g.ref))
    }
    if (levels.some((l) => l !== undefined)) step(rule, 'pass', `every ${rule.toUpperCase()} level allows`, source)
  }

  // Resource policies and roles never delegate across partitions (aws, aws-cn, aws-us-gov).
  if (signed && caller.partition !== undefined && resourcePartition !== undefined && caller.partition !== resourcePartition) {
    step('partition', 'fail', `the caller is in partition \`${caller.partition}\` and the resource in \`${resourcePartition}\`; access never crosses partitions`, XACCT)
    return finish('implicitDeny', [])
  }

  // GetFederationToken credentials cannot call IAM through the API or CLI, nor any STS operation but
  // GetCallerIdentity (the console exception for IAM is not visible in a request: fail closed).
  if (caller.kind === 'federatedUser' && (req.service === 'iam' || (req.service === 'sts' && actionLower !== 'sts:getcalleridentity'))) {
    step('federated-user-api', 'fail', req.service === 'sts' ? 'a federated-user session cannot call STS operations other than GetCallerIdentity' : 'a federated-user session cannot call IAM operations through the API or CLI (console sessions can; the request does not say which, so fail closed)', GFT)
    return finish('implicitDeny', [])
  }

  const grants = resource?.allows ?? []
  if (roleTrust) {
    if (caller.kind === 'root' && actionLower.startsWith('sts:assumerole')) {
      step('root-cannot-assume', 'fail', 'the root user cannot assume roles', ROLES)
      return finish('implicitDeny', [])
    }
    // Each caller reaches a role through one API only: web-identity and SAML callers through their
    // unsigned APIs, AWS principals and services through the signed AssumeRole; anonymous callers never.
    const api = assumeApiOf(caller)
    if (api === undefined || (actionLower.startsWith('sts:assumerole') && actionLower !== api)) {
      step('assume-api', 'fail', api === undefined ? 'an anonymous caller cannot assume a role' : `this caller can assume a role only through ${api}`, STSCMP)
      return finish('implicitDeny', [])
    }
    if (grants.length === 0) {
      step('trust-policy', 'fail', 'the role trust policy does not allow this caller (a role can be assumed only when its trust policy allows the caller)', EVAL_DA)
      return finish('implicitDeny', [])
    }
    step('trust-policy', 'pass', 'the role trust policy allows this caller', EVAL_DA)
  }
  // KMS key policies, like trust policies, must allow the caller (or its account) themselves: an
  // identity-based allow alone never reaches a key, not even the root user's.
  if (keyPolicy && grants.length === 0) {
    step('key-policy', 'fail', 'the KMS key policy does not allow this caller (a key policy must allow access itself)', EVAL_DA)
    return finish('implicitDeny', [])
  }
  // Role trust and key policies must grant; an identity-based allow alone never suffices.
  const mustGrant = roleTrust || keyPolicy

  // Unsigned and service callers have no identity side: the resource policy decides.
  if (!signed) {
    if (grants.length === 0) {
      step('resource-policy', 'fail', 'no resource-based policy allows this caller', EVAL_DA)
      return finish('implicitDeny', [])
    }
    step('resource-policy', 'pass', 'a resource-based policy allows this caller', EVAL_DA)
    return finish('allowed', [...determining, ...grants.map((g) => g.ref)])
  }

  const crossAccount = resourceAccount === undefined || caller.account !== resourceAccount
  if (caller.kind === 'root') {
    // The root user is implicitly allowed in its own account; across accounts a resource grant is needed.
    if (!crossAccount) return finish('allowed', determining)
    if (grants.length === 0) {
      step('resource-policy', 'fail', 'cross-account: no resource-based policy allows the caller', EVAL_XA)
      return finish('implicitDeny', [])
    }
    return finish('allowed', [...determining, ...grants.map((g) => g.ref)])
  }

  const identityAllows = (identity?.allows.length ?? 0) > 0
  const boundaryAllows = boundary === undefined || boundary.allows.length > 0
  const noSessionPolicyForFederated = caller.kind === 'federatedUser' && session === undefined
  const sessionAllows = noSessionPolicyForFederated ? false : session === undefined || session.allows.length > 0
  const identityPath = identityAllows && boundaryAllows && sessionAllows
  const identityRefs = (): StatementRef[] => [
    ...(identity?.allows ?? []).map((g) => g.ref),
    ...(boundary?.allows ?? []).map((g) => g.ref),
    ...(session?.allows ?? []).map((g) => g.ref),
  ]
  const explainIdentity = (prefix: string): void => {
    if (!identityAllows) step('identity', 'fail', `${prefix}no identity-based policy allows the action`, EVAL_DA)
    else if (!boundaryAllows) step('boundary', 'fail', `${prefix}the permissions boundary does not allow the action`, BOUND)
    else if (!sessionAllows)
      step('session', 'fail', noSessionPolicyForFederated ? `${prefix}a federated-user session without a session policy has no permissions` : `${prefix}the session policy does not allow the action`, noSessionPolicyForFederated ? GFT : EVAL_DA)
  }

  if (crossAccount) {
    // Both accounts must allow: the resource policy in the resource's account, the identity side in the caller's.
    if (grants.length === 0) {
      step('resource-policy', 'fail', 'cross-account: the resource-based policy does not allow the caller', EVAL_XA)
      return finish('implicitDeny', [])
    }
    if (!identityPath) {
      explainIdentity('cross-account: ')
      return finish('implicitDeny', [])
    }
    step('cross-account', 'pass', 'the resource policy and the caller\'s own policies both allow', EVAL_XA)
    return finish('allowed', [...determining, ...grants.map((g) => g.ref), ...identityRefs()])
  }

  // Same account: an identity allow suffices (except for role trust), or a resource grant under its caps.
  if (!mustGrant && identityPath) {
    step('identity', 'pass', 'an identity-based policy allows the action', EVAL_DA)
    return finish('allowed', [...determining, ...identityRefs(), ...grants.map((g) => g.ref)])
  }
  const capsUser = options.boundaryCapsDirectTrustGrants !== false && roleTrust
  const passing = grants.filter((g) => grantPasses(g, { identityPath, identityAllows, boundaryAllows, sessionAllows, capsUser, roleNeedsIdentity: options.roleGrantNeedsIdentity === true, trust: roleTrust }))
  if (passing.length > 0) {
    const strength = passing[0]?.strength
    step('resource-policy', 'pass', `the resource-based policy grants the caller (${strength ?? 'direct'})`, EVAL_DA)
    return finish('allowed', [...determining, ...passing.map((g) => g.ref), ...(passing.some((g) => g.strength === 'account') ? identityRefs() : [])])
  }
  if (grants.length === 0) {
    if (!mustGrant) explainIdentity('')
    return finish('implicitDeny', [])
  }
  explainGrantFailure(grants, { identityAllows, boundaryAllows, sessionAllows, capsUser, step, explainIdentity })
  return finish('implicitDeny', [])
}

function isCompiledRequest(input: Request | CompiledRequest): input is CompiledRequest {
  return (input as { readonly kind?: unknown }).kind === 'compiledRequest'
}

interface CapState {
  readonly identityPath: boolean
  readonly identityAllows: boolean
  readonly boundaryAllows: boolean
  readonly sessionAllows: boolean
  readonly capsUser: boolean
  readonly roleNeedsIdentity: boolean
  readonly trust: boolean
}

/**
 * Whether a same-account resource grant reaches the caller under the caps of docs/semantics.md#grant-caps:
 * session/federated-user ARN: never capped; user ARN: capped by the boundary in trust policies (fail
 * closed); role ARN and "*": capped by boundary and session policy ("*" narrowed by aws:PrincipalArn
 * outside trust policies excepted); account: needs the identity side.
 */
function grantPasses(grant: Grant, s: CapState): boolean {
  const strength: GrantStrength = grant.strength ?? 'wildcard'
  switch (strength) {
    case 'session':
    case 'service':
    case 'federated':
      return true
    case 'user':
      return !s.capsUser || s.boundaryAllows
    case 'role':
      return s.boundaryAllows && s.sessionAllows && (!s.roleNeedsIdentity || s.identityAllows)
    case 'wildcard':
      // "*" narrowed by aws:PrincipalArn is not limited by boundaries or session policies; whether that
      // holds for trust policies is undocumented, so there the caps stay (docs/semantics.md#star-principal-arn-trust).
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
      return (grant.byPrincipalArn === true && !s.trust) || (s.boundaryAllows && s.sessionAllows)
    case 'account':
      return s.identityPath
  }
}

function explainGrantFailure(
  grants: readonly Grant[],
  s: {
    identityAllows: boolean
    boundaryAllows: boolean
    sessionAllows: boolean
    capsUser: boolean
    step: (rule: string, outcome: DecisionStep['outcome'], message: string, source: string) => void
    explainIdentity: (prefix: string) => void
  },
): void {
  const strengths = new Set(grants.map((g) => g.strength ?? 'wildcard'))
  if (strengths.has('account')) s.explainIdentity('the resource policy names the account, which only delegates: ')
  if (!s.boundaryAllows) s.step('boundary', 'fail', strengths.has('user') && s.capsUser ? 'the permissions boundary does not allow the action (a trust policy naming a user still needs the boundary; fail closed)' : 'the permissions boundary does not allow the action', strengths.has('user') ? TRUSTUPD : BOUND)
  else if (!s.sessionAllows) s.step('session', 'fail', 'the session policy does not allow the action (grants to a role ARN are capped by the session policy)', EVAL_DA)
}

function contextSnapshot(entries: ReadonlyMap<string, { readonly key: string; readonly values: readonly string[] }>): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = Object.create(null) as Record<string, readonly string[]>
  for (const entry of entries.values()) out[entry.key] = entry.values
  return out
}

export type { Caller }
