/**
 * Which roles' sessions may carry session tags: a role whose trust policy allows sts:TagSession, and
 * (transitive tags are carried along a chain) any role that a session of such a role may assume.
 * For those sessions aws:PrincipalTag/* is open instead of the role's own tags.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
import type { RequestContext } from '../request/context.js'
import type { Snapshot, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { TrustIndex } from './trustIndex.js'

const CACHE = new WeakMap<Snapshot, ReadonlySet<string>>()

const EMPTY: RequestContext = { get: () => undefined }

/** Whether some identity policy of `from` may allow sts:AssumeRole on `to` (conditions aside). */
function mayAssume(from: SnapshotRole, to: SnapshotRole): boolean {
  return from.identity.some((p) => p.candidates('sts').some((s) => s.effect === 'Allow' && s.action !== undefined && s.action.matches('sts:assumerole') && (s.resource === undefined || s.resource.match(to.arn, EMPTY).result !== 'false')))
}

/** True when the role's trust policy allows sts:TagSession to someone. */
function allowsTagSession(role: SnapshotRole): boolean {
  return role.trust !== null && role.trust.statements.some((s) => s.effect === 'Allow' && s.action !== undefined && s.action.matches('sts:tagsession'))
}

/**
 * The ARNs of roles whose sessions may carry session or inherited transitive tags: a least fixpoint,
 * computed as a worklist over the trust index (each opened role is checked only against the roles whose
 * trust policy could admit it, so the work grows with the grants, not with roles × rounds).
 */
function rolesWithSessionTags(snapshot: Snapshot): ReadonlySet<string> {
  let set = CACHE.get(snapshot)
  if (set !== undefined) return set
  const open = new Set<string>()
  const work: SnapshotRole[] = []
  const openRole = (role: SnapshotRole): void => {
    if (open.has(role.arn)) return
    open.add(role.arn)
    work.push(role)
  }
  for (const role of snapshot.roles.values()) if (allowsTagSession(role)) openRole(role)
  const index = work.length > 0 ? TrustIndex.of(snapshot) : undefined
  // Over-approximates on purpose: a candidate that the trust policy would in fact deny still counts.
  // A session of an open role reaches `role` when the trust policy names that role, or admits its
  // account (or anyone) and the open role's own policies may allow sts:AssumeRole on `role`.
  for (let from = work.pop(); from !== undefined && index !== undefined; from = work.pop()) {
    for (const role of index.naming(from.arn)) openRole(role)
    for (const role of index.admittingAccount(from.account)) if (!open.has(role.arn) && mayAssume(from, role)) openRole(role)
  }
  set = open
  CACHE.set(snapshot, set)
  return set
}

/** True when a principal's sessions may carry tags other than its own IAM tags. */
export function sessionTagsOpen(snapshot: Snapshot, p: SnapshotPrincipal): boolean {
  return p.kind === 'role' && rolesWithSessionTags(snapshot).has(p.arn)
}
