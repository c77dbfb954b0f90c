/**
 * Gained and lost chains between two snapshots: a principal that reaches a role through other roles
 * after the change and could not reach it at all before, by any path (or the reverse); a principal
 * with a one-hop change for the role is reported by that change. Each is reported with its shortest path. Only roles downstream of a changed edge can gain or
 * lose a chain, so only they are walked. A gained chain carries the witness of the hop that is new (a
 * request AFTER allows and BEFORE denies, confirmed by the evaluator in both); a chain whose new hop
 * has no confirmed witness, or whose access is uncertain, is reported `uncertain`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html (role chaining)
 */
import { TrustGraph } from '../graph/trustGraph.js'
import type { ReachEntry } from '../graph/trustGraph.js'
import type { Snapshot } from '../snapshot/types.js'
import { borrowAnswers, firstPaths, refKey } from './chainReach.js'
import type { FirstPaths } from './chainReach.js'
import type { DiffChange, VersionAccess } from './types.js'

/** Options of {@link chainChanges}. */
export interface ChainOptions {
  readonly maxDepth?: number
  /** Chains walked at most per role, in each snapshot (default 2,000). */
  readonly maxPaths?: number
  /** Roles whose one-hop questions have the same inputs in both snapshots (their answers are shared). */
  readonly unchanged?: ReadonlySet<string>
}

/** Chain changes, and whether a walk stopped early (chains beyond it are not compared). */
export interface ChainResult {
  readonly changes: DiffChange[]
  readonly truncated: boolean
}


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
  const walk = { maxDepth, maxPaths, onTruncated: () => (truncated = true) }
  const borrowed = { ...walk, ...borrowAnswers(gB, gA, options.unchanged ?? new Set()) }
  for (const arn of targets) {
    // Reachability by principal: its shortest path (direct entries included), not every path.
    const rB = before.roles.get(arn)
    const rA = after.roles.get(arn)
    const mB = rB === undefined ? undefined : firstPaths(gB, rB, walk)
    // PERF: a walk that meets no role whose answers changed finds the same principals in both: nothing to report.
    if (rA !== undefined && mB !== undefined && borrowed.sameWalk(rA, mB)) continue
    let mA = rA === undefined ? undefined : firstPaths(gA, rA, borrowed)
    // Borrowed answers that the after snapshot does not give itself (never expected): walk it alone.
    if (rA !== undefined && [...(mA?.keys ?? [])].some((k) => mB?.keys.has(k) !== true && mA?.entry(k) === 'mismatch')) mA = firstPaths(gA, rA, walk)
    for (const key of mA?.keys ?? []) {
      // A principal that reached the role before (any path), or whose one-hop access changed, is not a new chain.
      if (mB?.keys.has(key) === true || directBy.has(`${arn}|${key}`)) continue
      const e = (mA as FirstPaths).entry(key) as ReachEntry
      if (e.via.length === 0) continue
      out.push(gainedChain(arn, e, directBy))
    }
    for (const key of mB?.keys ?? []) {
      if (mA?.keys.has(key) === true || directBy.has(`${arn}|${key}`)) continue
      const e = (mB as FirstPaths).entry(key) as ReachEntry
      if (e.via.length === 0) continue
      out.push(lostChain(arn, e, directBy))
    }
  }
  return { changes: out, truncated }
}

/**
 * The change of a principal that reaches role `arn` by the chain `e` after and not before; `directBy`:
 * the one-hop changes by `role|principal`. The hop that is new is the first whose one-hop question gained.
 *
 * @example
 * out.push(gainedChain(role.arn, entry, new Map(direct.map((c) => [`${c.role}|${principalKey(c.principal)}`, c]))))
 */
export function gainedChain(arn: string, e: ReachEntry, directBy: ReadonlyMap<string, DiffChange>): DiffChange {
  const hop = e.hops.map((h) => directBy.get(`${h.role}|${refKey(h.from)}`)).find((c) => c !== undefined && (c.kind === 'gained' || c.kind === 'uncertain'))
  const confirmed = hop?.kind === 'gained' && hop.witness !== undefined && e.access !== 'uncertain'
  return {
    role: arn,
    kind: confirmed ? 'gained' : 'uncertain',
    principal: e.principal,
    before: null,
    after: access(e),
    via: e.via,
    ...(confirmed ? { witness: hop.witness } : { uncertain: [...e.uncertain, ...(hop?.uncertain ?? []), ...(hop === undefined || hop.kind !== 'gained' ? [{ code: 'diff.no-witness' as const, message: `no hop of the chain through ${e.via.join(' → ')} has a request confirmed new by the evaluator` }] : [])] }),
    ...(hop?.causes !== undefined ? { causes: hop.causes } : {}),
    ...(hop?.location !== undefined ? { location: hop.location } : {}),
  }
}

/** The change of a principal that reached role `arn` by the chain `e` before and not after (see {@link gainedChain}). */
export function lostChain(arn: string, e: ReachEntry, directBy: ReadonlyMap<string, DiffChange>): DiffChange {
  const hop = e.hops.map((h) => directBy.get(`${h.role}|${refKey(h.from)}`)).find((c) => c !== undefined && (c.kind === 'lost' || c.kind === 'changed'))
  return {
    role: arn,
    kind: 'lost',
    principal: e.principal,
    before: access(e),
    after: null,
    via: e.via,
    ...(hop?.witness !== undefined ? { witness: hop.witness } : {}),
    ...(hop?.causes !== undefined ? { causes: hop.causes } : {}),
  }
}
