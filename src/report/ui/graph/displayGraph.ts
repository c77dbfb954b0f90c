/**
 * What the trust graph shows, before layout: the nodes and edges of the whole snapshot when it is small,
 * an account-level overview when it is not, and the neighbourhood of one principal on demand. Users and
 * outside principals with exactly the same access are drawn as one group node.
 */
import type { ReportAccess, ReportModel, ReportNode } from '../../types.js'

/** A node as drawn. */
export interface DisplayNode {
  readonly id: string
  /**
   * A model node kind, `group` (interchangeable principals), `accountGroup` in the overview (`members`
   * its principals), or `unknown`: the callers of roles whose trust policy could not be read.
   */
  readonly kind: ReportNode['kind'] | 'group' | 'accountGroup' | 'unknown'
  readonly label: string
  readonly sub: string
  /** Model nodes it stands for. */
  readonly members: readonly number[]
  readonly external: boolean
  readonly provider?: 'oidc' | 'saml'
  /** For groups: the kind of the members. */
  readonly memberKind?: ReportNode['kind']
}

/** An edge as drawn: one or more (principal, role) answers between two drawn nodes. */
export interface DisplayEdge {
  readonly id: string
  readonly from: string
  readonly to: string
  /** The weakest access among the answers it stands for (uncertain, then conditional, then allowed). */
  readonly access: ReportAccess
  /** Distinct condition indices of its answers. */
  readonly conditions: readonly number[]
  /** How many (principal, role) answers it stands for. */
  readonly count: number
}

/** A graph ready for layout. */
export interface DisplayGraph {
  readonly mode: 'full' | 'overview' | 'focus'
  readonly nodes: readonly DisplayNode[]
  readonly edges: readonly DisplayEdge[]
  /** Model node → drawn node id. */
  readonly placeOf: ReadonlyMap<number, string>
  /** The node the focus view centres on. */
  readonly focus?: number
  /** Set when the focus view left out principals to stay readable. */
  readonly truncated?: boolean
}

/** One direct answer: `from` can assume the role `to` in one call. */
export interface RawEdge {
  readonly from: number
  readonly to: number
  readonly access: ReportAccess
  readonly condition?: number
}

/** Above these sizes the whole graph is not drawn at once (layout time and readability). */
const FULL_GRAPH_LIMITS = { nodes: 250, edges: 800 } as const
/** The focus view keeps at most this many principals. */
export const FOCUS_LIMIT = 200

const RANK: Readonly<Record<ReportAccess, number>> = { allowed: 0, conditional: 1, uncertain: 2 }

/** Every direct answer of the model as an edge. */
export function rawEdges(model: ReportModel): RawEdge[] {
  const out: RawEdge[] = []
  for (const role of model.roles) {
    for (const e of role.direct) for (const p of e.p) out.push({ from: p, to: role.node, access: e.a, ...(e.c !== undefined ? { condition: e.c } : {}) })
  }
  return out
}

/** The sub-line of a node: its account, or what kind of outside principal it is. */
function nodeSub(n: ReportNode): string {
  switch (n.kind) {
    case 'user':
    case 'role':
      return `${n.kind} · ${n.account ?? ''}`
    case 'federated':
      return `${n.provider === 'saml' ? 'SAML' : 'OIDC'} provider${n.account !== undefined ? ` · ${n.account}` : ''}`
    case 'service':
      return 'AWS service'
    case 'account':
      return 'whole account (outside)'
    case 'principal':
      return `outside principal${n.account !== undefined ? ` · ${n.account}` : ''}`
    case 'anyone':
      return 'public'
  }
}

function single(model: ReportModel, id: number): DisplayNode {
  const n = model.nodes[id] as ReportNode
  return { id: `n${id}`, kind: n.kind, label: n.label, sub: nodeSub(n), members: [id], external: n.external === true, ...(n.provider !== undefined ? { provider: n.provider } : {}) }
}

/** Merges raw edges between the same drawn nodes. */
function mergeEdges(edges: readonly RawEdge[], placeOf: ReadonlyMap<number, string>): DisplayEdge[] {
  const byPair = new Map<string, { from: string; to: string; access: ReportAccess; conditions: Set<number>; count: number }>()
  for (const e of edges) {
    const from = placeOf.get(e.from)
    const to = placeOf.get(e.to)
    if (from === undefined || to === undefined || from === to) continue
    const key = `${from}>${to}`
    let d = byPair.get(key)
    if (d === undefined) {
      d = { from, to, access: e.access, conditions: new Set(), count: 0 }
      byPair.set(key, d)
    }
    if (RANK[e.access] > RANK[d.access]) d.access = e.access
    if (e.condition !== undefined) d.conditions.add(e.condition)
    d.count++
  }
  return [...byPair.entries()].map(([id, d]) => ({ id, from: d.from, to: d.to, access: d.access, conditions: [...d.conditions], count: d.count }))
}

