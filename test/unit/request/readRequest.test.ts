/**
 * The library takes what a JavaScript caller passes: the typed request, the scenario file's request,
 * and an error value with a code for anything else.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { describe, expect, it } from 'vitest'
import { compilePolicySet, compileRequest, compileScenario, evaluate, evaluateCompiled, parsePolicy, parseScenario, readRequest } from '../../../src/index.js'
import type { CompiledRequest, Request, RequestPrincipal } from '../../../src/index.js'

const A = '111122223333'
const ROLE = `arn:aws:iam::${A}:role/Target`
const trust = parsePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice`, Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } }, { kind: 'trust' })
if (!trust.ok) throw new Error('trust')
const policies = compilePolicySet({ resource: trust.value })

describe('readRequest', () => {
  it('accepts the scenario file shape and the typed shape alike', () => {
    const typed = { principal: { kind: 'aws' as const, arn: `arn:aws:iam::${A}:user/alice` }, action: 'sts:AssumeRole', resource: ROLE }
    const forms = [
      typed,
      { principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: ROLE },
      { principal: { aws: `arn:aws:iam::${A}:user/alice` }, action: 'sts:AssumeRole', resource: ROLE },
    ]
    for (const form of forms) expect(evaluateCompiled(form, policies).decision).toBe('allowed')
    expect(evaluateCompiled({ principal: { service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole', resource: ROLE }, policies).decision).toBe('allowed')
    expect(readRequest(typed)).toEqual({ ok: true, value: typed })
  })

  it('reads numbers and booleans in the context as their text, as the scenario format says', () => {
    const r = readRequest({ principal: 'arn:aws:iam::111122223333:user/a', action: 's3:GetObject', resource: '*', context: { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 30, 'aws:TagKeys': ['a', 1] } })
    expect(r.ok && r.value.context).toEqual({ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30', 'aws:TagKeys': ['a', '1'] })
  })

  it('returns an error value with a code for anything else, and evaluation denies it', () => {
    const cases: [unknown, string][] = [
      [{}, 'request.invalid-principal'],
      [42, 'request.invalid'],
      [null, 'request.invalid'],
      ['arn:aws:iam::111122223333:user/alice', 'request.invalid'],
      [{ principal: `arn:aws:iam::${A}:user/alice`, resource: ROLE }, 'request.invalid-action'],
      [{ principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole' }, 'request.invalid-resource'],
      [{ principal: { kind: 'aws' }, action: 'sts:AssumeRole', resource: ROLE }, 'request.invalid-principal'],
      [{ principal: { aws: 'x', service: 'y' }, action: 'sts:AssumeRole', resource: ROLE }, 'request.invalid-principal'],
      [{ principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: ROLE, context: { k: { nested: 1 } } }, 'request.invalid-context'],
      [{ principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: ROLE, context: ['x'] }, 'request.invalid-context'],
    ]
    for (const [input, code] of cases) {
      const r = readRequest(input)
      expect(r.ok, JSON.stringify(input)).toBe(false)
      if (!r.ok) expect(r.errors.map((e) => e.code)).toContain(code)
      const e = evaluateCompiled(input as never, policies)
      expect(e.decision).toBe('implicitDeny')
      expect(e.errors.map((d) => d.code)).toContain(code)
    }
  })

  it('never reads inherited properties, and keeps `__proto__` a context key', () => {
    const inherited = Object.create({ principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: ROLE }) as unknown
    expect(readRequest(inherited).ok).toBe(false)
    const context = JSON.parse('{"__proto__": 7, "aws:userid": "AIDA"}') as Record<string, unknown>
    const r = readRequest({ principal: `arn:aws:iam::${A}:user/alice`, action: 's3:GetObject', resource: '*', context })
    expect(r.ok && Object.keys(r.value.context ?? {})).toEqual(['__proto__', 'aws:userid'])
    expect(({} as Record<string, unknown>)['aws:userid']).toBeUndefined()
  })
})

describe('compiled requests', () => {
  it('cannot be forged by a plain object: its prepared facts are never trusted', () => {
    // A plain object claiming to be a compiled request of the root user, for a user's request.
    const forged = {
      kind: 'compiledRequest',
      request: { principal: { kind: 'aws', arn: `arn:aws:iam::${A}:user/mallory` }, action: 'sts:AssumeRole', resource: ROLE },
      errors: [],
      prepared: { caller: { kind: 'root', account: A, signed: true }, actionLower: 'sts:assumerole' },
    } as unknown as CompiledRequest
    expect(evaluateCompiled(forged, policies).decision).toBe('implicitDeny')
    const genuine = compileRequest({ principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: ROLE })
    expect(evaluateCompiled(genuine, policies).decision).toBe('allowed')
    // A copy of a genuine one is a plain object: read again from its request.
    expect(evaluateCompiled({ ...genuine }, policies).decision).toBe('allowed')
  })

  it('keeps a copy: changing the original request later changes nothing', () => {
    const input = { principal: { kind: 'aws' as const, arn: `arn:aws:iam::${A}:user/alice` }, action: 'sts:AssumeRole', resource: ROLE, context: { 'aws:TagKeys': ['a'] } }
    const compiled = compileRequest(input)
    ;(input.principal as { arn: string }).arn = `arn:aws:iam::${A}:user/mallory`
    input.context['aws:TagKeys'].push('b')
    expect(evaluateCompiled(compiled, policies).decision).toBe('allowed')
    expect(compiled.request?.context).toEqual({ 'aws:TagKeys': ['a'] })
  })

  it('compileScenario(...).evaluate takes the file shape, and anything else as an error value', () => {
    const parsed = parseScenario({ request: { principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: ROLE }, resourcePolicies: { resource: trust.value && { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' } } } })
    if (!parsed.ok) throw new Error('scenario')
    const compiled = compileScenario(parsed.value)
    expect(compiled.evaluate({ principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: ROLE }).decision).toBe('allowed')
    for (const bad of [{}, 7, 'x', [], { principal: 5 }]) {
      const r = compiled.evaluate(bad as never)
      expect(r.decision).toBe('implicitDeny')
      expect(r.errors.length).toBeGreaterThan(0)
    }
  })

  it('evaluate refuses policies that are not a policy set instead of throwing', () => {
    const request = { principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: ROLE }
    for (const bad of [null, 5, { identity: 5 }, { resource: 'x' }, { scps: [5] }]) {
      const r = evaluate(request, bad as never)
      expect(r.decision).toBe('implicitDeny')
      expect(r.errors.map((e) => e.code)).toContain('evaluate.invalid-policies')
    }
  })
})

const ALICE = `arn:aws:iam::${A}:user/alice`

/** The errors of a request iamtrace cannot read, as code and pointer; each message one readable line. */
function problems(input: unknown): [string, string][] {
  const r = readRequest(input)
  expect(r.ok).toBe(false)
  if (r.ok) return []
  for (const e of r.errors) {
    // Message style (docs: one line, no final period, lowercase start); never an empty reason, and
    // never the whole of a huge input.
    expect(typeof e.message).toBe('string')
    expect(e.message).not.toBe('')
    expect(e.message.trim()).toBe(e.message)
    expect(e.message).not.toMatch(/\n|\.$|^[A-Z]/)
    expect(e.message.length).toBeLessThan(500)
  }
  return r.errors.map((e) => [e.code, e.pointer])
}

