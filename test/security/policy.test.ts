/**
 * Hostile policy documents through parsePolicy → compile → evaluate: never a throw, never a hang,
 * never a prototype write, and never an allow that rests on a part AWS would have refused.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { compilePolicySet } from '../../src/evaluate/policySet.js'
import type { PolicySet } from '../../src/evaluate/policySet.js'
import { readPolicyInput } from '../../src/json/decodePolicyDocument.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import { isEvaluable } from '../../src/policy/evaluableErrors.js'
import type { Policy, PolicyKind } from '../../src/policy/types.js'
import { meterWork } from '../../src/work.js'
import { propertyParams, propertyRuns } from '../helpers/arbitraries.js'
import type { Request } from '../../src/request/types.js'
import { errorsInDeterminingStatements, KIND, placed, safeStringify, HOSTILE_STRINGS, isHarmful, mutateText, mutateValue, nest, PROTO_KEYS, protoObject, prototypeSnapshot, prototypesClean, rng, withoutItems } from './hostile.js'
import { policySeeds, REQUESTS, scenarioSeeds } from './seeds.js'

const GRAM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html'
const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html'
const QUOTAS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html'
const GETROLEPOLICY = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html'

const seeds = policySeeds(scenarioSeeds())

/** A seed document as a JSON value when it can be read as one (documents may be JSON or URL-encoded text). */
function asValue(doc: unknown): unknown {
  if (typeof doc !== 'string') return doc
  return tryJson(doc) ?? tryJson(safeDecode(doc)) ?? doc
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * Parses, compiles and evaluates; returns a violation message or undefined. An `allowed` result whose
 * deciding statement holds an error is a violation unless the errors are list entries whose removal
 * keeps the result (AWS ORs list entries, so such a grant never rested on them).
 */
function exercise(input: unknown, layer: string, request?: Request, depth = 0): string | undefined {
  const r = parsePolicy(input, { kind: KIND[layer] ?? 'identity' })
  expect(Array.isArray(r.diagnostics)).toBe(true)
  const policy = r.ok ? r.value : r.recovered
  if (policy === undefined) return undefined
  const errors = r.diagnostics.filter(isHarmful)
  // As scenario files do: a policy with an error that leaves no defined fail-closed reading is an
  // input error, never evaluated.
  if (errors.some((d) => !isEvaluable(d.code))) return undefined
  const compiled = compilePolicySet(placed(layer, policy))
  for (const req of request === undefined ? REQUESTS : [request]) {
    const result = evaluateCompiled(req, compiled, { trace: depth === 0 })
    if (request !== undefined && result.decision !== 'allowed') return 'no longer allowed'
    const bad = errorsInDeterminingStatements(result, errors, (ref) => [ref.pointer])
    if (bad.length === 0) continue
    const raw = typeof input === 'string' ? tryJson(input) : input
    const reduced = raw === undefined ? undefined : withoutItems(raw, bad.map((d) => d.pointer))
    if (reduced === undefined || depth > 0 || exercise(reduced, layer, req, depth + 1) !== undefined) {
      return `allowed through a statement with ${bad.map((d) => `${d.code} at ${d.pointer}`).join(', ')}`
    }
  }
  return undefined
}

/** The text as a JSON value: by JSON.parse, else by iamtrace's own policy reader (which accepts, and reports, more). */
function tryJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown
  } catch {
    // As parsePolicy reads it: URL-encoded text is decoded, recoverable problems are reported, not fatal.
    return readPolicyInput(text, {}).document?.value
  }
}

