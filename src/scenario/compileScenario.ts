/**
 * A scenario compiled once: its policies become matchers, and `evaluate` answers the scenario's own
 * request or any other request against them.
 */
import { compilePolicy, uncompilablePolicy } from '../compile/compilePolicy.js'
import { exceptionDiagnostic } from '../diagnostics.js'
import { compilingTogether } from '../matching/sharedCompilation.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { compileRequest, evaluateCompiled } from '../evaluate/evaluate.js'
import type { CompiledPolicySet, CompiledRequest, EvaluateOptions, EvaluationResult } from '../evaluate/evaluate.js'
import { sealPolicySet } from '../evaluate/policySetCheck.js'
import type { RequestInput } from '../request/readRequest.js'
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
  /**
   * Evaluates the scenario's request when `request` is undefined, else `request` (the typed shape, the
   * scenario file's shape, or a compiled request; anything else is an implicit deny with errors),
   * against the compiled policies. Never throws.
   */
  evaluate(request?: RequestInput | CompiledRequest, options?: EvaluateOptions): EvaluationResult
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
  let policies: CompiledPolicySet
  try {
    // Policies of one scenario repeat their patterns: they share compiled matchers.
    policies = compilingTogether(() => compileLayers(scenario))
  } catch (caught) {
    // A JavaScript caller may pass anything: what is not a parsed scenario compiles to a set that is
    // never evaluated.
    policies = sealPolicySet({ identity: [uncompilablePolicy('scenario', 'identity', [exceptionDiagnostic(caught, '', 'compiling the scenario (pass the value of a successful parseScenario)')])] })
  }
  let own: CompiledRequest | undefined
  const ownRequest = (): CompiledRequest => (own ??= compileRequest(typeof scenario === 'object' && scenario !== null ? scenario.request : (undefined as unknown as Request)))
  return {
    scenario,
    policies,
    // PERF: the scenario's own request is prepared once, on first use.
    // Only a missing request means the scenario's own: null, like any other value, is read as a request.
    evaluate: (request, options) => evaluateCompiled(request === undefined ? ownRequest() : request, policies, options),
  }
}

function compileLayers(scenario: Scenario): CompiledPolicySet {
  const c = (p: NamedPolicy, layer: LayerKind, level?: number): CompiledPolicy => compilePolicy(p.policy, layer, p.name, level)
  const pp = scenario.principalPolicies
  const rp = scenario.resourcePolicies
  return sealPolicySet({
    identity: pp.identity.map((p) => c(p, 'identity')),
    boundary: pp.boundary === null ? null : c(pp.boundary, 'boundary'),
    session: pp.session.map((p) => c(p, 'session')),
    scps: pp.scps.map((level, i) => level.map((p) => c(p, 'scp', i))),
    resource: rp.resource === null ? null : c(rp.resource, 'resource'),
    rcps: rp.rcps.map((level, i) => level.map((p) => c(p, 'rcp', i))),
  })
}
