/**
 * How one condition combines its comparisons: several policy values are ORed (NORed for negated
 * operators); a plain operator reads exactly one request value; `ForAllValues:` / `ForAnyValue:` range
 * over the request's value set; a missing key and `…IfExists` decide without comparing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
 */
import type { ConditionNode } from '../policy/types.js'
import type { ContextEntry, RequestContext } from '../request/context.js'
import type { ConditionReason, Tri } from '../trace/types.js'
import { triAnd, triNot, triOr } from '../logic/tri.js'
import { M_INVALID, M_TRUE, M_UNDOCUMENTED, M_UNRESOLVED, OUTCOMES } from './evaluation.js'
import type { FamilyValues } from './evaluation.js'
import { isMultivaluedKey } from './multivaluedKeys.js'
import type { ConditionOutcome } from './types.js'

/** Collects explanations for a trace; only passed when tracing. */
export interface NoteSink {
  /** The first explanation of a fail-closed or informational case. */
  note?: string | undefined
  /** A remark on how the condition was read, shown only when no other note explains the outcome. */
  info?: string
}

/** Notes naming the rule behind each fail-closed case. */
const NOTES = {
  ifExistsWithQualifier: 'undocumented: IfExists with a set qualifier; fail closed',
  forAllNegatedMissing:
    'docs conflict: ForAllValues with a negated operator on a missing or empty key (textual rule: true; example table: no match); fail closed',
  emptyValuesPlain: 'undocumented: an empty value list; fail closed',
  emptyValuesNegatedQualifier: 'docs conflict: an empty value list with a negated set operator; fail closed',
  multivaluedKey: 'undocumented: a single-valued operator on a multivalued key; fail closed',
  multivaluedOneValue: 'multivalued key with exactly one value: evaluated as single-valued',
} as const

/** True when the entry counts as absent: no entry, or a single-valued entry without a value. */
export function isAbsent(entry: ContextEntry | undefined): entry is undefined {
  return entry === undefined || (!entry.multi && entry.values.length === 0)
}

/** Records `text` unless an earlier explanation was recorded (the first cause decides the outcome). */
export function note(sink: NoteSink | undefined, text: string | undefined): void {
  if (sink !== undefined && sink.note === undefined) sink.note = text
}

/**
 * Decides a (non-Null) condition for its key's entry. Returns a shared constant outcome; with a `sink`
 * the first fail-closed explanation is recorded there.
 */
export function decide(
  node: ConditionNode,
  family: FamilyValues,
  entry: ContextEntry | undefined,
  context: RequestContext,
  sink: NoteSink | undefined,
): ConditionOutcome {
  if (node.qualifier !== undefined) {
    const outcome = decideQualified(node, family, entry, context, sink)
    if (!node.ifExists) return outcome
    // docs/semantics.md#qualifier-if-exists: Allow must not grant, Deny applies when either reading matches.
    // With the key present both readings evaluate the qualifier; with it absent IfExists would say true.
    if (outcome.result === 'false' && entry !== undefined) return outcome
    note(sink, NOTES.ifExistsWithQualifier)
    return OUTCOMES.unknown.undocumented
  }
  const empty = family.comparers.length === 0
  if (isAbsent(entry)) {
    // Missing key: positive false, negated true, IfExists true. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
    if (node.ifExists) return OUTCOMES.true.ifExistsMissing
    if (empty) {
      note(sink, NOTES.emptyValuesPlain)
      return OUTCOMES.unknown.undocumented
    }
    return node.negated ? OUTCOMES.true.keyMissing : OUTCOMES.false.keyMissing
  }
  if (empty) {
    // Access Analyzer: IfExists with no values matches only when the key is absent (docs/semantics.md#empty-condition).
    if (node.ifExists) return OUTCOMES.false.noMatch
    note(sink, NOTES.emptyValuesPlain)
    return OUTCOMES.unknown.undocumented
  }
  if (entry.values.length !== 1) {
    note(sink, NOTES.multivaluedKey)
    return OUTCOMES.unknown.multivaluedKey
  }
  // PERF: the key list is read only for the remark, which only a trace keeps.
  if (sink !== undefined && (entry.multi || isMultivaluedKey(node.keyLower))) sink.info = NOTES.multivaluedOneValue
  return compareAll(node, family, entry.values, 'single', context, sink)
}

