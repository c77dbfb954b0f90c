/**
 * AWS's decision across every policy layer: the public evaluation API, request preparation, and the
 * authorizer run (layers once, then the rules of `rules.ts` in order).
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
import { isRoleArn, isRoleTrustAction } from '../request/roleTrust.js'
import type { Request } from '../request/types.js'
import type { Decision, DecisionStep, LayerTrace, StatementRef, Trace } from '../trace/types.js'
import { authorize } from './authorizer.js'
import type { Situation, StepSink } from './authorizer.js'
import { accountOf, isKmsKeyArn, isServiceLinkedRole, isServiceLinkedRoleArn } from './callerRules.js'
import type { ConditionOverride, PreparedRequest, UnknownStatementHook } from './evaluateStatement.js'
import { evaluateLayers } from './layers.js'
import { AUTHORIZER_RULES } from './rules.js'
import { uncertainKeys } from './uncertainKeys.js'

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
   * Analyses only: how to read a statement the engine cannot decide (default: fail closed). The
   * evaluator's own decisions never set it.
   */
  readonly unknownStatement?: UnknownStatementHook
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
interface PreparedFacts {
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
      resourceIsServiceLinkedRole: isRoleTrustAction(actionLower) && isServiceLinkedRoleArn(request.resource),
      resourceLower: request.resource.toLowerCase(),
      resourcePartition: parseArn(request.resource)?.partition,
      // A request on `*` (actions without resource-level permissions) stays in the caller's account.
      resourceAccount: request.resourceAccount ?? (request.resource === '*' ? caller.account : accountOf(request.resource)),
      roleTrust: isRoleTrustAction(actionLower) && isRoleArn(request.resource),
      keyPolicy: serviceOf(actionLower) === 'kms' && isKmsKeyArn(request.resource),
    },
  }
}

/**
 * Evaluates a request (or a compiled one) against compiled policies: every layer once, then the
 * authorizer's rules in order. Never throws; an invalid request is an implicit deny with errors.
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
  const prepared = compiled.prepared
  const { caller, context, uncertain } = prepared
  const req: PreparedRequest = {
    actionLower: prepared.actionLower,
    service: prepared.service,
    resource: request.resource,
    resourceLower: prepared.resourceLower,
    context,
    facts: { caller, userId: prepared.userId, hasBoundary: policies.boundary != null },
    missingKeys: new Set(),
    ...(uncertain !== undefined ? { uncertain } : {}),
    ...(options.conditionOverride !== undefined ? { conditionOverride: options.conditionOverride } : {}),
    ...(options.unknownStatement !== undefined ? { unknownStatement: options.unknownStatement } : {}),
  }
  const steps: DecisionStep[] | undefined = trace ? [] : undefined
  const layerTraces: LayerTrace[] | undefined = trace ? [] : undefined
  const layers = evaluateLayers(policies, req, prepared, { trace, unindexed: options.unindexed === true }, layerTraces)
  const situation: Situation = {
    caller,
    action: request.action,
    actionLower: prepared.actionLower,
    service: prepared.service,
    resourcePartition: prepared.resourcePartition,
    resourceAccount: prepared.resourceAccount,
    roleTrust: prepared.roleTrust,
    keyPolicy: prepared.keyPolicy,
    layers,
    options,
  }
  const step: StepSink | undefined = steps !== undefined ? (rule, outcome, message, source) => void steps.push({ rule, outcome, message, source }) : undefined
  const verdict = authorize(situation, AUTHORIZER_RULES, step)
  return {
    decision: verdict.decision,
    determining: verdict.determining,
    missingContextKeys: [...req.missingKeys].sort(),
    errors: [],
    ...(trace
      ? {
          trace: {
            version: 1 as const,
            request: { principal: caller.display, action: request.action, resource: request.resource, context: contextSnapshot(context.entries) },
            layers: layerTraces ?? [],
            steps: steps ?? [],
          },
        }
      : {}),
  }
}

function isCompiledRequest(input: Request | CompiledRequest): input is CompiledRequest {
  return (input as { readonly kind?: unknown }).kind === 'compiledRequest'
}

function contextSnapshot(entries: ReadonlyMap<string, { readonly key: string; readonly values: readonly string[] }>): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = Object.create(null) as Record<string, readonly string[]>
  for (const entry of entries.values()) out[entry.key] = entry.values
  return out
}
