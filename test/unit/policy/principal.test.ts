/** Principal forms: every documented value form and what the parser classifies it as. */
import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import type { PrincipalEntry } from '../../../src/policy/types.js'
import { doc, DOCS, trustStatement } from '../../helpers/policies.js'

const entry = (principal: unknown, kind: 'trust' | 'resource' = 'trust'): PrincipalEntry | undefined => {
  const statement = kind === 'trust' ? trustStatement({ Principal: principal }) : { Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: '*' }
  const r = parsePolicy(doc(statement), { kind })
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return r.ok ? r.value.statements[0]?.principal?.entries[0] : undefined
}

describe('principal forms', () => {
  it.each([
    ['AWS', '*', 'wildcard', undefined, DOCS.PRIN],
    ['AWS', '111122223333', 'account', '111122223333', DOCS.PRIN],
    ['AWS', 'arn:aws:iam::111122223333:root', 'root', '111122223333', DOCS.PRIN],
    ['AWS', 'arn:aws-cn:iam::111122223333:root', 'root', '111122223333', DOCS.IDS],
    ['AWS', 'arn:aws:iam::111122223333:user/Alice', 'user', '111122223333', DOCS.PRIN],
    ['AWS', 'arn:aws:iam::111122223333:user/division/Bob', 'user', '111122223333', DOCS.PRIN],
    ['AWS', 'arn:aws:iam::111122223333:role/Deploy', 'role', '111122223333', DOCS.PRIN],
    ['AWS', 'arn:aws-us-gov:iam::111122223333:role/service-role/Deploy', 'role', '111122223333', DOCS.IDS],
    ['AWS', 'arn:aws:sts::111122223333:assumed-role/Deploy/ci-run-1', 'assumedRole', '111122223333', DOCS.PRIN],
    ['AWS', 'arn:aws:sts::111122223333:federated-user/Carol', 'federatedUser', '111122223333', DOCS.PRIN],
    ['AWS', 'AIDACKCEVSQ6C2EXAMPLE', 'uniqueId', undefined, DOCS.IDS],
    ['AWS', 'AROADBQP57FF2AEXAMPLE', 'uniqueId', undefined, DOCS.IDS],
    ['Service', 'ec2.amazonaws.com', 'service', undefined, DOCS.PRIN],
    ['Service', 's3.ap-east-1.amazonaws.com', 'service', undefined, DOCS.PRIN],
    ['Service', 'pods.eks.amazonaws.com', 'service', undefined, 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html'],
    ['Service', 'ec2.amazonaws.com.cn', 'service', undefined, DOCS.PRIN],
    ['Federated', 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', 'oidcProvider', '111122223333', DOCS.OIDCROLE],
    ['Federated', 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', 'oidcProvider', '111122223333', 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html'],
    ['Federated', 'arn:aws:iam::111122223333:saml-provider/ExampleOrgSSO', 'samlProvider', '111122223333', DOCS.SAMLROLE],
    ['Federated', 'cognito-identity.amazonaws.com', 'builtinIdp', undefined, DOCS.OIDCROLE],
    ['Federated', 'accounts.google.com', 'builtinIdp', undefined, DOCS.OIDCROLE],
    ['Federated', 'graph.facebook.com', 'builtinIdp', undefined, DOCS.OIDCROLE],
    ['Federated', 'www.amazon.com', 'builtinIdp', undefined, DOCS.OIDCROLE],
  ])('%s %s → %s (%s)', (type, value, form, account, _url) => {
    const e = entry({ [type]: value })
    expect(e).toMatchObject({ type, value, form })
    expect(e?.account).toBe(account)
  })

  it('classifies CanonicalUser in a resource policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)', () => {
    const id = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'
    expect(entry({ CanonicalUser: id }, 'resource')).toMatchObject({ type: 'CanonicalUser', form: 'canonicalUser' })
  })

  it('reads several types and values in order (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)', () => {
    const r = parsePolicy(doc(trustStatement({ Principal: { AWS: ['111122223333', 'arn:aws:iam::444455556666:role/R'], Service: 'lambda.amazonaws.com' } })), { kind: 'trust' })
    expect(r.ok && r.value.statements[0]?.principal?.entries.map((e) => [e.type, e.form, e.pointer])).toEqual([
      ['AWS', 'account', '/Statement/0/Principal/AWS/0'],
      ['AWS', 'role', '/Statement/0/Principal/AWS/1'],
      ['Service', 'service', '/Statement/0/Principal/Service'],
    ])
  })

  it('reads an unquoted account id as its 12 digits (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', () => {
    const r = parsePolicy('{"Statement":{"Effect":"Allow","Principal":{"AWS":111122223333},"Action":"sts:AssumeRole"}}', { kind: 'trust' })
    expect(r.ok && r.value.statements[0]?.principal?.entries[0]).toMatchObject({ value: '111122223333', form: 'account' })
  })

  it('accepts {"AWS": "*"} in a trust policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)', () => {
    expect(entry({ AWS: '*' })?.form).toBe('wildcard')
  })

  it('marks invalid values as form invalid in the recovered policy', () => {
    const r = parsePolicy(doc(trustStatement({ Principal: { AWS: 'arn:aws:iam::*:root' } })), { kind: 'trust' })
    expect(r.recovered?.statements[0]?.principal?.entries[0]?.form).toBe('invalid')
  })
})
