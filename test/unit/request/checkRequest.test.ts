/**
 * The checks every request passes before evaluation: a principal iamtrace can read and an action of
 * the form `service:Action`; a request that fails them is denied with the reason, never evaluated.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { describe, expect, it } from 'vitest'
import { compilePolicySet, evaluateCompiled, parsePolicy } from '../../../src/index.js'
import { checkRequest, isServiceAction } from '../../../src/request/checkRequest.js'

const A = '111122223333'
const ROLE = `arn:aws:iam::${A}:role/Target`
const allowAll = parsePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, { kind: 'identity' })
if (!allowAll.ok) throw new Error('policy')
const policies = compilePolicySet({ identity: [allowAll.value] })

describe('request checks', () => {
  it('an action is `service:Action`', () => {
    expect(isServiceAction('s3:getobject')).toBe(true)
    expect(isServiceAction('getobject')).toBe(false)
    expect(isServiceAction('s3:get:object')).toBe(false)
    expect(isServiceAction('s3:get object')).toBe(false)
  })

  it('reports the principal and the action at their pointers', () => {
    const { errors } = checkRequest({ principal: { kind: 'aws', arn: 'alice' }, action: 'GetObject', resource: '*' })
    expect(errors.map((e) => [e.code, e.pointer])).toEqual([
      ['request.invalid-principal', '/request/principal'],
      ['request.invalid-action', '/request/action'],
    ])
    expect(checkRequest({ principal: { kind: 'aws', arn: `arn:aws:iam::${A}:user/alice` }, action: 's3:GetObject', resource: '*' }).errors).toEqual([])
  })

  it('never quotes a huge action in full', () => {
    const { errors } = checkRequest({ principal: { kind: 'anonymous' }, action: 'x'.repeat(100_000), resource: '*' })
    expect(errors.map((e) => e.code)).toEqual(['request.invalid-action'])
    expect(errors[0]?.message.length).toBeLessThan(1000)
    expect(errors[0]?.message).toMatch(/\S/)
  })

  it('a request that fails them is denied, even under an Allow of everything', () => {
    for (const [request, code, pointer] of [
      [{ principal: `arn:aws:iam::${A}:user/alice`, action: 'GetObject', resource: '*' }, 'request.invalid-action', '/request/action'],
      [{ principal: { kind: 'service', service: '' }, action: 'sts:AssumeRole', resource: ROLE }, 'request.invalid-principal', '/request/principal'],
      [{ principal: { kind: 'federated', provider: `arn:aws:iam::${A}:user/alice` }, action: 'sts:AssumeRoleWithWebIdentity', resource: ROLE }, 'request.invalid-principal', '/request/principal'],
    ] as const) {
      const r = evaluateCompiled(request, policies)
      expect(r.decision).toBe('implicitDeny')
      expect(r.errors.map((e) => [e.code, e.pointer])).toEqual([[code, pointer]])
    }
    expect(evaluateCompiled({ principal: `arn:aws:iam::${A}:user/alice`, action: 's3:GetObject', resource: '*' }, policies).decision).toBe('allowed')
  })
})
