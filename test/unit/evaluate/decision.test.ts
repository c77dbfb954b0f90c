/**
 * AWS's decision procedure, row by row, each row citing the page it comes from. Policies are built in
 * code so that each row shows exactly the one rule it tests.
 */
import { describe, expect, it } from 'vitest'
import { evaluate, parsePolicy } from '../../../src/index.js'
import type { Decision, PolicyKind, PolicySet, Request } from '../../../src/index.js'

const EVAL_DA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'
const EVAL_XA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html'
const SWITCH = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html'
const STS_AR = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html'
const BOUND = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'
const TRUSTUPD = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html'
const SCPEVAL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html'
const RCPEVAL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html'
const ROLES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html'
const GFT = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html'
const PRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html'

const A = '111122223333'
const B = '444455556666'
const ROLE = `arn:aws:iam::${A}:role/Target`

function policy(kind: PolicyKind, statement: object | object[]) {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statement }, { kind })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}
const allowAssume = (resource = ROLE) => policy('identity', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource })
const trust = (principal: object | string, extra: object = {}) => policy('trust', { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra })
const denyAll = (kind: PolicyKind) => policy(kind, { Effect: 'Deny', Action: '*', Resource: '*' })
const allowAll = (kind: PolicyKind) => policy(kind, { Effect: 'Allow', Action: '*', Resource: '*' })
const allowS3 = (kind: PolicyKind) => policy(kind, { Effect: 'Allow', Action: 's3:*', Resource: '*' })

const assume = (principal: string, resource = ROLE): Request => ({ principal: { kind: 'aws', arn: principal }, action: 'sts:AssumeRole', resource })

interface Row {
  readonly name: string
  readonly source: string
  readonly request: Request
  readonly policies: PolicySet
  readonly decision: Decision
}

const alice = `arn:aws:iam::${A}:user/alice`
const bob = `arn:aws:iam::${B}:user/bob`
const r1Session = `arn:aws:sts::${A}:assumed-role/R1/s1`

