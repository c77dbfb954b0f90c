/**
 * Synthetic organizations for benchmarks: `get-account-authorization-details` objects per account plus
 * an organization file, with a realistic mix of trust forms (account roots with and without MFA or
 * ExternalId, named roles and users, services, GitHub OIDC, org-wide `*` with aws:PrincipalOrgID) and
 * identity policies shared through groups and managed policies.
 *
 *   node --import tsx bench/generateOrg.ts --principals 5000 --roles 1000 --accounts 10 --out /tmp/org
 *   node --import tsx bench/generateOrg.ts --enterprise --principals 50000 --roles 10000 --accounts 100 --out /tmp/org
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SnapshotInput } from '../src/snapshot/types.js'
import { generateEnterpriseOrg } from './enterpriseOrg.js'

/** Size of the organization. */
export interface OrgParameters {
  /** IAM users across all accounts. */
  readonly principals: number
  /** IAM roles across all accounts (they are principals too). */
  readonly roles: number
  readonly accounts: number
  readonly seed?: number
  /**
   * `mixed` (default): the trust forms drawn at random in every account, as the 5,000 × 1,000 benchmark
   * has always used. `enterprise`: an organization laid out as large ones are (bench/enterpriseOrg.ts):
   * OUs with their own SCPs, IAM Identity Center roles, OrganizationAccountAccessRole, a CI hub that
   * deploys through chains, an audit hub, service roles with confused-deputy conditions, ABAC roles.
   */
  readonly profile?: 'mixed' | 'enterprise'
  /**
   * Sprinkle escalation-capable permissions (for the escalations bench): admin roles trusted by EC2 and
   * Lambda, users who may pass them, create keys, write their own policies, or hold AdministratorAccess.
   * Off by default, so the other benchmarks see the same organization as before.
   */
  readonly escalations?: boolean
}

const V = '2012-10-17'
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const ORG = 'o-bench000001'

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A unique id in AWS's shape: the prefix (AIDA, AROA) and 17 characters. */
export function id(prefix: string, n: number): string {
  return `${prefix}${n.toString(36).toUpperCase().padStart(17, '0')}`
}

