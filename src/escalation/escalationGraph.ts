/**
 * The escalation graph of a snapshot: for each principal, the principals it can become (an edge per
 * technique, each decided by the engine), and the grants by which it — or it through a principal it
 * becomes — turns a principal into an administrator. Everything is computed on demand and memoized;
 * principals with the same policies, boundary, account and tags share the answers that cannot tell
 * them apart.
 */
import { TrustGraph } from '../graph/trustGraph.js'
import type { Snapshot, SnapshotPrincipal, SnapshotRole, SnapshotUser } from '../snapshot/types.js'
import { actionQuestion } from './actionQuestion.js'
import type { CallerPolicies } from './actionQuestion.js'
import { adminAnswer } from './admin.js'
import { CallerClasses } from './callerClasses.js'
import { allOf, compareAnswers, decide, uncertain } from './decide.js'
import { evaluateTechnique } from './evaluateTechnique.js'
import type { TechniqueAnswer, TechniqueEnv, TechniqueSite } from './evaluateTechnique.js'
import { bestGrant, mayAllow } from './grants.js'
import { exactResources, mayAllowOn } from './prefilter.js'
import type { GrantAnswer } from './grants.js'
import { isProtected, Targets } from './targets.js'
import { TECHNIQUES } from './techniques.js'
import type { Technique, TechniqueId } from './techniques.js'
import type { Answer, EscalationHop, UncertainReason } from './types.js'
import { genericArn } from './witness.js'

/** One way for `from` to obtain `to`'s permissions. */
export interface Edge {
  readonly from: SnapshotPrincipal
  readonly to: SnapshotPrincipal
  readonly technique: TechniqueId
  readonly actions: readonly string[]
  readonly resources: readonly string[]
  readonly answer: Answer
  readonly notes: readonly string[]
}

/** A step of a path: one edge, a grant that makes an administrator, or an edge then a grant. */
export interface Step {
  readonly from: SnapshotPrincipal
  /** The principal reached, or `admin` after a grant. */
  readonly to: SnapshotPrincipal | 'admin'
  readonly hops: readonly EscalationHop[]
  readonly answer: Answer
}

/** Options of the escalation graph. */
export interface EscalationGraphOptions {
  /** A trust graph to share with other questions over the same snapshot. */
  readonly trust?: TrustGraph
  /** The time of the analysis: requests are made from then on (see `QuestionEnv.now`). */
  readonly now?: number
  /** Ask every question for each principal itself, sharing no answer between principals (differential testing). */
  readonly unshared?: boolean
}

const BECOME = TECHNIQUES.filter((t) => t.effect === 'become' && t.id !== 'assume-role')
const GRANT_ACTIONS = [...new Set(TECHNIQUES.filter((t) => t.effect === 'grant').flatMap((t) => t.actions.map((a) => a.action)))]

/** The inventory resource kind each inventory holds, for placeholders when it is missing. */
const PLACEHOLDER_KIND = { ec2: 'instance', lambda: 'function', cloudformation: 'stack', glue: 'devendpoint', codebuild: 'project', sagemaker: 'notebook-instance' } as const
const INVENTORY_NAMES = { ec2: 'EC2 instance', lambda: 'Lambda function', cloudformation: 'CloudFormation stack', glue: 'Glue development endpoint', codebuild: 'CodeBuild project', sagemaker: 'SageMaker notebook instance' } as const

function hopOf(e: Edge): EscalationHop {
  return { from: e.from.arn, to: e.to.arn, technique: e.technique, actions: e.actions, resources: e.resources, access: e.answer.access === 'denied' ? 'uncertain' : e.answer.access, conditions: e.answer.conditions, uncertain: e.answer.uncertain, notes: e.notes }
}

function grantHop(target: SnapshotPrincipal, by: SnapshotPrincipal, g: GrantAnswer): EscalationHop {
  return {
    from: target.arn, to: 'admin', technique: g.technique, actions: g.actions, resources: g.resources, access: g.answer.access === 'denied' ? 'uncertain' : g.answer.access,
    conditions: g.answer.conditions, uncertain: g.answer.uncertain, ...(by !== target ? { by: by.arn } : {}), notes: g.notes,
  }
}

/**
 * Memoized escalation questions over one snapshot.
 *
 * @example
 * const graph = new EscalationGraph(snapshot)
 * graph.admin(principal).access // 'allowed' for an administrator
 * graph.edgesFrom(principal).map((e) => `${e.technique} → ${e.to.arn}`)
 */
