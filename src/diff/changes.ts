/**
 * From the comparison of one question to a reported change: the kind, access before and after, the
 * witness, where the change is in AFTER, and (on request) the witness as two scenario files that
 * `iamtrace test` replays.
 */
import type { AccessAnswer, Witness } from '../analysis/types.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { evaluateCompiled } from '../evaluate/evaluate.js'
import type { CompiledPolicySet } from '../evaluate/evaluate.js'
import type { PrincipalRef } from '../graph/canAssume.js'
import { printPolicyAsWritten } from '../policy/printPolicy.js'
import type { Request } from '../request/types.js'
import type { StatementRef } from '../trace/types.js'
import type { JointResult, JointWitness } from './joint.js'
import type { ChangeLocation, ChangeWitness, DiffChange, VersionAccess } from './types.js'

/** The access of one version, or null when denied or absent. */
function versionAccess(a: AccessAnswer | null): VersionAccess | null {
  if (a === null || a.access === 'denied') return null
  return { access: a.access, conditions: a.conditions, uncertain: a.uncertain }
}

/** What is needed to place a change and write its scenarios. */
export interface ChangeContext {
  readonly role: string
  readonly principal: PrincipalRef
  readonly before: CompiledPolicySet | null
  readonly after: CompiledPolicySet | null
  /** The statement that decides the witness in AFTER (or BEFORE), in its source. */
  readonly locate?: (ref: StatementRef, version: 'before' | 'after') => ChangeLocation | undefined
  /** Where to point when no statement decides (the AFTER policy, or the removed role in BEFORE). */
  readonly fallback?: ChangeLocation
  /** Build the scenario files of the witness. */
  readonly scenarios?: boolean
  readonly extra?: Partial<Pick<DiffChange, 'via' | 'causes' | 'roleChange' | 'action' | 'resource' | 'scope'>>
}

/** The change a comparison reports, or undefined when nothing changed for this principal. */
export function changeOf(r: JointResult, ctx: ChangeContext): DiffChange | undefined {
  const before = versionAccess(r.before)
  const after = versionAccess(r.after)
  let kind: DiffChange['kind'] | undefined
  let witness: JointWitness | undefined
  if (r.gain === 'confirmed') [kind, witness] = ['gained', r.gainWitness]
  else if (r.gain === 'possible') kind = 'uncertain'
  else if (r.loss !== 'none') [kind, witness] = [after === null ? 'lost' : 'changed', r.lossWitness]
  if (kind === undefined) return undefined
  const w: ChangeWitness | undefined =
    witness === undefined
      ? undefined
      : {
          request: witness.request,
          ...(JSON.stringify(witness.beforeRequest) !== JSON.stringify(witness.request) ? { beforeRequest: witness.beforeRequest } : {}),
          beforeDecision: witness.beforeDecision,
          afterDecision: witness.afterDecision,
        }
  const location = locationOf(witness, ctx) ?? ctx.fallback
  const change: DiffChange & { scenarios?: ChangeScenarios } = {
    role: ctx.role,
    kind,
    principal: ctx.principal,
    before,
    after,
    ...(w !== undefined ? { witness: w } : {}),
    ...(kind === 'uncertain' ? { uncertain: r.reasons } : {}),
    ...ctx.extra,
    ...(location !== undefined ? { location } : {}),
  }
  if (ctx.scenarios === true && witness !== undefined) change.scenarios = scenariosOf(change, witness, ctx)
  return change
}

/** The statement that decides the witness: in AFTER the Allow that grants it, else the Deny that stops it. */
function locationOf(witness: JointWitness | undefined, ctx: ChangeContext): ChangeLocation | undefined {
  if (witness === undefined || ctx.locate === undefined) return undefined
  const version = ctx.after !== null ? 'after' : 'before'
  const policies = version === 'after' ? ctx.after : ctx.before
  if (policies === null) return undefined
  const request = requestOf(version === 'after' ? witness.request : witness.beforeRequest)
  const refs = evaluateCompiled(request, policies).determining
  const own = refs.filter((ref) => ref.layer !== 'scp' && ref.layer !== 'rcp' && !ref.policy.startsWith("the caller's own account"))
  for (const ref of [...own, ...refs]) {
    const at = ctx.locate(ref, version)
    if (at !== undefined) return at
  }
  return undefined
}

/** A witness back in the request shape. */
export function requestOf(w: Witness): Request {
  const p = w.principal
  const principal: Request['principal'] =
    typeof p === 'string' ? { kind: 'aws', arn: p } : 'service' in p ? { kind: 'service', service: p.service } : 'federated' in p ? { kind: 'federated', provider: p.federated } : { kind: 'anonymous' }
  return { principal, action: w.action, resource: w.resource, ...(w.resourceAccount !== undefined ? { resourceAccount: w.resourceAccount } : {}), context: w.context }
}

/** The two scenario files of a witness (scenario-file format v1). */
export interface ChangeScenarios {
  readonly before: Record<string, unknown>
  readonly after: Record<string, unknown>
}

function named(p: CompiledPolicy): Record<string, unknown> {
  return { name: p.name, document: printPolicyAsWritten(p.policy) }
}

function scenarioOf(description: string, w: Witness, policies: CompiledPolicySet | null, decision: string): Record<string, unknown> {
  const request: Record<string, unknown> = { principal: w.principal, action: w.action, resource: w.resource, context: w.context }
  if (w.resourceAccount !== undefined) request.resourceAccount = w.resourceAccount
  const p = policies ?? {}
  return {
    description,
    source: 'iamtrace diff: a witness request, decided by the evaluator in both versions',
    request,
    principalPolicies: {
      identity: (p.identity ?? []).map(named),
      boundary: p.boundary == null ? null : named(p.boundary),
      session: (p.session ?? []).map(named),
      scps: (p.scps ?? []).map((level) => level.map(named)),
    },
    resourcePolicies: { resource: p.resource == null ? null : named(p.resource), rcps: (p.rcps ?? []).map((level) => level.map(named)) },
    expect: { decision },
  }
}

function scenariosOf(change: DiffChange, w: JointWitness, ctx: ChangeContext): ChangeScenarios {
  const who = typeof change.principal === 'string' ? change.principal : JSON.stringify(change.principal)
  return {
    before: scenarioOf(`${change.kind}: ${who} → ${change.role} (BEFORE)`, w.beforeRequest, ctx.before, w.beforeDecision),
    after: scenarioOf(`${change.kind}: ${who} → ${change.role} (AFTER)`, w.request, ctx.after, w.afterDecision),
  }
}