describe('hostile policy documents', () => {
  it(`malformed JSON text gives json.* diagnostics, never a throw (${GRAM})`, () => {
    const texts = ['', ' ', '{', '}', '[]', 'null', 'true', '"x"', '{"Statement":', '{"Statement":[}', "{'Statement': []}", '{"a":1,}', '{"a" 1}', '\uFEFF{"Statement":[]}', '{"Statement":[]}garbage', '%7B%22Version', '%ZZ', '{"\u0000":1}', '{"a":"\ud800"}', '1e999', '{"a":1e999}', `{"a":"${'\\u0000'.repeat(10)}"}`]
    for (const text of texts) {
      const r = parsePolicy(text, { kind: 'identity' })
      expect(r.ok, text).toBe(false)
      expect(r.diagnostics.length, text).toBeGreaterThan(0)
    }
  })

  it(`mutated seed policies (wrong types at every position, proto keys, nesting, truncation) never throw nor allow through a bad part (${GRAM})`, () => {
    const before = prototypeSnapshot()
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.integer(), fc.nat({ max: 3 }), (index, seed, rounds) => {
        const r = rng(seed)
        const { layer, doc } = seeds[index] as (typeof seeds)[number]
        let value: unknown = asValue(doc)
        for (let i = 0; i <= rounds; i++) value = mutateValue(value, r)
        expect(exercise(value, layer), safeStringify(value)?.slice(0, 3000)).toBeUndefined()
        const text = safeStringify(value)
        if (text !== undefined) expect(exercise(mutateText(text, r), layer)).toBeUndefined()
        expect(prototypesClean(before)).toBe(true)
      }),
      // IAMTRACE_REPLAY='{"seed":…,"path":"…"}' replays one failure fast-check reported.
      process.env['IAMTRACE_REPLAY'] !== undefined ? { ...(JSON.parse(process.env['IAMTRACE_REPLAY']) as object), numRuns: 1 } : propertyParams(300),
    )
  }, Math.max(60_000, propertyRuns(300) * 100))

  it(`10,000-level nesting of arrays and objects, as text and as objects, is json.too-deep (${GRAM})`, () => {
    for (const arrays of [true, false]) {
      const value = { Version: '2012-10-17', Statement: nest(10_000, arrays) }
      const fromObject = parsePolicy(value, { kind: 'identity' })
      expect(!fromObject.ok && fromObject.errors.map((e) => e.code)).toContain('json.too-deep')
      const text = arrays ? `{"Statement":${'['.repeat(10_000)}${']'.repeat(10_000)}}` : `{"Statement":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`
      const fromText = parsePolicy(text, { kind: 'identity' })
      expect(!fromText.ok && fromText.errors.map((e) => e.code)).toContain('json.too-deep')
    }
  })

  it(`huge arrays (100,000 actions, 20,000 statements) parse, compile and evaluate, visiting each statement at most once per request (${QUOTAS})`, () => {
    const actions = Array.from({ length: 100_000 }, (_, i) => `s3:Get${i}`)
    const one = meterWork(() => exercise({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }, 'identity'))
    expect(one.value).toBeUndefined()
    expect(one.work.statements).toBeLessThanOrEqual(REQUESTS.length)
    const statements = Array.from({ length: 20_000 }, (_, i) => ({ Effect: i % 2 === 0 ? 'Allow' : 'Deny', Action: `s3:Put${i}`, Resource: '*' }))
    const many = meterWork(() => exercise({ Version: '2012-10-17', Statement: statements }, 'identity'))
    expect(many.value).toBeUndefined()
    expect(many.work.statements).toBeLessThanOrEqual(REQUESTS.length * statements.length)
  })

  it(`1 MB strings at every string position never throw and never allow through them (${QUOTAS})`, () => {
    const huge = `${'a'.repeat(1_000_000)}*`
    const base = { Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringLike: { 'aws:userid': '*' } } }] }
    const paths: ((d: typeof base) => void)[] = [
      (d) => void (d.Version = huge),
      (d) => void ((d.Statement[0] as Record<string, unknown>)['Sid'] = huge),
      (d) => void ((d.Statement[0] as Record<string, unknown>)['Action'] = huge),
      (d) => void ((d.Statement[0] as Record<string, unknown>)['Resource'] = huge),
      (d) => void ((d.Statement[0] as Record<string, unknown>)['Condition'] = { StringLike: { 'aws:userid': huge } }),
      (d) => void ((d.Statement[0] as Record<string, unknown>)['Condition'] = { StringLike: { [huge]: 'x' } }),
      (d) => void ((d.Statement[0] as Record<string, unknown>)['Condition'] = { [huge]: { 'aws:userid': 'x' } }),
    ]
    for (const set of paths) {
      const d = structuredClone(base)
      set(d)
      const text = JSON.stringify(d)
      const { value, work } = meterWork(() => [exercise(d, 'identity'), exercise(text, 'identity')])
      expect(value).toEqual([undefined, undefined])
      // Work linear in the input: the text read once, each matcher walking the 1 MB value a bounded number of times per request.
      expect(work.jsonChars).toBeLessThanOrEqual(text.length)
      expect(work.matcherSteps).toBeLessThanOrEqual(8 * REQUESTS.length * huge.length)
    }
  })

  it(`__proto__, constructor and prototype keys anywhere never reach Object.prototype (${GRAM})`, () => {
    const before = prototypeSnapshot()
    for (const key of PROTO_KEYS) {
      const payload = protoObject(key, { polluted: 1, toString: 'x' })
      const docs: unknown[] = [
        { ...payload, Version: '2012-10-17', Statement: [] },
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', ...protoObject(key, { polluted: 1 }) }] },
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: protoObject(key, protoObject(key, 'x')) }] },
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: protoObject(key, { polluted: 1 }) } }] },
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: protoObject(key, 'x'), Action: 'sts:AssumeRole' }] },
      ]
      for (const doc of docs) {
        const text = JSON.stringify(doc)
        expect(text).toContain(key)
        for (const input of [doc, text, JSON.parse(text) as unknown]) {
          expect(exercise(input, 'identity')).toBeUndefined()
          expect(exercise(input, 'resource')).toBeUndefined()
        }
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(prototypesClean(before)).toBe(true)
  })

  it(`control characters, a UTF-8 BOM, lone surrogates and invalid URL encoding end in diagnostics (${GETROLEPOLICY})`, () => {
    const ok = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })
    for (const text of [`\uFEFF${ok}`, ok.replace('GetObject', 'Get\u0000Object'), ok.replace('GetObject', 'Get\u001bObject'), ok.replace('GetObject', 'Get\ud800Object'), encodeURIComponent(ok).replace('%22', '%ZZ'), `${encodeURIComponent(ok)}%`, encodeURIComponent(ok).slice(0, 40)]) {
      expect(exercise(text, 'identity'), text.slice(0, 60)).toBeUndefined()
    }
  })
})

