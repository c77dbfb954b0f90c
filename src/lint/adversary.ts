/**
 * Can someone outside the zone of trust pass a trust statement? Asked of the analysis module, which asks
 * the evaluator: the statement (with the Deny statements of its policy) is the resource policy of a role,
 * the caller is an outsider (an AWS principal of a fresh account, a token of the provider the statement
 * trusts, or the service it names), the keys that bind the caller and the keys the caller chooses are
 * open, and a witness is searched with the binding keys restricted to outsider values: nothing (when the
 * key can be absent), a fresh identity, or a value built from the policy's wildcard patterns. Keys the
 * caller never sends are absent. A statement the engine cannot decide (`"Condition": {}`, a principal
 * shape IAM rejects) possibly admits the outsider: it is reported with the reason, never as bound.
 * Condition semantics: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { analyzeAccess } from '../analysis/analyze.js'
import type { AccessAnswer, OpenKeys, UncertainReason } from '../analysis/types.js'
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { compileCondition } from '../conditions/compileCondition.js'
import type { CompiledCondition } from '../conditions/types.js'
import type { CompiledPolicySet } from '../evaluate/evaluate.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import type { Policy, Statement } from '../policy/types.js'
import type { ContextValue, Request, RequestPrincipal } from '../request/types.js'
import type { Tri } from '../logic/tri.js'
import { fillPattern, freshOutsider, isOutsiderValue, OUTSIDER_ACCOUNT, PLACEHOLDER_OWN_ACCOUNT, presentable, type InsideSet } from './identity.js'
import type { IdentityKind } from './keys.js'

/** Who the caller is and which keys identify it. */
export interface CallerProfile {
  /** The kind of caller: an AWS principal, a service principal, or a web-identity / SAML token. */
  readonly caller?: 'aws' | 'service' | 'federated'
  /** Binding keys (lowercased) and the identity their values name. */
  readonly binding: ReadonlyMap<string, IdentityKind>
  /** Binding keys the caller can leave out of the request. */
  readonly mayBeAbsent: (keyLower: string) => boolean
  /** Keys whose value the caller chooses: their conditions are satisfiable. */
  readonly controlled: (keyLower: string) => boolean
  /** Keys with a value fixed by the role's side (aws:ResourceAccount...). */
  readonly fixed: ReadonlyMap<string, readonly string[]>
}

/**
 * The verdict: an outsider gets in (with the request values that do it; with `uncertain` when the engine
 * cannot decide a statement and the outsider only possibly gets in), or not, or it depends on a value
 * the input leaves unresolved.
 */
export type Reach =
  | { readonly kind: 'outsider'; readonly witness: ReadonlyMap<string, readonly string[] | undefined>; readonly uncertain?: readonly UncertainReason[] }
  | { readonly kind: 'bound' }
  | { readonly kind: 'unknown'; readonly pointer: string }

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

let anyIdentity: CompiledPolicy | undefined
/** The outsider's own account allows it to call STS: the question is whether the role's side admits it. */
function outsiderIdentity(): CompiledPolicy {
  if (anyIdentity === undefined) {
    const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] }, { kind: 'identity' })
    anyIdentity = compilePolicy(parsed.ok ? parsed.value : (parsed.recovered as Policy), 'identity', "the outsider's own account policies")
  }
  return anyIdentity
}

// PERF: one compiled policy per (statement, Deny statements) pair.
const policyCache = new WeakMap<Statement, WeakMap<readonly Statement[], CompiledPolicy>>()
function policyOf(policy: Policy, statement: Statement, denies: readonly Statement[]): CompiledPolicy {
  let byDenies = policyCache.get(statement)
  if (byDenies === undefined) policyCache.set(statement, (byDenies = new WeakMap()))
  let compiled = byDenies.get(denies)
  if (compiled === undefined) {
    compiled = compilePolicy({ ...policy, statements: [statement, ...denies.filter((d) => d !== statement)] }, 'resource', 'linted trust policy')
    byDenies.set(denies, compiled)
  }
  return compiled
}

const API: Readonly<Record<NonNullable<CallerProfile['caller']>, string>> = { aws: 'sts:AssumeRole', service: 'sts:AssumeRole', federated: 'sts:AssumeRoleWithWebIdentity' }

function callerKind(profile: CallerProfile): NonNullable<CallerProfile['caller']> {
  if (profile.caller !== undefined) return profile.caller
  return profile.binding.has('aws:principalarn') ? 'aws' : profile.binding.has('aws:sourceaccount') ? 'service' : 'federated'
}

