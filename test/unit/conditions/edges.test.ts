/**
 * Edges found by mutation testing: zone offsets at their limits, fractions with inner zeros, invalid
 * characters at the very start of a key or value, and the keys a fail-closed condition still reads.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { parseDate } from '../../../src/conditions/date.js'
import { parseIp } from '../../../src/conditions/ip.js'
import { cond, ctx } from './helpers.js'

describe('date edges', () => {
  it('zone offsets up to 23:59 are read; a fraction keeps its inner zeros', () => {
    const base = Date.UTC(2021, 5, 15) / 1000
    expect(parseDate('2021-06-15T00:00:00+23:00')?.[0]?.seconds).toBe(base - 23 * 3600)
    expect(parseDate('2021-06-15T00:00:00-05:59')?.[0]?.seconds).toBe(base + 5 * 3600 + 59 * 60)
    expect(parseDate('2021-06-15T00:00:00.050Z')?.[0]?.frac).toBe('05')
    const lt = compileCondition(cond('DateLessThan', 'aws:CurrentTime', '2021-06-15T00:00:00.5Z'), true)
    expect(lt.evaluate(ctx({ 'aws:CurrentTime': '2021-06-15T00:00:00.05Z' }), false).result).toBe('true')
  })
})

describe('invalid characters and keys read', () => {
  it('a character IAM rejects at the start of a key or value makes the condition unknown', () => {
    expect(compileCondition(cond('StringNotEquals', '\u0001k:x', 'a'), true).evaluate(ctx(), false).result).toBe('unknown')
    expect(compileCondition(cond('StringNotEquals', 'k:x', '\u0001a'), true).evaluate(ctx(), false).result).toBe('unknown')
  })

  it('a condition decided at compile time still names the key it reads', () => {
    expect(compileCondition(cond('StringEquals', 'k:x', '\u0001a'), true).keysRead).toEqual(['k:x'])
    expect(compileCondition(cond('StringEquals', 'nocolon', 'a'), true).keysRead).toEqual(['nocolon'])
    expect(compileCondition(cond('Null', 'k:x', 'maybe'), true).keysRead).toEqual(['k:x'])
  })
})

describe('IP address edges', () => {
  it('octets need dots between them; hex groups take only hex digits', () => {
    expect(parseIp('1.2.3x4')).toBeUndefined()
    expect(parseIp('1.2x3.4')).toBeUndefined()
    expect(parseIp('@::')).toBeUndefined()
    expect(parseIp('::1:[')).toBeUndefined()
  })
})
