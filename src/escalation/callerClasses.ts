/**
 * Interchangeable callers: principals of the same kind and account with the same identity policies,
 * boundary, SCPs and tags get the same answer to any question that does not name them. A policy that
 * reads who the caller is (a variable in a Resource, a condition on aws:username, aws:userid,
 * aws:PrincipalArn, …) in any statement makes its holders answer for themselves.
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { sessionTagsOpen } from '../graph/sessionTags.js'
import type { Snapshot, SnapshotPrincipal } from '../snapshot/types.js'

const IDENTIFYING = new Set(['aws:principalarn', 'aws:userid', 'aws:username', 'aws:sourceidentity', 'sts:rolesessionname'])

/** Class keys of callers over one snapshot. */
export class CallerClasses {
  private readonly ids = new WeakMap<CompiledPolicy, number>()
  private readonly identifying = new WeakMap<CompiledPolicy, boolean>()
  private readonly keys = new WeakMap<SnapshotPrincipal, string | null>()
  private next = 0

  constructor(private readonly snapshot: Snapshot) {}

  private idOf(p: CompiledPolicy): number {
    let id = this.ids.get(p)
    if (id === undefined) {
      id = this.next++
      this.ids.set(p, id)
    }
    return id
  }

  private reads(p: CompiledPolicy | null): boolean {
    if (p === null) return false
    let r = this.identifying.get(p)
    if (r === undefined) {
      r = p.statements.some((s) => s.conditions.some((c) => c.keysRead.some((k) => IDENTIFYING.has(k))) || (s.resource?.sources ?? []).some((x) => x.includes('${')))
      this.identifying.set(p, r)
    }
    return r
  }

  private readonly bases = new WeakMap<SnapshotPrincipal, string | null>()
  private readonly denying = new WeakMap<CompiledPolicy, boolean>()

  /**
   * The class of `p` once AdministratorAccess is among its identity policies: when none of them has a
   * Deny statement, its identity policies no longer tell it apart (every Allow is covered), only its
   * kind, account, boundary, SCPs and tags do. Undefined when they still may.
   */
  keyWithAdminOf(p: SnapshotPrincipal): string | undefined {
    let key = this.bases.get(p)
    if (key === undefined) {
      const denies = p.identity.some((x) => {
        let d = this.denying.get(x)
        if (d === undefined) {
          d = x.statements.some((s) => s.effect === 'Deny')
          this.denying.set(x, d)
        }
        return d
      })
      const scps = this.snapshot.orgAccounts.get(p.account)?.scps.flat() ?? []
      if (denies || [p.boundary, ...scps].some((x) => this.reads(x))) key = null
      else {
        const tags = [...p.tags.entries()].map(([k, t]) => `${k}=${t.value}`).sort().join(',')
        const service = `${p.kind === 'role' && p.serviceLinked ? 'slr' : ''}${sessionTagsOpen(this.snapshot, p) ? 'tags' : ''}`
        key = `${p.kind}${service}|${p.account}|${p.boundary === null ? '-' : this.idOf(p.boundary)}|${tags}`
      }
      this.bases.set(p, key)
    }
    return key ?? undefined
  }

  /** The class of `p`, or undefined when its answers are its own. */
  keyOf(p: SnapshotPrincipal): string | undefined {
    let key = this.keys.get(p)
    if (key === undefined) {
      const scps = this.snapshot.orgAccounts.get(p.account)?.scps.flat() ?? []
      if ([...p.identity, p.boundary, ...scps].some((x) => this.reads(x))) key = null
      else {
        const tags = [...p.tags.entries()].map(([k, t]) => `${k}=${t.value}`).sort().join(',')
        const service = `${p.kind === 'role' && p.serviceLinked ? 'slr' : ''}${sessionTagsOpen(this.snapshot, p) ? 'tags' : ''}`
        key = `${p.kind}${service}|${p.account}|${p.boundary === null ? '-' : this.idOf(p.boundary)}|${p.identity.map((x) => this.idOf(x)).join(',')}|${tags}|${p.missing.join(',')}`
      }
      this.keys.set(p, key)
    }
    return key ?? undefined
  }
}
