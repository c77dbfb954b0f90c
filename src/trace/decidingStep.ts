/**
 * The decision step that decided a result: for a deny, the first step that failed; for an allow, the
 * last step. Scenario files may pin it (`expect.rule`), so that a test fails when the right decision is
 * reached for the wrong reason.
 */
import type { Decision, DecisionStep, Trace } from './types.js'

/**
 * The deciding step of a traced result, or undefined when the result has no trace or no step.
 *
 * @example
 * decidingStep(evaluateCompiled(request, policies, { trace: true }))?.rule // e.g. 'trust-policy'
 */
export function decidingStep(result: { readonly decision: Decision; readonly trace?: Trace }): DecisionStep | undefined {
  const steps = result.trace?.steps
  if (steps === undefined || steps.length === 0) return undefined
  if (result.decision === 'allowed') return steps[steps.length - 1]
  return steps.find((s) => s.outcome === 'fail') ?? steps[steps.length - 1]
}