describe('unreadable condition values and unknown operators fail closed', () => {
  // Each row: operator, key, an unreadable value. An Allow with it never grants; a Deny with it applies.
  const rows: [string, string, string][] = [
    ['IpAddress', 'aws:SourceIp', '999.1.1.1'],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/33'],
    ['NotIpAddress', 'aws:SourceIp', '::g/64'],
    ['DateLessThan', 'aws:CurrentTime', '2024-13-45T99:99:99Z'],
    ['DateGreaterThan', 'aws:CurrentTime', 'tomorrow'],
    ['NumericLessThan', 's3:max-keys', '1e309'],
    ['NumericEquals', 's3:max-keys', 'ten'],
    ['BinaryEquals', 'aws:Bin', '!!!not base64'],
    ['Bool', 'aws:SecureTransport', 'maybe'],
    ['StringEqualz', 'aws:username', 'alice'],
    ['stringequals', 'aws:username', 'alice'],
    ['ForAnyValue:Foo', 'aws:TagKeys', 'x'],
    ['StringLike', 'aws:username', '${aws:username'],
  ]
  const request = { principal: { kind: 'aws' as const, arn: 'arn:aws:iam::111122223333:user/alice' }, action: 's3:GetObject', resource: '*', context: { 'aws:SourceIp': '10.1.2.3', 'aws:CurrentTime': '2025-01-01T00:00:00Z', 's3:max-keys': '5', 'aws:Bin': 'YQ==', 'aws:SecureTransport': 'true', 'aws:TagKeys': ['x'] } }
  for (const [operator, key, value] of rows) {
    it(`${operator} with ${JSON.stringify(value)} (${OPS})`, () => {
      const decide = (effect: 'Allow' | 'Deny'): string => {
        const statements = [{ Effect: effect, Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { [key]: value } } }]
        if (effect === 'Deny') statements.unshift({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: {} as never })
        const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }
        const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'identity' })
        expect(parsed.diagnostics.every((d) => d.severity !== 'error' || isEvaluable(d.code))).toBe(true)
        const policy = parsed.ok ? parsed.value : parsed.recovered
        if (policy === undefined) throw new Error('policy not recovered')
        const extra = parsePolicy(allowAll, { kind: 'identity' })
        if (!extra.ok) throw new Error('base policy invalid')
        return evaluateCompiled(request, compilePolicySet({ identity: effect === 'Deny' ? [policy, extra.value] : [policy] })).decision
      }
      expect(decide('Allow')).not.toBe('allowed')
      expect(decide('Deny')).toBe('explicitDeny')
    })
  }

  it(`every hostile string as a condition value, key or operator never throws (${OPS})`, () => {
    const before = prototypeSnapshot()
    for (const s of HOSTILE_STRINGS) {
      for (const op of ['StringLike', 'ArnLike', 'IpAddress', 'DateEquals', 'NumericEquals', 'BinaryEquals', 'Bool', 'Null', 'ForAllValues:StringEquals', s]) {
        exercise({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { [op]: { 'aws:username': s, [s || 'x']: 'v' } } }] }, 'identity')
      }
    }
    expect(prototypesClean(before)).toBe(true)
  })
})
