/**
 * Snapshot gaps: inputs not read fully, each named once (code, file, pointer), with the accounts and
 * principals whose answers it can affect. Analyses cap those answers at `uncertain`.
 */
import type { DiagnosticCode } from '../diagnostics.js'
import type { Snapshot, SnapshotGap } from './types.js'

interface Building {
  readonly code: DiagnosticCode
  readonly message: string
  readonly file?: string
  readonly pointer?: string
  readonly accounts: Set<string>
  readonly principals: Set<string>
  global: boolean
}

/** Collects gaps while a snapshot loads. */
export class GapCollector {
  private readonly byKey = new Map<string, Building>()

  /**
   * Names a gap; repeated calls for the same code, file and pointer add to its scope. Without `account`
   * or `principal` the gap affects every answer.
   */
  add(code: DiagnosticCode, message: string, where: { readonly file?: string; readonly pointer?: string; readonly account?: string; readonly principal?: string }): void {
    const key = `${code}\u0000${where.file ?? ''}\u0000${where.pointer ?? ''}`
    let g = this.byKey.get(key)
    if (g === undefined) {
      g = { code, message, ...(where.file !== undefined ? { file: where.file } : {}), ...(where.pointer !== undefined ? { pointer: where.pointer } : {}), accounts: new Set(), principals: new Set(), global: false }
      this.byKey.set(key, g)
    }
    if (where.account !== undefined) g.accounts.add(where.account)
    if (where.principal !== undefined) g.principals.add(where.principal)
    if (where.account === undefined && where.principal === undefined) g.global = true
  }

  /** The gaps, in the order they were first named. */
  list(): SnapshotGap[] {
    return [...this.byKey.values()].map((g) => ({
      code: g.code,
      message: g.message,
      ...(g.file !== undefined ? { file: g.file } : {}),
      ...(g.pointer !== undefined ? { pointer: g.pointer } : {}),
      accounts: g.global ? [] : [...g.accounts].sort(),
      principals: g.global ? [] : [...g.principals].sort(),
    }))
  }
}

const INDEX = new WeakMap<Snapshot, { readonly global: readonly SnapshotGap[]; readonly byAccount: Map<string, SnapshotGap[]>; readonly byPrincipal: Map<string, SnapshotGap[]> }>()

/**
 * The gaps that can affect an answer about these principals (ARNs) and accounts, each once.
 *
 * @example
 * gapsAffecting(snapshot, [caller.arn, role.arn], [caller.account, role.account]).map((g) => g.code)
 */
export function gapsAffecting(snapshot: Snapshot, principals: readonly string[], accounts: readonly string[]): SnapshotGap[] {
  if (snapshot.gaps.length === 0) return []
  let index = INDEX.get(snapshot)
  if (index === undefined) {
    const global: SnapshotGap[] = []
    const byAccount = new Map<string, SnapshotGap[]>()
    const byPrincipal = new Map<string, SnapshotGap[]>()
    for (const g of snapshot.gaps) {
      if (g.accounts.length === 0 && g.principals.length === 0) global.push(g)
      for (const a of g.accounts) (byAccount.get(a) ?? byAccount.set(a, []).get(a))?.push(g)
      for (const p of g.principals) (byPrincipal.get(p) ?? byPrincipal.set(p, []).get(p))?.push(g)
    }
    index = { global, byAccount, byPrincipal }
    INDEX.set(snapshot, index)
  }
  const out = new Set<SnapshotGap>(index.global)
  for (const a of accounts) for (const g of index.byAccount.get(a) ?? []) out.add(g)
  for (const p of principals) for (const g of index.byPrincipal.get(p) ?? []) out.add(g)
  return [...out]
}
