/**
 * The minimal-fix search's model: the policies a fix may patch, the changes it may make, and the
 * evaluation it re-runs to verify each change. Any question that can be re-evaluated with changed
 * policies, context or parameters — a scenario file, a reconstructed CloudTrail event — is a
 * {@link FixProblem}.
 */
import type { EvaluationResult } from '../evaluate/evaluate.js'
import type { Policy, PolicyKind } from '../policy/types.js'
import type { ContextValue } from '../request/types.js'
import type { LayerKind } from '../trace/types.js'
import type { JsonPatchOperation, PatchValue } from './jsonPatch.js'

/**
 * What a fix changes: context the caller supplies, a request parameter, or one kind of policy.
 *
 * @example
 * const kinds: FixKind[] = ['context', 'trust-policy']
 */
export type FixKind = 'context' | 'parameter' | 'trust-policy' | 'resource-policy' | 'identity-policy' | 'boundary' | 'session-policy' | 'scp' | 'rcp'

/**
 * A policy the search may patch, as the evaluation names it.
 *
 * @example
 * const slot: PolicySlot = { id: 'trust', name: 'trust policy of Admin', layer: 'resource', kind: 'trust', policy, owner: 'role arn:aws:iam::222222222222:role/Admin' }
 */
export interface PolicySlot {
  /** Unique within the problem. */
  readonly id: string
  /** The name traces give the policy (`StatementRef.policy`). */
  readonly name: string
  readonly layer: LayerKind
  /** SCP/RCP organization level. */
  readonly level?: number
  readonly kind: PolicyKind
  readonly policy: Policy
  /** Where the policy lives, for people: `trust policy of role arn:…`, `managed policy arn:…`. */
  readonly owner: string
  /** Set when the policy also applies to others (a managed policy, an SCP): a patch changes their access too. */
  readonly shared?: string
}

/**
 * The policy a change patches.
 *
 * @example
 * const ref: FixPolicyRef = { name: 'trust policy of Admin', layer: 'resource', owner: 'role arn:aws:iam::222222222222:role/Admin' }
 */
export interface FixPolicyRef {
  readonly name: string
  readonly layer: LayerKind
  readonly level?: number
  readonly owner: string
  /** True for a policy the fix creates (its patch adds the whole document at path ``). */
  readonly new?: boolean
  /** True when the fix detaches (or deletes) the policy rather than patching it. */
  readonly detach?: boolean
  readonly shared?: string
}

/**
 * One change: a JSON patch against a named policy, context the caller supplies, or request parameters.
 *
 * @example
 * const change: FixChange = { kind: 'context', description: 'pass ExternalId `7f3c9a2e`', context: { 'sts:ExternalId': '7f3c9a2e' } }
 */
export interface FixChange {
  readonly kind: FixKind
  readonly description: string
  readonly policy?: FixPolicyRef
  /** RFC 6902 operations against the policy document as written. */
  readonly patch?: readonly JsonPatchOperation[]
  readonly context?: Readonly<Record<string, ContextValue>>
  readonly parameters?: Readonly<Record<string, PatchValue>>
}

/**
 * A fix: one change, plus the changes that must be made with it. Every fix is verified: the model
 * re-evaluated with all its changes applied allows the request.
 *
 * @example
 * for (const fix of fixes) console.log(fix.kind, fix.description, fix.patch ?? fix.context)
 */
export interface Fix extends FixChange {
  /** Further changes needed together with this one. */
  readonly with?: readonly FixChange[]
  readonly verified: true
}

/** A policy a fix creates (a new inline identity policy). */
export interface AddedPolicy {
  readonly layer: LayerKind
  readonly kind: PolicyKind
  readonly name: string
  readonly policy: Policy
}

/**
 * Everything a candidate fix changes, handed to the model to re-evaluate.
 *
 * @example
 * problem.evaluate({ policies: new Map(), added: [], context: { 'aws:MultiFactorAuthPresent': 'true' }, parameters: {} })
 */
export interface FixAttempt {
  /** Slot id → the patched policy. */
  readonly policies: ReadonlyMap<string, Policy>
  readonly added: readonly AddedPolicy[]
  /** Context keys the caller supplies (as the model translates them). */
  readonly context: Readonly<Record<string, ContextValue>>
  readonly parameters: Readonly<Record<string, PatchValue>>
}

/** One request the model evaluated (an STS call needs several: sts:AssumeRole, sts:TagSession, …). */
export interface ModelCheck {
  readonly action: string
  readonly resource: string
  /** Traced. */
  readonly result: EvaluationResult
}

/** A request rule broken (AWS rejects the call whatever the policies say). */
export interface ModelViolation {
  readonly code: string
  readonly parameter: string
  readonly limit: string
  readonly message: string
}

/** The model's answer for one attempt. */
export interface ModelOutcome {
  readonly allowed: boolean
  readonly checks: readonly ModelCheck[]
  readonly violations: readonly ModelViolation[]
}

/** A parameter change that clears a request-rule violation. */
export interface ParameterFix {
  readonly parameters: Readonly<Record<string, PatchValue>>
  readonly description: string
}

/**
 * A question the fix search can re-evaluate.
 *
 * @example
 * const fixes = searchFixes(problem) // each verified by problem.evaluate
 */
export interface FixProblem {
  readonly slots: readonly PolicySlot[]
  /** Re-evaluates the question with the attempt's changes (every check traced). */
  evaluate(attempt: FixAttempt): ModelOutcome
  /** How the caller can supply a context key (any case), or undefined when it cannot choose the value. */
  supply(key: string, value: ContextValue): string | undefined
  /** The caller as a principal element entry, for trust and resource policy patches (absent when unknown). */
  readonly callerPrincipal?: { readonly type: 'AWS' | 'Service' | 'Federated'; readonly value: string; readonly label: string }
  /** The ARN a Deny can exempt with `ArnNotLike aws:PrincipalArn` (a role session's role ARN), when known. */
  readonly exemptionArn?: string
  /** The principal that receives a new inline identity policy (absent when it cannot have one). */
  readonly identityOwner?: string
  /** The resource that can receive a new resource-based policy when it has none (absent when it cannot). */
  readonly resourceOwner?: string
  /** Parameter changes that clear a violation. */
  parameterFixes?(violation: ModelViolation): readonly ParameterFix[]
}
