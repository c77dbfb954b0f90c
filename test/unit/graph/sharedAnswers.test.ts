/**
 * Answers shared across roles change nothing: a graph that keeps the direct answers of only a few roles
 * (asking the others again) answers every role as a fresh graph does, and the memoized JSON text of
 * who-can-assume is byte for byte `JSON.stringify(whoJson(r))`.
 */
import { describe, expect, it } from 'vitest'
import { generateOrg } from '../../../bench/generateOrg.js'
import { whoJson } from '../../../src/graph/render.js'
import { TrustGraph } from '../../../src/graph/trustGraph.js'
import type { GraphOptions } from '../../../src/graph/trustGraph.js'
import { whoCanAssume, whoCanAssumeRole } from '../../../src/graph/whoCanAssume.js'
import { whoJsonText } from '../../../src/graph/whoJsonText.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import type { Snapshot } from '../../../src/snapshot/types.js'
import { loadDemo } from './helpers.js'

function check(snapshot: Snapshot, remember: number): { roles: number; truncated: number } {
  const options: GraphOptions = { transitive: true, maxPaths: 5 }
  const small = new TrustGraph(snapshot, options, remember)
  const roles = [...snapshot.roles.values()]
  let truncated = 0
  // Twice over, in two orders: what was dropped is asked again.
  for (const role of [...roles, ...roles.reverse()]) {
    const fresh = whoCanAssume(snapshot, role.arn, options)
    expect(fresh.ok).toBe(true)
    if (!fresh.ok) continue
    const shared = whoCanAssumeRole(small, role, options)
    if (shared.truncated) truncated++
    expect(whoJsonText(shared)).toBe(JSON.stringify(whoJson(fresh.value)))
  }
  return { roles: roles.length, truncated }
}

describe('answers shared across roles', () => {
  it('the demo organization: a graph keeping 2 roles answers as fresh graphs do', () => {
    expect(check(loadDemo(), 2).roles).toBe(26)
  })

  it('a generated enterprise organization, with lists cut by --max-paths', () => {
    const snapshot = loadSnapshot(generateOrg({ principals: 150, roles: 60, accounts: 4, seed: 5, profile: 'enterprise' }))
    const r = check(snapshot, 3)
    expect(r.roles).toBe(60)
    expect(r.truncated).toBeGreaterThan(0)
  })
})
