/**
 * Inputs: policy files, snapshots, CloudFormation (JSON and YAML, intrinsics as unknown values), Terraform
 * plans (unknown values from after_unknown). Every finding is located in the original file.
 * CloudFormation intrinsics: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 * Terraform plan JSON: https://developer.hashicorp.com/terraform/internals/json-format
 * GetAccountAuthorizationDetails: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { kindFromFileName, lintSources } from '../../../src/lint/lintSources.js'
import { detectKind, lintPolicy } from '../../../src/lint/lintPolicy.js'
import { newJsonObject } from '../../../src/json/jsonValue.js'
import { ZONE } from './helpers.js'

const at = (r: ReturnType<typeof lintSources>): string[] => r.findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)
const fixture = (path: string): { path: string; text: string } => ({ path, text: readFileSync(path, 'utf8') })

describe('policy files', () => {
  it('kind from the file name, then from the content (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)', () => {
    expect(kindFromFileName('infra/deploy.trust.json')).toBe('trust')
    expect(kindFromFileName('trust-policy-ci.json')).toBe('trust')
    expect(kindFromFileName('infra/ci-admin.identity.json')).toBe('identity')
    expect(kindFromFileName('infra/guardrails.scp.json')).toBe('scp')
    expect(kindFromFileName('infra/policy.json')).toBeUndefined()
    expect(kindFromFileName('infra/identity-pool-role.json')).toBeUndefined()
    const doc = (statement: object): ReturnType<typeof newJsonObject> => JSON.parse(JSON.stringify({ Statement: [statement] })) as ReturnType<typeof newJsonObject>
    expect(detectKind(doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }))).toBe('trust')
    expect(detectKind(doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }))).toBe('resource')
    expect(detectKind(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))).toBe('identity')
  })

  it('lintPolicy gives line and column in the policy text', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": {"AWS": "*"},\n    "Action": "sts:AssumeRole"\n  }]\n}'
    expect(lintPolicy(text).map((f) => [f.ruleId, f.position?.line, f.position?.column])).toEqual([['trust-any-aws-principal', 5, 19]])
  })

  it('accepts URL-encoded documents (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html)', () => {
    const encoded = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }))
    expect(lintPolicy(encoded, { kind: 'trust' }).map((f) => f.ruleId)).toEqual(['trust-any-aws-principal'])
  })
})

describe('account snapshots', () => {
  it('lints every role trust policy and inline policy; URL-encoded documents point at their string', () => {
    const report = lintSources([fixture('test/fixtures/lint/inputs/account-snapshot.json')], { config: ZONE })
    expect(at(report)).toEqual(['11:35 trust-public-assumable', '20:17 id-assumerole-wildcard', '37:7 trust-version', '42:15 trust-service-no-source'])
    expect(report.findings[0]?.policyName).toBe('shared-readers')
    expect(report.policies).toBe(3)
  })
})

describe('CloudFormation', () => {
  it('JSON templates: roles, inline and managed policies, pseudo parameters of the own account', () => {
    const report = lintSources([fixture('test/fixtures/lint/inputs/identity-pool.template.json')])
    // `{"AWS": "*"}` with `aws:PrincipalAccount` = a parameter without Default: whether outsiders get in is not decided.
    expect(at(report)).toEqual(['18:17 trust-cognito-no-aud', '46:21 iac-unresolved-value', '64:17 trust-saml-no-aud', '85:15 id-update-trust-wildcard'])
    expect(report.findings[1]?.prevents).toContain('trust-public-assumable')
    // `Fn::Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:saml-provider/...` is shown as written.
    expect(report.findings[2]?.message).toContain('arn:aws:iam::${AWS::AccountId}:saml-provider/corp-idp')
  })

  it('YAML short-form intrinsics are unknown values: never guessed, never a crash', () => {
    const text = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { AWS: "*" }',
      '            Action: sts:AssumeRole',
      '            Condition:',
      '              StringLike:',
      '                aws:PrincipalOrgID: !Join ["", [!Ref OrgPrefix, "*"]]',
      '          - Effect: Allow',
      '            Principal: { AWS: !GetAtt Partner.Arn }',
      '            Action: sts:AssumeRole',
      '          - Effect: Allow',
      '            Principal: { Service: !Sub "${ServiceName}.amazonaws.com" }',
      '            Action: !If [UseTags, [sts:AssumeRole, sts:TagSession], sts:AssumeRole]',
    ].join('\n')
    const report = lintSources([{ path: 'template.yaml', text }])
    expect(report.errors).toEqual([])
    // One note per unresolved value, at the intrinsic; both branches of `!If` are read (no note for them).
    expect(at(report)).toEqual(['13:54 iac-unresolved-value', '15:39 iac-unresolved-value', '18:40 iac-unresolved-value'])
    expect(report.findings[0]?.pointer).toBe('/Resources/Role/Properties/AssumeRolePolicyDocument/Statement/0/Condition/StringLike/aws:PrincipalOrgID/Fn::Join/1/0/Ref')
    expect(report.findings.map((f) => f.message.split(' is unresolved')[0])).toEqual(['`Ref OrgPrefix`', '`Fn::GetAtt Partner.Arn`', '`${ServiceName}`'])
  })

  it('an Equals condition on an unknown value is not reported public; the note says which checks it leaves open', () => {
    const text = 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: "*" }\n            Action: sts:AssumeRole\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: !Ref OrgId\n'
    const findings = lintSources([{ path: 't.yaml', text }]).findings
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(['13:42 iac-unresolved-value'])
    expect(findings[0]?.prevents).toEqual(expect.arrayContaining(['trust-public-assumable', 'trust-any-aws-principal-weak-condition']))
  })

  it('YAML numbers keep their written text (account ids with a leading zero)', () => {
    const text = 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: 012345678901 }\n            Action: sts:AssumeRole\n'
    const report = lintSources([{ path: 't.yaml', text }], { config: ZONE })
    expect(report.findings.filter((f) => f.ruleId === 'trust-unknown-external-account').map((f) => f.message)).toEqual([
      'principal `012345678901` is in account `012345678901`, outside your zone of trust',
    ])
  })

  it('resource Metadata `iamtrace.ignore` suppresses in source (kind inSource)', () => {
    const text = [
      'Resources:',
      '  Public:',
      '    Type: AWS::IAM::Role',
      '    Metadata:',
      '      iamtrace:',
      '        ignore:',
      '          - id: trust-any-aws-principal',
      '            reason: sandbox account, deleted nightly',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - { Effect: Allow, Principal: { AWS: "*" }, Action: sts:AssumeRole }',
    ].join('\n')
    const [only] = lintSources([{ path: 't.yaml', text }]).findings
    expect(only?.ruleId).toBe('trust-any-aws-principal')
    expect(only?.suppressed).toEqual({ kind: 'inSource', by: 'source', justification: 'sandbox account, deleted nightly' })
  })

  it('a flow-style YAML template that is not JSON is read as YAML', () => {
    const text = '{Resources: {R: {Type: "AWS::IAM::Role", Properties: {AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: "sts:AssumeRole"}]}}}}}'
    expect(at(lintSources([{ path: 'flow.yaml', text }]))).toEqual(['1:145 trust-any-aws-principal'])
  })

  it('`__proto__` keys in a template stay data', () => {
    const text = '{"Resources": {"__proto__": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}}}}}'
    const report = lintSources([{ path: 'proto.template.json', text }])
    expect(at(report)).toEqual(['1:173 trust-any-aws-principal'])
    expect(({} as Record<string, unknown>)['Type']).toBeUndefined()
  })
})

describe('Terraform plans', () => {
  it('values known after apply are reported as unresolved, rendered documents are linted inside their string', () => {
    const report = lintSources([fixture('test/fixtures/lint/mixed/plan.json')])
    expect(at(report)).toEqual(['15:116 trust-eks-irsa-sub-unscoped', '15:116 trust-oidc-no-aud', '49:204 trust-github-no-sub', '68:41 iac-unresolved-value'])
    expect(report.findings.map((f) => f.policyName)).toEqual(['aws_iam_role.cluster_reader', 'aws_iam_role.cluster_reader', 'module.ci.data.aws_iam_policy_document.assume', 'aws_iam_role.app'])
  })
})

describe('bad inputs', () => {
  it('each bad file is an error for that file only (https://www.rfc-editor.org/rfc/rfc8259)', () => {
    const report = lintSources([
      { path: 'a.json', text: '{"Statement": [' },
      { path: 'b.yaml', text: 'a: [1, 2\nb: 3' },
      { path: 'c.json', text: '[1, 2, 3]' },
      { path: 'd.trust.json', text: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' } }) },
    ])
    expect(report.errors.map((e) => [e.file, e.code, e.position?.line])).toEqual([
      ['a.json', 'json.syntax', 1],
      ['b.yaml', 'input.invalid-yaml', 2],
      ['c.json', 'input.not-a-policy', 1],
    ])
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['d.trust.json trust-any-aws-principal'])
  })
})

describe('the stack account', () => {
  it('`!Sub arn:aws:iam::${AWS::AccountId}:root` is the own account (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html)', () => {
    const text = 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }\n            Action: sts:AssumeRole\n'
    const report = lintSources([{ path: 't.yaml', text }])
    expect(report.findings.map((f) => [f.ruleId, f.message])).toEqual([['trust-own-account-root', 'account `arn:aws:iam::${AWS::AccountId}:root` is yours: its identity policies decide who may assume the role']])
  })
  it('CI owners alone in the zone do not make AWS conditions "outside the zone"', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }] })
    expect(lintSources([{ path: 'x.trust.json', text }], { config: { zone: { githubOrganizations: ['example-org'] } } }).findings).toEqual([])
  })
})

describe('more input shapes', () => {
  it('managed policies: only the default version is linted (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html)', () => {
    const passAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }
    const text = JSON.stringify({
      Policies: [{ PolicyName: 'ci', Arn: 'arn:aws:iam::111122223333:policy/ci', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: false, Document: passAll }, { VersionId: 'v2', IsDefaultVersion: true, Document: { ...passAll, Statement: [{ ...passAll.Statement[0], Resource: 'arn:aws:iam::111122223333:role/app' }] } }] }],
      UserDetailList: [{ UserName: 'bob', UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: encodeURIComponent(JSON.stringify(passAll)) }] }],
    }, null, 2)
    const report = lintSources([{ path: 'gaad.json', text }])
    expect(report.findings.map((f) => `${f.policyName} ${f.ruleId}`)).toEqual(['bob/inline id-passrole-wildcard'])
    expect(report.policies).toBe(2)
  })

  it('`aws iam get-role` output (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html)', () => {
    const text = JSON.stringify({ Role: { RoleName: 'open', Arn: 'arn:aws:iam::111122223333:role/open', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] } } }, null, 2)
    expect(lintSources([{ path: 'role.json', text }]).findings.map((f) => `${f.line}:${f.column} ${f.policyName} ${f.ruleId}`)).toEqual(['11:13 open trust-any-aws-principal'])
  })

  it('YAML with CRLF line ends and a quoted JSON string policy', () => {
    const text = [
      'Resources:',
      '  R:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      AssumeRolePolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}'`,
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument: |',
      '            {',
      '              "Version": "2012-10-17",',
      '              "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]',
      '            }',
    ].join('\r\n')
    expect(at(lintSources([{ path: 'crlf.yaml', text }]))).toEqual(['5:108 trust-any-aws-principal', '11:49 id-assumerole-wildcard'])
  })
})

describe('role settings', () => {
  const cfn = 'Resources:\n  Long:\n    Type: AWS::IAM::Role\n    Properties:\n      MaxSessionDuration: 43200\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - { Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }\n'
  it('MaxSessionDuration above the limit (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html)', () => {
    expect(at(lintSources([{ path: 't.yaml', text: cfn }]))).toEqual(['5:7 role-max-session-duration'])
    expect(lintSources([{ path: 't.yaml', text: cfn }], { config: { maxSessionDurationSeconds: 43200 } }).findings).toEqual([])
    expect(lintSources([{ path: 't.yaml', text: cfn }], { config: { rules: { 'role-max-session-duration': 'off' } } }).findings).toEqual([])
  })
  it('Terraform max_session_duration and get-role MaxSessionDuration (https://developer.hashicorp.com/terraform/internals/json-format)', () => {
    const plan = JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_iam_role.x', type: 'aws_iam_role', values: { max_session_duration: 7200 } }] } } }, null, 2)
    expect(lintSources([{ path: 'plan.json', text: plan }]).findings.map((f) => `${f.line} ${f.policyName} ${f.ruleId}`)).toEqual(['10 aws_iam_role.x role-max-session-duration'])
    const role = JSON.stringify({ Role: { RoleName: 'r', MaxSessionDuration: 3600, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } } })
    expect(lintSources([{ path: 'role.json', text: role }]).findings.map((f) => f.ruleId)).not.toContain('role-max-session-duration')
  })
})

describe('what a snapshot owner cannot change is not linted', () => {
  it('service-linked role trust policies and AWS managed policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html)', () => {
    const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
    const text = JSON.stringify({
      RoleDetailList: [{ Path: '/aws-service-role/elasticloadbalancing.amazonaws.com/', RoleName: 'AWSServiceRoleForElasticLoadBalancing', Arn: 'arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'elasticloadbalancing.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, RolePolicyList: [] }],
      Policies: [{ PolicyName: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: admin }] }],
    })
    const report = lintSources([{ path: 'gaad.json', text }])
    expect(report.findings).toEqual([])
    expect(report.policies).toBe(0)
  })
})

describe('Terraform policy documents read at apply time', () => {
  const plan = (afterUnknown: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
    JSON.stringify(
      {
        format_version: '1.2',
        planned_values: {
          root_module: {
            resources: [
              {
                address: 'data.aws_iam_policy_document.trust',
                mode: 'data',
                type: 'aws_iam_policy_document',
                values: {
                  statement: [
                    {
                      effect: 'Allow',
                      actions: ['sts:AssumeRoleWithWebIdentity'],
                      principals: [{ type: 'Federated', identifiers: ['arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'] }],
                      condition: [{ test: 'StringLike', variable: 'token.actions.githubusercontent.com:sub', values: ['repo:*'] }],
                    },
                  ],
                  ...extra,
                },
              },
            ],
          },
        },
        resource_changes: [{ address: 'data.aws_iam_policy_document.trust', change: { actions: ['read'], after_unknown: { json: true, ...afterUnknown } } }],
      },
      null,
      2,
    )
  it('rebuilds the policy from known statement blocks and points at the blocks (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document)', () => {
    const report = lintSources([{ path: 'plan.json', text: plan({}) }])
    const wildcard = report.findings.find((f) => f.ruleId === 'trust-github-sub-wildcard')
    expect(wildcard?.pointer).toBe('/planned_values/root_module/resources/0/values/statement/0/principals/0/identifiers/0')
    expect(wildcard?.line).toBe(21)
  })
  it('stays unresolved when a block holds unknown values or documents are merged', () => {
    expect(lintSources([{ path: 'plan.json', text: plan({ statement: [{ condition: [{ values: true }] }] }) }]).findings.map((f) => f.ruleId)).toEqual(['iac-unresolved-value'])
    expect(lintSources([{ path: 'plan.json', text: plan({}, { source_policy_documents: ['{}'] }) }]).findings.map((f) => f.ruleId)).toEqual(['iac-unresolved-value'])
  })
})
