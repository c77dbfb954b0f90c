/**
 * Hostile input for security tests and the fuzz script: strings and values that break naive
 * parsers, mutations that flip types, insert prototype keys, nest, truncate and grow valid documents,
 * and the checks every result must pass (no prototype writes, no allow that rests on a bad part).
 * Deterministic from a seed so every failure can be replayed.
 */
import type { Diagnostic } from '../../src/diagnostics.js'
import type { EvaluationResult } from '../../src/evaluate/evaluate.js'
import { parseJsonText } from '../../src/json/readJson.js'
import type { PolicySet } from '../../src/evaluate/policySet.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import type { Policy, PolicyKind } from '../../src/policy/types.js'
import { compileScenario } from '../../src/scenario/compileScenario.js'
import { parseScenario } from '../../src/scenario/parseScenario.js'
import type { Scenario } from '../../src/scenario/parseScenario.js'
import type { Decision } from '../../src/trace/types.js'

/** A small, fast PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A random element. */
export function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T
}

/** Keys that reach object prototypes when assigned naively. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const

/** Strings that break naive parsers, matchers and condition readers. */
export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '\u0000', '\uFEFF', '\u202E', '\ud800', '\udfff', '🙂', '\n\r\t\u0007\u001b[31m', '\\', '"', "'", '%', '%ZZ', '%7B%22', '%u0041',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  '*', '?', '**', '*?*?*', '${', '${aws:username', '${aws:username, ', "${a, 'b'", '${*}${?}${$}', '${${}}',
  'arn:', 'arn:::::', 'arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:role/*', 'arn:aws:sts::111111111111:assumed-role//',
  '1e309', '-1e309', 'NaN', 'Infinity', '-0', '0x10', '1_000', '١٢٣', '9'.repeat(400), '.5', '5.', '+5',
  '999.999.999.999', '10.0.0.0/99', '10.0.0.0/-1', '::g', '::ffff:10.0.0.1/200', '1.2.3', '0.0.0.0/0', '::/0',
  '2024-13-45T99:99:99Z', '2024-02-30', '0000-00-00', '-271821-04-20T00:00:00Z', '275760-09-13T00:00:01Z', '99999999999999999999',
  '!!!===', '====', 'QQ', 'Zm9v\nYmFy', 'true', 'false', 'TRUE', 'null', 'undefined',
  'StringEquals', 'ForAllValues:', 'ForAnyValue:StringLikeIfExists', 'IfExists', 'Null',
]

/** Values of every JSON type, some of them hostile. */
export function hostileValue(r: () => number): unknown {
  switch (Math.floor(r() * 12)) {
    case 0:
      return null
    case 1:
      return r() < 0.5
    case 2:
      return pick(r, [0, -1, 1.5, 1e308, -1e-308, 2 ** 53 + 1, 123456789012])
    case 3:
      return []
    case 4:
      return {}
    case 5:
      return [pick(r, HOSTILE_STRINGS), pick(r, HOSTILE_STRINGS)]
    case 6:
      return protoObject(pick(r, PROTO_KEYS), { polluted: 1 })
    case 7:
      return nest(Math.floor(r() * 200), r() < 0.5)
    default:
      return pick(r, HOSTILE_STRINGS)
  }
}

/** An object holding `key` as an own data property (never a prototype change, even for `__proto__`). */
export function protoObject(key: string, value: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  return o
}

/** `depth` levels of arrays or objects. */
export function nest(depth: number, arrays: boolean): unknown {
  let v: unknown = 'x'
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v }
  return v
}

type Container = Record<string, unknown> | unknown[]

/** Every (container, key) slot of a JSON tree, with a budget so huge documents stay cheap. */
function slots(root: unknown, limit = 400): [Container, string | number][] {
  const out: [Container, string | number][] = []
  const stack: unknown[] = [root]
  while (stack.length > 0 && out.length < limit) {
    const v = stack.pop()
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        out.push([v, i])
        stack.push(child)
      })
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push([v as Record<string, unknown>, k])
        stack.push((v as Record<string, unknown>)[k])
      }
    }
  }
  return out
}

function setSlot(c: Container, k: string | number, v: unknown): void {
  if (Array.isArray(c)) c[k as number] = v
  else Object.defineProperty(c, k, { value: v, enumerable: true, writable: true, configurable: true })
}

