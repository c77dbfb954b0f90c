/**
 * The diff of two snapshots: for every role of either, every caller either version's trust policy could
 * admit (`graph/trustIndex.ts`), the full question of each version — the caller's identity policies,
 * boundary and SCPs, the role's trust policy and RCPs, tags and organization — compared by meaning
 * (`joint.ts`). Only questions whose inputs differ are asked (PERF: fingerprints of each role as a
 * target and each principal as a caller), so a change to an SCP, an RCP, a boundary or an identity
 * policy is found as surely as one to a trust policy, and its causes are named. Gained chains (a new
 * path through other roles) come from `snapshotChains.ts`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import type { UncertainReason } from '../analysis/types.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { classifyPrincipalArn } from '../arn/arn.js'
import { AnswerClasses } from '../graph/answerClasses.js'
import { principalRef } from '../graph/canAssume.js'
import { buildQuestion, sessionArn } from '../graph/question.js'
import type { CallerSpec } from '../graph/question.js'
import { candidates } from '../graph/trustIndex.js'
import { snapshotGaps } from '../graph/whoCanAssume.js'
import type { Snapshot, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { changeOf, requestOf } from './changes.js'
import { compareAccess } from './joint.js'
import { decide, witnessOf } from './side.js'
import type { Side } from './side.js'
import { chainChanges } from './snapshotChains.js'
import type { TrustDiffOptions } from './trustDiff.js'
import type { ChangeCause, DiffChange } from './types.js'

/** Options of {@link diffSnapshots}. */
export interface SnapshotDiffOptions extends TrustDiffOptions {
  /** Also report gained and lost chains (default true). */
  readonly chains?: boolean
  /** Longest chain, in hops (default 5). */
  readonly maxDepth?: number
  /** Chains walked at most per role (default 2,000); beyond, the report is incomplete. */
  readonly maxPaths?: number
  readonly progress?: (done: number, total: number) => void
}

/** The diff of two snapshots. */
export interface SnapshotDiff {
  readonly changes: readonly DiffChange[]
  /** Gaps of each snapshot: changes they hide are not excluded. */
  readonly unreadBefore: readonly UncertainReason[]
  readonly unreadAfter: readonly UncertainReason[]
}

const TEXT = new WeakMap<CompiledPolicy, string>()
function text(p: CompiledPolicy | null | undefined): string {
  if (p == null) return '-'
  let t = TEXT.get(p)
  if (t === undefined) {
    t = JSON.stringify(p.policy, (k, v: unknown) => (k === 'position' || k === 'pointer' ? undefined : v))
    TEXT.set(p, t)
  }
  return t
}

function tagsText(p: SnapshotPrincipal): string {
  return [...p.tags.values()].map((t) => `${t.key}=${t.value}`).sort().join(',')
}

/** The parts of a question that come from each layer, as text: equal parts cannot cause a change. */
interface Parts {
  readonly trust: string
  readonly rcp: string
  readonly identity: string
  readonly boundary: string
  readonly scp: string
  readonly principal: string
  readonly organization: string
}

function orgText(s: Snapshot, account: string | undefined): { org: string; scp: string; rcp: string } {
  const o = account === undefined ? undefined : s.orgAccounts.get(account)
  if (o === undefined) return { org: '-', scp: '-', rcp: '-' }
  const levels = (l: readonly (readonly CompiledPolicy[])[]): string => l.map((x) => x.map(text).join('&')).join('|')
  return { org: `${o.orgId}|${o.path}|${String(o.management)}`, scp: levels(o.scps), rcp: levels(o.rcps) }
}

function roleParts(s: Snapshot, r: SnapshotRole): Pick<Parts, 'trust' | 'rcp' | 'organization'> & { tags: string } {
  const o = orgText(s, r.account)
  return { trust: text(r.trust), rcp: r.serviceLinked ? '-' : o.rcp, organization: o.org, tags: `${tagsText(r)}|${String(r.serviceLinked)}` }
}

function callerAccount(c: CallerSpec): string | undefined {
  return c.kind === 'principal' ? c.principal.account : c.kind === 'account' || c.kind === 'arn' ? c.account : undefined
}

