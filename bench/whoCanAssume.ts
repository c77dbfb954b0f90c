/**
 * Measures who-can-assume for every role of a synthetic organization (default 5,000 users × 1,000
 * roles in 10 accounts): load time, analysis time and peak memory.
 *
 *   node --import tsx bench/whoCanAssume.ts [--principals 5000] [--roles 1000] [--accounts 10] [--transitive]
 */
import { loadSnapshot } from '../src/snapshot/loadSnapshot.js'
import { reachers, TrustGraph } from '../src/graph/trustGraph.js'
import { generateOrg } from './generateOrg.js'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}

const params = { principals: arg('principals', 5000), roles: arg('roles', 1000), accounts: arg('accounts', 10), profile: process.argv.includes('--enterprise') ? ('enterprise' as const) : ('mixed' as const) }
const transitive = process.argv.includes('--transitive')
let peak = 0
const sample = (): void => {
  const rss = process.memoryUsage().rss
  if (rss > peak) peak = rss
}
const timer = setInterval(sample, 20)

const cpu0 = process.cpuUsage()
const t0 = performance.now()
const inputs = generateOrg(params)
const t1 = performance.now()
const snapshot = loadSnapshot(inputs)
const t2 = performance.now()
sample()
const graph = new TrustGraph(snapshot)
let entries = 0
let conditional = 0
let external = 0
for (const role of snapshot.roles.values()) {
  for (const e of reachers(graph, role, { transitive })) {
    entries++
    if (e.access === 'conditional') conditional++
    if (e.external) external++
  }
}
const t3 = performance.now()
const cpu = process.cpuUsage(cpu0)
sample()
clearInterval(timer)
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`
process.stdout.write(
  [
    `organization: ${params.principals} users, ${snapshot.roles.size} roles, ${params.accounts} accounts (${snapshot.principals.size} principals)`,
    `generate:     ${(t1 - t0).toFixed(0)} ms`,
    `load+compile: ${(t2 - t1).toFixed(0)} ms (${snapshot.diagnostics.length} diagnostics)`,
    `who-can-assume for every role${transitive ? ' (transitive)' : ''}: ${(t3 - t2).toFixed(0)} ms, ${entries} entries (${conditional} conditional, ${external} external)`,
    `total (load + analyse): ${((t3 - t1) / 1000).toFixed(2)} s`,
    `CPU time (user + system, whole run): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
    `peak RSS: ${mb(peak)}`,
  ].join('\n') + '\n',
)