/** One structural mutation of a JSON value (mutates a copy; returns it). */
export function mutateValue(value: unknown, r: () => number): unknown {
  let root: unknown
  try {
    root = structuredClone(value) as unknown
  } catch {
    // Too deep to copy (the harness's limit, not the engine's): start again from a hostile value.
    return hostileValue(r)
  }
  const all = slots(root)
  if (all.length === 0) return hostileValue(r)
  const [c, k] = pick(r, all)
  const current = (c as Record<string | number, unknown>)[k]
  switch (Math.floor(r() * 11)) {
    case 0: // wrong type
    case 1:
      setSlot(c, k, hostileValue(r))
      break
    case 2: // hostile string
      setSlot(c, k, typeof current === 'string' && r() < 0.5 ? current + pick(r, HOSTILE_STRINGS) : pick(r, HOSTILE_STRINGS))
      break
    case 3: // delete
      if (Array.isArray(c)) c.splice(k as number, 1)
      else delete c[k as string]
      break
    case 4: // prototype key next to the slot
      if (!Array.isArray(c)) setSlot(c, pick(r, PROTO_KEYS), hostileValue(r))
      else c.push(protoObject(pick(r, PROTO_KEYS), { polluted: 1 }))
      break
    case 5: // wrap in an array / unwrap
      setSlot(c, k, Array.isArray(current) ? current[0] : [current])
      break
    case 6: // deep nesting
      setSlot(c, k, nest(50 + Math.floor(r() * 1000), r() < 0.5))
      break
    case 7: // a big array of copies
      setSlot(c, k, Array.from({ length: 100 + Math.floor(r() * 2000) }, () => current))
      break
    case 8: // unknown key / key case changed
      if (!Array.isArray(c)) {
        setSlot(c, typeof k === 'string' && r() < 0.5 ? k.toLowerCase() : pick(r, HOSTILE_STRINGS), current)
        if (r() < 0.5) delete c[k as string]
      }
      break
    case 9: // long string
      setSlot(c, k, 'a'.repeat(1000 + Math.floor(r() * 50_000)))
      break
    default: // number / boolean in place of a string (read as its string form)
      setSlot(c, k, pick(r, [true, false, 0, 12, 1.5, -0]))
  }
  return root
}

/** One text-level mutation of JSON text. */
export function mutateText(text: string, r: () => number): string {
  switch (Math.floor(r() * 8)) {
    case 0:
      return text.slice(0, Math.floor(r() * text.length))
    case 1: {
      const at = Math.floor(r() * text.length)
      return text.slice(0, at) + pick(r, ['{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', '\uFEFF', 'null', '1e999', '\ud800']) + text.slice(at)
    }
    case 2:
      return `\uFEFF${text}`
    case 3:
      return encodeURIComponent(text).slice(0, Math.floor(r() * text.length * 3))
    case 4:
      return `${text}${text}`
    case 5: {
      const at = Math.floor(r() * text.length)
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 10))
    }
    case 6:
      return text.replace(/"[A-Za-z]+"\s*:/, '"__proto__":')
    default:
      return text.replaceAll('"', "'")
  }
}

/** Own property names of the shared prototypes, to detect writes. */
export function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|')
}

/** True when nothing was written to Object.prototype and friends since `snapshot`. */
export function prototypesClean(snapshot: string): boolean {
  return ({} as Record<string, unknown>)['polluted'] === undefined && ([] as unknown as Record<string, unknown>)['polluted'] === undefined && prototypeSnapshot() === snapshot
}

// Errors that cannot change what a statement matches: Sids, and the customer-RCP rules that the
// AWS-managed RCPFullAWSAccess (Allow * on *, attached to every node) itself breaks; an RCP Allow only
// lets its level pass and never grants on its own.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
// Also errors with a documented reading: a bare "*" in a trust policy is evaluated as {"AWS": "*"}
// (docs/semantics.md#aws-star; "*" and {"AWS": "*"} are equivalent per the Principal page).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// And two keys of one block equal up to case: both are required (AND), the strict reading for an Allow.
const HARMLESS = new Set(['policy.invalid-sid', 'policy.duplicate-sid', 'policy.rcp-effect', 'policy.rcp-action-wildcard', 'principal.bare-wildcard-in-trust', 'condition.duplicate-key-case'])

