/**
 * Writes the two benchmark scenarios (bench/scenarios/*.json). Run once with
 * `node --import tsx bench/makeScenarios.ts`; the files are committed so `iamtrace test bench/` checks them.
 *
 * (a) same-account sts:AssumeRole: a trust policy naming the caller role, one identity policy.
 * (b) cross-account sts:AssumeRole by a user through three SCP levels, a boundary, a conditioned trust
 *     policy and 20 identity policies of 10 statements where only the very last statement grants.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const V = '2012-10-17'
const CALLER_ACCOUNT = '111111111111'
const TARGET_ACCOUNT = '222222222222'
const ORG = 'o-abc123def4'

/** (a): same account, trust names the caller role, one identity policy allows the assume. */
export const sameAccount = {
  description: 'Benchmark (a): same-account AssumeRole; the trust policy names the caller role, one identity policy allows',
  source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
  request: {
    principal: `arn:aws:iam::${CALLER_ACCOUNT}:role/Builder`,
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${CALLER_ACCOUNT}:role/Deployer`,
    context: {},
  },
  principalPolicies: {
    identity: [
      {
        name: 'AllowAssumeDeployer',
        document: { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${CALLER_ACCOUNT}:role/Deployer` }] },
      },
    ],
    boundary: null,
    session: [],
    scps: [],
  },
  resourcePolicies: {
    resource: {
      name: 'DeployerTrust',
      document: {
        Version: V,
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CALLER_ACCOUNT}:role/Builder` }, Action: 'sts:AssumeRole' }],
      },
    },
    rcps: [],
  },
  expect: { decision: 'allowed' },
}

function scp(level: string): { name: string; document: unknown } {
  return {
    name: `${level}-guardrails`,
    document: {
      Version: V,
      Statement: [
        { Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
        {
          Sid: 'RegionLock',
          Effect: 'Deny',
          NotAction: ['iam:*', 'sts:*', 'organizations:*', 'support:*', 'cloudfront:*', 'route53:*', 'budgets:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        },
        {
          Sid: 'DenyWithoutMfa',
          Effect: 'Deny',
          Action: ['iam:*', 'sts:AssumeRole', 'ec2:TerminateInstances'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
        {
          Sid: 'DenyOutsideOrg',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
        },
      ],
    },
  }
}

/** Ten statement shapes; none grants sts:AssumeRole on the target, several look at sts. */
function statement(p: number, i: number): Record<string, unknown> {
  const sid = `P${p}S${i}`
  switch ((p * 10 + i) % 10) {
    case 0:
      return { Sid: sid, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::home-bucket-${p}/\${aws:username}/*` }
    case 1:
      return {
        Sid: sid,
        Effect: 'Deny',
        NotAction: ['sts:*', 's3:*', 'ec2:Describe*', 'iam:Get*', 'iam:List*', 'kms:Decrypt', 'logs:*'],
        Resource: '*',
        Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24', '10.0.0.0/8'] } },
      }
    case 2:
      return {
        Sid: sid,
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: `arn:aws:iam::${TARGET_ACCOUNT}:role/\${aws:PrincipalTag/team}-readonly-${p}`,
      }
    case 3:
      return {
        Sid: sid,
        Effect: 'Deny',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: [`arn:aws:iam::*:role/Admin*`, `arn:aws:iam::*:role/Break-Glass-${p}`],
      }
    case 4:
      return {
        Sid: sid,
        Effect: 'Allow',
        Action: ['ec2:RunInstances', 'ec2:CreateTags'],
        Resource: '*',
        Condition: {
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'project', 'cost-center'] },
          StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' },
        },
      }
    case 5:
      return {
        Sid: sid,
        Effect: 'Allow',
        NotAction: ['iam:*', 'sts:*', 'organizations:*', 'account:*'],
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } },
      }
    case 6:
      return {
        Sid: sid,
        Effect: 'Deny',
        Action: 'sts:*',
        Resource: '*',
        Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['forbidden-*', 'admin-*'] } },
      }
    case 7:
      return {
        Sid: sid,
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Resource: `arn:aws:iam::${TARGET_ACCOUNT}:role/*`,
        Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${p}` } },
      }
    case 8:
      return {
        Sid: sid,
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
        Resource: `arn:aws:dynamodb:*:${CALLER_ACCOUNT}:table/\${aws:PrincipalTag/team}-*`,
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:username}'] } },
      }
    default:
      return {
        Sid: sid,
        Effect: 'Deny',
        Action: ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'sts:AssumeRole'],
        NotResource: [`arn:aws:iam::${CALLER_ACCOUNT}:user/\${aws:username}`, `arn:aws:iam::*:role/*`],
      }
  }
}

function identityPolicies(): { name: string; document: unknown }[] {
  const out: { name: string; document: unknown }[] = []
  for (let p = 0; p < 20; p++) {
    const statements = []
    for (let i = 0; i < 10; i++) statements.push(statement(p, i))
    if (p === 19) {
      statements[9] = {
        Sid: 'GrantDeployAssume',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: `arn:aws:iam::${TARGET_ACCOUNT}:role/Deploy`,
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'platform' } },
      }
    }
    out.push({ name: `team-policy-${String(p).padStart(2, '0')}`, document: { Version: V, Statement: statements } })
  }
  return out
}

/** (b): cross-account, three SCP levels, boundary, conditioned trust, 200 identity statements. */
export const crossAccount = {
  description: 'Benchmark (b): cross-account AssumeRole by a user through SCPs, a boundary, a conditioned trust policy and 200 identity statements',
  source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
  request: {
    principal: `arn:aws:iam::${CALLER_ACCOUNT}:user/alice`,
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${TARGET_ACCOUNT}:role/Deploy`,
    context: {
      'aws:username': 'alice',
      'aws:PrincipalTag/team': 'platform',
      'aws:PrincipalOrgID': ORG,
      'aws:RequestedRegion': 'us-east-1',
      'aws:MultiFactorAuthPresent': 'true',
      'aws:MultiFactorAuthAge': '300',
      'aws:SourceIp': '203.0.113.10',
      'sts:ExternalId': 'deploy-7f3c',
      'aws:TagKeys': ['team', 'project'],
    },
  },
  principalPolicies: {
    identity: identityPolicies(),
    boundary: {
      name: 'DeveloperBoundary',
      document: {
        Version: V,
        Statement: [
          { Sid: 'AllowWork', Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'dynamodb:*', 'logs:*', 'sts:AssumeRole', 'sts:TagSession'], Resource: '*' },
          { Sid: 'NoIamWrites', Effect: 'Deny', Action: ['iam:Create*', 'iam:Put*', 'iam:Attach*', 'iam:Delete*'], Resource: '*' },
        ],
      },
    },
    session: [],
    scps: [[scp('root')], [scp('ou-workloads')], [scp('account')]],
  },
  resourcePolicies: {
    resource: {
      name: 'DeployTrust',
      document: {
        Version: V,
        Statement: [
          {
            Sid: 'TrustCallerAccountWithMfa',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` },
            Action: 'sts:AssumeRole',
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
              StringEquals: { 'sts:ExternalId': 'deploy-7f3c' },
              NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
            },
          },
          {
            Sid: 'DenyOutsideOrg',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sts:AssumeRole',
            Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
          },
        ],
      },
    },
    rcps: [],
  },
  expect: { decision: 'allowed' },
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('./scenarios/', import.meta.url)
  writeFileSync(new URL('same-account.json', dir), `${JSON.stringify(sameAccount, null, 2)}\n`)
  writeFileSync(new URL('cross-account-complex.json', dir), `${JSON.stringify(crossAccount, null, 2)}\n`)
}
