/** Condition blocks: flattening and the split of every documented operator name. */
import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import type { ConditionNode } from '../../../src/policy/types.js'
import { doc, DOCS, trustStatement } from '../../helpers/policies.js'

const OPS = DOCS.OPS
const SETOPS = DOCS.SETOPS

function nodes(condition: unknown): readonly ConditionNode[] {
  const r = parsePolicy(doc(trustStatement({ Condition: condition })), { kind: 'trust' })
  return (r.ok ? r.value : r.recovered)?.statements[0]?.conditions ?? []
}

describe('operator names', () => {
  it.each([
    ['StringEquals', 'string', 'StringEquals', false, false, undefined, OPS],
    ['StringNotEquals', 'string', 'StringNotEquals', true, false, undefined, OPS],
    ['StringEqualsIgnoreCase', 'string', 'StringEqualsIgnoreCase', false, false, undefined, OPS],
    ['StringNotEqualsIgnoreCase', 'string', 'StringNotEqualsIgnoreCase', true, false, undefined, OPS],
    ['StringLike', 'string', 'StringLike', false, false, undefined, OPS],
    ['StringNotLike', 'string', 'StringNotLike', true, false, undefined, OPS],
    ['NumericEquals', 'numeric', 'NumericEquals', false, false, undefined, OPS],
    ['NumericNotEquals', 'numeric', 'NumericNotEquals', true, false, undefined, OPS],
    ['NumericLessThan', 'numeric', 'NumericLessThan', false, false, undefined, OPS],
    ['NumericLessThanEquals', 'numeric', 'NumericLessThanEquals', false, false, undefined, OPS],
    ['NumericGreaterThan', 'numeric', 'NumericGreaterThan', false, false, undefined, OPS],
    ['NumericGreaterThanEquals', 'numeric', 'NumericGreaterThanEquals', false, false, undefined, OPS],
    ['DateEquals', 'date', 'DateEquals', false, false, undefined, OPS],
    ['DateNotEquals', 'date', 'DateNotEquals', true, false, undefined, OPS],
    ['DateLessThan', 'date', 'DateLessThan', false, false, undefined, OPS],
    ['DateLessThanEquals', 'date', 'DateLessThanEquals', false, false, undefined, OPS],
    ['DateGreaterThan', 'date', 'DateGreaterThan', false, false, undefined, OPS],
    ['DateGreaterThanEquals', 'date', 'DateGreaterThanEquals', false, false, undefined, OPS],
    ['Bool', 'bool', 'Bool', false, false, undefined, OPS],
    ['BinaryEquals', 'binary', 'BinaryEquals', false, false, undefined, OPS],
    ['IpAddress', 'ip', 'IpAddress', false, false, undefined, OPS],
    ['NotIpAddress', 'ip', 'NotIpAddress', true, false, undefined, OPS],
    ['ArnEquals', 'arn', 'ArnEquals', false, false, undefined, OPS],
    ['ArnLike', 'arn', 'ArnLike', false, false, undefined, OPS],
    ['ArnNotEquals', 'arn', 'ArnNotEquals', true, false, undefined, OPS],
    ['ArnNotLike', 'arn', 'ArnNotLike', true, false, undefined, OPS],
    ['Null', 'null', 'Null', false, false, undefined, OPS],
    ['StringEqualsIfExists', 'string', 'StringEquals', false, true, undefined, OPS],
    ['StringNotLikeIfExists', 'string', 'StringNotLike', true, true, undefined, OPS],
    ['BoolIfExists', 'bool', 'Bool', false, true, undefined, OPS],
    ['ArnLikeIfExists', 'arn', 'ArnLike', false, true, undefined, OPS],
    ['NotIpAddressIfExists', 'ip', 'NotIpAddress', true, true, undefined, OPS],
    ['ForAllValues:StringEquals', 'string', 'StringEquals', false, false, 'ForAllValues', SETOPS],
    ['ForAnyValue:StringLike', 'string', 'StringLike', false, false, 'ForAnyValue', SETOPS],
    ['ForAllValues:StringNotLike', 'string', 'StringNotLike', true, false, 'ForAllValues', SETOPS],
    ['ForAnyValue:StringEqualsIgnoreCaseIfExists', 'string', 'StringEqualsIgnoreCase', false, true, 'ForAnyValue', SETOPS],
    ['ForAllValues:ArnLike', 'arn', 'ArnLike', false, false, 'ForAllValues', SETOPS],
  ] as const)('%s → %s %s negated=%s ifExists=%s qualifier=%s (%s)', (operator, family, baseOperator, negated, ifExists, qualifier, _url) => {
    const value = family === 'bool' || family === 'null' ? 'true' : family === 'ip' ? '203.0.113.0/24' : 'x'
    const [node] = nodes({ [operator]: { 'aws:SomeKey': value } })
    expect(node).toMatchObject({ operator, family, baseOperator, negated, ifExists })
    expect(node?.qualifier).toBe(qualifier)
  })

  it('keeps an unknown operator with family unknown and its written text (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)', () => {
    const [node] = nodes({ StringEqualsAny: { 'aws:SomeKey': 'x' } })
    expect(node).toMatchObject({ family: 'unknown', baseOperator: 'StringEqualsAny', negated: false, ifExists: false })
  })
})

