/**
 * Ties lint findings and input problems to the users and roles they concern, by file and JSON pointer
 * (a principal's entry in an authorization-details file is `/RoleDetailList/3`, `/UserDetailList/0`, …).
 */
import type { LintConfig } from '../lint/config.js'
import type { LintFinding } from '../lint/types.js'
import type { Snapshot } from '../snapshot/types.js'
import type { NodeTable } from './nodes.js'
import type { ReportFinding, ReportGap } from './types.js'

/** Where policy documents sit inside a principal's entry or a managed policy: the policy pointer follows. */
const DOCUMENT_TOKENS = ['/AssumeRolePolicyDocument', '/PolicyDocument', '/Document'] as const

/**
 * The lint configuration for a snapshot: the snapshot's own accounts and organizations are in the zone
 * of trust (a role trusting a sibling account of the organization is not an outside trust).
 */
export function lintConfigFor(snapshot: Snapshot, config: LintConfig | undefined): LintConfig {
  const accounts = new Set([...(config?.zone?.accounts ?? []), ...snapshot.accounts.keys()])
  const organizations = new Set([...(config?.zone?.organizations ?? []), ...[...snapshot.orgAccounts.values()].map((o) => o.orgId)])
  return { ...config, zone: { ...config?.zone, accounts: [...accounts], organizations: [...organizations] } }
}

/** Finds the principal whose entry holds `pointer` in `file`. */
function originIndex(snapshot: Snapshot, nodes: NodeTable): (file: string | undefined, pointer: string | undefined) => number | undefined {
  const byOrigin = new Map<string, number>()
  for (const p of snapshot.principals.values()) {
    const id = nodes.known(p.arn)
    if (id !== undefined) byOrigin.set(`${p.origin.file}\u0000${p.origin.pointer}`, id)
  }
  return (file, pointer) => {
    if (file === undefined || pointer === undefined) return undefined
    const tokens = pointer.split('/')
    // '/Role' (get-role output) or '/RoleDetailList/3'.
    for (const n of [2, 3]) {
      if (tokens.length < n) break
      const hit = byOrigin.get(`${file}\u0000${tokens.slice(0, n).join('/')}`)
      if (hit !== undefined) return hit
    }
    return undefined
  }
}

/** Report findings, each tied to its principal when it is in one's own policy, sorted by file and line. */
export function attachFindings(snapshot: Snapshot, nodes: NodeTable, findings: readonly LintFinding[]): ReportFinding[] {
  const owner = originIndex(snapshot, nodes)
  return findings.map((f, i) => {
    const node = owner(f.file, f.pointer)
    if (node !== undefined) nodes.mark(node, 'findings', i)
    let policyPointer: string | undefined
    for (const token of DOCUMENT_TOKENS) {
      const at = f.pointer.indexOf(token)
      if (at >= 0) {
        policyPointer = f.pointer.slice(at + token.length)
        break
      }
    }
    return {
      rule: f.ruleId,
      severity: f.severity,
      level: f.level,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      pointer: f.pointer,
      ...(policyPointer !== undefined ? { policyPointer } : {}),
      ...(f.policyName !== undefined ? { policy: f.policyName } : {}),
      ...(node !== undefined ? { node } : {}),
      ...(f.suppressed !== undefined ? { suppressed: f.suppressed.justification ?? f.suppressed.by } : {}),
    }
  })
}

/** Gaps, each tied to its principal when it is about one. */
export function attachGaps(snapshot: Snapshot, nodes: NodeTable, gaps: readonly ReportGap[]): ReportGap[] {
  const owner = originIndex(snapshot, nodes)
  return gaps.map((g, i) => {
    const node = owner(g.file, g.pointer)
    if (node === undefined) return g
    nodes.mark(node, 'gaps', i)
    return { ...g, node }
  })
}