export class EscalationGraph {
  readonly trust: TrustGraph
  readonly targets: Targets
  private readonly env: TechniqueEnv
  private readonly classes: CallerClasses
  private readonly admins = new Map<string, Answer>()
  private readonly changed = new Map<string, Answer>()
  private readonly shared = new Map<string, TechniqueAnswer>()
  private readonly edges = new Map<SnapshotPrincipal, Edge[]>()
  private readonly steps = new Map<SnapshotPrincipal, Step[]>()
  private readonly gapList: UncertainReason[] = []
  private readonly gapKeys = new Set<string>()
  private readonly unshared: boolean

  constructor(
    readonly snapshot: Snapshot,
    options: EscalationGraphOptions = {},
  ) {
    this.trust = options.trust ?? new TrustGraph(snapshot)
    this.targets = new Targets(snapshot)
    this.env = { snapshot, targets: this.targets, ...(options.now !== undefined ? { now: options.now } : {}) }
    this.classes = new CallerClasses(snapshot)
    this.unshared = options.unshared === true
  }

  /** Inputs not read fully while answering (inventoried resources whose role the snapshot lacks, …). */
  get gaps(): readonly UncertainReason[] {
    return this.gapList
  }

  private gap(key: string, reason: UncertainReason): void {
    if (this.gapKeys.has(key)) return
    this.gapKeys.add(key)
    this.gapList.push(reason)
  }

  /** Users as members of a group they joined in a step: same ARN, other policies, so caches key them apart. */
  private readonly joinedKeys = new WeakMap<SnapshotPrincipal, string>()

  /** The cache key of a principal of its own: its ARN, or its ARN and the group it joined. */
  private idOf(p: SnapshotPrincipal): string {
    return this.joinedKeys.get(p) ?? p.arn
  }

  private classOf(p: SnapshotPrincipal): string {
    return (this.unshared ? undefined : this.classes.keyOf(p)) ?? this.idOf(p)
  }

  /** Whether `p` is an administrator (allowed, conditional, uncertain or denied). */
  admin(p: SnapshotPrincipal): Answer {
    const key = this.classOf(p)
    let a = this.admins.get(key)
    if (a === undefined) {
      a = adminAnswer(this.env, p)
      this.admins.set(key, a)
    }
    return a
  }

  /** Whether `p` with changed policies is an administrator; `change` names the change (for sharing). */
  private adminAfter(p: SnapshotPrincipal, policies: CallerPolicies, change: string): Answer {
    const shared = change.startsWith('plus-admin') ? ((this.unshared ? undefined : this.classes.keyWithAdminOf(p)) ?? this.classOf(p)) : change.startsWith('no-boundary') ? this.classOf(p) : this.idOf(p)
    const key = `${shared}|${change}`
    let a = this.changed.get(key)
    if (a === undefined) {
      a = adminAnswer(this.env, p, policies)
      this.changed.set(key, a)
    }
    return a
  }

  /** A technique's answer, shared between interchangeable callers (never for a target that is the caller). */
  private technique(caller: SnapshotPrincipal, t: Technique, target: SnapshotPrincipal, site: TechniqueSite = {}): TechniqueAnswer {
    const g = this.unshared ? undefined : this.classes.keyOf(caller)
    if (g === undefined) return evaluateTechnique(this.env, caller, t, target, site)
    const key = `${g}|${t.id}|${target.arn}|${site.existing?.arn ?? site.placeholder ?? ''}|${site.instanceProfile ?? ''}`
    let a = this.shared.get(key)
    if (a === undefined) {
      a = evaluateTechnique(this.env, caller, t, target, site)
      this.shared.set(key, a)
    }
    return a
  }

