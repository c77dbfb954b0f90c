/**
 * The closed list of condition operators and how a written operator name splits into set qualifier,
 * base operator and `IfExists` suffix. Names are matched case-sensitively: AWS documents them in one
 * spelling and Access Analyzer rejects others.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import type { OperatorFamily, SetQualifier } from './types.js'

interface OperatorInfo {
  readonly family: Exclude<OperatorFamily, 'unknown'>
  readonly negated: boolean
}

const OPERATORS: ReadonlyMap<string, OperatorInfo> = new Map<string, OperatorInfo>([
  ['StringEquals', { family: 'string', negated: false }],
  ['StringNotEquals', { family: 'string', negated: true }],
  ['StringEqualsIgnoreCase', { family: 'string', negated: false }],
  ['StringNotEqualsIgnoreCase', { family: 'string', negated: true }],
  ['StringLike', { family: 'string', negated: false }],
  ['StringNotLike', { family: 'string', negated: true }],
  ['NumericEquals', { family: 'numeric', negated: false }],
  ['NumericNotEquals', { family: 'numeric', negated: true }],
  ['NumericLessThan', { family: 'numeric', negated: false }],
  ['NumericLessThanEquals', { family: 'numeric', negated: false }],
  ['NumericGreaterThan', { family: 'numeric', negated: false }],
  ['NumericGreaterThanEquals', { family: 'numeric', negated: false }],
  ['DateEquals', { family: 'date', negated: false }],
  ['DateNotEquals', { family: 'date', negated: true }],
  ['DateLessThan', { family: 'date', negated: false }],
  ['DateLessThanEquals', { family: 'date', negated: false }],
  ['DateGreaterThan', { family: 'date', negated: false }],
  ['DateGreaterThanEquals', { family: 'date', negated: false }],
  ['Bool', { family: 'bool', negated: false }],
  ['BinaryEquals', { family: 'binary', negated: false }],
  ['IpAddress', { family: 'ip', negated: false }],
  ['NotIpAddress', { family: 'ip', negated: true }],
  ['ArnEquals', { family: 'arn', negated: false }],
  ['ArnLike', { family: 'arn', negated: false }],
  ['ArnNotEquals', { family: 'arn', negated: true }],
  ['ArnNotLike', { family: 'arn', negated: true }],
  ['Null', { family: 'null', negated: false }],
])

/** The parts of a written operator name. */
export interface ParsedOperator {
  readonly family: OperatorFamily
  readonly baseOperator: string
  readonly negated: boolean
  readonly ifExists: boolean
  readonly qualifier?: SetQualifier
  /** `unknown` when the name is not in AWS's list; `nullIfExists` for the documented-invalid `NullIfExists`. */
  readonly status: 'known' | 'unknown' | 'nullIfExists'
}

const QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue']
const IF_EXISTS = 'IfExists'

/** PERF: policies write a handful of operators many times; each name is split once (bounded, frozen answers). */
const parsedOperators = new Map<string, ParsedOperator>()
const MAX_PARSED_OPERATORS = 1024

/** Splits an operator name such as `ForAnyValue:StringLikeIfExists`. Never fails: unknown names get family `unknown`. */
export function parseOperator(written: string): ParsedOperator {
  let parsed = parsedOperators.get(written)
  if (parsed === undefined) {
    parsed = Object.freeze(splitOperator(written))
    if (parsedOperators.size >= MAX_PARSED_OPERATORS) parsedOperators.clear()
    parsedOperators.set(written, parsed)
  }
  return parsed
}

function splitOperator(written: string): ParsedOperator {
  let rest = written
  let qualifier: SetQualifier | undefined
  for (const q of QUALIFIERS) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q
      rest = rest.slice(q.length + 1)
      break
    }
  }
  let ifExists = false
  let info = OPERATORS.get(rest)
  if (info === undefined && rest.endsWith(IF_EXISTS)) {
    const base = rest.slice(0, -IF_EXISTS.length)
    info = OPERATORS.get(base)
    if (info !== undefined) {
      rest = base
      ifExists = true
    }
  }
  if (info === undefined) {
    return { family: 'unknown', baseOperator: written, negated: false, ifExists: false, status: 'unknown' }
  }
  const status = info.family === 'null' && ifExists ? 'nullIfExists' : 'known'
  const parsed = { family: info.family, baseOperator: rest, negated: info.negated, ifExists, status } as const
  return qualifier === undefined ? parsed : { ...parsed, qualifier }
}

/** Families whose values may hold policy variables. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html */
export function familyAllowsVariables(family: OperatorFamily): boolean {
  return family === 'string' || family === 'arn'
}