const rows: Row[] = [
  { name: '5.10#1 trust names account root, identity allows', source: SWITCH, request: assume(alice), policies: { identity: [allowAssume()], resource: trust({ AWS: `arn:aws:iam::${A}:root` }) }, decision: 'allowed' },
  { name: '5.10#2 trust names account root, no identity allow', source: PRIN, request: assume(alice), policies: { resource: trust({ AWS: A }) }, decision: 'implicitDeny' },
  { name: '5.10#3 trust names the user, no identity policy', source: STS_AR, request: assume(alice), policies: { resource: trust({ AWS: alice }) }, decision: 'allowed' },
  { name: '5.10#4 trust names role R1, caller is an R1 session, no identity policy', source: EVAL_DA, request: assume(r1Session), policies: { resource: trust({ AWS: `arn:aws:iam::${A}:role/R1` }) }, decision: 'allowed' },
  { name: '5.10#4 role-ARN grant capped by the role boundary', source: BOUND, request: assume(r1Session), policies: { boundary: allowS3('boundary'), resource: trust({ AWS: `arn:aws:iam::${A}:role/R1` }) }, decision: 'implicitDeny' },
  { name: '5.10#4 role-ARN grant capped by the session policy', source: EVAL_DA, request: assume(r1Session), policies: { session: [allowS3('session')], resource: trust({ AWS: `arn:aws:iam::${A}:role/R1` }) }, decision: 'implicitDeny' },
  { name: 'session-ARN grant is not capped by the session policy', source: EVAL_DA, request: assume(r1Session), policies: { session: [allowS3('session')], resource: trust({ AWS: r1Session }) }, decision: 'allowed' },
  { name: 'session-ARN grant is not capped by the boundary', source: EVAL_DA, request: assume(r1Session), policies: { boundary: allowS3('boundary'), resource: trust({ AWS: r1Session }) }, decision: 'allowed' },
  { name: '5.10#6 identity allows, trust names someone else', source: EVAL_DA, request: assume(alice), policies: { identity: [allowAssume()], resource: trust({ AWS: `arn:aws:iam::${A}:user/carol` }) }, decision: 'implicitDeny' },
  { name: 'identity allows, no trust policy at all', source: EVAL_DA, request: assume(alice), policies: { identity: [allowAssume()] }, decision: 'implicitDeny' },
  { name: '5.10#7 cross-account, trust names bob, bob has no identity allow', source: EVAL_XA, request: assume(bob), policies: { resource: trust({ AWS: bob }) }, decision: 'implicitDeny' },
  { name: 'cross-account, trust names bob, bob has identity allow', source: EVAL_XA, request: assume(bob), policies: { identity: [allowAssume()], resource: trust({ AWS: bob }) }, decision: 'allowed' },
  { name: '5.10#8 cross-account, SCP level without allow', source: SCPEVAL, request: assume(bob), policies: { identity: [allowAssume()], resource: trust({ AWS: B }), scps: [[allowAll('scp')], [allowS3('scp')]] }, decision: 'implicitDeny' },
  { name: 'every SCP level allows', source: SCPEVAL, request: assume(bob), policies: { identity: [allowAssume()], resource: trust({ AWS: B }), scps: [[allowAll('scp')], [allowAll('scp')]] }, decision: 'allowed' },
  { name: 'SCP deny at any level', source: SCPEVAL, request: assume(bob), policies: { identity: [allowAssume()], resource: trust({ AWS: B }), scps: [[allowAll('scp'), denyAll('scp')], [allowAll('scp')]] }, decision: 'explicitDeny' },
  { name: 'RCP level without allow', source: RCPEVAL, request: assume(bob), policies: { identity: [allowAssume()], resource: trust({ AWS: B }), rcps: [[allowS3('identity')]] }, decision: 'implicitDeny' },
  { name: 'identity deny beats trust allow', source: EVAL_DA, request: assume(alice), policies: { identity: [denyAll('identity')], resource: trust({ AWS: alice }) }, decision: 'explicitDeny' },
  { name: 'boundary deny beats a session-ARN grant', source: EVAL_DA, request: assume(r1Session), policies: { boundary: denyAll('boundary'), resource: trust({ AWS: r1Session }) }, decision: 'explicitDeny' },
  { name: 'user-ARN trust grant needs the boundary to allow (fail closed)', source: TRUSTUPD, request: assume(alice), policies: { boundary: allowS3('boundary'), resource: trust({ AWS: alice }) }, decision: 'implicitDeny' },
  { name: 'root cannot assume a role', source: ROLES, request: assume(`arn:aws:iam::${A}:root`), policies: { resource: trust({ AWS: A }) }, decision: 'implicitDeny' },
  { name: 'service principal named in trust', source: PRIN, request: { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole', resource: ROLE }, policies: { resource: trust({ Service: 'ec2.amazonaws.com' }) }, decision: 'allowed' },
  { name: 'SCPs do not apply to service principals', source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html', request: { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole', resource: ROLE }, policies: { resource: trust({ Service: 'ec2.amazonaws.com' }), scps: [[denyAll('scp')]] }, decision: 'allowed' },
  { name: '{"AWS":"*"} does not grant a web-identity caller (fail closed)', source: PRIN, request: { principal: { kind: 'federated', provider: 'accounts.google.com' }, action: 'sts:AssumeRoleWithWebIdentity', resource: ROLE }, policies: { resource: policy('trust', { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRoleWithWebIdentity' }) }, decision: 'implicitDeny' },
  { name: 'federated-user session without a session policy has no permissions', source: GFT, request: { principal: { kind: 'aws', arn: `arn:aws:sts::${A}:federated-user/fed` }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, policies: { identity: [allowS3('identity')] }, decision: 'implicitDeny' },
  { name: 'same-account identity allow suffices for a non-trust action', source: EVAL_DA, request: { principal: { kind: 'aws', arn: alice }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, policies: { identity: [allowS3('identity')] }, decision: 'allowed' },
  { name: 'S3 object in an unknown account is another account (fail closed)', source: EVAL_XA, request: { principal: { kind: 'aws', arn: alice }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, policies: { identity: [allowS3('identity')] }, decision: 'implicitDeny' },
]

describe('decision procedure', () => {
  for (const row of rows) {
    it(`${row.name} (${row.source})`, () => {
      const off = evaluate(row.request, row.policies)
      const on = evaluate(row.request, row.policies, { trace: true })
      expect(off.decision).toBe(row.decision)
      expect(on.decision).toBe(row.decision)
      expect(on.trace?.version).toBe(1)
    })
  }

  it('an explicit deny from an SCP names the level, policy and statement', () => {
    const scp = { name: 'DenyAssume', policy: policy('scp', { Sid: 'NoAssume', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }) }
    const r = evaluate(assume(bob), { identity: [allowAssume()], resource: trust({ AWS: B }), scps: [[allowAll('scp')], [allowAll('scp'), scp]] }, { trace: true })
    expect(r.decision).toBe('explicitDeny')
    expect(r.determining).toEqual([{ policy: 'DenyAssume', layer: 'scp', level: 1, index: 0, sid: 'NoAssume', pointer: '/Statement' }])
    const level = r.trace?.layers.find((l) => l.kind === 'scp' && l.level === 1)
    expect(level?.outcome).toBe('deny')
  })

  it('an implicit deny says which layer failed and which keys were missing', () => {
    const t = trust({ AWS: B }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })
    const r = evaluate(assume(bob), { identity: [allowAssume()], resource: t }, { trace: true })
    expect(r.decision).toBe('implicitDeny')
    expect(r.missingContextKeys).toEqual(['aws:MultiFactorAuthPresent'])
    expect(r.trace?.steps.find((s) => s.outcome === 'fail')?.rule).toBe('trust-policy')
  })

  it('an invalid request principal is never allowed and reports an error', () => {
    const r = evaluate({ principal: { kind: 'aws', arn: 'not-an-arn' }, action: 'sts:AssumeRole', resource: ROLE }, { resource: trust({ AWS: '*' }) })
    expect(r.decision).toBe('implicitDeny')
    expect(r.errors[0]?.code).toBe('request.invalid-principal')
  })
})
