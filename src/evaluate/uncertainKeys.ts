/**
 * Context keys that AWS always sets for the caller but whose value the request does not reveal.
 * Treating them as absent would let a Deny that tests them silently pass, so a condition that reads
 * one is `unknown` (an Allow does not grant, a Deny applies) unless its result cannot depend on the
 * value. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { CompiledCondition } from '../conditions/types.js'
import type { ContextEntry, RequestContext } from '../request/context.js'
import type { BuiltContext } from '../request/buildContext.js'
import { derivedKeySpelling } from '../request/buildContext.js'
import type { Caller } from '../request/caller.js'
import type { Tri } from '../trace/types.js'

/** What iamtrace cannot know about the caller's context. */
export interface UncertainKeys {
  /**
   * Lowercased keys whose value is unknown although AWS always sets them: `aws:userid` of an IAM
   * user or role session (the AIDA…/AROA… unique id is not in the ARN), and `aws:ResourceAccount`
   * of a resource whose ARN has no account (S3) when `resourceAccount` is not given. INVARIANT: never
   * any other key (`reconsider` compares with these two before asking the set).
   */
  readonly unknown: ReadonlySet<string>
  /**
   * A role session's `aws:PrincipalArn` is the role's ARN, path included, but the session ARN has no
   * path: the derived value assumes none, and a condition whose result depends on the path is
   * `unknown` (docs/semantics.md#unknown-keys). `prefix` is `arn:P:iam::A:role/`.
   */
  readonly rolePath: RolePath | undefined
  /** For each unknown key, the form every value AWS could set has, to try values of that form. */
  readonly shapes: ReadonlyMap<string, ValueShape>
  /** Where the values found for a pattern are kept (the engine's memo). */
  readonly memo: ValueMemo
}

/** A role session's role, whose path is unknown. */
interface RolePath {
  /** `arn:P:iam::A:role/` */
  readonly prefix: string
  readonly name: string
  /** Both, to name the role in the value memo. */
  readonly key: string
}

/**
 * Keeps the values tried for a condition or a Resource element, keyed by the caller's form (and the
 * resource). PERF: finding them walks (pattern position, form position) pairs for every text; a policy
 * set evaluated many times asks the same questions.
 */
export interface ValueMemo {
  valuesFor(owner: object, key: string, build: () => readonly string[]): readonly string[]
  /** The uncertain keys kept for a caller in one of eight situations (see `uncertainKeys`). */
  uncertainOf(caller: Caller, situation: number): UncertainKeys | undefined
  keepUncertain(caller: Caller, situation: number, keys: UncertainKeys): UncertainKeys
}

/**
 * The form of an unknown value, one slot per character (`many`: the slot's class any number of times,
 * none included); `fresh` are values of that form no policy names, with no character in common
 * after the fixed start, so that a pattern matching both matches every value of the form.
 */
interface ValueShape {
  /** Names the form (with the session name where it holds one), for the memo. */
  readonly name: string
  readonly slots: readonly Slot[]
  readonly fresh: readonly string[]
}

/** One place in a value: a class of characters, and one of them to write when a wildcard stands there. */
interface Slot {
  readonly accepts: (ch: string) => boolean
  readonly sample: string
  readonly many: boolean
}

const literal = (text: string): Slot[] => [...text].map((ch) => ({ accepts: (c) => c === ch, sample: ch, many: false }))
const oneOrMore = (accepts: (ch: string) => boolean, sample: string): Slot[] => [{ accepts, sample, many: false }, { accepts, sample, many: true }]
const ID_CHARS = oneOrMore((ch) => /[A-Z0-9]/.test(ch), 'X')
const DIGIT: Slot = { accepts: (ch) => ch >= '0' && ch <= '9', sample: '0', many: false }

