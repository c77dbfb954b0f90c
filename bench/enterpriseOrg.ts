/**
 * A synthetic organization laid out as large ones are, for the organization-scale benchmark
 * (`generateOrg({ profile: 'enterprise', … })`):
 *
 * - a management account, a tooling (CI) account, a security account, and workload accounts split
 *   between a Prod and a Dev OU; SCPs at the root (FullAWSAccess, no leaving the organization), on the
 *   workloads OU (a region lock) and on Dev (no AssumeRole into Prod, by `aws:ResourceOrgPaths`); an RCP
 *   at the root that keeps principals outside the organization out of every role but a vendor's;
 * - in every member account: `OrganizationAccountAccessRole` (trusted by the management account, with
 *   administrator permissions, so it can chain onwards), two IAM Identity Center roles trusted by the
 *   account's SAML provider (`sts:AssumeRoleWithSAML` + `sts:TagSession`; the administrator one can chain),
 *   a `deploy` role trusted by the CI hub role of the tooling account (itself trusted by GitHub Actions
 *   through OIDC), and an `audit-readonly` role trusted by the security account's auditor role;
 * - the other roles drawn from: service roles (EC2, Lambda, ECS tasks, Glue, Step Functions; a third
 *   with `aws:SourceAccount`), another account's root (half with MFA and a team tag), the same account's
 *   root (with MFA, or a source-IP range), named roles and users across accounts, a vendor with an
 *   ExternalId, GitHub OIDC with `aud` and `sub`, and a few org-wide ABAC roles (`Principal: *` with
 *   `aws:PrincipalOrgID` and a team tag); 8 % may assume their team's roles anywhere (chains), 20 % have a
 *   permissions boundary;
 * - users in teams: a group per team whose managed policy allows assuming the team's roles and denies it
 *   without MFA, administrators, inline grants of one role elsewhere, boundaries, and service users.
 */
import type { SnapshotInput } from '../src/snapshot/types.js'
import { id, rng } from './generateOrg.js'
import type { OrgParameters } from './generateOrg.js'

const V = '2012-10-17'
const ORG = 'o-ent0000001'
const ROOT = 'r-e000'
const OU = { core: 'ou-e000-core0001', workloads: 'ou-e000-work0001', prod: 'ou-e000-prod0001', dev: 'ou-e000-dev00001' }
const TEAMS = ['web', 'data', 'ml', 'payments', 'platform', 'mobile', 'search', 'infra']
const SERVICES = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'glue.amazonaws.com', 'states.amazonaws.com']
const GITHUB = 'token.actions.githubusercontent.com'
const VENDOR = '444455556666'

type Json = Record<string, unknown>
const doc = (...Statement: Json[]): Json => ({ Version: V, Statement })
const allow = (Action: string | string[], Resource: string | string[], Condition?: Json): Json => ({ Effect: 'Allow', Action, Resource, ...(Condition !== undefined ? { Condition } : {}) })

/** Where each account sits: 0 management, 1 tooling, 2 security, then Prod and Dev in turn. */
function placement(ai: number): 'management' | 'tooling' | 'security' | 'prod' | 'dev' {
  if (ai === 0) return 'management'
  if (ai === 1) return 'tooling'
  if (ai === 2) return 'security'
  return ai % 2 === 1 ? 'prod' : 'dev'
}

