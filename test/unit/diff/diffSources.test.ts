/**
 * `diff` over every input kind: trust and identity policy files, CloudFormation templates, Terraform
 * modules and plans, snapshots (an SCP change, a new chain); roles matched by key; bad input (kinds that
 * differ, unreadable files, unresolved values) never reported as "no change".
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { requestOf } from '../../../src/diff/changes.js'
import { diffSources } from '../../../src/diff/diffSources.js'
import type { VersionSource } from '../../../src/diff/inputs.js'
import type { DiffChange } from '../../../src/diff/types.js'
import { evaluate } from '../../../src/index.js'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import type { Policy } from '../../../src/policy/types.js'

const PRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html'
const SCP = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html'
const CHAIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html#iam-term-role-chaining'
const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html'
const TF = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role'
const IDENTITY = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html'

const src = (path: string, key: string, text: string): VersionSource => ({ path, key, text })
const json = (v: unknown): string => JSON.stringify(v, null, 2)
const kinds = (changes: readonly DiffChange[]): [string, string, unknown][] => changes.map((c) => [c.kind, c.role, c.principal])

const trust = (...statements: unknown[]) => json({ Version: '2012-10-17', Statement: statements })
const acct = (a: string, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'sts:AssumeRole', ...extra })

describe(`trust policy files (${PRIN})`, () => {
  it('matches files by path inside the version and locates the gain on the AFTER line', () => {
    const before = [src('b/deploy.trust.json', 'deploy.trust.json', trust(acct('111122223333', { Condition: { StringEquals: { 'sts:ExternalId': 'x1' } } })))]
    const after = [src('a/deploy.trust.json', 'deploy.trust.json', trust(acct('111122223333')))]
    const { report, errors } = diffSources(before, after)
    expect(errors).toEqual([])
    expect(kinds(report.changes)).toEqual([['gained', 'deploy.trust.json', { account: '111122223333' }]])
    expect(report.changes[0]?.location).toMatchObject({ file: 'a/deploy.trust.json', line: 4, pointer: '/Statement/0' })
    expect(report.complete).toBe(true)
  })

  it('a role added or removed is reported with its assumers', () => {
    const one = [src('b/x.trust.json', 'x.trust.json', trust(acct('111122223333')))]
    const two = [...one, src('a/y.trust.json', 'y.trust.json', trust(acct('444455556666')))]
    const added = diffSources(one, two).report.changes
    expect(added.map((c) => [c.kind, c.role, c.roleChange])).toEqual([['gained', 'y.trust.json', 'added']])
    const removed = diffSources(two, one).report.changes
    expect(removed.map((c) => [c.kind, c.role, c.roleChange])).toEqual([['lost', 'y.trust.json', 'removed']])
  })
})

describe(`identity policy files (${IDENTITY})`, () => {
  it('a widened action is gained for the region it adds, with a witness the evaluator allows', () => {
    const doc = (action: string) => json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::logs/*' }] })
    const { report } = diffSources([src('b/ci.identity.json', 'ci.identity.json', doc('s3:GetObject'))], [src('a/ci.identity.json', 'ci.identity.json', doc('s3:Get*'))])
    const gained = report.changes.filter((c) => c.kind === 'gained')
    expect(gained.length).toBe(1)
    expect(gained[0]?.action).toMatch(/^s3:get/i)
    expect(gained[0]?.action?.toLowerCase()).not.toBe('s3:getobject')
    expect(gained[0]?.scope).toContain('s3:Get*')
    expect(report.changes.some((c) => c.kind === 'lost')).toBe(false)
  })
})

const template = (statements: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Partner:
    Type: String
  Other:
    Type: String
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
${statements}
`
const ghStatement = (sub: string) => `          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
              StringLike:
                token.actions.githubusercontent.com:sub: "${sub}"`

describe(`CloudFormation templates (${CFN})`, () => {
  it('roles are matched by logical id; a widened GitHub sub is gained on the AFTER line', () => {
    const { report } = diffSources([src('b.yaml', 'stack.yaml', template(ghStatement('repo:acme/app:*')))], [src('a.yaml', 'stack.yaml', template(ghStatement('repo:acme/*')))])
    expect(kinds(report.changes)).toEqual([['gained', 'DeployRole', { federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }]])
    expect(report.changes[0]?.location).toMatchObject({ file: 'a.yaml', line: 15 })
    expect(report.changes[0]?.witness?.request.resource).toBe('arn:aws:iam::000011112222:role/deploy')
  })

  it('an unresolved value that changes is uncertain; the same unresolved value in both is no change', () => {
    const partner = (ref: string) => `          - Effect: Allow
            Principal:
              AWS: !Ref ${ref}
            Action: sts:AssumeRole`
    const same = diffSources([src('b.yaml', 't.yaml', template(partner('Partner')))], [src('a.yaml', 't.yaml', template(partner('Partner')))])
    expect(same.report.changes).toEqual([])
    const other = diffSources([src('b.yaml', 't.yaml', template(partner('Partner')))], [src('a.yaml', 't.yaml', template(partner('Other')))])
    expect(other.report.changes.map((c) => [c.kind, c.principal, c.uncertain?.[0]?.code])).toContainEqual(['uncertain', '*', 'diff.unresolved-value'])
  })
})

const INLINE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-role-policy.html'

/** A role with an inline policy and a bucket policy: the identity policy's Action/Resource vary. */
const withInline = (action: string, resource: string, bucketPolicyPrincipal = 'arn:aws:iam::111122223333:root') => `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${action}
                Resource: ${resource}
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: app-bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "${bucketPolicyPrincipal}" }
            Action: s3:GetObject
            Resource: arn:aws:s3:::app-bucket/*
`

