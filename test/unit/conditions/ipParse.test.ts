/**
 * iamtrace reads IP addresses itself (no dependency, nothing built at start-up). It must accept and
 * read exactly what the well-tested ip-num library does: a differential test over generated address
 * texts, well-formed and broken.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 * https://datatracker.ietf.org/doc/html/rfc4291#section-2.2
 */
import fc from 'fast-check'
import { IPv4, IPv6, Validator } from 'ip-num'
import { describe, expect, it } from 'vitest'
import { parseIp } from '../../../src/conditions/ip.js'
import { propertyRuns } from '../../helpers/arbitraries.js'

function oracle(text: string): string | undefined {
  if (text.includes('%') || text.includes('/')) return undefined
  if (text.includes(':')) return Validator.isValidIPv6String(text)[0] ? `6:${IPv6.fromString(text).getValue().toString(16)}` : undefined
  return Validator.isValidIPv4String(text)[0] ? `4:${IPv4.fromString(text).getValue().toString(16)}` : undefined
}

function ours(text: string): string | undefined {
  const r = parseIp(text)
  return r === undefined ? undefined : `${r.version}:${r.value.toString(16)}`
}

const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('256', '01', '00', '', '1a', '999', '-1'))
const ipv4 = fc.array(octet, { minLength: 3, maxLength: 5 }).map((o) => o.join('.'))
const group = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)), fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16).toUpperCase()), fc.constantFrom('', '0', '00000', 'g', '12345', '0000'))
const ipv6 = fc
  .tuple(fc.array(group, { minLength: 0, maxLength: 9 }), fc.integer({ min: -1, max: 9 }), fc.option(ipv4, { nil: undefined }))
  .map(([groups, gapAt, tail]) => {
    const parts = [...groups]
    if (tail !== undefined) parts.push(tail)
    if (gapAt >= 0 && gapAt <= parts.length) return `${parts.slice(0, gapAt).join(':')}::${parts.slice(gapAt).join(':')}`
    return parts.join(':')
  })

describe('IP address reading', () => {
  it('agrees with ip-num on well-formed and broken addresses', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6, fc.string({ maxLength: 12 })), (text) => {
        expect(ours(text), JSON.stringify(text)).toBe(oracle(text))
      }),
      { numRuns: propertyRuns(2000), seed: 4291 },
    )
  })

  it('reads the documented forms', () => {
    expect(ours('203.0.113.7')).toBe('4:cb007107')
    expect(ours('2001:DB8::1')).toBe('6:20010db8000000000000000000000001')
    expect(ours('::ffff:203.0.113.7')).toBe('6:ffffcb007107')
    expect(ours('::')).toBe('6:0')
    for (const bad of ['010.1.1.1', '1.2.3', '1::2::3', '1:2:3:4:5:6::7:8', '12345::', ' 1.2.3.4']) expect(ours(bad), bad).toBeUndefined()
  })
})
