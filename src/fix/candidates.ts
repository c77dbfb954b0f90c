/**
 * Candidate changes for one denied outcome, read from its traces: for an explicit deny, the Deny
 * statements that applied (context that makes them not apply, an exemption, their removal); for an
 * implicit deny, the layer that failed (context that satisfies a near-miss statement, a patch that
 * extends it, a new statement or inline policy); for a request-rule violation, a parameter change.
 * Nothing here is offered as a fix until the search has re-evaluated it.
 */
import { parsePolicy } from '../policy/parsePolicy.js'
import { printPolicyAsWritten } from '../policy/printPolicy.js'
import type { Policy, PolicyKind, Statement } from '../policy/types.js'
import type { ContextValue } from '../request/types.js'
import type { CheckTrace, LayerKind, StatementRef, StatementTrace } from '../trace/types.js'
import { satisfyingValues } from './conditionValues.js'
import { applyJsonPatch } from './jsonPatch.js'
import type { JsonPatchOperation, PatchValue } from './jsonPatch.js'
import { addAction, addConditionValue, addPrincipal, addResource, appendStatement, exemptPrincipal, removeStatement } from './patchBuilders.js'
import type { FixAttempt, FixChange, FixKind, FixPolicyRef, FixProblem, ModelCheck, ModelOutcome, PolicySlot } from './types.js'

/** A proposed step: its changes, how it changes an attempt, and the blocker it addresses. */
export interface Candidate {
  readonly changes: readonly FixChange[]
  readonly target: string
  apply(attempt: FixAttempt): FixAttempt | undefined
}

/** Keys whose value a policy should never be widened to accept: secrets and MFA flags. */
const NEVER_WIDEN = new Set(['sts:externalid', 'aws:multifactorauthpresent', 'aws:multifactorauthage', 'aws:securetransport'])

/** The blockers of an outcome: one key per failing check (action, failed rule, denying statements) and per violation. */
export function blockers(outcome: ModelOutcome): Set<string> {
  const out = new Set<string>()
  for (const c of outcome.checks) if (c.result.decision !== 'allowed') out.add(blockerKey(c))
  for (const v of outcome.violations) out.add(`violation:${v.code}`)
  return out
}

function blockerKey(c: ModelCheck): string {
  const fail = c.result.trace?.steps.find((s) => s.outcome === 'fail')
  const refs = c.result.decision === 'explicitDeny' ? c.result.determining.map((r) => `${r.layer}/${r.level ?? ''}/${r.policy}${r.pointer}`).join(',') : ''
  return `${c.action}:${fail?.rule ?? c.result.decision}:${refs}`
}

function kindOf(layer: LayerKind, policyKind: PolicyKind): FixKind {
  switch (layer) {
    case 'resource':
      return policyKind === 'trust' ? 'trust-policy' : 'resource-policy'
    case 'identity':
      return 'identity-policy'
    case 'boundary':
      return 'boundary'
    case 'session':
      return 'session-policy'
    case 'scp':
      return 'scp'
    case 'rcp':
      return 'rcp'
  }
}

function current(slot: PolicySlot, attempt: FixAttempt): Policy {
  return attempt.policies.get(slot.id) ?? slot.policy
}

function findSlot(problem: FixProblem, ref: { readonly layer: LayerKind; readonly level?: number; readonly policy: string }): PolicySlot | undefined {
  return problem.slots.find((s) => s.layer === ref.layer && s.name === ref.policy && (s.level ?? -1) === (ref.level ?? -1))
}

function statementAt(policy: Policy, pointer: string): Statement | undefined {
  return policy.statements.find((s) => s.pointer === pointer)
}

function describeStatement(st: Statement, slot: PolicySlot): string {
  return `statement #${st.index}${st.sid !== undefined ? ` (${st.sid})` : ''} of ${slot.name} at ${st.pointer}`
}

