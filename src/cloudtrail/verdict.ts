/**
 * The verdict on one event: the model's outcome against the recorded one, the layer that blocks, and —
 * when they disagree — which missing data could explain it (a value the record does not show, a policy
 * type the snapshot lacks, a snapshot older or newer than the event).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import type { DiagnosticCode } from '../diagnostics.js'
import { combineDecisions } from '../sts/evaluateAssumeCall.js'
import { formatRef } from '../trace/renderText.js'
import type { Decision, LayerKind, StatementRef } from '../trace/types.js'
import type { Dependence } from './dependence.js'
import type { EventOutcome } from './model.js'
import type { RecordedOutcome, RecordedPolicyType } from './recordedOutcome.js'
import type { Unknown } from './types.js'

/**
 * What stops the request in the model.
 *
 * @example
 * blocking.layer // 'trust-policy'; blocking.action // 'sts:TagSession'
 */
export interface Blocking {
  /** `request-rule` for an STS request-rule violation; `caller` for rules on who may call. */
  readonly layer: RecordedPolicyType | 'request-rule' | 'caller'
  readonly explicit: boolean
  readonly action?: string
  /** The decision step that failed (its rule name), or the violation code. */
  readonly rule: string
  readonly message: string
  readonly statements: readonly StatementRef[]
}

/** One possible cause of a disagreement. */
export interface Explanation {
  readonly code: DiagnosticCode
  readonly message: string
}

/** The verdict. */
export interface Verdict {
  readonly decision: Decision
  readonly agrees: boolean
  readonly blocking?: Blocking
  /** Every layer that does not allow (AWS names only one of them). */
  readonly failingLayers: readonly string[]
  readonly explanations: readonly Explanation[]
}

const RULE_LAYER: Readonly<Record<string, RecordedPolicyType | 'caller'>> = {
  'trust-policy': 'trust-policy',
  'resource-policy': 'resource-policy',
  'key-policy': 'resource-policy',
  identity: 'identity',
  boundary: 'boundary',
  session: 'session',
  scp: 'scp',
  rcp: 'rcp',
  'root-cannot-assume': 'caller',
  'assume-api': 'caller',
  partition: 'caller',
  'federated-user-api': 'caller',
}
const LAYER_TYPE: Readonly<Record<LayerKind, RecordedPolicyType>> = { scp: 'scp', rcp: 'rcp', identity: 'identity', boundary: 'boundary', session: 'session', resource: 'resource-policy' }
// Violations AWS reports as AccessDenied rather than as a validation error.
const CALLER_VIOLATIONS = new Set(['sts.root-cannot-assume', 'sts.caller-cannot-call'])

function layerOfRef(ref: StatementRef, trustAction: boolean): RecordedPolicyType {
  return ref.layer === 'resource' && trustAction ? 'trust-policy' : LAYER_TYPE[ref.layer]
}

const isTrustAction = (action: string): boolean => /^sts:(assumerole|tagsession|setsourceidentity)/i.test(action)

/** The layers that do not allow, over every denied check. */
function failing(outcome: EventOutcome): { layers: Set<string>; blocking?: Blocking } {
  const layers = new Set<string>()
  let blocking: Blocking | undefined
  for (const check of outcome.checks) {
    const r = check.result
    if (r.decision === 'allowed') continue
    const trust = isTrustAction(check.action)
    const steps = r.trace?.steps ?? []
    const fail = steps.find((s) => s.outcome === 'fail')
    if (r.decision === 'explicitDeny') {
      for (const ref of r.determining) layers.add(layerOfRef(ref, trust))
      const first = r.determining[0]
      const by = r.determining.map((ref) => formatRef(ref)).join('; ')
      blocking ??= { layer: first !== undefined ? layerOfRef(first, trust) : 'identity', explicit: true, action: check.action, rule: 'explicit-deny', message: by !== '' ? `denied by ${by}` : (fail?.message ?? 'a Deny statement applies'), statements: r.determining }
      continue
    }
    const layer = fail !== undefined ? RULE_LAYER[fail.rule] : undefined
    if (layer !== undefined) layers.add(layer === 'resource-policy' && trust ? 'trust-policy' : layer)
    // AWS names one of the policy types that do not allow: every layer without an allow could be named.
    for (const lt of r.trace?.layers ?? []) {
      if (lt.outcome !== 'noMatch') continue
      if (lt.kind === 'resource') layers.add(trust ? 'trust-policy' : 'resource-policy')
      else if (lt.kind === 'identity' || lt.kind === 'boundary' || lt.kind === 'session' || lt.kind === 'scp' || lt.kind === 'rcp') layers.add(LAYER_TYPE[lt.kind])
    }
    blocking ??= { layer: layer ?? 'identity', explicit: false, action: check.action, rule: fail?.rule ?? 'implicit-deny', message: fail?.message ?? 'no policy allows the request', statements: [] }
  }
  for (const v of outcome.violations) {
    const caller = CALLER_VIOLATIONS.has(v.code)
    layers.add(caller ? 'caller' : 'request-rule')
    blocking ??= { layer: caller ? 'caller' : 'request-rule', explicit: false, rule: v.code, message: v.message, statements: [] }
  }
  return blocking !== undefined ? { layers, blocking } : { layers }
}

