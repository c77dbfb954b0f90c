/**
 * Date values read exactly: every W3C profile against the platform's UTC calendar over four centuries
 * of month ends and leap days, zone offsets both ways, fractions, and the four-digit year/epoch overlap.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
 * http://www.w3.org/TR/NOTE-datetime
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { parseDate } from '../../../src/conditions/date.js'
import { cond, ctx } from './helpers.js'

const DATE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date'
const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

describe(`date values (${DATE})`, () => {
  it('every day that exists in 1896-2404 reads as the platform calendar says; the days after month ends do not exist', () => {
    const wrong: string[] = []
    for (let year = 1896; year <= 2404; year++) {
      for (let month = 1; month <= 12; month++) {
        for (const day of [1, 28, 29, 30, 31]) {
          const text = `${year}-${pad(month)}-${pad(day)}`
          const expected = new Date(Date.UTC(year, month - 1, day))
          const exists = expected.getUTCDate() === day
          const got = parseDate(text)
          if (!exists) {
            if (got !== undefined) wrong.push(`${text} should not exist`)
          } else if (got?.[0]?.seconds !== expected.getTime() / 1000) wrong.push(`${text}: ${got?.[0]?.seconds}`)
        }
      }
    }
    expect(wrong.slice(0, 5)).toEqual([])
  })

  it('times and zone offsets shift the instant; out-of-range fields are unreadable', () => {
    const at = (text: string): number | undefined => parseDate(text)?.[0]?.seconds
    const base = Date.UTC(2021, 5, 15) / 1000
    expect(at('2021-06-15T13:45Z')).toBe(base + 13 * 3600 + 45 * 60)
    expect(at('2021-06-15T13:45:30Z')).toBe(base + 13 * 3600 + 45 * 60 + 30)
    expect(at('2021-06-15T13:45:30+02:30')).toBe(base + 11 * 3600 + 15 * 60 + 30)
    expect(at('2021-06-15T13:45:30-05:15')).toBe(base + 19 * 3600 + 30 + 0 * 60 + 0)
    expect(at('2021-06-15T23:59:59Z')).toBe(base + 86399)
    expect(at('2021-06')).toBe(Date.UTC(2021, 5, 1) / 1000)
    expect(at('2021')).toBe(Date.UTC(2021, 0, 1) / 1000)
    for (const bad of ['2021-00-01', '2021-13-01', '2021-06-00', '2021-06-31', '2021-06-15T24:00Z', '2021-06-15T23:60Z', '2021-06-15T23:59:60Z', '2021-06-15T12:00+24:00', '2021-06-15T12:00+05:60', '2021-06-15T12:00', '21-06-15', 'x', '']) {
      expect(parseDate(bad), bad).toBeUndefined()
    }
  })

  it('fractions compare digit by digit, trailing zeros dropped', () => {
    expect(parseDate('2021-06-15T00:00:00.500Z')?.[0]).toEqual({ seconds: Date.UTC(2021, 5, 15) / 1000, frac: '5' })
    expect(parseDate('2021-06-15T00:00:00.000Z')?.[0]).toEqual({ seconds: Date.UTC(2021, 5, 15) / 1000, frac: '' })
  })

  it('a four-digit value is both a year and an epoch second count; longer digit runs are epochs up to 15 digits', () => {
    expect(parseDate('2020')).toEqual([
      { seconds: Date.UTC(2020, 0, 1) / 1000, frac: '' },
      { seconds: 2020, frac: '' },
    ])
    expect(parseDate('1577836800')).toEqual([{ seconds: 1577836800, frac: '' }])
    expect(parseDate('123456789012345')).toEqual([{ seconds: 123456789012345, frac: '' }])
    expect(parseDate('1234567890123456')).toBeUndefined()
    expect(parseDate('12')).toEqual([{ seconds: 12, frac: '' }])
  })

  it('instants order by seconds, then by fraction digits; the year/epoch readings decide only when they agree', () => {
    const run = (op: string, policy: string, request: string): string => compileCondition(cond(op, 'aws:CurrentTime', policy), true).evaluate(ctx({ 'aws:CurrentTime': request }), false).result
    expect(run('DateLessThan', '2020-01-01T00:00:00.5Z', '2020-01-01T00:00:00.25Z')).toBe('true')
    expect(run('DateLessThan', '2020-01-01T00:00:00.25Z', '2020-01-01T00:00:00.5Z')).toBe('false')
    expect(run('DateGreaterThan', '2020-01-01T00:00:00.25Z', '2020-01-01T00:00:00.5Z')).toBe('true')
    expect(run('DateEquals', '2020-01-01T00:00:00.50Z', '2020-01-01T00:00:00.5Z')).toBe('true')
    expect(run('DateEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z')).toBe('true')
    expect(run('DateLessThan', '2020-01-01T00:00:01Z', '2020-01-01T00:00:00.999Z')).toBe('true')
    expect(run('DateGreaterThan', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.001Z')).toBe('true')
    expect(run('DateLessThanEquals', '2020-01-01T00:00:00Z', '2019-12-31T23:00:00-01:00')).toBe('true')
    expect(run('DateLessThan', '2020-01-01T00:00:00Z', '2019-12-31T23:00:00-01:00')).toBe('false')
    expect(run('DateGreaterThanEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')).toBe('true')
    expect(run('DateNotEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z')).toBe('true')
    // '2020' is 2020-01-01 and 2020 seconds after the epoch: both before 2021, but only one equals the year.
    expect(run('DateLessThan', '2021-01-01T00:00:00Z', '2020')).toBe('true')
    expect(run('DateEquals', '2020-01-01T00:00:00Z', '2020')).toBe('unknown')
    expect(run('DateGreaterThan', '1970-01-01T00:00:00Z', '2020')).toBe('true')
    expect(run('DateEquals', '2020', '2020')).toBe('unknown')
  })
})
