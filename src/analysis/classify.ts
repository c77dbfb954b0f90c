/**
 * Which conditions of a question the engine decides and which stay open (atoms), computed once per
 * condition and shared by every evaluation of the question.
 */
import type { CompiledStatement } from '../compile/compilePolicy.js'
import type { CompiledCondition } from '../conditions/types.js'
import type { Tri } from '../trace/types.js'
import type { Atom, AtomTable } from './atoms.js'
import type { OpenKeys } from './types.js'

/** A condition's reading: `null` decided by the engine, an atom when open, a Tri when a probe decides it. */
export type ConditionClass = Atom | Tri | null

/**
 * A memoised classifier of conditions. `variableOf` names the atom variable of a condition given its
 * open keys (conditions on the same variable are read as reading the same value).
 *
 * @example
 * const classify = conditionClassifier(new AtomTable(), keys, (_c, open) => keys.variable(open[0]))
 * classify(condition, statement) // null, 'true' | 'false' | 'unknown', or an Atom
 */
export function conditionClassifier(
  table: AtomTable,
  keys: OpenKeys,
  variableOf: (c: CompiledCondition, open: readonly string[]) => string,
): (c: CompiledCondition, s: CompiledStatement) => ConditionClass {
  const classified = new Map<CompiledCondition, ConditionClass>()
  return (c, s) => {
    const known = classified.get(c)
    if (known !== undefined) {
      // The same condition in another statement: the atom gains that statement as a source.
      if (known !== null && typeof known === 'object') table.atomFor(c, s.ref, s.effect, known.variable)
      return known
    }
    let result: ConditionClass = null
    const open = c.keysRead.filter((k) => keys.isOpen(k))
    if (open.length > 0) {
      const outcomes = open.length === 1 ? keys.probe?.(open[0] as string, c) : undefined
      if (outcomes !== undefined && outcomes.length > 0 && outcomes.every((o) => o === outcomes[0])) result = outcomes[0] as Tri
      else result = table.atomFor(c, s.ref, s.effect, variableOf(c, open))
    }
    classified.set(c, result)
    return result
  }
}
