/**
 * One statement against one request: action, resource, principal and conditions, each three-valued.
 * A statement applies when every check is true; a check that is `unknown` makes a Deny apply and an
 * Allow not (fail closed). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { CompiledStatement } from '../compile/compilePolicy.js'
import { matchPrincipalElement } from '../compile/matchPrincipal.js'
import type { PrincipalFacts } from '../compile/matchPrincipal.js'
import type { CompiledCondition, ConditionOutcome } from '../conditions/types.js'
import { derivedKeySpelling } from '../request/buildContext.js'
import type { RequestContext } from '../request/context.js'
import type { CheckTrace, GrantStrength, LayerKind, StatementTrace, Tri } from '../trace/types.js'
import { triAnd } from '../logic/tri.js'
import { addWork } from '../work.js'
import { keptResult, PATH_NOTE, reconsider, resourcePathDecides, resourceSameForEvery, unknownVariableKeys } from './uncertainKeys.js'
import type { Reconsidered, UncertainKeys } from './uncertainKeys.js'

/** A key in the spelling AWS documents when it is one AWS sets, else as read. */
const spelled = (keyLower: string): string => derivedKeySpelling(keyLower) ?? keyLower

/** The request, prepared once for every statement. */
export interface PreparedRequest {
  readonly actionLower: string
  readonly service: string
  readonly resource: string
  /** The resource lowercased once, for the case-insensitive reading of resource patterns. */
  readonly resourceLower: string
  readonly context: RequestContext
  readonly facts: PrincipalFacts
  /** Lets partial evaluation decide conditions on keys the question leaves open. */
  readonly conditionOverride: ConditionOverride | undefined
  /** Records a context key that a condition read but the request lacks. */
  missing(key: string): void
  /** Keys AWS sets for the caller whose value the request does not reveal (read only when needed). */
  readonly uncertain: UncertainKeys | undefined
  /** Lets an analysis read a statement the engine cannot decide (see {@link UnknownStatementHook}). */
  readonly unknownStatement: UnknownStatementHook | undefined
  /**
   * This evaluation's stamp for the memos of repeated statements (see statementMemo), or 0 when
   * statements must each be evaluated (a condition override may read the statement it is asked about).
   */
  readonly stamp: number
}

/**
 * Decides, for an analysis, whether a statement the engine finds `unknown` applies. The engine's own
 * reading (fail closed: an Allow does not apply, a Deny does) is used when no hook is given; an
 * analysis that must not under-report reads an undecidable Allow as possibly applying and an
 * undecidable Deny as possibly not, and records which statements it read so.
 *
 * @example
 * const seen: CompiledStatement[] = []
 * const possibly: UnknownStatementHook = (s) => (seen.push(s), s.effect === 'Allow')
 * evaluateCompiled(request, policies, { unknownStatement: possibly })
 */
export type UnknownStatementHook = (statement: CompiledStatement, layer: LayerKind) => boolean

/**
 * Returns a forced result for a condition, or undefined to evaluate it normally.
 *
 * @example
 * // Decide every MFA condition as true, leave the rest to the request:
 * const mfa: ConditionOverride = (c) => (c.node.keyLower === 'aws:multifactorauthpresent' ? 'true' : undefined)
 * evaluateCompiled(request, policies, { conditionOverride: mfa })
 */
export type ConditionOverride = (condition: CompiledCondition, statement: CompiledStatement) => Tri | undefined

/** One statement's result. */
export interface StatementResult {
  readonly applies: Tri
  readonly strength?: GrantStrength
  /** A wildcard principal narrowed by a condition on aws:PrincipalArn (resource policies only). */
  readonly byPrincipalArn?: boolean
  readonly trace?: StatementTrace
}

const NO_CONTEXT: RequestContext = Object.freeze({ get: () => undefined })
const NO: StatementResult = { applies: 'false' }
const YES: StatementResult = { applies: 'true' }
const MAYBE: StatementResult = { applies: 'unknown' }
// PERF: the untraced results of statements with a principal, one per outcome and strength.
const STRENGTHS: readonly GrantStrength[] = ['session', 'user', 'role', 'wildcard', 'account', 'service', 'federated']
const resultsFor = (applies: Tri): Readonly<Record<GrantStrength, StatementResult>> =>
  Object.freeze(Object.fromEntries(STRENGTHS.map((strength) => [strength, Object.freeze({ applies, strength })])) as Record<GrantStrength, StatementResult>)