/** Whether the recorded denial's kind matches the model's. */
function kindAgrees(recorded: RecordedOutcome, outcome: EventOutcome, layers: Set<string>): boolean {
  const policyDenied = outcome.checks.some((c) => c.result.decision !== 'allowed')
  const callerRule = outcome.violations.some((v) => CALLER_VIOLATIONS.has(v.code))
  const requestRule = outcome.violations.some((v) => !CALLER_VIOLATIONS.has(v.code))
  if (recorded.reason === 'request-rule') return requestRule
  if (recorded.reason !== 'authorization') return false
  if (!policyDenied && !callerRule) return false
  const type = recorded.policyType
  if (type === undefined) return true
  if (!layers.has(type) && !(type === 'resource-policy' && layers.has('trust-policy')) && !(type === 'trust-policy' && layers.has('resource-policy'))) return false
  // AWS says "explicit deny" for every SCP denial; elsewhere explicit and implicit must match.
  if (type === 'scp') return true
  const explicitLayers = new Set(outcome.checks.flatMap((c) => (c.result.decision === 'explicitDeny' ? c.result.determining.map((r) => layerOfRef(r, isTrustAction(c.action))) : [])))
  return recorded.explicit === explicitLayers.has(type)
}

/**
 * Compares the model with the record.
 *
 * @example
 * const v = verdict(recorded, baseline, dependence(model, baseline), unknowns, eventTime)
 * v.agrees // false → v.explanations says what could explain it
 */
export function verdict(recorded: RecordedOutcome, outcome: EventOutcome, dep: Dependence, unknowns: readonly Unknown[], eventTime: string): Verdict {
  const decision = outcome.checks.length > 0 ? combineDecisions(outcome.checks.map((c) => c.result.decision)) : 'allowed'
  const { layers, blocking } = failing(outcome)
  const modelAllows = outcome.allowed
  const sameOutcome = (recorded.outcome === 'allowed') === modelAllows
  const agrees = sameOutcome && (modelAllows || kindAgrees(recorded, outcome, layers))
  const explanations: Explanation[] = []
  if (!agrees) {
    if (recorded.reason === 'other') explanations.push({ code: 'explain.not-authorization', message: `AWS answered ${recorded.errorCode ?? 'an error'}${recorded.errorMessage !== undefined ? ` (${recorded.errorMessage})` : ''}: not a policy decision the model makes` })
    if (sameOutcome && recorded.policyType !== undefined) {
      explanations.push({ code: 'explain.layer-mismatch', message: `AWS names ${recorded.explicit === true ? 'an explicit deny in ' : 'no allow in '}the ${recorded.policyType} policies; the model finds ${[...layers].join(', ') || 'no layer'} not allowing` })
    }
    if (recorded.policyType === 'vpc-endpoint') explanations.push({ code: 'explain.missing-policy-type', message: 'the snapshot has no VPC endpoint policies' })
    const want = recorded.outcome === 'allowed'
    if (dep.possible.includes(want)) {
      const how = dep.witness?.map((w) => `${w.atom.key} ${w.result === 'true' ? 'satisfies' : 'fails'} ${w.atom.ref.policy} at ${w.atom.pointer}`).join('; ')
      explanations.push({ code: 'explain.unknown-value', message: `values the record does not show give the recorded outcome${how !== undefined && how !== '' ? ` when ${how}` : ''}` })
    }
    for (const u of unknowns) {
      const couldDeny = u.code === 'cloudtrail.no-organization' || u.code === 'cloudtrail.resource-policy-unknown' || u.code === 'cloudtrail.session-policy-unknown'
      const couldEither = u.code === 'cloudtrail.principal-not-in-snapshot' || u.code === 'cloudtrail.role-not-in-snapshot' || u.code === 'cloudtrail.resource-unknown'
      const outside = u.code === 'cloudtrail.principal-not-in-snapshot' || u.code === 'cloudtrail.role-not-in-snapshot'
      if (couldEither || (couldDeny && !want) || (u.code === 'cloudtrail.resource-policy-unknown' && want)) explanations.push({ code: outside ? 'explain.outside-snapshot' : 'explain.missing-policy-type', message: u.message })
    }
    explanations.push({ code: 'explain.stale-snapshot', message: `the snapshot may not hold the policies in force at ${eventTime}: a policy, principal or role changed between the event and the snapshot` })
  }
  return { decision, agrees, ...(blocking !== undefined ? { blocking } : {}), failingLayers: [...layers], explanations }
}