// PERF: the forms that do not depend on the caller's names, built once (they are read-only).
const ACCOUNT_SHAPE: ValueShape = { name: 'account', slots: Array<Slot>(12).fill(DIGIT), fresh: ['999999999999', '000000000000'] }
const USER_SHAPE: ValueShape = { name: 'user', slots: [...literal('AIDA'), ...ID_CHARS], fresh: ['AIDAIAMTRACEUNKNOWNID0', 'AIDA5Q'] }
const ROLE_SHAPE: ValueShape = { name: 'role', slots: [...literal('AROA'), ...ID_CHARS, ...literal(':'), ...oneOrMore((ch) => /[\w+=,.@-]/.test(ch), 's')], fresh: ['AROAIAMTRACEUNKNOWNID0:iamtrace-session', 'AROA5Q:Q5'] }

/** The forms of aws:userid by caller and of aws:ResourceAccount. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids */
function shapeOf(key: string, caller: Caller): ValueShape | undefined {
  if (key === RESOURCE_ACCOUNT) return ACCOUNT_SHAPE
  if (caller.kind === 'user') return USER_SHAPE
  // A session name: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
  if (caller.kind === 'roleSession' && caller.sessionName !== undefined) return { name: `session:${caller.sessionName}`, slots: [...literal('AROA'), ...ID_CHARS, ...literal(`:${caller.sessionName}`)], fresh: [`AROAIAMTRACEUNKNOWNID0:${caller.sessionName}`, `AROA5Q:${caller.sessionName}`] }
  if (caller.kind === 'role') return ROLE_SHAPE
  return undefined
}

const USERID = 'aws:userid'
const PRINCIPAL_ARN = 'aws:principalarn'
const RESOURCE_ACCOUNT = 'aws:resourceaccount'

// PERF: the four possible sets of unknown keys, built once.
const UNKNOWN_SETS: readonly ReadonlySet<string>[] = [new Set(), new Set([USERID]), new Set([RESOURCE_ACCOUNT]), new Set([USERID, RESOURCE_ACCOUNT])]

/** Uncertain keys; their value shapes are built only when a check needs them. */
class Uncertain implements UncertainKeys {
  readonly unknown: ReadonlySet<string>
  readonly rolePath: RolePath | undefined
  readonly memo: ValueMemo
  readonly #caller: Caller
  #shapes: ReadonlyMap<string, ValueShape> | undefined

  constructor(unknown: ReadonlySet<string>, rolePath: RolePath | undefined, caller: Caller, memo: ValueMemo) {
    this.unknown = unknown
    this.rolePath = rolePath
    this.#caller = caller
    this.memo = memo
  }

