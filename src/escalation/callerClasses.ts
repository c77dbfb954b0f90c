/**
 * Interchangeable callers: principals of the same kind and account with the same identity policies,
 * boundary, SCPs and tags get the same answer to any question that does not name them. A policy that
 * reads who the caller is (a variable in a Resource, a condition on aws:username, aws:userid,
 * aws:PrincipalArn, …) in any statement makes its holders answer for themselves.
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { sessionTagsOpen } from '../graph/sessionTags.js'
import type { Snapshot, SnapshotPrincipal } from '../snapshot/types.js'
import { principalGaps } from './types.js'

const IDENTIFYING = new Set(['aws:principalarn', 'aws:userid', 'aws:username', 'aws:sourceidentity', 'sts:rolesessionname'])

/** The memoized value of `key` in `map`, computed on first use. */
function memo<K extends object, V>(map: WeakMap<K, V>, key: K, compute: () => V): V {
  if (map.has(key)) return map.get(key) as V
  const v = compute()
  map.set(key, v)
  return v
}

/** Class keys of callers over one snapshot. */
export class CallerClasses {
  private readonly ids = new WeakMap<CompiledPolicy, number>()
  private readonly identifying = new WeakMap<CompiledPolicy, boolean>()
  private readonly keys = new WeakMap<SnapshotPrincipal, string | null>()
  private next = 0

  constructor(private readonly snapshot: Snapshot) {}

  private idOf(p: CompiledPolicy): number {
    return memo(this.ids, p, () => this.next++)
  }

  private reads(p: CompiledPolicy | null): boolean {
    return p !== null && memo(this.identifying, p, () => p.statements.some((s) => s.conditions.some((c) => c.keysRead.some((k) => IDENTIFYING.has(k))) || (s.resource?.sources ?? []).some((x) => x.includes('${'))))
  }

  /** The part of a class key that is not the identity policies. */
  private baseKey(p: SnapshotPrincipal): string {
    const tags = [...p.tags.entries()].map(([k, t]) => `${k}=${t.value}`).sort().join(',')
    const service = `${p.kind === 'role' && p.serviceLinked ? 'slr' : ''}${sessionTagsOpen(this.snapshot, p) ? 'tags' : ''}`
    return `${p.kind}${service}|${p.account}|${p.boundary === null ? '-' : this.idOf(p.boundary)}|${tags}`
  }

  private readonly bases = new WeakMap<SnapshotPrincipal, string | null>()
  private readonly denying = new WeakMap<CompiledPolicy, boolean>()

  /**
   * The class of `p` once AdministratorAccess is among its identity policies: when none of them has a
   * Deny statement, its identity policies no longer tell it apart (every Allow is covered), only its
   * kind, account, boundary, SCPs and tags do. Undefined when they still may.
   */
  keyWithAdminOf(p: SnapshotPrincipal): string | undefined {
    const key = memo(this.bases, p, () => {
      const denies = p.identity.some((x) => memo(this.denying, x, () => x.statements.some((s) => s.effect === 'Deny')))
      const scps = this.snapshot.orgAccounts.get(p.account)?.scps.flat() ?? []
      return denies || [p.boundary, ...scps].some((x) => this.reads(x)) ? null : this.baseKey(p)
    })
    return key ?? undefined
  }

  /** The class of `p`, or undefined when its answers are its own. */
  keyOf(p: SnapshotPrincipal): string | undefined {
    const key = memo(this.keys, p, () => {
      const scps = this.snapshot.orgAccounts.get(p.account)?.scps.flat() ?? []
      const gaps = principalGaps(this.snapshot, p).map((g) => `${g.code}@${g.file ?? ''}${g.pointer ?? ''}`).join(',')
      return [...p.identity, p.boundary, ...scps].some((x) => this.reads(x)) ? null : `${this.baseKey(p)}|${p.identity.map((x) => this.idOf(x)).join(',')}|${gaps}`
    })
    return key ?? undefined
  }
}
