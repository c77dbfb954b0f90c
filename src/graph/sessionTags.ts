/**
 * Which roles' sessions may carry session tags: a role whose trust policy allows sts:TagSession, and
 * (transitive tags are carried along a chain) any role that a session of such a role may assume.
 * For those sessions aws:PrincipalTag/* is open instead of the role's own tags.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
import type { RequestContext } from '../request/context.js'
import type { Snapshot, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { trustTargets } from './trustIndex.js'

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

/** The ARNs of roles whose sessions may carry session or inherited transitive tags (a fixpoint over the trust index). */
function rolesWithSessionTags(snapshot: Snapshot): ReadonlySet<string> {
  let set = CACHE.get(snapshot)
  if (set !== undefined) return set
  const open = new Set<string>()
  const work: SnapshotRole[] = []
  for (const role of snapshot.roles.values()) {
    if (allowsTagSession(role)) {
      open.add(role.arn)
      work.push(role)
    }
  }
  // PERF: a worklist over a forward index (which roles name a role, its account, or anyone), so each
  // opened role is checked against the roles that could admit it, not against every role each round.
  const byArn = new Map<string, SnapshotRole[]>()
  const byAccount = new Map<string, SnapshotRole[]>()
  const anyone: SnapshotRole[] = []
  if (work.length > 0) {
    const push = (map: Map<string, SnapshotRole[]>, key: string, role: SnapshotRole): void => void (map.get(key) ?? map.set(key, []).get(key))?.push(role)
    for (const role of snapshot.roles.values()) {
      const t = trustTargets(role, snapshot)
      if (t.wildcard) anyone.push(role)
      for (const a of t.accounts) push(byAccount, a, role)
      for (const arn of t.arns) push(byArn, arn, role)
    }
  }
  // Over-approximates on purpose: a candidate that the trust policy would in fact deny still counts.
  // A session of an open role reaches `role` when the trust policy names that role, or admits its
  // account (or anyone) and the open role's own policies may allow sts:AssumeRole on `role`.
  const open_ = (role: SnapshotRole): void => {
    if (open.has(role.arn)) return
    open.add(role.arn)
    work.push(role)
  }
  while (work.length > 0) {
    const from = work.pop() as SnapshotRole
    for (const role of byArn.get(from.arn) ?? []) open_(role)
    for (const role of [...(byAccount.get(from.account) ?? []), ...anyone]) if (!open.has(role.arn) && mayAssume(from, role)) open_(role)
  }
  set = open
  CACHE.set(snapshot, set)
  return set
}

/** True when a principal's sessions may carry tags other than its own IAM tags. */
export function sessionTagsOpen(snapshot: Snapshot, p: SnapshotPrincipal): boolean {
  return p.kind === 'role' && rolesWithSessionTags(snapshot).has(p.arn)
}
