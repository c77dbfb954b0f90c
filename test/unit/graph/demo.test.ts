/**
 * The demo organization (corpus/snapshots/demo), answers checked by hand: who can assume each role
 * and the chain paths, with the exact principals and residual conditions.
 */
import { describe, expect, it } from 'vitest'
import { residualText } from '../../../src/graph/render.js'
import { findPaths, whoCanAssume } from '../../../src/graph/whoCanAssume.js'
import type { ReachEntry } from '../../../src/graph/trustGraph.js'
import { loadDemo } from './helpers.js'

const snapshot = loadDemo()
const ID = '111111111111'
const PROD = '222222222222'
const DEV = '333333333333'
const user = (n: string): string => `arn:aws:iam::${ID}:user/${n}`
const role = (account: string, n: string): string => `arn:aws:iam::${account}:role/${n}`

const DOCS = {
  XACCT: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
  MFA: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html',
  EXTID: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html',
  OIDC: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
  SCP: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html',
  RCP: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html',
  CHAIN: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html',
  SRCID: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html',
  SERVICE: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  GKEYS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
} as const

type Row = { principal: unknown; access: string; when: string | null; via?: string[] }
const summary = (entries: readonly ReachEntry[]): Row[] =>
  entries.map((e) => ({ principal: e.principal, access: e.access, when: e.conditions === null ? null : residualText(e.conditions), ...(e.via.length > 0 ? { via: [...e.via] } : {}) }))

const SSO = 'AWSReservedSSO_AdministratorAccess_0123456789abcdef'
const SSO_ARN = `arn:aws:iam::${ID}:role/aws-reserved/sso.amazonaws.com/${SSO}`
const SSO_SAML = `arn:aws:iam::${ID}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE`
const AA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html'
const SESSION = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session'

describe('demo organization loads cleanly', () => {
  it('has four accounts, 26 roles and six users; its only diagnostic is the empty condition block of LegacyReports; the pages are complete', () => {
    expect(snapshot.diagnostics.map((d) => [d.code, d.file, d.pointer])).toEqual([['condition.empty', 'prod-222222222222-page2.json', '/RoleDetailList/8/AssumeRolePolicyDocument/Statement/0/Condition']])
    // page1 says `IsTruncated: true` with a `Marker`; page2 is the last page of the account.
    expect(snapshot.gaps).toEqual([])
    expect(snapshot.complete).toBe(true)
    expect([...snapshot.accounts.keys()].sort()).toEqual([ID, PROD, DEV, '999999999999'].sort())
    expect(snapshot.roles.size).toBe(26)
    expect([...snapshot.principals.values()].filter((p) => p.kind === 'user').length).toBe(6)
  })
})

