/**
 * The public graph queries: who can assume a role (directly or through chains), and the paths from a
 * principal to a role.
 */
import type { Diagnostic } from '../diagnostics.js'
import { ok } from '../result.js'
import type { Result } from '../result.js'
import type { Snapshot, SnapshotRole } from '../snapshot/types.js'
import { resolveCaller, resolvePrincipal } from './canAssume.js'
import type { PrincipalRef } from './canAssume.js'
import type { AnalysisDecision, UncertainReason } from '../analysis/types.js'
import { paths, reachers, TrustGraph } from './trustGraph.js'
import type { GraphOptions, ReachEntry } from './trustGraph.js'

/** The answer of {@link whoCanAssume}. */
export interface WhoCanAssumeResult {
  readonly role: string
  readonly principals: readonly ReachEntry[]
  /** Principals outside the snapshot that the trust policy names but that cannot assume the role, with the decision. */
  readonly deniedExternal: readonly { readonly principal: PrincipalRef; readonly decision: AnalysisDecision }[]
  /** False when the snapshot has gaps: answers they can affect are at most `uncertain`. */
  readonly complete: boolean
  /** Every gap of the snapshot (code, file, pointer), each once. */
  readonly gaps: readonly UncertainReason[]
  /** True when `maxPaths` (or the search budget) cut the list: principals may be missing from it. */
  readonly truncated: boolean
}

/** The snapshot's gaps as reasons. */
export function snapshotGaps(snapshot: Snapshot): UncertainReason[] {
  return snapshot.gaps.map((g) => ({ code: g.code, message: g.message, ...(g.file !== undefined ? { file: g.file } : {}), ...(g.pointer !== undefined ? { pointer: g.pointer } : {}) }))
}

/**
 * Every principal that can assume `role` (ARN, id or unambiguous name): users and roles of the snapshot,
 * each `allowed` or `conditional` with its residual, and principals outside the snapshot the trust
 * policy admits (marked `external`). With `transitive`, principals reaching it through other roles.
 * Pass a {@link TrustGraph} to reuse answers across many roles.
 *
 * @example
 * const r = whoCanAssume(snapshot, 'arn:aws:iam::222222222222:role/Deploy', { transitive: true })
 * if (r.ok) for (const p of r.value.principals) console.log(p.principal, p.access, p.via)
 */
export function whoCanAssume(snapshot: Snapshot, role: string, options: GraphOptions = {}, graph?: TrustGraph): Result<WhoCanAssumeResult, Diagnostic> {
  const r = resolvePrincipal(snapshot, role, 'role')
  if (!r.ok) return r
  return ok(whoCanAssumeRole(graph ?? new TrustGraph(snapshot, options), r.value as SnapshotRole, options))
}

/**
 * {@link whoCanAssume} for a role of the graph's snapshot, already resolved: what an organization-wide
 * run asks of every role, over one graph so that answers are shared across roles.
 *
 * @example
 * const graph = new TrustGraph(snapshot)
 * for (const role of snapshot.roles.values()) console.log(whoCanAssumeRole(graph, role, { transitive: true }).principals.length)
 */
export function whoCanAssumeRole(graph: TrustGraph, role: SnapshotRole, options: GraphOptions = {}): WhoCanAssumeResult {
  let truncated = false
  const principals = reachers(graph, role, {
    ...options,
    onTruncated: () => {
      truncated = true
      options.onTruncated?.()
    },
  })
  const snapshot = graph.snapshot
  return { role: role.arn, principals, deniedExternal: graph.deniedExternal(role).map((a) => ({ principal: a.principal, decision: a.decision })), complete: snapshot.complete, gaps: snapshotGaps(snapshot), truncated }
}

/**
 * Every chain of AssumeRole calls from `from` (a user or role, or a session ARN of a role) to the role
 * `to`, hop by hop with each hop's conditions and the combined conditions; paths whose conditions
 * cannot all hold are dropped.
 *
 * @example
 * const r = findPaths(snapshot, 'alice', 'arn:aws:iam::333333333333:role/ChainC')
 * if (r.ok) r.value.map((p) => p.via) // [['arn:…:role/ChainA', 'arn:…:role/ChainB']]
 */
export function findPaths(snapshot: Snapshot, from: string, to: string, options: GraphOptions = {}, graph?: TrustGraph): Result<readonly ReachEntry[], Diagnostic> {
  const f = resolveCaller(snapshot, from)
  if (!f.ok) return f
  const t = resolvePrincipal(snapshot, to, 'role')
  if (!t.ok) return t
  const g = graph ?? new TrustGraph(snapshot, options)
  return ok(paths(g, f.value.principal, t.value as SnapshotRole, options, f.value.session))
}

export { TrustGraph }
