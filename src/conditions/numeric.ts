/**
 * Numeric condition operators: NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals,
 * NumericGreaterThan, NumericGreaterThanEquals. Values are integers or decimals, compared exactly (no
 * floating point). Policy variables are not supported: `${...}` is literal text and so not a number.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 */
import type { ConditionNode } from '../policy/types.js'
import { M_FALSE, M_INVALID, M_TRUE, NO_KEYS } from './evaluation.js'
import type { FamilyCompiled, ValueComparer } from './evaluation.js'

/** A decimal number in normal form: no leading zeros in `int`, no trailing zeros in `frac`. */
export interface Decimal {
  readonly negative: boolean
  readonly int: string
  readonly frac: string
}

/** Ordering tests on compare(request, policy), shared with the Date operators. */
export type Ordering = (cmp: number) => boolean

/** The ordering test of each base operator's suffix (negation is applied by the caller). */
const ORDERINGS: Readonly<Record<string, Ordering>> = {
  Equals: (c: number) => c === 0,
  NotEquals: (c: number) => c === 0,
  LessThan: (c: number) => c < 0,
  LessThanEquals: (c: number) => c <= 0,
  GreaterThan: (c: number) => c > 0,
  GreaterThanEquals: (c: number) => c >= 0,
}

/**
 * The ordering test of each operator of one family, by its full name: `orderingsFor('Numeric')`
 * answers `NumericLessThan`, `NumericNotEquals`, …; any other name is absent (an unknown operator).
 */
export function orderingsFor(prefix: string): Readonly<Record<string, Ordering>> {
  const table = Object.create(null) as Record<string, Ordering>
  for (const [suffix, ordering] of Object.entries(ORDERINGS)) table[prefix + suffix] = ordering
  return table
}

const NUMERIC_ORDERINGS = orderingsFor('Numeric')

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

/** Parses an integer or decimal (`-12`, `3.50`); undefined for anything else (exponents, `+`, spaces). */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text)
  if (m === null) return undefined
  const int = (m[2] ?? '').replace(/^0+/, '')
  const frac = (m[3] ?? '').replace(/0+$/, '')
  const zero = int === '' && frac === ''
  return { negative: m[1] === '-' && !zero, int, frac }
}

/** Exact comparison: negative, zero or positive as a < b, a = b, a > b. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1
  const magnitude = compareMagnitude(a, b)
  return a.negative ? -magnitude : magnitude
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1
  if (a.int !== b.int) return a.int < b.int ? -1 : 1
  if (a.frac === b.frac) return 0
  // Trailing zeros are stripped, so plain string order is numeric order for fractions.
  return a.frac < b.frac ? -1 : 1
}

/** Compiles the values of a Numeric* condition. */
export function compileNumericValues(node: ConditionNode): FamilyCompiled {
  const ordering = NUMERIC_ORDERINGS[node.baseOperator]
  if (ordering === undefined) {
    return { problem: { reason: 'unknownOperator', note: `unknown numeric operator ${node.baseOperator}` } }
  }
  const comparers: ValueComparer[] = []
  for (const { value } of node.values) {
    const policy = parseDecimal(value)
    if (policy === undefined) {
      return { problem: { reason: 'invalidValue', note: `invalid number "${value}" for ${node.baseOperator}; fail closed` } }
    }
    comparers.push({
      policyValue: value,
      compare(r) {
        const request = parseDecimal(r)
        if (request === undefined) return M_INVALID
        return ordering(compareDecimal(request, policy)) ? M_TRUE : M_FALSE
      },
    })
  }
  return { valueKind: 'number', variableKeys: NO_KEYS, comparers }
}