describe(`identity policies inside templates (${INLINE})`, () => {
  it('an inline policy widened is gained for the region it adds, with a witness the evaluator decides', () => {
    const { report } = diffSources([src('b.yaml', 't.yaml', withInline('s3:GetObject', 'arn:aws:s3:::app-bucket/*'))], [src('a.yaml', 't.yaml', withInline('"s3:*"', '"*"'))])
    const gained = report.changes.filter((c) => c.kind === 'gained')
    expect(gained.length).toBeGreaterThan(0)
    expect(new Set(gained.map((c) => c.role))).toEqual(new Set(['AppRole/app']))
    expect(gained[0]?.location).toMatchObject({ file: 'a.yaml', line: 16 })
    expect(gained.every((c) => c.witness?.afterDecision === 'allowed' && c.witness.beforeDecision !== 'allowed')).toBe(true)
  })

  it('the same template twice: no change, and the bucket policy (not compared) is listed apart, complete', () => {
    const t = withInline('s3:GetObject', 'arn:aws:s3:::app-bucket/*')
    const { report } = diffSources([src('b.yaml', 't.yaml', t)], [src('a.yaml', 't.yaml', t)])
    expect(report.changes).toEqual([])
    expect(report.complete).toBe(true)
  })

  it('a bucket policy opened to everyone is not compared: the report is incomplete, never "no change"', () => {
    const before = withInline('s3:GetObject', 'arn:aws:s3:::app-bucket/*')
    const after = withInline('s3:GetObject', 'arn:aws:s3:::app-bucket/*', '*')
    const { report } = diffSources([src('b.yaml', 't.yaml', before)], [src('a.yaml', 't.yaml', after)])
    expect(report.complete).toBe(false)
    expect(report.unread.map((u) => u.code)).toContain('diff.unread-policy')
  })

  it('an inline policy with a value the reader cannot resolve, edited: incomplete, not "no change"', () => {
    const before = withInline('s3:GetObject', '!ImportValue SharedBucketArn')
    const after = withInline('"s3:*"', '!ImportValue SharedBucketArn')
    const { report } = diffSources([src('b.yaml', 't.yaml', before)], [src('a.yaml', 't.yaml', after)])
    expect(report.complete).toBe(false)
    const same = diffSources([src('b.yaml', 't.yaml', before)], [src('a.yaml', 't.yaml', before)])
    expect(same.report.complete).toBe(true)
  })
})

const tfModule = (principal: string) => `resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "${principal}" }
      Action    = "sts:AssumeRole"
    }]
  })
}
`

describe('a version the engine cannot decide is never the one that denies', () => {
  it('BEFORE trusts accounts given at deployment, AFTER any principal of an organization: uncertain, not gained', () => {
    const before = template(`          - Effect: Allow
            Principal:
              AWS: !Split [",", !Ref Partner]
            Action: sts:AssumeRole`)
    const after = template(`          - Effect: Allow
            Principal: { AWS: "*" }
            Action: sts:AssumeRole
            Condition:
              StringEquals: { "aws:PrincipalOrgID": o-a1b2c3d4e5 }`)
    const { report } = diffSources([src('b.yaml', 't.yaml', before)], [src('a.yaml', 't.yaml', after)])
    expect(report.changes.map((c) => [c.kind, c.principal])).toEqual([['uncertain', '*']])
    expect(report.changes[0]?.witness).toBeUndefined()
  })
})

