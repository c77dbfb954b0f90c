/**
 * The library takes what a JavaScript caller passes: the typed request, the scenario file's request,
 * and an error value with a code for anything else.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { describe, expect, it } from 'vitest'
import { compilePolicySet, compileRequest, compileScenario, evaluate, evaluateCompiled, parsePolicy, parseScenario, readRequest } from '../../../src/index.js'
import type { CompiledRequest } from '../../../src/index.js'

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
