/**
 * Compiles a parsed policy once into matchers, indexed by service prefix, so that evaluation does no
 * parsing, no lowercasing of policy text and no pattern compilation.
 */
import { compileCondition } from '../conditions/compileCondition.js'
import type { CompiledCondition } from '../conditions/types.js'
import type { Policy, PrincipalElement, Statement } from '../policy/types.js'
import type { LayerKind, StatementRef } from '../trace/types.js'
import { compileActionMatcher, serviceOf } from './matchAction.js'
import type { ActionMatcher } from './matchAction.js'
import { compileResourceMatcher } from './resourceElement.js'
import type { ResourceMatcher } from './resourceElement.js'

/**
 * A statement compiled for evaluation.
 *
 * @example
 * for (const s of compilePolicy(policy, 'identity', 'ReadOnly').statements) console.log(s.ref.pointer, s.effect, s.action?.matches('s3:getobject'))
 */
export interface CompiledStatement {
  readonly ref: StatementRef
  readonly statement: Statement
  readonly effect: 'Allow' | 'Deny'
  readonly action: ActionMatcher | undefined
  readonly resource: ResourceMatcher | undefined
  readonly principal: PrincipalElement | undefined
  /** In a role trust policy the bare `"Principal": "*"` is read as `{"AWS": "*"}` (docs/semantics.md#aws-star). */
  readonly bareWildcardAsAws: boolean
  /** Why the Principal / NotPrincipal cannot be read in this kind of policy (it then matches `unknown`). */
  readonly principalUnreadable?: string
  readonly conditions: readonly CompiledCondition[]
}

/**
 * A policy compiled for one layer.
 *
 * @example
 * const compiled: CompiledPolicy = compilePolicy(policy, 'identity', 'ReadOnly')
 * compiled.candidates('s3').length // statements that can match an s3 action
 */
export interface CompiledPolicy {
  readonly name: string
  readonly layer: LayerKind
  readonly policy: Policy
  readonly statements: readonly CompiledStatement[]
  /** The statements that can match an action of this (lowercased) service, in document order. */
  candidates(service: string): readonly CompiledStatement[]
  /** The statements whose Action element does not rule out this (lowercased) action, in document order. */
  forAction(actionLower: string): readonly CompiledStatement[]
}

/**
 * Compiles a parsed policy for a layer; `name` labels it in traces, `level` is the SCP/RCP organization level.
 *
 * @example
 * const parsed = parsePolicy(text, { kind: 'scp' })
 * if (parsed.ok) evaluateCompiled(request, { scps: [[compilePolicy(parsed.value, 'scp', 'guardrails', 0)]] }).decision
 */
export function compilePolicy(policy: Policy, layer: LayerKind, name: string, level?: number): CompiledPolicy {
  const statements = policy.statements.map((statement) => compileStatement(statement, policy, layer, name, level))
  // PERF: precompute, per service named in the policy, the statements that can match it; statements
  // whose Action has a wildcard service (or NotAction) are candidates for every service.
  const anyService = statements.filter((s) => s.action === undefined || s.action.services === undefined)
  const byService = new Map<string, CompiledStatement[]>()
  for (const s of statements) for (const service of s.action?.services ?? []) byService.set(service, [])
  for (const [service, list] of byService) {
    for (const s of statements) if (s.action === undefined || s.action.services === undefined || s.action.services.includes(service)) list.push(s)
  }
  // PERF: per action, the candidates whose Action element can match it (computed once, bounded memo):
  // with tracing off, a request evaluates only these.
  const byAction = new Map<string, readonly CompiledStatement[]>()
  const candidates = (service: string): readonly CompiledStatement[] => byService.get(service) ?? anyService
  return {
    name,
    layer,
    policy,
    statements,
    candidates,
    forAction: (actionLower) => {
      let list = byAction.get(actionLower)
      if (list === undefined) {
        list = candidates(serviceOf(actionLower)).filter((s) => s.action !== undefined && s.action.matches(actionLower))
        if (byAction.size >= 256) byAction.clear()
        byAction.set(actionLower, list)
      }
      return list
    },
  }
}

function compileStatement(statement: Statement, policy: Policy, layer: LayerKind, name: string, level: number | undefined): CompiledStatement {
  const ref: StatementRef = {
    policy: name,
    layer,
    ...(level !== undefined ? { level } : {}),
    index: statement.index,
    pointer: statement.pointer,
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
  }
  const refused = refusedForKind(statement, policy.kind)
  const action = statement.action === undefined ? undefined : compileActionMatcher(statement.action)
  const resource = statement.resource === undefined ? undefined : compileResourceMatcher(statement.resource, policy.variablesEnabled)
  return {
    ref,
    statement,
    effect: statement.effect,
    action: action !== undefined && refused.action !== undefined ? unknownAction(action) : action,
    resource: resource !== undefined && refused.resource !== undefined ? unknownResource(resource, refused.resource) : resource,
    principal: statement.principal,
    bareWildcardAsAws: policy.kind === 'trust',
    ...(refused.principal !== undefined ? { principalUnreadable: refused.principal } : {}),
    conditions: statement.conditions.map((c) => compileCondition(c, policy.variablesEnabled)),
  }
}

/**
 * Elements AWS refuses in this kind of policy (the parser reports each). They have no defined
 * reading, so they match `unknown`: an Allow never grants through them, a Deny applies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 */
function refusedForKind(statement: Statement, kind: Policy['kind']): { action?: string; resource?: string; principal?: string } {
  const p = statement.principal
  return {
    ...(kind === 'rcp' && statement.action?.kind === 'notAction' ? { action: 'an RCP cannot use NotAction' } : {}),
    ...(kind === 'trust' && statement.resource !== undefined ? { resource: 'a role trust policy cannot have Resource or NotResource (IAM refuses it); fail closed' } : {}),
    ...(p !== undefined && kind === 'trust' && p.kind === 'notPrincipal' ? { principal: 'a role trust policy cannot use NotPrincipal; fail closed' } : {}),
    ...(p !== undefined && kind === 'rcp' && !(p.kind === 'principal' && p.bareWildcard) ? { principal: 'an RCP must use "Principal": "*"; fail closed' } : {}),
  }
}

function unknownAction(m: ActionMatcher): ActionMatcher {
  return { ...m, services: undefined, matches: () => true, match: () => 'unknown' }
}

function unknownResource(m: ResourceMatcher, note: string): ResourceMatcher {
  return { ...m, match: () => ({ result: 'unknown', note }) }
}
