/**
 * Requests that reach each rule of the authorizer and each way it decides, for the trace-step tests.
 * Each case cites the AWS page the deciding rule comes from.
 */
import { parsePolicy } from '../../../src/index.js'
import type { Decision, EvaluateOptions, PolicyKind, PolicySet, Request } from '../../../src/index.js'

export const A = '111122223333'
export const B = '444455556666'
export const ALICE = `arn:aws:iam::${A}:user/alice`
export const BOB = `arn:aws:iam::${B}:user/bob`
export const ROLE = `arn:aws:iam::${A}:role/Target`
export const SESSION = `arn:aws:sts::${A}:assumed-role/R1/s1`
export const FED = `arn:aws:sts::${A}:federated-user/carol`
export const ROOT = `arn:aws:iam::${A}:root`
export const SLR = `arn:aws:iam::${A}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`
export const RESERVED = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`

/** AWS documentation pages, by the short name the expectations use. */
export const URL = {
  EVAL_DA: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html',
  EVAL_XA: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
  SCP: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html',
  RCP: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html',
  ROLES: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html',
  XACCT: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html',
  GFT: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html',
  STSCMP: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html',
  GCI: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
  GST: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html',
  BOUND: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  TRUSTUPD: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html',
  MANAGED: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies',
  TAG_POLICY: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagPolicy.html',
  SLR: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html',
  SLR_UPDATE: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-service-linked-role.html',
  RESERVED: 'https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html',
  NOT_ATTACHABLE: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html',
} as const

export function policy(kind: PolicyKind, ...statements: object[]) {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}
/** A policy as the parser recovers it, for statements AWS refuses (the evaluator must still fail closed). */
export function recovered(kind: PolicyKind, ...statements: object[]) {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind })
  const p = r.ok ? r.value : r.recovered
  if (p === undefined) throw new Error(JSON.stringify(r.diagnostics))
  return p
}
const allowAll = (kind: PolicyKind) => policy(kind, { Effect: 'Allow', Action: '*', Resource: '*' })
const allowS3 = (kind: PolicyKind) => policy(kind, { Effect: 'Allow', Action: 's3:*', Resource: '*' })
const denyAll = (kind: PolicyKind) => policy(kind, { Effect: 'Deny', Action: '*', Resource: '*' })
const trust = (principal: object | string, action = 'sts:AssumeRole') => policy('trust', { Effect: 'Allow', Principal: principal, Action: action })
const bucket = (principal: object | string) => policy('resource', { Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })
/** RCPFullAWSAccess, which AWS attaches to every level (customer RCPs can only Deny). */
export const rcpFull = (() => {
  const r = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, { kind: 'rcp', name: 'RCPFullAWSAccess' })
  // The parser refuses it as a customer RCP; the snapshot loader compiles what it recovers, as here.
  const p = r.ok ? r.value : r.recovered
  if (p === undefined) throw new Error(JSON.stringify(r.diagnostics))
  return p
})()
const keyPolicy = (principal: object | string) => policy('resource', { Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*' })

const aws = (arn: string) => ({ kind: 'aws', arn }) as const
const assume = (arn: string, resource = ROLE): Request => ({ principal: aws(arn), action: 'sts:AssumeRole', resource })
const get = (arn: string, resourceAccount: string | undefined = A): Request => ({ principal: aws(arn), action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', ...(resourceAccount !== undefined ? { resourceAccount } : {}) })

/** One request, its policies, and the steps its trace must show (`rule outcome SOURCE`). */
export interface StepCase {
  readonly name: string
  readonly request: Request
  readonly policies: PolicySet
  readonly options?: EvaluateOptions
  readonly decision: Decision
  readonly steps: readonly string[]
  /** What the deciding step's message must say. */
  readonly says?: RegExp
}

export const CASES: readonly StepCase[] = [
  { name: 'GetCallerIdentity needs no permission', request: { principal: aws(ALICE), action: 'sts:GetCallerIdentity', resource: '*' }, policies: { identity: [denyAll('identity')] }, decision: 'allowed', steps: ['no-authorization pass GCI'], says: /GetCallerIdentity/ },
  { name: 'GetSessionToken with a user\'s credentials', request: { principal: aws(ALICE), action: 'sts:GetSessionToken', resource: '*' }, policies: {}, decision: 'allowed', steps: ['no-authorization pass GST'], says: /GetSessionToken/ },
  { name: 'GetSessionToken with the root user\'s credentials', request: { principal: aws(ROOT), action: 'sts:GetSessionToken', resource: '*' }, policies: {}, decision: 'allowed', steps: ['no-authorization pass GST'] },
  { name: 'GetSessionToken with temporary credentials', request: { principal: aws(SESSION), action: 'sts:GetSessionToken', resource: '*' }, policies: { identity: [allowAll('identity')] }, decision: 'implicitDeny', steps: ['no-authorization fail GST'], says: /temporary/ },
  { name: 'GetCallerIdentity of a service caller goes through the rules', request: { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 'sts:GetCallerIdentity', resource: '*' }, policies: {}, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'resource-policy fail EVAL_DA'] },
  { name: 'explicit deny in identity and resource policies', request: get(ALICE), policies: { identity: [denyAll('identity')], resource: policy('resource', { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }) }, decision: 'explicitDeny', steps: ['explicit-deny fail EVAL_DA'], says: /^2 Deny/ },
  { name: 'explicit deny in an SCP and an RCP', request: get(ALICE), policies: { identity: [allowAll('identity')], scps: [[allowAll('scp'), denyAll('scp')]], rcps: [[policy('rcp', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' })]] }, decision: 'explicitDeny', steps: ['explicit-deny fail EVAL_DA'], says: /^2 Deny/ },
  { name: 'explicit deny in a boundary and a session policy', request: get(SESSION), policies: { identity: [allowAll('identity')], boundary: denyAll('boundary'), session: [denyAll('session')] }, decision: 'explicitDeny', steps: ['explicit-deny fail EVAL_DA'], says: /^2 Deny/ },
  { name: 'AWS managed policy version', request: { principal: aws(ALICE), action: 'iam:CreatePolicyVersion', resource: 'arn:aws:iam::aws:policy/AdministratorAccess' }, policies: { identity: [allowAll('identity')] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'aws-managed-policy fail MANAGED'], says: /iam:CreatePolicyVersion/ },
  { name: 'AWS managed policy tag', request: { principal: aws(ALICE), action: 'iam:TagPolicy', resource: 'arn:aws:iam::aws:policy/AdministratorAccess' }, policies: { identity: [allowAll('identity')] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'aws-managed-policy fail TAG_POLICY'] },
  { name: 'AWS managed policy: reading it is not refused', request: { principal: aws(ALICE), action: 'iam:GetPolicy', resource: 'arn:aws:iam::aws:policy/AdministratorAccess' }, policies: { identity: [allowAll('identity')] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'resource-policy fail EVAL_XA'] },
  { name: 'service-linked role change', request: { principal: aws(ALICE), action: 'iam:DeleteRole', resource: SLR }, policies: { identity: [allowAll('identity')] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'protected-role fail SLR_UPDATE'], says: /elasticloadbalancing\.amazonaws\.com/ },
  { name: 'reserved role change', request: { principal: aws(ALICE), action: 'iam:UpdateRoleDescription', resource: RESERVED }, policies: { identity: [allowAll('identity')] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'protected-role fail RESERVED'], says: /aws-reserved/ },
  { name: 'service-linked role description stays open', request: { principal: aws(ALICE), action: 'iam:UpdateRoleDescription', resource: SLR }, policies: { identity: [allowAll('identity')] }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'identity pass EVAL_DA'] },
  { name: 'a service changes its service-linked role', request: { principal: { kind: 'service', service: 'elasticloadbalancing.amazonaws.com' }, action: 'iam:DeleteRole', resource: SLR }, policies: { resource: policy('resource', { Effect: 'Allow', Principal: { Service: 'elasticloadbalancing.amazonaws.com' }, Action: 'iam:DeleteRole', Resource: '*' }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'a user assumes a service-linked role', request: assume(ALICE, SLR), policies: { identity: [allowAll('identity')], resource: trust({ AWS: ALICE }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'service-linked-role-trust fail SLR'], says: /elasticloadbalancing\.amazonaws\.com/ },
  { name: 'attaching a service-role policy', request: { principal: aws(ALICE), action: 'iam:AttachRolePolicy', resource: `arn:aws:iam::${A}:role/Mine`, context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy' } }, policies: { identity: [allowAll('identity')] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'service-role-policy fail NOT_ATTACHABLE'], says: /AWSSupportServiceRolePolicy/ },
  { name: 'attaching another AWS managed policy', request: { principal: aws(ALICE), action: 'iam:AttachRolePolicy', resource: `arn:aws:iam::${A}:role/Mine`, context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }, policies: { identity: [allowAll('identity')] }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'identity pass EVAL_DA'] },
  { name: 'a service-linked role\'s session changes a service-linked role', request: { principal: aws(`arn:aws:sts::${A}:assumed-role/AWSServiceRoleForElasticLoadBalancing/s`), action: 'iam:DeleteRole', resource: SLR, context: { 'aws:PrincipalArn': SLR } }, policies: { identity: [allowAll('identity')] }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'identity pass EVAL_DA'] },
  { name: 'setting a service-role policy as a user\'s boundary', request: { principal: aws(ALICE), action: 'iam:PutUserPermissionsBoundary', resource: `arn:aws:iam::${A}:user/bob`, context: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy' } }, policies: { identity: [allowAll('identity')] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'service-role-policy fail NOT_ATTACHABLE'], says: /AWSSupportServiceRolePolicy/ },
  { name: 'a service attaches a service-role policy', request: { principal: { kind: 'service', service: 'support.amazonaws.com' }, action: 'iam:AttachRolePolicy', resource: `arn:aws:iam::${A}:role/Mine`, context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy' } }, policies: { resource: policy('resource', { Effect: 'Allow', Principal: { Service: 'support.amazonaws.com' }, Action: 'iam:AttachRolePolicy', Resource: '*' }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'a service-linked role\'s session attaches a service-role policy', request: { principal: aws(`arn:aws:sts::${A}:assumed-role/AWSServiceRoleForElasticLoadBalancing/s`), action: 'iam:AttachRolePolicy', resource: SLR, context: { 'aws:PrincipalArn': SLR, 'iam:PolicyARN': 'arn:aws:iam::aws:policy/aws-service-role/AWSElasticLoadBalancingServiceRolePolicy' } }, policies: { identity: [allowAll('identity')] }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'identity pass EVAL_DA'] },
  { name: 'attaching a policy the request does not name', request: { principal: aws(ALICE), action: 'iam:AttachUserPolicy', resource: `arn:aws:iam::${A}:user/bob` }, policies: { identity: [allowAll('identity')] }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'identity pass EVAL_DA'] },
  { name: 'RCP root level without an allow', request: get(ALICE), policies: { identity: [allowAll('identity')], rcps: [[], [rcpFull]] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'rcp fail RCP'], says: /^RCP level 0 \(root\)/ },
  { name: 'SCP OU level without an allow', request: get(ALICE), policies: { identity: [allowAll('identity')], scps: [[allowAll('scp')], [policy('scp', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' })], [allowAll('scp')]] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'scp fail SCP'], says: /^SCP level 1 \(OU\)/ },
  { name: 'SCP account level without an allow', request: get(ALICE), policies: { identity: [allowAll('identity')], scps: [[allowAll('scp')], [policy('scp', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' })]] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'scp fail SCP'], says: /^SCP level 1 \(account\)/ },
  { name: 'every SCP and RCP level allows', request: get(ALICE), policies: { identity: [allowAll('identity')], scps: [[allowAll('scp')], [allowAll('scp')]], rcps: [[policy('rcp', { Effect: 'Deny', Principal: '*', Action: 'ec2:*', Resource: '*' }), rcpFull], [rcpFull]] }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'rcp pass RCP', 'scp pass SCP', 'identity pass EVAL_DA'] },
  { name: 'SCPs do not bind a service caller', request: { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, policies: { scps: [[allowS3('scp')], [policy('scp', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' })]], resource: bucket({ Service: 'ec2.amazonaws.com' }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'across partitions', request: { principal: aws(`arn:aws-cn:iam::${A}:user/alice`), action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, policies: { identity: [allowAll('identity')], resource: bucket('*') }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'partition fail XACCT'], says: /`aws-cn`.*`aws`/ },
  { name: 'a federated user calls STS', request: { principal: aws(FED), action: 'sts:AssumeRole', resource: ROLE }, policies: { identity: [allowAll('identity')], session: [allowAll('session')], resource: trust({ AWS: FED }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'federated-user-api fail GFT'], says: /STS/ },
  { name: 'a federated user calls IAM', request: { principal: aws(FED), action: 'iam:ListRoles', resource: '*' }, policies: { identity: [allowAll('identity')], session: [allowAll('session')] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'federated-user-api fail GFT'], says: /IAM/ },
  { name: 'a federated user calls GetCallerIdentity', request: { principal: aws(FED), action: 'sts:GetCallerIdentity', resource: '*' }, policies: {}, decision: 'allowed', steps: ['no-authorization pass GCI'] },
  { name: 'a federated user calls S3', request: get(FED), policies: { identity: [allowAll('identity')], session: [allowAll('session')] }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'identity pass EVAL_DA'] },
  { name: 'the root user assumes a role', request: assume(ROOT), policies: { resource: trust({ AWS: A }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'root-cannot-assume fail ROLES'] },
  { name: 'the root user tags a session of a role', request: { principal: aws(ROOT), action: 'sts:TagSession', resource: ROLE }, policies: { resource: trust({ AWS: A }, 'sts:TagSession') }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'root pass EVAL_DA'] },
  { name: 'an anonymous caller assumes a role', request: { principal: { kind: 'anonymous' }, action: 'sts:AssumeRole', resource: ROLE }, policies: { resource: trust({ AWS: '*' }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'assume-api fail STSCMP'], says: /anonymous/ },
  { name: 'a web-identity caller uses AssumeRole', request: { principal: { kind: 'federated', provider: 'accounts.google.com' }, action: 'sts:AssumeRole', resource: ROLE }, policies: { resource: trust({ Federated: 'accounts.google.com' }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'assume-api fail STSCMP'], says: /sts:assumerolewithwebidentity/ },
  { name: 'a SAML caller uses its API', request: { principal: { kind: 'federated', provider: `arn:aws:iam::${A}:saml-provider/Sso` }, action: 'sts:AssumeRoleWithSAML', resource: ROLE }, policies: { resource: trust({ Federated: `arn:aws:iam::${A}:saml-provider/Sso` }, 'sts:AssumeRoleWithSAML') }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'a user uses AssumeRoleWithSAML', request: { principal: aws(ALICE), action: 'sts:AssumeRoleWithSAML', resource: ROLE }, policies: { resource: trust({ AWS: ALICE }, 'sts:AssumeRoleWithSAML') }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'assume-api fail STSCMP'], says: /sts:assumerole\b/ },
  { name: 'a user tags a session of a role it may assume', request: { principal: aws(ALICE), action: 'sts:TagSession', resource: ROLE }, policies: { resource: trust({ AWS: ALICE }, 'sts:TagSession') }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'the trust policy does not name the caller', request: assume(ALICE), policies: { identity: [allowAll('identity')], resource: trust({ AWS: BOB }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'trust-policy fail EVAL_DA'] },
  { name: 'the key policy does not name the caller', request: { principal: aws(ALICE), action: 'kms:Decrypt', resource: KEY }, policies: { identity: [allowAll('identity')], resource: keyPolicy({ AWS: BOB }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'key-policy fail EVAL_DA'] },
  { name: 'the key policy delegates to the account', request: { principal: aws(ALICE), action: 'kms:Decrypt', resource: KEY }, policies: { identity: [allowAll('identity')], resource: keyPolicy({ AWS: A }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'the key policy names the account, no identity allow', request: { principal: aws(ALICE), action: 'kms:Decrypt', resource: KEY }, policies: { resource: keyPolicy({ AWS: A }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'identity fail EVAL_DA'] },
  { name: 'a service caller without a resource grant', request: { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, policies: {}, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'resource-policy fail EVAL_DA'] },
  { name: 'a service caller with a resource grant', request: { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, policies: { resource: bucket({ Service: 'ec2.amazonaws.com' }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'the root user in its own account', request: get(ROOT), policies: {}, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'root pass EVAL_DA'] },
  { name: 'the root user across accounts without a grant', request: get(ROOT, B), policies: {}, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'resource-policy fail EVAL_XA'] },
  { name: 'the root user across accounts with a grant', request: get(ROOT, B), policies: { resource: bucket({ AWS: A }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'resource-policy pass EVAL_XA'] },
  { name: 'cross-account without a resource grant', request: get(BOB), policies: { identity: [allowAll('identity')] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'resource-policy fail EVAL_XA'] },
  { name: 'cross-account without an identity allow', request: get(BOB), policies: { resource: bucket({ AWS: BOB }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'identity fail EVAL_DA'] },
  { name: 'cross-account blocked by the boundary', request: get(BOB), policies: { identity: [allowAll('identity')], boundary: policy('boundary', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }), resource: bucket({ AWS: BOB }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'boundary fail BOUND'] },
  { name: 'cross-account federated user without a session policy', request: { principal: aws(`arn:aws:sts::${B}:federated-user/carol`), action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, policies: { identity: [allowAll('identity')], resource: bucket('*') }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'session fail GFT'] },
  { name: 'cross-account, both sides allow', request: get(BOB), policies: { identity: [allowAll('identity')], resource: bucket({ AWS: BOB }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'cross-account pass EVAL_XA'] },
  { name: 'same account, identity allows', request: get(ALICE), policies: { identity: [allowAll('identity')], resource: bucket({ AWS: ALICE }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'identity pass EVAL_DA'] },
  { name: 'same account, session policy refuses, no grant', request: get(SESSION), policies: { identity: [allowAll('identity')], session: [policy('session', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' })] }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'session fail EVAL_DA'] },
  { name: 'same account, user grant', request: get(ALICE), policies: { resource: bucket({ AWS: ALICE }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'same account, a user grant is not capped by the boundary', request: get(ALICE), policies: { boundary: policy('boundary', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }), resource: bucket({ AWS: ALICE }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'a request on "*" has no partition to compare', request: { principal: aws(`arn:aws-cn:iam::${A}:user/alice`), action: 's3:ListAllMyBuckets', resource: '*' }, policies: { identity: [allowAll('identity')] }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'identity pass EVAL_DA'] },
  { name: 'a web-identity caller from another partition (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html)', request: { principal: { kind: 'federated', provider: `arn:aws-cn:iam::${A}:oidc-provider/token.actions.githubusercontent.com` }, action: 'sts:AssumeRoleWithWebIdentity', resource: ROLE }, policies: { resource: trust({ Federated: `arn:aws-cn:iam::${A}:oidc-provider/token.actions.githubusercontent.com` }, 'sts:AssumeRoleWithWebIdentity') }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'partition fail XACCT'] },
  { name: 'same account, account grant needs the identity side', request: get(ALICE), policies: { resource: bucket({ AWS: A }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'identity fail EVAL_DA'] },
  { name: 'same account, role grant capped by the boundary', request: get(SESSION), policies: { boundary: policy('boundary', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }), resource: bucket({ AWS: `arn:aws:iam::${A}:role/R1` }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'boundary fail BOUND'] },
  { name: 'same account, role grant capped by the session policy', request: get(SESSION), policies: { session: [policy('session', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' })], resource: bucket({ AWS: `arn:aws:iam::${A}:role/R1` }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'session fail EVAL_DA'] },
  { name: 'trust naming the user, capped by the boundary', request: assume(ALICE), policies: { boundary: policy('boundary', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }), resource: trust({ AWS: ALICE }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'boundary fail TRUSTUPD'] },
  { name: 'trust naming the account, no identity allow', request: assume(ALICE), policies: { resource: trust({ AWS: A }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'identity fail EVAL_DA'] },
  { name: 'trust naming the user', request: assume(ALICE), policies: { resource: trust({ AWS: ALICE }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'trust naming "*" narrowed by aws:PrincipalArn, capped by the boundary', request: assume(ALICE), policies: { boundary: policy('boundary', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }), resource: policy('trust', { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { ArnEquals: { 'aws:PrincipalArn': ALICE } } }) }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'boundary fail BOUND'] },
  { name: 'trust naming the user, boundary cap switched off', request: assume(ALICE), policies: { boundary: policy('boundary', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }), resource: trust({ AWS: ALICE }) }, options: { boundaryCapsDirectTrustGrants: false }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'trust naming the role, identity demanded', request: assume(SESSION), policies: { resource: trust({ AWS: `arn:aws:iam::${A}:role/R1` }) }, options: { roleGrantNeedsIdentity: true }, decision: 'implicitDeny', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'identity fail EVAL_DA'] },
  { name: 'trust naming the role, identity demanded and given', request: assume(SESSION), policies: { identity: [allowAll('identity')], resource: trust({ AWS: `arn:aws:iam::${A}:role/R1` }) }, options: { roleGrantNeedsIdentity: true }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'trust-policy pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
  { name: 'bucket policy naming "*" narrowed by aws:PrincipalArn, not capped by the boundary', request: get(ALICE), policies: { boundary: policy('boundary', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }), resource: policy('resource', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { ArnEquals: { 'aws:PrincipalArn': ALICE } } }) }, decision: 'allowed', steps: ['explicit-deny pass EVAL_DA', 'resource-policy pass EVAL_DA'] },
]