const GRANTS = resultsFor('true')
const MAYBE_GRANTS = resultsFor('unknown')
const NOT_GRANTS = resultsFor('false')

/**
 * Whether a statement applies to the request, without a trace: it stops at the first check that is
 * false. `knownAction` is the Action result when the caller already has it (the per-action index).
 * PERF: apart from `traceStatement`, so that evaluations with a trace in the same process do not make
 * the untraced path's code generic (measured: a third slower after traced evaluations).
 */
export function statementApplies(s: CompiledStatement, layer: LayerKind, req: PreparedRequest, knownAction?: Tri): StatementResult {
  addWork('statements', 1)
  // A malformed action pattern matches `unknown`: an Allow never grants with it, a Deny applies.
  let applies: Tri = knownAction ?? (s.action === undefined ? 'false' : s.action.match(req.actionLower))
  if (applies === 'false') return NO
  if (s.resource !== undefined) applies = triAnd(applies, resourceCheck(s.resource, s.resourceVariableKeys, req).result)
  else if (layer !== 'resource') applies = triAnd(applies, s.effect === 'Deny' ? 'unknown' : 'false')
  if (applies === 'false') return NO
  let strength: GrantStrength | undefined
  if (layer === 'resource' || layer === 'rcp') {
    if (s.principal === undefined) applies = triAnd(applies, s.effect === 'Deny' ? 'unknown' : 'false')
    else {
      const p = principalCheck(s, s.principal, req)
      strength = p.strength
      applies = triAnd(applies, p.result)
    }
    if (applies === 'false') return NO
  } else if (s.principal !== undefined) applies = triAnd(applies, 'unknown')
  if (s.emptyConditionBlock) applies = triAnd(applies, 'unknown')
  const conditions = s.conditions
  for (let i = 0; i < conditions.length; i++) {
    applies = triAnd(applies, conditionResult(conditions[i] as CompiledCondition, s, req))
    if (applies === 'false') return NO
  }
  if (strength !== undefined) {
    if (strength === 'wildcard' && namesPrincipalArn(s)) return { applies, strength, byPrincipalArn: true }
    return (applies === 'true' ? GRANTS : applies === 'unknown' ? MAYBE_GRANTS : NOT_GRANTS)[strength]
  }
  return applies === 'true' ? YES : applies === 'unknown' ? MAYBE : NO
}