/** The request principal the statement names for this kind of caller. */
function principalFor(kind: NonNullable<CallerProfile['caller']>, statement: Statement, account: string): RequestPrincipal {
  if (kind === 'aws') return { kind: 'aws', arn: `arn:aws:iam::${account}:role/iamtrace-outsider` }
  const type = kind === 'service' ? 'Service' : 'Federated'
  const entry = statement.principal?.entries.find((e) => e.type === type)
  const value = entry?.value ?? (kind === 'service' ? 'iamtrace.amazonaws.com' : 'iamtrace-provider')
  return kind === 'service' ? { kind: 'service', service: value } : { kind: 'federated', provider: value }
}

/** The action the outsider calls: the caller's API when the statement allows it, else an action it names. */
function actionFor(kind: NonNullable<CallerProfile['caller']>, statement: Statement, principal: RequestPrincipal): string {
  const api = principal.kind === 'federated' && principal.provider.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : API[kind]
  const written = statement.action?.kind === 'action' ? statement.action.patterns.map((p) => p.value) : []
  const matches = (action: string): boolean => written.some((w) => w === '*' || w.toLowerCase() === action.toLowerCase() || (w.endsWith('*') && action.toLowerCase().startsWith(w.slice(0, -1).toLowerCase())))
  if (written.length === 0 || matches(api)) return api
  return written.find((w) => !w.includes('*')) ?? api
}

interface Built {
  readonly request: Request
  readonly policies: CompiledPolicySet
  readonly keys: OpenKeys
}

/** The question "does this statement admit this caller", with `given` request values and open keys. */
function question(policy: Policy, statement: Statement, denies: readonly Statement[], profile: CallerProfile, account: string, given: ReadonlyMap<string, readonly string[] | undefined>, open: (k: string) => boolean): Built {
  const kind = callerKind(profile)
  const principal = principalFor(kind, statement, account)
  const context: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>
  for (const [k, v] of profile.fixed) if (!given.has(k)) context[k] = v.length === 1 ? (v[0] as string) : v
  for (const [k, v] of given) if (v !== undefined) context[k] = v.length === 1 ? (v[0] as string) : v
  const own = profile.fixed.get('aws:resourceaccount')?.[0] ?? PLACEHOLDER_OWN_ACCOUNT
  const request: Request = { principal, action: actionFor(kind, statement, principal), resource: `arn:aws:iam::${own}:role/iamtrace-linted-role`, context }
  const policies: CompiledPolicySet = { identity: kind === 'aws' ? [outsiderIdentity()] : [], resource: policyOf(policy, statement, denies) }
  // A key fixed by the role's side stays fixed unless the caller's profile takes conditions on it as
  // satisfiable (aws:ResourceAccount in a trust policy of an unknown account).
  const keys: OpenKeys = { isOpen: (k) => !given.has(k) && open(k) && (!profile.fixed.has(k) || profile.controlled(k)), variable: (k) => k }
  return { request, policies, keys }
}

/**
 * Decides whether an outsider (identities not in `inside`) passes `statement` and is not stopped by a Deny
 * in `denies`. `isUnknown` marks policy values that are unresolved (IaC intrinsics).
 */
export function outsiderReach(
  policy: Policy,
  statement: Statement,
  denies: readonly Statement[],
  profile: CallerProfile,
  inside: InsideSet,
  isUnknown: (pointer: string) => boolean,
): Reach {
  const compiled = compiledConditions(statement, policy.variablesEnabled)
  // An unknown value under an Equals operator is an opaque literal the author chose (an insider); under a
  // Like operator it may hold wildcards, so the verdict would depend on it.
  for (const c of compiled) {
    if (profile.controlled(c.node.keyLower) || !c.node.baseOperator.includes('Like')) continue
    const unknown = c.node.values.find((v) => isUnknown(v.pointer))
    if (unknown !== undefined) return { kind: 'unknown', pointer: unknown.pointer }
  }
  const account = outsiderAccount(inside)
  const all = [statement, ...denies].flatMap((s) => compiledConditions(s, policy.variablesEnabled))
  const q = question(policy, statement, denies, profile, account, new Map(), (k) => profile.binding.has(k) || profile.controlled(k))
  // Outsider values come from the Allow statement's own patterns (a Deny's values name who is kept out).
  const answer = analyzeAccess(q, { domain: (k) => (profile.binding.has(k) ? candidatesFor(k, profile, compiled, inside, account, isUnknown) : undefined) })
  return verdict(answer, all, compiled, profile, inside, account, isUnknown)
}

