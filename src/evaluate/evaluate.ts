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
import type { StepSink } from './authorizer.js'
import type { ConditionOverride, UnknownStatementHook } from './evaluateStatement.js'
import type { LayerOptions } from './evaluateLayer.js'
import { Evaluation } from './evaluationState.js'
import { evaluateLayers } from './layers.js'
import { memoOf, policySetProblem } from './policySetCheck.js'
import { preparedOf, snapshotOf } from './prepareRequest.js'
import type { CompiledRequest } from './prepareRequest.js'
import { authorizeRequest, authorizeTraced } from './rules.js'

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
export function evaluateCompiled(input: RequestInput | CompiledRequest, policies: CompiledPolicySet, options?: EvaluateOptions): EvaluationResult {
  try {
    // PERF: without options (the usual call), one shared empty object rather than one per call.
    const given = isOptions(options) ? options : NO_OPTIONS
    // Sets made by iamtrace carry a memo and were checked when made; any other set is checked now.
    const memo = memoOf(policies)
    const problem = memo === undefined ? policySetProblem(policies) : undefined
    if (problem !== undefined) return denied(problem)
    // A traced result is read later: it keeps a copy of the request, not the caller's objects.
    const state = preparedOf(given.trace === true ? snapshotOf(input) : input, memo)
    if (!(state instanceof Evaluation)) return denied(state.errors)
    return run(state, policies, given)
  } catch (caught) {
    // INVARIANT: evaluation does not throw; should it, the answer is a deny that says why.
    return denied([exceptionDiagnostic(caught, '', 'evaluating the request')])
  }
}

function run(state: Evaluation, policies: CompiledPolicySet, options: EvaluateOptions): EvaluationResult {
  const traced = options.trace === true
  // PERF: with a trace asked for, the decision and its steps are recorded as they happen; the layer
  // tree is built when first read. An analysis's hooks (condition overrides, undecidable statements)
  // would be called again on such a rebuild, so with one the trace is built at once.
  const eager = traced && (options.conditionOverride !== undefined || options.unknownStatement !== undefined)
  state.begin(policies, options, options.conditionOverride)
  const layerTraces: LayerTrace[] | undefined = eager ? [] : undefined
  evaluateLayers(policies, state, state, eager ? EAGER_LAYERS : options.unindexed === true ? UNINDEXED_LAYERS : FAST_LAYERS, layerTraces, state)
  if (!traced) {
    const verdict = authorizeRequest(state, undefined)
    return { decision: verdict.decision, determining: verdict.determining, missingContextKeys: state.missingKeys(), errors: NONE }
  }
  return runTraced(policies, options, state, layerTraces)
}

// PERF: apart from `run`, whose untraced path then captures nothing (a function whose variables
// closures capture allocates a context object on every call, closures made or not).
function runTraced(policies: CompiledPolicySet, options: EvaluateOptions, state: Evaluation, layerTraces: LayerTrace[] | undefined): EvaluationResult {
  const steps: DecisionStep[] = []
  const step: StepSink = (rule, outcome, message, source) => void steps.push({ rule, outcome, message, source })
  const verdict = authorizeTraced(state, step)
  const request = { principal: state.caller.display, action: state.action, resource: state.resource }
  if (layerTraces !== undefined) {
    const trace: Trace = { version: 1, request: { ...request, context: contextSnapshot(state.context.entries()) }, layers: layerTraces, steps }
    return { decision: verdict.decision, determining: verdict.determining, missingContextKeys: state.missingKeys(), errors: NONE, trace }
  }
  const trace = lazyTrace(steps, request, () => {
    const again = state.fork().begin(policies, options, undefined)
    const traces: LayerTrace[] = []
    evaluateLayers(policies, again, again, EAGER_LAYERS, traces, again)
    return traces
  }, () => contextSnapshot(state.context.entries()))
  return { decision: verdict.decision, determining: verdict.determining, missingContextKeys: state.missingKeys(), errors: NONE, trace }
}

/** A base class whose constructor returns the object it is given, so a subclass can add private fields to it. */
class ExistingObject {
  constructor(target: object) {
    return target as ExistingObject
  }
}

/**
 * A value built the first time it is read, held in private fields added to an existing object (the
 * trace, or its request). PERF: adding a private field is a plain store; a hidden symbol property
 * defined with Object.defineProperty is a runtime call (a third of a traced (a) evaluation went into
 * four of them), and a WeakMap entry costs more still.
 */
class Deferred<T> extends ExistingObject {
  #make: () => T
  #value: T | undefined = undefined

  constructor(target: object, make: () => T) {
    super(target)
    this.#make = make
  }

  /** The value deferred on `target`, built now if it was not yet. */
  static read(target: object): unknown {
    const d = target as Deferred<unknown>
    return (d.#value ??= d.#make())
  }
}

// PERF: one accessor shared by every lazy trace (a getter written in an object literal is a new closure
// per object, and far slower to create); it reads its builder from the object's private fields.
const DEFERRED_GETTER: PropertyDescriptor = {
  get(this: object) {
    return Deferred.read(this)
  },
  enumerable: true,
}

/**
 * A trace whose steps (what decided) are recorded as the evaluation ran, and whose layer tree and
 * request context are built the first time they are read (then kept). Both are own enumerable
 * properties, so JSON.stringify, spreading and deep equality see a plain trace.
 */
function lazyTrace(steps: readonly DecisionStep[], request: { principal: string; action: string; resource: string }, layers: () => readonly LayerTrace[], context: () => Readonly<Record<string, readonly string[]>>): Trace {
  const req = { principal: request.principal, action: request.action, resource: request.resource }
  // (`new Deferred(o, …)` adds the builder to `o` itself and returns `o`.)
  new Deferred(req, context)
  Object.defineProperty(req, 'context', DEFERRED_GETTER)
  const trace: { version: 1; request: typeof req; steps?: readonly DecisionStep[] } = { version: 1, request: req }
  new Deferred(trace, layers)
  Object.defineProperty(trace, 'layers', DEFERRED_GETTER)
  trace.steps = steps
  return trace as unknown as Trace
}

const NONE: readonly never[] = Object.freeze([])
const NO_OPTIONS: EvaluateOptions = Object.freeze({})
const FAST_LAYERS: LayerOptions = Object.freeze({ trace: false, unindexed: false })
const UNINDEXED_LAYERS: LayerOptions = Object.freeze({ trace: false, unindexed: true })
const EAGER_LAYERS: LayerOptions = Object.freeze({ trace: true, unindexed: true })

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
