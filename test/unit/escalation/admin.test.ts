/**
 * Who is an administrator: allowed every probe after boundaries and SCPs, possibly under conditions;
 * uncertain when the snapshot lacks one of its policies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
import { describe, expect, it } from 'vitest'
import { adminAnswer } from '../../../src/escalation/admin.js'
import { residualText } from '../../../src/graph/render.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import type { SnapshotInput, SnapshotPrincipal } from '../../../src/snapshot/types.js'

const A = '111111111111'
const V = '2012-10-17'
const doc = (...Statement: unknown[]): unknown => ({ Version: V, Statement })
const all = { Effect: 'Allow', Action: '*', Resource: '*' }

function answer(policy: unknown, extra: { boundary?: unknown; scp?: unknown; attachMissing?: boolean } = {}): string {
  const files: SnapshotInput[] = [{
    file: 'account.json',
    value: {
      UserDetailList: [{
        UserName: 'u', UserId: 'AIDAADMINTEST0000001', Arn: `arn:aws:iam::${A}:user/u`, Path: '/', GroupList: [], Tags: [],
        UserPolicyList: [{ PolicyName: 'p', PolicyDocument: policy }],
        AttachedManagedPolicies: extra.attachMissing === true ? [{ PolicyName: 'Gone', PolicyArn: `arn:aws:iam::${A}:policy/Gone` }] : [],
        ...(extra.boundary !== undefined ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/b` } } : {}),
      }],
      GroupDetailList: [], RoleDetailList: [],
      Policies: extra.boundary !== undefined ? [{ PolicyName: 'b', Arn: `arn:aws:iam::${A}:policy/b`, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: extra.boundary }] }] : [],
    },
  }]
  if (extra.scp !== undefined) {
    files.push({ file: 'org.json', value: { organization: { id: 'o-admintest1', managementAccountId: '999999999999', policies: { full: { name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: doc(all) }, g: { name: 'guard', type: 'SERVICE_CONTROL_POLICY', document: extra.scp } }, root: { id: 'r-adm1', policies: ['full'], children: [], accounts: [{ id: A, policies: ['full', 'g'] }] } } } })
  }
  const snapshot = loadSnapshot(files)
  const a = adminAnswer({ snapshot }, snapshot.principals.get(`arn:aws:iam::${A}:user/u`) as SnapshotPrincipal)
  if (a.access === 'conditional') return `conditional: ${residualText(a.conditions)}`
  return a.access === 'uncertain' ? `uncertain: ${a.uncertain.map((u) => u.code).join(',')}` : a.access
}

describe('administrator probes', () => {
  it.each([
    ['Action * on Resource *', doc(all), {}, 'allowed'],
    ['NotAction on a service that does not exist', doc({ Effect: 'Allow', NotAction: 'nosuchservice:*', Resource: '*' }), {}, 'allowed'],
    ['NotResource on one bucket', doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::secret' }), {}, 'allowed'],
    ['PowerUser: everything but IAM', doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }), {}, 'denied'],
    ['IAM and STS only', doc({ Effect: 'Allow', Action: ['iam:*', 'sts:*'], Resource: '*' }), {}, 'denied'],
    ['every action but only on a bucket', doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::data/*' }), {}, 'denied'],
    ['a Deny of all S3 writes', doc(all, { Effect: 'Deny', Action: 's3:*', Resource: '*' }), {}, 'denied'],
    ['a Deny of one sensitive role (not probed)', doc(all, { Effect: 'Deny', Action: 'iam:*', Resource: `arn:aws:iam::${A}:role/OrganizationAccountAccessRole` }), {}, 'allowed'],
    ['everything with MFA', doc({ ...all, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), {}, 'conditional: aws:MultiFactorAuthPresent = "true"'],
    ['a boundary that leaves out IAM', doc(all), { boundary: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }, 'denied'],
    ['a boundary that allows everything', doc(all), { boundary: doc(all) }, 'allowed'],
    ['an SCP guardrail no probe touches', doc(all), { scp: doc({ Effect: 'Deny', Action: ['organizations:LeaveOrganization', 'cloudtrail:StopLogging'], Resource: '*' }) }, 'allowed'],
    ['an SCP denying every IAM write', doc(all), { scp: doc({ Effect: 'Deny', Action: ['iam:Put*', 'iam:Attach*', 'iam:Create*', 'iam:Update*', 'iam:PassRole'], Resource: '*' }) }, 'denied'],
    ['an SCP region guardrail', doc(all), { scp: doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }) }, 'conditional: NOT (aws:RequestedRegion != "eu-west-1")'],
    ['nothing granted, but an attached policy is missing', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), { attachMissing: true }, 'uncertain: snapshot.missing-managed-policy'],
  ] as const)('%s', (_, policy, extra, expected) => {
    expect(answer(policy, extra)).toBe(expected)
  })
})
