/**
 * Can someone outside the zone of trust satisfy a statement? Decided with the condition engine, not by
 * reading text: every condition of the statement is compiled with `compileCondition` and evaluated against
 * adversarial request contexts — an outsider presenting, for each binding key, nothing (when the key can be
 * absent), a fresh identity of its own, or a value built from the policy's wildcard patterns. Keys the
 * caller chooses (tags, source IP, MFA, external id...) are treated as satisfiable; keys the caller never
 * sends are absent. Deny statements of the same policy are applied to the witness the same way.
 * Condition semantics: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { compileCondition } from '../conditions/compileCondition.js'
import type { CompiledCondition } from '../conditions/types.js'
import { isMultivaluedKey } from '../conditions/multivaluedKeys.js'
import type { Policy, Statement } from '../policy/types.js'
import type { RequestContext } from '../request/context.js'
import { triAnd } from '../logic/tri.js'
import type { Tri } from '../logic/tri.js'
import { fillPattern, freshOutsider, isOutsiderValue, OUTSIDER_ACCOUNT, presentable, type InsideSet } from './identity.js'
import type { IdentityKind } from './keys.js'

/** Who the caller is and which keys identify it. */
export interface CallerProfile {
  /** Binding keys (lowercased) and the identity their values name. */
  readonly binding: ReadonlyMap<string, IdentityKind>
  /** Binding keys the caller can leave out of the request. */
  readonly mayBeAbsent: (keyLower: string) => boolean
  /** Keys whose value the caller chooses: their conditions are satisfiable. */
  readonly controlled: (keyLower: string) => boolean
  /** Keys with a value fixed by the role's side (aws:ResourceAccount...). */
  readonly fixed: ReadonlyMap<string, readonly string[]>
}

/** The verdict: an outsider gets in (with the request values that do it), or not, or it depends on an unknown value. */
export type Reach =
  | { readonly kind: 'outsider'; readonly witness: ReadonlyMap<string, readonly string[] | undefined> }
  | { readonly kind: 'bound' }
  | { readonly kind: 'unknown'; readonly pointer: string }

const MAX_COMBINATIONS = 512

/** Compiled conditions per statement, cached by identity. */
const compiledCache = new WeakMap<Statement, readonly CompiledCondition[]>()

/** The statement's conditions, compiled once. */
export function compiledConditions(statement: Statement, variablesEnabled: boolean): readonly CompiledCondition[] {
  let compiled = compiledCache.get(statement)
  if (compiled === undefined) {
    compiled = statement.conditions.map((node) => compileCondition(node, variablesEnabled))
    compiledCache.set(statement, compiled)
  }
  return compiled
}

/**
 * Decides whether an outsider (identities not in `inside`) satisfies `statement`'s conditions and is not
 * stopped by a Deny in `denies`. `isUnknown` marks policy values that are unresolved (IaC intrinsics).
 */
export function outsiderReach(
  policy: Policy,
  statement: Statement,
  denies: readonly Statement[],
  profile: CallerProfile,
  inside: InsideSet,
  isUnknown: (pointer: string) => boolean,
): Reach {
  if (statement.emptyConditionBlock) return { kind: 'bound' }
  const compiled = compiledConditions(statement, policy.variablesEnabled)
  const evaluated = compiled.filter((c) => !profile.controlled(c.node.keyLower))
  // An unknown value under an Equals operator is an opaque literal the author chose (an insider); under a
  // Like operator it may hold wildcards, so the verdict would depend on it.
  for (const c of evaluated) {
    if (!c.node.baseOperator.includes('Like')) continue
    const unknown = c.node.values.find((v) => isUnknown(v.pointer))
    if (unknown !== undefined) return { kind: 'unknown', pointer: unknown.pointer }
  }
  const account = outsiderAccount(inside)
  const keys = [...new Set(evaluated.flatMap((c) => c.keysRead).filter((k) => profile.binding.has(k)))]
  const candidateLists = keys.map((key) => candidatesFor(key, profile, compiled, inside, account, isUnknown))
  for (const combination of combinations(candidateLists)) {
    const values = new Map<string, readonly string[] | undefined>()
    keys.forEach((key, i) => values.set(key, combination[i]))
    const context = contextOf(values, profile.fixed)
    const result = conjunction(evaluated, context)
    // An undecidable condition counts as satisfiable: the linter reports what it cannot rule out.
    if (result === 'false') continue
    if (denies.some((deny) => denyApplies(policy, deny, profile, context))) continue
    // The witness names keys as the policy spells them.
    const spelled = new Map(compiled.map((c) => [c.node.keyLower, c.node.key]))
    return { kind: 'outsider', witness: new Map([...values].map(([k, v]) => [spelled.get(k) ?? k, v])) }
  }
  return { kind: 'bound' }
}