function value(input: unknown): Request {
  const r = readRequest(input)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}

describe('readRequest: what it refuses, and where', () => {
  it('points at the field at fault', () => {
    expect(problems(7)).toEqual([['request.invalid', '/request']])
    expect(problems({ principal: '', action: 's3:GetObject', resource: '*' })).toEqual([['request.invalid-principal', '/request/principal']])
    expect(problems({ principal: ALICE, action: 5, resource: '*' })).toEqual([['request.invalid-action', '/request/action']])
    expect(problems({ principal: ALICE, action: 's3:GetObject', resource: '' })).toEqual([['request.invalid-resource', '/request/resource']])
    expect(problems({ principal: ALICE, action: 's3:GetObject', resource: '*', resourceAccount: 111122223333 })).toEqual([['request.invalid', '/request/resourceAccount']])
    expect(problems({ principal: ALICE, action: 's3:GetObject', resource: '*', context: 'aws:SourceIp' })).toEqual([['request.invalid-context', '/request/context']])
    expect(problems({ principal: 5, action: null, resource: [], context: 1 })).toEqual([
      ['request.invalid-principal', '/request/principal'],
      ['request.invalid-action', '/request/action'],
      ['request.invalid-resource', '/request/resource'],
      ['request.invalid-context', '/request/context'],
    ])
  })

  it('points at the context key at fault, escaped as a JSON pointer token (RFC 6901)', () => {
    expect(problems({ principal: ALICE, action: 's3:GetObject', resource: '*', context: { ok: 'x', 'a/b~c': { v: 1 } } })).toEqual([['request.invalid-context', '/request/context/a~1b~0c']])
    expect(problems({ principal: ALICE, action: 's3:GetObject', resource: '*', context: { undefined: null } })).toEqual([['request.invalid-context', '/request/context/undefined']])
    expect(problems({ principal: ALICE, action: 's3:GetObject', resource: '*', context: { 'aws:TagKeys': ['a', { b: 1 }] } })).toEqual([['request.invalid-context', '/request/context/aws:TagKeys']])
  })

  it('says what it found instead: one message per kind of value', () => {
    const found = [5, true, null, [], {}, undefined].map((action) => {
      const r = readRequest({ principal: ALICE, action, resource: '*' })
      return r.ok ? '' : (r.errors[0]?.message ?? '')
    })
    expect(new Set(found).size).toBe(found.length)
  })

  it('refuses principals of no known shape', () => {
    const bad: unknown[] = [
      { aws: '' }, { aws: 5 }, { service: 5 }, { federated: 5 }, { anonymous: false }, { anonymous: 'true' }, { group: ALICE }, {},
      { kind: 'aws', arn: 5 }, { kind: 'service', service: 5 }, { kind: 'service' }, { kind: 'federated', provider: 5 }, { kind: 'federated' }, { kind: 'group' }, { kind: 'group', aws: ALICE },
    ]
    for (const principal of bad) expect(problems({ principal, action: 's3:GetObject', resource: '*' }), JSON.stringify(principal)).toEqual([['request.invalid-principal', '/request/principal']])
  })

  it('turns an exception while reading (a throwing getter) into an error value', () => {
    const hostile = { get principal(): never { throw new TypeError('boom') }, action: 's3:GetObject', resource: '*' }
    expect(problems(hostile)).toEqual([['internal.error', '/request']])
  })
})

