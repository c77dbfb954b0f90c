/**
 * The Null operator: `"true"` holds when the key is absent, `"false"` when it is present with a value.
 * It tests presence only, so it is evaluated on multivalued keys too (docs/semantics.md#multivalued-plain-operator): AWS documents
 * `"Null": {"aws:TagKeys": "false"}` as the guard against a missing or empty tag-key set.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
 */
import type { ConditionNode } from '../policy/types.js'
import type { ContextEntry } from '../request/context.js'
import { OUTCOMES } from './evaluation.js'
import type { CompileProblem } from './evaluation.js'
import { note } from './setQualifiers.js'
import type { NoteSink } from './setQualifiers.js'
import type { ConditionOutcome } from './types.js'

/** A compiled Null condition, or the problem that makes it unknown whatever the request. */
export type NullCondition = NullTest | { readonly problem: CompileProblem }

/** A Null condition whose values could be read. */
interface NullTest {
  /** Never set here: a problem is the other member of `NullCondition`. */
  readonly problem?: undefined
  /** The policy values, read as "key is null" tests. */
  readonly expectsNull: readonly boolean[]
  decide(entry: ContextEntry | undefined, sink: NoteSink | undefined): ConditionOutcome
}

const NOTES = {
  emptyString: 'undocumented: an empty-string value under Null (the condition page calls it null); fail closed',
  emptySet: 'an empty value set counts as null',
  forAll: 'Access Analyzer: ForAllValues with Null is always true',
  forAny: 'Access Analyzer: ForAnyValue with Null is always false',
} as const

/** Compiles a Null condition. */
export function compileNull(node: ConditionNode): NullCondition {
  const invalid = (problem: CompileProblem): NullCondition => ({ problem })
  if (node.baseOperator !== 'Null') return invalid({ reason: 'unknownOperator', note: `unknown operator ${node.baseOperator}` })
  // NullIfExists is not a valid operator (docs/semantics.md#null).
  if (node.ifExists) return invalid({ reason: 'unknownOperator', note: 'NullIfExists is not a valid operator; fail closed' })
  const expectsNull: boolean[] = []
  for (const { value } of node.values) {
    if (value !== 'true' && value !== 'false') {
      return invalid({ reason: 'invalidValue', note: `invalid Null value "${value}": only "true" and "false" are documented; fail closed` })
    }
    expectsNull.push(value === 'true')
  }
  if (expectsNull.length === 0) return invalid({ reason: 'undocumented', note: 'undocumented: an empty value list; fail closed' })
  // Access Analyzer: with ForAllValues Null is always true, with ForAnyValue always false (docs/semantics.md#null).
  if (node.qualifier === 'ForAllValues') {
    return { expectsNull, decide: (_e, sink) => withNote(OUTCOMES.true.matched, sink, NOTES.forAll) }
  }
  if (node.qualifier === 'ForAnyValue') {
    return { expectsNull, decide: (_e, sink) => withNote(OUTCOMES.false.noMatch, sink, NOTES.forAny) }
  }
  const wantsNull = expectsNull.includes(true)
  const wantsPresent = expectsNull.includes(false)
  return {
    expectsNull,
    decide(entry, sink) {
      if (entry === undefined) return wantsNull ? OUTCOMES.true.keyMissing : OUTCOMES.false.keyMissing
      if (entry.values.length === 0) {
        note(sink, NOTES.emptySet)
        return wantsNull ? OUTCOMES.true.matched : OUTCOMES.false.noMatch
      }
      // docs/semantics.md#null: whether "" counts as null is not documented.
      if (entry.values.every((v) => v === '')) {
        note(sink, NOTES.emptyString)
        return OUTCOMES.unknown.undocumented
      }
      return wantsPresent ? OUTCOMES.true.matched : OUTCOMES.false.noMatch
    },
  }
}

function withNote(outcome: ConditionOutcome, sink: NoteSink | undefined, text: string): ConditionOutcome {
  note(sink, text)
  return outcome
}
