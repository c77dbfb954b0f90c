import { describe, expect, it } from 'vitest'
import { decodeBase64 } from '../../../src/conditions/binary.js'
import { parseCidr } from '../../../src/conditions/ip.js'
import { GKEYS, MULTIV, OPS, testRows } from './helpers.js'

const B = 'k:binary'
const IP = 'aws:SourceIp'
const A = 'aws:SourceArn'
const PA = 'aws:PrincipalArn'

describe('BinaryEquals', () => {
  testRows([
    { doc: OPS, op: 'BinaryEquals', key: B, values: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', context: { [B]: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, expect: 'true' },
    { doc: OPS, op: 'BinaryEquals', key: B, values: 'AAEC', context: { [B]: 'AAED' }, expect: 'false' },
    { doc: OPS, op: 'BinaryEquals', key: B, values: 'AA==', context: { [B]: 'AAA=' }, expect: 'false', name: 'different lengths' },
    { doc: OPS, op: 'BinaryEquals', key: B, values: 'AB==', context: { [B]: 'AA==' }, expect: 'true', name: 'byte-for-byte, not text (unused bits ignored)' },
    { doc: OPS, op: 'BinaryEquals', key: B, values: 'AAEC', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'BinaryEqualsIfExists', key: B, values: 'AAEC', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: MULTIV, op: 'BinaryEquals', key: B, values: ['AAEC', 'AAED'], context: { [B]: 'AAED' }, expect: 'true' },
    { doc: OPS, op: 'BinaryEquals', key: B, values: 'not base64!', context: { [B]: 'AAEC' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'BinaryEquals', key: B, values: 'AAE', context: { [B]: 'AAEC' }, expect: 'unknown', reason: 'invalidValue', name: 'missing padding' },
    { doc: OPS, op: 'BinaryEquals', key: B, values: 'AA-_', context: { [B]: 'AAEC' }, expect: 'unknown', reason: 'invalidValue', name: 'URL alphabet' },
    { doc: OPS, op: 'BinaryEquals', key: B, values: 'AAEC', context: { [B]: '***' }, expect: 'unknown', reason: 'invalidValue', name: 'unreadable request bytes' },
  ])
  it('decodes base64 without Buffer [' + OPS + ']', () => {
    expect(Array.from(decodeBase64('AAEC') ?? [])).toEqual([0, 1, 2])
    expect(Array.from(decodeBase64('/w==') ?? [])).toEqual([255])
    expect(Array.from(decodeBase64('') ?? [9])).toEqual([])
    expect(decodeBase64('A=AA')).toBeUndefined()
    expect(decodeBase64('A===')).toBeUndefined()
    expect(decodeBase64('AA==AA==')).toBeUndefined()
    expect(decodeBase64('ÿÿÿÿ')).toBeUndefined()
  })
})

describe('IpAddress / NotIpAddress', () => {
  testRows([
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113.0/24', context: { [IP]: '203.0.113.7' }, expect: 'true' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113.0/24', context: { [IP]: '203.0.114.7' }, expect: 'false' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113.7', context: { [IP]: '203.0.113.7' }, expect: 'true', name: 'bare IPv4 is /32' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113.7', context: { [IP]: '203.0.113.8' }, expect: 'false' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113.77/24', context: { [IP]: '203.0.113.1' }, expect: 'true', name: 'host bits beyond the mask are ignored' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '0.0.0.0/0', context: { [IP]: '198.51.100.1' }, expect: 'true' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '0.0.0.0/0', context: { [IP]: '2001:db8::1' }, expect: 'false', name: 'IPv6 request never in an IPv4 range' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '2001:DB8:1234:5678::/64', context: { [IP]: '2001:db8:1234:5678:abcd::1' }, expect: 'true' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '2001:DB8:1234:5678::/64', context: { [IP]: '2001:db8:1234:5679::1' }, expect: 'false' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '::/0', context: { [IP]: '203.0.113.7' }, expect: 'false', name: 'IPv4 request never in an IPv6 range' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '::ffff:203.0.113.0/120', context: { [IP]: '203.0.113.7' }, expect: 'false', name: 'IPv4-mapped range does not hold a plain IPv4 address' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '2001:db8::1', context: { [IP]: '2001:db8::1' }, expect: 'true', name: 'bare IPv6 read as /128' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '2001:db8::1', context: { [IP]: '2001:db8::2' }, expect: 'false' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113.0/24', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'IpAddressIfExists', key: IP, values: '203.0.113.0/24', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: MULTIV, op: 'IpAddress', key: IP, values: ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], context: { [IP]: '2001:db8:1234:5678::9' }, expect: 'true' },
    { doc: OPS, op: 'NotIpAddress', key: IP, values: '203.0.113.0/24', context: { [IP]: '198.51.100.1' }, expect: 'true' },
    { doc: OPS, op: 'NotIpAddress', key: IP, values: '203.0.113.0/24', context: { [IP]: '203.0.113.1' }, expect: 'false' },
    { doc: OPS, op: 'NotIpAddress', key: IP, values: '203.0.113.0/24', context: {}, expect: 'true', reason: 'keyMissing' },
    { doc: MULTIV, op: 'NotIpAddress', key: IP, values: ['203.0.113.0/24', '198.51.100.0/24'], context: { [IP]: '198.51.100.1' }, expect: 'false' },
    { doc: OPS, op: 'NotIpAddressIfExists', key: IP, values: '203.0.113.0/24', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113.0/33', context: { [IP]: '203.0.113.1' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113/24', context: { [IP]: '203.0.113.1' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113.0/-1', context: { [IP]: '203.0.113.1' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'IpAddress', key: IP, values: 'fe80::1%eth0', context: { [IP]: 'fe80::1' }, expect: 'unknown', reason: 'invalidValue', name: 'zone ids are unreadable' },
    { doc: OPS, op: 'IpAddress', key: IP, values: '203.0.113.0/24', context: { [IP]: 'localhost' }, expect: 'unknown', reason: 'invalidValue', name: 'unreadable request address' },
    { doc: OPS, op: 'NotIpAddress', key: IP, values: '203.0.113.0/24', context: { [IP]: '203.0.113.0/24' }, expect: 'unknown', reason: 'invalidValue', name: 'a CIDR is not a request address' },
    { doc: GKEYS, op: 'IpAddress', key: 'aws:VpcSourceIp', values: '10.0.0.0/8', context: { 'aws:vpcsourceip': '10.1.2.3' }, expect: 'true' },
  ])
  it('clears host bits and defaults prefixes [' + OPS + ']', () => {
    expect(parseCidr('10.1.2.3/8')).toMatchObject({ version: 4, prefix: 8, network: 167772160n, bare: false })
    expect(parseCidr('10.1.2.3')).toMatchObject({ prefix: 32, bare: true })
    expect(parseCidr('::1')).toMatchObject({ version: 6, prefix: 128, bare: true })
    expect(parseCidr('1.2.3.4/08')).toMatchObject({ prefix: 8 })
    expect(parseCidr('1.2.3.4/')).toBeUndefined()
  })
})

describe('Arn operators', () => {
  const TOPIC = 'arn:aws:sns:us-east-1:111122223333:my-topic'
  testRows([
    { doc: OPS, op: 'ArnEquals', key: A, values: TOPIC, context: { [A]: TOPIC }, expect: 'true' },
    { doc: OPS, op: 'ArnEquals', key: A, values: TOPIC, context: { [A]: 'arn:aws:sns:us-east-1:111122223333:other' }, expect: 'false' },
    { doc: OPS, op: 'ArnEquals', key: A, values: 'arn:aws:sns:*:111122223333:*', context: { [A]: TOPIC }, expect: 'true', name: 'ArnEquals honours wildcards' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:sns:*:111122223333:*', context: { [A]: TOPIC }, expect: 'true' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:sns:us-east-?:111122223333:my-topic', context: { [A]: TOPIC }, expect: 'true' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:sns:us-east-?:111122223333:my-topic', context: { [A]: 'arn:aws:sns:us-east-10:111122223333:my-topic' }, expect: 'false' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'ARN:AWS:SNS:us-east-1:111122223333:my-topic', context: { [A]: TOPIC }, expect: 'false', name: 'case-sensitive' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:svc:*:111122223333:x/*', context: { [A]: 'arn:aws:svc:us-east-1:extra:111122223333:x/y' }, expect: 'false', name: '* stays inside its part (StringLike would match)' },
    { doc: OPS, op: 'StringLike', key: A, values: 'arn:aws:svc:*:111122223333:x/*', context: { [A]: 'arn:aws:svc:us-east-1:extra:111122223333:x/y' }, expect: 'true', name: 'StringLike * crosses colons' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:s3:::bucket/*', context: { [A]: 'arn:aws:s3:::bucket/a:b:c' }, expect: 'true', name: 'the resource part keeps its colons' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:logs:us-east-1:111122223333:log-group:g:*', context: { [A]: 'arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s' }, expect: 'true' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:*:*:*:*:*', context: { [A]: TOPIC }, expect: 'true' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:sns:*:*:*', context: { [A]: 'arn:aws:sqs:us-east-1:111122223333:q' }, expect: 'false' },
    { doc: OPS, op: 'ArnLike', key: A, values: TOPIC, context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'ArnLikeIfExists', key: A, values: TOPIC, context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: MULTIV, op: 'ArnLike', key: A, values: ['arn:aws:sns:*:444455556666:*', 'arn:aws:sns:*:111122223333:*'], context: { [A]: TOPIC }, expect: 'true' },
    { doc: OPS, op: 'ArnNotEquals', key: A, values: TOPIC, context: { [A]: TOPIC }, expect: 'false' },
    { doc: OPS, op: 'ArnNotEquals', key: A, values: TOPIC, context: { [A]: 'arn:aws:sns:us-east-1:111122223333:x' }, expect: 'true' },
    { doc: OPS, op: 'ArnNotLike', key: A, values: 'arn:aws:sns:*:111122223333:*', context: { [A]: TOPIC }, expect: 'false' },
    { doc: OPS, op: 'ArnNotLike', key: A, values: 'arn:aws:sns:*:111122223333:*', context: {}, expect: 'true', reason: 'keyMissing' },
    { doc: MULTIV, op: 'ArnNotLike', key: A, values: ['arn:aws:sns:*:444455556666:*', 'arn:aws:sns:*:111122223333:*'], context: { [A]: TOPIC }, expect: 'false' },
    { doc: OPS, op: 'ArnNotLikeIfExists', key: A, values: TOPIC, context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: GKEYS, op: 'ArnLike', key: PA, values: 'arn:aws:iam::111122223333:role/Admin*', context: { [PA]: 'arn:aws:iam::111122223333:role/AdminRole' }, expect: 'true' },
    { doc: GKEYS, op: 'ArnEquals', key: PA, values: 'arn:aws:iam::111122223333:role/a${*}', context: { [PA]: 'arn:aws:iam::111122223333:role/a*' }, expect: 'true', name: '${*} escape is a literal asterisk in ARNs' },
    { doc: GKEYS, op: 'ArnEquals', key: PA, values: 'arn:aws:iam::111122223333:role/a${*}', context: { [PA]: 'arn:aws:iam::111122223333:role/ab' }, expect: 'false' },
    { doc: OPS, op: 'ArnLike', key: A, values: '*', context: { [A]: TOPIC }, expect: 'unknown', reason: 'invalidValue', name: 'a policy value without six parts fails closed' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:sns', context: { [A]: TOPIC }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:sns:*:111122223333:*', context: { [A]: 'my-topic' }, expect: 'unknown', reason: 'invalidValue', name: 'a request value without six parts fails closed' },
    { doc: OPS, op: 'ArnNotLike', key: A, values: 'arn:aws:sns:*:111122223333:*', context: { [A]: 'my-topic' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: OPS, op: 'ArnLike', key: A, values: 'arn:aws:sns:*:111122223333:*', context: { [A]: [TOPIC, TOPIC] }, expect: 'unknown', reason: 'multivaluedKey' },
  ])
})