/** True for a diagnostic that can change what a statement matches. */
export function isHarmful(d: Diagnostic): boolean {
  return d.severity === 'error' && !HARMLESS.has(d.code)
}

function unescapePointer(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~')
}

/**
 * A copy of `value` read another way at each bad part: an array item is removed (AWS ORs list
 * entries, so a grant that survives the removal never rested on the entry), any other value is
 * replaced by a neutral string. Undefined when a pointer does not resolve. A grant that survives this
 * rewrite does not depend on how the bad parts are read.
 */
export function withoutItems(value: unknown, pointers: readonly string[]): unknown {
  let root: unknown
  try {
    root = structuredClone(value) as unknown
  } catch {
    return undefined
  }
  const removals: [unknown[], number][] = []
  for (const pointer of [...new Set(pointers)]) {
    const tokens = pointer.split('/').slice(1).map(unescapePointer)
    const last = tokens.pop()
    if (last === undefined) return undefined
    let node: unknown = root
    for (const t of tokens) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, t)) return undefined
      node = (node as Record<string, unknown>)[t]
    }
    if (Array.isArray(node) && /^\d+$/.test(last) && Number(last) < node.length) removals.push([node, Number(last)])
    else if (node !== null && typeof node === 'object' && Object.hasOwn(node, last)) {
      Object.defineProperty(node, last, { value: neutralFor([...tokens, last]), enumerable: true, writable: true, configurable: true })
    } else return undefined
  }
  // Remove from the highest index down so earlier removals do not shift later ones.
  removals.sort((a, b) => b[1] - a[1])
  for (const [list, index] of removals) list.splice(index, 1)
  return root
}

/** A valid value of the kind the path expects, unrelated to any request (another reading of a bad value). */
function neutralFor(path: readonly string[]): string {
  const at = (name: string): boolean => path.includes(name)
  const operator = path[path.indexOf('Condition') + 1] ?? ''
  if (at('Condition')) {
    if (/Arn/.test(operator)) return 'arn:aws:fuzz:us-east-1:000000000000:neutral'
    if (/IpAddress/.test(operator)) return '192.0.2.1'
    if (/Date/.test(operator)) return '2000-01-01T00:00:00Z'
    if (/Numeric/.test(operator)) return '0'
    if (/Bool|Null/.test(operator)) return 'false'
    if (/Binary/.test(operator)) return 'ZnV6eg=='
    return 'fuzz-neutral'
  }
  if (at('Service')) return 'fuzz-neutral.amazonaws.com'
  if (at('Principal') || at('NotPrincipal')) return 'arn:aws:iam::000000000000:user/fuzz-neutral'
  if (at('Action') || at('NotAction')) return 'fuzz:Neutral'
  if (at('Resource') || at('NotResource')) return 'arn:aws:fuzz:::neutral'
  return 'fuzz-neutral'
}

/**
 * Errors inside the statements that decided an `allowed` result: the candidates for an allow that
 * rests on a bad part. `prefixOf(ref)` gives the pointer of a determining statement in the input.
 */
export function errorsInDeterminingStatements(result: EvaluationResult, errors: readonly Diagnostic[], prefixesOf: (ref: EvaluationResult['determining'][number]) => readonly string[]): Diagnostic[] {
  if (result.decision !== 'allowed') return []
  const out: Diagnostic[] = []
  for (const ref of result.determining) {
    for (const prefix of prefixesOf(ref)) {
      for (const d of errors) if ((d.pointer === prefix || d.pointer.startsWith(`${prefix}/`)) && !out.includes(d)) out.push(d)
    }
  }
  return out
}

/** The pointers of a determining statement inside a scenario file (several when policy names repeat). */
export function scenarioStatementPointers(scenario: Scenario, ref: EvaluationResult['determining'][number]): string[] {
  const pp = scenario.principalPolicies
  const rp = scenario.resourcePolicies
  const byLayer: Record<string, readonly { name: string; pointer: string }[]> = {
    identity: pp.identity,
    boundary: pp.boundary === null ? [] : [pp.boundary],
    session: pp.session,
    scp: pp.scps.flat(),
    resource: rp.resource === null ? [] : [rp.resource],
    rcp: rp.rcps.flat(),
  }
  return (byLayer[ref.layer] ?? []).filter((p) => p.name === ref.policy).map((p) => `${p.pointer}${ref.pointer}`)
}

