/**
 * Compiles a parsed policy once into matchers, indexed by service prefix, so that evaluation does no
 * parsing, no lowercasing of policy text and no pattern compilation.
 */
import { compileCondition } from '../conditions/compileCondition.js'
import { flatText } from '../matching/flatText.js'
import type { CompiledCondition } from '../conditions/types.js'
import { diagnostic, exceptionDiagnostic } from '../diagnostics.js'
import { compilingTogether } from '../matching/sharedCompilation.js'
import { shareStatementMemo } from './statementMemo.js'
import type { StatementMemo } from './statementMemo.js'
import type { Diagnostic } from '../diagnostics.js'
import type { Policy, PrincipalElement, Statement } from '../policy/types.js'
import type { LayerKind, StatementRef, Tri } from '../trace/types.js'
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
  /** The lowercased keys of the policy variables its Resource / NotResource element substitutes. */
  readonly resourceVariableKeys: readonly string[]
  /** Why the Principal / NotPrincipal cannot be read in this kind of policy (it then matches `unknown`). */
  readonly principalUnreadable: string | undefined
  readonly conditions: readonly CompiledCondition[]
  /**
   * `"Condition": {}`: AWS says the statement has no effect (an Allow grants nothing, a Deny applies).
   * The parsed statement's flag, copied here so that evaluation reads it from one object shape.
   */
  readonly emptyConditionBlock: boolean
  /**
   * Filled by evaluation, not by compiling: the untraced layer results in which this statement is the
   * one that applies, one per way it can grant (PERF: made once, not on every request).
   */
  grantResults: unknown[] | undefined
  /**
   * Shared by the statements of the same compilation that have this one's content (undefined when no
   * other has it): an untraced evaluation decides them once per request (see statementMemo).
   */
  memo: StatementMemo<unknown> | undefined
}

/**
 * The statements of a policy that an action can reach, with each one's Action result.
 *
 * @example
 * const { statements, results } = compiled.actionIndex('sts:assumerole')
 * statements.forEach((s, i) => console.log(s.ref.pointer, results[i])) // 'true' or 'unknown'
 */
interface ActionIndex {
  readonly statements: readonly CompiledStatement[]
  readonly results: readonly Tri[]
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
  /** `forAction` with each statement's Action result (`true`, or `unknown` for a malformed pattern), computed once. */
  actionIndex(actionLower: string): ActionIndex
  /** Why the input could not be compiled; a set holding such a policy is never evaluated (fail closed). */
  readonly errors?: readonly Diagnostic[]
}

/**
 * Compiles a parsed policy for a layer; `name` labels it in traces, `level` is the SCP/RCP organization level.
 *
 * @example
 * const parsed = parsePolicy(text, { kind: 'scp' })
 * if (parsed.ok) evaluateCompiled(request, { scps: [[compilePolicy(parsed.value, 'scp', 'guardrails', 0)]] }).decision
 */
export function compilePolicy(policy: Policy, layer: LayerKind, name: string, level?: number): CompiledPolicy {
  const problem = inputProblem(policy, layer, name, level)
  if (problem !== undefined) return uncompilable(typeof name === 'string' ? name : 'policy', LAYERS.has(layer) ? layer : 'identity', problem)
  try {
    return compilingTogether(() => compileParsed(policy, layer, name, level))
  } catch (caught) {
    return uncompilable(name, layer, exceptionDiagnostic(caught, '', 'compiling the policy'))
  }
}

const LAYERS: ReadonlySet<unknown> = new Set<LayerKind>(['scp', 'rcp', 'identity', 'boundary', 'session', 'resource'])

/** Why the arguments are not a parsed policy, a layer and a name (a JavaScript caller may pass anything). */
function inputProblem(policy: unknown, layer: unknown, name: unknown, level: unknown): Diagnostic | undefined {
  if (typeof policy !== 'object' || policy === null || !Array.isArray((policy as Partial<Policy>).statements)) {
    return diagnostic('evaluate.invalid-policies', '', 'compilePolicy takes a parsed policy (the value of a successful parsePolicy)')
  }
  if (!LAYERS.has(layer)) return diagnostic('evaluate.invalid-policies', '', `\`${String(layer).slice(0, 50)}\` is not a policy layer`)
  if (typeof name !== 'string') return diagnostic('evaluate.invalid-policies', '', 'a compiled policy needs a name')
  if (level !== undefined && (typeof level !== 'number' || !Number.isInteger(level) || level < 0)) return diagnostic('evaluate.invalid-policies', '', 'an organization level is a non-negative integer')
  return undefined
}

function uncompilable(name: string, layer: LayerKind, error: Diagnostic): CompiledPolicy {
  return uncompilablePolicy(name, layer, [error])
}

/**
 * A policy that could not be compiled: it matches nothing, and evaluation refuses a set holding it.
 *
 * @example
 * uncompilablePolicy('identity[0]', 'identity', [diagnostic]).errors?.length // 1
 */
export function uncompilablePolicy(name: string, layer: LayerKind, errors: readonly Diagnostic[]): CompiledPolicy {
  const policy: Policy = { kind: layer, pointer: '', variablesEnabled: false, statements: [] }
  return { name, layer, policy, statements: [], candidates: () => [], forAction: () => [], actionIndex: () => EMPTY_INDEX, errors }
}

