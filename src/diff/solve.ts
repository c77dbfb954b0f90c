/**
 * Can these conditions come out this way together? Given conditions on open context keys, each with the
 * result wanted (`true`, `false`, or `unknown` — what the evaluator reads from a value of the wrong type),
 * finds request values that give exactly those results, proves that none exist, or says it cannot tell.
 * Values are tried first (absence, the policies' own values with wildcards filled, boundaries of ordered
 * types); when none fits, string and ARN conditions on one key are decided exactly by a search over the
 * product of their patterns' automata (`languages.ts`), and numeric, date, IP, Bool and Binary ones by
 * the completeness of their candidates. Anything else (set qualifiers, policy variables, mixed types)
 * is `maybe`: possibly satisfiable, never reported as impossible.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { nextCombination } from '../analysis/witness.js'
import { isMultivaluedKey } from '../conditions/multivaluedKeys.js'
import type { CompiledCondition } from '../conditions/types.js'
import { tokenizeWildcard } from '../matching/wildcard.js'
import type { ContextEntry, RequestContext } from '../request/context.js'
import type { Tri } from '../trace/types.js'
import { keyCandidates, ORDERED_FAMILIES } from './candidates.js'
import { arnConditionGlob, explore, globOf } from './languages.js'
import type { Language } from './languages.js'

/** A condition and the result wanted from it. */
export interface ValueLiteral {
  readonly condition: CompiledCondition
  readonly want: Tri
  /** The open keys the condition reads: the values the solver chooses. */
  readonly open: readonly string[]
  /** The question's context, for every key that is not open. */
  readonly base: RequestContext
}

/** A key's value: its values, or undefined for an absent key. */
export type Value = readonly string[] | undefined

/** Values for open keys that give every wanted result; none can; or undecided. */
export type Solution = { readonly kind: 'sat'; readonly values: ReadonlyMap<string, Value> } | { readonly kind: 'unsat' } | { readonly kind: 'maybe' }

/** Options of {@link solve}. */
export interface SolveOptions {
  /** Values to try first for a key (e.g. a principal ARN consistent with the caller). */
  readonly prefer?: (keyLower: string) => readonly string[] | undefined
  /** Product states the exact search may visit per key (default 20,000). */
  readonly maxStates?: number
}

/** PERF: a bound on the value combinations tried for conditions that read several open keys. */
const MAX_COMBINATIONS = 2048

function entryOf(key: string, v: Value): ContextEntry | undefined {
  return v === undefined ? undefined : { values: v, multi: isMultivaluedKey(key) || v.length !== 1 }
}

function contextWith(base: RequestContext, values: ReadonlyMap<string, Value>): RequestContext {
  return { get: (k) => (values.has(k) ? entryOf(k, values.get(k)) : base.get(k)) }
}

function holds(l: ValueLiteral, values: ReadonlyMap<string, Value>): boolean {
  return l.condition.evaluate(contextWith(l.base, values), false).result === l.want
}

/**
 * Solves a conjunction of literals: keys that no literal connects are solved apart.
 *
 * @example
 * solve([{ condition: subLikeOrg, want: 'false', open: ['sub'], base }, { condition: subLikeApp, want: 'true', open: ['sub'], base }])
 * // { kind: 'unsat' }: no value matches `repo:org/app:*` without matching `repo:org/*`
 */
export function solve(literals: readonly ValueLiteral[], options: SolveOptions = {}): Solution {
  const values = new Map<string, Value>()
  let maybe = false
  for (const group of groupsOf(literals)) {
    const s = solveGroup(group.keys, group.literals, options)
    if (s.kind === 'unsat') return s
    if (s.kind === 'maybe') maybe = true
    else for (const [k, v] of s.values) values.set(k, v)
  }
  return maybe ? { kind: 'maybe' } : { kind: 'sat', values }
}

/** Literals grouped by the open keys they share (connected components). */
function groupsOf(literals: readonly ValueLiteral[]): { keys: string[]; literals: ValueLiteral[] }[] {
  const parent = new Map<string, string>()
  const find = (k: string): string => {
    let r = k
    while (parent.get(r) !== r) r = parent.get(r) as string
    parent.set(k, r)
    return r
  }
  for (const l of literals) for (const k of l.open) if (!parent.has(k)) parent.set(k, k)
  for (const l of literals) for (const k of l.open.slice(1)) parent.set(find(k), find(l.open[0] as string))
  const groups = new Map<string, { keys: string[]; literals: ValueLiteral[] }>()
  for (const k of parent.keys()) {
    const root = find(k)
    const g = groups.get(root) ?? { keys: [], literals: [] }
    g.keys.push(k)
    groups.set(root, g)
  }
  for (const l of literals) {
    if (l.open.length === 0) continue
    groups.get(find(l.open[0] as string))?.literals.push(l)
  }
  return [...groups.values()]
}