describe('readRequest: what it accepts', () => {
  it('each of the scenario file principal forms, as the typed principal', () => {
    const forms: [unknown, RequestPrincipal][] = [
      [ALICE, { kind: 'aws', arn: ALICE }],
      [{ aws: ALICE }, { kind: 'aws', arn: ALICE }],
      [{ service: 'ec2.amazonaws.com' }, { kind: 'service', service: 'ec2.amazonaws.com' }],
      [{ federated: 'accounts.google.com' }, { kind: 'federated', provider: 'accounts.google.com' }],
      [{ anonymous: true }, { kind: 'anonymous' }],
    ]
    for (const [principal, typed] of forms) expect(value({ principal, action: 's3:GetObject', resource: '*' }).principal).toStrictEqual(typed)
  })

  it('a typed principal as it is', () => {
    for (const principal of [{ kind: 'federated', provider: 'accounts.google.com' }, { kind: 'service', service: 'ec2.amazonaws.com' }, { kind: 'anonymous' }, { kind: 'aws', arn: ALICE }]) {
      expect(value({ principal, action: 's3:GetObject', resource: '*' }).principal).toBe(principal)
    }
  })

  it('a typed request already in shape as it is, with no copy', () => {
    const input = { principal: { kind: 'aws' as const, arn: ALICE }, action: 's3:GetObject', resource: '*', context: { 'aws:SourceIp': '203.0.113.10', 'aws:TagKeys': ['a', 'b'] } }
    expect(value(input)).toBe(input)
  })

  it('a context with numbers or booleans as a copy with their text, every key kept in order', () => {
    const principal = { kind: 'aws' as const, arn: ALICE }
    const input = { principal, action: 's3:GetObject', resource: '*', context: { 'aws:SourceIp': '203.0.113.10', 'aws:MultiFactorAuthAge': 30, 'aws:TagKeys': ['a', true], 's3:prefix': 'home/' } }
    const read = value(input)
    expect(read).not.toBe(input)
    expect(read.principal).toBe(principal)
    expect(Object.keys(read.context ?? {})).toEqual(['aws:SourceIp', 'aws:MultiFactorAuthAge', 'aws:TagKeys', 's3:prefix'])
    expect({ ...read.context }).toEqual({ 'aws:SourceIp': '203.0.113.10', 'aws:MultiFactorAuthAge': '30', 'aws:TagKeys': ['a', 'true'], 's3:prefix': 'home/' })
    expect(input.context['aws:MultiFactorAuthAge']).toBe(30)
  })

  it('no context (null or absent) and no resourceAccount as no such field; context keys without a value skipped', () => {
    expect(Object.keys(value({ principal: ALICE, action: 's3:GetObject', resource: '*' }))).toEqual(['principal', 'action', 'resource'])
    expect(Object.keys(value({ principal: ALICE, action: 's3:GetObject', resource: '*', context: null }))).toEqual(['principal', 'action', 'resource'])
    const withAccount = value({ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A })
    expect(withAccount).toStrictEqual({ principal: { kind: 'aws', arn: ALICE }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A })
    expect(value({ principal: ALICE, action: 's3:GetObject', resource: '*', context: { 'aws:SourceIp': undefined, 'aws:TagKeys': ['a'] } }).context).toEqual({ 'aws:TagKeys': ['a'] })
  })

  it('own fields of an object with another prototype (a class instance), and nothing it inherits', () => {
    class Principal {
      readonly kind = 'service'
      readonly service = 'ec2.amazonaws.com'
    }
    class Req {
      readonly principal = new Principal()
      readonly action = 's3:GetObject'
      readonly resource = 'arn:aws:s3:::b/k'
      readonly resourceAccount = A
      readonly context = { 'aws:SourceIp': '203.0.113.10' }
    }
    expect({ ...value(new Req()) }).toEqual({ principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A, context: { 'aws:SourceIp': '203.0.113.10' } })
    for (const kind of ['aws', 'federated']) {
      const inherits = Object.assign(Object.create({ arn: ALICE, provider: 'accounts.google.com' }) as object, { kind })
      expect(problems({ principal: inherits, action: 's3:GetObject', resource: '*' })).toEqual([['request.invalid-principal', '/request/principal']])
    }
    // Read from such an object, each field is checked as from any other.
    const instance = (fields: object): object => Object.assign(Object.create({ x: 1 }) as object, fields)
    const base = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }
    expect({ ...value(instance({ ...base, resourceAccount: A, context: { 'aws:SourceIp': '203.0.113.10' } })) }).toEqual({ principal: { kind: 'aws', arn: ALICE }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A, context: { 'aws:SourceIp': '203.0.113.10' } })
    expect(problems(instance({ ...base, resourceAccount: 5 }))).toEqual([['request.invalid', '/request/resourceAccount']])
    expect(problems(instance({ ...base, context: 'aws:SourceIp' }))).toEqual([['request.invalid-context', '/request/context']])
    expect(problems({ ...base, principal: instance({ kind: 'federated', provider: 5 }) })).toEqual([['request.invalid-principal', '/request/principal']])
    expect(problems({ ...base, principal: instance({ kind: 'service', service: 5 }) })).toEqual([['request.invalid-principal', '/request/principal']])
    for (const typed of [instance({ kind: 'aws', arn: ALICE }), instance({ kind: 'service', service: 'ec2.amazonaws.com' }), instance({ kind: 'federated', provider: 'accounts.google.com' })]) {
      expect(value({ principal: typed, action: 's3:GetObject', resource: '*' }).principal).toBe(typed)
    }
    const nullProto = Object.assign(Object.create(null) as object, { principal: ALICE, action: 's3:GetObject', resource: '*' })
    expect(value(nullProto).principal).toEqual({ kind: 'aws', arn: ALICE })
  })
})

