/**
 * The public escalation query: for every principal of a snapshot that is not an administrator (or for
 * one), its shortest paths to an administrator or to a named role, beyond AssumeRole: every technique
 * of the catalogue, each action decided by the engine with the caller's boundary and SCPs, conditions
 * carried along the path, and every input the snapshot lacks named.
 */
import type { Diagnostic } from '../diagnostics.js'
import { resolvePrincipal } from '../graph/canAssume.js'
import { ok } from '../result.js'
import type { Result } from '../result.js'
import type { Snapshot, SnapshotPrincipal } from '../snapshot/types.js'
import { EscalationGraph } from './escalationGraph.js'
import { searchEscalations } from './search.js'
import type { EscalationResult, UncertainReason } from './types.js'

/** Options of {@link findEscalations}. */
export interface EscalationOptions {
  /** Only this principal (ARN, unique id or unambiguous name). */
  readonly from?: string
  /** The role to reach (ARN, id or name); default: an administrator. */
  readonly to?: string
  /** Paths listed per principal (default 3). */
  readonly maxPaths?: number
  /** Longest path, in hops (default 6). */
  readonly maxDepth?: number
  /**
   * Also list principals outside the snapshot that trust policies admit (another account, an identity
   * provider, `*`) and that escalate through the role they assume. Default: true when `from` is not given.
   */
  readonly external?: boolean
  /** Reuse the memoized answers of an earlier query over the same snapshot. */
  readonly graph?: EscalationGraph
  /**
   * The time of the analysis (ms since the epoch): requests are made from then on, so conditions on
   * aws:CurrentTime or aws:TokenIssueTime that no later time satisfies are decided. Default: time is
   * unknown and such conditions stay open.
   */
  readonly now?: number
  readonly progress?: (done: number, total: number) => void
}

/**
 * Escalation paths over a snapshot.
 *
 * @example
 * const snapshot = loadSnapshot([{ file: 'account.json', text }])
 * const r = findEscalations(snapshot)
 * if (r.ok) for (const e of r.value.escalations) console.log(e.principal, e.access, e.path.map((h) => h.technique).join(' → '))
 */
export function findEscalations(snapshot: Snapshot, options: EscalationOptions = {}): Result<EscalationResult, Diagnostic> {
  let from: SnapshotPrincipal | undefined
  if (options.from !== undefined) {
    const r = resolvePrincipal(snapshot, options.from)
    if (!r.ok) return r
    from = r.value
  }
  let to: SnapshotPrincipal | undefined
  if (options.to !== undefined && options.to !== 'admin') {
    const r = resolvePrincipal(snapshot, options.to, 'role')
    if (!r.ok) return r
    to = r.value
  }
  const graph = options.graph ?? new EscalationGraph(snapshot, options.now !== undefined ? { now: options.now } : {})
  const found = searchEscalations(graph, {
    ...(to !== undefined ? { to } : {}),
    ...(from !== undefined ? { from: [from] } : {}),
    ...(options.maxPaths !== undefined ? { maxPaths: options.maxPaths } : {}),
    ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
    external: options.external ?? from === undefined,
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
  })
  // Every input the snapshot could not read fully, then what the escalation analysis itself lacked.
  const gaps: UncertainReason[] = [...snapshot.gaps.map((g) => ({ code: g.code, message: g.message, ...(g.file !== undefined ? { file: g.file } : {}), ...(g.pointer !== undefined ? { pointer: g.pointer } : {}) })), ...graph.gaps]
  if (found.cut) gaps.push({ code: 'escalation.truncated', message: `some principals reach the target only by paths longer than ${options.maxDepth ?? 6} hops, which are not listed (raise --max-depth)` })
  return ok({ target: to?.arn ?? 'admin', ...(from !== undefined ? { from: from.arn } : {}), escalations: found.escalations, administrators: found.administrators, complete: gaps.length === 0, gaps })
}
