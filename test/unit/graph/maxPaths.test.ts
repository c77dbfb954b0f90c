/**
 * `--max-paths` keeps the first paths of the search: a list cut at N is the first N entries of the list
 * an uncut search gives, in the same order, and it is marked truncated exactly when that list is longer
 * (the search stops extending paths once it has found one more than it may show).
 */
import { describe, expect, it } from 'vitest'
import { generateOrg } from '../../../bench/generateOrg.js'
import { TrustGraph } from '../../../src/graph/trustGraph.js'
import { whoCanAssumeRole } from '../../../src/graph/whoCanAssume.js'
import { whoJsonText } from '../../../src/graph/whoJsonText.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'

describe('a list cut by maxPaths', () => {
  it('is the uncut list’s first entries, marked truncated exactly when entries were left out', () => {
    const snapshot = loadSnapshot(generateOrg({ principals: 150, roles: 60, accounts: 4, seed: 7, profile: 'enterprise' }))
    const graph = new TrustGraph(snapshot, {})
    let cut = 0
    let whole = 0
    for (const role of snapshot.roles.values()) {
      const full = whoCanAssumeRole(graph, role, { transitive: true, maxPaths: 1_000_000 })
      expect(full.truncated).toBe(false)
      for (const max of [1, 3, 10]) {
        let called = 0
        const r = whoCanAssumeRole(graph, role, { transitive: true, maxPaths: max, onTruncated: () => called++ })
        const expected = full.principals.slice(0, max)
        expect(whoJsonText(r)).toBe(whoJsonText({ ...full, principals: expected, truncated: full.principals.length > max }))
        expect(called).toBe(full.principals.length > max ? 1 : 0)
        if (r.truncated) cut++
        else whole++
      }
    }
    // Both cases occur in this organization.
    expect(cut).toBeGreaterThan(10)
    expect(whole).toBeGreaterThan(10)
  })
})
