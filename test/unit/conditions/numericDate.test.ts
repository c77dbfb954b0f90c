import { describe, expect, it } from 'vitest'
import { parseDate } from '../../../src/conditions/date.js'
import { compareDecimal, parseDecimal } from '../../../src/conditions/numeric.js'
import type { Decimal } from '../../../src/conditions/numeric.js'
import { GKEYS, MULTIV, OPS, testRows } from './helpers.js'

const AGE = 'aws:MultiFactorAuthAge'
const NOW = 'aws:CurrentTime'
const EPOCH = 'aws:EpochTime'

describe('Numeric operators', () => {
  testRows([
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '10', context: { [AGE]: '10' }, expect: 'true' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '10', context: { [AGE]: '10.0' }, expect: 'true', name: '10 equals 10.0' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '010', context: { [AGE]: '10' }, expect: 'true', name: 'leading zeros' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '-0', context: { [AGE]: '0' }, expect: 'true', name: '-0 equals 0' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '10', context: { [AGE]: '11' }, expect: 'false' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '9007199254740993', context: { [AGE]: '9007199254740992' }, expect: 'false', name: 'exact beyond 2^53' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '0.1', context: { [AGE]: '0.10' }, expect: 'true' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '10', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: MULTIV, op: 'NumericEquals', key: AGE, values: ['1', '2'], context: { [AGE]: '2' }, expect: 'true' },
    { doc: OPS, op: 'NumericNotEquals', key: AGE, values: '10', context: { [AGE]: '11' }, expect: 'true' },
    { doc: OPS, op: 'NumericNotEquals', key: AGE, values: '10', context: { [AGE]: '10' }, expect: 'false' },
    { doc: OPS, op: 'NumericNotEquals', key: AGE, values: '10', context: {}, expect: 'true', reason: 'keyMissing' },
    { doc: MULTIV, op: 'NumericNotEquals', key: AGE, values: ['1', '2'], context: { [AGE]: '2' }, expect: 'false' },
    { doc: OPS, op: 'NumericLessThan', key: AGE, values: '3600', context: { [AGE]: '3599' }, expect: 'true' },
    { doc: OPS, op: 'NumericLessThan', key: AGE, values: '3600', context: { [AGE]: '3600' }, expect: 'false' },
    { doc: OPS, op: 'NumericLessThan', key: AGE, values: '3600', context: { [AGE]: '-5' }, expect: 'true' },
    { doc: OPS, op: 'NumericLessThan', key: AGE, values: '-1.5', context: { [AGE]: '-1.25' }, expect: 'false', name: 'negative decimals' },
    { doc: OPS, op: 'NumericLessThan', key: AGE, values: '-1.25', context: { [AGE]: '-1.5' }, expect: 'true' },
    { doc: OPS, op: 'NumericLessThan', key: AGE, values: '3600', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'NumericLessThanIfExists', key: AGE, values: '3600', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: OPS, op: 'NumericLessThanIfExists', key: AGE, values: '3600', context: { [AGE]: '7200' }, expect: 'false' },
    { doc: OPS, op: 'NumericLessThanEquals', key: AGE, values: '3600', context: { [AGE]: '3600' }, expect: 'true' },
    { doc: OPS, op: 'NumericLessThanEquals', key: AGE, values: '3600', context: { [AGE]: '3600.5' }, expect: 'false' },
    { doc: OPS, op: 'NumericGreaterThan', key: AGE, values: '1.5', context: { [AGE]: '1.51' }, expect: 'true' },
    { doc: OPS, op: 'NumericGreaterThan', key: AGE, values: '1.5', context: { [AGE]: '1.5' }, expect: 'false' },
    { doc: OPS, op: 'NumericGreaterThan', key: AGE, values: '99', context: { [AGE]: '100' }, expect: 'true', name: 'numeric, not string, order' },
    { doc: OPS, op: 'NumericGreaterThanEquals', key: AGE, values: '1.5', context: { [AGE]: '1.50' }, expect: 'true' },
    { doc: OPS, op: 'NumericGreaterThanEquals', key: AGE, values: '1.5', context: { [AGE]: '1.49' }, expect: 'false' },
    { doc: OPS, op: 'NumericGreaterThanEqualsIfExists', key: AGE, values: '1', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: 'ten', context: { [AGE]: '10' }, expect: 'unknown', reason: 'invalidValue', name: 'unreadable policy number' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: ['ten', '10'], context: { [AGE]: '10' }, expect: 'unknown', reason: 'invalidValue', name: 'one unreadable policy number fails the condition' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '1e3', context: { [AGE]: '1000' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: ' 1', context: { [AGE]: '1' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '1.', context: { [AGE]: '1' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'NumericNotEquals', key: AGE, values: 'x', context: {}, expect: 'unknown', reason: 'invalidValue', name: 'unreadable value fails closed even when the key is missing' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '10', context: { [AGE]: 'ten' }, expect: 'unknown', reason: 'invalidValue', name: 'unreadable request number' },
    { doc: OPS, op: 'NumericNotEquals', key: AGE, values: '10', context: { [AGE]: 'ten' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'NumericEquals', key: AGE, values: '10', context: { [AGE]: ['10', '11'] }, expect: 'unknown', reason: 'multivaluedKey' },
    { doc: GKEYS, op: 'NumericGreaterThan', key: EPOCH, values: '1600000000', context: { [EPOCH]: '1700000000' }, expect: 'true', name: 'aws:EpochTime with numeric operators' },
  ])
})

describe('Date operators', () => {
  testRows([
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'true' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: '2020-01-01T01:00:00+01:00' }, expect: 'true', name: 'time zones are applied' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: '2019-12-31T19:00:00-05:00' }, expect: 'true' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01-01', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'true', name: 'date only is midnight UTC' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01', context: { [NOW]: '2020-01-01T00:00Z' }, expect: 'true', name: 'YYYY-MM and hh:mm profiles' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01-01T00:00:00.000Z', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'true', name: 'fractional zero seconds' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01-01T00:00:00.0001Z', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'false', name: 'sub-millisecond precision kept' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: '1577836800' }, expect: 'true', name: 'epoch request value' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '1577836800', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'true', name: 'epoch policy value' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: '2020-01-01T00:00:01Z' }, expect: 'false' },
    { doc: OPS, op: 'DateEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'DateNotEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: '2020-01-02T00:00:00Z' }, expect: 'true' },
    { doc: OPS, op: 'DateNotEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'false' },
    { doc: OPS, op: 'DateNotEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: {}, expect: 'true', reason: 'keyMissing' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '2020-06-30T00:00:00Z', context: { [NOW]: '2020-06-29T23:59:59Z' }, expect: 'true' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '2020-06-30T00:00:00Z', context: { [NOW]: '2020-06-30T00:00:00Z' }, expect: 'false' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '2020-06-30T00:00:00Z', context: { [NOW]: '2020-06-30T00:00:00.5Z' }, expect: 'false' },
    { doc: OPS, op: 'DateLessThanEquals', key: NOW, values: '2020-06-30T00:00:00Z', context: { [NOW]: '2020-06-30T00:00:00Z' }, expect: 'true' },
    { doc: OPS, op: 'DateLessThanEquals', key: NOW, values: '2020-06-30T00:00:00Z', context: { [NOW]: '2020-06-30T00:00:00.001Z' }, expect: 'false' },
    { doc: OPS, op: 'DateGreaterThan', key: 'aws:TokenIssueTime', values: '2020-01-01T00:00:01Z', context: { 'aws:tokenissuetime': '2021-01-01T00:00:00Z' }, expect: 'true' },
    { doc: OPS, op: 'DateGreaterThan', key: 'aws:TokenIssueTime', values: '2020-01-01T00:00:01Z', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'DateGreaterThanIfExists', key: 'aws:TokenIssueTime', values: '2020-01-01T00:00:01Z', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: OPS, op: 'DateGreaterThanEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'true' },
    { doc: OPS, op: 'DateGreaterThanEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: '2019-12-31T23:59:59.999Z' }, expect: 'false' },
    { doc: MULTIV, op: 'DateLessThan', key: NOW, values: ['2019-01-01T00:00:00Z', '2021-01-01T00:00:00Z'], context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'true' },
    { doc: GKEYS, op: 'DateGreaterThan', key: EPOCH, values: '2020-01-01T00:00:00Z', context: { [EPOCH]: '1700000000' }, expect: 'true', name: 'aws:EpochTime with date operators' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '2020', context: { [NOW]: '2019-06-01T00:00:00Z' }, expect: 'unknown', reason: 'undocumented', name: 'four digits: year and epoch readings disagree' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '2020', context: { [NOW]: '1960-01-01T00:00:00Z' }, expect: 'true', name: 'four digits: both readings agree' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: 'tomorrow', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '2020-02-30', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'unknown', reason: 'invalidValue', name: 'no 30 February' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '2020-01-01T00:00:00', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'unknown', reason: 'invalidValue', name: 'time without TZD' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '2020-01-01T24:00:00Z', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '1577836800.5', context: { [NOW]: '2020-01-01T00:00:00Z' }, expect: 'unknown', reason: 'invalidValue', name: 'fractional epoch' },
    { doc: OPS, op: 'DateLessThan', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: 'now' }, expect: 'unknown', reason: 'invalidValue', name: 'unreadable request date' },
    { doc: OPS, op: 'DateNotEquals', key: NOW, values: '2020-01-01T00:00:00Z', context: { [NOW]: 'now' }, expect: 'unknown', reason: 'invalidValue' },
  ])
})