function callerParts(s: Snapshot, c: CallerSpec | null): Pick<Parts, 'identity' | 'boundary' | 'scp' | 'principal' | 'organization'> {
  if (c === null) return { identity: 'absent', boundary: '-', scp: '-', principal: 'absent', organization: '-' }
  const o = orgText(s, callerAccount(c))
  if (c.kind !== 'principal') return { identity: '-', boundary: '-', scp: o.scp, principal: c.kind, organization: o.org }
  const p = c.principal
  const sl = p.kind === 'role' && p.serviceLinked
  return { identity: p.identity.map(text).sort().join('&'), boundary: text(p.boundary), scp: sl ? '-' : o.scp, principal: `${p.kind}|${p.id}|${tagsText(p)}`, organization: o.org }
}

/** A caller's stable key across snapshots. */
function keyOf(c: CallerSpec): string {
  if (c.kind === 'principal') return `p:${c.principal.arn}${c.session !== undefined ? `#${c.session}` : ''}`
  return JSON.stringify(principalRef(c))
}

/** The same caller in the other snapshot: a principal it describes, an outside ARN or account, or nobody. */
function callerIn(s: Snapshot, c: CallerSpec): CallerSpec | null {
  if (c.kind !== 'principal') {
    if (c.kind === 'arn') {
      const p = s.principals.get(c.arn)
      if (p !== undefined) return { kind: 'principal', principal: p }
    }
    return c
  }
  const p = s.principals.get(c.principal.arn)
  if (p !== undefined) return { kind: 'principal', principal: p, ...(c.session !== undefined ? { session: c.session } : {}) }
  // Removed (or not yet created) in an account the snapshot describes: nobody; else outside the snapshot.
  return s.accounts.get(c.principal.account)?.described === true ? null : { kind: 'arn', arn: c.principal.arn, account: c.principal.account }
}

/** Sessions of a caller role that a trust policy names by session ARN: each is its own caller. */
function namedSessions(caller: SnapshotRole, roles: readonly (SnapshotRole | undefined)[]): string[] {
  const out = new Set<string>()
  for (const r of roles) {
    for (const s of r?.trust?.statements ?? []) {
      for (const e of s.principal?.entries ?? []) {
        if (e.type !== 'AWS' || e.form !== 'assumedRole') continue
        const arn = classifyPrincipalArn(e.value)
        if (arn?.kind === 'assumedRole' && arn.account === caller.account && arn.roleName === caller.name) out.add(arn.sessionName)
      }
    }
  }
  return [...out].sort()
}

function callersOf(role: SnapshotRole | undefined, s: Snapshot, both: readonly (SnapshotRole | undefined)[], into: Map<string, CallerSpec>): void {
  if (role === undefined) return
  for (const c of candidates(role, s)) {
    into.set(keyOf(c), c)
    if (c.kind === 'principal' && c.principal.kind === 'role') {
      for (const session of namedSessions(c.principal, both)) {
        const withSession: CallerSpec = { ...c, session }
        into.set(keyOf(withSession), withSession)
      }
    }
  }
}

function reported(c: CallerSpec): DiffChange['principal'] {
  if (c.kind === 'principal' && c.session !== undefined && c.principal.kind === 'role') return sessionArn(c.principal, c.session)
  return principalRef(c)
}

/**
 * Every change between two snapshots, with the gaps of both named.
 *
 * @example
 * const d = diffSnapshots(loadSnapshot(beforeFiles), loadSnapshot(afterFiles))
 * d.changes.filter((c) => c.kind === 'gained').map((c) => [c.role, c.principal, c.causes])
 */