/** Applies a patch to a slot's current policy; undefined when it does not apply or does not parse. */
function patched(slot: PolicySlot, attempt: FixAttempt, ops: readonly JsonPatchOperation[]): Policy | undefined {
  const r = applyJsonPatch(printPolicyAsWritten(current(slot, attempt)) as PatchValue, ops)
  if (!r.ok) return undefined
  const parsed = parsePolicy(r.value, { kind: slot.kind, name: slot.name })
  return parsed.ok ? parsed.value : undefined
}

function patchCandidate(slot: PolicySlot, attempt: FixAttempt, ops: JsonPatchOperation[], description: string, target: string, extraContext?: Readonly<Record<string, ContextValue>>): Candidate | undefined {
  const policy = patched(slot, attempt, ops)
  if (policy === undefined) return undefined
  const change: FixChange = {
    kind: kindOf(slot.layer, slot.kind),
    description,
    policy: refOf(slot),
    patch: ops,
  }
  return {
    changes: [change],
    target,
    apply: (a) => {
      const p = patched(slot, a, ops)
      if (p === undefined) return undefined
      const policies = new Map(a.policies)
      policies.set(slot.id, p)
      return { ...a, policies, context: { ...a.context, ...extraContext } }
    },
  }
}

const EMPTY_POLICY_STATEMENTS: Policy['statements'] = []

/** Detaching a policy: evaluated as the same policy with no statements. */
function detachCandidate(slot: PolicySlot, description: string, target: string): Candidate {
  const change: FixChange = { kind: kindOf(slot.layer, slot.kind), description, policy: { ...refOf(slot), detach: true } }
  return {
    changes: [change],
    target,
    apply: (a) => {
      const policies = new Map(a.policies)
      policies.set(slot.id, { ...slot.policy, statements: EMPTY_POLICY_STATEMENTS })
      return { ...a, policies }
    },
  }
}

function refOf(slot: PolicySlot): FixPolicyRef {
  return { name: slot.name, layer: slot.layer, ...(slot.level !== undefined ? { level: slot.level } : {}), owner: slot.owner, ...(slot.shared !== undefined ? { shared: slot.shared } : {}) }
}

function contextCandidate(problem: FixProblem, values: Readonly<Record<string, ContextValue>>, target: string): Candidate | undefined {
  const keys = Object.keys(values)
  if (keys.length === 0) return undefined
  const how: string[] = []
  for (const k of keys) {
    const text = problem.supply(k, values[k] as ContextValue)
    if (text === undefined) return undefined
    how.push(text)
  }
  return { changes: [{ kind: 'context', description: how.join('; '), context: values }], target, apply: (a) => ({ ...a, context: { ...a.context, ...values } }) }
}

function conditionChecks(st: StatementTrace): Extract<CheckTrace, { kind: 'condition' }>[] {
  return st.checks.filter((c): c is Extract<CheckTrace, { kind: 'condition' }> => c.kind === 'condition')
}

/** Context values that satisfy every failing condition of a statement, or undefined when one cannot be supplied. */
function satisfyAll(problem: FixProblem, st: Statement, failing: readonly Extract<CheckTrace, { kind: 'condition' }>[]): Record<string, ContextValue> | undefined {
  const out: Record<string, ContextValue> = {}
  for (const check of failing) {
    const node = st.conditions.find((n) => n.pointer === check.pointer)
    if (node === undefined) return undefined
    const value = satisfyingValues(node, true)[0]
    if (value === undefined || problem.supply(node.key, value) === undefined) return undefined
    out[node.key] = value
  }
  return out
}