/**
 * Draws `ids` and the edges among them; principals that assume no role-of-the-view and are assumed by
 * nobody, with the same kind, account and outgoing answers, become one group node (at least three).
 */
function graphOf(model: ReportModel, ids: ReadonlySet<number>, edges: readonly RawEdge[], mode: DisplayGraph['mode'], focus?: number): DisplayGraph {
  const inside = edges.filter((e) => ids.has(e.from) && ids.has(e.to))
  const hasIncoming = new Set(inside.map((e) => e.to))
  const outgoing = new Map<number, string[]>()
  for (const e of inside) (outgoing.get(e.from) ?? outgoing.set(e.from, []).get(e.from))?.push(`${e.to}:${e.access}:${e.condition ?? ''}`)
  const groups = new Map<string, number[]>()
  for (const id of ids) {
    const n = model.nodes[id] as ReportNode
    if (id === focus || n.kind === 'role' || hasIncoming.has(id)) continue
    const out = outgoing.get(id)
    if (out === undefined) continue
    const key = `${n.kind}|${n.account ?? ''}|${n.external === true}|${n.provider ?? ''}|${out.sort().join(',')}`
    ;(groups.get(key) ?? groups.set(key, []).get(key))?.push(id)
  }
  const placeOf = new Map<number, string>()
  const nodes: DisplayNode[] = []
  const grouped = new Set<number>()
  for (const members of groups.values()) {
    if (members.length < 3) continue
    const first = model.nodes[members[0] as number] as ReportNode
    const id = `g${members[0]}`
    for (const m of members) {
      placeOf.set(m, id)
      grouped.add(m)
    }
    const noun = first.kind === 'user' ? 'users' : first.kind === 'role' ? 'roles' : 'principals'
    nodes.push({ id, kind: 'group', memberKind: first.kind, label: `${members.length} ${noun}`, sub: `same access${first.account !== undefined ? ` · ${first.account}` : ''}`, members, external: first.external === true })
  }
  for (const id of [...ids].sort((a, b) => a - b)) {
    if (grouped.has(id)) continue
    const d = single(model, id)
    placeOf.set(id, d.id)
    nodes.push(d)
  }
  const edgesOut = mergeEdges(inside, placeOf)
  // Roles nobody can be said to be unable to assume get an uncertain edge from an "unknown callers" node.
  const uncertain = model.roles.filter((r) => r.uncertain !== undefined && ids.has(r.node))
  if (uncertain.length > 0) {
    nodes.push({ id: UNKNOWN_NODE, kind: 'unknown', label: 'unknown callers', sub: 'trust policy unreadable', members: [], external: false })
    for (const r of uncertain) edgesOut.push({ id: `${UNKNOWN_NODE}>n${r.node}`, from: UNKNOWN_NODE, to: placeOf.get(r.node) as string, access: 'uncertain', conditions: [], count: 1 })
  }
  return { mode, nodes, edges: edgesOut, placeOf, ...(focus !== undefined ? { focus } : {}) }
}

/** The id of the node standing for the unknown callers of roles whose trust policy could not be read. */
export const UNKNOWN_NODE = 'unknown'

/** Every role, and every principal with an answer: the whole snapshot. */
export function fullGraph(model: ReportModel, edges: readonly RawEdge[]): DisplayGraph {
  const ids = new Set<number>(model.roles.map((r) => r.node))
  for (const e of edges) {
    ids.add(e.from)
    ids.add(e.to)
  }
  return graphOf(model, ids, edges, 'full')
}

/**
 * False when the whole graph cannot fit even after grouping (PERF: grouping tens of thousands of answers
 * only to find the drawing too large costs a tenth of a second at opening).
 */
export function mayFit(model: ReportModel, edges: readonly RawEdge[]): boolean {
  return model.roles.length <= FULL_GRAPH_LIMITS.nodes && edges.length <= FULL_GRAPH_LIMITS.edges * 20
}

/** True when the whole graph is small enough to draw at once. */
export function fitsFull(g: DisplayGraph): boolean {
  return g.nodes.length <= FULL_GRAPH_LIMITS.nodes && g.edges.length <= FULL_GRAPH_LIMITS.edges
}

