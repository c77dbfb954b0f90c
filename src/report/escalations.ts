/**
 * The escalation analysis as the report shows it: administrators, each principal's shortest paths to
 * one (techniques, actions and the resources they were decided on, conditions, uncertain reasons), and
 * every input the analysis lacked. Principals are report nodes; conditions and notes are interned with
 * the rest of the report.
 */
import type { UncertainReason } from '../analysis/types.js'
import { EscalationGraph } from '../escalation/escalationGraph.js'
import { findEscalations } from '../escalation/findEscalations.js'
import { TECHNIQUE_IDS, techniqueById } from '../escalation/techniques.js'
import type { TechniqueId } from '../escalation/techniques.js'
import type { EscalationHop } from '../escalation/types.js'
import type { PrincipalRef } from '../graph/canAssume.js'
import type { TrustGraph } from '../graph/trustGraph.js'
import type { Snapshot } from '../snapshot/types.js'
import type { ConditionTable, Interned, NodeTable } from './nodes.js'
import type { ReportEscalationHop, ReportEscalationPath, ReportEscalations, ReportReason, ReportTechnique } from './types.js'

/** Options of the escalation part of a report. */
export interface ReportEscalationOptions {
  /**
   * The time requests are made from (ms since the epoch): conditions on aws:CurrentTime that no later
   * time meets are decided. Default: unknown, such conditions stay open.
   */
  readonly now?: number
  /** Shortest paths listed per principal (default 3). */
  readonly maxPaths?: number
  /** Longest path, in hops (default 6). */
  readonly maxDepth?: number
  /** Called now and then with the principals done and the total. */
  readonly progress?: (done: number, total: number) => void
}

/** The interning tables of the report under construction. */
interface Tables {
  readonly nodes: NodeTable
  readonly conditions: ConditionTable
  readonly notes: Interned<string>
}

const DEFAULT_MAX_PATHS = 3
const DEFAULT_MAX_DEPTH = 6

/** A reason as the report writes it. */
function reportReason(r: UncertainReason): ReportReason {
  return { code: r.code, message: r.message, ...(r.file !== undefined ? { file: r.file } : {}), ...(r.pointer !== undefined ? { pointer: r.pointer } : {}), ...(r.policy !== undefined ? { policy: r.policy } : {}) }
}

/**
 * The principal an escalation names outside the snapshot, from its text (`principalText` in
 * graph/render.ts writes it; the escalation result keeps only the text).
 *
 * @example
 * outsideRef('federated arn:aws:iam::111111111111:saml-provider/Okta') // { federated: 'arn:aws:iam::111111111111:saml-provider/Okta' }
 */
export function outsideRef(text: string): PrincipalRef {
  if (text === 'any AWS principal (*)') return '*'
  const account = /^any principal in account (\d{12}) /.exec(text)?.[1]
  if (account !== undefined) return { account }
  if (text.startsWith('federated ')) return { federated: text.slice('federated '.length) }
  if (text.startsWith('service ')) return { service: text.slice('service '.length) }
  return text
}

function techniquesOf(id: string): TechniqueId[] {
  return id.split('+').filter((t): t is TechniqueId => (TECHNIQUE_IDS as readonly string[]).includes(t))
}

/**
 * Runs the escalation analysis over a loaded snapshot and writes its answers with the report's nodes,
 * conditions and notes. `trust` is the report's trust graph, shared when its questions are the same
 * (no context keys fixed).
 */
export function reportEscalations(snapshot: Snapshot, tables: Tables, options: ReportEscalationOptions, trust?: TrustGraph): ReportEscalations {
  const maxPaths = options.maxPaths ?? DEFAULT_MAX_PATHS
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  const graph = new EscalationGraph(snapshot, { ...(trust !== undefined ? { trust } : {}), ...(options.now !== undefined ? { now: options.now } : {}) })
  const found = findEscalations(snapshot, { graph, maxPaths, maxDepth, external: true, ...(options.progress !== undefined ? { progress: options.progress } : {}) })
  // Without `from` or `to` the query names nothing to resolve, so it cannot fail; say so if it ever does.
  if (!found.ok) return { status: 'not-analysed', reason: `the escalation analysis failed: ${found.errors[0].message}` }
  const r = found.value
  const { nodes, conditions, notes } = tables
  const node = (arn: string): number => nodes.known(arn) ?? nodes.of(outsideRef(arn))
  const techniques: Record<string, ReportTechnique> = {}
  const hop = (h: EscalationHop): ReportEscalationHop => {
    for (const t of techniquesOf(h.technique)) {
      const known = techniqueById(t)
      techniques[t] ??= { title: known.title, summary: known.summary, sources: known.sources }
    }
    return {
      from: node(h.from),
      to: h.to === 'admin' ? 'admin' : node(h.to),
      t: h.technique,
      actions: h.actions.map((a, i) => [a, h.resources[i] ?? '*'] as const),
      a: h.access,
      ...(h.conditions !== null ? { c: conditions.of(h.conditions) } : {}),
      ...(h.uncertain.length > 0 ? { u: h.uncertain.map(reportReason) } : {}),
      ...(h.by !== undefined ? { by: node(h.by) } : {}),
      ...(h.notes.length > 0 ? { n: h.notes.map((n) => notes.add(n, () => n)) } : {}),
    }
  }
  const paths: ReportEscalationPath[] = r.escalations.map((e) => ({
    p: e.external === true ? nodes.of(outsideRef(e.principal)) : node(e.principal),
    a: e.access,
    ...(e.conditions !== null ? { c: conditions.of(e.conditions) } : {}),
    ...(e.uncertain.length > 0 ? { u: e.uncertain.map(reportReason) } : {}),
    hops: e.path.map(hop),
  }))
  return {
    status: 'analysed',
    administrators: r.administrators.map((a) => ({
      p: node(a.principal),
      a: a.access,
      ...(a.conditions !== null ? { c: conditions.of(a.conditions) } : {}),
      ...(a.uncertain.length > 0 ? { u: a.uncertain.map(reportReason) } : {}),
    })),
    paths,
    techniques,
    complete: r.complete,
    gaps: r.gaps.map(reportReason),
    at: options.now !== undefined ? new Date(options.now).toISOString().replace(/\.000Z$/, 'Z') : null,
    limits: { maxPaths, maxDepth },
  }
}
