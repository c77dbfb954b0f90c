/**
 * IP address operators: IpAddress and NotIpAddress, over IPv4 and IPv6 CIDR ranges.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 *
 * A bare IPv4 address is a /32 (documented); a bare IPv6 address is read as /128 (not documented:
 * docs/semantics.md#ip-and-date, noted in the trace). Host bits beyond the prefix are ignored. An IPv4
 * request value never matches an IPv6 range and vice versa. Policy variables are not supported.
 */
import type { ConditionNode } from '../policy/types.js'
import { M_FALSE, M_INVALID, M_TRUE, NO_KEYS } from './evaluation.js'
import type { FamilyCompiled, ValueComparer } from './evaluation.js'

/** A parsed address. */
export interface IpValue {
  readonly version: 4 | 6
  readonly value: bigint
}

/** A parsed CIDR range: `network` is the address with host bits cleared. */
export interface IpRange {
  readonly version: 4 | 6
  readonly prefix: number
  readonly network: bigint
  readonly mask: bigint
  /** True when written without `/prefix`. */
  readonly bare: boolean
}

const BARE_IPV6_NOTE = 'a bare IPv6 address is read as /128 (only the IPv4 /32 default is documented)'

/**
 * Parses an IPv4 or IPv6 address (no zone id, no prefix); undefined otherwise. IPv4 is four decimal
 * octets without leading zeros; IPv6 is eight groups of one to four hex digits, with at most one `::`
 * standing for one or more zero groups and an optional dotted IPv4 address as the last 32 bits.
 * https://datatracker.ietf.org/doc/html/rfc4291#section-2.2
 */
export function parseIp(text: string): IpValue | undefined {
  if (text.includes(':')) {
    const value = parseIPv6(text)
    return value === undefined ? undefined : { version: 6, value }
  }
  const value = parseIPv4(text)
  return value === undefined ? undefined : { version: 4, value: BigInt(value) }
}

/** Four decimal octets, 0 to 255, without leading zeros (`010` would be octal to some parsers). */
function parseIPv4(text: string): number | undefined {
  let value = 0
  let octets = 0
  let i = 0
  while (octets < 4) {
    const start = i
    let octet = 0
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c < 48 || c > 57) break
      octet = octet * 10 + (c - 48)
      i++
    }
    const digits = i - start
    if (digits === 0 || digits > 3 || octet > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return undefined
    value = value * 256 + octet
    octets++
    if (octets < 4) {
      if (text.charCodeAt(i) !== 46) return undefined
      i++
    }
  }
  return i === text.length ? value : undefined
}

/** Eight 16-bit groups, `::` for one or more zero groups, an optional dotted IPv4 tail. */
function parseIPv6(text: string): bigint | undefined {
  const gap = text.indexOf('::')
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return undefined
  const head = gap < 0 ? text : text.slice(0, gap)
  const tail = gap < 0 ? '' : text.slice(gap + 2)
  const left = head === '' ? [] : head.split(':')
  const right = tail === '' ? [] : tail.split(':')
  const groups: number[] = []
  const read = (parts: readonly string[], last: boolean): boolean => {
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k] as string
      if (last && k === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part)
        if (v4 === undefined) return false
        groups.push(Math.floor(v4 / 65536), v4 % 65536)
        continue
      }
      if (part.length === 0 || part.length > 4) return false
      let g = 0
      for (let i = 0; i < part.length; i++) {
        const c = part.charCodeAt(i)
        const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
        if (d < 0) return false
        g = g * 16 + d
      }
      groups.push(g)
    }
    return true
  }
  if (!read(left, gap < 0)) return undefined
  const before = groups.length
  if (!read(right, true)) return undefined
  if (gap < 0 ? groups.length !== 8 : groups.length > 7) return undefined
  const zeros = gap < 0 ? 0 : 8 - groups.length
  let value = 0n
  for (let k = 0; k < groups.length; k++) {
    if (k === before) value <<= BigInt(16 * zeros)
    value = (value << 16n) | BigInt(groups[k] as number)
  }
  if (before === groups.length) value <<= BigInt(16 * zeros)
  return value
}

/** Parses `address` or `address/prefix`; undefined when unreadable. */
export function parseCidr(text: string): IpRange | undefined {
  const slash = text.indexOf('/')
  const address = parseIp(slash < 0 ? text : text.slice(0, slash))
  if (address === undefined) return undefined
  const bits = address.version === 4 ? 32 : 128
  let prefix = bits
  if (slash >= 0) {
    const digits = text.slice(slash + 1)
    if (!/^\d{1,3}$/.test(digits)) return undefined
    prefix = Number(digits)
    if (prefix > bits) return undefined
  }
  const all = (1n << BigInt(bits)) - 1n
  const mask = prefix === 0 ? 0n : (all >> BigInt(bits - prefix)) << BigInt(bits - prefix)
  return { version: address.version, prefix, network: address.value & mask, mask, bare: slash < 0 }
}

/** True when `ip` lies in `range` (never across IP versions). */
function inRange(ip: IpValue, range: IpRange): boolean {
  return ip.version === range.version && (ip.value & range.mask) === range.network
}

// PERF: a request's aws:SourceIp is compared with every range of every IP condition; parse it once.
// IpValue is immutable, so the last result can be shared.
let lastIpText: string | undefined
let lastIp: IpValue | undefined

function parseRequestIp(text: string): IpValue | undefined {
  if (text !== lastIpText) {
    lastIp = parseIp(text)
    lastIpText = text
  }
  return lastIp
}

/** Compiles the values of an IpAddress / NotIpAddress condition. */
export function compileIpValues(node: ConditionNode): FamilyCompiled {
  if (node.baseOperator !== 'IpAddress' && node.baseOperator !== 'NotIpAddress') {
    return { problem: { reason: 'unknownOperator', note: `unknown IP operator ${node.baseOperator}` } }
  }
  const comparers: ValueComparer[] = []
  let bareV6 = false
  for (const { value } of node.values) {
    const range = parseCidr(value)
    if (range === undefined) {
      return { problem: { reason: 'invalidValue', note: `invalid CIDR "${value}" for ${node.baseOperator}; fail closed` } }
    }
    if (range.bare && range.version === 6) bareV6 = true
    comparers.push({
      policyValue: value,
      compare(r) {
        const ip = parseRequestIp(r)
        if (ip === undefined) return M_INVALID
        return inRange(ip, range) ? M_TRUE : M_FALSE
      },
    })
  }
  return bareV6 ? { valueKind: 'IP address', variableKeys: NO_KEYS, comparers, info: BARE_IPV6_NOTE } : { valueKind: 'IP address', variableKeys: NO_KEYS, comparers }
}