  /** Every way `from` can become another principal, best first for each target. */
  edgesFrom(from: SnapshotPrincipal): readonly Edge[] {
    let out = this.edges.get(from)
    if (out !== undefined) return out
    out = []
    const add = (t: Technique, to: SnapshotPrincipal, a: TechniqueAnswer, notes: readonly string[] = t.caveats ?? []): void => {
      if (a.answer.access !== 'denied') out?.push({ from, to, technique: t.id, actions: a.actions, resources: a.resources, answer: a.answer, notes: [...(a.notes ?? []), ...notes] })
    }
    const assume = TECHNIQUES[0] as Technique
    for (const role of this.trust.index.rolesFor(from)) {
      if (role === from || isProtected(role)) continue
      // PERF: unless the trust policy names the caller (or anyone), its identity policies must allow the call.
      if (!this.targets.trustNames(role, from) && !mayAllowOn(from, 'sts:AssumeRole', role.arn)) continue
      const a = this.trust.edge({ kind: 'principal', principal: from }, role)
      if (a.decision !== 'allowed' && a.decision !== 'conditional') continue
      add(assume, role, { answer: a.decision === 'allowed' ? { access: 'allowed', conditions: null, uncertain: [] } : { access: 'conditional', conditions: a.conditions, uncertain: [] }, actions: ['sts:AssumeRole'], resources: [role.arn] }, a.notes)
    }
    for (const t of BECOME) {
      // A first filter on the identity policies alone; sts:AssumeRole is left to the engine (the trust
      // policy a technique writes can grant it without them).
      if (!t.actions.every((x) => x.optional === true || x.action === 'sts:AssumeRole' || mayAllow(from, x.action))) continue
      this.techniqueEdges(from, t, add)
    }
    out.sort((a, b) => compareAnswers(a.answer, b.answer))
    this.edges.set(from, out)
    return out
  }

  private techniqueEdges(from: SnapshotPrincipal, t: Technique, add: (t: Technique, to: SnapshotPrincipal, a: TechniqueAnswer, notes?: readonly string[]) => void): void {
    const account = from.account
    const needsProfile = t.actions.some((x) => Object.values(x.context ?? {}).some((v) => v?.includes('{instanceProfile}') === true))
    const serviceRoles = (): SnapshotRole[] =>
      this.targets.roles(account).filter((r) => r !== from && (t.service === undefined || this.targets.trustsService(r, t.service).access !== 'denied') && (!needsProfile && t.inventory !== 'ec2' ? true : r.instanceProfiles.length > 0))
    // PERF: when the caller's policies name exact users or roles for the first action, only those are candidates.
    const exact = exactResources(from, (t.actions[0] as Technique['actions'][number]).action)
    const only = <P extends SnapshotPrincipal>(list: readonly P[]): readonly P[] => (exact === null ? list : list.filter((p) => exact.has(p.arn)))
    if (t.category === 'credentials') {
      for (const u of only(this.targets.users(account))) if (u !== from) add(t, u, this.technique(from, t, u))
      return
    }
    if (t.category === 'assume') {
      for (const r of only(this.targets.roles(account))) if (r !== from) add(t, r, this.technique(from, t, r))
      return
    }
    if (t.category === 'pass-role') {
      for (const r of only(serviceRoles())) {
        for (const profile of needsProfile ? r.instanceProfiles : [undefined]) add(t, r, this.technique(from, t, r, profile !== undefined ? { instanceProfile: profile } : {}))
      }
      return
    }
    // Techniques on existing resources: the inventory says which resource runs with which role.
    const inventory = t.inventory as NonNullable<Technique['inventory']>
    const covered = this.snapshot.inventory.coverage.get(inventory)?.has(account) === true
    if (!covered) {
      const placeholder = genericArn(PLACEHOLDER_KIND[inventory], from.arn.split(':')[1] ?? 'aws', account)
      const reason: UncertainReason = { code: 'escalation.no-inventory', message: `no ${INVENTORY_NAMES[inventory]} inventory in the snapshot for account ${account}: which ${INVENTORY_NAMES[inventory]}s run with this role is unknown` }
      for (const r of serviceRoles()) {
        const profile = needsProfile ? r.instanceProfiles[0] : undefined
        const a = this.technique(from, t, r, { placeholder, ...(profile !== undefined ? { instanceProfile: profile } : {}) })
        if (a.answer.access === 'denied') continue
        this.gap(`inventory:${inventory}:${account}`, reason)
        add(t, r, { ...a, answer: uncertain([reason, ...a.answer.uncertain], a.answer.conditions) })
      }
      return
    }
    for (const res of this.snapshot.inventory.resources) {
      if (res.kind !== inventory || res.account !== account) continue
      if (t.id === 'ec2-replace-instance-profile') {
        if (res.instanceProfile === undefined) continue
        for (const r of serviceRoles()) for (const profile of r.instanceProfiles) if (profile !== res.instanceProfile) add(t, r, this.technique(from, t, r, { existing: res, instanceProfile: profile }))
        continue
      }
      const roles = inventory === 'ec2' ? (res.instanceProfile === undefined ? [] : this.targets.rolesOfProfile(res.instanceProfile)) : [...(res.role !== undefined && this.snapshot.roles.has(res.role) ? [this.snapshot.roles.get(res.role) as SnapshotRole] : [])]
      const named = inventory === 'ec2' ? res.instanceProfile : res.role
      if (roles.length === 0 && named !== undefined) {
        this.gap(`role:${res.arn}`, { code: 'escalation.unknown-role', message: `\`${res.arn}\` runs with \`${named}\`, which the snapshot does not describe`, file: res.origin.file, pointer: res.origin.pointer })
      }
      for (const r of roles) if (r !== from && !isProtected(r)) add(t, r, this.technique(from, t, r, { existing: res }))
    }
  }

