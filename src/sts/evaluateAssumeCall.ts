/**
 * Evaluates an STS call end to end: the request rules (violations AWS reports before any policy),
 * every action the call needs (the AssumeRole* action, plus sts:TagSession when tags or transitive
 * keys are passed, plus sts:SetSourceIdentity when a source identity is set), each decided by the
 * engine with its own trace, and the resulting session.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
 */
import { compilePolicy } from '../compile/compilePolicy.js'
import { diagnostic, exceptionDiagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { evaluateCompiled } from '../evaluate/evaluate.js'
import type { CompiledPolicySet, EvaluateOptions, EvaluationResult } from '../evaluate/evaluate.js'
import type { RequestPrincipal } from '../request/types.js'
import type { Decision } from '../trace/types.js'
import { buildCallContext } from './callContext.js'
import { callerFacts, effectiveRequest } from './effectiveRequest.js'
import { STS_API_ACTION } from './apis.js'
import { STS_SOURCES } from './limits.js'
import { assumeRootTarget } from './parameterRules.js'
import { checkRequestRules } from './requestRules.js'
import type { RequestViolation } from './requestRules.js'
import { createSession } from './session.js'
import type { AssumedSession, SessionRequest } from './session.js'
import type { AssumeCall, AssumeCallFile, CallCaller, CallPolicy, FollowUpRequest } from './types.js'

/** One action the call needs, and its decision. */
export interface ActionDecision {
  readonly action: string
  readonly result: EvaluationResult
}

/** A follow-up request made with the resulting session, and its decision. */
export interface FollowUpResult {
  readonly request: FollowUpRequest
  readonly result: EvaluationResult
}

/** The outcome of one STS call. */
export interface AssumeCallResult {
  readonly api: AssumeCall['api']
  /** Pointer of the call in its file. */
  readonly pointer: string
  /** The caller as evaluated (for a chain hop, the previous session). */
  readonly caller: string
  /** explicitDeny if any action is explicitly denied; allowed only if every action is allowed. */
  readonly decision: Decision
  /** True only when every action is allowed and no request rule is broken. */
  readonly succeeds: boolean
  readonly actions: readonly ActionDecision[]
  readonly violations: readonly RequestViolation[]
  /** The request context used for every action. */
  readonly context: Readonly<Record<string, string | readonly string[]>>
  /** Fail-closed and modelling notes, each with its source. */
  readonly notes: readonly string[]
  /** The session the call creates (only when it succeeds). */
  readonly session?: AssumedSession
  readonly followUps: readonly FollowUpResult[]
}

/** The outcome of a call file: every call (a chain stops at the first call that fails). */
export interface AssumeCallFileResult {
  readonly calls: readonly AssumeCallResult[]
  /** Chain hops never evaluated because an earlier hop failed. */
  readonly notReached: number
  readonly succeeds: boolean
}

/**
 * Evaluates one call. `caller` replaces the call's own caller (a chain hop's previous session).
 *
 * @example
 * const parsed = parseAssumeCall(text)
 * if (parsed.ok) {
 *   const r = evaluateAssumeCall(parsed.value.calls[0]!, { trace: true })
 *   r.succeeds // false when a policy denies or a request rule is broken
 *   r.session?.arn // 'arn:aws:sts::111122223333:assumed-role/Deploy/ci'
 * }
 */
export function evaluateAssumeCall(call: AssumeCall, options: EvaluateOptions & { readonly caller?: CallCaller } = {}): AssumeCallResult {
  try {
    return evaluateCall(call, options)
  } catch (caught) {
    // A JavaScript caller may pass anything: what is not a parsed call fails, never throws.
    return failedCall(call, exceptionDiagnostic(caught, '', 'evaluating the STS call (pass a call of a successful parseAssumeCall)'))
  }
}

function failedCall(call: unknown, d: Diagnostic): AssumeCallResult {
  const c = (typeof call === 'object' && call !== null ? call : {}) as Partial<AssumeCall>
  const v: RequestViolation = { ...d, parameter: 'call', limit: 'a parsed call', source: STS_SOURCES.ROLES }
  return { api: c.api ?? 'AssumeRole', pointer: typeof c.pointer === 'string' ? c.pointer : '', caller: '', decision: 'implicitDeny', succeeds: false, actions: [], violations: [v], context: {}, notes: [], followUps: [] }
}

function evaluateCall(call: AssumeCall, options: EvaluateOptions & { readonly caller?: CallCaller }): AssumeCallResult {
  const caller = options.caller ?? call.caller
  if (caller === undefined) {
    // A chain hop evaluated on its own: there is no previous session to call with (fail closed).
    const v: RequestViolation = { ...diagnostic('sts.invalid-call', `${call.pointer}/caller`, 'a chain hop needs the previous session as its caller'), parameter: 'caller', limit: 'a caller', source: STS_SOURCES.ROLES }
    return { api: call.api, pointer: call.pointer, caller: '', decision: 'implicitDeny', succeeds: false, actions: [], violations: [v], context: {}, notes: [], followUps: [] }
  }
  const facts = callerFacts(caller, call.api)
  const request = effectiveRequest(call)
  const violations = checkRequestRules(call, facts, request)
  const built = buildCallContext(call, caller, facts, request)
  const context = built.context
  const notes =
    call.api === 'AssumeRoot'
      ? [...built.notes, `the session is the member account's root user, scoped by ${call.parameters.TaskPolicyArn?.arn ?? 'the task policy'}; requests made with it are not evaluated [${STS_SOURCES.ROOTTASK}]`]
      : built.notes

  const actions: string[] = []
  const main = STS_API_ACTION[call.api]
  if (main !== undefined) actions.push(main)
  if (call.role !== undefined) {
    if (request.tags.length > 0 || request.transitiveTagKeys.length > 0) actions.push('sts:TagSession')
    if (request.sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity')
    // Trusted context assertions are set with sts:SetContext. https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
    if (call.parameters.ProvidedContexts !== undefined) actions.push('sts:SetContext')
  }
  const principal: RequestPrincipal = caller.federated !== undefined ? { kind: 'federated', provider: caller.federated } : { kind: 'aws', arn: caller.arn ?? '' }
  const resource = callResource(call, facts.account)
  const policies = compileCallPolicies(call, caller)
  const evaluateOptions: EvaluateOptions = { ...options }
  // AssumeRoot is authorized by the caller's own policies in its account (the management or delegated
  // administrator account); the member account's root user is the resource, not a resource policy.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html
  const resourceAccount = call.api === 'AssumeRoot' && facts.account !== undefined ? { resourceAccount: facts.account } : {}
  const decisions: ActionDecision[] = actions.map((action) => ({ action, result: evaluateCompiled({ principal, action, resource, context, ...resourceAccount }, policies, evaluateOptions) }))

  const decision = combineDecisions(decisions.map((d) => d.result.decision))
  const succeeds = decision === 'allowed' && violations.length === 0
  const session = succeeds ? createSession(call, caller, facts, request, context) : undefined
  const followUps: FollowUpResult[] =
    session !== undefined ? call.then.map((req) => ({ request: req, result: session.evaluate(toSessionRequest(req), evaluateOptions) })) : []
  return {
    api: call.api,
    pointer: call.pointer,
    caller: caller.arn ?? caller.federated ?? '',
    decision,
    succeeds,
    actions: decisions,
    violations,
    context,
    notes,
    ...(session !== undefined ? { session } : {}),
    followUps,
  }
}

/**
 * Evaluates every call of a file; in a chain each hop's caller is the previous hop's session.
 *
 * @example
 * const parsed = parseAssumeCall(text, { file })
 * if (parsed.ok) evaluateAssumeCallFile(parsed.value).succeeds
 */
export function evaluateAssumeCallFile(file: AssumeCallFile, options: EvaluateOptions = {}): AssumeCallFileResult {
  if (typeof file !== 'object' || file === null || !Array.isArray(file.calls)) {
    return { calls: [failedCall(undefined, diagnostic('sts.invalid-call', '', 'not a parsed call file (pass the value of a successful parseAssumeCall)'))], notReached: 0, succeeds: false }
  }
  const calls: AssumeCallResult[] = []
  let previous: AssumedSession | undefined
  for (const [i, call] of file.calls.entries()) {
    if (i > 0 && previous === undefined) return { calls, notReached: file.calls.length - i, succeeds: false }
    const caller = i === 0 ? call.caller : previous?.asCaller(`${call.pointer}/caller`)
    const result = evaluateAssumeCall(call, { ...options, ...(caller !== undefined ? { caller } : {}) })
    calls.push(result)
    previous = result.session
  }
  return { calls, notReached: 0, succeeds: calls.length > 0 && calls.every((c) => c.succeeds) }
}

/**
 * The decision of a call from the decisions of its actions: explicitDeny if any action is explicitly
 * denied; allowed only if every one is allowed; otherwise implicitDeny.
 *
 * @example
 * combineDecisions(['allowed', 'implicitDeny']) // 'implicitDeny'
 */
export function combineDecisions(decisions: readonly Decision[]): Decision {
  if (decisions.includes('explicitDeny')) return 'explicitDeny'
  return decisions.every((d) => d === 'allowed') ? 'allowed' : 'implicitDeny'
}

/**
 * The resource a call is authorized on: the role; for AssumeRoot the member account's root user
 * (resource type `root-user`); for GetFederationToken the federated user.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
 */
function callResource(call: AssumeCall, callerAccount: string | undefined): string {
  if (call.role !== undefined) return call.role.arn
  if (call.api === 'AssumeRoot') {
    const target = assumeRootTarget(call.parameters.TargetPrincipal ?? '')
    return `arn:${target?.partition ?? 'aws'}:iam::${target?.account ?? ''}:root`
  }
  return `arn:aws:sts::${callerAccount ?? ''}:federated-user/${call.parameters.Name ?? ''}`
}

function compileCallPolicies(call: AssumeCall, caller: CallCaller): CompiledPolicySet {
  const c = (p: CallPolicy, layer: Parameters<typeof compilePolicy>[1], level?: number) => compilePolicy(p.policy, layer, p.name, level)
  const role = call.role
  // GetFederationToken's own session policies shape the new session, not this call.
  return {
    identity: caller.identity.map((p) => c(p, 'identity')),
    boundary: caller.boundary !== null ? c(caller.boundary, 'boundary') : null,
    session: caller.session.map((p) => c(p, 'session')),
    scps: caller.scps.map((level, l) => level.map((p) => c(p, 'scp', l))),
    resource: role?.trust != null ? c(role.trust, 'resource') : null,
    rcps: (role?.rcps ?? []).map((level, l) => level.map((p) => c(p, 'rcp', l))),
  }
}

function toSessionRequest(req: FollowUpRequest): SessionRequest {
  return {
    action: req.action,
    resource: req.resource,
    ...(req.resourceAccount !== undefined ? { resourceAccount: req.resourceAccount } : {}),
    ...(req.context !== undefined ? { context: req.context } : {}),
    ...(req.resourcePolicy !== undefined ? { resourcePolicy: req.resourcePolicy } : {}),
  }
}
