/**
 * Escalations in the report model: every answer of `iamtrace escalations` is in the report unchanged
 * (principal, answer, conditions, every hop with its technique, actions and resources), outside
 * principals become the report's outside nodes, and what the analysis lacked (a missing inventory) is
 * named. The escalation semantics are the analysis's (docs/escalations.md, test/unit/escalation); these
 * tests pin what the report makes of them.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateOrg } from '../../../bench/generateOrg.js'
import { findEscalations } from '../../../src/escalation/findEscalations.js'
import type { EscalationResult } from '../../../src/escalation/types.js'
import type { PrincipalRef } from '../../../src/graph/canAssume.js'
import { principalText, residualText } from '../../../src/graph/render.js'
import { buildReport } from '../../../src/report/buildReport.js'
import { outsideRef } from '../../../src/report/escalations.js'
import type { ReportEscalationAnalysis, ReportModel, ReportNode } from '../../../src/report/types.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import type { SnapshotInput } from '../../../src/snapshot/types.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')
/** A fixed time of analysis, so that answers do not depend on the day the tests run. */
const NOW = Date.parse('2026-01-01T00:00:00Z')

function readDir(dir: string): SnapshotInput[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }))
}

function analysis(m: ReportModel): ReportEscalationAnalysis {
  if (m.escalations.status !== 'analysed') throw new Error(`escalations not analysed: ${m.escalations.reason}`)
  return m.escalations
}

/** The node's ref, or `admin`. */
const refOf = (m: ReportModel, id: number | 'admin'): string => (id === 'admin' ? 'admin' : (m.nodes[id]?.ref ?? '?'))

/** A node as `iamtrace escalations` names it: an ARN, or the text of an outside principal. */
function escalationName(n: ReportNode): string {
  switch (n.kind) {
    case 'account':
      return principalText({ account: n.ref })
    case 'federated':
      return principalText({ federated: n.ref })
    case 'service':
      return principalText({ service: n.ref })
    default:
      return principalText(n.ref)
  }
}

/** The report's escalations, written back in the analysis's terms (conditions as text). */
function fromReport(m: ReportModel): unknown {
  const e = analysis(m)
  const cond = (c: number | undefined): string | null => (c === undefined ? null : (m.conditions[c]?.text ?? '?'))
  const name = (id: number | 'admin'): string => (id === 'admin' ? 'admin' : escalationName(m.nodes[id] as ReportNode))
  return {
    administrators: e.administrators.map((a) => [refOf(m, a.p), a.a, cond(a.c), (a.u ?? []).map((u) => u.code)]),
    escalations: e.paths.map((p) => [
      name(p.p),
      p.a,
      cond(p.c),
      (p.u ?? []).map((u) => u.code),
      p.hops.map((h) => [name(h.from), name(h.to), h.t, h.actions.map(([a]) => a), h.actions.map(([, r]) => r), h.a, cond(h.c), (h.u ?? []).map((u) => u.code), h.by === undefined ? null : name(h.by), (h.n ?? []).map((n) => m.notes[n])]),
    ]),
    complete: e.complete,
    gaps: e.gaps.map((g) => g.code),
  }
}

/** The analysis's own answers in the same terms. */
function fromAnalysis(r: EscalationResult): unknown {
  const cond = (c: Parameters<typeof residualText>[0] | null): string | null => (c === null ? null : residualText(c))
  return {
    administrators: r.administrators.map((a) => [a.principal, a.access, cond(a.conditions), a.uncertain.map((u) => u.code)]),
    escalations: r.escalations.map((e) => [
      e.principal,
      e.access,
      cond(e.conditions),
      e.uncertain.map((u) => u.code),
      e.path.map((h) => [h.from, h.to, h.technique, h.actions, h.resources, h.access, cond(h.conditions), h.uncertain.map((u) => u.code), h.by ?? null, h.notes]),
    ]),
    complete: r.complete,
    gaps: r.gaps.map((g) => g.code),
  }
}

/** The report holds exactly what `findEscalations` answers on the same snapshot at the same time. */
function expectSameAnswers(inputs: readonly SnapshotInput[]): ReportModel {
  const m = buildReport(inputs, { escalations: { now: NOW } })
  const r = findEscalations(loadSnapshot(inputs), { now: NOW })
  if (!r.ok) throw new Error(r.errors[0].message)
  expect(fromReport(m)).toEqual(fromAnalysis(r.value))
  return m
}

