/**
 * Differential tests of the trust graph's shortcuts on a synthetic organization: monotone inference in
 * the enumeration of open conditions, and answers shared between principals that differ only by name,
 * against exhaustive, per-principal evaluation.
 */
import { describe, expect, it } from 'vitest'
import { generateOrg } from '../../../bench/generateOrg.js'
import { askTrust } from '../../../src/graph/canAssume.js'
import { residualText } from '../../../src/graph/render.js'
import { TrustGraph, reachers } from '../../../src/graph/trustGraph.js'
import { candidates } from '../../../src/graph/trustIndex.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'

const snapshot = loadSnapshot(generateOrg({ principals: 240, roles: 60, accounts: 4, seed: 7 }))

describe('trust graph shortcuts agree with exhaustive evaluation', () => {
  it('for every role of a synthetic organization', () => {
    const graph = new TrustGraph(snapshot)
    let compared = 0
    for (const role of snapshot.roles.values()) {
      const fast = reachers(graph, role).map((e) => `${JSON.stringify(e.principal)} ${e.access} ${e.conditions === null ? '' : residualText(e.conditions)}`)
      const slow = candidates(role, snapshot)
        .map((c) => askTrust(snapshot, c, role, { exhaustive: true }))
        .filter((a) => a.decision === 'allowed' || a.decision === 'conditional')
        .map((a) => `${JSON.stringify(a.principal)} ${a.decision} ${a.conditions === null ? '' : residualText(a.conditions)}`)
      expect(fast).toEqual(slow)
      compared += slow.length
    }
    expect(compared).toBeGreaterThan(50)
  })
})
