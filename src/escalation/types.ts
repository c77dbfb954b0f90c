/**
 * The result model of the escalation analysis: plain, JSON-serialisable data (residuals aside, which
 * `escalationJson` renders), documented in docs/escalations.md and schemas/cli-escalations.schema.json.
 */
import type { Residual, UncertainReason } from '../analysis/types.js'
import { gapsAffecting } from '../snapshot/gaps.js'
import type { Snapshot, SnapshotPrincipal } from '../snapshot/types.js'

/**
 * How sure an answer is (see "Answers of an analysis"): `allowed` whatever the unknown request values,
 * `conditional` exactly when `conditions` hold, `uncertain` when the inputs cannot decide it.
 *
 * @example
 * const shown: EscalationAccess[] = ['allowed', 'conditional', 'uncertain']
 */
export type Access = 'allowed' | 'conditional' | 'uncertain'

/** Why an answer is `uncertain`, or what input an analysis could not read fully (the analysis module's reason). */
export type { UncertainReason }

/**
 * The snapshot gaps that can affect a principal's own permissions (a policy or group it holds that the
 * snapshot lacks or cannot read, an unreadable file), as reasons.
 *
 * @example
 * principalGaps(snapshot, principal).map((r) => r.code) // ['snapshot.missing-managed-policy']
 */
export function principalGaps(snapshot: Snapshot, p: SnapshotPrincipal): UncertainReason[] {
  return gapsAffecting(snapshot, [p.arn], [p.account]).map((g) => ({ code: g.code, message: g.message, ...(g.file !== undefined ? { file: g.file } : {}), ...(g.pointer !== undefined ? { pointer: g.pointer } : {}) }))
}

/**
 * The answer to "can the caller make these requests?": `denied` or one of the three {@link Access} answers.
 *
 * @example
 * const a: Answer = { access: 'conditional', conditions: residual, uncertain: [] }
 */
export interface Answer {
  readonly access: Access | 'denied'
  /** The residual conditions (for `conditional`, and for `uncertain` answers that also carry some). */
  readonly conditions: Residual | null
  readonly uncertain: readonly UncertainReason[]
}

/**
 * One hop of an escalation path: `from` obtains `to`'s permissions (a role or user ARN), or becomes an
 * administrator (`to` is `admin`) by changing the permissions of a principal it controls.
 *
 * @example
 * const hop: EscalationHop = { from: 'arn:aws:iam::111122223333:user/dev', to: 'arn:aws:iam::111122223333:role/Admin', technique: 'ec2-run-instances',
 *   actions: ['iam:PassRole', 'ec2:RunInstances'], resources: ['arn:aws:iam::111122223333:role/Admin', 'arn:aws:ec2:us-east-1:111122223333:instance/*'],
 *   access: 'allowed', conditions: null, uncertain: [], notes: [] }
 */
export interface EscalationHop {
  readonly from: string
  readonly to: string
  /** A technique id of the catalogue; techniques used together are joined with `+`. */
  readonly technique: string
  /** The actions the hop needs, in the order they are made. */
  readonly actions: readonly string[]
  /** The resource each action is requested on (same order as `actions`). */
  readonly resources: readonly string[]
  readonly access: Access
  readonly conditions: Residual | null
  readonly uncertain: readonly UncertainReason[]
  /** The principal that makes the calls when it is not `from` (a grant made by the previous principal). */
  readonly by?: string
  /** What the snapshot cannot show and the technique still needs (the catalogue's caveats). */
  readonly notes: readonly string[]
}

/**
 * One escalation: a shortest path from a principal to an administrator (`reaches: 'admin'`) or to the
 * named role, with the conditions of every hop combined.
 *
 * @example
 * for (const e of result.escalations) console.log(e.principal, '→', e.reaches, e.access, e.path.length)
 */
export interface Escalation {
  /** The ARN of a principal of the snapshot, or (with `external`) a principal outside it as written. */
  readonly principal: string
  /** True for a principal outside the snapshot that a trust policy admits (an account, a provider, `*`). */
  readonly external?: boolean
  readonly reaches: string
  readonly access: Access
  readonly conditions: Residual | null
  readonly uncertain: readonly UncertainReason[]
  readonly path: readonly EscalationHop[]
}

/**
 * A principal that is an administrator: allowed every probe action on every probe resource (see
 * docs/escalations.md), possibly only under conditions.
 *
 * @example
 * result.administrators.filter((a) => a.access === 'allowed').map((a) => a.principal)
 */
export interface Administrator {
  readonly principal: string
  readonly access: Access
  readonly conditions: Residual | null
  readonly uncertain: readonly UncertainReason[]
}

/**
 * The result of {@link findEscalations}.
 *
 * @example
 * const r = findEscalations(snapshot)
 * if (r.ok && !r.value.complete) console.error(r.value.gaps)
 */
export interface EscalationResult {
  /** `admin`, or the ARN of the role asked for with `to`. */
  readonly target: string
  /** The principal asked about with `from`, when one was. */
  readonly from?: string
  readonly escalations: readonly Escalation[]
  readonly administrators: readonly Administrator[]
  /** False when an input was not read fully or a search was cut short; `gaps` says what. */
  readonly complete: boolean
  readonly gaps: readonly UncertainReason[]
}