/** Generates the snapshot inputs of an enterprise-shaped organization. */
export function generateEnterpriseOrg(p: OrgParameters): SnapshotInput[] {
  const random = rng(p.seed ?? 42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const accounts = Array.from({ length: p.accounts }, (_, i) => String(100000000000 + i * 1111))
  const tooling = accounts[Math.min(1, accounts.length - 1)] as string
  const security = accounts[Math.min(2, accounts.length - 1)] as string
  const perAccount = (total: number, ai: number): number => Math.floor(total / p.accounts) + (ai < total % p.accounts ? 1 : 0)
  // Team role names first, so that identity policies and trust policies can name real roles.
  const teamRoles = accounts.map(() => [] as string[])
  let r = 0
  const specials = (ai: number): number => (perAccount(p.roles, ai) < 10 ? 0 : placement(ai) === 'management' ? 2 : placement(ai) === 'tooling' || placement(ai) === 'security' ? 6 : 5)
  accounts.forEach((_, ai) => {
    for (let k = specials(ai); k < perAccount(p.roles, ai); k++) teamRoles[ai]?.push(`${pick(TEAMS)}-role-${r++}`)
  })
  const users = accounts.map((_, ai) => perAccount(p.principals, ai))
  const files: SnapshotInput[] = accounts.map((account, ai) => ({ file: `account-${account}.json`, value: accountDetails(account, ai) }))
  files.push({ file: 'organization.json', value: organization() })
  return files

  function accountDetails(account: string, ai: number): Json {
    const arn = (kind: string, name: string, acct = account): string => `arn:aws:iam::${acct}:${kind}/${name}`
    const other = (): number => (ai + 1 + Math.floor(random() * (p.accounts - 1))) % p.accounts
    const managed: { name: string; doc: Json }[] = [
      { name: 'AdminAccess', doc: doc(allow('*', '*')) },
      { name: 'ReadOnly', doc: doc(allow(['s3:Get*', 's3:List*', 'ec2:Describe*', 'cloudwatch:Get*'], '*')) },
      { name: 'Boundary', doc: doc(allow(['sts:*', 's3:*', 'ec2:*', 'lambda:*', 'dynamodb:*'], '*')) },
      ...TEAMS.map((t) => ({
        name: `Assume-${t}`,
        doc: doc(allow('sts:AssumeRole', `arn:aws:iam::*:role/${t}-*`), { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
      })),
    ]
    const managedArn = (name: string): Json => ({ PolicyName: name, PolicyArn: arn('policy', name) })
    const groups = [
      { GroupName: 'admins', Arn: arn('group', 'admins'), GroupPolicyList: [], AttachedManagedPolicies: [managedArn('AdminAccess')] },
      ...TEAMS.map((t) => ({ GroupName: t, Arn: arn('group', t), GroupPolicyList: [], AttachedManagedPolicies: [managedArn(`Assume-${t}`), managedArn('ReadOnly')] })),
    ]
    const userList: Json[] = []
    for (let u = 0; u < (users[ai] ?? 0); u++) {
      const name = random() < 0.05 ? `svc-${ai}-${u}` : `user-${ai}-${u}`
      const team = pick(TEAMS)
      const service = name.startsWith('svc-')
      const roles = teamRoles[other()] ?? []
      userList.push({
        Path: service ? '/service/' : '/', UserName: name, UserId: id('AIDA', ai * 1_000_000 + u), Arn: `arn:aws:iam::${account}:user${service ? '/service' : ''}/${name}`,
        GroupList: service ? [] : random() < 0.03 ? ['admins', team] : [team],
        UserPolicyList: (service || random() < 0.1) && roles.length > 0 ? [{ PolicyName: 'assume-one', PolicyDocument: doc(allow('sts:AssumeRole', `arn:aws:iam::${accounts[other()]}:role/${pick(roles)}`)) }] : [],
        AttachedManagedPolicies: [],
        Tags: [{ Key: 'team', Value: team }, ...(service ? [{ Key: 'kind', Value: 'service' }] : [])],
        ...(random() < 0.2 ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn('policy', 'Boundary') } } : {}),
      })
    }
    let roleCount = 0
    const role = (name: string, trust: Json[], extra: Json = {}, path = '/'): Json => ({
      Path: path, RoleName: name, RoleId: id('AROA', ai * 1_000_000 + roleCount++), Arn: `arn:aws:iam::${account}:role${path}${name}`,
      AssumeRolePolicyDocument: doc(...trust), RolePolicyList: [], AttachedManagedPolicies: [managedArn('ReadOnly')], Tags: [], InstanceProfileList: [], MaxSessionDuration: 3600, ...extra,
    })
    const roleList: Json[] = []
    const where = placement(ai)
    if (specials(ai) > 0) {
      const sso = `AWSSSO_${(0xabc000 + ai).toString(16)}0000000_DO_NOT_DELETE`
      const samlTrust = { Effect: 'Allow', Principal: { Federated: arn('saml-provider', sso) }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'], Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }
      const ssoPath = '/aws-reserved/sso.amazonaws.com/'
      roleList.push(role(`AWSReservedSSO_AdministratorAccess_${(0x1000 + ai).toString(16)}`, [samlTrust], { AttachedManagedPolicies: [managedArn('AdminAccess')] }, ssoPath))
      roleList.push(role(`AWSReservedSSO_ReadOnly_${(0x2000 + ai).toString(16)}`, [samlTrust], {}, ssoPath))
      if (where !== 'management') {
        roleList.push(role('OrganizationAccountAccessRole', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accounts[0]}:root` }, Action: 'sts:AssumeRole' }], { AttachedManagedPolicies: [managedArn('AdminAccess')] }))
        roleList.push(role('deploy', [{ Effect: 'Allow', Principal: { AWS: arn('role', 'ci-deployer', tooling) }, Action: 'sts:AssumeRole' }], { AttachedManagedPolicies: [managedArn('Boundary')] }))
        roleList.push(role('audit-readonly', [{ Effect: 'Allow', Principal: { AWS: arn('role', 'security-auditor', security) }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'audit' } } }]))
      }
      if (where === 'tooling') {
        roleList.push(role('ci-deployer', [{ Effect: 'Allow', Principal: { Federated: arn('oidc-provider', GITHUB) }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: 'repo:example-org/*:ref:refs/heads/main' } } }], { RolePolicyList: [{ PolicyName: 'deploy-everywhere', PolicyDocument: doc(allow('sts:AssumeRole', 'arn:aws:iam::*:role/deploy')) }] }))
      }
      if (where === 'security') {
        roleList.push(role('security-auditor', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }], { RolePolicyList: [{ PolicyName: 'audit-everywhere', PolicyDocument: doc(allow('sts:AssumeRole', 'arn:aws:iam::*:role/audit-readonly')) }] }))
      }
    }
    for (const [ri, name] of (teamRoles[ai] ?? []).entries()) {
      const team = name.split('-')[0] as string
      const x = random()
      let statement: Json
      if (x < 0.35) {
        const service = pick(SERVICES)
        statement = { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(random() < 0.33 ? { Condition: { StringEquals: { 'aws:SourceAccount': account } } } : {}) }
      } else if (x < 0.5) {
        const conditioned = random() < 0.5
        statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accounts[other()]}:root` }, Action: 'sts:AssumeRole', ...(conditioned ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'aws:PrincipalTag/team': team } } } : {}) }
      } else if (x < 0.63) statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }
      else if (x < 0.71) statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }
      else if (x < 0.86) {
        const names = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const a = other()
          return random() < 0.5 ? `arn:aws:iam::${accounts[a]}:role/${pick(teamRoles[a] ?? ['x'])}` : `arn:aws:iam::${accounts[a]}:user/user-${a}-${Math.floor(random() * Math.max(1, users[a] ?? 1))}`
        })
        statement = { Effect: 'Allow', Principal: { AWS: names }, Action: 'sts:AssumeRole' }
      } else if (x < 0.91) statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': `ext-${ai}-${ri}` } } }
      else if (x < 0.99) {
        statement = { Effect: 'Allow', Principal: { Federated: arn('oidc-provider', GITHUB) }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: `repo:example-org/${team}-${ri}:*` } } }
      } else statement = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalTag/team': team } } }
      roleList.push(role(name, [statement], {
        RolePolicyList: random() < 0.08 ? [{ PolicyName: 'chain', PolicyDocument: doc(allow('sts:AssumeRole', `arn:aws:iam::*:role/${team}-*`)) }] : [],
        Tags: [{ Key: 'team', Value: team }],
        ...(random() < 0.2 ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn('policy', 'Boundary') } } : {}),
      }))
    }
    const Policies = managed.map((m) => ({ PolicyName: m.name, Arn: arn('policy', m.name), DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: m.doc }] }))
    return { UserDetailList: userList, GroupDetailList: groups, RoleDetailList: roleList, Policies }
  }

  function organization(): Json {
    const node = (ai: number): Json => ({ id: accounts[ai], name: `${placement(ai)}-${ai}`, policies: ['p-full'] })
    const indexes = accounts.map((_, i) => i)
    return {
      organization: {
        id: ORG, managementAccountId: accounts[0],
        policies: {
          'p-full': { name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: doc(allow('*', '*')) },
          'p-stay': { name: 'DenyLeaveOrganization', type: 'SERVICE_CONTROL_POLICY', document: doc({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }) },
          'p-regions': { name: 'DenyRegions', type: 'SERVICE_CONTROL_POLICY', document: doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } }) },
          'p-noprod': { name: 'DenyProdFromDev', type: 'SERVICE_CONTROL_POLICY', document: doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': `${ORG}/${ROOT}/${OU.workloads}/${OU.prod}/*` } } }) },
          'p-rcp': { name: 'OrgOnlySTS', type: 'RESOURCE_CONTROL_POLICY', document: doc({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalAccount': [VENDOR] }, Null: { 'aws:PrincipalAccount': 'false' } } }) },
        },
        root: {
          id: ROOT, policies: ['p-full', 'p-stay', 'p-rcp'],
          accounts: [node(0)],
          children: [
            { id: OU.core, name: 'Core', policies: ['p-full'], children: [], accounts: indexes.filter((i) => placement(i) === 'tooling' || placement(i) === 'security').map(node) },
            {
              id: OU.workloads, name: 'Workloads', policies: ['p-full', 'p-regions'], accounts: [],
              children: [
                { id: OU.prod, name: 'Prod', policies: ['p-full'], children: [], accounts: indexes.filter((i) => placement(i) === 'prod').map(node) },
                { id: OU.dev, name: 'Dev', policies: ['p-full', 'p-noprod'], children: [], accounts: indexes.filter((i) => placement(i) === 'dev').map(node) },
              ],
            },
          ],
        },
      },
    }
  }
}
