/**
 * The report model: who can assume each role comes from the trust graph unchanged (grouping principals
 * with the same answer loses none), outside principals and providers are told apart, findings and
 * gaps land on the principal they concern, and a snapshot with problems is reported, not dropped.
 * Trust semantics are the graph's (docs/graph.md); these tests pin what the report makes of them.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateOrg } from '../../../bench/generateOrg.js'
import { reachers, TrustGraph } from '../../../src/graph/trustGraph.js'
import { buildReport } from '../../../src/report/buildReport.js'
import type { ReportModel, ReportRole } from '../../../src/report/types.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import type { SnapshotInput } from '../../../src/snapshot/types.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')

function readDir(dir: string): SnapshotInput[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }))
}

const demo = readDir('corpus/snapshots/demo')
const model = buildReport(demo)

function role(m: ReportModel, name: string): ReportRole {
  const r = m.roles.find((x) => x.name === name)
  if (r === undefined) throw new Error(`no role ${name}`)
  return r
}

const refs = (m: ReportModel, ids: readonly number[]): string[] => ids.map((i) => m.nodes[i]?.ref ?? '?')

describe('report model of the demo organization', () => {
  it('counts accounts, roles, principals, outside trusts and findings, and is complete', () => {
    expect(model).toMatchObject({ format: 'iamtrace-report', version: 1, complete: true, generatedAt: null })
    // The one gap is LegacyReports' empty condition block (a warning): its two ways in are uncertain.
    expect(model.summary).toMatchObject({ accounts: 4, roles: 26, users: 6, principals: 32, gaps: 1, uncertain: 3 })
    expect(model.gaps.map((g) => g.code)).toEqual(['condition.empty'])
    expect(model.summary.externalPrincipals).toBeGreaterThan(0)
    expect(model.summary.findings).toBe(model.findings.length)
    expect(model.escalations.status).toBe('not-analysed')
  })

  it('lists who can assume Deploy directly, and the GitHub OIDC provider through GitHubActionsDeploy with its conditions (docs/graph.md)', () => {
    const deploy = role(model, 'Deploy')
    expect(deploy.direct).toEqual([{ p: expect.any(Array), a: 'allowed' }])
    expect(refs(model, deploy.direct[0]?.p ?? []).sort()).toEqual(['arn:aws:iam::111111111111:user/deploybot', 'arn:aws:iam::222222222222:role/GitHubActionsDeploy'])
    const oidc = deploy.chains.find((e) => model.nodes[e.p[0] as number]?.kind === 'federated')
    expect(oidc).toMatchObject({ a: 'conditional', v: [expect.any(Number)] })
    expect(refs(model, oidc?.v ?? [])).toEqual(['arn:aws:iam::222222222222:role/GitHubActionsDeploy'])
    const condition = model.conditions[oidc?.c ?? -1]
    expect(condition?.text).toBe('token.actions.githubusercontent.com:aud = "sts.amazonaws.com" AND token.actions.githubusercontent.com:sub like "repo:example-org/app:ref:refs/heads/main"')
    // Each part of the condition points to the statement it comes from.
    const literal = model.literals[condition?.anyOf[0]?.[0] ?? -1]
    expect(model.sources[literal?.sources[0] ?? -1]).toMatch(/trust policy of GitHubActionsDeploy.* at \/Statement\/0\/Condition\//)
  })

  it('tells outside principals apart: OIDC and SAML providers, services, accounts and *', () => {
    const outside = model.nodes.filter((n) => n.external === true)
    expect(outside.find((n) => n.ref.endsWith('oidc-provider/token.actions.githubusercontent.com'))).toMatchObject({ kind: 'federated', provider: 'oidc', label: 'token.actions.githubusercontent.com' })
    expect(outside.find((n) => n.ref.includes(':saml-provider/'))).toMatchObject({ kind: 'federated', provider: 'saml', label: 'Okta' })
    expect(outside.find((n) => n.ref === 'ec2.amazonaws.com')).toMatchObject({ kind: 'service' })
    expect(outside.find((n) => n.ref === '444455556666')).toMatchObject({ kind: 'account' })
    expect(outside.find((n) => n.ref === '*')).toMatchObject({ kind: 'anyone' })
    expect(model.nodes.filter((n) => n.external !== true).every((n) => n.kind === 'user' || n.kind === 'role')).toBe(true)
  })

  it('keeps principals named in a trust policy but denied (PartnerIntegration: an RCP denies PartnerCI)', () => {
    const partner = role(model, 'PartnerIntegration')
    expect(partner.direct).toEqual([])
    expect(partner.denied.map((d) => ({ ref: model.nodes[d.p]?.ref, decision: d.decision }))).toEqual([{ ref: 'arn:aws:iam::555566667777:role/PartnerCI', decision: 'explicitDeny' }])
  })

  it('puts each lint finding on the role whose trust policy it is in, with the pointer inside that policy', () => {
    const vendor = role(model, 'VendorAccess')
    const findings = (model.nodes[vendor.node]?.findings ?? []).map((i) => model.findings[i])
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings) {
      expect(f).toMatchObject({ node: vendor.node, file: 'corpus/snapshots/demo/prod-222222222222-page1.json' })
      expect(f?.pointer).toMatch(/^\/RoleDetailList\/\d+\/AssumeRolePolicyDocument/)
      expect(f?.policyPointer).toMatch(/^\/Statement\/0/)
    }
  })

  it("counts the snapshot's own accounts as the zone of trust: a sibling account is not an outside trust, another account is", () => {
    const rulesOf = (name: string): string[] => (model.nodes[role(model, name).node]?.findings ?? []).map((i) => model.findings[i]?.rule ?? '')
    const outside = ['trust-cross-account-no-externalid', 'trust-unknown-external-account', 'trust-outside-zone']
    // ReadOnly (222222222222) trusts the identity and dev accounts of the same organization.
    expect(rulesOf('ReadOnly').filter((r) => outside.includes(r))).toEqual([])
    // VendorAccess trusts 444455556666, which the snapshot does not describe.
    expect(rulesOf('VendorAccess').some((r) => outside.includes(r))).toBe(true)
  })
})

describe('the report never drops an answer of the trust graph', () => {
  const check = (inputs: readonly SnapshotInput[], maxChains: number): void => {
    const m = buildReport(inputs, { maxChainsPerRole: maxChains })
    const snapshot = loadSnapshot(inputs)
    const graph = new TrustGraph(snapshot)
    for (const r of m.roles) {
      const snapRole = snapshot.roles.get(r.arn)
      if (snapRole === undefined) throw new Error(r.arn)
      const expected = reachers(graph, snapRole, { transitive: false })
        .map((e) => `${typeof e.principal === 'string' ? e.principal : JSON.stringify(e.principal)}|${e.access}`)
        .sort()
      const got = r.direct.flatMap((e) => e.p.map((p) => `${refOf(m, p)}|${e.a}`)).sort()
      expect(got).toEqual(expected)
    }
  }
  const refOf = (m: ReportModel, p: number): string => {
    const n = m.nodes[p]
    if (n === undefined) return '?'
    switch (n.kind) {
      case 'account':
        return JSON.stringify({ account: n.ref })
      case 'service':
        return JSON.stringify({ service: n.ref })
      case 'federated':
        return JSON.stringify({ federated: n.ref })
      default:
        return n.ref
    }
  }

  it('for every role of the demo organization', () => check(demo, 50))
  it('for every role of a generated organization (300 users, 120 roles, 4 accounts), where many principals share answers', () => {
    check(generateOrg({ principals: 300, roles: 120, accounts: 4, seed: 7 }).map((f) => ({ file: f.file, text: JSON.stringify(f.value) })), 5)
  })
})

describe('a snapshot with problems', () => {
  const broken = buildReport(readDir('test/fixtures/report/broken'))

  it('is reported as incomplete, with every problem as a located gap', () => {
    expect(broken.complete).toBe(false)
    const codes = broken.gaps.map((g) => [g.code, g.file?.split('/').pop()])
    expect(codes).toEqual(
      expect.arrayContaining([
        ['snapshot.unknown-shape', 'notes.json'],
        ['json.syntax', 'truncated.json'],
        ['snapshot.missing-managed-policy', 'account-111122223333.json'],
        ['snapshot.missing-group', 'account-111122223333.json'],
        ['snapshot.missing-trust-policy', 'account-111122223333.json'],
        ['snapshot.invalid-policy', 'account-111122223333.json'],
      ]),
    )
    expect(broken.gaps.find((g) => g.code === 'json.syntax' && g.file?.endsWith('truncated.json'))).toMatchObject({ line: 4, column: 1 })
  })

  it('says who can assume a role without a readable trust policy is uncertain, never "nobody"', () => {
    for (const name of ['Orphan', 'Garbled']) {
      const r = role(broken, name)
      expect(r.uncertain?.length).toBeGreaterThan(0)
      expect(r.trust).toBeNull()
    }
    expect(role(broken, 'Orphan').uncertain?.map((u) => u.code)).toEqual(['snapshot.missing-trust-policy'])
    expect(role(broken, 'Garbled').uncertain?.map((u) => u.code)).toContain('snapshot.invalid-policy')
    expect(role(broken, 'Operations').uncertain).toBeUndefined()
    // Orphan and Garbled themselves, '*' on each of them, and ops into Operations: ops's group and one
    // managed policy are missing, and either may deny.
    expect(broken.summary.uncertain).toBe(5)
    const ops = role(broken, 'Operations').direct.find((e) => e.p.some((i) => broken.nodes[i]?.ref === 'arn:aws:iam::111122223333:user/ops'))
    expect(ops?.a).toBe('uncertain')
    expect(ops?.u?.map((u) => u.code)).toEqual(expect.arrayContaining(['snapshot.missing-group', 'snapshot.missing-managed-policy']))
  })

  it('ties gaps to the principal they concern', () => {
    const ops = broken.nodes.findIndex((n) => n.ref === 'arn:aws:iam::111122223333:user/ops')
    expect((broken.nodes[ops]?.gaps ?? []).map((i) => broken.gaps[i]?.code).sort()).toEqual(['snapshot.missing-group', 'snapshot.missing-managed-policy'])
  })

  it('reports problems the caller met before loading (unreadable files) as gaps', () => {
    const m = buildReport([], { inputProblems: [{ code: 'snapshot.unreadable-file', severity: 'error', message: 'the file cannot be read: EACCES', file: 'a.json' }] })
    expect(m.gaps).toEqual([{ code: 'snapshot.unreadable-file', severity: 'error', message: 'the file cannot be read: EACCES', file: 'a.json' }])
    expect(m.complete).toBe(false)
    expect(m.summary.accounts).toBe(0)
  })
})