/** Candidates for an Allow statement of the failing layer that came close. */
function nearMiss(problem: FixProblem, slot: PolicySlot, attempt: FixAttempt, check: ModelCheck, st: Statement, trace: StatementTrace, target: string): Candidate[] {
  const out: Candidate[] = []
  if (trace.checks.some((c) => c.kind !== 'action' && c.result === 'unknown')) return out
  const action = trace.checks.find((c) => c.kind === 'action')
  const ops: JsonPatchOperation[] = []
  const what: string[] = []
  let patchable = true
  /** Takes the operations of one widening, or marks the statement unpatchable when there are none. */
  const widen = (o: JsonPatchOperation[] | undefined, text: string): void => {
    if (o === undefined) patchable = false
    else {
      ops.push(...o)
      what.push(text)
    }
  }
  if (action !== undefined && !action.matched) widen(addAction(st, check.action), `add ${check.action} to its Action`)
  const resource = trace.checks.find((c) => c.kind === 'resource')
  if (resource !== undefined && resource.result === 'false') widen(addResource(st, check.resource), `add ${check.resource} to its Resource`)
  const principal = trace.checks.find((c) => c.kind === 'principal')
  const caller = problem.callerPrincipal
  if (principal !== undefined && principal.result === 'false') widen(caller !== undefined ? addPrincipal(st, caller.type, caller.value) : undefined, `add ${caller?.label ?? 'the caller'} to its Principal`)
  const failing = conditionChecks(trace).filter((c) => c.result === 'false')
  const otherChecksPass = ops.length === 0 && patchable
  // Context the caller supplies, when only conditions fail.
  if (failing.length > 0 && otherChecksPass) {
    const values = satisfyAll(problem, st, failing)
    const c = values !== undefined ? contextCandidate(problem, values, target) : undefined
    if (c !== undefined) out.push(c)
  }
  // Widen a condition to the request's own value.
  for (const c of failing) {
    const node = st.conditions.find((n) => n.pointer === c.pointer)
    const value = c.requestValues?.[0]
    const widenable = node !== undefined && !node.negated && (node.family === 'string' || node.family === 'arn' || node.family === 'ip') && !NEVER_WIDEN.has(node.keyLower) && c.requestValues?.length === 1
    if (!widenable || node === undefined || value === undefined) {
      patchable = false
      continue
    }
    ops.push(...addConditionValue(node, value))
    what.push(`accept ${node.key} = "${value}" in its ${node.operator} condition`)
  }
  if (patchable && ops.length > 0) {
    const cand = patchCandidate(slot, attempt, ops, `${what.join(' and ')}: ${describeStatement(st, slot)} (${slot.owner})`, target)
    if (cand !== undefined) out.push(cand)
  }
  return out
}

/** A new statement for the failing resource-side layer (trust or resource policy). */
function newResourceStatement(problem: FixProblem, slot: PolicySlot, attempt: FixAttempt, check: ModelCheck, target: string): Candidate | undefined {
  const caller = problem.callerPrincipal
  if (caller === undefined) return undefined
  const policy = current(slot, attempt)
  const statement: Record<string, PatchValue> = { Effect: 'Allow', Principal: { [caller.type]: caller.value }, Action: check.action }
  if (slot.kind !== 'trust') statement['Resource'] = check.resource
  const written = printPolicyAsWritten(policy)['Statement'] as PatchValue | undefined
  const ops = appendStatement(policy, statement, written)
  return patchCandidate(slot, attempt, ops, `add a statement to ${slot.name} (${slot.owner}) that allows ${caller.label} to call ${check.action}`, target)
}

/** A new inline identity policy allowing exactly the action on the resource. */
function newIdentityPolicy(problem: FixProblem, check: ModelCheck, target: string): Candidate | undefined {
  const owner = problem.identityOwner
  if (owner === undefined) return undefined
  const name = `iamtrace-fix-${check.action.replace(/[^A-Za-z0-9]/g, '')}`
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: check.action, Resource: check.resource }] }
  const parsed = parsePolicy(document, { kind: 'identity', name })
  if (!parsed.ok) return undefined
  const change: FixChange = {
    kind: 'identity-policy',
    description: `attach an inline policy to ${owner} that allows ${check.action} on ${check.resource}`,
    policy: { name, layer: 'identity', owner, new: true },
    patch: [{ op: 'add', path: '', value: document }],
  }
  return { changes: [change], target, apply: (a) => (a.added.some((p) => p.name === name) ? undefined : { ...a, added: [...a.added, { layer: 'identity', kind: 'identity', name, policy: parsed.value }] }) }
}

