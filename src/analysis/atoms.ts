/**
 * Atoms of partial evaluation: the conditions that read context keys a question leaves open. Each
 * atom is one (operator, key, values) triple; identical conditions in different statements share an
 * atom, since they read the same request. Also: rendering, and a satisfiability check for literals on
 * the same key by trying witness values through the compiled conditions themselves.
 */
import type { CompiledCondition } from '../conditions/types.js'
import { isMultivaluedKey } from '../conditions/multivaluedKeys.js'
import type { ContextEntry, RequestContext } from '../request/context.js'
import type { StatementRef } from '../trace/types.js'

/** Where an atom comes from: a statement of a policy, and the condition's pointer in it. */
export interface AtomSource extends StatementRef {
  readonly effect: 'Allow' | 'Deny'
  /** Pointer of the condition inside the policy document. */
  readonly conditionPointer: string
}

/** One open condition. */
export interface Atom {
  readonly id: number
  readonly key: string
  readonly operator: string
  readonly values: readonly string[]
  /** e.g. `sts:ExternalId = "7f3c"`. */
  readonly text: string
  readonly sources: AtomSource[]
  /** The compiled condition (every copy of this atom evaluates the same way). */
  readonly condition: CompiledCondition
  /** Which variable the atom constrains when conditions are combined along a chain (see paths). */
  readonly variable: string
  /**
   * The atom by meaning: operator, lowercased key and sorted values. Equal for the same condition written
   * in two policies or two versions of a policy (where pointers and ids differ), so answers can be compared.
   */
  readonly meaning: string
}

/**
 * The meaning key of a condition: operator, lowercased key and its values (sorted: values are ORed).
 *
 * @example
 * atomMeaning('StringEquals', 'sts:ExternalId', ['b', 'a']) === atomMeaning('StringEquals', 'STS:externalid', ['a', 'b']) // true
 */
export function atomMeaning(operator: string, key: string, values: readonly string[]): string {
  return JSON.stringify([operator, key.toLowerCase(), [...values].sort()])
}

/** An atom required true or false. */
export interface Literal {
  readonly atom: Atom
  readonly value: boolean
}

/** Rendered text per compiled condition (conditions are compiled once and shared). */
const TEXTS = new WeakMap<CompiledCondition, string>()

/** Atoms of one analysis, shared across the questions of a path so they can be combined. */
export class AtomTable {
  private readonly byKey = new Map<string, Atom>()
  readonly all: Atom[] = []

  /**
   * The atom for a condition (created on first sight); `variable` names what it constrains, `text`
   * overrides how it reads (for conditions the analysis itself states, such as a session name).
   */
  atomFor(c: CompiledCondition, ref: StatementRef, effect: 'Allow' | 'Deny', variable: string, text?: string): Atom {
    const n = c.node
    const key = `${variable}\u0000${n.operator}\u0000${n.keyLower}\u0000${n.values.map((v) => v.value).join('\u0001')}`
    let atom = this.byKey.get(key)
    if (atom === undefined) {
      let rendered = text ?? TEXTS.get(c)
      if (rendered === undefined) {
        rendered = renderAtom(n.operator, n.key, n.values.map((v) => v.value))
        TEXTS.set(c, rendered)
      }
      const values = n.values.map((v) => v.value)
      atom = { id: this.all.length, key: n.key, operator: n.operator, values, text: rendered, sources: [], condition: c, variable, meaning: atomMeaning(n.operator, n.key, values) }
      this.byKey.set(key, atom)
      this.all.push(atom)
    }
    if (!atom.sources.some((s) => s.policy === ref.policy && s.index === ref.index && s.conditionPointer === n.pointer)) {
      atom.sources.push({ ...ref, effect, conditionPointer: n.pointer })
    }
    return atom
  }
}

const SYMBOLS: Readonly<Record<string, string>> = {
  StringEquals: '=', StringNotEquals: '!=', StringEqualsIgnoreCase: '= (any case)', StringNotEqualsIgnoreCase: '!= (any case)',
  StringLike: 'like', StringNotLike: 'not like', NumericEquals: '=', NumericNotEquals: '!=', NumericLessThan: '<',
  NumericLessThanEquals: '<=', NumericGreaterThan: '>', NumericGreaterThanEquals: '>=', DateEquals: '=', DateNotEquals: '!=',
  DateLessThan: 'before', DateLessThanEquals: 'at or before', DateGreaterThan: 'after', DateGreaterThanEquals: 'at or after',
  Bool: '=', BinaryEquals: '=', IpAddress: 'in', NotIpAddress: 'not in', ArnEquals: '=', ArnLike: 'like', ArnNotEquals: '!=', ArnNotLike: 'not like',
}