describe(`Terraform (${TF})`, () => {
  it('.tf modules: roles are matched by address; an account widened to * is gained', () => {
    const { report } = diffSources([src('b/main.tf', 'main.tf', tfModule('arn:aws:iam::111122223333:root'))], [src('a/main.tf', 'main.tf', tfModule('*'))])
    expect(kinds(report.changes)).toEqual([['gained', 'aws_iam_role.ci', '*']])
    expect(report.changes[0]?.location).toMatchObject({ file: 'a/main.tf', line: 5 })
  })

  it('a change in a dynamic block the variable defaults do not take is uncertain, never "no change"', () => {
    const mod = (aud: string) => `variable "enable_github" {
  type    = bool
  default = false
}

data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = var.enable_github ? [1] : []
    content {
      actions = ["sts:AssumeRoleWithWebIdentity"]
      principals {
        type        = "Federated"
        identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
      }
      ${aud}
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`
    const audCondition = 'condition {\n        test     = "StringEquals"\n        variable = "token.actions.githubusercontent.com:aud"\n        values   = ["sts.amazonaws.com"]\n      }'
    const same = diffSources([src('b/main.tf', 'main.tf', mod(audCondition))], [src('a/main.tf', 'main.tf', mod(audCondition))])
    expect(same.report.changes).toEqual([])
    const { report } = diffSources([src('b/main.tf', 'main.tf', mod(audCondition))], [src('a/main.tf', 'main.tf', mod('# no audience check'))])
    expect(report.changes.map((c) => [c.kind, c.role, c.uncertain?.[0]?.code])).toEqual([['uncertain', 'aws_iam_role.ci', 'diff.unresolved-value']])
  })

  it('plans (terraform show -json): roles are matched by address', () => {
    const plan = (principal: string) =>
      json({
        format_version: '1.2',
        planned_values: { root_module: { resources: [{ address: 'aws_iam_role.ci', mode: 'managed', type: 'aws_iam_role', name: 'ci', values: { name: 'ci', assume_role_policy: trust({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }) } }] } },
      })
    const { report, errors } = diffSources([src('b.json', 'plan.json', plan('arn:aws:iam::111122223333:root'))], [src('a.json', 'plan.json', plan('arn:aws:iam::444455556666:root'))])
    expect(errors).toEqual([])
    expect(kinds(report.changes).sort()).toEqual([
      ['gained', 'aws_iam_role.ci', { account: '444455556666' }],
      ['lost', 'aws_iam_role.ci', { account: '111122223333' }],
    ])
  })
})

const DEMO = join(import.meta.dirname, '..', '..', '..', 'corpus', 'snapshots', 'demo')
function demo(edit?: (file: string, value: Record<string, unknown>) => void): VersionSource[] {
  return readdirSync(DEMO).map((f) => {
    const value = JSON.parse(readFileSync(join(DEMO, f), 'utf8')) as Record<string, unknown>
    edit?.(f, value)
    return src(join('snap', f), f, JSON.stringify(value, null, 1))
  })
}