function compileParsed(policy: Policy, layer: LayerKind, name: string, level: number | undefined): CompiledPolicy {
  const statements = policy.statements.map((statement) => compileStatement(statement, policy, layer, name, level))
  // PERF: precompute, per service named in the policy, the statements that can match it; statements
  // whose Action has a wildcard service (or NotAction) are candidates for every service.
  const anyService = statements.filter((s) => s.action === undefined || s.action.services === undefined)
  const byService = new Map<string, CompiledStatement[]>()
  for (const s of statements) for (const service of s.action?.services ?? []) byService.set(service, [])
  for (const [service, list] of byService) {
    for (const s of statements) if (s.action === undefined || s.action.services === undefined || s.action.services.includes(service)) list.push(s)
  }
  // PERF: per action, the candidates whose Action element can match it, with the match result
  // (computed once, bounded memo): with tracing off, a request evaluates only these.
  const byAction = new Map<string, ActionIndex>()
  const candidates = (service: string): readonly CompiledStatement[] => byService.get(service) ?? anyService
  let lastAction: string | undefined
  let lastIndex: ActionIndex = EMPTY_INDEX
  const actionIndex = (actionLower: string): ActionIndex => {
    // PERF: requests repeat the action (one string, read once per engine): the last answer is kept.
    if (actionLower === lastAction) return lastIndex
    let index = byAction.get(actionLower)
    if (index === undefined) {
      const list: CompiledStatement[] = []
      const results: Tri[] = []
      for (const s of candidates(serviceOf(actionLower))) {
        const r = s.action === undefined ? 'false' : s.action.match(actionLower)
        if (r === 'false') continue
        list.push(s)
        results.push(r)
      }
      index = { statements: list, results }
      if (byAction.size >= 256) byAction.clear()
      byAction.set(actionLower, index)
    }
    lastAction = actionLower
    lastIndex = index
    return index
  }
  return {
    name,
    layer,
    policy,
    statements,
    candidates,
    forAction: (actionLower) => actionIndex(actionLower).statements,
    actionIndex,
  }
}

const EMPTY_INDEX: ActionIndex = Object.freeze({ statements: Object.freeze([]), results: Object.freeze([]) })

function compileStatement(statement: Statement, policy: Policy, layer: LayerKind, name: string, level: number | undefined): CompiledStatement {
  // PERF: built field by field (no spread), in the order traces print.
  const ref = (level !== undefined ? { policy: name, layer, level } : { policy: name, layer }) as { -readonly [K in keyof StatementRef]: StatementRef[K] }
  ref.index = statement.index
  ref.pointer = statement.pointer
  if (statement.sid !== undefined) ref.sid = statement.sid
  const refused = policy.kind === 'rcp' || policy.kind === 'trust' ? refusedForKind(statement, policy.kind) : NOTHING_REFUSED
  const action = statement.action === undefined ? undefined : compileActionMatcher(statement.action)
  const resource = statement.resource === undefined ? undefined : compileResourceMatcher(statement.resource, policy.variablesEnabled)
  const compiled: CompiledStatement = {
    ref,
    statement,
    effect: statement.effect,
    action: action !== undefined && refused.action !== undefined ? unknownAction(action) : action,
    resource: resource !== undefined && refused.resource !== undefined ? unknownResource(resource, refused.resource) : resource,
    principal: statement.principal === undefined ? undefined : principalOwnText(statement.principal),
    bareWildcardAsAws: policy.kind === 'trust',
    resourceVariableKeys: statement.resource === undefined ? NO_KEYS : variableKeysOf(statement.resource.patterns),
    // PERF: every field on every statement (no spread), so that statements share one shape.
    principalUnreadable: refused.principal,
    conditions: statement.conditions.map((c) => compileCondition(c, policy.variablesEnabled)),
    emptyConditionBlock: statement.emptyConditionBlock,
    grantResults: undefined,
    memo: undefined,
  }
  shareStatementMemo(compiled, statement, policy.kind, layer, policy.variablesEnabled, setMemo)
  return compiled
}

const setMemo = (s: CompiledStatement, memo: StatementMemo<unknown>): void => {
  s.memo = memo
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

/** The element with the values principal matching compares on every evaluation copied out of the document text (see flatText). */
function principalOwnText(element: PrincipalElement): PrincipalElement {
  return { ...element, entries: element.entries.map((e) => ({ ...e, value: flatText(e.value) })) }
}

const NOTHING_REFUSED: ReturnType<typeof refusedForKind> = Object.freeze({})

function unknownAction(m: ActionMatcher): ActionMatcher {
  return { ...m, services: undefined, matches: () => true, match: () => 'unknown' }
}

function unknownResource(m: ResourceMatcher, note: string): ResourceMatcher {
  return { ...m, match: () => ({ result: 'unknown', note }) }
}

const NO_KEYS: readonly string[] = Object.freeze([])

/** The lowercased keys of the `${…}` variables in patterns' texts (`aws:userid` for `${aws:userid}`). */
function variableKeysOf(patterns: readonly { readonly value: string }[]): readonly string[] {
  let found: string[] | undefined
  for (const { value: source } of patterns) {
    // PERF: most patterns name no variable; they are not lowercased, and no list is made for them.
    if (!source.includes('${')) continue
    found ??= []
    const text = source.toLowerCase()
    for (let at = text.indexOf('${'); at >= 0; at = text.indexOf('${', at + 2)) {
      const end = text.indexOf('}', at)
      if (end === -1) break
      // `${key, 'default'}`: the key is what comes before the comma.
      found.push((text.slice(at + 2, end).split(',')[0] as string).trim())
    }
  }
  return found ?? NO_KEYS
}
