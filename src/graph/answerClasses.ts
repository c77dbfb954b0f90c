/**
 * Equivalence classes of trust questions: two principals of the same kind and account, with the same
 * compiled policies, boundary and tags, get the same answer from a role unless something reads who
 * they are by name (a trust policy naming their ARN, a condition or policy variable on aws:PrincipalArn,
 * aws:userid or aws:username, a NotPrincipal). Such questions are asked once per class.
 */
import type { CompiledPolicy, CompiledStatement } from '../compile/compilePolicy.js'
import type { RequestContext } from '../request/context.js'
import type { ContextValue } from '../request/types.js'
import type { Snapshot, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { sessionTagsOpen } from './sessionTags.js'
import { trustTargets } from './trustIndex.js'

const TAG = 'aws:principaltag/'
const EMPTY: RequestContext = { get: () => undefined }
const IDENTIFYING = new Set(['aws:principalarn', 'aws:userid', 'aws:username', 'aws:sourceidentity', 'sts:rolesessionname'])

/** Computes class keys; undefined when a question must be asked for the principal itself. */
export class AnswerClasses {
  private readonly ids = new WeakMap<CompiledPolicy, number>()
  private readonly identifying = new WeakMap<CompiledPolicy, boolean>()
  private next = 0
  private readonly disabled: boolean

  constructor(
    private readonly snapshot: Snapshot,
    options: { readonly context?: Readonly<Record<string, ContextValue>> },
  ) {
    // A given context may name the principal (e.g. aws:userid): keep answers per principal then.
    this.disabled = Object.keys(options.context ?? {}).length > 0
  }

  private idOf(p: CompiledPolicy): number {
    let id = this.ids.get(p)
    if (id === undefined) {
      id = this.next++
      this.ids.set(p, id)
    }
    return id
  }

  /** True when the policy reads who the caller is by name, or names principals by exclusion. */
  private reads(p: CompiledPolicy | null | undefined): boolean {
    if (p == null) return false
    const known = this.identifying.get(p)
    if (known !== undefined) return known
    // Only statements that can apply to a trust question matter: one whose Action cannot match
    // sts:AssumeRole never applies, whatever it reads.
    const result = p.statements.some(
      (s) =>
        (s.action === undefined || s.action.matches('sts:assumerole')) &&
        (s.principal?.kind === 'notPrincipal' ||
          s.conditions.some((c) => c.keysRead.some((k) => IDENTIFYING.has(k))) ||
          (s.resource?.sources ?? []).some((r) => r.includes('${'))),
    )
    this.identifying.set(p, result)
    return result
  }

  private readonly principalKeys = new WeakMap<SnapshotPrincipal, string | null>()
  private readonly roleKeys = new WeakMap<SnapshotRole, boolean>()
  private readonly accountReads = new Map<string, boolean>()

  /**
   * {@link relevant} for the role asked last. PERF (memory): questions come role by role, and a memo per
   * (policy, role) kept for the whole run grew with every role of an organization, never read again.
   */
  private relevanceRole: SnapshotRole | undefined
  private readonly relevance = new Map<CompiledPolicy, boolean>()
  /** Per policy: its statements that can allow or deny sts:AssumeRole on some role. */
  private readonly assumeStatements = new WeakMap<CompiledPolicy, readonly CompiledStatement[]>()

  /**
   * Whether any statement of an identity policy can apply to sts:AssumeRole on this role: a statement
   * whose action or resource cannot match never applies, whatever the context, so it cannot tell two
   * principals apart.
   */
  private relevant(p: CompiledPolicy, role: SnapshotRole): boolean {
    let statements = this.assumeStatements.get(p)
    if (statements === undefined) {
      statements = p.candidates('sts').filter((s) => s.action !== undefined && s.action.matches('sts:assumerole'))
      this.assumeStatements.set(p, statements)
    }
    if (statements.length === 0) return false
    if (role !== this.relevanceRole) {
      this.relevance.clear()
      this.relevanceRole = role
    }
    let r = this.relevance.get(p)
    if (r === undefined) {
      r = statements.some((s) => s.resource === undefined || s.resource.match(role.arn, EMPTY).result !== 'false')
      this.relevance.set(p, r)
    }
    return r
  }

  /** The part of the class key that depends on the principal alone (null: not shareable). */
  private principalKey(p: SnapshotPrincipal): string | null {
    let key = this.principalKeys.get(p)
    if (key !== undefined) return key
    let scpReads = this.accountReads.get(p.account)
    if (scpReads === undefined) {
      scpReads = (this.snapshot.orgAccounts.get(p.account)?.scps.flat() ?? []).some((x) => this.reads(x))
      this.accountReads.set(p.account, scpReads)
    }
    if (scpReads || p.identity.some((x) => this.reads(x)) || this.reads(p.boundary)) key = null
    else {
      // Only tags some policy of the caller reads can tell principals apart (the role side is added per role).
      const read = new Set([...p.identity, p.boundary, ...(this.snapshot.orgAccounts.get(p.account)?.scps.flat() ?? [])].flatMap((x) => this.tagsRead(x)))
      const tags = [...p.tags.entries()].filter(([k]) => read.has(k)).map(([k, t]) => `${k}=${t.value}`).sort().join(',')
      const service = `${p.kind === 'role' && p.serviceLinked ? 'slr' : ''}${sessionTagsOpen(this.snapshot, p) ? 'tags' : ''}`
      key = `${p.kind}${service}|${p.account}|${p.boundary === null ? '-' : this.idOf(p.boundary)}|${tags}`
    }
    this.principalKeys.set(p, key)
    return key
  }

  private readonly tagReads = new WeakMap<CompiledPolicy, readonly string[]>()
  /** Per role: the principal tag keys its trust policy and its account's RCPs read. */
  private readonly roleTags = new WeakMap<SnapshotRole, readonly string[]>()

  /** The principal tag keys (lowercased) a policy's conditions read. */
  private tagsRead(p: CompiledPolicy | null | undefined): readonly string[] {
    if (p == null) return []
    let keys = this.tagReads.get(p)
    if (keys === undefined) {
      keys = p.statements.flatMap((s) => s.conditions.flatMap((c) => c.keysRead.filter((k) => k.startsWith(TAG)).map((k) => k.slice(TAG.length))))
      this.tagReads.set(p, keys)
    }
    return keys
  }

  private readonly groups = new WeakMap<SnapshotPrincipal, string | null>()
  private readonly identitySets = new Map<string, number>()

  /**
   * A key shared by principals that are interchangeable for every role (same kind, account, boundary,
   * identity policies and tags), or undefined. PERF: computed once per principal, so the per-candidate
   * work is a lookup.
   */
  groupOf(p: SnapshotPrincipal): string | undefined {
    let g = this.groups.get(p)
    if (g === undefined) {
      const base = this.disabled ? null : this.principalKey(p)
      if (base === null) g = null
      else {
        const ids = p.identity.map((x) => this.idOf(x)).join(',')
        let set = this.identitySets.get(ids)
        if (set === undefined) {
          set = this.identitySets.size
          this.identitySets.set(ids, set)
        }
        const tags = [...p.tags.entries()].map(([k, t]) => `${k}=${t.value}`).sort().join(',')
        g = `${base}#${set}#${tags}`
      }
      this.groups.set(p, g)
    }
    return g ?? undefined
  }

  /** True when the role's trust policy names the principal's own ARN (its answer is its own). */
  named(p: SnapshotPrincipal, role: SnapshotRole): boolean {
    this.prepareRole(role)
    return this.named_.get(role)?.has(p.arn) === true
  }

  private readonly named_ = new WeakMap<SnapshotRole, ReadonlySet<string>>()

  private prepareRole(role: SnapshotRole): boolean {
    let roleReads = this.roleKeys.get(role)
    if (roleReads === undefined) {
      const roleOrg = this.snapshot.orgAccounts.get(role.account)
      roleReads = this.reads(role.trust) || (roleOrg?.rcps.flat() ?? []).some((x) => this.reads(x))
      this.roleKeys.set(role, roleReads)
      this.named_.set(role, trustTargets(role, this.snapshot).arns)
    }
    return roleReads
  }

  /** The principal tag keys the role's trust policy and its account's RCPs read. */
  private roleTagsOf(role: SnapshotRole): readonly string[] {
    let roleTags = this.roleTags.get(role)
    if (roleTags === undefined) {
      const roleOrg = this.snapshot.orgAccounts.get(role.account)
      roleTags = [...new Set([role.trust, ...(roleOrg?.rcps.flat() ?? [])].flatMap((x) => this.tagsRead(x)))].sort()
      this.roleTags.set(role, roleTags)
    }
    return roleTags
  }

  /** The values of the principal tags the role's side reads, as a key part. */
  private roleTagValues(p: SnapshotPrincipal, role: SnapshotRole): string {
    let ids = ''
    for (const k of this.roleTagsOf(role)) ids += `${k}=${p.tags.get(k)?.value ?? '\u0000'};`
    return ids
  }

  /** The class of a question, or undefined. */
  keyOf(p: SnapshotPrincipal, role: SnapshotRole): string | undefined {
    if (this.disabled) return undefined
    if (this.prepareRole(role) || this.named(p, role)) return undefined
    const key = this.principalKey(p)
    if (key === null) return undefined
    let ids = this.roleTagValues(p, role)
    for (const x of p.identity) if (this.relevant(x, role)) ids += `${this.idOf(x)},`
    return `${key}|${ids}`
  }

  /** Per set of tag keys a role's side reads (joined): each principal's role-side key. */
  private readonly roleSideKeys = new Map<string, WeakMap<SnapshotPrincipal, string>>()
  private readonly roleSideKeysOfRole = new WeakMap<SnapshotRole, WeakMap<SnapshotPrincipal, string>>()

  /**
   * The class of a question as the role's side sees it (`roleSideQuestion` in question.ts): principals of the
   * same kind and account, with the same values of the tags the trust policy and RCPs read, look the
   * same to it unless it reads who they are by name. Undefined when it does.
   */
  roleSideKeyOf(p: SnapshotPrincipal, role: SnapshotRole): string | undefined {
    if (this.disabled || this.prepareRole(role) || this.named(p, role)) return undefined
    // PERF: made once per principal and set of tag keys (a trust policy admitting anyone is asked about every principal).
    let keys = this.roleSideKeysOfRole.get(role)
    if (keys === undefined) {
      const signature = this.roleTagsOf(role).join('\u0000')
      keys = this.roleSideKeys.get(signature)
      if (keys === undefined) this.roleSideKeys.set(signature, (keys = new WeakMap()))
      this.roleSideKeysOfRole.set(role, keys)
    }
    let key = keys.get(p)
    if (key === undefined) {
      key = `${p.kind}${p.kind === 'role' && p.serviceLinked ? 'slr' : ''}${sessionTagsOpen(this.snapshot, p) ? 'tags' : ''}|${p.account}|${this.roleTagValues(p, role)}`
      keys.set(p, key)
    }
    return key
  }

  /** Per identity policy: its Allow statements that may allow sts:AssumeRole on some role. */
  private readonly assumeAllows = new WeakMap<CompiledPolicy, readonly CompiledStatement[]>()

  /**
   * False when no identity policy of the principal has an Allow statement that can apply to
   * sts:AssumeRole on this role, whatever the context: its Action cannot match, or its Resource (without
   * policy variables) cannot match the role's ARN. Across accounts the caller's own policies must allow,
   * so the question is then denied.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
   */
  identityMayAllow(p: SnapshotPrincipal, role: SnapshotRole): boolean {
    if (role !== this.allowsRole) {
      this.allowsOnRole.clear()
      this.allowsRole = role
    }
    // PERF: indexed loops and one answer per policy and role (a trust policy admitting anyone is asked
    // about every principal of the organization, and principals share their policies).
    for (let i = 0; i < p.identity.length; i++) {
      const x = p.identity[i] as CompiledPolicy
      let may = this.allowsOnRole.get(x)
      if (may === undefined) {
        may = this.allowsAssumeOn(x, role)
        this.allowsOnRole.set(x, may)
      }
      if (may) return true
    }
    return false
  }

  /** {@link identityMayAllow} for the role asked last, per policy. */
  private allowsRole: SnapshotRole | undefined
  private readonly allowsOnRole = new Map<CompiledPolicy, boolean>()

  private allowsAssumeOn(x: CompiledPolicy, role: SnapshotRole): boolean {
    let allows = this.assumeAllows.get(x)
    if (allows === undefined) {
      allows = x.candidates('sts').filter((s) => s.effect === 'Allow' && (s.action === undefined || s.action.matches('sts:assumerole')))
      this.assumeAllows.set(x, allows)
    }
    return allows.some((s) => s.resource === undefined || s.resource.readsContext || s.resource.match(role.arn, EMPTY).result !== 'false')
  }
}