/** Evaluates a statement and records every check for the trace (none is skipped). */
export function traceStatement(s: CompiledStatement, layer: LayerKind, req: PreparedRequest): StatementResult {
  addWork('statements', 1)
  const checks: CheckTrace[] = []
  let strength: GrantStrength | undefined

  const action: Tri = s.action === undefined ? 'false' : s.action.match(req.actionLower)
  if (s.action !== undefined) checks.push({ kind: 'action', matched: action === 'true', pointer: s.action.pointer, patterns: s.action.sources, negated: s.action.negated })
  let applies: Tri = action

  if (s.resource !== undefined) {
    const r = resourceCheck(s.resource, s.resourceVariableKeys, req)
    checks.push({ kind: 'resource', result: r.result, pointer: s.resource.pointer, patterns: s.resource.sources, negated: s.resource.negated, ...(r.note !== undefined ? { note: r.note } : {}) })
    applies = triAnd(applies, r.result)
  } else if (layer !== 'resource') {
    // Identity-style policies must name a Resource; the parser reports it, evaluation grants nothing.
    applies = triAnd(applies, s.effect === 'Deny' ? 'unknown' : 'false')
  }

  if (layer === 'resource' || layer === 'rcp') {
    if (s.principal === undefined) {
      applies = triAnd(applies, s.effect === 'Deny' ? 'unknown' : 'false')
    } else {
      const p = principalCheck(s, s.principal, req)
      strength = p.strength
      checks.push({
        kind: 'principal',
        result: p.result,
        pointer: s.principal.pointer,
        values: principalValues(s.principal),
        negated: s.principal.kind === 'notPrincipal',
        ...(p.strength !== undefined ? { strength: p.strength } : {}),
        ...(p.note !== undefined ? { note: p.note } : {}),
      })
      applies = triAnd(applies, p.result)
    }
  } else if (s.principal !== undefined) {
    // AWS refuses to store a Principal / NotPrincipal in identity policies, boundaries, session
    // policies and SCPs; an Allow that names one never grants here, a Deny applies (fail closed).
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    applies = triAnd(applies, 'unknown')
    checks.push({ kind: 'principal', result: 'unknown', pointer: s.principal.pointer, values: principalValues(s.principal), negated: s.principal.kind === 'notPrincipal', note: 'this policy type cannot name a principal; fail closed' })
  }

  if (s.emptyConditionBlock) {
    // "Condition": {} - AWS says the statement has no effect; fail closed (docs/semantics.md#empty-condition).
    applies = triAnd(applies, 'unknown')
    checks.push({ kind: 'condition', result: 'unknown', pointer: `${s.statement.pointer}/Condition`, operator: '', key: '', reason: 'undocumented', values: [], note: 'empty Condition block: an Allow grants nothing, a Deny applies' })
  }
  for (const c of s.conditions) {
    addWork('conditions', 1)
    const forced = req.conditionOverride?.(c, s)
    const outcome = forced === undefined ? c.evaluate(req.context, true) : undefined
    let result: Tri = forced ?? (outcome as NonNullable<typeof outcome>).result
    let uncertainNote: string | undefined
    if (outcome !== undefined) {
      const settled = settleCondition(c, req, outcome, true)
      if (settled.result !== result) uncertainNote = settled.note
      result = settled.result
    }
    checks.push({
      kind: 'condition',
      result,
      pointer: c.node.pointer,
      operator: c.node.operator,
      key: c.node.key,
      reason: outcome?.reason ?? 'undocumented',
      values: outcome?.values ?? [],
      ...(outcome?.requestValues !== undefined ? { requestValues: outcome.requestValues } : {}),
      ...(uncertainNote !== undefined ? { note: uncertainNote } : outcome?.note !== undefined ? { note: outcome.note } : forced !== undefined ? { note: `decided by the question: ${forced}` } : {}),
    })
    applies = triAnd(applies, result)
  }

  const byPrincipalArn = strength === 'wildcard' && namesPrincipalArn(s)
  return {
    applies,
    ...(strength !== undefined ? { strength } : {}),
    ...(byPrincipalArn ? { byPrincipalArn } : {}),
    trace: { ref: s.ref, effect: s.effect, applies, checks },
  }
}

const principalValues = (p: NonNullable<CompiledStatement['principal']>): string[] => (p.bareWildcard ? ['*'] : p.entries.map((e) => `${e.type}:${e.value}`))

/** The Resource element's result, with a note when the unknown value of a policy variable decided it. */
function resourceCheck(resource: NonNullable<CompiledStatement['resource']>, variableKeys: readonly string[], req: PreparedRequest): { readonly result: Tri; readonly note?: string } {
  // PERF: the context is built only for an element that reads it (one with policy variables).
  const r = resource.match(req.resource, resource.readsContext ? req.context : NO_CONTEXT, req.resourceLower)
  // PERF: the uncertain keys are read only for an element with policy variables (apart, so that this
  // function stays small enough to inline into the statement loop).
  if (r.result === 'unknown' || variableKeys.length === 0) return r
  return withUncertainKeys(r, resource, variableKeys, req)
}

