/**
 * The escalation answers of a report by node: which principals are administrators, and which can
 * become one (their paths, and the most permissive answer among them). Built once per model.
 */
import type { ReportAccess, ReportAdministrator, ReportEscalationPath, ReportModel } from '../../types.js'
import { ACCESS_RANK } from './displayGraph.js'

/** What the page marks on a node: an administrator, or a principal that can become one. */
export interface EscalationStatus {
  readonly kind: 'admin' | 'escalates'
  /** For `admin`, its answer; for `escalates`, the most permissive answer among its paths. */
  readonly access: ReportAccess
  /** Fewest hops among its paths (0 for an administrator). */
  readonly hops: number
}


/** Escalation answers indexed by node. */
export class EscalationIndex {
  /** True when the report ran the escalation analysis. */
  readonly analysed: boolean
  private readonly admins = new Map<number, ReportAdministrator>()
  private readonly byPrincipal = new Map<number, ReportEscalationPath[]>()

  constructor(model: ReportModel) {
    const e = model.escalations
    this.analysed = e.status === 'analysed'
    if (e.status !== 'analysed') return
    for (const a of e.administrators) this.admins.set(a.p, a)
    for (const p of e.paths) {
      const list = this.byPrincipal.get(p.p)
      if (list === undefined) this.byPrincipal.set(p.p, [p])
      else list.push(p)
    }
  }

  /** The node's administrator answer, if it is one. */
  admin(node: number): ReportAdministrator | undefined {
    return this.admins.get(node)
  }

  /** The node's paths to an administrator (empty when none was found). */
  paths(node: number): readonly ReportEscalationPath[] {
    return this.byPrincipal.get(node) ?? []
  }

  /** Principals with paths, in the order the analysis listed them. */
  principals(): number[] {
    return [...this.byPrincipal.keys()]
  }

  /** What to mark on a node, or undefined. */
  status(node: number): EscalationStatus | undefined {
    const a = this.admins.get(node)
    if (a !== undefined) return { kind: 'admin', access: a.a, hops: 0 }
    const paths = this.byPrincipal.get(node)
    if (paths === undefined) return undefined
    let access: ReportAccess = 'uncertain'
    let hops = Infinity
    for (const p of paths) {
      if (ACCESS_RANK[p.a] < ACCESS_RANK[access]) access = p.a
      hops = Math.min(hops, p.hops.length)
    }
    return { kind: 'escalates', access, hops }
  }

  /** The strongest status among several nodes (a group drawn as one): an administrator first, then the most permissive path. */
  strongest(nodes: readonly number[]): EscalationStatus | undefined {
    let best: EscalationStatus | undefined
    for (const n of nodes) {
      const s = this.status(n)
      if (s === undefined) continue
      if (best === undefined || (s.kind === 'admin' && best.kind !== 'admin') || (s.kind === best.kind && ACCESS_RANK[s.access] < ACCESS_RANK[best.access])) best = s
    }
    return best
  }
}
