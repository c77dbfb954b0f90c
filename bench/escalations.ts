/**
 * Measures `escalations` (every principal, to an administrator) over a synthetic organization (default
 * 5,000 users × 1,000 roles in 10 accounts, with escalation-capable permissions sprinkled in): load time,
 * analysis time and peak memory.
 *
 *   node --import tsx bench/escalations.ts [--principals 5000] [--roles 1000] [--accounts 10]
 */
import { loadSnapshot } from '../src/snapshot/loadSnapshot.js'
import { findEscalations } from '../src/escalation/findEscalations.js'
import { generateOrg } from './generateOrg.js'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}

const params = { principals: arg('principals', 5000), roles: arg('roles', 1000), accounts: arg('accounts', 10), escalations: true }
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
const r = findEscalations(snapshot)
const t3 = performance.now()
const cpu = process.cpuUsage(cpu0)
sample()
clearInterval(timer)
if (!r.ok) throw new Error(r.errors[0].message)
const counts = { allowed: 0, conditional: 0, uncertain: 0 }
for (const e of r.value.escalations) counts[e.access]++
const principals = new Set(r.value.escalations.map((e) => e.principal)).size
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`
process.stdout.write(
  [
    `organization: ${params.principals} users, ${snapshot.roles.size} roles, ${params.accounts} accounts (${snapshot.principals.size} principals)`,
    `generate:     ${(t1 - t0).toFixed(0)} ms`,
    `load+compile: ${(t2 - t1).toFixed(0)} ms (${snapshot.diagnostics.length} diagnostics)`,
    `escalations for every principal: ${(t3 - t2).toFixed(0)} ms, ${r.value.administrators.length} administrators, ${principals} principals escalate (${r.value.escalations.length} paths: ${counts.allowed} allowed, ${counts.conditional} conditional, ${counts.uncertain} uncertain)`,
    `total (load + analyse): ${((t3 - t1) / 1000).toFixed(2)} s`,
    `CPU time (user + system, whole run): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
    `peak RSS: ${mb(peak)}`,
  ].join('\n') + '\n',
)
