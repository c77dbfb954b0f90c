/**
 * Which checks an unresolved value leaves undecided: the checks that read its element, narrowed by the
 * rest of the statement (principal type, actions the statement may allow).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { describe, expect, it } from 'vitest'
import { checksPrevented } from '../../../src/lint/undecidedChecks.js'

const U = 'iamtrace-unresolved-value'

describe('checksPrevented', () => {
  it('a resource matters only to checks about actions the statement may allow', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::x-${U}/*` }, { Effect: 'Allow', Action: ['iam:PassRole'], Resource: U }] }
    const unknown = (p: string): boolean => p.endsWith('/Resource')
    expect(checksPrevented(doc, 'identity', '/Statement/0/Resource', unknown)).toEqual([])
    const passRole = checksPrevented(doc, 'identity', '/Statement/1/Resource', unknown)
    expect(passRole).toContain('id-passrole-wildcard')
    expect(passRole).toContain('id-privesc-lambda-create-invoke')
    expect(passRole).not.toContain('id-privesc-create-access-key')
    expect(passRole).not.toContain('id-admin-access')
  })

  it('a principal of one type: the checks of that type; a condition value: not the key-only checks', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: U }, Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': U } } }] }
    const all = (): boolean => false
    const federated = checksPrevented(doc, 'trust', '/Statement/0/Principal/Federated', all)
    expect(federated).toContain('trust-github-no-sub')
    expect(federated).not.toContain('trust-unknown-external-account')
    expect(federated).not.toContain('trust-service-no-source')
    const value = checksPrevented(doc, 'trust', '/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/0', all)
    expect(value).toContain('trust-github-sub-wildcard')
    expect(value).not.toContain('cond-forallvalues-single-valued')
    expect(value).not.toContain('trust-notprincipal')
  })

  it('switched-off checks are left out; a whole statement prevents every check of the kind', () => {
    const doc = { Version: '2012-10-17', Statement: [U] }
    const whole = checksPrevented(doc, 'trust', '/Statement/0', () => true, { rules: { 'trust-public-assumable': 'off' } })
    expect(whole).toContain('trust-any-aws-principal')
    expect(whole).not.toContain('trust-public-assumable')
    expect(whole).not.toContain('id-passrole-wildcard')
  })
})
