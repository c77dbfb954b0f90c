/**
 * Breadth verdicts come from evaluating the conditions with the engine against outsider contexts, not
 * from the text: each row is a condition block on one statement and whether an outsider gets in.
 */
import { describe, expect, it } from 'vitest'
import { DOCS } from '../../../src/lint/docs.js'
import { GH, github, run, trust } from './helpers.js'

const ORG = 'o-a1b2c3d4e5'
const SUB = 'token.actions.githubusercontent.com:sub'

interface Row {
  readonly name: string
  readonly condition: Record<string, unknown>
  readonly public: boolean
  readonly url: string
}

const AWS_STAR: readonly Row[] = [
  { name: 'StringEquals aws:PrincipalOrgID', condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } }, public: false, url: DOCS.GKEYS },
  { name: 'StringNotEquals aws:PrincipalOrgID', condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } }, public: true, url: DOCS.OPS },
  { name: 'StringEqualsIfExists aws:PrincipalOrgID', condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG } }, public: true, url: DOCS.OPS },
  { name: 'IfExists with a Null:false guard', condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG }, Null: { 'aws:PrincipalOrgID': 'false' } }, public: false, url: DOCS.OPS },
  { name: 'ForAllValues:StringEquals aws:PrincipalOrgID', condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': ORG } }, public: true, url: DOCS.SETOPS },
  { name: 'StringLike aws:PrincipalOrgID o-*', condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }, public: true, url: DOCS.GKEYS },
  { name: 'StringEquals aws:PrincipalOrgID o-* (literal star)', condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-*' } }, public: false, url: DOCS.OPS },
  { name: 'StringEquals aws:PrincipalAccount', condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } }, public: false, url: DOCS.GKEYS },
  { name: 'StringLike aws:PrincipalAccount 1111*', condition: { StringLike: { 'aws:PrincipalAccount': '1111*' } }, public: true, url: DOCS.GKEYS },
  { name: 'aws:PrincipalAccount = ${aws:ResourceAccount}', condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } }, public: false, url: DOCS.VARS },
  { name: 'ArnLike aws:PrincipalArn with the account pinned', condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } }, public: false, url: DOCS.GKEYS },
  { name: 'ArnLike aws:PrincipalArn with a wildcard account', condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deploy' } }, public: true, url: DOCS.GKEYS },
  { name: 'ArnNotEquals aws:PrincipalArn', condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/deploy' } }, public: true, url: DOCS.OPS },
  { name: 'only aws:SourceIp', condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, public: true, url: DOCS.GKEYS },
  { name: 'only MFA', condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, public: true, url: DOCS.MFA },
  { name: 'only principal tags', condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } }, public: true, url: DOCS.GKEYS },
  { name: 'only sts:ExternalId (not a secret)', condition: { StringEquals: { 'sts:ExternalId': 'c0ffee-2f9a-4d1e' } }, public: true, url: DOCS.THIRD },
  { name: 'StringLike aws:userid with a role id', condition: { StringLike: { 'aws:userid': 'AROAEXAMPLEID123456:*' } }, public: false, url: DOCS.GKEYS },
]

const statementOf = (condition: Record<string, unknown>): string => trust({ Principal: { AWS: '*' }, Condition: condition })
const isPublic = (doc: string): boolean => run({ doc }).some((f) => f.ruleId === 'trust-any-aws-principal-weak-condition' || f.ruleId === 'trust-any-aws-principal')

