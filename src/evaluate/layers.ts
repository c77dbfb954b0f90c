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
  readonly resource: LayerResult | undefined
}

/** Which callers and resources escape a layer, read once from the request. */
export interface Applicability {
  readonly caller: Caller
  /** The caller is a service-linked role: no SCP or RCP restricts it. */
  readonly serviceLinked: boolean
  /** The request assumes a service-linked role: RCPs do not restrict it. */
  readonly resourceIsServiceLinkedRole: boolean
}

/**
 * Evaluates every layer that binds the request; with `traces`, each layer's trace is pushed there.
 * SCPs bind only AWS principals of member accounts (never services or unsigned federation calls) and
 * never service-linked roles; RCPs bind every caller except service-linked roles and access to them.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
export function evaluateLayers(policies: CompiledPolicySet, req: PreparedRequest, a: Applicability, options: LayerOptions, traces: LayerTrace[] | undefined): LayerResults {
  const run = (list: readonly CompiledPolicy[], kind: LayerKind, applicable: boolean, note?: string, level?: number): LayerResult | undefined => {
    if (!applicable) {
      if (traces !== undefined && list.length > 0) traces.push({ kind, outcome: 'notApplicable', policies: [], ...(level !== undefined ? { level } : {}), ...(note !== undefined ? { note } : {}) })
      return undefined
    }
    const r = evaluateLayer(list, kind, req, options)
    if (traces !== undefined) {
      const outcome = r.denies.length > 0 ? 'deny' : r.allows.length > 0 ? 'allow' : 'noMatch'
      traces.push({ kind, outcome, policies: r.policies ?? [], ...(level !== undefined ? { level } : {}), ...(note !== undefined ? { note } : {}) })
    }
    return r
  }
  const { caller, serviceLinked } = a
  const signed = caller.signed
  const identityApplies = signed && caller.kind !== 'root'
  // A role ARN given as the caller stands for a session of that role, which can carry session policies.
  const sessionCaller = caller.kind === 'roleSession' || caller.kind === 'role' || caller.kind === 'federatedUser'
  const scpNote = !signed ? 'SCPs do not apply to service or unsigned callers' : serviceLinked ? 'SCPs do not apply to service-linked roles' : undefined
  const scps = (policies.scps ?? []).map((level, i) => run(level, 'scp', signed && !serviceLinked, scpNote, i))
  const rcpExempt = serviceLinked || a.resourceIsServiceLinkedRole
  const rcps = (policies.rcps ?? []).map((level, i) => run(level, 'rcp', !rcpExempt, rcpExempt ? 'RCPs do not apply to service-linked roles' : undefined, i))
  const identity = run(policies.identity ?? [], 'identity', identityApplies, identityApplies ? undefined : 'this caller has no identity-based policies')
  const boundary = policies.boundary != null ? run([policies.boundary], 'boundary', identityApplies) : undefined
  const sessionList = policies.session ?? []
  const session = sessionList.length > 0 ? run(sessionList, 'session', identityApplies && sessionCaller, 'session policies apply only to role and federated-user sessions') : undefined
  const resource = policies.resource != null ? run([policies.resource], 'resource', true) : undefined
  return { scps, rcps, identity, boundary, session, resource }
}
