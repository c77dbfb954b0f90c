/**
 * Compiled conditions: one per (operator, key) pair of a statement, evaluated three-valued.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { ConditionNode } from '../policy/types.js'
import type { RequestContext } from '../request/context.js'
import type { ConditionReason, ConditionValueTrace, Tri } from '../trace/types.js'

/**
 * The outcome of one condition.
 *
 * @example
 * const outcome: ConditionOutcome = compiled.evaluate(context, true)
 * outcome.result // 'true' | 'false' | 'unknown'; outcome.reason // e.g. 'keyMissing'
 */
export interface ConditionOutcome {
  readonly result: Tri
  readonly reason: ConditionReason
  /** The request's values for the key (present only when traced). */
  readonly requestValues?: readonly string[]
  /** Per-policy-value results (present only when traced). */
  readonly values?: readonly ConditionValueTrace[]
  /** A short explanation for fail-closed or undocumented cases. */
  readonly note?: string
}

/**
 * A condition compiled once from its node.
 *
 * @example
 * const c: CompiledCondition = compileCondition(node, policy.variablesEnabled)
 * c.keysRead // e.g. ['aws:principaltag/team']
 */
export interface CompiledCondition {
  readonly node: ConditionNode
  /** Lowercased context keys this condition reads: its own key plus any policy variables. */
  readonly keysRead: readonly string[]
  /**
   * Evaluates against a context. With `trace` false the returned object may be a shared constant and
   * carries no per-value detail; `result` and `reason` are the same either way.
   */
  evaluate(context: RequestContext, trace: boolean): ConditionOutcome
}

