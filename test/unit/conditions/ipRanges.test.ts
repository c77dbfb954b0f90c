/**
 * IP addresses and CIDR ranges read exactly: an enumeration of IPv6 group counts, `::` positions and
 * dotted tails against ip-num, every IPv4 and a sweep of IPv6 prefix lengths against masks computed
 * here, and the range test across versions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 * https://datatracker.ietf.org/doc/html/rfc4291#section-2.2
 */
import { IPv4, IPv6, Validator } from 'ip-num'
import { describe, expect, it } from 'vitest'
import { parseCidr, parseIp } from '../../../src/conditions/ip.js'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { cond, ctx } from './helpers.js'

const IP = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress'

function oracle(text: string): string | undefined {
  if (text.includes(':')) return Validator.isValidIPv6String(text)[0] ? `6:${IPv6.fromString(text).getValue().toString(16)}` : undefined
  return Validator.isValidIPv4String(text)[0] ? `4:${IPv4.fromString(text).getValue().toString(16)}` : undefined
}

function ours(text: string): string | undefined {
  const r = parseIp(text)
  return r === undefined ? undefined : `${r.version}:${r.value.toString(16)}`
}

describe(`IP address forms (${IP})`, () => {
  it('every IPv6 group count with `::` at every place, with and without a dotted tail, agrees with ip-num', () => {
    const wrong: string[] = []
    const groups = ['1', 'ffff', 'A0b', '0']
    for (let n = 0; n <= 9; n++) {
      const parts = Array.from({ length: n }, (_, k) => groups[k % groups.length] as string)
      const texts = [parts.join(':')]
      for (let gap = 0; gap <= n; gap++) texts.push(`${parts.slice(0, gap).join(':')}::${parts.slice(gap).join(':')}`)
      for (const t of [...texts]) texts.push(`${t}${t.endsWith(':') || t === '' ? '' : ':'}192.0.2.33`, `${t}${t.endsWith(':') || t === '' ? '' : ':'}192.0.2`)
      for (const t of texts) if (ours(t) !== oracle(t)) wrong.push(`${JSON.stringify(t)}: ${ours(t)} vs ${oracle(t)}`)
    }
    expect(wrong.slice(0, 8)).toEqual([])
  })

  it('broken IPv6 and IPv4 texts are unreadable, like ip-num says', () => {
    const texts = [
      '1:::2', ':1::', '1::2::3', '12345::', 'g::', '::g', '1:2:3:4:5:6:7:8:9', '1.2.3.4::', '::1.2.3.4:5', '::1.2.3.256', ':', '::::',
      '0.0.0.0', '255.255.255.255', '256.0.0.0', '1.2.3', '1.2.3.4.5', '1.2.3.', '.1.2.3', '1.2.3.04', '1..2.3', '1.2.3.4 ', '1.2.3.a', '1234.1.1.1', '9.9.9.9',
      '::FFFF:1.2.3.4', 'F::f', '1:2:3:4:5:6:7:', ':2:3:4:5:6:7:8',
    ]
    for (const t of texts) expect(ours(t), t).toBe(oracle(t))
  })
})

describe(`CIDR ranges (${IP})`, () => {
  it('every IPv4 prefix keeps exactly its network bits; a bare address is /32', () => {
    const address = 0xcb007107n // 203.0.113.7
    for (let prefix = 0; prefix <= 32; prefix++) {
      const mask = prefix === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix)) - 1n)
      expect(parseCidr(`203.0.113.7/${prefix}`), `/${prefix}`).toEqual({ version: 4, prefix, network: address & mask, mask, bare: false })
    }
    expect(parseCidr('203.0.113.7')).toEqual({ version: 4, prefix: 32, network: address, mask: (1n << 32n) - 1n, bare: true })
  })

  it('IPv6 prefixes keep exactly their network bits; a bare address is /128', () => {
    const text = '2001:db8:85a3::8a2e:370:7334'
    const address = BigInt(`0x${IPv6.fromString(text).getValue().toString(16)}`)
    for (const prefix of [0, 1, 31, 32, 33, 64, 96, 127, 128]) {
      const mask = prefix === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n)
      expect(parseCidr(`${text}/${prefix}`), `/${prefix}`).toEqual({ version: 6, prefix, network: address & mask, mask, bare: false })
    }
    expect(parseCidr(text)?.bare).toBe(true)
    expect(parseCidr(text)?.prefix).toBe(128)
  })

  it('prefixes past the address size, or not 1-3 digits, are unreadable', () => {
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/1.5', '10.0.0.0/0008', '10.0.0.0/ 8', '10.0.0.0/8/8', 'x/8', '/8']) expect(parseCidr(bad), bad).toBeUndefined()
  })

  it('an address matches a range of its own version only, host bits of the policy value ignored', () => {
    const check = (op: string, values: string[], ip: string): string => compileCondition(cond(op, 'aws:SourceIp', values), true).evaluate(ctx({ 'aws:SourceIp': ip }), false).result
    expect(check('IpAddress', ['10.1.2.3/8'], '10.200.0.1')).toBe('true')
    expect(check('IpAddress', ['10.1.2.3/8'], '11.0.0.1')).toBe('false')
    expect(check('IpAddress', ['::ffff:10.0.0.0/104'], '10.0.0.1')).toBe('false')
    expect(check('IpAddress', ['0.0.0.0/0'], '::1')).toBe('false')
    expect(check('IpAddress', ['::/0'], '10.0.0.1')).toBe('false')
    expect(check('IpAddress', ['::/0'], '::1')).toBe('true')
    expect(check('NotIpAddress', ['10.0.0.0/8'], '11.0.0.1')).toBe('true')
    // The same request address twice in a row, then another: each read on its own.
    expect(check('IpAddress', ['10.0.0.0/8'], '10.0.0.9')).toBe('true')
    expect(check('IpAddress', ['10.0.0.0/8'], '10.0.0.9')).toBe('true')
    expect(check('IpAddress', ['10.0.0.0/8'], '12.0.0.9')).toBe('false')
    expect(check('IpAddress', ['10.0.0.0/8'], 'nope')).toBe('unknown')
  })
})