describe('escalations in the report', () => {
  const corpus = readDir('corpus/snapshots/escalation')

  it('holds every answer of the escalation analysis of the escalation snapshot, unchanged', () => {
    const m = expectSameAnswers(corpus)
    // docs/escalations.md: 15 administrators, 49 principals of the snapshot and one outside it escalate.
    expect(m.summary).toMatchObject({ administrators: 15, escalating: 50 })
  })

  it('holds every answer of the escalation analysis of a generated organization with escalation-capable permissions', () => {
    const files = generateOrg({ principals: 200, roles: 80, accounts: 3, escalations: true }).map((f) => ({ file: f.file, text: JSON.stringify(f.value) }))
    const m = expectSameAnswers(files)
    expect(analysis(m).paths.length).toBeGreaterThan(0)
  })

  it('gives each hop its technique, actions on resources and the principal that calls (app-operator writes a policy into the role it became)', () => {
    const m = buildReport(corpus, { escalations: { now: NOW } })
    const e = analysis(m)
    const p = e.paths.find((x) => refOf(m, x.p) === 'arn:aws:iam::111111111111:user/app-operator')
    expect(p?.a).toBe('allowed')
    expect(p?.hops.map((h) => [refOf(m, h.from), refOf(m, h.to), h.t, h.actions, h.by === undefined ? undefined : refOf(m, h.by)])).toEqual([
      ['arn:aws:iam::111111111111:user/app-operator', 'arn:aws:iam::111111111111:role/AppRole', 'assume-role', [['sts:AssumeRole', 'arn:aws:iam::111111111111:role/AppRole']], undefined],
      ['arn:aws:iam::111111111111:role/AppRole', 'admin', 'put-role-policy', [['iam:PutRolePolicy', 'arn:aws:iam::111111111111:role/AppRole']], 'arn:aws:iam::111111111111:user/app-operator'],
    ])
    expect(e.techniques['put-role-policy']?.sources.some((s) => s.startsWith('https://docs.aws.amazon.com/'))).toBe(true)
  })

  it('names the missing inventory and keeps the principal it leaves undecided as uncertain, never "no path"', () => {
    const m = buildReport(corpus, { escalations: { now: NOW } })
    const e = analysis(m)
    expect(e.complete).toBe(false)
    expect(e.gaps).toContainEqual(expect.objectContaining({ code: 'escalation.no-inventory', message: expect.stringContaining('222222222222') }))
    const sandbox = e.paths.filter((x) => m.nodes[x.p]?.label === 'sandbox-coder')
    expect(sandbox.length).toBeGreaterThan(0)
    expect(sandbox.every((x) => x.a === 'uncertain' && (x.u ?? []).some((u) => u.code === 'escalation.no-inventory'))).toBe(true)
  })

  it('draws a principal outside the snapshot that escalates as the outside node the trust graph has (the SAML provider)', () => {
    const m = buildReport(corpus, { escalations: { now: NOW } })
    const outside = analysis(m).paths.filter((x) => m.nodes[x.p]?.external === true)
    expect(outside.map((x) => m.nodes[x.p])).toContainEqual(expect.objectContaining({ kind: 'federated', provider: 'saml', ref: 'arn:aws:iam::111111111111:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE' }))
    // The same node as the trust graph's edge into the role: one node per principal.
    const samlNodes = m.nodes.filter((n) => n.ref === 'arn:aws:iam::111111111111:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE')
    expect(samlNodes).toHaveLength(1)
    expect(outside[0]?.hops[0]?.actions[0]?.[0]).toBe('sts:AssumeRoleWithSAML')
  })

  it('counts administrators and escalating principals in the summary of the demo organization', () => {
    const m = buildReport(readDir('corpus/snapshots/demo'), { escalations: { now: NOW } })
    expect(m.summary).toMatchObject({ administrators: 5, escalating: 2 })
    const alice = analysis(m).paths.filter((x) => refOf(m, x.p) === 'arn:aws:iam::111111111111:user/alice')
    expect(alice.map((x) => x.a).sort()).toEqual(['allowed', 'conditional', 'conditional'])
    // The MFA condition of BreakGlass and Admin is the report's interned condition, with its statement.
    const conditional = alice.find((x) => x.a === 'conditional')
    expect(m.conditions[conditional?.c ?? -1]?.text).toBe('aws:MultiFactorAuthPresent = "true"')
  })

  it('says escalations were not analysed when they are left out, and counts nothing', () => {
    const m = buildReport(readDir('corpus/snapshots/demo'), { escalations: false })
    expect(m.escalations.status).toBe('not-analysed')
    expect(m.summary).toMatchObject({ administrators: null, escalating: null })
  })
})

describe('outside principals named by the escalation analysis', () => {
  const refs: PrincipalRef[] = ['*', 'arn:aws:iam::444455556666:role/Vendor', 'arn:aws:sts::444455556666:assumed-role/Vendor/s', { account: '444455556666' }, { federated: 'arn:aws:iam::111111111111:saml-provider/Okta' }, { federated: 'token.actions.githubusercontent.com' }, { service: 'ec2.amazonaws.com' }]
  it.each(refs.map((r) => [principalText(r), r] as const))('%s is read back as the principal it names', (text, ref) => {
    expect(outsideRef(text)).toEqual(ref)
  })
})
