/**
 * Measures who-can-assume for every role of a synthetic organization (default 5,000 users × 1,000
 * roles in 10 accounts): load time, analysis time and peak memory.
 *
 *   node --import tsx bench/whoCanAssume.ts [--principals 5000] [--roles 1000] [--accounts 10] [--transitive] [--enterprise]
 */
import { reachers, TrustGraph } from '../src/graph/trustGraph.js'
import { measureOrganization, numberArg } from './measure.js'

const transitive = process.argv.includes('--transitive')
measureOrganization(
  { principals: numberArg('principals', 5000), roles: numberArg('roles', 1000), accounts: numberArg('accounts', 10), profile: process.argv.includes('--enterprise') ? 'enterprise' : 'mixed' },
  (snapshot) => {
    const graph = new TrustGraph(snapshot)
    const counts = { entries: 0, conditional: 0, external: 0 }
    for (const role of snapshot.roles.values()) {
      for (const e of reachers(graph, role, { transitive })) {
        counts.entries++
        if (e.access === 'conditional') counts.conditional++
        if (e.external) counts.external++
      }
    }
    return counts
  },
  (c, _, ms) => `who-can-assume for every role${transitive ? ' (transitive)' : ''}: ${ms.toFixed(0)} ms, ${c.entries} entries (${c.conditional} conditional, ${c.external} external)`,
)
