/**
 * Resource inventory in a snapshot: the unmodified JSON of AWS CLI commands, recognized by shape; which
 * accounts each kind covers; and what the escalation analysis says when an inventory is missing or
 * names a role the snapshot lacks.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 */
import { describe, expect, it } from 'vitest'
import { findEscalations } from '../../../src/escalation/findEscalations.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import type { SnapshotInput } from '../../../src/snapshot/types.js'

const A = '111111111111'
const V = '2012-10-17'
const account = (extraUsers: unknown[] = []): SnapshotInput => ({
  file: 'account.json',
  value: {
    UserDetailList: [
      { UserName: 'ops', UserId: 'AIDAINVENTORYOPS0001', Arn: `arn:aws:iam::${A}:user/ops`, Path: '/', GroupList: [], Tags: [], AttachedManagedPolicies: [],
        UserPolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: V, Statement: [{ Effect: 'Allow', Action: ['ssm:SendCommand', 'lambda:UpdateFunctionCode'], Resource: '*' }] } }] },
      ...extraUsers,
    ],
    GroupDetailList: [],
    RoleDetailList: [{
      RoleName: 'Web', RoleId: 'AROAINVENTORYWEB0001', Arn: `arn:aws:iam::${A}:role/Web`, Path: '/', Tags: [], RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      InstanceProfileList: [{ InstanceProfileName: 'Web', Arn: `arn:aws:iam::${A}:instance-profile/Web`, Path: '/', InstanceProfileId: 'AIPAINVENTORYWEB0001', Roles: [] }],
      AssumeRolePolicyDocument: { Version: V, Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] },
    }],
    Policies: [{ PolicyName: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess', DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] }],
  },
})
const instances = (profile?: string): SnapshotInput => ({
  file: 'ec2.json',
  value: { Reservations: [{ OwnerId: A, ReservationId: 'r-1', Groups: [], Instances: [{ InstanceId: 'i-0123', Placement: { AvailabilityZone: 'eu-west-1b' }, Tags: [{ Key: 'env', Value: 'prod' }], ...(profile !== undefined ? { IamInstanceProfile: { Arn: profile, Id: 'AIPAX' } } : {}) }] }] },
})

