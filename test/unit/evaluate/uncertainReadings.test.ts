/**
 * Keys AWS sets but the request does not show, read by operators that take a policy value literally
 * (`StringEquals`: `*` and `?` are characters, and a role path may hold them) or with case folded
 * (`StringEqualsIgnoreCase`): a value of the key's form that such a condition matches must be among the
 * values tried, or a Deny is skipped. Each of these answered `allowed` when policy texts were read only
 * as case-sensitive patterns.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Path: any printable ASCII character)
 */
import { describe, expect, it } from 'vitest'
import { evaluate, parsePolicy } from '../../../src/index.js'
import type { PolicyKind } from '../../../src/index.js'

const A = '111122223333'
const SESSION = `arn:aws:sts::${A}:assumed-role/Importer/s1`
const USER = `arn:aws:iam::${A}:user/alice`

function policy(kind: PolicyKind, statements: object[]) {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}
const allowAll = () => policy('identity', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])
const denyWhen = (condition: object) => policy('identity', [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: condition }])
const get = (arn: string) => ({ principal: arn, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A })

describe('values tried under literal and case-folded readings', () => {
  const cases: readonly [string, string, object, string][] = [
    ['a user id written in lower case, compared ignoring case', USER, { StringEqualsIgnoreCase: { 'aws:userid': 'aida0abc' } }, 'aws:userid'],
    ['a session id with the session name in another case', SESSION, { StringEqualsIgnoreCase: { 'aws:userid': 'aroa0abc:S1' } }, 'aws:userid'],
    ['a role given as the caller, id compared ignoring case', `arn:aws:iam::${A}:role/Importer`, { StringEqualsIgnoreCase: { 'aws:userid': 'aroa0abc:S1' } }, 'aws:userid'],
    ['a role path holding `*`, compared literally', SESSION, { StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/a*b/Importer` } }, 'aws:PrincipalArn'],
    ['a role ARN with a path in upper case, compared ignoring case', SESSION, { StringEqualsIgnoreCase: { 'aws:PrincipalArn': `ARN:AWS:IAM::${A}:ROLE/X/IMPORTER` } }, 'aws:PrincipalArn'],
  ]
  for (const [name, caller, condition, key] of cases) {
    it(`applies a Deny that may match: ${name}`, () => {
      for (const trace of [false, true]) {
        const r = evaluate(get(caller), { identity: [allowAll(), denyWhen(condition)] }, { trace })
        expect(r.decision, `trace ${String(trace)}`).toBe('explicitDeny')
        expect(r.missingContextKeys).toEqual([key])
        expect(r.errors).toEqual([])
      }
    })
  }

  it('decides the Deny once the request gives the value', () => {
    const condition = { StringEqualsIgnoreCase: { 'aws:userid': 'aida0abc' } }
    const given = (id: string) => ({ ...get(USER), context: { 'aws:userid': id } })
    expect(evaluate(given('AIDA0ABC'), { identity: [allowAll(), denyWhen(condition)] }).decision).toBe('explicitDeny')
    expect(evaluate(given('AIDA0XYZ'), { identity: [allowAll(), denyWhen(condition)] }).decision).toBe('allowed')
  })

  it('does not grant through an Allow whose negated condition may fail', () => {
    // A bucket policy grants alice unless her id is aida0abc (ignoring case): it may be, so no grant.
    const bucket = policy('resource', [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringNotEqualsIgnoreCase: { 'aws:userid': 'aida0abc' } } }])
    const r = evaluate({ principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: '444455556666' }, { identity: [allowAll()], resource: bucket })
    expect(r.decision).toBe('implicitDeny')
    expect(r.missingContextKeys).toEqual(['aws:userid'])
  })

  it('still decides a condition no value of the form can meet', () => {
    // No user id (AIDA…) equals a role id, in any case.
    const r = evaluate(get(USER), { identity: [allowAll(), denyWhen({ StringEqualsIgnoreCase: { 'aws:userid': 'aroa0abc:s1' } })] })
    expect(r.decision).toBe('allowed')
    expect(r.missingContextKeys).toEqual([])
  })
})