  get shapes(): ReadonlyMap<string, ValueShape> {
    if (this.#shapes === undefined) {
      const shapes = new Map<string, ValueShape>()
      for (const key of this.unknown) {
        const shape = shapeOf(key, this.#caller)
        if (shape !== undefined) shapes.set(key, shape)
      }
      this.#shapes = shapes
    }
    return this.#shapes
  }
}

/** The uncertain keys of a request, or undefined when every key the caller implies is known. */
export function uncertainKeys(caller: Caller, context: BuiltContext, memo: ValueMemo): UncertainKeys | undefined {
  // PERF: read from what the request gives (no context entry is built), and the object made once per
  // caller and situation.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
  // (AWS derives aws:userid from the ARN for the root user, federated users and anonymous callers only.)
  const userId = (caller.kind === 'user' || caller.kind === 'role' || caller.kind === 'roleSession') && !context.isGiven(USERID)
  // AWS includes aws:ResourceAccount in most requests: when neither the ARN (S3 has no account in it,
  // a request on "*" has no ARN) nor the request gives it, its value is unknown, not absent.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
  const resourceAccount = !context.resourceAccountKnown
  // A role session's aws:PrincipalArn is derived (so its path unknown) unless the request gives it.
  const rolePath = caller.kind === 'roleSession' && caller.partition !== undefined && caller.account !== undefined && caller.roleName !== undefined && !context.isGiven(PRINCIPAL_ARN)
  if (!userId && !resourceAccount && !rolePath) return undefined
  const situation = (userId ? 1 : 0) + (resourceAccount ? 2 : 0) + (rolePath ? 4 : 0)
  // (No closure: one would be made for every request.)
  return memo.uncertainOf(caller, situation) ?? memo.keepUncertain(caller, situation, new Uncertain(UNKNOWN_SETS[situation & 3] as ReadonlySet<string>, rolePath ? rolePathOf(caller) : undefined, caller, memo))
}

function rolePathOf(caller: Caller): RolePath {
  const prefix = `arn:${caller.partition}:iam::${caller.account}:role/`
  const name = caller.roleName as string
  return { prefix, name, key: `${prefix}\u0000${name}` }
}

/**
 * Values of the unknown key to try: those no policy names, for each policy text (and each of its
 * pieces between `/` and `:`) a value of the key's form that the text matches as a pattern, if any,
 * and every value of the form that occurs in `inside` (the request's resource, for a Resource element
 * that substitutes the key: a value that makes the element match stands for a run of the resource).
 * TOO_MANY when `inside` holds more of them than are worth trying.
 */
function valuesToTry(texts: readonly string[], slots: readonly Slot[], fresh: readonly string[], inside: string | undefined): readonly string[] {
  const out = new Set<string>(fresh)
  for (const t of texts) {
    for (const piece of [t, ...t.split(/[/:]/)]) {
      for (const reading of READINGS) {
        const value = matchingValue(piece, slots, reading)
        if (value !== undefined) out.add(value)
      }
    }
  }
  if (inside !== undefined) {
    const found = valuesInside(inside, slots)
    if (found === undefined) return TOO_MANY
    for (const value of found) out.add(value)
  }
  return [...out]
}

/** The answer of `valuesToTry` when there are too many values to try: the result is then unknown. */
const TOO_MANY: readonly string[] = Object.freeze([])

/** At most this many values found in a text are tried; with more, the result is unknown (fail closed). */
const MAX_INSIDE = 256
/** At most this many steps (a character read, a slot followed) are spent finding them: a resource is short, a hostile one stops here. */
const MAX_INSIDE_STEPS = 1_000_000

/**
 * Every value of the form `slots` that occurs in `text`, or in it upper-cased (for parts of an ARN read
 * without case); undefined when there are more than MAX_INSIDE, or finding them takes more than
 * MAX_INSIDE_STEPS steps (each step also clears a state array of `slots.length + 1`: linear in the steps). From each start, the form's slots are followed as an automaton (a `many`
 * slot takes its class any number of times).
 */
function valuesInside(text: string, slots: readonly Slot[]): string[] | undefined {
  const out = new Set<string>()
  const width = slots.length + 1
  let at = new Uint8Array(width)
  let next = new Uint8Array(width)
  let steps = 0
  const upper = text.toUpperCase()
  for (const t of upper === text ? [text] : [text, upper]) {
    for (let start = 0; start < t.length; start++) {
      at.fill(0)
      at[0] = 1
      closeOverMany(at, slots)
      for (let end = start; end < t.length; end++) {
        const ch = t[end] as string
        next.fill(0)
        let alive = false
        for (let j = 0; j < slots.length; j++) {
          if (at[j] === 0) continue
          steps++
          const slot = slots[j] as Slot
          if (!slot.accepts(ch)) continue
          next[slot.many ? j : j + 1] = 1
          alive = true
        }
        if (++steps > MAX_INSIDE_STEPS) return undefined
        if (!alive) break
        closeOverMany(next, slots)
        if (next[slots.length] === 1) {
          out.add(t.slice(start, end + 1))
          if (out.size > MAX_INSIDE) return undefined
        }
        ;[at, next] = [next, at]
      }
    }
  }
  return [...out]
}

/** Adds to `states` the slots reached by taking a `many` slot zero times. */
function closeOverMany(states: Uint8Array, slots: readonly Slot[]): void {
  for (let j = 0; j < slots.length; j++) if (states[j] === 1 && (slots[j] as Slot).many) states[j + 1] = 1
}

/**
 * How a policy text is read when looking for a value it names: as a pattern (`StringLike`, `ArnLike`) or
 * literally (`StringEquals`, where `*` and `?` are characters: a role path may hold them), each also with
 * case folded (`StringEqualsIgnoreCase`). A value found for a reading the operator does not use is one
 * more value tried, which can only make the answer `unknown`, never wrongly decided.
 */
interface Reading {
  readonly wildcards: boolean
  readonly foldCase: boolean
}
const READINGS: readonly Reading[] = [
  { wildcards: true, foldCase: false },
  { wildcards: false, foldCase: false },
  { wildcards: true, foldCase: true },
  { wildcards: false, foldCase: true },
]

/**
 * A value that fits `slots` and that `pattern` (`*` any text, `?` one character) matches, or undefined
 * when there is none. A search over (pattern position, slot) pairs: linear in their product, whatever
 * the wildcards (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String).
 */
function matchingValue(pattern: string, slots: readonly Slot[], reading: Reading): string | undefined {
  const width = slots.length + 1
  const goal = pattern.length * width + slots.length
  // How each reached state was reached: the previous state and the character written on the way.
  // No step leads back to the start (0), so it needs no entry.
  const from = new Map<number, readonly [number, string]>()
  const queue = [0]
  for (const state of queue) {
    if (state === goal) {
      let text = ''
      for (let at = state; at > 0; ) {
        const [previous, ch] = from.get(at) as readonly [number, string]
        text = ch + text
        at = previous
      }
      return text
    }
    const i = Math.floor(state / width)
    const j = state % width
    const p = pattern[i]
    const slot = slots[j]
    const step = (ni: number, nj: number, ch: string): void => {
      const next = ni * width + nj
      if (!from.has(next)) {
        from.set(next, [state, ch])
        queue.push(next)
      }
    }
    const star = reading.wildcards && p === '*'
    if (star) step(i + 1, j, '')
    if (slot?.many === true) step(i, j + 1, '')
    if (p === undefined || slot === undefined) continue
    if (star || (reading.wildcards && p === '?')) {
      step(star ? i : i + 1, slot.many ? j : j + 1, slot.sample)
      continue
    }
    // The character as written, or (case folded) in the case the form takes.
    const ch = slot.accepts(p) ? p : reading.foldCase ? [p.toUpperCase(), p.toLowerCase()].find((c) => slot.accepts(c)) : undefined
    if (ch !== undefined) step(i + 1, slot.many ? j : j + 1, ch)
  }
  return undefined
}

/** The one result a check gives for every value the key could have, or undefined when the results differ. */
function sameForEvery(key: string, owner: object, ownerKey: string, texts: () => readonly string[], inside: string | undefined, u: UncertainKeys, check: (value: string) => Tri): Tri | undefined {
  const shape = u.shapes.get(key)
  if (shape === undefined) return undefined
  const values = u.memo.valuesFor(owner, `${shape.name}\u0000${ownerKey}`, () => valuesToTry(texts(), shape.slots, shape.fresh, inside))
  if (values === TOO_MANY) return undefined
  let result: Tri | undefined
  for (const value of values) {
    const r = check(value)
    if (r === 'unknown' || (result !== undefined && r !== result)) return undefined
    result = r
  }
  return result
}

/** Why a condition was reconsidered, for the trace. */
export interface Reconsidered {
  readonly result: Tri
  readonly note?: string
  /** The keys the request should give to settle the condition. */
  readonly missingKeys?: readonly string[]
}

// PERF: the usual answer (the result stands) is a shared constant: every evaluated condition asks.
const KEPT: Readonly<Record<Tri, Reconsidered>> = Object.freeze({ true: Object.freeze({ result: 'true' }), false: Object.freeze({ result: 'false' }), unknown: Object.freeze({ result: 'unknown' }) })

/** A result that stands as it is (shared constants). */
export const keptResult = (result: Tri): Reconsidered => KEPT[result]

/**
 * Re-reads a condition's result in the light of the uncertain keys. `Null` on an always-present key is
 * decided (the key is present); any other operator on an unknown key is `unknown`. For a role
 * session's `aws:PrincipalArn`, the condition is evaluated again with each role path its own values
 * name; if any path changes the result, the result is `unknown`. `explain`: say why (for a trace).
 */
export function reconsider(c: CompiledCondition, context: RequestContext, result: Tri, u: UncertainKeys, explain: boolean): Reconsidered {
  let unknownKey: string | undefined
  const keysRead = c.keysRead
  // PERF: only aws:userid and aws:ResourceAccount are ever unknown; most keys are neither.
  for (let i = 0; i < keysRead.length; i++) {
    const key = keysRead[i] as string
    if ((key === USERID || key === RESOURCE_ACCOUNT) && u.unknown.has(key)) unknownKey = key
  }
  if (unknownKey !== undefined) {
    if (c.node.family === 'null' && c.node.keyLower === unknownKey && c.keysRead.length === 1) {
      // AWS always sets the key: Null sees it present whatever its value.
      const present = c.evaluate(overlay(context, unknownKey, 'unknown-value'), false).result
      return explain ? { result: present, note: `${c.node.key} is always present for this caller` } : KEPT[present]
    }
    // The key's value has a known form (AIDA…, AROA…:session, twelve digits): when every value of that
    // form gives the same result, that is the result.
    const key = unknownKey
    const others = c.keysRead.filter((k) => k !== key && u.unknown.has(k))
    const same = others.length === 0 ? conditionSameForEvery(c, key, context, u) : undefined
    if (same !== undefined) return explain ? { result: same, note: `${c.node.key}: the same for every value AWS could set for this caller` } : KEPT[same]
    const missingKeys = [...others, key].map((k) => (k === c.node.keyLower ? c.node.key : (derivedKeySpelling(k) ?? k))).sort()
    if (!explain) return { result: 'unknown', missingKeys }
    return {
      result: 'unknown',
      note: `AWS sets ${missingKeys.join(' and ')} for this caller but the request does not give ${missingKeys.length === 1 ? 'its value' : 'their values'} (give ${missingKeys.length === 1 ? 'it' : 'them'} in the context); fail closed`,
      missingKeys,
    }
  }
  const rolePath = u.rolePath
  if (rolePath === undefined || result === 'unknown' || !c.keysRead.includes(PRINCIPAL_ARN)) return KEPT[result]
  const texts = hasVariables(c) ? resolvedTexts(c, context, PRINCIPAL_ARN) : undefined
  if (texts === SELF_REFERENCE) return PATH_DECIDES
  const memoKey = texts === undefined ? rolePath.key : `${rolePath.key}\u0000${texts.join('\u0000')}`
  for (const arn of u.memo.valuesFor(c, memoKey, () => roleArns(texts ?? c.node.values.map((v) => v.value), rolePath))) {
    const other = c.evaluate(overlay(context, PRINCIPAL_ARN, arn), false).result
    if (other !== result) return PATH_DECIDES
  }
  return KEPT[result]
}

/**
 * The one result a condition on an unknown key gives for every value of the key's form, or undefined.
 * The values tried are read from the condition's values as its comparison reads them: a value with
 * policy variables as the request's context resolves it.
 */
function conditionSameForEvery(c: CompiledCondition, key: string, context: RequestContext, u: UncertainKeys): Tri | undefined {
  const check = (value: string): Tri => c.evaluate(overlay(context, key, value), false).result
  if (!hasVariables(c)) return sameForEvery(key, c, '', () => c.node.values.map((v) => v.value), undefined, u, check)
  const texts = resolvedTexts(c, context, key)
  if (texts === SELF_REFERENCE) return undefined
  return sameForEvery(key, c, texts.join('\u0000'), () => texts, undefined, u, check)
}

/** Whether some value of the condition may hold a policy variable. */
function hasVariables(c: CompiledCondition): boolean {
  for (const v of c.node.values) if (v.value.includes('${')) return true
  return false
}

/**
 * The condition's values as its comparison reads them: each as the request's context resolves its
 * policy variables (a value no key resolves matches nothing whatever the unknown key's value: it stays
 * as written, one more text to try values from), and each as written. SELF_REFERENCE when a value substitutes `key` itself:
 * what it is compared with then moves with the value tried, and no list of values is sure to hold the
 * one that changes the result (fail closed). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
function resolvedTexts(c: CompiledCondition, context: RequestContext, key: string): readonly string[] {
  const named = `\${${key}`
  for (const v of c.node.values) if (v.value.toLowerCase().includes(named)) return SELF_REFERENCE
  // The values as written too: a family whose trace lists its values otherwise loses none of them
  // (a text more only adds values to try).
  const resolved = (c.evaluate(context, true).values ?? []).map((v) => v.resolved ?? v.policyValue)
  return [...c.node.values.map((v) => v.value), ...resolved]
}

const SELF_REFERENCE: readonly string[] = Object.freeze([])

const PATH_DECIDES: Reconsidered = Object.freeze({
  result: 'unknown',
  note: "the result depends on the role's path, which the session ARN does not show; give aws:PrincipalArn in the context",
  missingKeys: Object.freeze(['aws:PrincipalArn']),
})

/** A character of a non-empty role path (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
const PATH_CHAR = (ch: string): boolean => ch >= '!' && ch <= '~'

/**
 * The role's ARNs to try, each with a path: one no policy names (`iamtrace-path/`), and for each
 * value of the condition an ARN of the role with some path that the value matches as a pattern.
 */
function roleArns(texts: readonly string[], role: RolePath): string[] {
  const out = new Set<string>([`${role.prefix}iamtrace-path/${role.name}`])
  const slots = roleArnSlots(role)
  for (const text of texts) {
    for (const reading of READINGS) {
      const arn = matchingValue(text, slots, reading)
      if (arn !== undefined) out.add(arn)
    }
  }
  return [...out]
}

/** The form of the role's ARN with a path: `arn:P:iam::A:role/`, a path, `/NAME`. */
const roleArnSlots = (role: RolePath): Slot[] => [...literal(role.prefix), ...oneOrMore(PATH_CHAR, 'x'), ...literal(`/${role.name}`)]

function overlay(context: RequestContext, keyLower: string, value: string): RequestContext {
  const entry: ContextEntry = { values: [value], multi: false }
  return { get: (k) => (k === keyLower ? entry : context.get(k)) }
}

/**
 * A Resource element's variable keys whose value is unknown (e.g. `${aws:userid}`): its match is then
 * `unknown` rather than "the entry matches nothing", unless it is the same for every value.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export function unknownVariableKeys(keys: readonly string[], u: UncertainKeys): readonly string[] {
  // PERF: usually none, and then no array is made.
  for (const key of keys) if (u.unknown.has(key)) return keys.filter((k) => u.unknown.has(k))
  return NO_KEYS
}

const NO_KEYS: readonly string[] = Object.freeze([])

/**
 * Whether a Resource element that substitutes aws:PrincipalArn may match otherwise for some path of
 * the session's role than for the ARN without one (iamtrace's derived value): it is tried with an
 * ARN of a path no policy names, and with every ARN of the role that occurs in the resource (only
 * such an ARN can make the element match it). True, fail closed, when the resource holds too many.
 */
export function resourcePathDecides(element: object, resource: string, context: RequestContext, u: UncertainKeys, result: Tri, match: (context: RequestContext) => Tri): boolean {
  const role = u.rolePath
  if (role === undefined) return false
  const arns = u.memo.valuesFor(element, `${role.key}\u0000${resource}`, () => {
    const inside = valuesInside(resource, roleArnSlots(role))
    return inside === undefined ? TOO_MANY : [`${role.prefix}iamtrace-path/${role.name}`, ...inside]
  })
  if (arns === TOO_MANY) return true
  for (const arn of arns) if (match(overlay(context, PRINCIPAL_ARN, arn)) !== result) return true
  return false
}

/** Why a result is unknown when the role path of a session decides it. */
export const PATH_NOTE = PATH_DECIDES.note as string

/**
 * Matches a Resource element that substitutes an unknown key with every value of the key's form
 * (one no policy names, and those the patterns and the resource single out): the shared result, or
 * undefined when the results differ.
 */
export function resourceSameForEvery(key: string, element: { readonly sources: readonly string[] }, resource: string, context: RequestContext, u: UncertainKeys, match: (context: RequestContext) => Tri): Tri | undefined {
  return sameForEvery(key, element, resource, () => [...element.sources, resource], resource, u, (value) => match(overlay(context, key, value)))
}