/** `ForAllValues:` / `ForAnyValue:` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html). */
function decideQualified(
  node: ConditionNode,
  family: FamilyValues,
  entry: ContextEntry | undefined,
  context: RequestContext,
  sink: NoteSink | undefined,
): ConditionOutcome {
  const forAll = node.qualifier === 'ForAllValues'
  const absent = entry === undefined
  const values = entry === undefined ? [] : entry.values
  if (family.comparers.length === 0) {
    // Access Analyzer: ForAllValues with no values is true only when the key is missing; ForAnyValue never.
    if (values.length === 0) return forAll ? (absent ? OUTCOMES.true.keyMissing : OUTCOMES.true.matched) : absent ? OUTCOMES.false.keyMissing : OUTCOMES.false.noMatch
    if (!node.negated) return OUTCOMES.false.noMatch
    note(sink, NOTES.emptyValuesNegatedQualifier)
    return OUTCOMES.unknown.undocumented
  }
  if (values.length === 0) {
    if (!forAll) return absent ? OUTCOMES.false.keyMissing : OUTCOMES.false.noMatch
    if (node.negated) {
      note(sink, NOTES.forAllNegatedMissing)
      return OUTCOMES.unknown.undocumented
    }
    return absent ? OUTCOMES.true.keyMissing : OUTCOMES.true.matched
  }
  return compareAll(node, family, values, forAll ? 'all' : 'any', context, sink)
}

/**
 * Compares every request value with every policy value: per request value the policy values are ORed
 * (then negated for negated operators); request values are ANDed (`all`) or ORed (`any`).
 */
function compareAll(
  node: ConditionNode,
  family: FamilyValues,
  requestValues: readonly string[],
  mode: 'single' | 'all' | 'any',
  context: RequestContext,
  sink: NoteSink | undefined,
): ConditionOutcome {
  let overall: Tri = mode === 'all' ? 'true' : 'false'
  let unknownReason: ConditionReason | undefined
  let unresolved = false
  for (const r of requestValues) {
    let v: Tri = 'false'
    let localReason: ConditionReason | undefined
    let localNote: string | undefined
    for (const comparer of family.comparers) {
      const code = comparer.compare(r, context)
      if (code === M_TRUE) {
        v = 'true'
        break
      }
      if (code === M_UNRESOLVED) unresolved = true
      else if (code === M_INVALID || code === M_UNDOCUMENTED) {
        v = 'unknown'
        if (localReason === undefined) {
          localReason = code === M_INVALID ? 'invalidValue' : 'undocumented'
          if (sink !== undefined) {
            localNote = code === M_INVALID ? `request value "${r}" is not a valid ${family.valueKind}; fail closed` : comparer.undocumentedNote
          }
        }
      }
    }
    if (node.negated) v = triNot(v)
    if (v === 'unknown' && unknownReason === undefined) {
      unknownReason = localReason
      note(sink, localNote)
    }
    overall = mode === 'all' ? triAnd(overall, v) : mode === 'any' ? triOr(overall, v) : v
    if ((mode === 'all' && overall === 'false') || (mode === 'any' && overall === 'true')) break
  }
  if (overall === 'unknown') return OUTCOMES.unknown[unknownReason ?? 'undocumented']
  if (unresolved && overall === (node.negated ? 'true' : 'false')) return OUTCOMES[overall].unresolvedVariable
  return overall === 'true' ? OUTCOMES.true.matched : OUTCOMES.false.noMatch
}