const cases: { role: string; source: string; transitive?: boolean; expected: Row[]; denied?: unknown[] }[] = [
  {
    role: role(PROD, 'Admin'),
    source: DOCS.MFA,
    // alice's Admins group allows sts:AssumeRole on every role; the trust policy asks for MFA.
    // BreakGlass has Allow *: its sessions qualify when they were created with MFA (AssumeRole with MFA
    // returns credentials for MFA-protected requests); bob's policies do not cover Admin.
    expected: [
      { principal: user('alice'), access: 'conditional', when: 'aws:MultiFactorAuthPresent = "true"' },
      { principal: role(ID, 'BreakGlass'), access: 'conditional', when: 'aws:MultiFactorAuthPresent = "true"' },
    ],
  },
  {
    role: role(PROD, 'ReadOnly'),
    source: DOCS.SCP,
    // Trusts the identity and dev accounts; DevCI and DevAdmin (dev) are denied by the DenyProdRolesFromDev SCP.
    expected: [
      { principal: user('alice'), access: 'allowed', when: null },
      { principal: user('bob'), access: 'allowed', when: null },
      { principal: role(ID, 'BreakGlass'), access: 'allowed', when: null },
    ],
  },
  {
    role: role(PROD, 'VendorAccess'),
    source: DOCS.EXTID,
    expected: [{ principal: { account: '444455556666' }, access: 'conditional', when: 'sts:ExternalId = "7f3c9a2e"' }],
  },
  {
    role: role(PROD, 'GitHubActionsDeploy'),
    source: DOCS.OIDC,
    expected: [
      {
        principal: { federated: `arn:aws:iam::${PROD}:oidc-provider/token.actions.githubusercontent.com` },
        access: 'conditional',
        when: 'token.actions.githubusercontent.com:aud = "sts.amazonaws.com" AND token.actions.githubusercontent.com:sub like "repo:example-org/app:ref:refs/heads/main"',
      },
    ],
  },
  {
    role: role(PROD, 'Deploy'),
    source: DOCS.CHAIN,
    transitive: true,
    expected: [
      { principal: user('deploybot'), access: 'allowed', when: null },
      { principal: role(PROD, 'GitHubActionsDeploy'), access: 'allowed', when: null },
      {
        principal: { federated: `arn:aws:iam::${PROD}:oidc-provider/token.actions.githubusercontent.com` },
        access: 'conditional',
        when: 'token.actions.githubusercontent.com:aud = "sts.amazonaws.com" AND token.actions.githubusercontent.com:sub like "repo:example-org/app:ref:refs/heads/main"',
        via: [role(PROD, 'GitHubActionsDeploy')],
      },
    ],
  },
  {
    role: role(PROD, 'Audit'),
    source: DOCS.GKEYS,
    // {"AWS": "*"} with org and tag conditions: auditor's tag and org are known; anyone else is external.
    // SsoOperator's sessions come from Identity Center sessions, which may carry transitive session tags.
    expected: [
      { principal: user('auditor'), access: 'allowed', when: null },
      { principal: role(PROD, 'SsoOperator'), access: 'conditional', when: 'aws:PrincipalTag/role = "auditor"' },
      { principal: '*', access: 'conditional', when: 'aws:PrincipalOrgID = "o-demo12345" AND aws:PrincipalTag/role = "auditor"' },
    ],
  },
  {
    role: role(PROD, 'EC2AppRole'),
    source: DOCS.SERVICE,
    expected: [{ principal: { service: 'ec2.amazonaws.com' }, access: 'allowed', when: null }],
  },
  {
    role: role(ID, 'BreakGlass'),
    source: DOCS.MFA,
    // bob is tagged team=app: the known tag excludes him; alice still needs MFA.
    expected: [{ principal: user('alice'), access: 'conditional', when: 'aws:MultiFactorAuthPresent = "true"' }],
  },
  {
    role: role(PROD, 'DataScience'),
    source: DOCS.GKEYS,
    expected: [
      { principal: user('alice'), access: 'conditional', when: 'aws:SourceIp in "203.0.113.0/24"' },
      { principal: role(ID, 'BreakGlass'), access: 'conditional', when: 'aws:SourceIp in "203.0.113.0/24"' },
    ],
  },
  {
    role: role(DEV, 'MfaGate'),
    source: DOCS.MFA,
    // Trusts ChainA with MFA: a ChainA session qualifies when it was created with MFA.
    expected: [{ principal: role(ID, 'ChainA'), access: 'conditional', when: 'aws:MultiFactorAuthPresent = "true"' }],
  },
  {
    role: role(PROD, 'PartnerIntegration'),
    source: DOCS.RCP,
    // The OrgOnlySTS RCP denies principals outside the organization (except the vendor account).
    expected: [],
    denied: [{ principal: 'arn:aws:iam::555566667777:role/PartnerCI', decision: 'explicitDeny' }],
  },
  {
    role: role(DEV, 'ChainC'),
    source: DOCS.SRCID,
    transitive: true,
    expected: [
      { principal: role(PROD, 'ChainB'), access: 'conditional', when: 'aws:SourceIdentity = "carol"' },
      { principal: role(ID, 'ChainA'), access: 'conditional', when: 'aws:SourceIdentity = "carol"', via: [role(PROD, 'ChainB')] },
      { principal: user('carol'), access: 'conditional', when: 'sts:SourceIdentity = "carol" AND aws:SourceIdentity = "carol"', via: [role(ID, 'ChainA'), role(PROD, 'ChainB')] },
    ],
  },
  {
    role: role(PROD, 'SsoOperator'),
    source: SESSION,
    transitive: true,
    // The trust policy names one Identity Center session: the role behind it, conditional on the session
    // name, and the SAML provider that reaches that role.
    expected: [
      { principal: SSO_ARN, access: 'conditional', when: `session name of ${SSO} = "alice@example.com"` },
      { principal: { federated: SSO_SAML }, access: 'conditional', when: `SAML:aud = "https://signin.aws.amazon.com/saml" AND session name of ${SSO} = "alice@example.com"`, via: [SSO_ARN] },
    ],
  },
  {
    role: role(DEV, 'ChainD'),
    source: DOCS.SRCID,
    transitive: true,
    // carol's path is dropped: ChainA needs source identity "carol", ChainD "mallory", and it never changes.
    expected: [
      { principal: role(PROD, 'ChainB'), access: 'conditional', when: 'aws:SourceIdentity = "mallory"' },
      { principal: role(ID, 'ChainA'), access: 'conditional', when: 'aws:SourceIdentity = "mallory"', via: [role(PROD, 'ChainB')] },
    ],
  },
]