function candidatesFor(key: string, literals: readonly ValueLiteral[], options: SolveOptions): Value[] {
  const reading = literals.filter((l) => l.condition.keysRead.includes(key)).map((l) => l.condition)
  const singles = keyCandidates(reading, options.prefer?.(key) ?? [])
  const out: Value[] = [undefined, ...singles.map((v) => [v])]
  const sets = isMultivaluedKey(key) || reading.some((c) => c.node.qualifier !== undefined)
  if (sets) out.push([], singles.slice(0, 2), singles.filter((v) => v !== singles[singles.length - 1]))
  return out
}

function solveGroup(keys: readonly string[], literals: readonly ValueLiteral[], options: SolveOptions): Solution {
  const lists = keys.map((k) => candidatesFor(k, literals, options))
  const index = keys.map(() => 0)
  const sizes = lists.map((l) => (l as Value[]).length)
  for (let tries = 0; tries < MAX_COMBINATIONS; tries++) {
    const values = new Map(keys.map((k, i) => [k, (lists[i] as Value[])[index[i] as number]]))
    if (literals.every((l) => holds(l, values))) return { kind: 'sat', values }
    if (!nextCombination(index, sizes)) break
  }
  if (keys.length !== 1) return { kind: 'maybe' }
  return exact(keys[0] as string, literals, options)
}

/** The decision for one key when no candidate fits: complete candidates, or the automaton search. */
function exact(key: string, literals: readonly ValueLiteral[], options: SolveOptions): Solution {
  if (literals.some((l) => l.condition.node.qualifier !== undefined || l.condition.keysRead.length !== 1)) return { kind: 'maybe' }
  const families = new Set(literals.map((l) => l.condition.node.family))
  // One ordered type (with Null tests): the candidates cover every interval between policy values.
  const ordered = [...families].filter((f) => f !== 'null')
  if ([...families].every((f) => ORDERED_FAMILIES.has(f)) && ordered.length <= 1) return { kind: 'unsat' }
  if (![...families].every((f) => f === 'string' || f === 'arn' || f === 'null')) return { kind: 'maybe' }
  // Every value the search builds is a present single value (absence and sets were candidates above).
  const present = new Map<string, Value>([[key, ['x']]])
  const searched: { readonly literal: ValueLiteral; readonly language: Language }[] = []
  for (const l of literals) {
    const n = l.condition.node
    const absent = l.condition.evaluate(contextWith(l.base, new Map([[key, undefined]])), false).result
    if (n.family === 'null' || absent === 'unknown') {
      // A Null test reads presence only; a condition unknown even when the key is absent has a policy
      // value the engine cannot read, and is unknown for every value.
      const fixed = n.family === 'null' ? l.condition.evaluate(contextWith(l.base, present), false).result : 'unknown'
      if (fixed !== l.want) return { kind: 'unsat' }
      continue
    }
    const language = languageOf(l.condition)
    if (language === undefined) return { kind: 'maybe' }
    searched.push({ literal: l, language })
  }
  const outcome = explore(
    searched.map((s) => s.language),
    (reached) =>
      searched.every(({ literal }, i) => {
        const n = literal.condition.node
        if (n.family === 'arn' && reached.colons < 5) return literal.want === 'unknown'
        const matched = reached.accepts[i] === true
        return (n.negated ? !matched : matched) === (literal.want === 'true') && literal.want !== 'unknown'
      }),
    options.maxStates !== undefined ? { maxStates: options.maxStates } : {},
  )
  if (outcome.kind === 'none') return { kind: 'unsat' }
  if (outcome.kind === 'gaveUp') return { kind: 'maybe' }
  const values = new Map<string, Value>([[key, [outcome.text]]])
  // INVARIANT: the engine has the last word; a value it reads otherwise leaves the question open.
  return literals.every((l) => holds(l, values)) ? { kind: 'sat', values } : { kind: 'maybe' }
}

/** The language of the values a String or Arn condition matches (before negation), or undefined. */
function languageOf(c: CompiledCondition): Language | undefined {
  const n = c.node
  if (n.values.length === 0 || n.values.some((v) => v.value.includes('${'))) return undefined
  const out: Language[number][] = []
  for (const { value } of n.values) {
    switch (n.baseOperator) {
      case 'StringEquals':
      case 'StringNotEquals':
        out.push(globOf([value], false, true))
        break
      case 'StringEqualsIgnoreCase':
      case 'StringNotEqualsIgnoreCase':
        out.push(globOf([value], true, true))
        break
      case 'StringLike':
      case 'StringNotLike':
        out.push(globOf(tokenizeWildcard(value), false))
        break
      case 'ArnEquals':
      case 'ArnLike':
      case 'ArnNotEquals':
      case 'ArnNotLike': {
        const g = arnConditionGlob(tokenizeWildcard(value))
        if (g === undefined) return undefined
        out.push(g)
        break
      }
      default:
        return undefined
    }
  }
  return out
}