/** Renders one condition: `aws:MultiFactorAuthPresent = "true"`, `any of aws:TagKeys like "team"`, `… (or absent)`. */
function renderAtom(operator: string, key: string, values: readonly string[]): string {
  let op = operator
  let prefix = ''
  if (op.startsWith('ForAnyValue:')) {
    prefix = 'any of '
    op = op.slice('ForAnyValue:'.length)
  } else if (op.startsWith('ForAllValues:')) {
    prefix = 'all of '
    op = op.slice('ForAllValues:'.length)
  }
  const ifExists = op.endsWith('IfExists')
  if (ifExists) op = op.slice(0, -'IfExists'.length)
  const quoted = values.map((v) => JSON.stringify(v))
  if (op === 'Null') {
    const v = values[0]
    return `${key} ${v === 'true' ? 'is absent' : v === 'false' ? 'is present' : `Null ${quoted.join(' | ')}`}`
  }
  const symbol = SYMBOLS[op] ?? op
  const rhs = quoted.length === 1 ? (quoted[0] as string) : `(${quoted.join(' | ')})`
  return `${prefix}${key} ${symbol} ${rhs}${ifExists ? ' (or absent)' : ''}`
}

/**
 * Renders a literal.
 *
 * @example
 * renderLiteral({ atom, value: false }) // 'NOT (sts:ExternalId = "7f3c")'
 */
export function renderLiteral(l: Literal): string {
  return l.value ? l.atom.text : `NOT (${l.atom.text})`
}

/**
 * Renders a DNF: terms joined by OR, literals by AND.
 *
 * @example
 * renderDnf(answer.conditions?.terms ?? []) // '(aws:MultiFactorAuthPresent = "true") OR (sts:ExternalId = "7f3c")'
 */
export function renderDnf(terms: readonly (readonly Literal[])[]): string {
  if (terms.length === 0) return 'false'
  const parts = terms.map((t) => (t.length === 0 ? 'true' : t.map(renderLiteral).join(' AND ')))
  return parts.length === 1 ? (parts[0] as string) : parts.map((p) => `(${p})`).join(' OR ')
}

const ABSENT = Symbol('absent')
type Witness = string | typeof ABSENT

/**
 * Whether a set of literals on one variable can hold together. Decided only when every atom is a plain
 * string-equality, Bool or Null test on a single-valued key without policy variables: then the policy
 * values, absence and one fresh value are all the witnesses needed. Otherwise it answers true (kept).
 */
function satisfiable(literals: readonly Literal[]): boolean {
  if (literals.length < 2) return true
  const decidable = literals.every(({ atom }) => {
    const n = atom.condition.node
    if (n.qualifier !== undefined || isMultivaluedKey(n.keyLower)) return false
    if (atom.condition.keysRead.length !== 1) return false
    return n.family === 'bool' || n.family === 'null' || n.baseOperator === 'StringEquals' || n.baseOperator === 'StringNotEquals'
  })
  if (!decidable) return true
  // A Bool key holds `true` or `false` when AWS sets it (aws:MultiFactorAuthPresent, aws:SecureTransport...):
  // no other value is a witness for a group of Bool tests. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
  const boolOnly = literals.every(({ atom }) => atom.condition.node.family === 'bool')
  const witnesses: Witness[] = boolOnly ? [ABSENT, 'true', 'false'] : [ABSENT, 'true', 'false', '\u0000iamtrace-other-value']
  for (const { atom } of literals) for (const v of atom.values) witnesses.push(v)
  return witnesses.some((w) =>
    literals.every(({ atom, value }) => {
      const r = atom.condition.evaluate(singleKey(atom.condition.node.keyLower, w), false).result
      return r === 'unknown' || (r === 'true') === value
    }),
  )
}

function singleKey(keyLower: string, w: Witness): RequestContext {
  const entry: ContextEntry | undefined = w === ABSENT ? undefined : { values: [w], multi: false }
  return { get: (k) => (k === keyLower ? entry : undefined) }
}

/**
 * Whether a conjunction of literals can hold: grouped by the variable each constrains (`variableOf`,
 * by default the atom's own), each group satisfiable, and no atom required both ways.
 */
export function conjunctionSatisfiable(literals: readonly Literal[], variableOf: (l: Literal) => string = (l) => l.atom.variable): boolean {
  const groups = new Map<string, Literal[]>()
  for (const l of literals) {
    const v = variableOf(l)
    const list = groups.get(v)
    if (list === undefined) groups.set(v, [l])
    else {
      if (list.some((o) => o.atom === l.atom && o.value !== l.value)) return false
      list.push(l)
    }
  }
  for (const list of groups.values()) if (!satisfiable(list)) return false
  return true
}
