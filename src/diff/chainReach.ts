/**
 * Who reaches a role, by principal: the shortest path of each (the first in breadth-first order), as
 * `reachers(graph, role, { transitive: true })` of `graph/trustGraph.ts` finds them, walked in the
 * same order and stopped at the same path count. PERF: a path is a link to the path it extends, and
 * its hops, reasons and conditions are made into an entry only when asked for (the chain diff asks
 * for the few principals that reach a role in one snapshot and not the other).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html (role chaining)
 */
import type { TrustAnswer } from '../graph/canAssume.js'
import { and, entryOf, hopOf, scoped } from '../graph/trustGraph.js'
import type { ReachEntry, Terms, TrustGraph } from '../graph/trustGraph.js'
import type { SnapshotRole } from '../snapshot/types.js'

/** A path: its head's answer for `role`, then the path it extends (toward the target). */
interface Link {
  readonly head: TrustAnswer
  readonly role: SnapshotRole
  readonly rest: Link | undefined
  readonly length: number
  readonly terms: Terms
  readonly approximate: boolean
}

/** Options of {@link firstPaths}. */
export interface FirstPathOptions {
  readonly maxDepth: number
  readonly maxPaths: number
  /** The one-hop answers for a role (default: the graph's). */
  readonly answers?: (role: SnapshotRole) => readonly TrustAnswer[]
  readonly onTruncated: () => void
}

/** The shortest paths to a role, by principal key; `entry` makes one into a {@link ReachEntry}. */
export interface FirstPaths {
  readonly keys: ReadonlySet<string>
  entry(key: string): ReachEntry | undefined
}

const refKey = (p: TrustAnswer['principal']): string => (typeof p === 'string' ? p : JSON.stringify(p))

function onPath(link: Link, target: string, arn: string): boolean {
  if (arn === target) return true
  for (let l: Link | undefined = link; l !== undefined; l = l.rest) if (l.role.arn === arn) return true
  return false
}

/**
 * The first path of each principal that reaches `role` in `graph` (direct callers included), in the
 * breadth-first order of `reachers`, stopping after `maxPaths` paths as it does.
 *
 * @example
 * const first = firstPaths(new TrustGraph(snapshot), role, { maxDepth: 5, maxPaths: 2000, onTruncated: () => {} })
 * for (const key of first.keys) first.entry(key)?.via
 */
export function firstPaths(graph: TrustGraph, role: SnapshotRole, options: FirstPathOptions): FirstPaths {
  const snapshot = graph.snapshot
  const answers = options.answers ?? ((r: SnapshotRole) => graph.directAnswers(r))
  const queue: Link[] = answers(role).map((a) => ({ head: a, role, rest: undefined, length: 1, terms: scoped(a.conditions, role.arn), approximate: a.conditions?.approximate === true }))
  const first = new Map<string, Link>()
  for (let i = 0; i < queue.length; i++) {
    if (i >= options.maxPaths) {
      options.onTruncated()
      break
    }
    const path = queue[i] as Link
    const key = refKey(path.head.principal)
    // Paths come shortest first: a principal's first path is its shortest.
    if (!first.has(key)) first.set(key, path)
    if (path.length >= options.maxDepth) continue
    const head = typeof path.head.principal === 'string' ? snapshot.roles.get(path.head.principal) : undefined
    if (head === undefined) continue
    for (const a of answers(head)) {
      if (typeof a.principal === 'string' && onPath(path, role.arn, a.principal)) continue
      const terms = and(scoped(a.conditions, head.arn), path.terms)
      if (terms === undefined) continue
      queue.push({ head: a, role: head, rest: path, length: path.length + 1, terms, approximate: path.approximate || a.conditions?.approximate === true })
    }
  }
  return {
    keys: new Set(first.keys()),
    entry(key: string): ReachEntry | undefined {
      const path = first.get(key)
      if (path === undefined) return undefined
      const hops = []
      for (let l: Link | undefined = path; l !== undefined; l = l.rest) hops.push(hopOf(l.head, snapshot, l.role))
      return entryOf({ head: path.head, hops, terms: path.terms, approximate: path.approximate })
    },
  }
}
