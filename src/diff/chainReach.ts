/**
 * Who reaches a role, by principal: the shortest path of each (the first in breadth-first order), as
 * `reachers(graph, role, { transitive: true })` of `graph/trustGraph.ts` finds them, walked in the
 * same order and stopped at the same path count. PERF: a path is a link to the path it extends, and
 * its hops, reasons and conditions are made into an entry only when asked for (the chain diff asks
 * for the few principals that reach a role in one snapshot and not the other).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html (role chaining)
 */
import type { TrustAnswer } from '../graph/canAssume.js'
import { residualText } from '../graph/render.js'
import { and, entryOf, hopOf, scoped } from '../graph/trustGraph.js'
import type { ReachEntry, Terms, TrustGraph } from '../graph/trustGraph.js'
import type { CallerSpec } from '../graph/question.js'
import { candidates } from '../graph/trustIndex.js'
import type { SnapshotRole } from '../snapshot/types.js'

/** A path: its head's answer for `role`, then the path it extends (toward the target). */
interface Link {
  readonly head: TrustAnswer
  readonly role: SnapshotRole
  /** The head's place among the answers for `role`. */
  readonly at: number
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
  /**
   * The graph's own answer where `answers` gave an equal one borrowed from elsewhere (another
   * snapshot): entries are made of the graph's own answers, so their conditions and reasons cite it.
   */
  readonly own?: (role: SnapshotRole, at: number, given: TrustAnswer) => TrustAnswer
  readonly onTruncated: () => void
}

/**
 * The shortest paths to a role, by principal key; `entry` makes one into a {@link ReachEntry}, or says
 * `mismatch` when the graph's own answers along it do not make the same path (borrowed answers were not equal).
 */
export interface FirstPaths {
  readonly keys: ReadonlySet<string>
  /** The principal ARNs whose own callers the walk asked for (paths shorter than the longest chain). */
  readonly extended: ReadonlySet<string>
  entry(key: string): ReachEntry | 'mismatch' | undefined
}

/** A principal as a map key. */
export const refKey = (p: TrustAnswer['principal']): string => (typeof p === 'string' ? p : JSON.stringify(p))

/** PERF: an answer's conditions as terms for the role it was asked for, made once. */
const SCOPED = new WeakMap<TrustAnswer, { readonly scope: string; readonly terms: Terms }>()
function scopedOf(a: TrustAnswer, scope: string): Terms {
  const known = SCOPED.get(a)
  if (known !== undefined && known.scope === scope) return known.terms
  const terms = scoped(a.conditions, scope)
  SCOPED.set(a, { scope, terms })
  return terms
}

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
  const queue: Link[] = answers(role).map((a, at) => ({ head: a, role, at, rest: undefined, length: 1, terms: scoped(a.conditions, role.arn), approximate: a.conditions?.approximate === true }))
  const first = new Map<string, Link>()
  const extended = new Set<string>()
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
    if (typeof path.head.principal === 'string') extended.add(path.head.principal)
    const head = typeof path.head.principal === 'string' ? snapshot.roles.get(path.head.principal) : undefined
    if (head === undefined) continue
    const next = answers(head)
    for (let at = 0; at < next.length; at++) {
      const a = next[at] as TrustAnswer
      if (typeof a.principal === 'string' && onPath(path, role.arn, a.principal)) continue
      const terms = and(scopedOf(a, head.arn), path.terms)
      if (terms === undefined) continue
      queue.push({ head: a, role: head, at, rest: path, length: path.length + 1, terms, approximate: path.approximate || a.conditions?.approximate === true })
    }
  }
  const made = new Map<string, ReachEntry | 'mismatch' | undefined>()
  const entry = (key: string): ReachEntry | 'mismatch' | undefined => {
      const path = first.get(key)
      if (path === undefined) return undefined
      const links: Link[] = []
      for (let l: Link | undefined = path; l !== undefined; l = l.rest) links.push(l)
      if (options.own === undefined) return entryOf({ head: path.head, hops: links.map((l) => hopOf(l.head, snapshot, l.role)), terms: path.terms, approximate: path.approximate })
      // The same path of the graph's own answers, its conditions ANDed in the walk's order (target outward).
      const own = links.map((l) => (options.own as NonNullable<FirstPathOptions['own']>)(l.role, l.at, l.head))
      let terms: Terms | undefined = null
      let approximate = false
      for (let i = links.length - 1; i >= 0; i--) {
        const a = own[i] as TrustAnswer
        const given = (links[i] as Link).head
        if (a.access !== given.access || refKey(a.principal) !== refKey(given.principal) || residualText(a.conditions) !== residualText(given.conditions)) return 'mismatch'
        const scope = (links[i] as Link).role.arn
        terms = i === links.length - 1 ? scoped(a.conditions, scope) : and(scoped(a.conditions, scope), terms ?? null)
        if (terms === undefined) return 'mismatch'
        approximate ||= a.conditions?.approximate === true
      }
      return entryOf({ head: own[0] as TrustAnswer, hops: links.map((l, i) => hopOf(own[i] as TrustAnswer, snapshot, l.role)), terms: terms ?? null, approximate })
  }
  return {
    keys: new Set(first.keys()),
    extended,
    entry(key: string) {
      if (!made.has(key)) made.set(key, entry(key))
      return made.get(key)
    },
  }
}

