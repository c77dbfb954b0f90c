/**
 * The trust graph: who can assume a role, directly or through a chain of roles, and the paths from a
 * principal to a role. Each edge is one engine question; conditions along a path are ANDed and a
 * path whose conditions cannot all hold is dropped. Every hop after the first is a chained session:
 * at most one hour, source identity and transitive tags carried; its MFA context stays an open condition.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html (role chaining)
 */
import type { Snapshot, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { STS_LIMITS } from '../sts/limits.js'
import { conjunctionSatisfiable } from '../analysis/atoms.js'
import type { Literal } from '../analysis/atoms.js'
import { askTrust, roleSideAdmits } from './canAssume.js'
import type { PrincipalRef, TrustAnswer, TrustOptions } from './canAssume.js'
import type { Residual, UncertainReason, Witness } from '../analysis/types.js'
import type { ContextValue } from '../request/types.js'
import type { CallerSpec } from './question.js'
import { AnswerClasses } from './answerClasses.js'
import { sessionTagsOpen } from './sessionTags.js'
import { candidates, TrustIndex } from './trustIndex.js'
import { gapsAffecting } from '../snapshot/gaps.js'

/** A chained session lasts at most one hour, whatever the role's MaxSessionDuration. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html */
const CHAINED_SESSION_SECONDS = STS_LIMITS.chainedMaxDuration
const DEFAULT_SESSION_SECONDS = STS_LIMITS.defaultMaxSessionDuration

/** The three answers of an analysis about access that exists or may exist. */
export type ReachAccess = 'allowed' | 'conditional' | 'uncertain'

/** One hop of a path: who assumes which role, under which conditions. */
export interface Hop {
  readonly from: PrincipalRef
  readonly role: string
  readonly access: ReachAccess
  readonly conditions: Residual | null
  /** For `uncertain`: why. */
  readonly uncertain: readonly UncertainReason[]
  /** True when the caller is a role session: role chaining. */
  readonly chained: boolean
  /** The longest session this hop can give, in seconds. */
  readonly maxSessionSeconds: number
}

/** One principal that can (or may) reach a role. */
export interface ReachEntry {
  readonly principal: PrincipalRef
  /** `uncertain` when any hop is. */
  readonly access: ReachAccess
  /** The combined conditions of every hop (null: none). */
  readonly conditions: Residual | null
  /** For `uncertain`: the reasons of every uncertain hop. */
  readonly uncertain: readonly UncertainReason[]
  readonly external: boolean
  /** Roles passed through, in order, before the target. */
  readonly via: readonly string[]
  readonly hops: readonly Hop[]
  readonly notes: readonly string[]
}

/** Options for graph queries. */
export interface GraphOptions extends TrustOptions {
  /** Include principals that reach the role through other roles. */
  readonly transitive?: boolean
  /** Longest chain, in hops (default 5). */
  readonly maxDepth?: number
  /** Called now and then while working. */
  readonly progress?: (done: number, total: number) => void
  /** Stop after this many paths or entries (default 10,000): chains can grow exponentially. */
  readonly maxPaths?: number
  /** Called once when `maxPaths` (or the search budget) stopped the search early. */
  readonly onTruncated?: () => void
}

const DEFAULT_MAX_PATHS = 10_000
/** PERF: a bound on the edges a path search follows, whatever it finds. */
const SEARCH_BUDGET = 1_000_000

type Scoped = { readonly lit: Literal; readonly scope: string }
/** The conditions of a path under construction: a DNF of literals, each with the role it was asked for (null: none). */
export type Terms = readonly (readonly Scoped[])[] | null
const MAX_TERMS = 64

/** A role's one-hop answers: allowed (with the caller asked for each) and denied outside callers. */
interface DirectLists {
  readonly allowed: TrustAnswer[]
  readonly callers: CallerSpec[]
  readonly denied: TrustAnswer[]
}

/**
 * Memoized trust questions over one snapshot.
 *
 * @example
 * const snapshot = loadSnapshot([{ file: 'account.json', text }])
 * const graph = new TrustGraph(snapshot)
 * for (const role of snapshot.roles.values()) whoCanAssume(snapshot, role.arn, {}, graph) // answers shared across roles
 */
export class TrustGraph {
  readonly index: TrustIndex
  /** Per role: who can assume it in one call, and the principals outside the snapshot it names but denies. */
  private readonly direct = new Map<string, DirectLists>()
  private readonly edges = new Map<SnapshotRole, Map<SnapshotPrincipal, TrustAnswer>>()
  private readonly byClass = new Map<SnapshotRole, Map<string, TrustAnswer>>()
  private readonly byGroup = new Map<SnapshotRole, Map<string, TrustAnswer>>()
  private readonly classes: AnswerClasses
  /** Conditions of the paths found, shared by paths with the same literals. */
  readonly residuals = new ResidualMemo()

  /**
   * `rememberRoles` bounds the roles whose direct answers are kept (the least recently used are dropped
   * and asked again when needed): an organization-wide run then holds what chains reuse, not every role.
   */
  constructor(
    readonly snapshot: Snapshot,
    readonly options: TrustOptions = {},
    private readonly rememberRoles = Infinity,
  ) {
    this.index = TrustIndex.of(snapshot)
    this.classes = new AnswerClasses(snapshot, options)
  }

  /** Every caller that can assume `role` in one call (allowed or conditional). */
  directAnswers(role: SnapshotRole): TrustAnswer[] {
    return this.lists(role).allowed
  }

  private lists(role: SnapshotRole): DirectLists {
    let known = this.direct.get(role.arn)
    if (known !== undefined) {
      if (this.rememberRoles !== Infinity) {
        // Most recently used last: the first key is the one to drop.
        this.direct.delete(role.arn)
        this.direct.set(role.arn, known)
      }
      return known
    }
    const allowed: TrustAnswer[] = []
    const callers: CallerSpec[] = []
    const denied: TrustAnswer[] = []
    // PERF: a snapshot principal the role's side alone denies is denied (and a denied snapshot principal
    // is not listed), so it is not asked. A trust policy admitting anyone in the organization with a tag
    // denies most principals of an organization: one question per account and tag value decides them.
    const roleSide = new Map<string, boolean>()
    for (const caller of candidates(role, this.snapshot)) {
      // A question a snapshot gap can affect is asked: its answer is uncertain, whatever the policies say.
      if (caller.kind === 'principal' && caller.session === undefined && !this.gapped(caller.principal, role)) {
        // Across accounts the caller's own policies must allow too: without a statement that can, it is denied.
        if (caller.principal.account !== role.account && !this.classes.identityMayAllow(caller.principal, role)) continue
        const key = this.classes.roleSideKeyOf(caller.principal, role)
        if (key !== undefined) {
          let admits = roleSide.get(key)
          if (admits === undefined) {
            admits = roleSideAdmits(this.snapshot, caller, role, this.options)
            roleSide.set(key, admits)
          }
          if (!admits) continue
        }
      }
      const a = this.edge(caller, role)
      if (a.access !== 'denied') {
        allowed.push(a)
        callers.push(caller)
      } else if (a.external) denied.push(a)
    }
    known = { allowed, callers, denied }
    this.direct.set(role.arn, known)
    if (this.direct.size > this.rememberRoles) this.direct.delete(this.direct.keys().next().value as string)
    // PERF (memory): the per-caller memos of this role have served; what later questions read is the
    // list. Over an organization they would otherwise hold every denied answer of every role.
    this.edges.delete(role)
    this.byClass.delete(role)
    this.byGroup.delete(role)
    return known
  }

  /** Whether a snapshot gap can affect a question of `p` about `role`. */
  private gapped(p: SnapshotPrincipal, role: SnapshotRole): boolean {
    return this.snapshot.gaps.length > 0 && gapsAffecting(this.snapshot, [p.arn, role.arn], [p.account, role.account]).length > 0
  }

  /** The caller asked for each of {@link directAnswers}, in the same order. */
  directCallersOf(role: SnapshotRole): readonly CallerSpec[] {
    return this.lists(role).callers
  }

  /** Principals outside the snapshot that the trust policy names but that are denied (e.g. by an RCP). */
  deniedExternal(role: SnapshotRole): TrustAnswer[] {
    return this.lists(role).denied
  }

  /**
   * One question, memoized for snapshot principals. Each question has its own atoms, so an atom's sources
   * are the statements of that question; along a path atoms are compared by the variable they constrain.
   */
  edge(caller: CallerSpec, role: SnapshotRole): TrustAnswer {
    if (caller.kind !== 'principal' || caller.session !== undefined) return askTrust(this.snapshot, caller, role, this.options)
    const p = caller.principal
    const share = (a: TrustAnswer): TrustAnswer => (a.access !== 'denied' ? sharedAnswer(a, p, this.snapshot) : a)
    // PERF: interchangeable principals (same everything but the name) are answered once per role.
    const group = this.classes.groupOf(p)
    let byGroup: Map<string, TrustAnswer> | undefined
    if (group !== undefined && !this.classes.named(p, role)) {
      byGroup = this.byGroup.get(role)
      if (byGroup === undefined) {
        byGroup = new Map()
        this.byGroup.set(role, byGroup)
      }
      const known = byGroup.get(group)
      if (known !== undefined) return share(known)
    }
    // Principals that differ only in what cannot matter for this role (policies that cannot apply to it,
    // tags nothing reads) get the same answer; the class map is then the memo, and a denial is shared as is.
    const cls = this.classes.keyOf(p, role)
    if (cls !== undefined) {
      let byClass = this.byClass.get(role)
      if (byClass === undefined) {
        byClass = new Map()
        this.byClass.set(role, byClass)
      }
      let shared = byClass.get(cls)
      if (shared === undefined) {
        shared = askTrust(this.snapshot, caller, role, this.options)
        byClass.set(cls, shared)
      }
      if (byGroup !== undefined && group !== undefined) byGroup.set(group, shared)
      return share(shared)
    }
    let perRole = this.edges.get(role)
    if (perRole === undefined) {
      perRole = new Map()
      this.edges.set(role, perRole)
    }
    let a = perRole.get(p)
    if (a === undefined) {
      a = askTrust(this.snapshot, caller, role, this.options)
      perRole.set(p, a)
    }
    return a
  }
}

function sessionSeconds(caller: PrincipalRef, snapshot: Snapshot, role: SnapshotRole): { chained: boolean; seconds: number } {
  const chained = typeof caller === 'string' && snapshot.roles.has(caller)
  return { chained, seconds: chained ? CHAINED_SESSION_SECONDS : (role.maxSessionDuration ?? DEFAULT_SESSION_SECONDS) }
}

/** A shared answer's witness, moved to the principal it is shared with (sessions keep their name). */
function witnessPrincipal(w: TrustAnswer['principal'] | NonNullable<TrustAnswer['witness']>['principal'], from: PrincipalRef, to: string): NonNullable<TrustAnswer['witness']>['principal'] {
  if (typeof w !== 'string' || typeof from !== 'string') return w as NonNullable<TrustAnswer['witness']>['principal']
  if (w === from) return to
  const session = /^arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+\/(.+)$/.exec(w)
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(to)
  return session !== null && role !== null ? `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/${session[1]}` : to
}

/**
 * A shared answer's witness for another principal of the class: its own ARN, unique id, path and tags
 * (nothing the answer depends on differs between them, so the evaluator decides it the same way).
 */
function sharedWitness(w: Witness, from: PrincipalRef, p: SnapshotPrincipal, tagsOpen: boolean): Witness {
  const context: Record<string, ContextValue> = {}
  for (const [k, v] of Object.entries(w.context)) {
    const kl = k.toLowerCase()
    // Session tags (when open) were chosen by the witness search; otherwise the principal's own tags hold.
    if (kl.startsWith('aws:principaltag/') && !tagsOpen) continue
    if (kl === 'aws:userid') context[k] = p.kind === 'user' ? p.id : `${p.id}:${String(v).slice(String(v).indexOf(':') + 1)}`
    else if (kl === 'aws:principalarn') context[k] = p.arn
    else context[k] = v
  }
  if (!tagsOpen) for (const t of p.tags.values()) context[`aws:PrincipalTag/${t.key}`] = t.value
  return { ...w, principal: witnessPrincipal(w.principal, from, p.arn), context }
}

/**
 * A class's answer for another principal of the class. PERF: its witness is built when read (most
 * answers of an organization-wide run are never asked for one), so that the answer costs one object.
 */
function sharedAnswer(a: TrustAnswer, p: SnapshotPrincipal, snapshot: Snapshot): TrustAnswer {
  let witness: Witness | null | undefined = a.witness === null ? null : undefined
  return {
    ...a,
    principal: p.arn,
    get witness(): Witness | null {
      witness ??= sharedWitness(a.witness as Witness, a.principal, p, sessionTagsOpen(snapshot, p))
      return witness
    },
  }
}

/** PERF: one hop object per answer (an answer is about one role), shared by every path through it. */
const HOPS = new WeakMap<TrustAnswer, Hop>()

/** One hop of a path: `a` answered for `role`. */
export function hopOf(a: TrustAnswer, snapshot: Snapshot, role: SnapshotRole): Hop {
  let hop = HOPS.get(a)
  if (hop === undefined || hop.role !== role.arn) {
    hop = newHop(a, snapshot, role)
    HOPS.set(a, hop)
  }
  return hop
}

function newHop(a: TrustAnswer, snapshot: Snapshot, role: SnapshotRole): Hop {
  const s = sessionSeconds(a.principal, snapshot, role)
  const access = a.access === 'denied' ? 'uncertain' : a.access
  return { from: a.principal, role: role.arn, access, conditions: a.conditions, uncertain: a.uncertain, chained: s.chained, maxSessionSeconds: s.seconds }
}

/** The access of a path: uncertain when a hop is, conditional when conditions remain, else allowed. */
function pathAccess(hops: readonly Hop[], conditions: Residual | null): ReachAccess {
  if (hops.some((h) => h.access === 'uncertain')) return 'uncertain'
  return conditions === null ? 'allowed' : 'conditional'
}

function pathReasons(hops: readonly Hop[]): UncertainReason[] {
  const seen = new Set<string>()
  return hops.flatMap((h) => h.uncertain).filter((r) => {
    const key = `${r.code}|${r.file ?? ''}|${r.policy ?? ''}|${r.pointer ?? ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** A hop's conditions as path terms, scoped to the role it was asked for. */
export function scoped(r: Residual | null, scope: string): Terms {
  return r === null ? null : r.terms.map((t) => t.map((lit) => ({ lit, scope })))
}

/** The variable a literal of `term` constrains: per role it was asked for, but chain variables are one. */
function variableIn(term: readonly Scoped[]): (l: Literal) => string {
  // PERF: one function per term, made here rather than in the loop of `and`.
  return (l) => {
    const s = term.find((t) => t.lit === l)?.scope ?? ''
    return l.atom.variable.startsWith('chain:') ? l.atom.variable : `${s}|${l.atom.variable}`
  }
}

/** ANDs two residuals (DNF product), dropping terms whose literals cannot hold together. `undefined`: nothing can hold. */
export function and(a: Terms, b: Terms): Terms | undefined {
  if (a === null) return b
  if (b === null) return a
  const out: Scoped[][] = []
  for (const x of a) {
    for (const y of b) {
      const term = [...x, ...y]
      if (conjunctionSatisfiable(term.map((t) => t.lit), variableIn(term))) out.push(term)
      if (out.length >= MAX_TERMS) return out
    }
  }
  return out.length === 0 ? undefined : out
}

function toResidual(t: Terms, approximate: boolean): Residual | null {
  if (t === null) return null
  return { terms: t.map((term) => term.map((s) => s.lit)), approximate }
}

/** A path under construction, from its head principal to the target. */
export interface Partial {
  readonly head: TrustAnswer
  readonly hops: Hop[]
  readonly terms: Terms
  readonly approximate: boolean
}

/**
 * Residuals of paths, one object per list of literals. PERF: over an organization thousands of paths
 * pass through the same answers and end with the same conditions; sharing the object shares its
 * rendering too. Bounded: emptied when full.
 */
export class ResidualMemo {
  static readonly SIZE = 10_000
  private readonly byLiterals = new Map<string, Residual>()
  /** Atoms numbered for keys (an atom's own id is per question). */
  private readonly atomKeys = new WeakMap<Literal['atom'], number>()
  private nextKey = 0

  of(t: Terms, approximate: boolean): Residual | null {
    if (t === null) return null
    let key = approximate ? '~' : ''
    for (const term of t) {
      key += '|'
      for (const s of term) {
        let k = this.atomKeys.get(s.lit.atom)
        if (k === undefined) this.atomKeys.set(s.lit.atom, (k = this.nextKey++))
        key += s.lit.value ? `+${k}` : `-${k}`
      }
    }
    let r = this.byLiterals.get(key)
    if (r === undefined) {
      r = toResidual(t, approximate) as Residual
      if (this.byLiterals.size >= ResidualMemo.SIZE) this.byLiterals.clear()
      this.byLiterals.set(key, r)
    }
    return r
  }
}

/** The reach entry of a path (its conditions shared through `residuals` when given). */
export function entryOf(p: Partial, residuals?: ResidualMemo): ReachEntry {
  // PERF: a one-hop path's conditions are its answer's (the same literals), so renderings of it are shared.
  const conditions = p.hops.length === 1 ? p.head.conditions : residuals !== undefined ? residuals.of(p.terms, p.approximate) : toResidual(p.terms, p.approximate)
  return {
    principal: p.head.principal,
    access: pathAccess(p.hops, conditions),
    conditions,
    uncertain: pathReasons(p.hops),
    external: p.head.external,
    via: p.hops.slice(0, -1).map((h) => h.role),
    hops: p.hops,
    notes: p.head.notes,
  }
}

/**
 * Every principal that can assume `role`: snapshot users and roles (a role means its sessions), and
 * principals outside the snapshot that the trust policy admits, marked external. With `transitive`,
 * also principals that reach it through other roles, with `via` listing those roles in order.
 */
export function reachers(graph: TrustGraph, role: SnapshotRole, options: GraphOptions = {}): ReachEntry[] {
  const snapshot = graph.snapshot
  const maxDepth = options.maxDepth ?? 5
  const start = (a: TrustAnswer): Partial => ({ head: a, hops: [hopOf(a, snapshot, role)], terms: scoped(a.conditions, role.arn), approximate: a.conditions?.approximate === true })
  const queue: Partial[] = graph.directAnswers(role).map(start)
  const out: ReachEntry[] = []
  const maxPaths = options.maxPaths ?? DEFAULT_MAX_PATHS
  for (let i = 0; i < queue.length; i++) {
    if (out.length >= maxPaths) {
      options.onTruncated?.()
      break
    }
    const path = queue[i] as Partial
    out.push(entryOf(path, graph.residuals))
    options.progress?.(i + 1, queue.length)
    // PERF: the list is the first `maxPaths` paths in search order, and one more path is all that shows it
    // was cut; paths found beyond that would be dropped, so the search stops extending then.
    if (options.transitive !== true || path.hops.length >= maxDepth || queue.length > maxPaths) continue
    const head = typeof path.head.principal === 'string' ? snapshot.roles.get(path.head.principal) : undefined
    if (head === undefined) continue
    const onPath = new Set([role.arn, ...path.hops.map((h) => h.role)])
    for (const a of graph.directAnswers(head)) {
      if (typeof a.principal === 'string' && onPath.has(a.principal)) continue
      const terms = and(scoped(a.conditions, head.arn), path.terms)
      if (terms === undefined) continue
      queue.push({ head: a, hops: [hopOf(a, snapshot, head), ...path.hops], terms, approximate: path.approximate || a.conditions?.approximate === true })
      if (queue.length > maxPaths) break
    }
  }
  return out
}

/**
 * Every path from `from` to `to`, hop by hop, shortest first (cycles avoided, depth bounded); `session`
 * fixes the session name of the first caller when `from` is a role.
 */
export function paths(graph: TrustGraph, from: SnapshotPrincipal, to: SnapshotRole, options: GraphOptions = {}, session?: string): ReachEntry[] {
  const start: CallerSpec = { kind: 'principal', principal: from, ...(session !== undefined ? { session } : {}) }
  const maxDepth = options.maxDepth ?? 5
  const maxPaths = options.maxPaths ?? DEFAULT_MAX_PATHS
  const out: ReachEntry[] = []
  let budget = SEARCH_BUDGET
  let truncated = false
  const walk = (caller: SnapshotPrincipal, hops: Hop[], terms: Terms, approximate: boolean, visited: Set<string>, first: TrustAnswer | undefined): void => {
    if (hops.length >= maxDepth) return
    for (const role of graph.index.rolesFor(caller)) {
      if (out.length >= maxPaths || --budget < 0) {
        truncated = true
        return
      }
      if (visited.has(role.arn)) continue
      const a = graph.edge(first === undefined ? start : { kind: 'principal', principal: caller }, role)
      if (a.access === 'denied') continue
      const next = and(terms, scoped(a.conditions, role.arn))
      if (next === undefined) continue
      const nextHops = [...hops, hopOf(a, graph.snapshot, role)]
      const head = first ?? a
      const approx = approximate || a.conditions?.approximate === true
      if (role.arn === to.arn) {
        const conditions = toResidual(next, approx)
        out.push({ principal: head.principal, access: pathAccess(nextHops, conditions), conditions, uncertain: pathReasons(nextHops), external: false, via: nextHops.slice(0, -1).map((h) => h.role), hops: nextHops, notes: head.notes })
        continue
      }
      walk(role, nextHops, next, approx, new Set([...visited, role.arn]), head)
    }
  }
  walk(from, [], null, false, new Set([from.arn]), undefined)
  if (truncated) options.onTruncated?.()
  return out.sort((a, b) => a.hops.length - b.hops.length)
}