export function diffSnapshots(before: Snapshot, after: Snapshot, options: SnapshotDiffOptions = {}): SnapshotDiff {
  const out: DiffChange[] = []
  const roles = [...new Set([...before.roles.keys(), ...after.roles.keys()])].sort()
  const callerCache = new Map<string, boolean>()
  const callerChanged = (c: CallerSpec): boolean => {
    const k = keyOf(c)
    let v = callerCache.get(k)
    if (v === undefined) {
      v = JSON.stringify(callerParts(before, callerIn(before, c))) !== JSON.stringify(callerParts(after, callerIn(after, c)))
      callerCache.set(k, v)
    }
    return v
  }
  // PERF: principals of one answer class (same kind, account, policies and the tags policies read) get
  // the same answers; one comparison per class and role, each member's witness decided again.
  const classes = { b: new AnswerClasses(before, {}), a: new AnswerClasses(after, {}) }
  const byClass = new Map<string, { change: DiffChange | undefined; sB: Side | null; sA: Side | null }>()
  const gapsChanged = JSON.stringify(snapshotGaps(before).map((g) => [g.code, g.pointer])) !== JSON.stringify(snapshotGaps(after).map((g) => [g.code, g.pointer]))
  // PERF: when no principal, no account's organization and no gap differs, only changed roles can change.
  const anyCallerChanged = gapsChanged || callersDiffer(before, after, callerChanged)
  roles.forEach((arn, i) => {
    options.progress?.(i + 1, roles.length)
    const rB = before.roles.get(arn)
    const rA = after.roles.get(arn)
    const roleChanged = rB === undefined || rA === undefined || JSON.stringify(roleParts(before, rB)) !== JSON.stringify(roleParts(after, rA))
    if (!roleChanged && !anyCallerChanged) return
    const callers = new Map<string, CallerSpec>()
    callersOf(rB, before, [rB, rA], callers)
    callersOf(rA, after, [rB, rA], callers)
    for (const c of callers.values()) {
      // Neither the role nor the caller changed: the same question in both versions.
      if (!roleChanged && !callerChanged(c) && !gapsChanged) continue
      const cB = rB === undefined ? null : callerIn(before, c)
      const cA = rA === undefined ? null : callerIn(after, c)
      const side = (s: Snapshot, r: SnapshotRole | undefined, spec: CallerSpec | null): Side | null => (r === undefined || spec === null ? null : { question: buildQuestion(s, spec, r, { hop: 0 }) })
      const sB = side(before, rB, cB)
      const sA = side(after, rA, cA)
      const classKey = rB !== undefined && rA !== undefined && cB?.kind === 'principal' && cA?.kind === 'principal' && cB.session === undefined ? pairClass(classes, cB.principal, rB, cA.principal, rA) : undefined
      const known = classKey === undefined ? undefined : byClass.get(`${arn}|${classKey}`)
      if (known !== undefined) {
        const reused = memberChange(known, sB, sA, reported(c))
        if (reused !== 'recompute') {
          if (reused !== undefined) out.push(reused)
          continue
        }
      }
      const result = compareAccess(sB, sA, options)
      const unit = (rA ?? rB) as SnapshotRole
      const change = changeOf(result, {
        role: arn,
        principal: reported(c),
        before: sB?.question.policies ?? null,
        after: sA?.question.policies ?? null,
        fallback: { file: unit.origin.file, pointer: unit.origin.pointer },
        ...(options.scenarios !== undefined ? { scenarios: options.scenarios } : {}),
        extra: {
          causes: causesOf(before, after, rB, rA, cB, cA),
          ...(rB === undefined ? { roleChange: 'added' as const } : rA === undefined ? { roleChange: 'removed' as const } : {}),
        },
      })
      if (change !== undefined) out.push(change)
      if (classKey !== undefined && known === undefined && (change === undefined || options.scenarios !== true)) byClass.set(`${arn}|${classKey}`, { change, sB, sA })
    }
  })
  const truncation: UncertainReason[] = []
  if (options.chains !== false) {
    const chains = chainChanges(before, after, out, options)
    for (const c of chains.changes) out.push(c)
    if (chains.truncated) truncation.push({ code: 'diff.chains-truncated', message: 'the walk of chains stopped after --max-paths chains for a role: gained chains beyond it are not reported (the one-hop changes are)' })
  }
  return { changes: out, unreadBefore: snapshotGaps(before), unreadAfter: [...snapshotGaps(after), ...truncation] }
}

