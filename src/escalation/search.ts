/**
 * Shortest escalation paths. The steps of every principal reachable from the sources are computed once;
 * a search backwards from the targets (the administrators, or the named role) gives each principal its
 * distance in hops (a grant through an edge counts two), and each principal's shortest paths are read
 * off by following steps that bring it one distance closer. A second search over `allowed` steps alone
 * finds the shortest path that needs no condition, when every shortest path needs one.
 */
import type { PrincipalRef } from '../graph/canAssume.js'
import { principalText } from '../graph/render.js'
import type { SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { ALLOWED, allOf, compareAnswers } from './decide.js'
import type { EscalationGraph, Step } from './escalationGraph.js'
import type { Administrator, Answer, Escalation } from './types.js'

/** Options of a search. */
export interface SearchOptions {
  /** The role to reach; undefined: an administrator. */
  readonly to?: SnapshotPrincipal
  /** Search from these principals only (default: every principal of the snapshot). */
  readonly from?: readonly SnapshotPrincipal[]
  /** Paths listed per principal (default 3). */
  readonly maxPaths?: number
  /** Longest path, in hops (default 6). */
  readonly maxDepth?: number
  /**
   * Also start from principals outside the snapshot that trust policies admit (another account, an
   * identity provider, `*`): their first hop is AssumeRole into a role of the snapshot.
   */
  readonly external?: boolean
  readonly progress?: (done: number, total: number) => void
}

/** What a search found. */
export interface SearchResult {
  readonly escalations: Escalation[]
  readonly administrators: Administrator[]
  /** True when some principal reaches a target only by a path longer than `maxDepth` hops (not listed). */
  readonly cut: boolean
}

type Node = SnapshotPrincipal | 'admin'

/** Distances to the targets over the steps that pass `keep`, hops counted (Dial's algorithm: a step weighs its hops, 1 to 3). */
function distances(nodes: readonly SnapshotPrincipal[], steps: ReadonlyMap<SnapshotPrincipal, readonly Step[]>, targets: ReadonlyMap<Node, Answer>, keep: (s: Step) => boolean, maxDepth: number, onCut: (n: Node) => void = () => undefined): Map<Node, number> {
  const reverse = new Map<Node, Step[]>()
  for (const n of nodes) {
    for (const s of steps.get(n) ?? []) {
      if (!keep(s)) continue
      const list = reverse.get(s.to)
      if (list === undefined) reverse.set(s.to, [s])
      else list.push(s)
    }
  }
  const dist = new Map<Node, number>()
  const buckets: Node[][] = [[...targets.keys()]]
  for (const t of targets.keys()) dist.set(t, 0)
  for (let d = 0; d < buckets.length && d <= maxDepth; d++) {
    for (const n of buckets[d] ?? []) {
      if (dist.get(n) !== d) continue
      for (const s of reverse.get(n) ?? []) {
        const nd = d + s.hops.length
        const known = dist.get(s.from)
        if (nd > maxDepth) {
          if (known === undefined) onCut(s.from)
          continue
        }
        if (known !== undefined && known <= nd) continue
        dist.set(s.from, nd)
        ;(buckets[nd] ??= []).push(s.from)
      }
    }
  }
  return dist
}

/** Up to `limit` shortest step sequences from `from`, following steps one distance closer. */
function shortest(from: SnapshotPrincipal, steps: ReadonlyMap<SnapshotPrincipal, readonly Step[]>, dist: ReadonlyMap<Node, number>, keep: (s: Step) => boolean, limit: number): Step[][] {
  const out: Step[][] = []
  const walk = (node: Node, remaining: number, path: Step[]): void => {
    if (out.length >= limit) return
    if (remaining === 0) {
      out.push(path)
      return
    }
    if (node === 'admin') return
    for (const s of steps.get(node) ?? []) {
      if (!keep(s) || dist.get(s.to) !== remaining - s.hops.length) continue
      walk(s.to, remaining - s.hops.length, [...path, s])
      if (out.length >= limit) return
    }
  }
  walk(from, dist.get(from) ?? 0, [])
  return out
}

/** Searches shortest escalation paths. */
export function searchEscalations(graph: EscalationGraph, options: SearchOptions = {}): SearchResult {
  const snapshot = graph.snapshot
  const maxPaths = options.maxPaths ?? 3
  const maxDepth = options.maxDepth ?? 6
  const sources = options.from ?? [...snapshot.principals.values()]
  const isTarget = (p: SnapshotPrincipal): Answer | undefined => {
    if (options.to !== undefined) return p === options.to ? ALLOWED : undefined
    const a = graph.admin(p)
    return a.access === 'denied' ? undefined : a
  }

  // Every principal reachable from the sources, and its steps; paths end at targets, so targets are not expanded.
  const targets = new Map<Node, Answer>(options.to === undefined ? [['admin', ALLOWED]] : [])
  const steps = new Map<SnapshotPrincipal, readonly Step[]>()
  const nodes: SnapshotPrincipal[] = []
  const seen = new Set<SnapshotPrincipal>(sources)
  const queue = [...sources]
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i] as SnapshotPrincipal
    nodes.push(n)
    options.progress?.(i + 1, queue.length)
    const t = isTarget(n)
    if (t !== undefined) {
      targets.set(n, t)
      continue
    }
    const list = graph.stepsFrom(n)
    steps.set(n, list)
    for (const s of list) {
      if (s.to === 'admin' || seen.has(s.to)) continue
      seen.add(s.to)
      queue.push(s.to)
    }
  }

  const any = (): boolean => true
  const allowedOnly = (s: Step): boolean => s.answer.access === 'allowed'
  const cutOff = new Set<Node>()
  const dist = distances(nodes, steps, targets, any, maxDepth, (n) => cutOff.add(n))
  const allowedTargets = new Map([...targets].filter(([, a]) => a.access === 'allowed'))
  const allowedDist = distances(nodes, steps, allowedTargets, allowedOnly, maxDepth)
  const reaches = options.to?.arn ?? 'admin'

  const escalationOf = (from: SnapshotPrincipal, path: readonly Step[]): Escalation => {
    const last = path[path.length - 1] as Step
    const end = last.to === 'admin' ? ALLOWED : (targets.get(last.to) ?? ALLOWED)
    const answer = allOf([...path.map((s) => s.answer), end])
    return { principal: from.arn, reaches, access: answer.access === 'denied' ? 'uncertain' : answer.access, conditions: answer.conditions, uncertain: answer.uncertain, path: path.flatMap((s) => s.hops) }
  }

  const escalations: Escalation[] = []
  for (const from of [...sources].sort((a, b) => (a.arn < b.arn ? -1 : 1))) {
    // Administrators are not listed: they can already do everything.
    if (targets.has(from) || !dist.has(from) || (options.to !== undefined && graph.admin(from).access === 'allowed')) continue
    const found = shortest(from, steps, dist, any, maxPaths).map((p) => escalationOf(from, p))
    found.sort((a, b) => compareAnswers(a, b))
    if (!found.some((e) => e.access === 'allowed') && allowedDist.has(from)) {
      for (const p of shortest(from, steps, allowedDist, allowedOnly, 1)) found.push(escalationOf(from, p))
    }
    escalations.push(...found)
  }
  if (options.external === true) escalations.push(...externalEscalations(graph, steps, dist, targets, reaches, maxPaths, maxDepth))
  const administrators: Administrator[] = options.to !== undefined ? [] : [...targets]
    .flatMap(([n, a]) => (n === 'admin' ? [] : [{ principal: n.arn, access: a.access === 'denied' ? 'uncertain' : a.access, conditions: a.conditions, uncertain: a.uncertain } as Administrator]))
    .sort((a, b) => (a.principal < b.principal ? -1 : 1))
  // A principal cut by the depth bound may still reach a target through a principal it could not pass.
  return { escalations, administrators, cut: [...cutOff].some((n) => !dist.has(n)) }
}

