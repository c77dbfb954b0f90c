/**
 * IP address operators: IpAddress and NotIpAddress, over IPv4 and IPv6 CIDR ranges.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 *
 * A bare IPv4 address is a /32 (documented); a bare IPv6 address is read as /128 (not documented:
 * docs/semantics.md#ip-and-date, noted in the trace). Host bits beyond the prefix are ignored. An IPv4
 * request value never matches an IPv6 range and vice versa. Policy variables are not supported.
 */
import { IPv4, IPv6, Validator } from 'ip-num'
import type { ConditionNode } from '../policy/types.js'
import { M_FALSE, M_INVALID, M_TRUE } from './evaluation.js'
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

/** Parses an IPv4 or IPv6 address (no zone id, no prefix); undefined otherwise. */
export function parseIp(text: string): IpValue | undefined {
  if (text.includes('%') || text.includes('/')) return undefined
  if (text.includes(':')) {
    return Validator.isValidIPv6String(text)[0] ? { version: 6, value: IPv6.fromString(text).getValue() } : undefined
  }
  return Validator.isValidIPv4String(text)[0] ? { version: 4, value: IPv4.fromString(text).getValue() } : undefined
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
  const base = { valueKind: 'IP address', variableKeys: [] as string[] }
  if (node.baseOperator !== 'IpAddress' && node.baseOperator !== 'NotIpAddress') {
    return { ...base, comparers: [], problem: { reason: 'unknownOperator', note: `unknown IP operator ${node.baseOperator}` } }
  }
  const comparers: ValueComparer[] = []
  let bareV6 = false
  for (const { value } of node.values) {
    const range = parseCidr(value)
    if (range === undefined) {
      return { ...base, comparers: [], problem: { reason: 'invalidValue', note: `invalid CIDR "${value}" for ${node.baseOperator}; fail closed` } }
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
  return bareV6 ? { ...base, comparers, info: BARE_IPV6_NOTE } : { ...base, comparers }
}