/**
 * Who in which account can assume roles in which account: callers on the left (the principals of each
 * account, and each outside principal), roles on the right (the roles of each account), an edge counting
 * the answers between them. Two columns, so that accounts trusting each other draw no cycles. Model
 * nodes have no single place here (`placeOf` is empty): choosing one opens its neighbourhood.
 */
export function overviewGraph(model: ReportModel, edges: readonly RawEdge[]): DisplayGraph {
  const callerOf = new Map<number, string>()
  const roleOf = new Map<number, string>()
  const nodes: DisplayNode[] = []
  const callers = new Map<string, number[]>()
  const targets = new Map<string, number[]>()
  const add = (map: Map<string, number[]>, key: string, id: number): void => void (map.get(key) ?? map.set(key, []).get(key))?.push(id)
  for (const e of edges) {
    const from = model.nodes[e.from]
    if (from === undefined) continue
    const caller = from.external === true ? `n${e.from}` : `p${from.account ?? ''}`
    if (!callerOf.has(e.from)) {
      callerOf.set(e.from, caller)
      if (from.external === true) nodes.push(single(model, e.from))
      else add(callers, caller, e.from)
    }
    const role = `r${model.nodes[e.to]?.account ?? ''}`
    if (!roleOf.has(e.to)) {
      roleOf.set(e.to, role)
      add(targets, role, e.to)
    }
  }
  for (const a of model.accounts) {
    const name = a.name !== undefined ? `${a.name} (${a.id})` : a.id
    const who = callers.get(`p${a.id}`)
    if (who !== undefined) nodes.push({ id: `p${a.id}`, kind: 'accountGroup', label: `principals of ${name}`, sub: `${who.length} users and roles with access`, members: who, external: false })
    const roles = targets.get(`r${a.id}`)
    if (roles !== undefined) nodes.push({ id: `r${a.id}`, kind: 'accountGroup', label: `roles of ${name}`, sub: `${roles.length} of ${a.roles} roles can be assumed`, members: roles, external: false })
  }
  // PERF: tens of thousands of answers fall into a few hundred pairs; key them by number, not string.
  const ids = new Map<string, number>()
  const idOf = (k: string): number => ids.get(k) ?? (ids.set(k, ids.size), ids.size - 1)
  const byPair = new Map<number, { from: string; to: string; access: ReportAccess; conditions: Set<number>; count: number }>()
  for (const e of edges) {
    const from = callerOf.get(e.from) as string
    const to = roleOf.get(e.to) as string
    const key = idOf(from) * 1_000_003 + idOf(to)
    let d = byPair.get(key)
    if (d === undefined) {
      d = { from, to, access: 'allowed', conditions: new Set<number>(), count: 0 }
      byPair.set(key, d)
    }
    if (RANK[e.access] > RANK[d.access]) d.access = e.access
    if (e.condition !== undefined && d.conditions.size < 20) d.conditions.add(e.condition)
    d.count++
  }
  const merged = [...byPair.values()].map((d) => ({ id: `${d.from}>${d.to}`, from: d.from, to: d.to, access: d.access, conditions: [...d.conditions], count: d.count }))
  return { mode: 'overview', nodes, edges: merged, placeOf: new Map() }
}

/**
 * The neighbourhood of one node: who reaches it and what it reaches, following direct answers up to
 * `depth` hops each way, at most {@link FOCUS_LIMIT} principals (nearest first).
 */
export function focusGraph(model: ReportModel, edges: readonly RawEdge[], center: number, depth: number): DisplayGraph {
  const into = new Map<number, number[]>()
  const outOf = new Map<number, number[]>()
  for (const e of edges) {
    ;(into.get(e.to) ?? into.set(e.to, []).get(e.to))?.push(e.from)
    ;(outOf.get(e.from) ?? outOf.set(e.from, []).get(e.from))?.push(e.to)
  }
  const ids = new Set<number>([center])
  let truncated = false
  for (const next of [into, outOf]) {
    let frontier = [center]
    for (let d = 0; d < depth && frontier.length > 0; d++) {
      const found: number[] = []
      for (const id of frontier) {
        for (const n of next.get(id) ?? []) {
          if (ids.has(n)) continue
          if (ids.size >= FOCUS_LIMIT) {
            truncated = true
            break
          }
          ids.add(n)
          found.push(n)
        }
      }
      frontier = found
    }
  }
  const g = graphOf(model, ids, edges, 'focus', center)
  return truncated ? { ...g, truncated } : g
}
