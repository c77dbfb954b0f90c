/**
 * The lower-level API for callers that do not use scenario files: parsed policies per layer in,
 * compiled once, evaluated many times.
 */
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { Policy } from '../policy/types.js'
import type { Request } from '../request/types.js'
import type { LayerKind } from '../trace/types.js'
import { evaluateCompiled } from './evaluate.js'
import type { CompiledPolicySet, EvaluateOptions, EvaluationResult, PolicyLayers } from './evaluate.js'

/**
 * A parsed policy, optionally with the name traces should show.
 *
 * @example
 * const named: PolicyInput = { name: 'ReadOnly', policy }
 * const bare: PolicyInput = policy // named after its layer and position
 */
export type PolicyInput = Policy | { readonly name: string; readonly policy: Policy }

/**
 * Parsed policies per layer (see the scenario format for what each layer means).
 *
 * @example
 * const set: PolicySet = { identity: [{ name: 'CiRunner', policy: identityPolicy }], resource: trustPolicy, scps: [[rootScp], [ouScp]] }
 */
export type PolicySet = PolicyLayers<PolicyInput>

function one(input: PolicyInput, layer: LayerKind, fallback: string, level?: number): CompiledPolicy {
  if ('statements' in input) return compilePolicy(input, layer, input.name ?? fallback, level)
  return compilePolicy(input.policy, layer, input.name, level)
}

/**
 * Compiles every policy of a set once.
 *
 * @example
 * const compiled = compilePolicySet({ identity: [idPolicy], resource: trustPolicy })
 * evaluateCompiled(request, compiled).decision
 */
export function compilePolicySet(set: PolicySet): CompiledPolicySet {
  return {
    identity: (set.identity ?? []).map((p, i) => one(p, 'identity', `identity[${i}]`)),
    boundary: set.boundary != null ? one(set.boundary, 'boundary', 'boundary') : null,
    session: (set.session ?? []).map((p, i) => one(p, 'session', `session[${i}]`)),
    scps: (set.scps ?? []).map((level, l) => level.map((p, i) => one(p, 'scp', `scp level ${l}[${i}]`, l))),
    resource: set.resource != null ? one(set.resource, 'resource', 'resource policy') : null,
    rcps: (set.rcps ?? []).map((level, l) => level.map((p, i) => one(p, 'rcp', `rcp level ${l}[${i}]`, l))),
  }
}

/**
 * Evaluates one request against parsed policies (compiles them first; to evaluate many requests,
 * compile once with `compilePolicySet` and call `evaluateCompiled`).
 *
 * @example
 * const r = evaluate({ principal: { kind: 'aws', arn: 'arn:aws:iam::111122223333:user/alice' }, action: 'sts:AssumeRole',
 *   resource: 'arn:aws:iam::111122223333:role/Admin' }, { resource: trust }, { trace: true })
 * r.decision // 'allowed' | 'explicitDeny' | 'implicitDeny'
 */
export function evaluate(request: Request, policies: PolicySet, options: EvaluateOptions = {}): EvaluationResult {
  return evaluateCompiled(request, compilePolicySet(policies), options)
}
