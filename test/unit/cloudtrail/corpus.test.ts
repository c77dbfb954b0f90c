/**
 * Runs every CloudTrail record of corpus/events against the demo snapshot and checks the expectations
 * of its sidecar (NAME.expect.json): the recorded outcome, the model's decision, agreement, the layer
 * that blocks, the kind of the first fix, and whether the answer depends on values the record does not
 * show. Each sidecar cites the AWS documentation page its record is written after in `source`.
 * Format: docs/explain.md ("The event corpus").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { explainEvents } from '../../../src/cloudtrail/explainEvent.js'
import type { EventExplanation } from '../../../src/cloudtrail/explainEvent.js'
import { loadDemo } from '../graph/helpers.js'

const ROOT = join(import.meta.dirname, '../../../corpus/events')
const KEYS = new Set(['eventID', 'recorded', 'decision', 'agrees', 'blocking', 'fix', 'dependsOnUnknowns'])

interface Expectation {
  readonly eventID: string
  readonly recorded: 'allowed' | 'denied'
  readonly decision: string
  readonly agrees: boolean
  readonly blocking?: string
  readonly fix: string | null
  readonly dependsOnUnknowns?: boolean
}
interface Sidecar {
  readonly source: string
  readonly description: string
  readonly events: readonly Expectation[]
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : [p]
  })
}

const sidecars = walk(ROOT).filter((f) => f.endsWith('.expect.json'))
const snapshot = loadDemo()

function explained(sidecar: string): EventExplanation[] {
  const base = sidecar.slice(0, -'.expect.json'.length)
  const event = [`${base}.json`, `${base}.jsonl`].find((f) => walk(ROOT).includes(f))
  if (event === undefined) throw new Error(`no event file next to ${sidecar}`)
  const { items, diagnostics } = explainEvents(readFileSync(event, 'utf8'), relative(ROOT, event), snapshot)
  expect(diagnostics).toEqual([])
  return items.map((i) => {
    if (!i.result.ok) throw new Error(i.result.errors.map((e) => `${e.code} ${e.pointer}: ${e.message}`).join('\n'))
    return i.result.value
  })
}

describe('CloudTrail event corpus', () => {
  it('holds at least 40 records, each with a sidecar citing an AWS documentation page', () => {
    const events = sidecars.flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as Sidecar).events)
    expect(events.length).toBeGreaterThanOrEqual(40)
    for (const f of sidecars) expect((JSON.parse(readFileSync(f, 'utf8')) as Sidecar).source, f).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
  })

  it('covers the cases the explain contract names', () => {
    const all = sidecars.flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as Sidecar).events.map((e) => ({ ...e, file: relative(ROOT, f) })))
    const denied = all.filter((e) => e.recorded === 'denied')
    expect(all.filter((e) => e.recorded === 'allowed').length).toBeGreaterThanOrEqual(10)
    // missing trust principal, missing identity permission, SCP deny, missing MFA, wrong ExternalId,
    // missing sts:TagSession, web-identity token with the wrong sub, chained session past one hour
    for (const name of ['alice-deploy-not-trusted', 'bob-admin-no-identity-permission', 'devci-readonly-scp-deny', 'alice-admin-no-mfa', 'vendor-wrong-external-id', 'alice-readonly-tags-no-tagsession', 'github-feature-branch', 'chaina-chainb-two-hours']) {
      expect(denied.some((e) => e.file.endsWith(`${name}.expect.json`)), name).toBe(true)
    }
  })

  for (const sidecar of sidecars) {
    const name = relative(ROOT, sidecar).replace(/\.expect\.json$/, '')
    it(name, () => {
      const spec = JSON.parse(readFileSync(sidecar, 'utf8')) as Sidecar
      const results = explained(sidecar)
      for (const e of spec.events) {
        for (const k of Object.keys(e)) expect(KEYS.has(k), `unknown expectation field ${k}`).toBe(true)
        const r = results.find((x) => x.event.eventID === e.eventID)
        expect(r, `event ${e.eventID}`).toBeDefined()
        if (r === undefined) continue
        expect(r.recorded.outcome).toBe(e.recorded)
        expect(r.decision).toBe(e.decision)
        expect(r.agrees).toBe(e.agrees)
        if (e.blocking !== undefined) expect(r.blocking?.layer).toBe(e.blocking)
        else expect(r.succeeds).toBe(true)
        expect(r.fixes[0]?.kind ?? null).toBe(e.fix)
        if (e.dependsOnUnknowns !== undefined) expect(r.dependsOnUnknowns).toBe(e.dependsOnUnknowns)
        // Every fix is verified, and a request the model allows gets none.
        for (const f of r.fixes) expect(f.verified).toBe(true)
        if (r.succeeds) expect(r.fixes).toEqual([])
        // A disagreement always says what could explain it.
        if (!r.agrees) expect(r.explanations.length).toBeGreaterThan(0)
      }
    })
  }
})
