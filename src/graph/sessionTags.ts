/**
 * Which roles' sessions may carry session tags: a role whose trust policy allows sts:TagSession, and
 * (transitive tags are carried along a chain) any role that a session of such a role may assume.
 * For those sessions aws:PrincipalTag/* is open instead of the role's own tags.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
import type { Snapshot, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { trustTargets } from './trustIndex.js'

const CACHE = new WeakMap<Snapshot, ReadonlySet<string>>()

/** True when the role's trust policy allows sts:TagSession to someone. */
function allowsTagSession(role: SnapshotRole): boolean {
  return role.trust !== null && role.trust.statements.some((s) => s.effect === 'Allow' && s.action !== undefined && s.action.matches('sts:tagsession'))
}

/** The ARNs of roles whose sessions may carry session or inherited transitive tags (a fixpoint over the trust index). */
function rolesWithSessionTags(snapshot: Snapshot): ReadonlySet<string> {
  let set = CACHE.get(snapshot)
  if (set !== undefined) return set
  const open = new Set<string>()
  for (const role of snapshot.roles.values()) if (allowsTagSession(role)) open.add(role.arn)
  // Over-approximates on purpose: a candidate that the trust policy would in fact deny still counts.
  const targets = open.size > 0 ? [...snapshot.roles.values()].map((role) => ({ role, t: trustTargets(role, snapshot) })) : []
  const openAccounts = new Set<string>()
  for (let changed = open.size > 0; changed; ) {
    changed = false
    for (const arn of open) openAccounts.add(snapshot.roles.get(arn)?.account ?? '')
    for (const { role, t } of targets) {
      if (open.has(role.arn)) continue
      const admits = t.wildcard || [...t.arns].some((arn) => open.has(arn)) || [...t.accounts].some((a) => openAccounts.has(a))
      if (admits) {
        open.add(role.arn)
        changed = true
      }
    }
  }
  set = open
  CACHE.set(snapshot, set)
  return set
}

/** True when a principal's sessions may carry tags other than its own IAM tags. */
export function sessionTagsOpen(snapshot: Snapshot, p: SnapshotPrincipal): boolean {
  return p.kind === 'role' && rolesWithSessionTags(snapshot).has(p.arn)
}