  private readonly granters = new WeakMap<SnapshotPrincipal, boolean>()

  /** The best grant by which `by` makes `target` an administrator. */
  grant(by: SnapshotPrincipal, target: SnapshotPrincipal): GrantAnswer | undefined {
    let may = this.granters.get(by)
    if (may === undefined) {
      may = GRANT_ACTIONS.some((a) => mayAllow(by, a))
      this.granters.set(by, may)
    }
    if (!may || isProtected(target)) return undefined
    return bestGrant(this.env, by, target, (p, policies, change) => this.adminAfter(p, policies, change))
  }

  /** The steps of a path search from `from`: the best edge to each principal, its own grant, and grants through an edge. */
  stepsFrom(from: SnapshotPrincipal): readonly Step[] {
    let out = this.steps.get(from)
    if (out !== undefined) return out
    out = []
    const seen = new Set<SnapshotPrincipal>()
    const self = this.grant(from, from)
    if (self !== undefined) out.push({ from, to: 'admin', hops: [grantHop(from, from, self)], answer: self.answer })
    for (const e of this.edgesFrom(from)) {
      if (seen.has(e.to)) continue
      seen.add(e.to)
      out.push({ from, to: e.to, hops: [hopOf(e)], answer: e.answer })
      const g = this.grant(from, e.to)
      if (g !== undefined) out.push({ from, to: 'admin', hops: [hopOf(e), grantHop(e.to, from, g)], answer: allOf([e.answer, g.answer]) })
    }
    // A user that can join a group goes on with the group's permissions: every step from there, after the join.
    for (const j of from.kind === 'user' && !this.joinedKeys.has(from) ? this.joins(from) : []) {
      for (const s of this.stepsFrom(j.member)) {
        if (s.to !== from) out.push({ from, to: s.to, hops: [j.hop, ...s.hops], answer: allOf([j.answer, s.answer]) })
      }
    }
    this.steps.set(from, out)
    return out
  }

  /**
   * The groups of its account `user` may add itself to (iam:AddUserToGroup decided by the engine), each
   * with the user as a member of it. Only one join is followed: a member does not join further groups
   * (a join straight to an administrator is a one-step grant of `grants.ts`).
   * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
   */
  private joins(user: SnapshotUser): { member: SnapshotUser; hop: EscalationHop; answer: Answer }[] {
    if (!mayAllow(user, 'iam:AddUserToGroup')) return []
    const out: { member: SnapshotUser; hop: EscalationHop; answer: Answer }[] = []
    for (const g of this.snapshot.groups.values()) {
      if (g.account !== user.account || g.identity.length === 0 || g.members.includes(user.arn) || user.groups.includes(g.name) || !mayAllowOn(user, 'iam:AddUserToGroup', g.arn)) continue
      const answer = decide(actionQuestion(this.env, user, 'iam:AddUserToGroup', { arn: g.arn }, {}, 'join'))
      if (answer.access === 'denied') continue
      const member: SnapshotUser = { ...user, identity: [...user.identity, ...g.identity], managed: [...user.managed, ...g.managed], groups: [...user.groups, g.name] }
      this.joinedKeys.set(member, `${user.arn}+${g.arn}`)
      const hop = {
        from: user.arn, to: user.arn, technique: 'add-user-to-group', actions: ['iam:AddUserToGroup'], resources: [g.arn], access: answer.access, conditions: answer.conditions, uncertain: answer.uncertain,
        notes: [`the user is a member of ${g.arn} from here on`],
      }
      out.push({ member, hop, answer })
    }
    return out
  }
}
