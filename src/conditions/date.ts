/**
 * Date condition operators: DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan,
 * DateGreaterThanEquals. Values (policy and request) are W3C profiles of ISO 8601 or epoch seconds.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
 * http://www.w3.org/TR/NOTE-datetime
 *
 * Profiles read: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mmTZD, YYYY-MM-DDThh:mm:ssTZD and
 * YYYY-MM-DDThh:mm:ss.sTZD (any number of fraction digits), TZD = `Z` or `±hh:mm`; dates without a time are
 * midnight UTC. Epoch values are integer seconds (fractional epochs are unknown: docs/semantics.md#ip-and-date).
 * A four-digit value is both a year and an epoch second count: when the two readings disagree the
 * comparison is unknown. Policy variables are not supported, so `${...}` is unreadable.
 */
import type { ConditionNode } from '../policy/types.js'
import { M_FALSE, M_INVALID, M_TRUE, M_UNDOCUMENTED, NO_KEYS } from './evaluation.js'
import type { FamilyCompiled, MatchCode, ValueComparer } from './evaluation.js'
import { orderingsFor } from './numeric.js'

const DATE_ORDERINGS = orderingsFor('Date')

/** An instant: whole seconds since 1970-01-01T00:00:00Z plus the fraction's digits (trailing zeros stripped). */
export interface Instant {
  readonly seconds: number
  readonly frac: string
}

const W3C = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/
const EPOCH = /^\d+$/

const AMBIGUOUS_NOTE = 'undocumented: a four-digit value reads as a year or as epoch seconds, and the readings disagree; fail closed'

/** Parses a date value into its possible instants (two for a four-digit value); undefined when unreadable. */
export function parseDate(text: string): readonly Instant[] | undefined {
  const w3c = parseW3c(text)
  const epoch = EPOCH.test(text) && text.length <= 15 ? { seconds: Number(text), frac: '' } : undefined
  if (w3c !== undefined && epoch !== undefined) return [w3c, epoch]
  if (w3c !== undefined) return [w3c]
  if (epoch !== undefined) return [epoch]
  return undefined
}

function parseW3c(text: string): Instant | undefined {
  const m = W3C.exec(text)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = m[2] === undefined ? 1 : Number(m[2])
  const day = m[3] === undefined ? 1 : Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  const hour = m[4] === undefined ? 0 : Number(m[4])
  const minute = m[5] === undefined ? 0 : Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  if (hour > 23 || minute > 59 || second > 59) return undefined
  let offset = 0
  const tzd = m[8]
  if (tzd !== undefined && tzd !== 'Z') {
    const oh = Number(tzd.slice(1, 3))
    const om = Number(tzd.slice(4, 6))
    if (oh > 23 || om > 59) return undefined
    offset = (tzd.startsWith('-') ? -1 : 1) * (oh * 3600 + om * 60)
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset
  return { seconds, frac: (m[7] ?? '').replace(/0+$/, '') }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm; no Date.UTC two-digit-year quirk). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Compares two instants: negative, zero or positive. */
function compareInstant(a: Instant, b: Instant): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1
  if (a.frac === b.frac) return 0
  return a.frac < b.frac ? -1 : 1
}

/** Compiles the values of a Date* condition. */
export function compileDateValues(node: ConditionNode): FamilyCompiled {
  const ordering = DATE_ORDERINGS[node.baseOperator]
  if (ordering === undefined) {
    return { problem: { reason: 'unknownOperator', note: `unknown date operator ${node.baseOperator}` } }
  }
  const comparers: ValueComparer[] = []
  for (const { value } of node.values) {
    const policy = parseDate(value)
    if (policy === undefined) {
      return { problem: { reason: 'invalidValue', note: `invalid date "${value}" for ${node.baseOperator}; fail closed` } }
    }
    comparers.push({
      policyValue: value,
      undocumentedNote: AMBIGUOUS_NOTE,
      compare(r): MatchCode {
        const request = parseDate(r)
        if (request === undefined) return M_INVALID
        let seen: boolean | undefined
        for (const a of request) {
          for (const b of policy) {
            const result = ordering(compareInstant(a, b))
            if (seen === undefined) seen = result
            else if (seen !== result) return M_UNDOCUMENTED
          }
        }
        return seen === true ? M_TRUE : M_FALSE
      },
    })
  }
  return { valueKind: 'date (W3C ISO 8601 profile or epoch seconds)', variableKeys: NO_KEYS, comparers }
}