const callerKey = (c: CallerSpec): string => (c.kind === 'principal' ? `p:${c.principal.arn}#${c.session ?? ''}` : JSON.stringify(c))

/**
 * One-hop answers for the walks of `after`, borrowed from `before` for the roles in `unchanged` (roles
 * whose one-hop questions have the same inputs in both snapshots, so the same answers) when both
 * snapshots list the same callers in the same order; the paths an entry is made of are then asked of
 * `after` itself (`own`). PERF: a change to a few trust policies asks `after` only about those roles
 * and the paths reported, not about every role upstream of them.
 *
 * @example
 * const walk = { maxDepth: 5, maxPaths: 2000, onTruncated: () => {}, ...borrowAnswers(gB, gA, unchanged) }
 * firstPaths(gA, role, walk)
 */
export function borrowAnswers(before: TrustGraph, after: TrustGraph, unchanged: ReadonlySet<string>): Required<Pick<FirstPathOptions, 'answers' | 'own'>> & { sameWalk(target: SnapshotRole, walked: FirstPaths): boolean } {
  const lent = new Map<string, SnapshotRole | null>()
  const lender = (role: SnapshotRole): SnapshotRole | null => {
    let r = lent.get(role.arn)
    if (r === undefined) {
      const rB = unchanged.has(role.arn) ? before.snapshot.roles.get(role.arn) : undefined
      const same = rB !== undefined && sameCallers(candidates(rB, before.snapshot), candidates(role, after.snapshot))
      r = same ? (rB as SnapshotRole) : null
      lent.set(role.arn, r)
    }
    return r
  }
  const asked = new Map<string, TrustAnswer>()
  const lends = (arn: string): boolean => {
    const rA = after.snapshot.roles.get(arn)
    return rA === undefined ? !before.snapshot.roles.has(arn) : lender(rA) !== null
  }
  return {
    // The walk of `after` to `target` asks only for borrowed answers, so it is the walk of `before`.
    sameWalk: (target, walked) => lends(target.arn) && [...walked.extended].every(lends),
    answers: (role) => {
      const rB = lender(role)
      return rB === null ? after.directAnswers(role) : before.directAnswers(rB)
    },
    own: (role, at, given) => {
      const rB = lender(role)
      if (rB === null) return given
      const key = `${role.arn}#${at}`
      const known = asked.get(key)
      if (known !== undefined) return known
      const c = before.directCallersOf(rB)[at] as CallerSpec
      const p = c.kind === 'principal' ? after.snapshot.principals.get(c.principal.arn) : undefined
      const caller: CallerSpec = c.kind !== 'principal' ? c : p === undefined ? c : { kind: 'principal', principal: p, ...(c.session !== undefined ? { session: c.session } : {}) }
      const a = after.edge(caller, role)
      asked.set(key, a)
      return a
    },
  }
}

function sameCallers(a: readonly CallerSpec[], b: readonly CallerSpec[]): boolean {
  return a.length === b.length && a.every((c, i) => callerKey(c) === callerKey(b[i] as CallerSpec))
}
