/**
 * Every layer of a request evaluated once, before any rule of the authorizer reads them: which layers
 * bind this caller, and for each, which Deny statements apply and which Allow statements grant.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { Caller } from '../request/caller.js'
import type { LayerKind, LayerTrace } from '../trace/types.js'
import type { CompiledPolicySet } from './evaluate.js'
import { evaluateLayer } from './evaluateLayer.js'
import type { LayerOptions, LayerResult } from './evaluateLayer.js'
import type { PreparedRequest } from './evaluateStatement.js'

/** What each layer says; undefined for a layer that does not bind the caller or has no policy. */
export interface LayerResults {
  /** One entry per SCP level, root first; undefined when SCPs do not bind the caller. */
  readonly scps: readonly (LayerResult | undefined)[]
  /** One entry per RCP level, root first; undefined when RCPs do not bind the request. */
  readonly rcps: readonly (LayerResult | undefined)[]
  readonly identity: LayerResult | undefined
  readonly boundary: LayerResult | undefined
  readonly session: LayerResult | undefined
  /** The resource-based policy (for sts:AssumeRole*, the role's trust policy). */
  readonly resourcePolicy: LayerResult | undefined
}

/** Where `evaluateLayers` writes each layer's result (an evaluation holds them: no object is made for them). */
export type LayerSlots = { -readonly [K in keyof LayerResults]: LayerResults[K] }

/** Which callers and resources escape a layer, read from the request (lazily: only when a layer needs it). */
export interface Applicability {
  readonly caller: Caller
  /** The caller is a service-linked role: no SCP or RCP restricts it. */
  readonly serviceLinked: boolean
  /** The request assumes a service-linked role: RCPs do not restrict it. */
  readonly resourceIsServiceLinkedRole: boolean
}

const NO_LEVELS: readonly (LayerResult | undefined)[] = Object.freeze([])
const NO_POLICIES: readonly CompiledPolicy[] = Object.freeze([])

/**
 * Evaluates every layer that binds the request into `into`; with `traces`, each layer's trace is pushed there.
 * SCPs bind only AWS principals of member accounts (never services or unsigned federation calls) and
 * never service-linked roles; RCPs bind every caller except service-linked roles and access to them.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
export function evaluateLayers(policies: CompiledPolicySet, req: PreparedRequest, a: Applicability, options: LayerOptions, traces: LayerTrace[] | undefined, into: LayerSlots): void {
  const caller = a.caller
  const signed = caller.signed
  const identityApplies = signed && caller.kind !== 'root'
  // A role ARN given as the caller stands for a session of that role, which can carry session policies.
  const sessionCaller = caller.kind === 'roleSession' || caller.kind === 'role' || caller.kind === 'federatedUser'
  const scpLevels = policies.scps ?? NO_LEVELS_INPUT
  const rcpLevels = policies.rcps ?? NO_LEVELS_INPUT
  // PERF: whether the caller is a service-linked role is read only when an organization policy exists.
  const serviceLinked = scpLevels.length > 0 || rcpLevels.length > 0 ? a.serviceLinked : false
  let scps = NO_LEVELS
  if (scpLevels.length > 0) {
    const note = !signed ? 'SCPs do not apply to service or unsigned callers' : serviceLinked ? 'SCPs do not apply to service-linked roles' : undefined
    const out: (LayerResult | undefined)[] = []
    for (let i = 0; i < scpLevels.length; i++) out.push(layer(scpLevels[i] as readonly CompiledPolicy[], 'scp', signed && !serviceLinked, req, options, traces, note, i))
    scps = out
  }
  let rcps = NO_LEVELS
  if (rcpLevels.length > 0) {
    const exempt = serviceLinked || a.resourceIsServiceLinkedRole
    const out: (LayerResult | undefined)[] = []
    for (let i = 0; i < rcpLevels.length; i++) out.push(layer(rcpLevels[i] as readonly CompiledPolicy[], 'rcp', !exempt, req, options, traces, exempt ? 'RCPs do not apply to service-linked roles' : undefined, i))
    rcps = out
  }
  into.scps = scps
  into.rcps = rcps
  into.identity = layer(policies.identity ?? NO_POLICIES, 'identity', identityApplies, req, options, traces, identityApplies ? undefined : 'this caller has no identity-based policies')
  into.boundary = policies.boundary != null ? layer(policies.boundary, 'boundary', identityApplies, req, options, traces) : undefined
  const sessionList = policies.session ?? NO_POLICIES
  const sessionApplies = identityApplies && sessionCaller
  into.session = sessionList.length > 0 ? layer(sessionList, 'session', sessionApplies, req, options, traces, sessionApplies ? undefined : 'session policies apply only to role and federated-user sessions') : undefined
  into.resourcePolicy = policies.resource != null ? layer(policies.resource, 'resource', true, req, options, traces) : undefined
}

const NO_LEVELS_INPUT: readonly (readonly CompiledPolicy[])[] = Object.freeze([])

function layer(
  list: readonly CompiledPolicy[] | CompiledPolicy,
  kind: LayerKind,
  applicable: boolean,
  req: PreparedRequest,
  options: LayerOptions,
  traces: LayerTrace[] | undefined,
  /** Why the layer does not apply (the trace says it when it does not). */
  note?: string,
  level?: number,
): LayerResult | undefined {
  if (!applicable) {
    if (traces !== undefined && (!Array.isArray(list) || list.length > 0)) traces.push({ kind, outcome: 'notApplicable', policies: [], ...(level !== undefined ? { level } : {}), ...(note !== undefined ? { note } : {}) })
    return undefined
  }
  const r = evaluateLayer(list, kind, req, options)
  if (traces !== undefined) {
    const outcome = r.denies.length > 0 ? 'deny' : r.allows.length > 0 ? 'allow' : 'noMatch'
    traces.push({ kind, outcome, policies: r.policies ?? [], ...(level !== undefined ? { level } : {}) })
  }
  return r
}
