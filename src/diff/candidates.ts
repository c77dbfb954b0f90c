/**
 * Candidate request values for one context key, built from the policy values of the conditions that
 * read it. For the ordered families the set is complete: every interval between two policy values holds
 * a candidate (numbers and dates: each value, a value between two neighbours, one below the least and one
 * above the greatest; IP addresses: the first and last address of each range and their neighbours), so
 * a conjunction of such conditions that no candidate satisfies cannot be satisfied at all. For strings
 * they are the policy values with their wildcards filled, which make readable witnesses.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { CompiledCondition } from '../conditions/types.js'
import { parseDate } from '../conditions/date.js'
import { parseCidr } from '../conditions/ip.js'
import { parseDecimal } from '../conditions/numeric.js'

/** A value that is none of the types an operator reads: makes typed conditions unknown. */
const NOT_A_VALUE = 'iamtrace-other-value'

/** The families whose candidates are complete (see the module comment). */
export const ORDERED_FAMILIES: ReadonlySet<string> = new Set(['numeric', 'date', 'ip', 'bool', 'binary', 'null'])

/**
 * Fills of a wildcard pattern: `*` as a word and as nothing, `?` as one letter; a wildcard ARN account
 * part as one of `accounts` (or an example account id).
 */
function fills(value: string, accounts: readonly string[] = []): string[] {
  const out = new Set<string>()
  if (!/[*?]/.test(value)) return [value]
  const parts = value.split(':')
  if (parts.length >= 6 && /[*?]/.test(parts[4] ?? '')) {
    for (const account of [...accounts, '444455556666']) {
      parts[4] = account
      for (const f of fills(parts.join(':'))) out.add(f)
    }
  }
  out.add(value.replace(/\*/g, 'example').replace(/\?/g, 'x'))
  out.add(value.replace(/\*/g, '').replace(/\?/g, 'x'))
  out.add(value.replace(/\*/g, 'x').replace(/\?/g, 'x'))
  return [...out]
}

function decimalCandidates(values: readonly string[]): string[] {
  const parsed = values.map((v) => ({ v, d: parseDecimal(v) })).filter((x) => x.d !== undefined)
  if (parsed.length === 0) return ['0']
  // Exact arithmetic: every value scaled to one more fractional digit than the most precise value.
  const digits = Math.max(...parsed.map((x) => x.d?.frac.length ?? 0)) + 1
  const scaled = [...new Set(parsed.map(({ d }) => scale(d as NonNullable<typeof d>, digits)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const out = new Set<string>(parsed.map((x) => x.v))
  const unit = 10n ** BigInt(digits)
  out.add(render((scaled[0] as bigint) - unit, digits))
  out.add(render((scaled[scaled.length - 1] as bigint) + unit, digits))
  for (let i = 0; i + 1 < scaled.length; i++) out.add(render(((scaled[i] as bigint) + (scaled[i + 1] as bigint)) / 2n, digits))
  return [...out]
}

function scale(d: { negative: boolean; int: string; frac: string }, digits: number): bigint {
  const n = BigInt(`${d.int || '0'}${d.frac.padEnd(digits, '0')}`)
  return d.negative ? -n : n
}

function render(n: bigint, digits: number): string {
  const negative = n < 0n
  const s = (negative ? -n : n).toString().padStart(digits + 1, '0')
  const int = s.slice(0, s.length - digits)
  const frac = s.slice(s.length - digits).replace(/0+$/, '')
  return `${negative ? '-' : ''}${int}${frac === '' ? '' : `.${frac}`}`
}

function dateCandidates(values: readonly string[]): string[] {
  // Instants as milliseconds (dates carry at most millisecond precision in practice; finer fractions are kept as written).
  const instants = values.flatMap((v) => parseDate(v) ?? []).map((i) => i.seconds * 1000 + Number(`0.${i.frac || '0'}`) * 1000)
  const out = new Set<string>(values)
  if (instants.length === 0) return [...out, '2020-01-01T00:00:00Z']
  const sorted = [...new Set(instants)].sort((a, b) => a - b)
  const iso = (ms: number): string | undefined => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(Math.round(ms)).toISOString() : undefined)
  for (const c of [(sorted[0] as number) - 1000, (sorted[sorted.length - 1] as number) + 1000, ...sorted.slice(0, -1).map((a, i) => (a + (sorted[i + 1] as number)) / 2), ...sorted]) {
    const s = iso(c)
    if (s !== undefined) out.add(s)
  }
  return [...out]
}

function ipText(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.')
  const groups: string[] = []
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16))
  return groups.join(':')
}

function ipCandidates(values: readonly string[]): string[] {
  const out = new Set<string>(['192.0.2.1', '2001:db8::1', '0.0.0.0', '::'])
  for (const v of values) {
    const r = parseCidr(v)
    if (r === undefined) continue
    const bits = r.version === 4 ? 32n : 128n
    const max = (1n << bits) - 1n
    const last = r.network | (~r.mask & max)
    for (const a of [r.network, last, r.network - 1n, last + 1n]) if (a >= 0n && a <= max) out.add(ipText(r.version, a))
  }
  return [...out]
}

/**
 * Candidate values (single strings) for a key, from the conditions that read it. `extra` values (from
 * the question: consistent principal ARNs, accounts) come first.
 *
 * @example
 * keyCandidates([numericLessThan10]) // ['10', '9', '11', …]
 */
export function keyCandidates(conditions: readonly CompiledCondition[], extra: readonly string[] = []): string[] {
  const out = new Set<string>(extra)
  // Accounts of the preferred values (the caller's own) fill wildcard account parts first.
  const accounts = [...new Set(extra.map((v) => v.split(':')[4] ?? '').filter((a) => /^\d{12}$/.test(a)))]
  const byFamily = new Map<string, string[]>()
  for (const c of conditions) {
    const list = byFamily.get(c.node.family) ?? []
    for (const v of c.node.values) if (!v.value.includes('${')) list.push(v.value)
    byFamily.set(c.node.family, list)
  }
  for (const [family, values] of byFamily) {
    if (family === 'numeric') for (const c of decimalCandidates(values)) out.add(c)
    else if (family === 'date') for (const c of dateCandidates(values)) out.add(c)
    else if (family === 'ip') for (const c of ipCandidates(values)) out.add(c)
    else if (family === 'bool') for (const c of ['true', 'false']) out.add(c)
    else if (family === 'binary') for (const c of [...values, 'aWFtdHJhY2U=']) out.add(c)
    else for (const v of values) for (const f of fills(v, accounts)) out.add(f)
  }
  out.add(NOT_A_VALUE)
  return [...out]
}
