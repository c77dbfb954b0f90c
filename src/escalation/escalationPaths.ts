/**
 * Paths between two principals over every technique (`paths --via all`), and the escalation edges of
 * a snapshot for pictures (`graph --via all`). Each hop is the best edge between two principals.
 */
import type { SnapshotPrincipal } from '../snapshot/types.js'
import { allOf } from './decide.js'
import type { EscalationGraph, Step } from './escalationGraph.js'
import type { Escalation } from './types.js'

/** Options of {@link escalationPaths}. */
export interface EscalationPathOptions {
  /** Longest path, in hops (default 5). */
  readonly maxDepth?: number
  /** Stop after this many paths (default 10,000). */
  readonly maxPaths?: number
  /** Called once when a bound stopped the search early. */
  readonly onTruncated?: () => void
}

/** PERF: a bound on the steps one search follows, whatever it finds. */
const SEARCH_BUDGET = 1_000_000

/**
 * Every path from `from` to `to` over the escalation graph's edges (AssumeRole and every other
 * technique), shortest first; cycles are avoided and the depth bounded.
 *
 * @example
 * const graph = new EscalationGraph(snapshot)
 * escalationPaths(graph, alice, deployRole).map((p) => p.path.map((h) => h.technique))
 */
export function escalationPaths(graph: EscalationGraph, from: SnapshotPrincipal, to: SnapshotPrincipal, options: EscalationPathOptions = {}): Escalation[] {
  const maxDepth = options.maxDepth ?? 5
  const maxPaths = options.maxPaths ?? 10_000
  const out: Escalation[] = []
  let budget = SEARCH_BUDGET
  let truncated = false
  const walk = (node: SnapshotPrincipal, steps: Step[], visited: Set<SnapshotPrincipal>): void => {
    if (steps.length >= maxDepth) return
    for (const s of graph.stepsFrom(node)) {
      if (out.length >= maxPaths || --budget < 0) {
        truncated = true
        return
      }
      // Steps to a principal are one edge, or a group join and an edge.
      if (s.to === 'admin' || visited.has(s.to)) continue
      const next = [...steps, s]
      if (s.to === to) {
        const answer = allOf(next.map((x) => x.answer))
        out.push({ principal: from.arn, reaches: to.arn, access: answer.access === 'denied' ? 'uncertain' : answer.access, conditions: answer.conditions, uncertain: answer.uncertain, path: next.flatMap((x) => x.hops) })
        continue
      }
      walk(s.to, next, new Set([...visited, s.to]))
    }
  }
  walk(from, [], new Set([from]))
  if (truncated) options.onTruncated?.()
  return out.sort((a, b) => a.path.length - b.path.length)
}

/** True for a step that starts with the user joining a group (a hop from the user to itself). */
function isJoin(s: Step): boolean {
  const first = s.hops[0]
  return first !== undefined && first.technique === 'add-user-to-group' && first.from === first.to
}

/** One escalation edge for a picture: a technique other than AssumeRole, or a grant that makes an administrator. */
export interface EscalationEdge {
  readonly from: string
  /** A principal's ARN, or `admin`. */
  readonly to: string
  readonly technique: string
  readonly access: Escalation['access']
  readonly conditions: Escalation['conditions']
  readonly uncertain: Escalation['uncertain']
}

/**
 * The escalation edges from `principals`: each principal's best edge to each other principal by a
 * technique other than AssumeRole (the trust graph draws those), and its grants to `admin`.
 * Administrators' edges are left out: they can already do everything.
 *
 * @example
 * escalationEdges(new EscalationGraph(snapshot), [...snapshot.principals.values()]).filter((e) => e.to === 'admin')
 */
export function escalationEdges(graph: EscalationGraph, principals: readonly SnapshotPrincipal[]): EscalationEdge[] {
  const out: EscalationEdge[] = []
  for (const p of principals) {
    if (graph.admin(p).access === 'allowed') continue
    for (const s of graph.stepsFrom(p)) {
      const last = s.hops[s.hops.length - 1]
      if (last === undefined || (s.hops.length === 1 && last.technique === 'assume-role')) continue
      // A group join and what the member does next are drawn as one edge, labelled with both.
      if (isJoin(s)) {
        const access = s.answer.access === 'denied' ? 'uncertain' : s.answer.access
        out.push({ from: p.arn, to: s.to === 'admin' ? 'admin' : s.to.arn, technique: s.hops.map((h) => h.technique).join(' → '), access, conditions: s.answer.conditions, uncertain: s.answer.uncertain })
        continue
      }
      // A grant through an edge is drawn as the grant from the principal that changes (the edge is drawn on its own).
      const hop = s.hops.length === 2 ? last : s.hops[0]
      if (hop === undefined) continue
      out.push({ from: hop.from, to: hop.to, technique: hop.by !== undefined ? `${hop.technique} (by ${hop.by.split('/').pop() ?? hop.by})` : hop.technique, access: hop.access, conditions: hop.conditions, uncertain: hop.uncertain })
    }
  }
  return out
}
