/**
 * Differential test of the chain diff: `chainChanges` must give exactly the answers of the plain
 * definition — for every role downstream of a change, every principal's shortest path from
 * `reachers(graph, role, { transitive: true })` in each snapshot, compared — with answers shared between
 * the snapshots for unchanged roles and without, on the demo snapshot and on
 * generated organizations (with small path limits, so walks stop early too).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html#iam-term-role-chaining
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateOrg } from '../../../bench/generateOrg.js'
import { refKey } from '../../../src/diff/chainReach.js'
import { chainChanges, gainedChain, lostChain } from '../../../src/diff/snapshotChains.js'
import { diffSnapshots } from '../../../src/diff/snapshotDiff.js'
import type { DiffChange, VersionAccess } from '../../../src/diff/types.js'
import { residualJson, uncertainJson } from '../../../src/graph/render.js'
import { reachers, TrustGraph } from '../../../src/graph/trustGraph.js'
import type { ReachEntry } from '../../../src/graph/trustGraph.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import type { Snapshot, SnapshotInput, SnapshotRole } from '../../../src/snapshot/types.js'


/** The chain diff by its definition: per downstream role, transitive who-can-assume in both snapshots (the changes are made as the diff makes them). */
function reference(before: Snapshot, after: Snapshot, direct: readonly DiffChange[], maxDepth: number, maxPaths: number): { changes: DiffChange[]; truncated: boolean } {
  if (direct.length === 0) return { changes: [], truncated: false }
  let truncated = false
  const graphs = [new TrustGraph(before), new TrustGraph(after)] as const
  const targets = new Set(direct.map((c) => c.role))
  let frontier = [...targets]
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: string[] = []
    for (const arn of frontier) {
      ;[before, after].forEach((s, i) => {
        const p = s.principals.get(arn)
        if (p === undefined) return
        for (const r of (graphs[i] as TrustGraph).index.rolesFor(p)) if (!targets.has(r.arn)) next.push((targets.add(r.arn), r.arn))
      })
    }
    frontier = next
  }
  const directBy = new Map(direct.map((c) => [`${c.role}|${refKey(c.principal)}`, c]))
  const out: DiffChange[] = []
  const reach = (g: TrustGraph, role: SnapshotRole | undefined): Map<string, ReachEntry> => {
    const m = new Map<string, ReachEntry>()
    if (role === undefined) return m
    for (const e of reachers(g, role, { transitive: true, maxDepth, maxPaths, onTruncated: () => (truncated = true) })) {
      const known = m.get(refKey(e.principal))
      if (known === undefined || known.via.length > e.via.length) m.set(refKey(e.principal), e)
    }
    return m
  }
  for (const arn of [...targets].sort()) {
    const mB = reach(graphs[0], before.roles.get(arn))
    const mA = reach(graphs[1], after.roles.get(arn))
    for (const [key, e] of mA) if (e.via.length > 0 && !mB.has(key) && !directBy.has(`${arn}|${key}`)) out.push(gainedChain(arn, e, directBy))
    for (const [key, e] of mB) if (e.via.length > 0 && !mA.has(key) && !directBy.has(`${arn}|${key}`)) out.push(lostChain(arn, e, directBy))
  }
  return { changes: out, truncated }
}

/** Everything a report shows of a change (conditions with their sources, reasons with their locations). */
function shown(c: DiffChange): unknown {
  const v = (x: VersionAccess | null) => (x === null ? null : { access: x.access, conditions: residualJson(x.conditions), uncertain: uncertainJson(x.uncertain) })
  return { ...c, before: v(c.before), after: v(c.after), uncertain: c.uncertain === undefined ? undefined : uncertainJson(c.uncertain) }
}

function expectSame(before: Snapshot, after: Snapshot, maxDepth: number, maxPaths: number): number {
  const direct = diffSnapshots(before, after, { chains: false }).changes
  const whole = diffSnapshots(before, after, { maxDepth, maxPaths })
  const theirs = reference(before, after, direct, maxDepth, maxPaths)
  expect(whole.changes.slice(0, direct.length)).toEqual(direct)
  expect(whole.unreadAfter.some((r) => r.code === 'diff.chains-truncated')).toBe(theirs.truncated)
  expect(whole.changes.slice(direct.length).map(shown)).toEqual(theirs.changes.map(shown))
  // Without the roles the diff found unchanged, nothing is shared between the snapshots: the same answers.
  const alone = chainChanges(before, after, direct, { maxDepth, maxPaths })
  expect(alone.changes.map(shown)).toEqual(theirs.changes.map(shown))
  return theirs.changes.length
}

