/**
 * Shared pieces of condition evaluation: per-comparison match codes, the comparer contract every operator
 * family implements, and the shared constant outcomes returned when tracing is off.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { RequestContext } from '../request/context.js'
import type { ConditionReason, Tri } from '../trace/types.js'
import type { ConditionOutcome } from './types.js'

/**
 * The result of one comparison m(r, p) of the base operator, before negation. Numbers, so that the
 * untraced path allocates nothing.
 */
export type MatchCode = 0 | 1 | 2 | 3 | 4
/** The request value does not match the policy value. */
export const M_FALSE = 0
/** The request value matches the policy value. */
export const M_TRUE = 1
/** A policy variable has no value: the comparison is false (so a negated operator is true). */
export const M_UNRESOLVED = 2
/** The request value cannot be read as the operator's type: unknown (fail closed). */
export const M_INVALID = 3
/** AWS does not document the outcome (see the comparer's note): unknown (fail closed). */
export const M_UNDOCUMENTED = 4

/** One policy value, compiled for its operator. */
export interface ValueComparer {
  readonly policyValue: string
  /** m(r, p): does `requestValue` match this policy value under the base operator (never negated)? */
  compare(requestValue: string, context: RequestContext): MatchCode
  /** The policy value after policy-variable substitution, when that differs from the text (traces only). */
  resolved?(context: RequestContext): string | undefined
  /** Why `compare` returned M_UNDOCUMENTED. */
  readonly undocumentedNote?: string
}

/** A compile-time reason that makes the whole condition unknown. */
export interface CompileProblem {
  readonly reason: ConditionReason
  readonly note: string
}

/**
 * What a family module produces from a condition node: its compiled values, or the problem that makes
 * the whole condition unknown whatever the request (a policy value it cannot read, an operator of
 * another family).
 */
export type FamilyCompiled = FamilyValues | { readonly problem: CompileProblem }

/** The compiled values of a condition whose policy values could all be read. */
export interface FamilyValues {
  readonly comparers: readonly ValueComparer[]
  /** What the request values must be, for notes (e.g. "number", "IP address"). */
  readonly valueKind: string
  /** Keys of policy variables in the values (lowercased). */
  readonly variableKeys: readonly string[]
  /** An informational note (e.g. a bare IPv6 address read as /128), added to traced outcomes. */
  readonly info?: string
  /** Never set here: a problem is the other member of `FamilyCompiled`. */
  readonly problem?: undefined
}

/** The variable keys of a family whose values take no policy variables. */
export const NO_KEYS: readonly string[] = []

const TRIS: readonly Tri[] = ['true', 'false', 'unknown']
const REASONS: readonly ConditionReason[] = [
  'matched',
  'noMatch',
  'keyMissing',
  'ifExistsMissing',
  'unresolvedVariable',
  'invalidValue',
  'unknownOperator',
  'multivaluedKey',
  'undocumented',
]

function buildOutcomes(): Readonly<Record<Tri, Readonly<Record<ConditionReason, ConditionOutcome>>>> {
  const table = Object.create(null) as Record<Tri, Record<ConditionReason, ConditionOutcome>>
  for (const result of TRIS) {
    const row = Object.create(null) as Record<ConditionReason, ConditionOutcome>
    for (const reason of REASONS) row[reason] = Object.freeze({ result, reason })
    table[result] = Object.freeze(row)
  }
  return Object.freeze(table)
}

/** Shared constant outcomes, one per (result, reason): the untraced path returns these. */
export const OUTCOMES = buildOutcomes()