/** True when some principal (as a caller) or some account's organization placement differs. */
function callersDiffer(before: Snapshot, after: Snapshot, callerChanged: (c: CallerSpec) => boolean): boolean {
  for (const arn of new Set([...before.principals.keys(), ...after.principals.keys()])) {
    const p = after.principals.get(arn) ?? before.principals.get(arn)
    if (p !== undefined && callerChanged({ kind: 'principal', principal: p })) return true
  }
  for (const account of new Set([...before.orgAccounts.keys(), ...after.orgAccounts.keys()])) {
    if (JSON.stringify(orgText(before, account)) !== JSON.stringify(orgText(after, account))) return true
  }
  return false
}

function pairClass(classes: { b: AnswerClasses; a: AnswerClasses }, pB: SnapshotPrincipal, rB: SnapshotRole, pA: SnapshotPrincipal, rA: SnapshotRole): string | undefined {
  const kB = classes.b.keyOf(pB, rB)
  const kA = classes.a.keyOf(pA, rA)
  return kB === undefined || kA === undefined ? undefined : `${kB}||${kA}`
}

/**
 * A class member's change from its class's: no change, or the same change with the member's own
 * witness (the class's witness values on the member's request), decided by the evaluator in both
 * versions; `recompute` when the evaluator does not confirm it.
 */
function memberChange(known: { change: DiffChange | undefined; sB: Side | null; sA: Side | null }, sB: Side | null, sA: Side | null, principal: DiffChange['principal']): DiffChange | undefined | 'recompute' {
  const c = known.change
  if (c === undefined) return undefined
  if (c.witness === undefined) return c.kind === 'uncertain' ? { ...c, principal } : 'recompute'
  const mine = (s: Side | null, w: DiffChange['witness'] & object, which: 'request' | 'beforeRequest') => {
    if (s === null) return undefined
    const theirs = requestOf(which === 'request' ? w.request : (w.beforeRequest ?? w.request))
    const own = s.question.request
    const context = { ...(theirs.context ?? {}) }
    // Values the question knows come from the member; open values from the class's witness.
    for (const k of Object.keys(context)) if (!s.question.keys.isOpen(k.toLowerCase())) delete context[k]
    return { ...own, context: { ...(own.context ?? {}), ...context } }
  }
  const rA = mine(sA, c.witness, 'request')
  const rB = mine(sB, c.witness, 'beforeRequest')
  const ad = rA === undefined || sA === null ? 'implicitDeny' : decide(sA, rA)
  const bd = rB === undefined || sB === null ? 'implicitDeny' : decide(sB, rB)
  const gain = c.kind === 'gained'
  if (gain ? ad !== 'allowed' || bd === 'allowed' : bd !== 'allowed' || ad === 'allowed') return 'recompute'
  const request = witnessOf((rA ?? rB) as NonNullable<typeof rA>)
  const beforeRequest = witnessOf((rB ?? rA) as NonNullable<typeof rB>)
  return { ...c, principal, witness: { request, ...(JSON.stringify(beforeRequest) !== JSON.stringify(request) ? { beforeRequest } : {}), beforeDecision: bd, afterDecision: ad } }
}

function causesOf(before: Snapshot, after: Snapshot, rB: SnapshotRole | undefined, rA: SnapshotRole | undefined, cB: CallerSpec | null, cA: CallerSpec | null): ChangeCause[] {
  const out: ChangeCause[] = []
  const pB = rB === undefined ? undefined : roleParts(before, rB)
  const pA = rA === undefined ? undefined : roleParts(after, rA)
  const qB = callerParts(before, cB)
  const qA = callerParts(after, cA)
  if (pB?.trust !== pA?.trust) out.push('trust')
  if (pB?.rcp !== pA?.rcp) out.push('rcp')
  if (qB.identity !== qA.identity) out.push('identity')
  if (qB.boundary !== qA.boundary) out.push('boundary')
  if (qB.scp !== qA.scp) out.push('scp')
  if (qB.principal !== qA.principal || pB?.tags !== pA?.tags) out.push('principal')
  if (qB.organization !== qA.organization || pB?.organization !== pA?.organization) out.push('organization')
  return out
}
