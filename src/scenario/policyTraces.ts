/**
 * Pairs each policy a scenario's evaluation consulted with its trace, layer by layer, for views that
 * show a policy's JSON with the result beside each element.
 */
import type { EvaluationResult } from '../evaluate/evaluate.js'
import type { LayerKind, PolicyTrace } from '../trace/types.js'
import type { NamedPolicy, Scenario } from './parseScenario.js'

/** One evaluated policy: where it sits, the policy, and its trace. */
export interface ScenarioPolicyTrace {
  readonly layer: LayerKind
  /** SCP and RCP organization level (0 = root). */
  readonly level?: number
  readonly policy: NamedPolicy
  readonly trace: PolicyTrace
}

function inLayer(scenario: Scenario, kind: LayerKind, level: number | undefined): readonly NamedPolicy[] {
  const pp = scenario.principalPolicies
  const rp = scenario.resourcePolicies
  switch (kind) {
    case 'identity':
      return pp.identity
    case 'boundary':
      return pp.boundary !== null ? [pp.boundary] : []
    case 'session':
      return pp.session
    case 'scp':
      return pp.scps[level ?? 0] ?? []
    case 'rcp':
      return rp.rcps[level ?? 0] ?? []
    default:
      return rp.resource !== null ? [rp.resource] : []
  }
}

/**
 * Every policy of `scenario` that the traced `evaluation` consulted, in trace order.
 *
 * @example
 * const r = compileScenario(scenario).evaluate(undefined, { trace: true })
 * for (const p of scenarioPolicyTraces(scenario, r)) console.log(p.layer, renderAnnotatedPolicy(p.policy.policy, p.trace))
 */
export function scenarioPolicyTraces(scenario: Scenario, evaluation: EvaluationResult): ScenarioPolicyTrace[] {
  const out: ScenarioPolicyTrace[] = []
  for (const layer of evaluation.trace?.layers ?? []) {
    const candidates = inLayer(scenario, layer.kind, layer.level)
    layer.policies.forEach((trace, i) => {
      const policy = candidates[i]
      if (policy === undefined || policy.name !== trace.policy) return
      out.push({ layer: layer.kind, ...(layer.level !== undefined ? { level: layer.level } : {}), policy, trace })
    })
  }
  return out
}