describe('who-can-assume on the demo organization', () => {
  it.each(cases)('$role ($source)', ({ role: arn, transitive, expected, denied }) => {
    const r = whoCanAssume(snapshot, arn, { transitive: transitive === true })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(summary(r.value.principals)).toEqual(expected)
    if (denied !== undefined) expect(r.value.deniedExternal).toEqual(denied)
  })
})

describe(`an uncertain answer: "Condition": {} (${AA})`, () => {
  it('LegacyReports trusts the identity account with an empty condition block: every candidate is uncertain, with the reason', () => {
    const r = whoCanAssume(snapshot, role(PROD, 'LegacyReports'))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.principals.map((e) => [e.principal, e.access, e.uncertain.map((u) => [u.code, u.policy, u.pointer])])).toEqual(
      [user('alice'), role(ID, 'BreakGlass')].map((p) => [p, 'uncertain', [['analysis.empty-condition', 'trust policy of LegacyReports', '/Statement/0/Condition']]]),
    )
  })
})

describe('paths on the demo organization', () => {
  it('carol → ChainA → ChainB → ChainC, hop by hop (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html)', () => {
    const r = findPaths(snapshot, 'carol', 'ChainC')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value).toHaveLength(1)
    const [p] = r.value
    expect(p?.via).toEqual([role(ID, 'ChainA'), role(PROD, 'ChainB')])
    expect(p?.hops.map((h) => ({ from: h.from, role: h.role, when: h.conditions === null ? null : residualText(h.conditions), chained: h.chained, max: h.maxSessionSeconds }))).toEqual([
      { from: user('carol'), role: role(ID, 'ChainA'), when: 'sts:SourceIdentity = "carol"', chained: false, max: 14400 },
      { from: role(ID, 'ChainA'), role: role(PROD, 'ChainB'), when: null, chained: true, max: 3600 },
      { from: role(PROD, 'ChainB'), role: role(DEV, 'ChainC'), when: 'aws:SourceIdentity = "carol"', chained: true, max: 3600 },
    ])
    expect(p?.conditions === null ? null : residualText(p?.conditions ?? null)).toBe('sts:SourceIdentity = "carol" AND aws:SourceIdentity = "carol"')
    // The residual points to the statements it comes from.
    const sources = p?.conditions?.terms[0]?.map((l) => l.atom.sources.map((s) => [s.policy, s.index, s.sid, s.conditionPointer]))
    expect(sources).toEqual([
      [['trust policy of ChainA', 0, 'CarolWithSourceIdentity', '/Statement/0/Condition/StringEquals/sts:SourceIdentity']],
      [['trust policy of ChainC', 0, 'ChainBForCarol', '/Statement/0/Condition/StringEquals/aws:SourceIdentity']],
    ])
  })

  it('drops the path to ChainD: contradictory source identities (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html)', () => {
    const r = findPaths(snapshot, 'carol', 'ChainD')
    expect(r.ok && r.value).toEqual([])
  })

  it('keeps the path to MfaGate under MFA: a ChainA session created with MFA makes MFA-protected calls (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html)', () => {
    const r = findPaths(snapshot, 'carol', 'MfaGate')
    expect(r.ok && r.value.length).toBe(1)
    const path = r.ok ? r.value[0] : undefined
    expect(path?.access).toBe('conditional')
    expect(path?.conditions === null || path?.conditions === undefined ? null : residualText(path.conditions)).toBe('sts:SourceIdentity = "carol" AND aws:MultiFactorAuthPresent = "true"')
  })

  it('bounds the depth (--max-depth)', () => {
    const r = findPaths(snapshot, 'carol', 'ChainC', { maxDepth: 2 })
    expect(r.ok && r.value).toEqual([])
  })
})

describe('residual sources in a shared graph', () => {
  it('each residual points only to the statements of its own question', async () => {
    const { TrustGraph } = await import('../../../src/graph/trustGraph.js')
    const graph = new TrustGraph(snapshot)
    const first = whoCanAssume(snapshot, role(ID, 'BreakGlass'), {}, graph)
    const second = whoCanAssume(snapshot, role(PROD, 'Admin'), {}, graph)
    const policies = (r: typeof first): string[] => (r.ok ? r.value.principals.flatMap((p) => p.conditions?.terms.flat().flatMap((l) => l.atom.sources.map((s) => s.policy)) ?? []) : [])
    expect(policies(first)).toEqual(['trust policy of BreakGlass'])
    expect(policies(second)).toEqual(['trust policy of Admin', 'trust policy of Admin'])
  })
})
