/**
 * Snapshot loading: both shapes, URL-encoded and object policy documents, merged pages, and every
 * problem reported with file and pointer; nothing that failed to load grants access.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
import { describe, expect, it } from 'vitest'
import { canAssume } from '../../../src/graph/canAssume.js'
import { evaluateCompiled } from '../../../src/evaluate/evaluate.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import { authDetails, doc, roleRecord, userRecord } from './helpers.js'

const GAAD = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html'
const A = '111122223333'
const trustAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' })
const assumeAll = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })
const managed = (arn: string, document: unknown): Record<string, unknown> => ({
  PolicyName: arn.split('/').pop(), Arn: arn, DefaultVersionId: 'v2',
  PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: false, Document: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) }, { VersionId: 'v2', IsDefaultVersion: true, Document: document }],
})
const codes = (s: { diagnostics: readonly { code: string; pointer: string; file?: string }[] }): [string, string, string | undefined][] => s.diagnostics.map((d) => [d.code, d.pointer, d.file])

describe('loading authorization details', () => {
  it(`reads URL-encoded documents and merges pages (${GAAD})`, () => {
    const page1 = authDetails({ users: [userRecord(A, 'alice', { AttachedManagedPolicies: [{ PolicyName: 'Assume', PolicyArn: `arn:aws:iam::${A}:policy/Assume` }] })] })
    const page2 = authDetails({
      roles: [roleRecord(A, 'Target', encodeURIComponent(JSON.stringify(trustAccount)))],
      policies: [managed(`arn:aws:iam::${A}:policy/Assume`, assumeAll)],
    })
    const s = loadSnapshot([{ file: 'p1.json', text: JSON.stringify(page1) }, { file: 'p2.json', value: page2 }])
    expect(codes(s)).toEqual([])
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('allowed')
  })

  it('shares one compiled managed policy between every principal that attaches it', () => {
    const attach = [{ PolicyName: 'Assume', PolicyArn: `arn:aws:iam::${A}:policy/Assume` }]
    const s = loadSnapshot([{ file: 'a.json', value: authDetails({ users: [userRecord(A, 'a', { AttachedManagedPolicies: attach }), userRecord(A, 'b', { AttachedManagedPolicies: attach })], policies: [managed(`arn:aws:iam::${A}:policy/Assume`, assumeAll)] }) }])
    const [a, b] = [...s.principals.values()]
    expect(a?.identity[0]).toBe(b?.identity[0])
  })

  it(`reports a missing managed policy and grants nothing with it (${GAAD})`, () => {
    const s = loadSnapshot([{ file: 'a.json', text: JSON.stringify(authDetails({ users: [userRecord(A, 'alice', { AttachedManagedPolicies: [{ PolicyName: 'Gone', PolicyArn: `arn:aws:iam::${A}:policy/Gone` }] })], roles: [roleRecord(A, 'Target', trustAccount)] })) }])
    expect(codes(s)).toEqual([['snapshot.missing-managed-policy', '/UserDetailList/0/AttachedManagedPolicies/0', 'a.json']])
    expect(s.diagnostics[0]?.position).toBeDefined()
    expect(s.complete).toBe(false)
    expect(s.gaps.map((g) => [g.code, g.file, g.principals])).toEqual([['snapshot.missing-managed-policy', 'a.json', [`arn:aws:iam::${A}:user/alice`]]])
    // The evaluator reads the missing policy as granting nothing; an analysis cannot say "no access".
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('uncertain')
    expect(r.ok && r.value.uncertain.map((u) => [u.code, u.file])).toEqual([['snapshot.missing-managed-policy', 'a.json']])
  })

  it('reports a role without trust policy: the evaluator lets nobody assume it, an analysis says uncertain', () => {
    const record = roleRecord(A, 'NoTrust', trustAccount)
    delete record.AssumeRolePolicyDocument
    const s = loadSnapshot([{ file: 'a.json', value: authDetails({ users: [userRecord(A, 'alice', { UserPolicyList: [{ PolicyName: 'p', PolicyDocument: assumeAll }] })], roles: [record] }) }])
    expect(codes(s)).toEqual([['snapshot.missing-trust-policy', '/RoleDetailList/0', 'a.json']])
    const r = canAssume(s, 'alice', 'NoTrust')
    expect(r.ok && r.value.decision).toBe('uncertain')
    expect(r.ok && r.value.uncertain.map((u) => u.code)).toEqual(['snapshot.missing-trust-policy'])
  })

  it('an unreadable Allow-only policy grants nothing; its parse errors carry the snapshot pointer', () => {
    const bad = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Bogus: 1 }] }
    const s = loadSnapshot([{ file: 'a.json', text: JSON.stringify(authDetails({ users: [userRecord(A, 'alice', { UserPolicyList: [{ PolicyName: 'bad', PolicyDocument: bad }] })], roles: [roleRecord(A, 'Target', trustAccount)] })) }])
    expect(codes(s)).toEqual([
      ['policy.unknown-key', '/UserDetailList/0/UserPolicyList/0/PolicyDocument/Statement/0/Bogus', 'a.json'],
      ['snapshot.invalid-policy', '/UserDetailList/0/UserPolicyList/0/PolicyDocument', 'a.json'],
    ])
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('uncertain')
    expect(r.ok && r.value.uncertain.map((u) => [u.code, u.pointer])).toEqual([['snapshot.invalid-policy', '/UserDetailList/0/UserPolicyList/0/PolicyDocument']])
  })

  it('an unreadable policy that may deny fails closed in the evaluator (it denies what it could deny); an analysis says uncertain', () => {
    const allow = { PolicyName: 'allow', PolicyDocument: assumeAll }
    const bad = { PolicyName: 'bad', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: 'oops' }] } }
    const s = loadSnapshot([{ file: 'a.json', value: authDetails({ users: [userRecord(A, 'alice', { UserPolicyList: [allow, bad] })], roles: [roleRecord(A, 'Target', trustAccount)] }) }])
    expect(s.diagnostics.map((d) => d.code)).toContain('snapshot.policy-fail-closed')
    const alice = s.principals.get(`arn:aws:iam::${A}:user/alice`)
    const target = s.roles.get(`arn:aws:iam::${A}:role/Target`)
    const engine = evaluateCompiled({ principal: { kind: 'aws', arn: alice?.arn ?? '' }, action: 'sts:AssumeRole', resource: target?.arn ?? '', context: { 'aws:userid': alice?.id ?? '' } }, { identity: alice?.identity ?? [], resource: target?.trust ?? null })
    expect(engine.decision).toBe('explicitDeny')
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('uncertain')
    expect(r.ok && r.value.uncertain.map((u) => u.code)).toEqual(['snapshot.invalid-policy'])
  })

  it('reports a file of neither shape and a JSON syntax error, and analyses the rest', () => {
    const s = loadSnapshot([
      { file: 'x.json', text: '{"Something": []}' },
      { file: 'y.json', text: '{"UserDetailList": [' },
      { file: 'a.json', value: authDetails({ roles: [roleRecord(A, 'Target', trustAccount)] }) },
    ])
    expect(codes(s)).toEqual([
      ['snapshot.unknown-shape', '', 'x.json'],
      ['json.syntax', '/UserDetailList/0', 'y.json'],
    ])
    expect(s.roles.size).toBe(1)
  })

  it('never lets __proto__ keys reach prototypes', () => {
    const s = loadSnapshot([{ file: 'a.json', text: `{"__proto__": {"polluted": true}, "RoleDetailList": [${JSON.stringify(roleRecord(A, 'Target', trustAccount))}]}` }])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(s.roles.size).toBe(1)
  })
})

describe('loading an organization', () => {
  const ORGS = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html'
  const org = (accountPolicies: string[]): Record<string, unknown> => ({
    organization: {
      id: 'o-abc123', managementAccountId: '999999999999',
      policies: {
        'p-full': { name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
        'p-deny': { name: 'DenyAssume', type: 'SERVICE_CONTROL_POLICY', document: JSON.stringify(doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' })) },
      },
      root: { id: 'r-ab12', policies: ['p-full'], children: [{ id: 'ou-ab12-1', name: 'Prod', policies: ['p-full'], accounts: [{ id: A, policies: accountPolicies }], children: [] }], accounts: [{ id: '999999999999', policies: ['p-full'] }] },
    },
  })
  const users = authDetails({ users: [userRecord(A, 'alice', { UserPolicyList: [{ PolicyName: 'p', PolicyDocument: assumeAll }] })], roles: [roleRecord(A, 'Target', trustAccount)] })

  it(`applies SCPs level by level; a Deny at the account level denies (${ORGS})`, () => {
    const s = loadSnapshot([{ file: 'org.json', value: org(['p-full', 'p-deny']) }, { file: 'a.json', value: users }])
    expect(codes(s)).toEqual([['snapshot.unknown-account', '/organization/root/accounts/0', 'org.json']])
    expect(s.orgAccounts.get(A)?.path).toBe('o-abc123/r-ab12/ou-ab12-1/')
    expect(s.orgAccounts.get(A)?.scps.length).toBe(3)
    expect(s.orgAccounts.get('999999999999')?.scps).toEqual([])
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('explicitDeny')
  })

  it(`a level without SCP allows nothing below it, and an unknown policy id is reported (${ORGS})`, () => {
    const s = loadSnapshot([{ file: 'org.json', value: org(['p-missing']) }, { file: 'a.json', value: users }])
    expect(codes(s).filter(([c]) => c !== 'snapshot.unknown-account')).toEqual([['snapshot.unknown-org-policy', '/organization/root/children/0/accounts/0/policies/0', 'org.json']])
    const r = canAssume(s, 'alice', 'Target')
    // The evaluator allows nothing below the level; the analysis names the unknown policy id.
    expect(r.ok && r.value.decision).toBe('uncertain')
    expect(r.ok && r.value.uncertain.map((u) => u.code)).toContain('snapshot.unknown-org-policy')
  })

  it('derives aws:PrincipalOrgID and aws:PrincipalOrgPaths from the organization file (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)', () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abc123/r-ab12/ou-ab12-1/*' }, StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })
    const s = loadSnapshot([{ file: 'org.json', value: org(['p-full']) }, { file: 'a.json', value: authDetails({ users: [userRecord(A, 'alice')], roles: [roleRecord(A, 'Target', trust)] }) }])
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && [r.value.decision, r.value.conditions]).toEqual(['allowed', null])
  })
})

describe('the management account', () => {
  it('is bound by no SCP and no RCP (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html)', () => {
    const M = '999999999999'
    const denyAll = doc({ Effect: 'Deny', Action: '*', Resource: '*' })
    const org = {
      organization: {
        id: 'o-abc123', managementAccountId: M,
        policies: {
          'p-full': { name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
          'p-deny': { name: 'DenyAll', type: 'SERVICE_CONTROL_POLICY', document: denyAll },
          'p-rcp': { name: 'DenyAllRcp', type: 'RESOURCE_CONTROL_POLICY', document: doc({ Effect: 'Deny', Principal: '*', Action: 'sts:*', Resource: '*' }) },
        },
        root: { id: 'r-ab12', policies: ['p-full', 'p-deny', 'p-rcp'], children: [], accounts: [{ id: M, policies: ['p-full'] }] },
      },
    }
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${M}:root` }, Action: 'sts:AssumeRole' })
    const s = loadSnapshot([
      { file: 'org.json', value: org },
      { file: 'm.json', value: authDetails({ users: [userRecord(M, 'admin', { UserPolicyList: [{ PolicyName: 'p', PolicyDocument: assumeAll }] })], roles: [roleRecord(M, 'Target', trust)] }) },
    ])
    const r = canAssume(s, 'admin', 'Target')
    expect(r.ok && r.value.decision).toBe('allowed')
  })
})
