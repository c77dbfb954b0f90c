/**
 * The escalation graph's shortcuts (answers shared between interchangeable principals, and between
 * principals whose identity policies no longer matter once AdministratorAccess is written) against
 * asking every question for each principal itself, on a synthetic organization with escalation-capable
 * permissions.
 */
import { describe, expect, it } from 'vitest'
import { generateOrg } from '../../../bench/generateOrg.js'
import { EscalationGraph } from '../../../src/escalation/escalationGraph.js'
import { findEscalations } from '../../../src/escalation/findEscalations.js'
import { escalationsJson } from '../../../src/escalation/render.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'

const snapshot = loadSnapshot(generateOrg({ principals: 260, roles: 50, accounts: 3, seed: 11, escalations: true }))

describe('escalation shortcuts agree with per-principal questions', () => {
  it('on every principal of a synthetic organization', () => {
    const run = (unshared: boolean): string => {
      const r = findEscalations(snapshot, { graph: new EscalationGraph(snapshot, { unshared }) })
      if (!r.ok) throw new Error('unexpected')
      return JSON.stringify(escalationsJson(r.value))
    }
    const fast = run(false)
    const slow = run(true)
    expect(fast).toBe(slow)
    const parsed = JSON.parse(fast) as { escalations: { access: string }[]; administrators: unknown[] }
    // Not vacuous: escalations of every kind of answer, and administrators.
    expect(parsed.administrators.length).toBeGreaterThan(5)
    expect(parsed.escalations.filter((e) => e.access === 'allowed').length).toBeGreaterThan(5)
    expect(parsed.escalations.filter((e) => e.access === 'conditional').length).toBeGreaterThan(5)
  })
})
