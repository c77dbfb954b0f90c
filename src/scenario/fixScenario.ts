/**
 * A scenario file as a {@link FixProblem}: its named policies are the slots a fix may patch, its
 * request context what a fix may supply. `iamtrace eval --fix` runs the minimal-fix search on it.
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import { compilePolicy } from '../compile/compilePolicy.js'
import { evaluateCompiled } from '../evaluate/evaluate.js'
import type { CompiledPolicySet } from '../evaluate/evaluate.js'
import { searchFixes } from '../fix/searchFixes.js'
import type { FixSearchOptions } from '../fix/searchFixes.js'
import type { Fix, FixAttempt, FixProblem, ModelOutcome, PolicySlot } from '../fix/types.js'
import type { Policy, PolicyKind } from '../policy/types.js'
import type { ContextValue } from '../request/types.js'
import type { LayerKind } from '../trace/types.js'
import type { NamedPolicy, Scenario } from './parseScenario.js'

// Keys AWS derives from the principal and the resource: a caller cannot choose them.
const DERIVED = /^aws:(principal|userid$|username$|resourceaccount$|resourceorg|federatedprovider$)/

function slot(id: string, p: NamedPolicy, layer: LayerKind, kind: PolicyKind, level?: number): PolicySlot {
  return { id, name: p.name, layer, kind, policy: p.policy, owner: `scenario policy at ${p.pointer}`, ...(level !== undefined ? { level } : {}) }
}

function callerOf(scenario: Scenario): Pick<FixProblem, 'callerPrincipal' | 'exemptionArn' | 'identityOwner'> {
  const p = scenario.request.principal
  if (p.kind === 'service') return { callerPrincipal: { type: 'Service', value: p.service, label: `the service ${p.service}` } }
  if (p.kind === 'federated') return { callerPrincipal: { type: 'Federated', value: p.provider, label: `the identity provider ${p.provider}` } }
  if (p.kind !== 'aws') return {}
  const arn = classifyPrincipalArn(p.arn)
  const principalArn = arn?.kind === 'assumedRole' ? `arn:${arn.partition}:iam::${arn.account}:role/${arn.roleName}` : p.arn
  return {
    callerPrincipal: { type: 'AWS', value: p.arn, label: p.arn },
    exemptionArn: principalArn,
    ...(arn?.kind !== 'root' ? { identityOwner: `the principal ${p.arn}` } : {}),
  }
}

function addedResource(attempt: FixAttempt) {
  const added = attempt.added.find((a) => a.layer === 'resource')
  return added !== undefined ? compilePolicy(added.policy, 'resource', added.name) : null
}

/**
 * The fix problem of a scenario.
 *
 * @example
 * const problem = scenarioFixProblem(parsed.value)
 * searchFixes(problem).map((f) => f.description)
 */
export function scenarioFixProblem(scenario: Scenario): FixProblem {
  const pp = scenario.principalPolicies
  const rp = scenario.resourcePolicies
  const identity = pp.identity.map((p, i) => slot(`identity:${i}`, p, 'identity', 'identity'))
  const boundary = pp.boundary !== null ? slot('boundary', pp.boundary, 'boundary', 'boundary') : undefined
  const session = pp.session.map((p, i) => slot(`session:${i}`, p, 'session', 'session'))
  const scps = pp.scps.map((level, l) => level.map((p, i) => slot(`scp:${l}:${i}`, p, 'scp', 'scp', l)))
  const resource = rp.resource !== null ? slot('resource', rp.resource, 'resource', rp.resource.policy.kind === 'trust' ? 'trust' : 'resource') : undefined
  const rcps = rp.rcps.map((level, l) => level.map((p, i) => slot(`rcp:${l}:${i}`, p, 'rcp', 'rcp', l)))
  const use = (s: PolicySlot, policies: ReadonlyMap<string, Policy>) => compilePolicy(policies.get(s.id) ?? s.policy, s.layer, s.name, s.level)
  const evaluate = (attempt: FixAttempt): ModelOutcome => {
    const p = attempt.policies
    const set: CompiledPolicySet = {
      identity: [...identity.map((s) => use(s, p)), ...attempt.added.filter((a) => a.layer === 'identity').map((a) => compilePolicy(a.policy, 'identity', a.name))],
      boundary: boundary !== undefined ? use(boundary, p) : null,
      session: session.map((s) => use(s, p)),
      scps: scps.map((level) => level.map((s) => use(s, p))),
      resource: resource !== undefined ? use(resource, p) : addedResource(attempt),
      rcps: rcps.map((level) => level.map((s) => use(s, p))),
    }
    const request = { ...scenario.request, context: { ...scenario.request.context, ...attempt.context } }
    const result = evaluateCompiled(request, set, { trace: true })
    return { allowed: result.decision === 'allowed', checks: [{ action: request.action, resource: request.resource, result }], violations: [] }
  }
  return {
    slots: [...(resource !== undefined ? [resource] : []), ...identity, ...(boundary !== undefined ? [boundary] : []), ...session, ...scps.flat(), ...rcps.flat()],
    evaluate,
    supply: (k: string, v: ContextValue) => (DERIVED.test(k.toLowerCase()) ? undefined : `set ${k} to ${typeof v === 'string' ? `\`${v}\`` : JSON.stringify(v)} in the request context`),
    ...callerOf(scenario),
    ...(resource === undefined ? { resourceOwner: `the resource ${scenario.request.resource}` } : {}),
  }
}

/**
 * The smallest verified fixes for a scenario whose request is denied (empty when it is allowed).
 *
 * @example
 * fixScenario(parsed.value)[0]?.kind // 'context'
 */
export function fixScenario(scenario: Scenario, options: FixSearchOptions = {}): Fix[] {
  return searchFixes(scenarioFixProblem(scenario), options)
}
