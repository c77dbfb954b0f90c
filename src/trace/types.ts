/**
 * The trace: a versioned JSON tree that mirrors AWS's evaluation, layer -> policy -> statement ->
 * checks -> per-value results. Every union is discriminated; nothing is `X | X[]`.
 */

/** AWS's three decision words (the IAM policy simulator's vocabulary). */
export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny'

/** Three-valued match result: `unknown` when the input cannot be decided (fail closed). */
export type Tri = 'true' | 'false' | 'unknown'

/** Why one condition came out as it did. */
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

/** Points at one statement of one policy. */
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

/** Policy layers in AWS's evaluation. */
export type LayerKind = 'scp' | 'rcp' | 'identity' | 'boundary' | 'session' | 'resource'

/** One value of a condition, compared. */
export interface ConditionValueTrace {
  readonly policyValue: string
  /** The value after policy-variable substitution, when it differs. */
  readonly resolved?: string
  readonly matched: boolean
}

/** One check inside a statement. */
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
 * How a resource-policy grant reaches the caller, which decides the caps that still apply (semantics §2.3, §5.4):
 * `session` names the exact session or federated-user ARN (never capped), `user` the IAM user ARN, `role` the
 * role ARN (capped by the role's boundary and session policy), `wildcard` `"*"`, `account` the account (needs an
 * identity-policy allow too), `service` and `federated` a service or identity provider.
 */
export type GrantStrength = 'session' | 'user' | 'role' | 'wildcard' | 'account' | 'service' | 'federated'

/** One statement's evaluation. */
export interface StatementTrace {
  readonly ref: StatementRef
  readonly effect: 'Allow' | 'Deny'
  /** Whether the statement applies to the request (`unknown`: undecidable; a Deny applies, an Allow does not). */
  readonly applies: Tri
  readonly checks: readonly CheckTrace[]
}

/** One policy's evaluation. */
export interface PolicyTrace {
  readonly policy: string
  readonly outcome: 'allow' | 'deny' | 'noMatch'
  readonly statements: readonly StatementTrace[]
}

/** One layer's evaluation. For SCPs and RCPs, `level` tells which organization level (0 = root). */
export interface LayerTrace {
  readonly kind: LayerKind
  readonly level?: number
  readonly outcome: 'allow' | 'deny' | 'noMatch' | 'notApplicable'
  readonly note?: string
  readonly policies: readonly PolicyTrace[]
}

/** One step of the decision procedure, in the order AWS applies it. */
export interface DecisionStep {
  readonly rule: string
  readonly outcome: 'pass' | 'fail' | 'skip'
  readonly message: string
  readonly source: string
}

/** The whole trace of one evaluation. */
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
