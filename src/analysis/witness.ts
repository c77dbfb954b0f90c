/**
 * Witnesses: a concrete request, built from an answer's conditions, that the evaluator itself decides
 * as `allowed` (no override, no hook). Candidate values per open key come from the atoms' own policy
 * values (wildcards filled), absence, and a few fresh values; combinations are tried in a bounded
 * order and each is confirmed by `evaluateCompiled`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { isMultivaluedKey } from '../conditions/multivaluedKeys.js'
import { evaluateCompiled } from '../evaluate/evaluate.js'
import type { CompiledPolicySet, CompiledRequest, EvaluateOptions } from '../evaluate/evaluate.js'
import type { ContextEntry, RequestContext } from '../request/context.js'
import type { ContextValue, Request, RequestPrincipal } from '../request/types.js'
import type { Atom, Literal } from './atoms.js'
import type { KeyDomain, OpenKeys, Witness } from './types.js'

type Value = readonly string[] | undefined
/** PERF: a bound on the evaluations one witness search makes. */
const MAX_TRIES = 512
const FRESH = ['iamtrace-other-value', 'true', 'false', '0', '192.0.2.1']

/** A policy value turned into a request value that the pattern matches (`*` and `?` filled, a CIDR's network address). */
function fill(v: string): string[] {
  const out = [v.replace(/\*/g, '').replace(/\?/g, 'x'), v.replace(/[*?]/g, 'x')]
  const cidr = /^([0-9a-fA-F:.]+)\/\d+$/.exec(v)
  if (cidr !== null) out.push(cidr[1] as string)
  const n = Number(v)
  if (v.trim() !== '' && Number.isFinite(n)) out.push(String(n + 1), String(n - 1))
  const t = Date.parse(v)
  if (!Number.isNaN(t) && /^\d{4}-/.test(v)) out.push(new Date(t + 86_400_000).toISOString(), new Date(t - 86_400_000).toISOString())
  return out
}

/** Candidate values of one key, absence first. */
function candidates(keyLower: string, atoms: readonly Atom[]): Value[] {
  const values = new Set<string>()
  for (const a of atoms) if (a.condition.keysRead.includes(keyLower)) for (const v of a.values) if (!v.includes('${')) for (const f of fill(v)) values.add(f)
  for (const f of FRESH) values.add(f)
  const out: Value[] = [undefined]
  const list = [...values]
  if (isMultivaluedKey(keyLower)) out.push([], list.filter((v) => !FRESH.includes(v)))
  for (const v of list) out.push([v])
  return out
}

function contextWith(values: ReadonlyMap<string, Value>): RequestContext {
  return {
    get: (k): ContextEntry | undefined => {
      const v = values.get(k)
      return v === undefined ? undefined : { values: v, multi: isMultivaluedKey(k) || v.length !== 1 }
    },
  }
}

/** Whether a candidate value of `key` keeps every literal of the term that reads only `key` as required. */
function keeps(key: string, value: Value, term: readonly Literal[]): boolean {
  const ctx = contextWith(new Map([[key, value]]))
  return term.every(({ atom, value: want }) => {
    if (atom.condition.keysRead.length !== 1 || atom.condition.keysRead[0] !== key) return true
    const r = atom.condition.evaluate(ctx, false).result
    return r === 'unknown' || (r === 'true') === want
  })
}

/**
 * Steps `index` to the next combination of choices (the last position varies fastest); false once every
 * combination has been visited.
 */
export function nextCombination(index: number[], sizes: readonly number[]): boolean {
  for (let i = index.length - 1; i >= 0; i--) {
    index[i] = (index[i] as number) + 1
    if ((index[i] as number) < (sizes[i] as number)) return true
    index[i] = 0
  }
  return false
}

/** A request principal in the scenario-file shape of a witness. */
export function witnessPrincipal(p: RequestPrincipal): Witness['principal'] {
  switch (p.kind) {
    case 'aws':
      return p.arn
    case 'service':
      return { service: p.service }
    case 'federated':
      return { federated: p.provider }
    case 'anonymous':
      return { anonymous: true }
  }
}

/**
 * Finds a request the evaluator allows: the question's request with values for the keys the atoms read
 * (those in `term` kept as the term requires). Null when none of the tried combinations is allowed.
 */
export function findWitness(
  compiled: CompiledRequest,
  policies: CompiledPolicySet,
  keys: OpenKeys,
  atoms: readonly Atom[],
  term: readonly Literal[] | null,
  domain: KeyDomain | undefined,
  evaluate: Omit<EvaluateOptions, 'conditionOverride' | 'unknownStatement' | 'trace'>,
): Witness | null {
  const request = compiled.request
  if (term === null || request === undefined) return null
  const open = [...new Set(atoms.flatMap((a) => a.condition.keysRead.filter((k) => keys.isOpen(k))))]
  // Keys of the term first: they are constrained, the others are tried absent first.
  const inTerm = new Set(term.flatMap((l) => l.atom.condition.keysRead))
  open.sort((a, b) => Number(inTerm.has(b)) - Number(inTerm.has(a)))
  const lists = open.map((k) => (domain?.(k) ?? candidates(k, atoms)).filter((v) => keeps(k, v, term)))
  if (lists.some((l) => l.length === 0)) return null
  const given = request.context ?? {}
  const spelled = new Map<string, string>()
  for (const a of atoms) spelled.set(a.key.toLowerCase(), a.key)
  const index = open.map(() => 0)
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const context: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>
    for (const k of Object.keys(given)) {
      const v = given[k]
      if (v !== undefined && !open.includes(k.toLowerCase())) context[k] = v
    }
    open.forEach((k, i) => {
      const v = (lists[i] as Value[])[index[i] as number]
      if (v !== undefined) context[spelled.get(k) ?? k] = v.length === 1 && !isMultivaluedKey(k) ? (v[0] as string) : v
    })
    const candidate: Request = { ...request, context }
    if (evaluateCompiled(candidate, policies, evaluate).decision === 'allowed') {
      return {
        principal: witnessPrincipal(request.principal),
        action: request.action,
        resource: request.resource,
        ...(request.resourceAccount !== undefined ? { resourceAccount: request.resourceAccount } : {}),
        context,
      }
    }
    if (!nextCombination(index, lists.map((l) => (l as Value[]).length))) return null
  }
  return null
}
