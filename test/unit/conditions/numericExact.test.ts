/**
 * Numbers compare exactly: every pair from a list of integers and decimals (signs, leading and trailing
 * zeros, long digit runs) orders as their exact rational values do; other spellings are unreadable.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 */
import { describe, expect, it } from 'vitest'
import { compareDecimal, parseDecimal } from '../../../src/conditions/numeric.js'

const NUM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric'

/** The exact value scaled by 10^40, as a BigInt (the test's own reading). */
function scaled(text: string): bigint {
  const negative = text.startsWith('-')
  const [int = '', frac = ''] = (negative ? text.slice(1) : text).split('.')
  const v = BigInt(int + frac.padEnd(40, '0'))
  return negative ? -v : v
}

const NUMBERS = ['0', '-0', '00', '0.0', '-0.000', '1', '01', '1.0', '1.5', '1.50', '1.05', '-1.5', '-1.05', '10', '9', '9.99', '-10', '-9.99', '0.001', '-0.001', '0.01', '123456789012345678901234567890', '123456789012345678901234567891', '-123456789012345678901234567890', '2', '19', '100.5']

describe(`numeric values (${NUM})`, () => {
  it('every pair orders as the exact values do', () => {
    const wrong: string[] = []
    for (const a of NUMBERS) {
      for (const b of NUMBERS) {
        const pa = parseDecimal(a)
        const pb = parseDecimal(b)
        if (pa === undefined || pb === undefined) {
          wrong.push(`${a} or ${b} unreadable`)
          continue
        }
        const expected = Math.sign(Number(scaled(a) - scaled(b)))
        if (Math.sign(compareDecimal(pa, pb)) !== expected) wrong.push(`${a} vs ${b}`)
      }
    }
    expect(wrong.slice(0, 8)).toEqual([])
  })

  it('reads the normal form: no sign on zero, no leading or trailing zeros', () => {
    expect(parseDecimal('-0.000')).toEqual({ negative: false, int: '', frac: '' })
    expect(parseDecimal('-007.2500')).toEqual({ negative: true, int: '7', frac: '25' })
    expect(parseDecimal('10')).toEqual({ negative: false, int: '10', frac: '' })
  })

  it('other spellings are unreadable', () => {
    for (const bad of ['1e3', '+1', ' 1', '1 ', '1.', '.5', '', '-', '--1', '1.2.3', '0x10', 'Infinity', 'NaN', '١']) expect(parseDecimal(bad), bad).toBeUndefined()
  })
})