describe('snapshots', () => {
  it('the same snapshot twice: no change, complete', () => {
    const { report } = diffSources(demo(), demo())
    expect(report.changes).toEqual([])
  })

  it(`an SCP detached from an OU: its principals gain the roles it denied, caused by the SCP (${SCP})`, () => {
    const after = demo((f, v) => {
      if (f !== 'organization.json') return
      const walk = (n: { name?: string; policies?: string[]; children?: unknown[] }): void => {
        if (n.name === 'Dev') n.policies = ['p-FullAWSAccess']
        for (const c of n.children ?? []) walk(c as typeof n)
      }
      walk((v.organization as { root: never }).root)
    })
    const { report } = diffSources(demo(), after)
    const direct = report.changes.filter((c) => c.via === undefined)
    expect(direct.map((c) => [c.kind, c.role, c.principal, c.causes])).toContainEqual(['gained', 'arn:aws:iam::222222222222:role/ReadOnly', 'arn:aws:iam::333333333333:role/DevAdmin', ['scp']])
    for (const c of direct.filter((x) => x.kind === 'gained')) expect(c.witness?.beforeDecision).toBe('explicitDeny')
  })

  it(`an identity policy widened: its holders gain the roles whose trust admits them, caused by the identity policy (${IDENTITY})`, () => {
    const after = demo((f, v) => {
      if (f !== 'identity-111111111111.json') return
      for (const g of v.GroupDetailList as { GroupName: string; GroupPolicyList: { PolicyDocument: { Statement: { Resource: string[] }[] } }[] }[]) {
        if (g.GroupName === 'Developers') (g.GroupPolicyList[0]?.PolicyDocument.Statement[0] as { Resource: string[] }).Resource.push('arn:aws:iam::222222222222:role/Admin')
      }
    })
    const { report } = diffSources(demo(), after)
    const bob = report.changes.filter((c) => c.principal === 'arn:aws:iam::111111111111:user/bob' && c.via === undefined)
    expect(bob.map((c) => [c.kind, c.role, c.causes, c.after?.access])).toEqual([['gained', 'arn:aws:iam::222222222222:role/Admin', ['identity'], 'conditional']])
    expect(bob[0]?.witness?.request.context['aws:MultiFactorAuthPresent']).toBe('true')
  })

  it(`a role added to a trust policy: the principals that reach it gain a chain (${CHAIN})`, () => {
    const after = demo((f, v) => {
      if (f !== 'prod-222222222222-page1.json') return
      for (const r of v.RoleDetailList as { RoleName: string; AssumeRolePolicyDocument: { Statement: { Principal: { AWS: string[] } }[] } }[]) {
        if (r.RoleName === 'Deploy') r.AssumeRolePolicyDocument.Statement[0]?.Principal.AWS.push('arn:aws:iam::111111111111:role/BreakGlass')
      }
    })
    const { report } = diffSources(demo(), after)
    const deploy = 'arn:aws:iam::222222222222:role/Deploy'
    expect(report.changes.map((c) => [c.kind, c.role, c.principal, c.via])).toContainEqual(['gained', deploy, 'arn:aws:iam::111111111111:role/BreakGlass', undefined])
    const chains = report.changes.filter((c) => c.role === deploy && c.via !== undefined && c.kind === 'gained')
    expect(chains.length).toBeGreaterThan(0)
    expect(chains.every((c) => c.via?.[c.via.length - 1] === 'arn:aws:iam::111111111111:role/BreakGlass')).toBe(true)
  })
})

describe('bad input is never "no change"', () => {
  it('two versions of different kinds are an input error', () => {
    const { errors } = diffSources([src('b.json', 'x', trust(acct('111122223333')))], [src('a.yaml', 'x', template(ghStatement('repo:a/*')))])
    expect(errors.map((e) => e.code)).toEqual(['diff.kind-mismatch'])
  })

  it('an unreadable file is an input error with its location, and the report is incomplete', () => {
    const { report, errors } = diffSources([src('b.json', 'x', trust(acct('111122223333')))], [src('a.json', 'x', '{"Version": "2012-10-17", "Statement": [')])
    expect(errors[0]).toMatchObject({ file: 'a.json' })
    expect(errors[0]?.position?.line).toBe(1)
    expect(report.complete).toBe(false)
  })
})

describe('witnesses replay with the public evaluator', () => {
  it('the gained witness of a policy-file diff is allowed by AFTER and not by BEFORE', () => {
    const b = trust(acct('111122223333', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))
    const a = trust(acct('111122223333'))
    const { report } = diffSources([src('b.json', 'r.json', b)], [src('a.json', 'r.json', a)], { scenarios: true })
    const c = report.changes[0] as DiffChange & { scenarios?: { before: { request: unknown; expect: { decision: string } }; after: { expect: { decision: string } } } }
    expect(c.kind).toBe('gained')
    const w = c.witness
    if (w === undefined) throw new Error('no witness')
    const parsed = (text: string, kind: 'trust' | 'identity'): Policy => {
      const r = parsePolicy(text, { kind })
      if (!r.ok) throw new Error('bad policy')
      return r.value
    }
    const identity = [parsed(json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] }), 'identity')]
    expect(evaluate(requestOf(w.request), { identity, resource: parsed(a, 'trust') }).decision).toBe('allowed')
    expect(evaluate(requestOf(w.request), { identity, resource: parsed(b, 'trust') }).decision).not.toBe('allowed')
    expect(c.scenarios?.after.expect.decision).toBe('allowed')
    expect(c.scenarios?.before.expect.decision).toBe('implicitDeny')
  })
})
