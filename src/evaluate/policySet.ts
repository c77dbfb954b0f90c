/**
 * The lower-level API for callers that do not use scenario files: parsed policies per layer in,
 * compiled once, evaluated many times.
 */
import { compilePolicy, uncompilablePolicy } from '../compile/compilePolicy.js'
import { diagnostic } from '../diagnostics.js'
import { compilingTogether } from '../matching/sharedCompilation.js'
import type { Diagnostic } from '../diagnostics.js'
import type { RequestInput } from '../request/readRequest.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { Policy } from '../policy/types.js'
import type { LayerKind } from '../trace/types.js'
import { evaluateCompiled } from './evaluate.js'
import { sealPolicySet } from './policySetCheck.js'
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
  // A JavaScript caller may pass anything: compilePolicy reports what is not a parsed policy.
  if (typeof input !== 'object' || input === null || 'statements' in input) return compilePolicy(input as Policy, layer, (input as Partial<Policy> | null)?.name ?? fallback, level)
  return compilePolicy(input.policy, layer, typeof input.name === 'string' ? input.name : fallback, level)
}

/** A layer's list, or an empty one with a problem recorded when the caller passed something else. */
function listOf<T>(value: unknown, pointer: string, problems: Diagnostic[]): readonly T[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value as readonly T[]
  problems.push(diagnostic('evaluate.invalid-policies', pointer, 'a layer is an array of policies'))
  return []
}

/**
 * Compiles every policy of a set once.
 *
 * @example
 * const compiled = compilePolicySet({ identity: [idPolicy], resource: trustPolicy })
 * evaluateCompiled(request, compiled).decision
 */
export function compilePolicySet(set: PolicySet): CompiledPolicySet {
  // The policies of a set repeat their patterns: they share compiled matchers.
  return compilingTogether(() => compileSet(set))
}

function compileSet(set: PolicySet): CompiledPolicySet {
  const problems: Diagnostic[] = []
  const s: Partial<Record<keyof PolicySet, unknown>> = typeof set === 'object' && set !== null ? set : {}
  if (s !== set) problems.push(diagnostic('evaluate.invalid-policies', '', 'a policy set is an object of layers'))
  const levels = (value: unknown, layer: 'scp' | 'rcp'): CompiledPolicy[][] =>
    listOf<unknown>(value, `/${layer}s`, problems).map((level, l) => listOf<PolicyInput>(level, `/${layer}s/${l}`, problems).map((p, i) => one(p, layer, `${layer} level ${l}[${i}]`, l)))
  const identity = listOf<PolicyInput>(s.identity, '/identity', problems).map((p, i) => one(p, 'identity', `identity[${i}]`))
  const compiled: CompiledPolicySet = {
    identity,
    boundary: s.boundary != null ? one(s.boundary as PolicyInput, 'boundary', 'boundary') : null,
    session: listOf<PolicyInput>(s.session, '/session', problems).map((p, i) => one(p, 'session', `session[${i}]`)),
    scps: levels(s.scps, 'scp'),
    resource: s.resource != null ? one(s.resource as PolicyInput, 'resource', 'resource policy') : null,
    rcps: levels(s.rcps, 'rcp'),
  }
  // A set that could not be read whole is never evaluated: a Deny in the part left out could be lost.
  if (problems.length > 0) identity.push(uncompilablePolicy('policy set', 'identity', problems))
  return sealPolicySet(compiled)
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
export function evaluate(request: RequestInput, policies: PolicySet, options: EvaluateOptions = {}): EvaluationResult {
  return evaluateCompiled(request, compilePolicySet(policies), options)
}
