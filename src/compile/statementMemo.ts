/**
 * Statements that say the same thing decide a request the same way. Policies repeat statements (the
 * same guardrail at every SCP level, the same Deny in every team policy a user attaches), so within
 * one compilation the statements whose content is identical share one memo, and an untraced
 * evaluation decides such a statement once per request.
 *
 * A memo holds one result, stamped with the evaluation that made it. Each evaluation draws a fresh
 * stamp, so a result never outlives its request, whatever sets share the compiled policy and however
 * evaluations nest. The fields are private (`#`): a compiled set its user froze still memoizes.
 */
import type { Statement } from '../policy/types.js'
import type { LayerKind } from '../trace/types.js'
import { sharedTable } from '../matching/sharedCompilation.js'

/** One result per evaluation, for every statement of the same content. */
export class StatementMemo<R> {
  #stamp = 0
  #result: R | undefined

  /** The result kept for the evaluation stamped `stamp`, or undefined. */
  read(stamp: number): R | undefined {
    return this.#stamp === stamp ? this.#result : undefined
  }

  write(stamp: number, result: R): void {
    this.#stamp = stamp
    this.#result = result
  }
}

// Stamps identify evaluations, nothing more: a counter is the cheapest unique value (0 means "no memo").
let lastStamp = 0

/** A stamp no earlier evaluation drew. */
export function nextStamp(): number {
  lastStamp = lastStamp >= Number.MAX_SAFE_INTEGER ? 1 : lastStamp + 1
  return lastStamp
}

/** The first statement of each content in the running compilation, and their memo once one repeats it. */
interface Entry<S> {
  readonly first: S
  memo: StatementMemo<unknown> | undefined
}

/**
 * Gives `compiled` the memo of the statements of the running compilation with the same content
 * (and the first of them too, when this is the second); a statement no other repeats gets none.
 * `setMemo` writes the field of a statement made in this compilation (not yet shared with anyone).
 */
export function shareStatementMemo<S>(compiled: S, statement: Statement, policyKind: string, layer: LayerKind, variablesEnabled: boolean, setMemo: (s: S, memo: StatementMemo<unknown>) => void): void {
  const table = sharedTable<Entry<S>>('statement')
  if (table === undefined) return
  const key = contentKey(statement, policyKind, layer, variablesEnabled)
  const entry = table.get(key)
  if (entry === undefined) {
    table.set(key, { first: compiled, memo: undefined })
    return
  }
  if (entry.memo === undefined) {
    entry.memo = new StatementMemo()
    setMemo(entry.first, entry.memo)
  }
  setMemo(compiled, entry.memo)
}

const SEP = '\u0000'

/**
 * Everything a statement's result reads, as one text: the kind of policy and the layer (which decide
 * how Principal and a missing Resource read), the policy version (policy variables), and the texts of
 * the statement's elements, from which the parser derives the rest (operator families, principal
 * forms). Not the Sid or the places (pointers, positions, index), which only the trace shows.
 * PERF: joined by hand (a JSON.stringify of the statement made compiling 1.6× slower).
 */
function contentKey(s: Statement, policyKind: string, layer: LayerKind, variablesEnabled: boolean): string {
  let key = `${policyKind}${SEP}${layer}${SEP}${variablesEnabled ? 1 : 0}${SEP}${s.effect}${SEP}${s.emptyConditionBlock ? 1 : 0}`
  const a = s.action
  key += a === undefined ? `${SEP}-` : `${SEP}${a.kind}${texts(a.patterns)}`
  const r = s.resource
  key += r === undefined ? `${SEP}-` : `${SEP}${r.kind}${texts(r.patterns)}`
  const p = s.principal
  if (p === undefined) key += `${SEP}-`
  else {
    key += `${SEP}${p.kind}${SEP}${p.bareWildcard ? 1 : 0}${SEP}${p.entries.length}`
    for (const e of p.entries) key += `${SEP}${e.type}${text(e.value)}`
  }
  key += `${SEP}${s.conditions.length}`
  for (const c of s.conditions) key += `${text(c.operator)}${text(c.key)}${texts(c.values)}`
  return key
}

/** A text after its length, so that no text (whatever characters it holds) reads as another field. */
const text = (value: string): string => `${SEP}${value.length}${SEP}${value}`

/** The texts after their count. */
function texts(nodes: readonly { readonly value: string }[]): string {
  let out = `${SEP}${nodes.length}`
  for (const n of nodes) out += text(n.value)
  return out
}
