/**
 * Condition operators, set qualifiers, `IfExists` and `Null`, written from AWS's operator tables:
 * several values of one key are ORed (NORed for negated operators), keys and operators are ANDed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { isMultivalued } from './keys.js'
import { literalTokens, naiveMatch, tokensOf } from './naiveWildcard.js'
import type { NaiveToken } from './naiveWildcard.js'
import type { RefCondition } from './readPolicy.js'
import { agree, and, not, or, tri } from './types.js'
import type { Tri } from './types.js'
import { pieces, resolve } from './variables.js'
import type { Piece, Resolved } from './variables.js'
import type { World } from './world.js'

type Family = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null'

/** Each documented operator: its family, whether it is negated, and its positive comparison. */
const OPERATORS: Readonly<Record<string, { family: Family; negated: boolean; compare: string }>> = {
  StringEquals: { family: 'string', negated: false, compare: 'equals' },
  StringNotEquals: { family: 'string', negated: true, compare: 'equals' },
  StringEqualsIgnoreCase: { family: 'string', negated: false, compare: 'equalsIgnoreCase' },
  StringNotEqualsIgnoreCase: { family: 'string', negated: true, compare: 'equalsIgnoreCase' },
  StringLike: { family: 'string', negated: false, compare: 'like' },
  StringNotLike: { family: 'string', negated: true, compare: 'like' },
  NumericEquals: { family: 'numeric', negated: false, compare: '=' },
  NumericNotEquals: { family: 'numeric', negated: true, compare: '=' },
  NumericLessThan: { family: 'numeric', negated: false, compare: '<' },
  NumericLessThanEquals: { family: 'numeric', negated: false, compare: '<=' },
  NumericGreaterThan: { family: 'numeric', negated: false, compare: '>' },
  NumericGreaterThanEquals: { family: 'numeric', negated: false, compare: '>=' },
  DateEquals: { family: 'date', negated: false, compare: '=' },
  DateNotEquals: { family: 'date', negated: true, compare: '=' },
  DateLessThan: { family: 'date', negated: false, compare: '<' },
  DateLessThanEquals: { family: 'date', negated: false, compare: '<=' },
  DateGreaterThan: { family: 'date', negated: false, compare: '>' },
  DateGreaterThanEquals: { family: 'date', negated: false, compare: '>=' },
  Bool: { family: 'bool', negated: false, compare: '=' },
  BinaryEquals: { family: 'binary', negated: false, compare: '=' },
  IpAddress: { family: 'ip', negated: false, compare: 'in' },
  NotIpAddress: { family: 'ip', negated: true, compare: 'in' },
  ArnEquals: { family: 'arn', negated: false, compare: 'like' },
  ArnLike: { family: 'arn', negated: false, compare: 'like' },
  ArnNotEquals: { family: 'arn', negated: true, compare: 'like' },
  ArnNotLike: { family: 'arn', negated: true, compare: 'like' },
  Null: { family: 'null', negated: false, compare: 'null' },
}

/** An operator name split into qualifier, base operator and IfExists; undefined when not documented. */
export interface OperatorName {
  readonly qualifier: 'ForAllValues' | 'ForAnyValue' | undefined
  readonly base: string
  readonly ifExists: boolean
}

/** Reads an operator name; names are case-sensitive (`stringequals` is not an operator). */
export function operatorName(name: string): OperatorName | undefined {
  let rest = name
  let qualifier: OperatorName['qualifier']
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q
      rest = rest.slice(q.length + 1)
    }
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists'
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest
  if (OPERATORS[base] === undefined) return undefined
  // NullIfExists is not an operator.
  if (base === 'Null' && ifExists) return undefined
  return { qualifier, base, ifExists }
}