/** Generates the snapshot inputs of a synthetic organization. */
export function generateOrg(p: OrgParameters): SnapshotInput[] {
  if (p.profile === 'enterprise') return generateEnterpriseOrg(p)
  const random = rng(p.seed ?? 42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const accounts = Array.from({ length: p.accounts }, (_, i) => String(100000000000 + i * 1111))
  const teams = ['web', 'data', 'ml', 'payments', 'platform', 'mobile', 'search', 'infra']
  const files: SnapshotInput[] = []
  const roleNames = accounts.map(() => [] as string[])
  // Decide role names first so identity policies can name real roles.
  for (let r = 0; r < p.roles; r++) roleNames[r % p.accounts]?.push(`${pick(teams)}-role-${r}`)

  accounts.forEach((account, ai) => {
    const policyArn = (name: string): string => `arn:aws:iam::${account}:policy/${name}`
    const other = (): string => accounts[(ai + 1 + Math.floor(random() * (p.accounts - 1))) % p.accounts] as string
    const managed = [
      { name: 'AssumeAnyRole', doc: { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/*' }] } },
      ...teams.map((t) => ({ name: `Assume-${t}`, doc: { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [`arn:aws:iam::*:role/${t}-*`] }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, StringLike: { 'aws:RequestedRegion': 'cn-*' } } }] } })),
      { name: 'ReadOnly', doc: { Version: V, Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'ec2:Describe*'], Resource: '*' }] } },
      { name: 'Boundary', doc: { Version: V, Statement: [{ Effect: 'Allow', Action: ['sts:*', 's3:*', 'ec2:*'], Resource: '*' }] } },
      ...(p.escalations === true
        ? [
            { name: 'Deployer', doc: { Version: V, Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${account}:role/deploy-*`, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }, { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode'], Resource: `arn:aws:lambda:*:${account}:function:*` }] } },
            { name: 'Operator', doc: { Version: V, Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${account}:role/ops-*`, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }, { Effect: 'Allow', Action: ['ec2:RunInstances', 'ssm:SendCommand', 'ssm:StartSession'], Resource: '*' }] } },
            { name: 'SelfService', doc: { Version: V, Statement: [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile', 'iam:PutUserPolicy'], Resource: `arn:aws:iam::${account}:user/\${aws:username}` }] } },
            { name: 'PowerUser', doc: { Version: V, Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }, { Effect: 'Allow', Action: ['iam:PassRole', 'iam:ListRoles', 'iam:GetRole'], Resource: '*' }] } },
          ]
        : []),
    ]
    const adminAttached = p.escalations === true ? [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] : []
    const groups = [
      { GroupName: 'admins', Arn: `arn:aws:iam::${account}:group/admins`, GroupPolicyList: [], AttachedManagedPolicies: [{ PolicyName: 'AssumeAnyRole', PolicyArn: policyArn('AssumeAnyRole') }, ...adminAttached] },
      ...(p.escalations === true
        ? ['Deployer', 'Operator', 'PowerUser'].map((n) => ({ GroupName: n.toLowerCase(), Arn: `arn:aws:iam::${account}:group/${n.toLowerCase()}`, GroupPolicyList: [], AttachedManagedPolicies: [{ PolicyName: n, PolicyArn: policyArn(n) }] }))
        : []),
      ...teams.map((t) => ({ GroupName: t, Arn: `arn:aws:iam::${account}:group/${t}`, GroupPolicyList: [], AttachedManagedPolicies: [{ PolicyName: `Assume-${t}`, PolicyArn: policyArn(`Assume-${t}`) }, { PolicyName: 'ReadOnly', PolicyArn: policyArn('ReadOnly') }] })),
    ]
    const users = []
    const perAccount = Math.floor(p.principals / p.accounts) + (ai < p.principals % p.accounts ? 1 : 0)
    for (let u = 0; u < perAccount; u++) {
      const name = `user-${ai}-${u}`
      const team = pick(teams)
      const admin = random() < 0.03
      const extra = p.escalations === true ? (random() < 0.05 ? ['deployer'] : random() < 0.04 ? ['operator'] : random() < 0.02 ? ['poweruser'] : []) : []
      const selfService = p.escalations === true && random() < 0.3 ? [{ PolicyName: 'SelfService', PolicyArn: policyArn('SelfService') }] : []
      users.push({
        Path: '/', UserName: name, UserId: id('AIDA', ai * 100000 + u), Arn: `arn:aws:iam::${account}:user/${name}`,
        GroupList: admin ? ['admins', team, ...extra] : [team, ...extra],
        ...(selfService.length > 0 ? { AttachedManagedPolicies: selfService } : {}),
        UserPolicyList: random() < 0.1 ? [{ PolicyName: 'extra', PolicyDocument: { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${other()}:role/${pick(roleNames[ai] ?? ['x'])}` }] } }] : [],
        ...(selfService.length > 0 ? {} : { AttachedManagedPolicies: [] }),
        Tags: [{ Key: 'team', Value: team }],
        ...(random() < 0.2 ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('Boundary') } } : {}),
      })
    }
    const roles: Record<string, unknown>[] = (roleNames[ai] ?? []).map((name, ri) => {
      const x = random()
      const team = name.split('-')[0] as string
      let statement: Record<string, unknown>
      if (x < 0.2) statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${pick(accounts)}:root` }, Action: 'sts:AssumeRole' }
      else if (x < 0.3) statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${pick(accounts)}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'aws:PrincipalTag/team': team } } }
      else if (x < 0.38) statement = { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': `ext-${ri}` } } }
      else if (x < 0.6) {
        const names = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const a = Math.floor(random() * p.accounts)
          return random() < 0.5 ? `arn:aws:iam::${accounts[a]}:role/${pick(roleNames[a] ?? ['x'])}` : `arn:aws:iam::${accounts[a]}:user/user-${a}-${Math.floor(random() * Math.max(1, perAccount))}`
        })
        statement = { Effect: 'Allow', Principal: { AWS: names }, Action: 'sts:AssumeRole' }
      } else if (x < 0.78) statement = { Effect: 'Allow', Principal: { Service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']) }, Action: 'sts:AssumeRole' }
      else if (x < 0.9) {
        statement = { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': `repo:example-org/${team}-${ri}:*` } } }
      } else if (x < 0.92) statement = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalTag/team': team } } }
      else statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }
      return {
        Path: '/', RoleName: name, RoleId: id('AROA', ai * 100000 + ri), Arn: `arn:aws:iam::${account}:role/${name}`,
        AssumeRolePolicyDocument: { Version: V, Statement: [statement] },
        RolePolicyList: random() < 0.3 ? [{ PolicyName: 'chain', PolicyDocument: { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${team}-*` }] } }] : [],
        AttachedManagedPolicies: [{ PolicyName: 'ReadOnly', PolicyArn: policyArn('ReadOnly') }],
        Tags: [{ Key: 'team', Value: team }], InstanceProfileList: [],
      }
    })
    if (p.escalations === true) {
      const adminRole = (name: string, service: string, profile: boolean): Record<string, unknown> => ({
        Path: '/', RoleName: name, RoleId: id('AROA', ai * 100000 + 90000 + roles.length), Arn: `arn:aws:iam::${account}:role/${name}`,
        AssumeRolePolicyDocument: { Version: V, Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] },
        RolePolicyList: [], AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }], Tags: [],
        InstanceProfileList: profile ? [{ InstanceProfileName: name, Arn: `arn:aws:iam::${account}:instance-profile/${name}`, Path: '/', InstanceProfileId: id('AIPA', ai), Roles: [] }] : [],
      })
      roles.push(adminRole('ops-admin', 'ec2.amazonaws.com', true), adminRole('deploy-admin', 'lambda.amazonaws.com', false))
    }
    const Policies = managed.map((m) => ({ PolicyName: m.name, Arn: policyArn(m.name), DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: m.doc }] }))
    if (p.escalations === true) Policies.push({ PolicyName: 'AdministratorAccess', Arn: ADMIN, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] })
    files.push({ file: `account-${account}.json`, value: { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies } })
  })

  const full = { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
  files.push({
    file: 'organization.json',
    value: {
      organization: {
        id: ORG, managementAccountId: accounts[0],
        policies: {
          'p-full': { name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: full },
          'p-deny': { name: 'DenyRegions', type: 'SERVICE_CONTROL_POLICY', document: { Version: V, Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } }] } },
          'p-rcp': { name: 'OrgOnlySTS', type: 'RESOURCE_CONTROL_POLICY', document: { Version: V, Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalAccount': ['444455556666'] }, Null: { 'aws:PrincipalAccount': 'false' } } }] } },
        },
        root: {
          id: 'r-b000', policies: ['p-full', 'p-rcp'],
          accounts: [{ id: accounts[0], policies: ['p-full'] }],
          children: [{ id: 'ou-b000-work0001', name: 'Workloads', policies: ['p-full', 'p-deny'], children: [], accounts: accounts.slice(1).map((a) => ({ id: a, policies: ['p-full'] })) }],
        },
      },
    },
  })
  return files
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}

if (process.argv[1] !== undefined && process.argv[1].endsWith('generateOrg.ts')) {
  const outIndex = process.argv.indexOf('--out')
  const out = outIndex < 0 ? 'bench-org' : (process.argv[outIndex + 1] as string)
  mkdirSync(out, { recursive: true })
  const profile = process.argv.includes('--enterprise') ? 'enterprise' : 'mixed'
  const files = generateOrg({ principals: arg('principals', 5000), roles: arg('roles', 1000), accounts: arg('accounts', 10), seed: arg('seed', 42), profile })
  for (const f of files) writeFileSync(join(out, f.file), JSON.stringify(f.value))
  process.stdout.write(`wrote ${files.length} files to ${out}\n`)
}