describe('readRequest never reads a field from a polluted Object.prototype', () => {
  /** Runs `body` while Object.prototype has `field` (as a prototype-pollution attack leaves it). */
  function polluted(field: string, v: unknown, body: () => void): void {
    Object.defineProperty(Object.prototype, field, { value: v, configurable: true, writable: true, enumerable: false })
    try {
      body()
    } finally {
      delete (Object.prototype as Record<string, unknown>)[field]
    }
  }
  const complete = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }

  it('request fields', () => {
    const missing = (field: 'principal' | 'action' | 'resource'): Record<string, unknown> => Object.fromEntries(Object.entries(complete).filter(([k]) => k !== field))
    polluted('principal', ALICE, () => {
      expect(problems(missing('principal'))).toEqual([['request.invalid-principal', '/request/principal']])
      expect(evaluateCompiled(missing('principal') as never, policies).errors.map((e) => e.code)).toEqual(['request.invalid-principal'])
    })
    polluted('action', 'sts:AssumeRole', () => expect(problems(missing('action'))).toEqual([['request.invalid-action', '/request/action']]))
    polluted('resource', ROLE, () => expect(problems(missing('resource'))).toEqual([['request.invalid-resource', '/request/resource']]))
    polluted('resourceAccount', '999999999999', () => expect(Object.keys(value(complete))).toEqual(['principal', 'action', 'resource']))
    polluted('context', { 'aws:SourceIp': '203.0.113.10' }, () => expect(Object.keys(value(complete))).toEqual(['principal', 'action', 'resource']))
  })

  it('principal fields', () => {
    polluted('kind', 'anonymous', () => expect(value({ ...complete, principal: { aws: ALICE } }).principal).toEqual({ kind: 'aws', arn: ALICE }))
    const bad = (principal: unknown): void => expect(problems({ ...complete, principal })).toEqual([['request.invalid-principal', '/request/principal']])
    polluted('arn', ALICE, () => bad({ kind: 'aws' }))
    polluted('service', 'ec2.amazonaws.com', () => bad({ kind: 'service' }))
    polluted('provider', 'accounts.google.com', () => bad({ kind: 'federated' }))
  })
})