/** JSON text of a value, or undefined when it is too deep for JSON.stringify (the harness's limit). */
export function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch {
    return undefined
  }
}

/** What one scenario input came to. */
export interface ScenarioOutcome {
  /** False when the input is an input error (never evaluated). */
  readonly parsed: boolean
  readonly decision?: Decision
  /** True when the input holds an error (the input is invalid, whether or not it could be evaluated). */
  readonly invalid: boolean
  /** Set when `allowed` rests on a bad part: must never happen. */
  readonly violation?: string
}

/** The text as a JSON value: by JSON.parse, else by iamtrace's own reader (which accepts, and reports, more). */
function tryJsonText(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown
  } catch {
    const read = parseJsonText(text, { maxLength: 16 * 1024 * 1024 })
    return read.ok ? read.value.value : undefined
  }
}

/**
 * Parses, compiles and evaluates a scenario (traced and untraced, which must agree) and checks the
 * fail-closed rule: `allowed` never rests on a request error or on an error inside a deciding
 * statement, unless the errors are list entries whose removal keeps the result allowed.
 */
export function runScenario(input: unknown, depth = 0, compareTrace = true): ScenarioOutcome {
  const parsed = parseScenario(input)
  if (!parsed.ok) return { parsed: false, invalid: true }
  const compiled = compileScenario(parsed.value)
  const result = compiled.evaluate()
  const errors = parsed.value.diagnostics.filter(isHarmful)
  const invalid = errors.length > 0 || result.errors.length > 0
  if (depth === 0 && compareTrace) {
    const traced = compiled.evaluate(undefined, { trace: true })
    if (traced.decision !== result.decision) return { parsed: true, decision: result.decision, invalid, violation: `trace on says ${traced.decision}, off says ${result.decision}` }
  }
  if (result.decision !== 'allowed') return { parsed: true, decision: result.decision, invalid }
  if (result.errors.length > 0) return { parsed: true, decision: result.decision, invalid, violation: `allowed with request errors ${result.errors.map((e) => e.code).join(',')}` }
  const bad = errorsInDeterminingStatements(result, errors, (ref) => scenarioStatementPointers(parsed.value, ref))
  if (bad.length === 0) return { parsed: true, decision: result.decision, invalid }
  const raw = typeof input === 'string' ? tryJsonText(input) : input
  const reduced = raw === undefined ? undefined : withoutItems(raw, bad.map((d) => d.pointer))
  if (reduced !== undefined && depth === 0 && runScenario(reduced, 1).decision === 'allowed') return { parsed: true, decision: result.decision, invalid }
  return { parsed: true, decision: result.decision, invalid, violation: `allowed through a deciding statement with ${bad.map((d) => `${d.code} at ${d.pointer}`).join(', ')}` }
}

/** The policy kind each layer's documents are parsed as. */
export const KIND: Readonly<Record<string, PolicyKind>> = { identity: 'identity', session: 'session', boundary: 'boundary', scp: 'scp', resource: 'trust', rcp: 'rcp' }

function parsedOk(doc: unknown, kind: PolicyKind): Policy {
  const r = parsePolicy(doc, { kind })
  if (!r.ok) throw new Error('fixture policy is invalid')
  return r.value
}

// Grants everything in its layer, so that the policy under test decides.
const ALLOW_ALL = parsedOk({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'identity')
const ALLOW_ALL_RESOURCE = parsedOk({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, 'resource')

/** The policy in its own layer, next to policies that grant everything in the other layers it needs. */
export function placed(layer: string, policy: Policy): PolicySet {
  switch (layer) {
    case 'identity':
      return { identity: [policy] }
    case 'session':
      return { identity: [ALLOW_ALL], session: [policy] }
    case 'boundary':
      return { identity: [ALLOW_ALL], boundary: policy }
    case 'scp':
      return { identity: [ALLOW_ALL], scps: [[policy]] }
    case 'rcp':
      return { rcps: [[policy]], resource: ALLOW_ALL_RESOURCE }
    default:
      return { resource: policy }
  }
}