describe('{"AWS":"*"}: public only if some outsider context satisfies the conditions', () => {
  it.each(AWS_STAR)('$name → public: $public ($url)', (row) => {
    expect(isPublic(statementOf(row.condition))).toBe(row.public)
  })
  it('a Deny that binds the organization closes a public Allow (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)', () => {
    const doc = trust({ Principal: { AWS: '*' } }, { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } })
    expect(isPublic(doc)).toBe(false)
  })
  it('a Deny the caller can evade by choosing a tag does not close it (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)', () => {
    const doc = trust({ Principal: { AWS: '*' } }, { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/blocked': 'true' } } })
    expect(isPublic(doc)).toBe(true)
  })
})

const GITHUB: readonly Row[] = [
  { name: 'repo:example-org/app:ref:refs/heads/main', condition: { StringEquals: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }, public: false, url: DOCS.OIDCROLE },
  { name: 'StringLike repo:example-org/*', condition: { StringLike: { [SUB]: 'repo:example-org/*' } }, public: false, url: DOCS.OIDCROLE },
  { name: 'ForAllValues:StringLike repo:example-org/* (sub is always present)', condition: { 'ForAllValues:StringLike': { [SUB]: 'repo:example-org/*' } }, public: false, url: DOCS.SETOPS },
  { name: 'StringLike repo:*', condition: { StringLike: { [SUB]: 'repo:*' } }, public: true, url: DOCS.OIDCCTL },
  { name: 'StringLike *', condition: { StringLike: { [SUB]: '*' } }, public: true, url: DOCS.OIDCCTL },
  { name: 'StringLike repo:example-org* (owner prefix only)', condition: { StringLike: { [SUB]: 'repo:example-org*' } }, public: true, url: DOCS.OIDCROLE },
  { name: 'StringNotEquals sub', condition: { StringNotEquals: { [SUB]: 'repo:evil/evil:ref:refs/heads/main' } }, public: true, url: DOCS.OPS },
  { name: 'StringLikeIfExists sub (present for every token)', condition: { StringLikeIfExists: { [SUB]: 'repo:example-org/*' } }, public: false, url: DOCS.OPS },
  { name: 'repository_owner_id pinned, any sub', condition: { StringEquals: { 'token.actions.githubusercontent.com:repository_owner_id': '1234567' }, StringLike: { [SUB]: '*' } }, public: false, url: DOCS.STSKEYS },
  { name: 'repository pinned, any sub', condition: { StringEquals: { 'token.actions.githubusercontent.com:repository': 'example-org/app' }, StringLike: { [SUB]: '*' } }, public: false, url: DOCS.STSKEYS },
  { name: 'repository_owner (not an AWS condition key) pinned, any sub', condition: { StringEquals: { 'token.actions.githubusercontent.com:repository_owner': 'example-org' }, StringLike: { [SUB]: '*' } }, public: true, url: DOCS.STSKEYS },
  { name: 'customised sub environment:prod (no owner)', condition: { StringEquals: { [SUB]: 'environment:prod' } }, public: true, url: 'https://docs.github.com/en/actions/reference/security/oidc' },
]

describe('GitHub OIDC: any repository of any owner?', () => {
  it.each(GITHUB)('$name → outsider gets in: $public ($url)', (row) => {
    const ids = run({ doc: github(row.condition) }).map((f) => f.ruleId)
    expect(ids.includes('trust-github-sub-wildcard')).toBe(row.public)
    expect(ids).not.toContain('trust-github-no-sub')
  })
  it('no sub condition at all is trust-github-no-sub (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc_secure-by-default.html)', () => {
    expect(run({ doc: github({}) }).map((f) => f.ruleId)).toContain('trust-github-no-sub')
    expect(run({ doc: github({}) }).map((f) => f.ruleId)).not.toContain('trust-github-sub-wildcard')
    void GH
  })
})

const SERVICE: readonly Row[] = [
  { name: 'StringEquals aws:SourceAccount', condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } }, public: false, url: DOCS.CONFUSED },
  { name: 'ArnLike aws:SourceArn with the account', condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:states:us-east-1:111122223333:stateMachine:*' } }, public: false, url: DOCS.CONFUSED },
  { name: 'ArnLike aws:SourceArn with a wildcard account', condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:states:us-east-1:*:stateMachine:*' } }, public: true, url: DOCS.CONFUSED },
  { name: 'ArnLike aws:SourceArn S3 (no account field)', condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' } }, public: true, url: DOCS.CONFUSED },
  { name: 'StringEqualsIfExists aws:SourceAccount', condition: { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } }, public: true, url: DOCS.CONFUSED },
  { name: 'StringNotEquals aws:SourceAccount', condition: { StringNotEquals: { 'aws:SourceAccount': '999999999999' } }, public: true, url: DOCS.CONFUSED },
  { name: 'StringEquals aws:SourceOrgID', condition: { StringEquals: { 'aws:SourceOrgID': ORG } }, public: false, url: DOCS.CONFUSED },
]

describe('service principals: can a resource of another account drive the service?', () => {
  it.each(SERVICE)('$name → weak: $public ($url)', (row) => {
    const ids = run({ doc: trust({ Principal: { Service: 'states.amazonaws.com' }, Condition: row.condition }) }).map((f) => f.ruleId)
    expect(ids.includes('trust-service-weak-source')).toBe(row.public)
  })
})

describe('conditions relative to the role itself', () => {
  it.each([
    [{ StringEquals: { 'aws:PrincipalOrgID': '${aws:ResourceOrgID}' } }, false],
    [{ StringEqualsIfExists: { 'aws:PrincipalOrgID': '${aws:ResourceOrgID}' } }, true],
    [{ StringNotEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } }, true],
  ])('%j → public: %s (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid)', (condition, expected) => {
    expect(isPublic(statementOf(condition))).toBe(expected)
  })
})

describe('zone of trust for CI owners', () => {
  it('a sub pinned to an owner outside githubOrganizations is trust-public-assumable (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html)', () => {
    const config = { zone: { githubOrganizations: ['example-org'] } }
    const other = run({ doc: github({ StringLike: { [SUB]: 'repo:someone-else/app:*' } }), config }).map((f) => f.ruleId)
    expect(other).toContain('trust-public-assumable')
    const ours = run({ doc: github({ StringLike: { [SUB]: 'repo:example-org/app:*' } }), config }).map((f) => f.ruleId)
    expect(ours).not.toContain('trust-public-assumable')
  })
})
