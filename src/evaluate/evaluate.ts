/**
 * AWS's decision across every policy layer: the public evaluation API. A request is read and prepared
 * once, every layer is evaluated once, then the authorizer's rules (`rules.ts`) decide in order.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { exceptionDiagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import type { RequestInput } from '../request/readRequest.js'
import type { Decision, DecisionStep, LayerTrace, StatementRef, Trace } from '../trace/types.js'
import { authorize } from './authorizer.js'
import type { Situation, StepSink } from './authorizer.js'
import type { ConditionOverride, PreparedRequest } from './evaluateStatement.js'
import { evaluateLayers } from './layers.js'
import { memoOf, policySetProblem } from './policySetCheck.js'
import { PreparedFacts, preparedOf } from './prepareRequest.js'
import type { CompiledRequest } from './prepareRequest.js'
import { AUTHORIZER_RULES } from './rules.js'

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
   * `"*"`) still needs the caller's permissions boundary to allow the call. Default true (semantics §5.4).
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
 * Evaluates a request (or a compiled one) against compiled policies: the request is read once (the
 * typed shape or the scenario file's shape), every layer is evaluated once, then the authorizer's rules
 * decide in order. Never throws: a value that is not a request, or policies that are not a compiled
 * policy set, give an implicit deny with errors.
 *
 * @example
 * const policies = compilePolicySet({ identity: [identityPolicy], resource: trustPolicy })
 * const r = evaluateCompiled({ principal: 'arn:aws:iam::111122223333:role/Builder', action: 'sts:AssumeRole',
 *   resource: 'arn:aws:iam::111122223333:role/Deployer' }, policies, { trace: true })
 * r.decision // 'allowed' | 'explicitDeny' | 'implicitDeny'; r.trace?.version === 1
 */
export function evaluateCompiled(input: RequestInput | CompiledRequest, policies: CompiledPolicySet, options: EvaluateOptions = {}): EvaluationResult {
  try {
    const problem = policySetProblem(policies)
    if (problem !== undefined) return denied(problem)
    const prepared = preparedOf(input, memoOf(policies))
    if (!(prepared instanceof PreparedFacts)) return denied(prepared.errors)
    return run(prepared, policies, isOptions(options) ? options : {})
  } catch (caught) {
    // INVARIANT: evaluation does not throw; should it, the answer is a deny that says why.
    return denied([exceptionDiagnostic(caught, '', 'evaluating the request')])
  }
}

function run(prepared: PreparedFacts, policies: CompiledPolicySet, options: EvaluateOptions): EvaluationResult {
  const trace = options.trace === true
  const { caller, context, request } = prepared
  let missing: Set<string> | undefined
  const uncertain = prepared.uncertain
  const req: PreparedRequest = {
    actionLower: prepared.action.lower,
    service: prepared.action.service,
    resource: request.resource,
    resourceLower: prepared.resource.lower,
    context,
    facts: { caller, get userId() { return prepared.userId }, hasBoundary: policies.boundary != null },
    missing: (key) => void (missing ??= new Set()).add(key),
    ...(uncertain !== undefined ? { uncertain } : {}),
    ...(options.conditionOverride !== undefined ? { conditionOverride: options.conditionOverride } : {}),
  }
  const steps: DecisionStep[] | undefined = trace ? [] : undefined
  const layerTraces: LayerTrace[] | undefined = trace ? [] : undefined
  const layers = evaluateLayers(policies, req, prepared, { trace, unindexed: options.unindexed === true }, layerTraces)
  const situation: Situation = {
    caller,
    action: request.action,
    actionLower: prepared.action.lower,
    service: prepared.action.service,
    resourcePartition: prepared.resource.partition,
    resourceAccount: prepared.resourceAccount,
    roleTrust: prepared.roleTrust,
    keyPolicy: prepared.keyPolicy,
    protectedResource: prepared.resource.protectedResource,
    get serviceLinked() { return prepared.serviceLinked },
    context,
    layers,
    options,
  }
  const step: StepSink | undefined = steps !== undefined ? (rule, outcome, message, source) => void steps.push({ rule, outcome, message, source }) : undefined
  const verdict = authorize(situation, AUTHORIZER_RULES, step)
  return {
    decision: verdict.decision,
    determining: verdict.determining,
    missingContextKeys: missing === undefined ? NONE : [...missing].sort(),
    errors: NONE as readonly Diagnostic[],
    ...(trace
      ? {
          trace: {
            version: 1 as const,
            request: { principal: caller.display, action: request.action, resource: request.resource, context: contextSnapshot(context.entries()) },
            layers: layerTraces ?? [],
            steps: steps ?? [],
          },
        }
      : {}),
  }
}

const NONE: readonly never[] = Object.freeze([])

function denied(errors: readonly Diagnostic[]): EvaluationResult {
  return { decision: 'implicitDeny', determining: [], missingContextKeys: [], errors: [...errors] }
}

function isOptions(options: unknown): options is EvaluateOptions {
  return typeof options === 'object' && options !== null
}

function contextSnapshot(entries: ReadonlyMap<string, { readonly key: string; readonly values: readonly string[] }>): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = Object.create(null) as Record<string, readonly string[]>
  for (const entry of entries.values()) out[entry.key] = entry.values
  return out
}

export type { CompiledRequest }
export { compileRequest } from './prepareRequest.js'
