/**
 * The trace: a versioned JSON tree that mirrors AWS's evaluation, layer -> policy -> statement ->
 * checks -> per-value results. Every union is discriminated; nothing is `X | X[]`.
 */
import type { Tri } from '../logic/tri.js'

export type { Tri }

/**
 * AWS's three decision words (the IAM policy simulator's vocabulary).
 *
 * @example
 * const exit = (d: Decision): number => (d === 'allowed' ? 0 : 2)
 */
export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny'

/**
 * Why one condition came out as it did.
 *
 * @example
 * const missing = checks.filter((c) => c.kind === 'condition' && c.reason === 'keyMissing')
 */
export type ConditionReason =
  | 'matched'
  | 'noMatch'
  | 'keyMissing'
  | 'ifExistsMissing'
  | 'unresolvedVariable'
  | 'invalidValue'
  | 'unknownOperator'
  | 'multivaluedKey'
  | 'undocumented'

/**
 * Points at one statement of one policy.
 *
 * @example
 * const ref: StatementRef = { policy: 'DeployTrust', layer: 'resource', index: 0, sid: 'CiFromBuildAccount', pointer: '/Statement/0' }
 */
export interface StatementRef {
  /** The policy's name (as given, or generated from its layer and position). */
  readonly policy: string
  readonly layer: LayerKind
  /** For SCPs and RCPs: the organization level (0 = root, last = the account). */
  readonly level?: number
  readonly index: number
  readonly sid?: string
  readonly pointer: string
}

/**
 * Policy layers in AWS's evaluation.
 *
 * @example
 * const scpLayers = trace.layers.filter((l) => l.kind === ('scp' satisfies LayerKind))
 */
export type LayerKind = 'scp' | 'rcp' | 'identity' | 'boundary' | 'session' | 'resource'

/**
 * One value of a condition, compared.
 *
 * @example
 * // `${aws:username}` resolved for alice:
 * const v: ConditionValueTrace = { policyValue: 'home/${aws:username}/*', resolved: 'home/alice/*', matched: true }
 */
export interface ConditionValueTrace {
  readonly policyValue: string
  /** The value after policy-variable substitution, when it differs. */
  readonly resolved?: string
  readonly matched: boolean
}

/**
 * One check inside a statement.
 *
 * @example
 * for (const c of statementTrace.checks) if (c.kind === 'condition') console.log(c.operator, c.key, c.reason)
 */
export type CheckTrace =
  | { readonly kind: 'action'; readonly matched: boolean; readonly pointer: string; readonly patterns: readonly string[]; readonly negated: boolean }
  | { readonly kind: 'resource'; readonly result: Tri; readonly pointer: string; readonly patterns: readonly string[]; readonly negated: boolean; readonly note?: string }
  | { readonly kind: 'principal'; readonly result: Tri; readonly pointer: string; readonly values: readonly string[]; readonly negated: boolean; readonly strength?: GrantStrength; readonly note?: string }
  | {
      readonly kind: 'condition'
      readonly result: Tri
      readonly pointer: string
      readonly operator: string
      readonly key: string
      readonly reason: ConditionReason
      readonly requestValues?: readonly string[]
      readonly values: readonly ConditionValueTrace[]
      readonly note?: string
    }

/**
 * How a resource-policy grant reaches the caller, which decides the caps that still apply (docs/semantics.md#grant-caps):
 * `session` names the exact session or federated-user ARN (never capped), `user` the IAM user ARN, `role` the
 * role ARN (capped by the role's boundary and session policy), `wildcard` `"*"`, `account` the account (needs an
 * identity-policy allow too), `service` and `federated` a service or identity provider.
 *
 * @example
 * const capped = (s: GrantStrength): boolean => s === 'role' || s === 'wildcard'
 */
export type GrantStrength = 'session' | 'user' | 'role' | 'wildcard' | 'account' | 'service' | 'federated'

/**
 * One statement's evaluation.
 *
 * @example
 * const failing = policyTrace.statements.filter((s) => s.applies !== 'true')
 */
export interface StatementTrace {
  readonly ref: StatementRef
  readonly effect: 'Allow' | 'Deny'
  /** Whether the statement applies to the request (`unknown`: undecidable; a Deny applies, an Allow does not). */
  readonly applies: Tri
  readonly checks: readonly CheckTrace[]
}

/**
 * One policy's evaluation.
 *
 * @example
 * const denying = layerTrace.policies.filter((p) => p.outcome === 'deny').map((p) => p.policy)
 */
export interface PolicyTrace {
  readonly policy: string
  readonly outcome: 'allow' | 'deny' | 'noMatch'
  readonly statements: readonly StatementTrace[]
}

/**
 * One layer's evaluation. For SCPs and RCPs, `level` tells which organization level (0 = root).
 *
 * @example
 * const scp = trace.layers.filter((l) => l.kind === 'scp').map((l) => `level ${l.level}: ${l.outcome}`)
 */
export interface LayerTrace {
  readonly kind: LayerKind
  readonly level?: number
  readonly outcome: 'allow' | 'deny' | 'noMatch' | 'notApplicable'
  readonly note?: string
  readonly policies: readonly PolicyTrace[]
}

/**
 * One step of the decision procedure, in the order AWS applies it.
 *
 * @example
 * const failed = trace.steps.find((s) => s.outcome === 'fail') // the rule that decided, with its AWS doc URL in `source`
 */
export interface DecisionStep {
  readonly rule: string
  readonly outcome: 'pass' | 'fail' | 'skip'
  readonly message: string
  readonly source: string
}

/**
 * The whole trace of one evaluation.
 *
 * @example
 * const { trace } = evaluateCompiled(request, policies, { trace: true })
 * JSON.stringify(trace) // validates against schemas/trace.schema.json (version 1)
 */
export interface Trace {
  readonly version: 1
  readonly request: {
    readonly principal: string
    readonly action: string
    readonly resource: string
    readonly context: Readonly<Record<string, readonly string[]>>
  }
  readonly layers: readonly LayerTrace[]
  readonly steps: readonly DecisionStep[]
}