function outsiderAccount(inside: InsideSet): string {
  const taken = inside.get('account')
  let n = Number(OUTSIDER_ACCOUNT)
  while (taken?.has(String(n)) === true) n--
  return String(n)
}

/** The values an outsider can present for `key`: absent, fresh, and fills of the policy's patterns. */
function candidatesFor(
  key: string,
  profile: CallerProfile,
  compiled: readonly CompiledCondition[],
  inside: InsideSet,
  account: string,
  isUnknown: (pointer: string) => boolean,
): (readonly string[] | undefined)[] {
  const kind = profile.binding.get(key) as IdentityKind
  const raw = new Set<string>([freshOutsider(kind, account)])
  for (const c of compiled) {
    if (c.node.keyLower !== key) continue
    for (const v of c.node.values) {
      // Unknown values and variable templates are not identities an outsider can present.
      if (isUnknown(v.pointer) || v.value.includes('${')) continue
      raw.add(v.value)
      for (const filled of fillPattern(kind, v.value, account)) raw.add(filled)
    }
  }
  const out: (readonly string[] | undefined)[] = []
  if (profile.mayBeAbsent(key)) out.push(undefined)
  for (const value of raw) if (isOutsiderValue(kind, value, inside) && presentable(kind, value)) out.push([value])
  return out
}

function* combinations(lists: readonly (readonly (readonly string[] | undefined)[])[]): Generator<(readonly string[] | undefined)[]> {
  if (lists.some((l) => l.length === 0)) return
  const index = lists.map(() => 0)
  for (let produced = 0; produced < MAX_COMBINATIONS; produced++) {
    yield lists.map((l, i) => l[index[i] as number])
    let i = lists.length - 1
    while (i >= 0) {
      index[i] = (index[i] as number) + 1
      if ((index[i] as number) < (lists[i] as readonly unknown[]).length) break
      index[i] = 0
      i--
    }
    if (i < 0) return
  }
}

function contextOf(values: ReadonlyMap<string, readonly string[] | undefined>, fixed: ReadonlyMap<string, readonly string[]>): RequestContext {
  // PERF: called once per combination; entries are built lazily, only for keys a condition reads.
  return {
    get: (keyLower) => {
      const v = values.has(keyLower) ? values.get(keyLower) : fixed.get(keyLower)
      return v === undefined ? undefined : { values: v, multi: isMultivaluedKey(keyLower) }
    },
  }
}

function conjunction(conditions: readonly CompiledCondition[], context: RequestContext): Tri {
  let result: Tri = 'true'
  for (const c of conditions) {
    result = triAnd(result, c.evaluate(context, false).result)
    if (result === 'false') return result
  }
  return result
}

/** A Deny stops the witness when each of its conditions is true for it; keys the caller controls are assumed evaded. */
function denyApplies(policy: Policy, deny: Statement, profile: CallerProfile, context: RequestContext): boolean {
  if (deny.emptyConditionBlock) return false
  for (const c of compiledConditions(deny, policy.variablesEnabled)) {
    if (profile.controlled(c.node.keyLower)) return false
    if (c.evaluate(context, false).result !== 'true') return false
  }
  return true
}

/** One line describing the request values of a witness, for messages. */
export function describeWitness(witness: ReadonlyMap<string, readonly string[] | undefined>): string {
  const parts: string[] = []
  for (const [key, v] of witness) parts.push(v === undefined ? `\`${key}\` absent` : `\`${key}\` = \`${v.join(',')}\``)
  return parts.length === 0 ? 'any request' : parts.join(', ')
}

/** Evaluates a statement's conditions (keys the caller controls excluded) for given request values. */
export function satisfiesWith(
  policy: Policy,
  statement: Statement,
  profile: CallerProfile,
  values: ReadonlyMap<string, readonly string[] | undefined>,
): Tri {
  if (statement.emptyConditionBlock) return 'false'
  const evaluated = compiledConditions(statement, policy.variablesEnabled).filter((c) => !profile.controlled(c.node.keyLower))
  return conjunction(evaluated, contextOf(values, profile.fixed))
}
