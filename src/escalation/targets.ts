/**
 * Which principals and resources a technique may target. Protected resources never are: a
 * service-linked role (only its service assumes it, and its policies and trust cannot be edited),
 * a role under `/aws-reserved/` (IAM Identity Center's roles, managed by that service), and an AWS
 * managed policy (AWS owns it; nobody can add a version).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
 */
import { askTrust } from '../graph/canAssume.js'
import { trustTargets } from '../graph/trustIndex.js'
import type { TrustTargets } from '../graph/trustIndex.js'
import type { Snapshot, SnapshotManagedPolicy, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { ALLOWED, DENIED } from './decide.js'
import type { Answer } from './types.js'

/** True for a role that no principal may take over or change: service-linked, or under `/aws-reserved/`. */
function isProtectedRole(role: SnapshotRole): boolean {
  return role.serviceLinked || role.path.startsWith('/aws-service-role/') || role.path.startsWith('/aws-reserved/')
}

/** True for a principal no technique may target. */
export function isProtected(p: SnapshotPrincipal): boolean {
  return p.kind === 'role' && isProtectedRole(p)
}

/** True for a managed policy AWS owns: its versions cannot be changed by anyone else. */
export function isProtectedPolicy(p: SnapshotManagedPolicy): boolean {
  return p.awsManaged
}

/** Per-snapshot lookups the techniques share: instance profiles, and which roles trust which service. */
export class Targets {
  private readonly profileRoles = new Map<string, SnapshotRole[]>()
  private readonly serviceTrust = new Map<string, Answer>()
  private readonly rolesByAccount = new Map<string, SnapshotRole[]>()
  private readonly usersByAccount = new Map<string, SnapshotPrincipal[]>()
  private readonly named = new WeakMap<SnapshotRole, TrustTargets>()

  constructor(readonly snapshot: Snapshot) {
    for (const role of snapshot.roles.values()) {
      for (const profile of role.instanceProfiles) {
        const list = this.profileRoles.get(profile)
        if (list === undefined) this.profileRoles.set(profile, [role])
        else list.push(role)
      }
    }
    for (const account of snapshot.accounts.values()) {
      this.rolesByAccount.set(account.id, account.roles.filter((r) => !isProtectedRole(r)))
      this.usersByAccount.set(account.id, [...account.users])
    }
  }

  /** The roles of an account that techniques may target. */
  roles(account: string): readonly SnapshotRole[] {
    return this.rolesByAccount.get(account) ?? []
  }

  /** The users of an account. */
  users(account: string): readonly SnapshotPrincipal[] {
    return this.usersByAccount.get(account) ?? []
  }

  /**
   * True when the role's trust policy names `p` itself (its ARN or unique id) or any principal (`*`):
   * then the trust policy may grant the call without the caller's identity policies.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
   */
  trustNames(role: SnapshotRole, p: SnapshotPrincipal): boolean {
    let t = this.named.get(role)
    if (t === undefined) {
      t = trustTargets(role, this.snapshot)
      this.named.set(role, t)
    }
    return t.wildcard || t.arns.has(p.arn)
  }

  /** The roles an instance profile holds (an instance profile holds at most one). */
  rolesOfProfile(profileArn: string): readonly SnapshotRole[] {
    return this.profileRoles.get(profileArn) ?? []
  }

  /**
   * Whether `service` can assume `role` for a resource of the role's own account (a role is passed only
   * within its account, so the resource that receives it is there: aws:SourceAccount is the role's
   * account; the resource's ARN, chosen by the caller, stays open). Memoized.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
   */
  trustsService(role: SnapshotRole, service: string): Answer {
    const key = `${role.arn}|${service}`
    let a = this.serviceTrust.get(key)
    if (a === undefined) {
      const t = askTrust(this.snapshot, { kind: 'service', service }, role, { context: { 'aws:SourceAccount': role.account } })
      a = t.decision === 'allowed' ? ALLOWED : t.decision === 'conditional' ? { access: 'conditional', conditions: t.conditions, uncertain: [] } : DENIED
      this.serviceTrust.set(key, a)
    }
    return a
  }
}