/** A Resource element's result read in the light of the keys AWS sets that the request does not give. */
function withUncertainKeys(r: { readonly result: Tri; readonly note?: string }, resource: NonNullable<CompiledStatement['resource']>, variableKeys: readonly string[], req: PreparedRequest): { readonly result: Tri; readonly note?: string } {
  const uncertain = req.uncertain
  if (uncertain === undefined) return r
  const unknownKeys = unknownVariableKeys(variableKeys, uncertain)
  // A role session's aws:PrincipalArn is its role's ARN, whose path the session ARN does not show.
  if (uncertain.rolePath !== undefined && variableKeys.includes('aws:principalarn')) {
    // With an unknown key besides, the values tried for it would assume no path: not decided.
    if (unknownKeys.length > 0 || pathDecides(resource, req, uncertain, r.result)) {
      for (const key of ['aws:PrincipalArn', ...unknownKeys]) req.missing(key)
      return { result: 'unknown', note: PATH_NOTE }
    }
  }
  if (unknownKeys.length === 0) return r
  // Values are tried for one unknown key at a time: with two, the other stays unresolved and would
  // make every tried value match nothing, so two unknown keys are not decided by trying.
  const same = unknownKeys.length === 1 ? resourceSame(unknownKeys[0] as string, resource, req, uncertain) : undefined
  if (same !== undefined) return { result: same, note: `the same for every value AWS could set for ${spelled(unknownKeys[0] as string)}` }
  for (const key of unknownKeys) req.missing(key)
  return { result: 'unknown', note: `AWS sets ${unknownKeys.map(spelled).join(' and ')} for this caller but the request does not give ${unknownKeys.length === 1 ? 'its value' : 'their values'}; fail closed` }
}

/** The Principal / NotPrincipal element's result (`unknown` when this kind of policy cannot name one). */
function principalCheck(s: CompiledStatement, principal: NonNullable<CompiledStatement['principal']>, req: PreparedRequest): { readonly result: Tri; readonly note?: string | undefined; readonly strength?: GrantStrength | undefined } {
  return s.principalUnreadable !== undefined ? { result: 'unknown', note: s.principalUnreadable } : matchPrincipalElement(principal, req.facts, s.effect, s.bareWildcardAsAws)
}

/** A condition's result, untraced: the question's override, else the condition settled as below. */
function conditionResult(c: CompiledCondition, s: CompiledStatement, req: PreparedRequest): Tri {
  addWork('conditions', 1)
  const forced = req.conditionOverride?.(c, s)
  return forced ?? settleCondition(c, req, c.evaluate(req.context, false), false).result
}

/**
 * A condition's evaluated result read in the light of the request: the context keys it read that the
 * request lacks are recorded, and keys AWS sets whose value the request does not show may make it
 * `unknown` (see `reconsider`, which with `explain` also says why).
 */
function settleCondition(c: CompiledCondition, req: PreparedRequest, outcome: ConditionOutcome, explain: boolean): Reconsidered {
  if (outcome.reason === 'keyMissing' || outcome.reason === 'ifExistsMissing' || outcome.reason === 'unresolvedVariable') {
    // Keys AWS always sets but the request does not show are reported by `reconsider` below.
    for (const key of c.keysRead) if (req.context.get(key) === undefined && req.uncertain?.unknown.has(key) !== true) req.missing(key === c.node.keyLower ? c.node.key : key)
  }
  const uncertain = req.uncertain
  if (uncertain === undefined) return keptResult(outcome.result)
  const r = reconsider(c, req.context, outcome.result, uncertain, explain)
  if (r.missingKeys !== undefined) for (const key of r.missingKeys) req.missing(key)
  return r
}

/**
 * Whether the statement identifies its principal with a positive condition on aws:PrincipalArn. AWS:
 * boundaries and session policies do not limit such a grant made with a wildcard Principal.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
/**
 * Whether the Resource element gives the same result for every value AWS could set for `key`.
 * PERF: apart from `evaluateStatement`, so that its closure does not make that hot function allocate a
 * context object on every call.
 */
function resourceSame(key: string, resource: NonNullable<CompiledStatement['resource']>, req: PreparedRequest, uncertain: UncertainKeys): Tri | undefined {
  return resourceSameForEvery(key, resource, req.resource, req.context, uncertain, (context) => resource.match(req.resource, context, req.resourceLower).result)
}

/** Whether the Resource element's result depends on the session's role path (apart, as `resourceSame`). */
function pathDecides(resource: NonNullable<CompiledStatement['resource']>, req: PreparedRequest, uncertain: UncertainKeys, result: Tri): boolean {
  return resourcePathDecides(resource, req.resource, req.context, uncertain, result, (context) => resource.match(req.resource, context, req.resourceLower).result)
}

function namesPrincipalArn(s: CompiledStatement): boolean {
  for (const c of s.conditions) if (c.node.keyLower === 'aws:principalarn' && !c.node.negated && c.node.family !== 'null') return true
  return false
}