function verdict(answer: AccessAnswer, conditions: readonly CompiledCondition[], own: readonly CompiledCondition[], profile: CallerProfile, inside: InsideSet, account: string, isUnknown: (pointer: string) => boolean): Reach {
  if (answer.access === 'denied') return { kind: 'bound' }
  // The witness names keys as the policy spells them, and only the keys that bind the caller.
  const spelled = new Map(conditions.map((c) => [c.node.keyLower, c.node.key]))
  const keys = [...new Set(conditions.flatMap((c) => c.keysRead).filter((k) => profile.binding.has(k)))]
  if (answer.access === 'uncertain') return { kind: 'outsider', witness: new Map(), uncertain: answer.uncertain }
  const w = answer.witness
  if (w === null) {
    // No request built from the tried values is allowed although the residual can hold: keep the
    // outsider in when the binding keys alone admit an outsider value (conditions on keys the caller
    // chooses are satisfiable), as an auditor must not be told "bound" on a search that gave up.
    const found = bindingWitness(answer, keys, profile, own, inside, account, isUnknown)
    return found === undefined ? { kind: 'bound' } : { kind: 'outsider', witness: new Map([...found].map(([k, v]) => [spelled.get(k) ?? k, v])) }
  }
  const given = new Map<string, readonly string[] | undefined>()
  const context = new Map(Object.entries(w.context).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? [v] : [...v]]))
  for (const k of keys) given.set(spelled.get(k) ?? k, context.get(k))
  return { kind: 'outsider', witness: given }
}

/** Binding values satisfying one term of the residual on its binding literals (others assumed satisfiable). */
function bindingWitness(answer: AccessAnswer, keys: readonly string[], profile: CallerProfile, conditions: readonly CompiledCondition[], inside: InsideSet, account: string, isUnknown: (pointer: string) => boolean): Map<string, readonly string[] | undefined> | undefined {
  const lists = keys.map((k) => candidatesFor(k, profile, conditions, inside, account, isUnknown))
  for (const term of answer.conditions?.terms ?? [[]]) {
    // Conditions on binding keys decide; other keys they read (policy variables) take their fixed values.
    const binding = term.filter((l) => profile.binding.has(l.atom.condition.node.keyLower))
    for (const combination of combinations(lists)) {
      const values = new Map(keys.map((k, i) => [k, combination[i]]))
      const valueOf = (k: string): readonly string[] | undefined => (values.has(k) ? values.get(k) : profile.fixed.get(k))
      const ctx = { get: (k: string) => (valueOf(k) === undefined ? undefined : { values: valueOf(k) as readonly string[], multi: false }) }
      if (binding.every(({ atom, value }) => {
        const r = atom.condition.evaluate(ctx, false).result
        return r === 'unknown' || (r === 'true') === value
      })) return values
    }
  }
  return undefined
}

const MAX_COMBINATIONS = 512

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

/** One line describing the request values of a witness, for messages. */
export function describeWitness(witness: ReadonlyMap<string, readonly string[] | undefined>): string {
  const parts: string[] = []
  for (const [key, v] of witness) parts.push(v === undefined ? `\`${key}\` absent` : `\`${key}\` = \`${v.join(',')}\``)
  return parts.length === 0 ? 'any request' : parts.join(', ')
}

/**
 * Whether the statement admits a caller presenting `values` (keys the caller controls left open, other
 * keys absent):
 * `true` (allowed for some choice of the keys it controls), `false`, or `unknown` when the engine cannot
 * decide the statement. Deny statements of the policy are not applied.
 */
export function satisfiesWith(
  policy: Policy,
  statement: Statement,
  profile: CallerProfile,
  values: ReadonlyMap<string, readonly string[] | undefined>,
): Tri {
  const account = values.get('aws:principalaccount')?.[0] ?? OUTSIDER_ACCOUNT
  // Binding keys the values do not give are absent, as the caller presents nothing for them.
  const q = question(policy, statement, [], profile, account, values, (k) => profile.controlled(k))
  const answer = analyzeAccess(q, { witness: false })
  return answer.access === 'denied' ? 'false' : answer.access === 'uncertain' ? 'unknown' : 'true'
}