type Role = { RoleName: string; AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] } }

/** `n` roles' trust policies changed (a condition removed, `*`, another account, or the first statement removed). */
function changeRoles(inputs: readonly SnapshotInput[], n: number, offset: number): SnapshotInput[] {
  const copy = JSON.parse(JSON.stringify(inputs)) as SnapshotInput[]
  const roles = copy.flatMap((f) => (f.value as { RoleDetailList?: Role[] }).RoleDetailList ?? [])
  const step = Math.max(1, Math.floor(roles.length / n))
  for (let i = 0; i < n; i++) {
    const role = roles[(offset + i * step) % roles.length] as Role
    const statement = role.AssumeRolePolicyDocument.Statement[0] as Record<string, unknown>
    if (i % 4 === 0) delete statement.Condition
    else if (i % 4 === 1) statement.Principal = { AWS: '*' }
    else if (i % 4 === 2) statement.Principal = { AWS: ['arn:aws:iam::210987654321:root', ...[statement.Principal ?? []].flat()].filter((p) => typeof p === 'string') }
    else role.AssumeRolePolicyDocument.Statement = role.AssumeRolePolicyDocument.Statement.slice(1)
  }
  return copy
}

const DEMO = join(import.meta.dirname, '..', '..', '..', 'corpus', 'snapshots', 'demo')
function demo(edit?: (file: string, value: Record<string, unknown>) => void): Snapshot {
  return loadSnapshot(
    readdirSync(DEMO).map((f) => {
      const value = JSON.parse(readFileSync(join(DEMO, f), 'utf8')) as Record<string, unknown>
      edit?.(f, value)
      return { file: f, value }
    }),
  )
}

describe('chain diff: the same answers as transitive who-can-assume per role', () => {
  it('the demo snapshot: a role added to a trust policy, and one removed', () => {
    const widened = demo((f, v) => {
      if (f !== 'prod-222222222222-page1.json') return
      for (const r of v.RoleDetailList as { RoleName: string; AssumeRolePolicyDocument: { Statement: { Principal: { AWS: string[] } }[] } }[]) {
        if (r.RoleName === 'Deploy') r.AssumeRolePolicyDocument.Statement[0]?.Principal.AWS.push('arn:aws:iam::111111111111:role/BreakGlass')
      }
    })
    expect(expectSame(demo(), widened, 5, 2000)).toBeGreaterThan(0)
    expect(expectSame(widened, demo(), 5, 2000)).toBeGreaterThan(0)
  })

  it('the demo snapshot: an SCP detached from an OU', () => {
    const after = demo((f, v) => {
      if (f !== 'organization.json') return
      const walk = (n: { name?: string; policies?: string[]; children?: unknown[] }): void => {
        if (n.name === 'Dev') n.policies = ['p-FullAWSAccess']
        for (const c of n.children ?? []) walk(c as typeof n)
      }
      walk((v.organization as { root: never }).root)
    })
    expectSame(demo(), after, 5, 2000)
    expectSame(after, demo(), 3, 2000)
  })

  for (const seed of [1, 2, 3]) {
    it(`a generated organization (seed ${seed}), 12 roles changed, with and without early stops`, () => {
      const inputs = generateOrg({ principals: 80, roles: 50, accounts: 3, seed })
      const before = loadSnapshot(inputs)
      // The after version read from other file names: what it reports must cite its own files.
      const after = loadSnapshot(changeRoles(inputs, 12, seed).map((f) => ({ ...f, file: `after/${f.file}` })))
      let found = 0
      for (const [maxDepth, maxPaths] of [[5, 2000], [3, 2000], [5, 40], [4, 7]] as const) {
        found += expectSame(before, after, maxDepth, maxPaths)
        found += expectSame(after, before, maxDepth, maxPaths)
      }
      expect(found).toBeGreaterThan(0)
    })
  }
})
