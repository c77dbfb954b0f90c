/**
 * A scenario compiled once: its policies become matchers, and `evaluate` answers the scenario's own
 * request or any other request against them.
 */
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { compileRequest, evaluateCompiled } from '../evaluate/evaluate.js'
import type { CompiledPolicySet, CompiledRequest, EvaluateOptions, EvaluationResult } from '../evaluate/evaluate.js'
import type { Request } from '../request/types.js'
import type { LayerKind } from '../trace/types.js'
import type { NamedPolicy, Scenario } from './parseScenario.js'

/**
 * A compiled scenario.
 *
 * @example
 * const compiled: CompiledScenario = compileScenario(scenario)
 * compiled.evaluate().decision // the file's own request
 * compiled.evaluate({ ...scenario.request, context: {} }).decision // another request, same policies
 */
export interface CompiledScenario {
  readonly scenario: Scenario
  readonly policies: CompiledPolicySet
  /** Evaluates the scenario's request, or `request` when given, against the compiled policies. */
  evaluate(request?: Request, options?: EvaluateOptions): EvaluationResult
}

/**
 * Compiles a parsed scenario.
 *
 * @example
 * const parsed = parseScenario(text)
 * if (parsed.ok) {
 *   const compiled = compileScenario(parsed.value)
 *   compiled.evaluate(undefined, { trace: true }).decision
 * }
 */
export function compileScenario(scenario: Scenario): CompiledScenario {
  const c = (p: NamedPolicy, layer: LayerKind, level?: number): CompiledPolicy => compilePolicy(p.policy, layer, p.name, level)
  const pp = scenario.principalPolicies
  const rp = scenario.resourcePolicies
  const policies: CompiledPolicySet = {
    identity: pp.identity.map((p) => c(p, 'identity')),
    boundary: pp.boundary === null ? null : c(pp.boundary, 'boundary'),
    session: pp.session.map((p) => c(p, 'session')),
    scps: pp.scps.map((level, i) => level.map((p) => c(p, 'scp', i))),
    resource: rp.resource === null ? null : c(rp.resource, 'resource'),
    rcps: rp.rcps.map((level, i) => level.map((p) => c(p, 'rcp', i))),
  }
  let own: CompiledRequest | undefined
  return {
    scenario,
    policies,
    // PERF: the scenario's own request is prepared once, on first use.
    evaluate: (request, options) => evaluateCompiled(request ?? (own ??= compileRequest(scenario.request)), policies, options),
  }
}
