/**
 * What the decision depends on among the values the record does not show. Each condition that reads an
 * unknown key is an atom; the model is re-run with every combination of true/false for the atoms
 * (through the evaluator's condition override). An atom is decisive when flipping it alone changes the
 * outcome in some combination. Treating the atoms as independent can only add outcomes, never hide one:
 * a decision reported as not depending on the unknowns does not.
 */
import type { ConditionOverride } from '../evaluate/evaluateStatement.js'
import { EMPTY_ATTEMPT } from '../fix/searchFixes.js'
import type { StatementRef, Tri } from '../trace/types.js'
import type { EventModel, EventOutcome } from './model.js'

/** A condition that reads an unknown key. */
interface Atom {
  readonly id: string
  readonly key: string
  readonly ref: StatementRef
  /** JSON pointer of the condition in its policy. */
  readonly pointer: string
}

/**
 * The result of the analysis.
 *
 * @example
 * const d = dependence(model, baseline)
 * d.possible // [false] — denied whatever the unknown values; [false, true] — it depends
 */
export interface Dependence {
  readonly atoms: readonly Atom[]
  /** The outcomes (allowed?) some combination gives. */
  readonly possible: readonly boolean[]
  /** Lowercased keys of decisive atoms. */
  readonly decisiveKeys: ReadonlySet<string>
  /** True when there were too many atoms to enumerate: every one is then counted decisive. */
  readonly approximate: boolean
  /** A combination that gives the other outcome, when one exists. */
  readonly witness?: readonly { readonly atom: Atom; readonly result: Tri }[]
}

const MAX_ATOMS = 10

function atomId(ref: StatementRef, pointer: string): string {
  return `${ref.layer}|${ref.level ?? ''}|${ref.policy}|${ref.pointer}|${pointer}`
}

/** The atoms of an outcome: conditions on unknown keys in statements that could still apply. */
function atomsOf(model: EventModel, outcome: EventOutcome): Atom[] {
  const out = new Map<string, Atom>()
  for (const check of outcome.checks)
    for (const layer of check.result.trace?.layers ?? [])
      for (const policy of layer.policies)
        for (const st of policy.statements) {
          const blocked = st.checks.some((c) => (c.kind === 'action' ? !c.matched : c.kind !== 'condition' && c.result === 'false'))
          if (blocked) continue
          for (const c of st.checks) {
            if (c.kind !== 'condition' || model.unknownKey(c.key.toLowerCase()) === undefined) continue
            const id = atomId(st.ref, c.pointer)
            if (!out.has(id)) out.set(id, { id, key: c.key, ref: st.ref, pointer: c.pointer })
          }
        }
  return [...out.values()]
}

/**
 * Finds whether and on which unknown keys the outcome depends.
 *
 * @example
 * const baseline = model.run(EMPTY_ATTEMPT)
 * dependence(model, baseline).decisiveKeys.has('saml:aud')
 */
export function dependence(model: EventModel, baseline: EventOutcome): Dependence {
  const atoms = atomsOf(model, baseline)
  if (atoms.length === 0) return { atoms, possible: [baseline.allowed], decisiveKeys: new Set(), approximate: false }
  if (atoms.length > MAX_ATOMS) return { atoms, possible: [false, true], decisiveKeys: new Set(atoms.map((a) => a.key.toLowerCase())), approximate: true }
  const index = new Map(atoms.map((a, i) => [a.id, i]))
  const results: boolean[] = []
  for (let mask = 0; mask < 1 << atoms.length; mask++) {
    const override: ConditionOverride = (condition, statement) => {
      const i = index.get(atomId(statement.ref, condition.node.pointer))
      return i === undefined ? undefined : (mask >> i) & 1 ? 'true' : 'false'
    }
    results.push(model.run(EMPTY_ATTEMPT, { override, trace: false }).allowed)
  }
  const decisive = new Set<string>()
  atoms.forEach((a, i) => {
    for (let mask = 0; mask < results.length; mask++) if (results[mask] !== results[mask ^ (1 << i)]) decisive.add(a.key.toLowerCase())
  })
  const possible = [...new Set(results)]
  const other = results.findIndex((r) => r !== baseline.allowed)
  return {
    atoms,
    possible,
    decisiveKeys: decisive,
    approximate: false,
    ...(other >= 0 ? { witness: atoms.map((atom, i) => ({ atom, result: ((other >> i) & 1 ? 'true' : 'false') as Tri })) } : {}),
  }
}
