/**
 * CloudFormation templates read fully: parameter defaults, pseudo parameters, references to resources of
 * the same template, Fn::Sub in both forms, Join, Split, Select, FindInMap, both branches of Fn::If, and
 * one `iac-unresolved-value` note per value iamtrace cannot resolve, naming the checks it prevents.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-oidcprovider.html
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lintSources } from '../../../src/lint/lintSources.js'
import { readTemplates } from '../../../src/lint/sources/readTemplates.js'
import { describeWhen } from '../../../src/lint/sources/variants.js'
import { ZONE } from './helpers.js'

const DIR = 'test/fixtures/iac/cloudformation'
const source = (name: string): { path: string; text: string } => ({ path: `${DIR}/${name}`, text: readFileSync(`${DIR}/${name}`, 'utf8') })
const at = (r: ReturnType<typeof lintSources>): string[] => r.findings.map((f) => `${f.line}:${f.column} ${f.policyName} ${f.ruleId}`)

describe('short forms (YAML)', () => {
  const report = lintSources([source('intrinsics.yaml')], { config: ZONE })

  it('every finding and note at its line', () => {
    expect(report.errors).toEqual([])
    expect(at(report)).toEqual([
      '37:15 DeployRole trust-github-no-sub',
      '51:15 PartnerRole trust-cross-account-no-externalid',
      '51:15 PartnerRole trust-external-root-no-binding',
      '51:15 PartnerRole trust-unknown-external-account',
      '56:28 PartnerRole trust-any-aws-principal',
      '73:61 ChainRole iac-unresolved-value',
      '77:42 ChainRole iac-unresolved-value',
      '90:44 OtherIntrinsics iac-unresolved-value',
      '91:52 OtherIntrinsics iac-unresolved-value',
      '92:50 OtherIntrinsics iac-unresolved-value',
      '95:11 OtherIntrinsics/from-macro iac-unresolved-value',
    ])
  })

  it('`!Ref` to an OIDC provider of the template is its ARN, in the stack account', () => {
    expect(report.findings[0]?.message).toContain('`arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com`')
  })

  it('`!Sub` over a parameter Default (the account of a partner)', () => {
    expect(report.findings[3]?.message).toContain('`arn:aws:iam::444455556666:root`')
  })

  it('a public statement inside `!If` is reported with its condition and branch', () => {
    expect(report.findings[4]?.message).toMatch(/any AWS principal in any account can assume the role \(when condition `AllowPublic` is true\)$/)
  })

  it('`!FindInMap` keyed by the region resolves when every region holds the same value; `!Select`/`!Split` and `!GetAtt Role.Arn` resolve', () => {
    // No note for the audience (FindInMap), the SourceIdentity (Select of Split), the role ARN (GetAtt) or the CI role (Select of a list Default).
    expect(report.findings.filter((f) => f.ruleId === 'iac-unresolved-value').map((f) => f.message.split(' is unresolved')[0])).toEqual([
      '`Fn::ImportValue SharedAccount`',
      '`Ref OrgId`',
      '`Fn::Base64`',
      '`Fn::GetAZs`',
      '`Fn::Cidr`',
      'the document',
    ])
  })

  it('each note names the checks the value prevents (a principal: the principal checks; a condition value: the condition checks)', () => {
    const [imported, org] = report.findings.filter((f) => f.ruleId === 'iac-unresolved-value')
    expect(imported?.prevents).toEqual(expect.arrayContaining(['trust-any-aws-principal', 'trust-unknown-external-account', 'trust-public-assumable']))
    expect(imported?.prevents).not.toContain('trust-github-no-sub')
    expect(org?.prevents).toEqual(expect.arrayContaining(['trust-public-assumable', 'cond-wildcard-without-like']))
    expect(org?.prevents).not.toContain('trust-unknown-external-account')
    expect(report.findings.at(-1)?.prevents).toEqual(['*'])
  })
})

describe('long forms (JSON), SAM, resource policies and boundaries', () => {
  const report = lintSources([source('long-form.template.json')], { config: ZONE })

  it('every finding at its line', () => {
    expect(at(report)).toEqual([
      '4:3 Transform AWS::Serverless-2016-10-31 iac-unresolved-value',
      '25:30 SsoRole trust-saml-no-aud',
      '60:56 UploadsPolicy cond-ifexists-binding-key',
      '78:11 Handler/S3ReadPolicy iac-unresolved-value',
      '79:48 Handler/2 id-assumerole-wildcard',
    ])
  })

  it('`Fn::If` with `AWS::NoValue` removes the element in that branch', () => {
    expect(report.findings[1]?.message).toContain('`arn:aws:iam::${AWS::AccountId}:saml-provider/corp`')
    expect(report.findings[1]?.message).toMatch(/\(when condition `IsDev` is true\)$/)
  })

  it('the reader gives each policy its owner, kind and location', () => {
    const [read] = readTemplates([source('long-form.template.json')])
    expect(read?.format).toBe('cloudformation')
    const kinds = read?.policies.map((p) => `${p.owner.id} ${p.owner.type} ${p.kind}${p.when === undefined ? '' : ` ${JSON.stringify(p.when)}`}`)
    expect(kinds).toEqual([
      'SsoRole AWS::IAM::Role trust [{"IsDev":true}]',
      'SsoRole AWS::IAM::Role trust [{"IsDev":false}]',
      'Boundary AWS::IAM::ManagedPolicy boundary',
      'UploadsPolicy AWS::S3::BucketPolicy resource',
      'Handler AWS::Serverless::Function trust',
      'Handler AWS::Serverless::Function identity',
    ])
    expect(read?.policies[3]?.locate('/Statement/0/Resource')).toEqual({ file: `${DIR}/long-form.template.json`, line: 59, column: 15 })
    expect(read?.policies[3]?.document).toMatchObject({ Statement: [{ Resource: 'arn:aws:s3:::uploads-prod/*' }] })
    expect(read?.unread.map((u) => u.name)).toEqual(['Transform AWS::Serverless-2016-10-31', 'Handler/S3ReadPolicy'])
  })
})

describe('when a finding applies (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html)', () => {
  const a = (o: Record<string, boolean>): Map<string, boolean> => new Map(Object.entries(o))
  const all = [a({ A: true, B: true }), a({ A: true, B: false }), a({ A: false, B: true }), a({ A: false, B: false })]
  it('every assignment: no condition; conditions that make no difference are left out', () => {
    expect(describeWhen(all, all)).toBeUndefined()
    expect(describeWhen([all[0] as Map<string, boolean>, all[1] as Map<string, boolean>], all)).toBe('when condition `A` is true')
    expect(describeWhen([all[3] as Map<string, boolean>], all)).toBe('when condition `A` is false and condition `B` is false')
  })
})

describe('role settings (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html#cfn-iam-role-maxsessionduration)', () => {
  it('MaxSessionDuration from a parameter Default is checked; one without Default is a note', () => {
    const role = (id: string, value: string): string[] => [`  ${id}:`, '    Type: AWS::IAM::Role', '    Properties:', `      MaxSessionDuration: ${value}`, '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}']
    const text = ['Parameters:', '  Hours: {Type: Number, Default: 43200}', '  Other: {Type: Number}', 'Resources:', ...role('A', '!Ref Hours'), ...role('B', '!Ref Other')].join('\n')
    const r = lintSources([{ path: 't.yaml', text }])
    expect(r.findings.map((f) => `${f.line} ${f.policyName} ${f.ruleId} ${f.prevents?.join(',') ?? ''}`)).toEqual(['8 A role-max-session-duration ', '13 B iac-unresolved-value role-max-session-duration'])
  })
})

describe('hostile templates end quickly and never throw', () => {
  it('references that double a string at each step, and a chain of 3,000 references', () => {
    const res: Record<string, unknown> = {}
    for (let i = 0; i < 60; i++) res[`R${i}`] = { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [`R${i + 1}`, 'Arn'] }, { 'Fn::GetAtt': [`R${i + 1}`, 'Arn'] }]] } } }
    res['R60'] = { Type: 'AWS::IAM::Role', Properties: { RoleName: 'x' } }
    for (let i = 0; i < 3000; i++) res[`C${i}`] = { Type: 'AWS::IAM::Role', Properties: { RoleName: { Ref: `C${i + 1}` } } }
    res['T'] = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [{ 'Fn::GetAtt': ['R0', 'Arn'] }, { 'Fn::GetAtt': ['C0', 'Arn'] }] }, Action: 'sts:AssumeRole' }] } } }
    const r = lintSources([{ path: 't.json', text: JSON.stringify({ Resources: res }) }])
    expect(r.findings.map((f) => f.message.split(';')[0])).toEqual([
      '`a string built from references` is unresolved (it is longer than 1000000 characters)',
      '`Ref C201` is unresolved (the chain of references is deeper than 200)',
    ])
  })
})
