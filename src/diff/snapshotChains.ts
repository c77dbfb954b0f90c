/**
 * Gained and lost chains between two snapshots: a principal that reaches a role through other roles
 * after the change and could not reach it at all before, by any path (or the reverse); a principal
 * with a one-hop change for the role is reported by that change. Each is reported with its shortest path. Only roles downstream of a changed edge can gain or
 * lose a chain, so only they are walked. A gained chain carries the witness of the hop that is new (a
 * request AFTER allows and BEFORE denies, confirmed by the evaluator in both); a chain whose new hop
 * has no confirmed witness, or whose access is uncertain, is reported `uncertain`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html (role chaining)
 */
import { TrustGraph, reachers } from '../graph/trustGraph.js'
import type { ReachEntry } from '../graph/trustGraph.js'
import type { Snapshot, SnapshotRole } from '../snapshot/types.js'
import type { DiffChange, VersionAccess } from './types.js'

/** Options of {@link chainChanges}. */
export interface ChainOptions {
  readonly maxDepth?: number
  /** Chains walked at most per role, in each snapshot (default 2,000). */
  readonly maxPaths?: number
}

/** Chain changes, and whether a walk stopped early (chains beyond it are not compared). */
export interface ChainResult {
  readonly changes: DiffChange[]
  readonly truncated: boolean
}

const refKey = (p: DiffChange['principal']): string => (typeof p === 'string' ? p : JSON.stringify(p))

function access(e: ReachEntry | undefined): VersionAccess | null {
  return e === undefined ? null : { access: e.access, conditions: e.conditions, uncertain: e.uncertain }
}

/** Roles whose trust policy may admit one of `roles` (sessions), transitively, in either snapshot. */
function downstream(snapshots: readonly Snapshot[], graphs: readonly TrustGraph[], start: ReadonlySet<string>, maxDepth: number): Set<string> {
  const out = new Set(start)
  let frontier = [...start]
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: string[] = []
    for (const arn of frontier) {
      snapshots.forEach((s, i) => {
        const p = s.principals.get(arn)
        if (p === undefined) return
        for (const r of (graphs[i] as TrustGraph).index.rolesFor(p)) {
          if (out.has(r.arn)) continue
          out.add(r.arn)
          next.push(r.arn)
        }
      })
    }
    frontier = next
  }
  return out
}

/**
 * The chain changes implied by the direct changes `direct` (one-hop changes of {@link diffSnapshots}).
 *
 * @example
 * const { changes, truncated } = chainChanges(before, after, direct, { maxDepth: 5 })
 */
export function chainChanges(before: Snapshot, after: Snapshot, direct: readonly DiffChange[], options: ChainOptions = {}): ChainResult {
  if (direct.length === 0) return { changes: [], truncated: false }
  let truncated = false
  const maxPaths = options.maxPaths ?? 2000
  const maxDepth = options.maxDepth ?? 5
  const gB = new TrustGraph(before)
  const gA = new TrustGraph(after)
  const changedRoles = new Set(direct.map((c) => c.role))
  const targets = [...downstream([before, after], [gB, gA], changedRoles, maxDepth)].sort()
  const directBy = new Map(direct.map((c) => [`${c.role}|${refKey(c.principal)}`, c]))
  const out: DiffChange[] = []
  for (const arn of targets) {
    // Reachability by principal: its shortest path (direct entries included), not every path.
    const reach = (g: TrustGraph, role: SnapshotRole | undefined): Map<string, ReachEntry> => {
      const m = new Map<string, ReachEntry>()
      if (role === undefined) return m
      for (const e of reachers(g, role, { transitive: true, maxDepth, maxPaths, onTruncated: () => (truncated = true) })) {
        const k = refKey(e.principal)
        const known = m.get(k)
        if (known === undefined || known.via.length > e.via.length) m.set(k, e)
      }
      return m
    }
    const mB = reach(gB, before.roles.get(arn))
    const mA = reach(gA, after.roles.get(arn))
    for (const [key, e] of mA) {
      // A principal that reached the role before (any path), or whose one-hop access changed, is not a new chain.
      if (e.via.length === 0 || mB.has(key) || directBy.has(`${arn}|${key}`)) continue
      // The hop that is new: the first whose one-hop question gained.
      const hop = e.hops.map((h) => directBy.get(`${h.role}|${refKey(h.from)}`)).find((c) => c !== undefined && (c.kind === 'gained' || c.kind === 'uncertain'))
      const confirmed = hop?.kind === 'gained' && hop.witness !== undefined && e.access !== 'uncertain'
      out.push({
        role: arn,
        kind: confirmed ? 'gained' : 'uncertain',
        principal: e.principal,
        before: null,
        after: access(e),
        via: e.via,
        ...(confirmed ? { witness: hop.witness } : { uncertain: [...e.uncertain, ...(hop?.uncertain ?? []), ...(hop === undefined || hop.kind !== 'gained' ? [{ code: 'diff.no-witness' as const, message: `no hop of the chain through ${e.via.join(' → ')} has a request confirmed new by the evaluator` }] : [])] }),
        ...(hop?.causes !== undefined ? { causes: hop.causes } : {}),
        ...(hop?.location !== undefined ? { location: hop.location } : {}),
      })
    }
    for (const [key, e] of mB) {
      if (e.via.length === 0 || mA.has(key) || directBy.has(`${arn}|${key}`)) continue
      const hop = e.hops.map((h) => directBy.get(`${h.role}|${refKey(h.from)}`)).find((c) => c !== undefined && (c.kind === 'lost' || c.kind === 'changed'))
      out.push({
        role: arn,
        kind: 'lost',
        principal: e.principal,
        before: access(e),
        after: null,
        via: e.via,
        ...(hop?.witness !== undefined ? { witness: hop.witness } : {}),
        ...(hop?.causes !== undefined ? { causes: hop.causes } : {}),
      })
    }
  }
  return { changes: out, truncated }
}