describe('flattening', () => {
  it('gives one node per (operator, key), in document order, with values as strings (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html)', () => {
    const got = nodes({
      StringEquals: { 'sts:ExternalId': 'abc', 'aws:PrincipalTag/Team': ['red', 'blue'] },
      NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
      Bool: { 'aws:MultiFactorAuthPresent': true },
    })
    expect(got.map((n) => [n.operator, n.key, n.keyLower, n.values.map((v) => v.value), n.pointer])).toEqual([
      ['StringEquals', 'sts:ExternalId', 'sts:externalid', ['abc'], '/Statement/0/Condition/StringEquals/sts:ExternalId'],
      ['StringEquals', 'aws:PrincipalTag/Team', 'aws:principaltag/team', ['red', 'blue'], '/Statement/0/Condition/StringEquals/aws:PrincipalTag~1Team'],
      ['NumericLessThan', 'aws:MultiFactorAuthAge', 'aws:multifactorauthage', ['3600'], '/Statement/0/Condition/NumericLessThan/aws:MultiFactorAuthAge'],
      ['Bool', 'aws:MultiFactorAuthPresent', 'aws:multifactorauthpresent', ['true'], '/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent'],
    ])
  })

  it('keeps numbers as written in text (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', () => {
    const r = parsePolicy('{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":10.50}}}}', { kind: 'resource' })
    expect(r.ok && r.value.statements[0]?.conditions[0]?.values[0]?.value).toBe('10.50')
  })

  it.each([
    ['token.actions.githubusercontent.com:sub', DOCS.OIDCROLE],
    ['oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub', 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html'],
    ['accounts.google.com:aud', DOCS.OIDCROLE],
    ['cognito-identity.amazonaws.com:amr', DOCS.OIDCROLE],
    ['SAML:aud', DOCS.SAMLROLE],
    ['aws:RequestTag/CostCenter', DOCS.COND],
  ])('accepts the condition key %s (%s)', (key, _url) => {
    const r = parsePolicy(doc(trustStatement({ Condition: { StringEquals: { [key]: 'x' } } })), { kind: 'trust' })
    expect(r.ok).toBe(true)
  })

  it.each([
    ['${aws:username}', DOCS.VARS],
    ["${aws:PrincipalTag/team, 'company-wide'}", DOCS.VARS],
    ['prefix-${*}-${?}-${$}', DOCS.VARS],
    ['${aws:username}-${aws:userid}', DOCS.VARS],
  ])('accepts the variable text %s (%s)', (value, _url) => {
    const r = parsePolicy(doc(trustStatement({ Condition: { StringLike: { 'sts:RoleSessionName': value } } })), { kind: 'trust' })
    expect(r.diagnostics).toEqual([])
  })

  it('allows several values for ForAnyValue:Bool (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)', () => {
    const r = parsePolicy(doc(trustStatement({ Condition: { 'ForAnyValue:Bool': { 'aws:SomeBools': ['true', 'false'] } } })), { kind: 'trust' })
    expect(r.ok).toBe(true)
  })
})
