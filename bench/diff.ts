/**
 * Measures `diff` of two synthetic organizations (default 5,000 users × 1,000 roles in 10 accounts)
 * that differ in 20 roles' trust policies (a condition removed, an account widened to `*`, a new
 * account trusted): load both, compare every changed question, chains included.
 *
 *   node --import tsx bench/diff.ts [--principals 5000] [--roles 1000] [--accounts 10] [--changed 20]
 */
import { diffSnapshots } from '../src/diff/snapshotDiff.js'
import { loadSnapshot } from '../src/snapshot/loadSnapshot.js'
import type { SnapshotInput } from '../src/snapshot/types.js'
import { generateOrg } from './generateOrg.js'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}

const params = { principals: arg('principals', 5000), roles: arg('roles', 1000), accounts: arg('accounts', 10) }
const changed = arg('changed', 20)

type Role = { RoleName: string; AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] } }

/** The same organization with `n` roles' trust policies changed, spread over the accounts. */
function changeRoles(inputs: readonly SnapshotInput[], n: number): SnapshotInput[] {
  const copy = JSON.parse(JSON.stringify(inputs)) as SnapshotInput[]
  const roles = copy.flatMap((f) => ((f.value as { RoleDetailList?: Role[] }).RoleDetailList ?? []))
  const step = Math.max(1, Math.floor(roles.length / n))
  for (let i = 0; i < n && i * step < roles.length; i++) {
    const statement = (roles[i * step] as Role).AssumeRolePolicyDocument.Statement[0] as Record<string, unknown>
    if (i % 3 === 0) delete statement.Condition
    else if (i % 3 === 1) statement.Principal = { AWS: '*' }
    else statement.Principal = { AWS: ['arn:aws:iam::210987654321:root', ...[statement.Principal ?? []].flat()].filter((p) => typeof p === 'string') }
  }
  return copy
}

const cpu0 = process.cpuUsage()
const t0 = performance.now()
const inputs = generateOrg(params)
const edited = changeRoles(inputs, changed)
const t1 = performance.now()
const before = loadSnapshot(inputs)
const after = loadSnapshot(edited)
const t2 = performance.now()
const d = diffSnapshots(before, after, { chains: !process.argv.includes("--no-chains") })
const t3 = performance.now()
const cpu = process.cpuUsage(cpu0)
const count = (k: string): number => d.changes.filter((c) => c.kind === k).length
const chains = d.changes.filter((c) => c.via !== undefined).length
process.stdout.write(
  [
    `organizations: ${params.principals} users, ${before.roles.size} roles, ${params.accounts} accounts; ${changed} roles' trust policies changed`,
    `load+compile (both): ${(t2 - t1).toFixed(0)} ms`,
    `diff: ${(t3 - t2).toFixed(0)} ms, ${d.changes.length} changes (${count('gained')} gained, ${count('uncertain')} uncertain, ${count('changed')} changed, ${count('lost')} lost; ${chains} chains)`,
    `total (load + diff): ${((t3 - t1) / 1000).toFixed(2)} s`,
    `CPU time (user + system, whole run): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
  ].join('\n') + '\n',
)