/** The keys a condition reads: its own key and those of the variables in its values. */
export function conditionKeys(c: RefCondition, variables: boolean): string[] {
  const keys = [c.key]
  const op = operatorName(c.operator)
  if (op !== undefined && usesVariables(op.base)) {
    for (const v of c.values) {
      const p = pieces(v, variables)
      if (p !== 'invalid') for (const piece of p) if (piece.kind === 'var') keys.push(piece.key)
    }
  }
  return keys
}

/** Variables are expanded in String and ARN operators only (and Bool, where the pages disagree). */
function usesVariables(base: string): boolean {
  const family = OPERATORS[base]?.family
  return family === 'string' || family === 'arn' || family === 'bool'
}

// ---------- value parsers ----------

function parseNumber(text: string): number | undefined {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : undefined
}

/** W3C date-time profile (YYYY, YYYY-MM, YYYY-MM-DD, with time and zone) or integer epoch seconds, as milliseconds. */
function parseDate(text: string): number | undefined {
  if (/^-?\d+$/.test(text) && !/^\d{4}$/.test(text)) return Number(text) * 1000
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/.exec(text)
  if (m === null) return undefined
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m
  const month = Number(mo)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined
  const utc = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s)) + (frac === '' ? 0 : Math.floor(Number(frac) * 1000))
  if (new Date(Date.UTC(Number(y), month - 1, day)).getUTCDate() !== day) return undefined
  if (zone === 'Z') return utc
  const sign = zone.startsWith('-') ? -1 : 1
  const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number]
  return utc - sign * (zh * 60 + zm) * 60_000
}

/** Strict base64: whole groups of four, padding only at the end. */
function parseBase64(text: string): string | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let bits = ''
  for (const ch of text.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(6, '0')
  const bytes: number[] = []
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2))
  return bytes.join(',')
}

/** An IP address or CIDR block as bits; a bare IPv4 address is /32, a bare IPv6 address /128. */
function parseIp(text: string): { v6: boolean; bits: string; prefix: number } | undefined {
  const [address, prefixText, extra] = text.split('/')
  if (address === undefined || extra !== undefined) return undefined
  let bits: string | undefined
  let v6 = false
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) {
    const octets = address.split('.').map(Number)
    if (octets.some((o) => o > 255)) return undefined
    bits = octets.map((o) => o.toString(2).padStart(8, '0')).join('')
  } else if (address.includes(':')) {
    v6 = true
    bits = ipv6Bits(address)
  }
  if (bits === undefined) return undefined
  const max = bits.length
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined
  const prefix = prefixText === undefined ? max : Number(prefixText)
  if (prefix > max) return undefined
  return { v6, bits, prefix }
}

function ipv6Bits(address: string): string | undefined {
  const halves = address.split('::')
  if (halves.length > 2) return undefined
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'))
  const head = groups(halves[0] as string)
  const tail = halves.length === 2 ? groups(halves[1] as string) : []
  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined
  return all.map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('')
}

/** Splits ARN tokens into its six parts at the first five `:`; undefined when it is not an ARN. */
function arnParts(tokens: readonly NaiveToken[]): NaiveToken[][] | undefined {
  const parts: NaiveToken[][] = [[]]
  for (const t of tokens) {
    if (t.kind === 'char' && t.ch === ':' && parts.length < 6) parts.push([])
    else (parts[parts.length - 1] as NaiveToken[]).push(t)
  }
  if (parts.length !== 6) return undefined
  const first = parts[0] as NaiveToken[]
  if (first.length !== 3 || first.map((t) => (t.kind === 'char' ? t.ch : '')).join('') !== 'arn') return undefined
  return parts
}

function textOf(tokens: readonly NaiveToken[]): string {
  return tokens.map((t) => (t.kind === 'char' ? t.ch : t.kind === 'star' ? '*' : '?')).join('')
}

// ---------- one comparison ----------

/** Tokens of a resolved value: text as a pattern, escapes literal, substituted values literal or as a pattern. */
function tokensOfResolved(resolved: readonly Resolved[], valuesAsPattern: boolean): NaiveToken[] {
  return resolved.flatMap((r) => (r.origin === 'text' || (r.origin === 'value' && valuesAsPattern) ? tokensOf(r.text) : literalTokens(r.text)))
}

