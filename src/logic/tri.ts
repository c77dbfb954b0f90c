/**
 * Three-valued (Kleene) logic, the one home of `Tri` and its connectives. `unknown` stands for "the
 * input cannot decide": an Allow that is `unknown` does not grant, a Deny that is `unknown` applies
 * (fail closed). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/**
 * Three-valued match result: `unknown` when the input cannot be decided (fail closed).
 *
 * @example
 * statementTrace.applies === 'unknown' // undecidable input: a Deny applies, an Allow does not
 */
export type Tri = 'true' | 'false' | 'unknown'

/**
 * Kleene AND: `false` wins, then `unknown`.
 *
 * @example
 * triAnd('true', 'unknown') // 'unknown'
 */
export function triAnd(a: Tri, b: Tri): Tri {
  if (a === 'false' || b === 'false') return 'false'
  if (a === 'unknown' || b === 'unknown') return 'unknown'
  return 'true'
}

/**
 * Kleene OR: `true` wins, then `unknown`.
 *
 * @example
 * triOr('false', 'unknown') // 'unknown'
 */
export function triOr(a: Tri, b: Tri): Tri {
  if (a === 'true' || b === 'true') return 'true'
  if (a === 'unknown' || b === 'unknown') return 'unknown'
  return 'false'
}

/**
 * Kleene NOT: `unknown` stays `unknown`.
 *
 * @example
 * triNot('true') // 'false'
 */
export function triNot(a: Tri): Tri {
  return a === 'true' ? 'false' : a === 'false' ? 'true' : 'unknown'
}
