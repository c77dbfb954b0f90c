/**
 * The chains through one node, as the engine found them: for a role, every principal that can assume
 * it directly or through other roles; for a principal, every role it reaches. Paths whose conditions
 * cannot all hold were dropped by the analysis, so they are not highlighted. Where the analysis stopped
 * listing chains for a role (`chainsCut`), plain reachability over direct answers stands in.
 */
import type { ReportModel } from '../../types.js'
import type { RawEdge } from './displayGraph.js'

/** Edges (`from>to`, model node ids) on chains into or out of a node, and the nodes on them. */
export interface Chains {
  readonly edges: ReadonlySet<string>
  readonly nodes: ReadonlySet<number>
  /** True when part of the answer is reachability over direct answers, not the engine's path search. */
  readonly approximate: boolean
}

function pathEdges(principal: number, via: readonly number[], role: number, edges: Set<string>, nodes: Set<number>): void {
  const hops = [principal, ...via, role]
  for (let i = 0; i + 1 < hops.length; i++) edges.add(`${hops[i]}>${hops[i + 1]}`)
  for (const h of hops) nodes.add(h)
}

/** Index of which roles each node reaches by chain, for {@link chainsOf}. PERF: built on the first question, not when the page opens. */
export class ChainIndex {
  private readonly roleOf = new Map<number, number>()
  private readonly reaches = new Map<number, { role: number; via: readonly number[] }[]>()
  private readonly into = new Map<number, number[]>()
  private readonly outOf = new Map<number, number[]>()
  private built = false

  constructor(
    private readonly model: ReportModel,
    private readonly edges: readonly RawEdge[],
  ) {}

  private build(): void {
    this.built = true
    this.model.roles.forEach((r, i) => this.roleOf.set(r.node, i))
    for (const r of this.model.roles) {
      for (const e of r.chains) for (const p of e.p) (this.reaches.get(p) ?? this.reaches.set(p, []).get(p))?.push({ role: r.node, via: e.v ?? [] })
    }
    for (const e of this.edges) {
      ;(this.into.get(e.to) ?? this.into.set(e.to, []).get(e.to))?.push(e.from)
      ;(this.outOf.get(e.from) ?? this.outOf.set(e.from, []).get(e.from))?.push(e.to)
    }
  }

  /** The chains into and out of `node`. */
  chainsOf(node: number): Chains {
    if (!this.built) this.build()
    const edges = new Set<string>()
    const nodes = new Set<number>([node])
    let approximate = false
    const ri = this.roleOf.get(node)
    const role = ri === undefined ? undefined : this.model.roles[ri]
    if (role !== undefined) {
      for (const e of role.direct) for (const p of e.p) pathEdges(p, [], node, edges, nodes)
      for (const e of role.chains) for (const p of e.p) pathEdges(p, e.v ?? [], node, edges, nodes)
      if (role.chainsCut) {
        this.walk(node, this.into, (a, b) => `${b}>${a}`, edges, nodes)
        approximate = true
      }
    }
    for (const e of this.outOf.get(node) ?? []) pathEdges(node, [], e, edges, nodes)
    for (const r of this.reaches.get(node) ?? []) pathEdges(node, r.via, r.role, edges, nodes)
    return { edges, nodes, approximate }
  }

  /** Plain reachability from `start` along `next`. */
  private walk(start: number, next: ReadonlyMap<number, readonly number[]>, key: (a: number, b: number) => string, edges: Set<string>, nodes: Set<number>): void {
    const seen = new Set<number>([start])
    const stack = [start]
    while (stack.length > 0) {
      const at = stack.pop() as number
      for (const n of next.get(at) ?? []) {
        edges.add(key(at, n))
        nodes.add(n)
        if (!seen.has(n)) {
          seen.add(n)
          stack.push(n)
        }
      }
    }
  }
}