/** A new resource-based policy granting the caller, for a resource that has none. */
function newResourcePolicy(problem: FixProblem, check: ModelCheck, target: string): Candidate | undefined {
  const owner = problem.resourceOwner
  const caller = problem.callerPrincipal
  if (owner === undefined || caller === undefined) return undefined
  const name = 'iamtrace-fix-resource-policy'
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { [caller.type]: caller.value }, Action: check.action, Resource: check.resource }] }
  const parsed = parsePolicy(document, { kind: 'resource', name })
  if (!parsed.ok) return undefined
  const change: FixChange = {
    kind: 'resource-policy',
    description: `give ${owner} a resource-based policy that allows ${caller.label} to call ${check.action}`,
    policy: { name, layer: 'resource', owner, new: true },
    patch: [{ op: 'add', path: '', value: document }],
  }
  return { changes: [change], target, apply: (a) => (a.added.some((p) => p.name === name) ? undefined : { ...a, added: [...a.added, { layer: 'resource', kind: 'resource', name, policy: parsed.value }] }) }
}

/** An Allow statement appended to a policy of an allow-list layer (boundary, SCP level, session policy). */
function allowStatement(slot: PolicySlot, attempt: FixAttempt, check: ModelCheck, target: string): Candidate | undefined {
  const policy = current(slot, attempt)
  const statement: Record<string, PatchValue> = { Effect: 'Allow', Action: check.action, Resource: slot.layer === 'scp' ? '*' : check.resource }
  const ops = appendStatement(policy, statement, printPolicyAsWritten(policy)['Statement'] as PatchValue | undefined)
  return patchCandidate(slot, attempt, ops, `add a statement to ${slot.name} (${slot.owner}) that allows ${check.action}${slot.layer === 'scp' ? '' : ` on ${check.resource}`}`, target)
}

/** Candidates for a Deny statement that applied. */
function denyCandidates(problem: FixProblem, attempt: FixAttempt, ref: StatementRef, target: string): Candidate[] {
  const slot = findSlot(problem, ref)
  if (slot === undefined) return []
  const st = statementAt(current(slot, attempt), ref.pointer)
  if (st === undefined) return []
  const out: Candidate[] = []
  for (const node of st.conditions) {
    const value = satisfyingValues(node, false)[0]
    if (value === undefined) continue
    const c = contextCandidate(problem, { [node.key]: value }, target)
    if (c !== undefined) out.push(c)
  }
  const exempt = problem.exemptionArn
  if (exempt !== undefined) {
    const c = patchCandidate(slot, attempt, exemptPrincipal(st, exempt), `exempt ${exempt} from the Deny ${describeStatement(st, slot)} (${slot.owner}) with ArnNotLike on aws:PrincipalArn`, target)
    if (c !== undefined) out.push(c)
  }
  const policy = current(slot, attempt)
  if (policy.statements.length === 1) {
    // A policy must keep a statement: removing its only Deny means detaching the policy.
    const c = detachCandidate(slot, `detach ${slot.name} (${slot.owner}): its only statement is the Deny ${describeStatement(st, slot)}`, target)
    out.push(c)
  } else {
    const remove = removeStatement(st)
    const c = remove !== undefined ? patchCandidate(slot, attempt, remove, `remove the Deny ${describeStatement(st, slot)} (${slot.owner})`, target) : undefined
    if (c !== undefined) out.push(c)
  }
  return out
}

const RULE_LAYER: Readonly<Record<string, LayerKind>> = { 'trust-policy': 'resource', 'resource-policy': 'resource', 'key-policy': 'resource', identity: 'identity', boundary: 'boundary', session: 'session', scp: 'scp', rcp: 'rcp' }