/**
 * Principals outside the snapshot that a role's trust policy admits (services aside: they are how a
 * role is used, not who uses it) and that reach a target through that role: one entry per principal
 * and role, shortest first.
 */
function externalEscalations(graph: EscalationGraph, steps: ReadonlyMap<SnapshotPrincipal, readonly Step[]>, dist: ReadonlyMap<Node, number>, targets: ReadonlyMap<Node, Answer>, reaches: string, maxPaths: number, maxDepth: number): Escalation[] {
  const found = new Map<string, { ref: PrincipalRef; entries: Escalation[] }>()
  const any = (): boolean => true
  for (const [node, d] of dist) {
    if (node === 'admin' || node.kind !== 'role' || d + 1 > maxDepth) continue
    for (const a of graph.trust.directAnswers(node as SnapshotRole)) {
      if (!a.external || (typeof a.principal === 'object' && 'service' in a.principal)) continue
      const first = { access: a.decision === 'allowed' ? 'allowed' : 'conditional', conditions: a.conditions, uncertain: [] } as const
      const label = principalText(a.principal)
      // A web-identity or SAML caller assumes the role with its own STS action.
      const action = typeof a.principal === 'object' && 'federated' in a.principal ? (a.principal.federated.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity') : 'sts:AssumeRole'
      const hop = { from: label, to: node.arn, technique: 'assume-role', actions: [action], resources: [node.arn], access: first.access, conditions: first.conditions, uncertain: [], notes: a.notes }
      const rest = d === 0 ? [[]] : shortest(node, steps, dist, any, maxPaths)
      for (const path of rest) {
        const last = path[path.length - 1]
        const end = last === undefined ? (targets.get(node) ?? ALLOWED) : last.to === 'admin' ? ALLOWED : (targets.get(last.to) ?? ALLOWED)
        const answer = allOf([first, ...path.map((x) => x.answer), end])
        const entry: Escalation = { principal: label, reaches, access: answer.access === 'denied' ? 'uncertain' : answer.access, conditions: answer.conditions, uncertain: answer.uncertain, path: [hop, ...path.flatMap((x) => x.hops)], external: true }
        const key = JSON.stringify(a.principal)
        const list = found.get(key) ?? { ref: a.principal, entries: [] }
        list.entries.push(entry)
        found.set(key, list)
      }
    }
  }
  return [...found.values()]
    .sort((x, y) => (principalText(x.ref) < principalText(y.ref) ? -1 : 1))
    .flatMap((x) => x.entries.sort((p, q) => p.path.length - q.path.length || compareAnswers(p, q)).slice(0, maxPaths))
}