/** The positive comparison of one request value with one resolved policy value. */
function compare(family: Family, how: string, request: string, policy: readonly Resolved[], valuesAsPattern: boolean): Tri {
  const text = policy.map((r) => r.text).join('')
  switch (family) {
    case 'string':
      if (how === 'equals') return tri(request === text)
      if (how === 'equalsIgnoreCase') return tri(request.toLowerCase() === text.toLowerCase())
      return tri(naiveMatch(tokensOfResolved(policy, valuesAsPattern), request))
    case 'arn': {
      const pattern = arnParts(tokensOfResolved(policy, valuesAsPattern))
      if (pattern === undefined) return 'unknown'
      const value = arnParts(literalTokens(request))
      if (value === undefined) return 'false'
      return tri(pattern.every((p, i) => naiveMatch(p, textOf(value[i] as NaiveToken[]))))
    }
    case 'numeric':
    case 'date': {
      const parse = family === 'numeric' ? parseNumber : parseDate
      const a = parse(request)
      const b = parse(text)
      if (a === undefined || b === undefined) return 'unknown'
      return tri(how === '=' ? a === b : how === '<' ? a < b : how === '<=' ? a <= b : how === '>' ? a > b : a >= b)
    }
    case 'bool':
      // Only the canonical spellings are documented; anything else is a type mismatch.
      if (policy.some((r) => r.origin === 'value')) return 'unknown'
      if ((text !== 'true' && text !== 'false') || (request !== 'true' && request !== 'false')) return 'unknown'
      return tri(request === text)
    case 'binary': {
      const a = parseBase64(request)
      const b = parseBase64(text)
      return a === undefined || b === undefined ? 'unknown' : tri(a === b)
    }
    case 'ip': {
      const block = parseIp(text)
      const address = parseIp(request)
      if (block === undefined || address === undefined || address.prefix !== address.bits.length) return 'unknown'
      return tri(block.v6 === address.v6 && block.bits.slice(0, block.prefix) === address.bits.slice(0, block.prefix))
    }
    case 'null':
      return 'unknown'
  }
}

/** OR over the policy values for one request value (before negation), in one reading of substituted values. */
function anyValueMatches(family: Family, how: string, request: string, values: readonly (readonly Piece[] | 'invalid')[], world: World, valuesAsPattern: boolean): Tri {
  let result: Tri = 'false'
  for (const v of values) {
    if (v === 'invalid') {
      result = or(result, 'unknown')
      continue
    }
    const resolved = resolve(v, world)
    // A variable without value and without default: this value matches nothing.
    if (resolved === 'null') continue
    result = or(result, resolved === 'unknown' ? 'unknown' : compare(family, how, request, resolved, valuesAsPattern))
  }
  return result
}

/** One condition (operator, key, values) in one world. */
export function evaluateCondition(c: RefCondition, variables: boolean, world: World): Tri {
  const op = operatorName(c.operator)
  if (op === undefined || !c.valid) return 'unknown'
  const spec = OPERATORS[op.base] as (typeof OPERATORS)[string]
  const given = world.get(c.key)
  // A value the operator cannot read, or several values for Bool: AWS refuses the policy, so the
  // condition has no defined answer.
  if (c.values.some((v) => !validValue(spec.family, v, variables))) return 'unknown'
  if (spec.family === 'bool' && op.qualifier === undefined && c.values.length !== 1) return 'unknown'
  if (spec.family === 'null') return evaluateNull(op, c.values, given)
  const parsed = c.values.map((v) => (usesVariables(op.base) ? pieces(v, variables) : pieces(v, false)))
  // Substituted text holding `*` or `?`: whether it acts as a wildcard is not documented; both readings.
  const literal = evaluateWith(op, spec, c.key, given, parsed, world, false)
  if (!substitutesWildcards(parsed, world)) return literal
  return agree([literal, evaluateWith(op, spec, c.key, given, parsed, world, true)])
}

