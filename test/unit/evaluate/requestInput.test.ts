/**
 * What evaluation reads from a request a JavaScript caller passes: the typed shape and the scenario
 * file's shape read alike (context values as strings), anything malformed refused with a code and a
 * pointer, and compiled requests kept as compiled.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
import { describe, expect, it } from 'vitest'
import { compilePolicySet, compileRequest, evaluateCompiled } from '../../../src/index.js'
import { A, policy } from './stepCases.js'

const allowAll = policy('identity', { Effect: 'Allow', Action: '*', Resource: '*' })
const set = compilePolicySet({ identity: [allowAll] })
const base = { principal: `arn:aws:iam::${A}:user/alice`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }
const denyWhen = (key: string, value: string) => compilePolicySet({ identity: [allowAll, policy('identity', { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { [key]: value } } })] })

describe('requests a caller may pass', () => {
  it.each([
    ['an empty resource', { ...base, resource: '' }, 'request.invalid-resource', '/request/resource'],
    ['a resource account that is not a string', { ...base, resourceAccount: 5 }, 'request.invalid', '/request/resourceAccount'],
    ['a context that is an array', { ...base, context: ['x'] }, 'request.invalid-context', '/request/context'],
    ['an empty principal', { ...base, principal: '' }, 'request.invalid-principal', '/request/principal'],
    ['a principal ARN that names no caller', { ...base, principal: 'arn:aws:s3:::x' }, 'request.invalid-principal', '/request/principal'],
    ['a service principal that is not a string', { ...base, principal: { kind: 'service', service: 5 } }, 'request.invalid-principal', '/request/principal'],
    ['a provider that is not a string', { ...base, principal: { kind: 'federated', provider: 5 } }, 'request.invalid-principal', '/request/principal'],
    ['an AWS principal without an ARN string', { ...base, principal: { kind: 'aws', arn: 5 } }, 'request.invalid-principal', '/request/principal'],
    ['an unknown principal kind', { ...base, principal: { kind: 'x' } }, 'request.invalid-principal', '/request/principal'],
    ['an action that is not a string', { ...base, action: 5 }, 'request.invalid-action', '/request/action'],
    ['an action that is not service:action', { ...base, action: 'nope' }, 'request.invalid-action', '/request/action'],
    ['a compiled-looking object holding no request', { kind: 'compiledRequest', request: 5 }, 'request.invalid', '/request'],
  ])('refuses %s with a code and a pointer', (_name, request, code, pointer) => {
    for (const trace of [false, true]) {
      const r = evaluateCompiled(request as never, set, { trace })
      expect(r.decision).toBe('implicitDeny')
      expect(r.errors.map((e) => [e.code, e.pointer])).toEqual([[code, pointer]])
      expect(r.trace).toBeUndefined()
    }
  })

  it('reads every principal form of a typed request', () => {
    const anyone = compilePolicySet({ resource: policy('resource', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }) })
    for (const principal of [{ kind: 'anonymous' }, { kind: 'service', service: 'ec2.amazonaws.com' }, { kind: 'federated', provider: 'accounts.google.com' }, { kind: 'aws', arn: base.principal }]) {
      const r = evaluateCompiled({ ...base, principal } as never, anyone, { trace: true })
      expect(r.errors).toEqual([])
      expect(r.decision).toBe('allowed')
    }
  })

  it('reads context numbers as their text, and lists of them as lists of text', () => {
    expect(evaluateCompiled({ ...base, context: { 'aws:RequestTag/n': 5 } } as never, denyWhen('aws:RequestTag/n', '5')).decision).toBe('explicitDeny')
    expect(evaluateCompiled({ ...base, context: { 'aws:RequestTag/n': [5] } } as never, denyWhen('aws:RequestTag/n', '5')).decision).toBe('explicitDeny')
    expect(evaluateCompiled({ ...base, context: { 'aws:RequestTag/n': ['4', '5'] } }, denyWhen('aws:RequestTag/n', '5')).decision).toBe('explicitDeny')
    expect(evaluateCompiled({ ...base, context: { 'aws:RequestTag/n': '4' } }, denyWhen('aws:RequestTag/n', '5')).decision).toBe('allowed')
  })

  it('reads only the context object\'s own keys', () => {
    const context = Object.create({ 'aws:RequestTag/n': '5' }) as Record<string, string>
    context['aws:RequestTag/m'] = '1'
    const r = evaluateCompiled({ ...base, context }, denyWhen('aws:RequestTag/n', '5'), { trace: true })
    expect(r.decision).toBe('allowed')
    expect(Object.keys(r.trace?.request.context ?? {})).not.toContain('aws:RequestTag/n')
    expect(r.trace?.request.context['aws:RequestTag/m']).toEqual(['1'])
  })

  it('keeps a `__proto__` context key as a key of the traced context, never as its prototype', () => {
    const request = JSON.parse(`{"principal":"${base.principal}","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","context":{"__proto__":"x"}}`) as typeof base
    const r = evaluateCompiled(request, set, { trace: true })
    const context = r.trace?.request.context ?? {}
    expect(Object.getPrototypeOf(context)).toBeNull()
    expect(Object.hasOwn(context, '__proto__')).toBe(true)
    expect(context['__proto__']).toEqual(['x'])
    expect(r.trace?.request.context).toBe(context)
    expect(r.trace?.layers).toBe(r.trace?.layers)
    expect(Object.keys(r.trace?.request ?? {})).toEqual(['principal', 'action', 'resource', 'context'])
    expect([r.trace?.request.principal, r.trace?.request.action, r.trace?.request.resource]).toEqual([base.principal, 's3:GetObject', 'arn:aws:s3:::b/k'])
    const eager = evaluateCompiled(request, set, { trace: true, conditionOverride: () => undefined })
    expect(eager.trace?.request).toEqual(r.trace?.request)
    expect(eager.trace?.version).toBe(1)
  })

  it('reads a compiled-looking object as the request it holds', () => {
    expect(evaluateCompiled({ kind: 'compiledRequest', request: base } as never, set).decision).toBe('allowed')
    expect(evaluateCompiled({ kind: 'compiledRequest', request: { ...base, principal: '' } } as never, set).errors.map((e) => e.code)).toEqual(['request.invalid-principal'])
  })
})

describe('compileRequest', () => {
  it('keeps a copy of the request and evaluates like it', () => {
    const input = { ...base, context: { 'aws:RequestTag/n': ['5'] } }
    const compiled = compileRequest(input)
    input.context['aws:RequestTag/n'][0] = '4'
    expect(compiled.errors).toEqual([])
    expect(compiled.request).toEqual({ principal: { kind: 'aws', arn: base.principal }, action: 's3:GetObject', resource: base.resource, resourceAccount: A, context: { 'aws:RequestTag/n': ['5'] } })
    expect(evaluateCompiled(compiled, denyWhen('aws:RequestTag/n', '5')).decision).toBe('explicitDeny')
    expect(compileRequest(compiled)).toBe(compiled)
    const traced = evaluateCompiled(compiled, set, { trace: true })
    expect(traced.trace?.request.principal).toBe(base.principal)
  })

  it('leaves out what the request does not give', () => {
    const compiled = compileRequest({ principal: base.principal, action: 's3:GetObject', resource: '*' })
    expect(compiled.request).toStrictEqual({ principal: { kind: 'aws', arn: base.principal }, action: 's3:GetObject', resource: '*' })
    expect(evaluateCompiled(compiled, set).decision).toBe('allowed')
  })

  it('says why a value is not a request, and evaluating it says so again', () => {
    const notRequest = compileRequest(5 as never)
    expect(notRequest.request).toBeUndefined()
    expect(notRequest.errors.map((e) => e.code)).toEqual(['request.invalid'])
    const badAction = compileRequest({ ...base, action: 'nope' })
    expect(badAction.request?.action).toBe('nope')
    expect(badAction.errors.map((e) => e.code)).toEqual(['request.invalid-action'])
    for (const c of [notRequest, badAction]) {
      const r = evaluateCompiled(c, set)
      expect(r.decision).toBe('implicitDeny')
      expect(r.errors).toEqual(c.errors)
    }
  })

  it('names every problem of a request at once, the action\'s form included when another field is unreadable', () => {
    const codes = (r: unknown): string[][] => evaluateCompiled(r as never, set).errors.map((e) => [e.code, e.pointer])
    expect(codes({ principal: '', action: 'nope', resource: '' })).toEqual([
      ['request.invalid-principal', '/request/principal'],
      ['request.invalid-action', '/request/action'],
      ['request.invalid-resource', '/request/resource'],
    ])
    expect(codes({ principal: base.principal, action: 'nope', resource: '' })).toEqual([
      ['request.invalid-action', '/request/action'],
      ['request.invalid-resource', '/request/resource'],
    ])
    expect(compileRequest({ principal: '', action: 'nope', resource: '*' }).errors.map((e) => e.code)).toEqual(['request.invalid-principal', 'request.invalid-action'])
  })

  it('a compiled request evaluates against many sets; a copy of it is read as the request it holds', () => {
    const compiled = compileRequest(base)
    expect(evaluateCompiled(compiled, compilePolicySet({})).decision).toBe('implicitDeny')
    expect(evaluateCompiled(compiled, set).decision).toBe('allowed')
    expect(evaluateCompiled({ ...compiled }, set).decision).toBe('allowed')
    expect(evaluateCompiled({ kind: 'compiledRequest', request: { ...base, action: 'nope' } } as never, set).errors.map((e) => e.code)).toEqual(['request.invalid-action'])
  })
})