describe('number and date parsing', () => {
  const d = (t: string): Decimal => parseDecimal(t) as Decimal
  it('compares decimals exactly [' + OPS + ']', () => {
    expect(compareDecimal(d('1.10'), d('1.1'))).toBe(0)
    expect(compareDecimal(d('-2'), d('1'))).toBeLessThan(0)
    expect(compareDecimal(d('0.05'), d('0.5'))).toBeLessThan(0)
    expect(compareDecimal(d('12345678901234567890.1'), d('12345678901234567890.09'))).toBeGreaterThan(0)
    expect(parseDecimal('+1')).toBeUndefined()
    expect(parseDecimal('')).toBeUndefined()
  })
  it('reads W3C profiles and epoch seconds [' + OPS + ']', () => {
    expect(parseDate('1970-01-01T00:00:00Z')).toEqual([{ seconds: 0, frac: '' }])
    expect(parseDate('2000-02-29')).toEqual([{ seconds: 951782400, frac: '' }])
    expect(parseDate('0099-01-01')?.[0]?.seconds).toBe(-59042995200)
    expect(parseDate('2001-02-29')).toBeUndefined()
    expect(parseDate('2020-01-01T00:00:00.120Z')).toEqual([{ seconds: 1577836800, frac: '12' }])
    expect(parseDate('2020')?.length).toBe(2)
    expect(parseDate('2020-1-1')).toBeUndefined()
  })
})