/** Candidates for an implicit deny, from the failing step's layer. */
function implicitCandidates(problem: FixProblem, attempt: FixAttempt, check: ModelCheck, target: string): Candidate[] {
  const trace = check.result.trace
  const fail = trace?.steps.find((s) => s.outcome === 'fail')
  const layer = fail !== undefined ? RULE_LAYER[fail.rule] : undefined
  if (trace === undefined || layer === undefined) return []
  const out: Candidate[] = []
  const failingLevels = new Set<number>()
  let callerNamed = false
  // A new inline policy for exactly this request comes first: widening an existing identity policy may
  // widen a group or managed policy other principals share.
  if (layer === 'identity') {
    const c = newIdentityPolicy(problem, check, target)
    if (c !== undefined) out.push(c)
  }
  for (const lt of trace.layers) {
    if (lt.kind !== layer) continue
    if ((layer === 'scp' || layer === 'rcp') && lt.outcome === 'noMatch' && lt.level !== undefined) failingLevels.add(lt.level)
    for (const pt of lt.policies)
      for (const st of pt.statements) {
        if (st.effect !== 'Allow' || st.applies === 'true') continue
        const slot = findSlot(problem, st.ref)
        const statement = slot !== undefined ? statementAt(current(slot, attempt), st.ref.pointer) : undefined
        if (slot === undefined || statement === undefined) continue
        // A statement whose action does not match is a near miss only in the trust policy (sts:TagSession, sts:SetSourceIdentity).
        const actionMatched = st.checks.some((c) => c.kind === 'action' && c.matched)
        if (!actionMatched && slot.kind !== 'trust') continue
        const principalMatched = st.checks.some((c) => c.kind === 'principal' && c.result === 'true')
        if (principalMatched) callerNamed = true
        if (!actionMatched && !principalMatched) continue
        out.push(...nearMiss(problem, slot, attempt, check, statement, st, target))
      }
  }
  if (layer === 'resource') {
    const slot = problem.slots.find((s) => s.layer === 'resource')
    // A new statement for the caller, only when no statement names it yet: one that does (with MFA or
    // other conditions) must be satisfied, not bypassed by an unconditional grant.
    if (slot !== undefined && !callerNamed) {
      const c = newResourceStatement(problem, slot, attempt, check, target)
      if (c !== undefined) out.push(c)
    } else if (slot === undefined) {
      const c = newResourcePolicy(problem, check, target)
      if (c !== undefined) out.push(c)
    }
  } else if (layer !== 'identity') {
    const slots = problem.slots.filter((s) => s.layer === layer && (failingLevels.size === 0 || (s.level !== undefined && failingLevels.has(s.level))))
    const first = slots[0]
    if (first !== undefined) {
      const c = allowStatement(first, attempt, check, target)
      if (c !== undefined) out.push(c)
    }
  }
  return out
}

/**
 * Every candidate step for a denied outcome.
 *
 * @example
 * const steps = candidatesFor(problem, problem.evaluate(EMPTY_ATTEMPT), EMPTY_ATTEMPT)
 */
export function candidatesFor(problem: FixProblem, outcome: ModelOutcome, attempt: FixAttempt): Candidate[] {
  const out: Candidate[] = []
  for (const check of outcome.checks) {
    if (check.result.decision === 'allowed') continue
    const target = blockerKey(check)
    if (check.result.decision === 'explicitDeny') for (const ref of check.result.determining) out.push(...denyCandidates(problem, attempt, ref, target))
    else out.push(...implicitCandidates(problem, attempt, check, target))
  }
  for (const v of outcome.violations) {
    for (const p of problem.parameterFixes?.(v) ?? []) {
      out.push({
        changes: [{ kind: 'parameter', description: p.description, parameters: p.parameters }],
        target: `violation:${v.code}`,
        apply: (a) => ({ ...a, parameters: { ...a.parameters, ...p.parameters } }),
      })
    }
  }
  return out
}
