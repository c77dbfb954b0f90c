/**
 * Breaking any policy document of the demo snapshot never gives a principal certain access (allowed or
 * conditional) it did not have before (an uncertain allow must not grant, docs/semantics.md#three-valued), and never hides access
 * that existed: every principal that could assume a role is still reported, as itself, its account or
 * anyone (`*`), at worst as uncertain.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import type { Snapshot, SnapshotInput } from '../../../src/snapshot/types.js'
import { TrustGraph, reachers } from '../../../src/graph/trustGraph.js'
import { DEMO_DIR } from './helpers.js'

const files = readdirSync(DEMO_DIR).filter((f) => f.endsWith('.json')).sort()
const values = files.map((f) => JSON.parse(readFileSync(join(DEMO_DIR, f), 'utf8')) as unknown)

/** Every (object, key) that holds a policy document. */
function documentSlots(value: unknown): { holder: Record<string, unknown>; key: string }[] {
  const out: { holder: Record<string, unknown>; key: string }[] = []
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>
      for (const [k, child] of Object.entries(o)) {
        if (k === 'PolicyDocument' || k === 'AssumeRolePolicyDocument' || k === 'Document' || k === 'document') out.push({ holder: o, key: k })
        else walk(child)
      }
    }
  }
  walk(value)
  return out
}

function reachable(s: Snapshot, certainOnly: boolean): Set<string> {
  const g = new TrustGraph(s)
  const out = new Set<string>()
  for (const role of s.roles.values()) for (const e of reachers(g, role)) if (!certainOnly || e.access !== 'uncertain') out.add(`${JSON.stringify(e.principal)}→${role.arn}`)
  return out
}

const baseline = reachable(loadSnapshot(files.map((file, i) => ({ file, value: values[i] }))), true)

/** A pair still reported: as itself, as its whole account, or as anyone. */
function covered(pair: string, after: ReadonlySet<string>): boolean {
  const [who, role] = pair.split('→') as [string, string]
  const account = /:(\d{12}):/.exec(who)?.[1]
  return after.has(pair) || after.has(`"*"→${role}`) || (account !== undefined && after.has(`${JSON.stringify({ account })}→${role}`))
}
const slots = values.map(documentSlots)
const total = slots.reduce((n, s) => n + s.length, 0)

const BREAKAGES: ((doc: unknown) => unknown)[] = [
  () => '{"Version": "2012-10-17", "Statement": [',
  () => '%7B%ZZ',
  () => 42,
  // An element name the grammar does not know, in every existing statement (hides what it may mean).
  (doc) => {
    const d = typeof doc === 'string' ? (JSON.parse(decodeURIComponent(doc)) as Record<string, unknown>) : (doc as Record<string, unknown>)
    const list = Array.isArray(d.Statement) ? d.Statement : [d.Statement]
    return { ...d, Statement: list.map((st: unknown) => ({ ...(st as object), Bogus: true })) }
  },
  (doc) => ({ ...(typeof doc === 'object' && doc !== null ? doc : {}), Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Condition: 'broken' }] }),
  () => ({ Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: '*', Resource: '*', Principal: '*' }] }),
]

describe('a broken policy never widens access', () => {
  it(`holds for ${total} documents × ${BREAKAGES.length} breakages (sampled)`, () => {
    fc.assert(
      fc.property(fc.nat(total - 1), fc.nat(BREAKAGES.length - 1), (slot, breakage) => {
        const copies = values.map((v) => structuredClone(v))
        let n = slot
        let fileIndex = 0
        while (n >= (slots[fileIndex]?.length ?? 0)) n -= slots[fileIndex++]?.length ?? 0
        const target = documentSlots(copies[fileIndex])[n]
        if (target === undefined) return
        target.holder[target.key] = (BREAKAGES[breakage] as (d: unknown) => unknown)(target.holder[target.key])
        const inputs: SnapshotInput[] = files.map((file, i) => ({ file, value: copies[i] }))
        const s = loadSnapshot(inputs)
        for (const pair of reachable(s, true)) expect(baseline.has(pair), pair).toBe(true)
        const after = reachable(s, false)
        for (const pair of baseline) expect(covered(pair, after), pair).toBe(true)
      }),
      { numRuns: 30 },
    )
  })
})