describe('resource inventory', () => {
  it('reads each shape, with ARN, region, role and tags', () => {
    const s = loadSnapshot([
      account(), instances(`arn:aws:iam::${A}:instance-profile/Web`),
      { file: 'lambda.json', value: { Functions: [{ FunctionName: 'f', FunctionArn: `arn:aws:lambda:us-east-1:${A}:function:f`, Role: `arn:aws:iam::${A}:role/Web` }] } },
      { file: 'cfn.json', value: { Stacks: [{ StackId: `arn:aws:cloudformation:us-east-1:${A}:stack/s/1`, StackName: 's', RoleARN: `arn:aws:iam::${A}:role/Web`, Tags: [] }] } },
      { file: 'glue.json', value: { DevEndpoints: [{ EndpointName: 'e', RoleArn: `arn:aws:iam::${A}:role/Web`, AvailabilityZone: 'us-east-1c' }] } },
      { file: 'cb.json', value: { projects: [{ name: 'p', arn: `arn:aws:codebuild:us-east-1:${A}:project/p`, serviceRole: `arn:aws:iam::${A}:role/Web`, tags: [{ key: 'k', value: 'v' }] }], projectsNotFound: [] } },
      { file: 'sm.json', value: { NotebookInstanceArn: `arn:aws:sagemaker:us-east-1:${A}:notebook-instance/n`, NotebookInstanceName: 'n', RoleArn: `arn:aws:iam::${A}:role/Web` } },
    ])
    expect(s.diagnostics).toEqual([])
    expect(s.inventory.resources.map((r) => `${r.kind} ${r.arn} ${r.region ?? '-'} ${r.role ?? r.instanceProfile ?? '-'} ${r.tags === undefined ? 'tags unknown' : [...r.tags.values()].map((t) => `${t.key}=${t.value}`).join(',')}`)).toEqual([
      `ec2 arn:aws:ec2:eu-west-1:${A}:instance/i-0123 eu-west-1 arn:aws:iam::${A}:instance-profile/Web env=prod`,
      `lambda arn:aws:lambda:us-east-1:${A}:function:f us-east-1 arn:aws:iam::${A}:role/Web tags unknown`,
      `cloudformation arn:aws:cloudformation:us-east-1:${A}:stack/s/1 us-east-1 arn:aws:iam::${A}:role/Web `,
      `glue arn:aws:glue:us-east-1:${A}:devEndpoint/e us-east-1 arn:aws:iam::${A}:role/Web tags unknown`,
      `codebuild arn:aws:codebuild:us-east-1:${A}:project/p us-east-1 arn:aws:iam::${A}:role/Web k=v`,
      `sagemaker arn:aws:sagemaker:us-east-1:${A}:notebook-instance/n us-east-1 arn:aws:iam::${A}:role/Web tags unknown`,
    ])
    expect([...(s.inventory.coverage.get('ec2')?.get(A) ?? [])]).toEqual(['eu-west-1'])
  })

  it('credits an empty listing to the only account, and reports it when there are several', () => {
    const one = loadSnapshot([account(), { file: 'ec2.json', value: { Reservations: [] } }])
    expect(one.inventory.coverage.get('ec2')?.has(A)).toBe(true)
    const two = loadSnapshot([account(), { file: 'other.json', value: { UserDetailList: [], RoleDetailList: [{ RoleName: 'x', RoleId: 'AROAOTHERACCOUNT0001', Arn: 'arn:aws:iam::222222222222:role/x', Path: '/', InstanceProfileList: [], AssumeRolePolicyDocument: { Version: V, Statement: [] } }] } }, { file: 'ec2.json', value: { Reservations: [] } }])
    expect(two.diagnostics.map((d) => `${d.file} ${d.code}`)).toContain('ec2.json snapshot.inventory-account-unknown')
    expect(two.inventory.coverage.get('ec2')?.size ?? 0).toBe(0)
  })

  it('without an EC2 inventory, SSM to the role of an instance is uncertain, never "no path"', () => {
    const r = findEscalations(loadSnapshot([account()]), { from: 'ops' })
    if (!r.ok) throw new Error('unexpected')
    // One hop per principal reached: the first technique of the catalogue among equally sure ones.
    expect(r.value.escalations.map((e) => `${e.access} ${e.path.map((h) => h.technique).join(',')} ${e.uncertain.map((u) => u.code).join(',')}`)).toEqual(['uncertain lambda-update-code escalation.no-inventory'])
    expect(r.value.gaps.map((g) => g.message)).toEqual([
      `no Lambda function inventory in the snapshot for account ${A}: which Lambda functions run with this role is unknown`,
      `no EC2 instance inventory in the snapshot for account ${A}: which EC2 instances run with this role is unknown`,
    ])
    expect(r.value.complete).toBe(false)
  })

  it('with an EC2 inventory, the instance decides: its profile holds the role, or it has none', () => {
    const withRole = findEscalations(loadSnapshot([account(), instances(`arn:aws:iam::${A}:instance-profile/Web`), { file: 'lambda.json', value: { Functions: [] } }]), { from: 'ops' })
    if (!withRole.ok) throw new Error('unexpected')
    expect(withRole.value.escalations.map((e) => `${e.access} ${e.path.map((h) => `${h.technique} ${h.resources[0] ?? ''}`).join(',')}`)).toEqual([`allowed ssm-send-command arn:aws:ec2:eu-west-1:${A}:instance/i-0123`])
    expect(withRole.value.complete).toBe(true)
    const none = findEscalations(loadSnapshot([account(), instances(), { file: 'lambda.json', value: { Functions: [] } }]), { from: 'ops' })
    if (!none.ok) throw new Error('unexpected')
    expect(none.value.escalations).toEqual([])
  })

  it('names an instance whose profile the snapshot does not describe as a gap', () => {
    const r = findEscalations(loadSnapshot([account(), instances(`arn:aws:iam::${A}:instance-profile/Gone`), { file: 'lambda.json', value: { Functions: [] } }]), { from: 'ops' })
    if (!r.ok) throw new Error('unexpected')
    expect(r.value.complete).toBe(false)
    expect(r.value.gaps.map((g) => `${g.code} ${g.file ?? ''}`)).toEqual(['escalation.unknown-role ec2.json'])
  })
})