/** Whether some variable of the values substitutes text holding `*` or `?` in this world. */
function substitutesWildcards(values: readonly (readonly Piece[] | 'invalid')[], world: World): boolean {
  return values.some((v) => {
    if (v === 'invalid') return false
    const r = resolve(v, world)
    return typeof r !== 'string' && r.some((p) => p.origin === 'value' && /[*?]/.test(p.text))
  })
}

/** Whether a policy value is one the operator's family can read. */
function validValue(family: Family, value: string, variables: boolean): boolean {
  switch (family) {
    case 'string':
      return pieces(value, variables) !== 'invalid'
    case 'arn': {
      const p = pieces(value, variables)
      return p !== 'invalid' && arnParts(p.flatMap((x) => (x.kind === 'var' ? literalTokens('v') : tokensOf(x.text)))) !== undefined
    }
    case 'numeric':
      return parseNumber(value) !== undefined
    case 'date':
      return parseDate(value) !== undefined
    case 'bool':
    case 'null':
      return value === 'true' || value === 'false'
    case 'binary':
      return parseBase64(value) !== undefined
    case 'ip':
      return parseIp(value) !== undefined
  }
}

function evaluateWith(
  op: OperatorName,
  spec: { family: Family; negated: boolean; compare: string },
  key: string,
  given: readonly string[] | undefined,
  values: readonly (readonly Piece[] | 'invalid')[],
  world: World,
  asPattern: boolean,
): Tri {
  const perValue = (r: string): Tri => {
    const any = anyValueMatches(spec.family, spec.compare, r, values, world, asPattern)
    return spec.negated ? not(any) : any
  }
  const absentOrEmpty = given === undefined || given.length === 0
  if (op.qualifier !== undefined) {
    let result: Tri
    if (op.qualifier === 'ForAllValues') {
      // The operators page's own example reads ForAllValues with a negated operator on a missing key
      // as "no match", against the rule that ForAllValues is true for a missing key: unknown.
      result = absentOrEmpty ? (spec.negated && given === undefined ? 'unknown' : 'true') : given.map(perValue).reduce(and, 'true')
    } else {
      result = absentOrEmpty ? 'false' : given.map(perValue).reduce(or, 'false')
    }
    // A set qualifier with IfExists is not documented. Read both ways (the qualifier alone, and IfExists
    // making a missing key true): an Allow never grants, a Deny applies unless both readings are false.
    if (op.ifExists) return result === 'false' && given !== undefined ? 'false' : 'unknown'
    return result
  }
  if (given === undefined) return op.ifExists || spec.negated ? 'true' : 'false'
  // A key with values [] in the policy: the analyzer calls it both true and "no permissions".
  if (values.length === 0) return op.ifExists ? 'false' : 'unknown'
  // Bool takes one value only.
  if (spec.family === 'bool' && values.length !== 1) return 'unknown'
  // A plain operator on several request values is not documented.
  if (given.length !== 1 || (isMultivalued(key) && given.length !== 1)) return 'unknown'
  return perValue(given[0] as string)
}

/** `Null`: "true" when the key is absent, "false" when it is present; ORed over the policy values. */
function evaluateNull(op: OperatorName, values: readonly string[], given: readonly string[] | undefined): Tri {
  // ForAllValues:Null is always true and ForAnyValue:Null always false, says the policy analyzer.
  if (op.qualifier === 'ForAllValues') return 'true'
  if (op.qualifier === 'ForAnyValue') return 'false'
  if (values.length === 0) return 'unknown'
  // Whether an empty string counts as null is not documented.
  if (given !== undefined && given.includes('')) return 'unknown'
  const absent = given === undefined || given.length === 0
  let result: Tri = 'false'
  for (const v of values) result = or(result, v === 'true' ? tri(absent) : v === 'false' ? tri(!absent) : 'unknown')
  return result
}
