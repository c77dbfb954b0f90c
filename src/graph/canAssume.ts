/**
 * One trust question over a snapshot: can this principal assume this role, under which conditions?
 * The engine decides (`evaluateCompiled`); partial evaluation turns open context keys into a residual.
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import type { EvaluationResult } from '../evaluate/evaluate.js'
import type { ContextValue } from '../request/types.js'
import { err, ok } from '../result.js'
import type { Result } from '../result.js'
import type { Snapshot, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { analyzeAccess } from '../analysis/analyze.js'
import type { AtomTable } from '../analysis/atoms.js'
import type { Access, AnalysisDecision, Residual, UncertainReason, Witness } from '../analysis/types.js'
import { buildQuestion, roleSideQuestion, sessionArn } from './question.js'
import type { CallerSpec, HopState } from './question.js'
import { sessionAnswer } from './sessions.js'

/** A principal as reported: an ARN, or outside the snapshot an account, service, provider or `*`. */
export type PrincipalRef = string | { readonly account: string } | { readonly service: string } | { readonly federated: string }

/** The answer to one trust question. */
export interface TrustAnswer {
  readonly principal: PrincipalRef
  readonly role: string
  readonly decision: AnalysisDecision
  readonly access: Access
  /** `conditional`: when access holds; `uncertain`: when it is possible (null when unconditional). */
  readonly conditions: Residual | null
  /** For `uncertain`: why, with code and location. */
  readonly uncertain: readonly UncertainReason[]
  /** For `allowed` / `conditional`: a request the evaluator confirms as allowed. */
  readonly witness: Witness | null
  /** True for a principal the snapshot does not describe. */
  readonly external: boolean
  /** A representative evaluation by the engine (traced when asked). */
  readonly evaluation: EvaluationResult
  readonly notes: readonly string[]
}

/** Options for trust questions. */
export interface TrustOptions {
  /** Context keys the question fixes (`--context KEY=VALUE`); every other open key is unknown. */
  readonly context?: Readonly<Record<string, ContextValue>>
  /** Record the engine's trace of a representative evaluation. */
  readonly trace?: boolean
  /** Enumerate at most this many open conditions (default 12). */
  readonly maxAtoms?: number
  /** Evaluate every assignment of the open conditions (differential testing). */
  readonly exhaustive?: boolean
  /**
   * Search a witness request for allowed and conditional answers (default true). Without it a
   * `conditional` answer is not checked for a request that satisfies its conditions.
   */
  readonly witness?: boolean
}

/** The report form of a caller. */
export function principalRef(caller: CallerSpec): PrincipalRef {
  switch (caller.kind) {
    case 'principal':
      return caller.principal.arn
    case 'account':
      return { account: caller.account }
    case 'arn':
      return caller.arn
    case 'service':
      return { service: caller.service }
    case 'federated':
      return { federated: caller.provider }
    case 'anyone':
      return '*'
  }
}

/** Options of one question. */
export type AskOptions = TrustOptions & { readonly hop?: HopState; readonly atoms?: AtomTable }

/** Asks one question (internal form used by who-can-assume and paths). */
export function askTrust(snapshot: Snapshot, caller: CallerSpec, role: SnapshotRole, options: AskOptions = {}): TrustAnswer {
  // A trust policy naming sessions of the caller's role: one question per session name (see sessions.ts).
  if (caller.kind === 'principal' && caller.principal.kind === 'role' && caller.session === undefined) {
    const bySession = sessionAnswer(snapshot, caller.principal, role, (session) => askOne(snapshot, { ...caller, session }, role, options))
    if (bySession !== undefined) return bySession
  }
  return askOne(snapshot, caller, role, options)
}

function askOne(snapshot: Snapshot, caller: CallerSpec, role: SnapshotRole, options: AskOptions): TrustAnswer {
  const q = buildQuestion(snapshot, caller, role, options.hop ?? { hop: 0 }, options.context ?? {})
  const r = analyzeAccess(q, {
    ...(options.trace !== undefined ? { trace: options.trace } : {}),
    ...(options.maxAtoms !== undefined ? { maxAtoms: options.maxAtoms } : {}),
    ...(options.exhaustive !== undefined ? { exhaustive: options.exhaustive } : {}),
    ...(options.atoms !== undefined ? { atoms: options.atoms } : {}),
    ...(options.witness !== undefined ? { witness: options.witness } : {}),
  })
  const notes = [...r.notes]
  if (caller.kind === 'account' || caller.kind === 'arn' || caller.kind === 'anyone') notes.push("outside the snapshot: also needs the caller's own account's policies to allow sts:AssumeRole")
  if (caller.kind === 'arn' && snapshot.accounts.get(caller.account)?.described === true) {
    notes.push(`the snapshot describes account ${caller.account} but not this principal: it may have been deleted (then the trust policy no longer matches it)`)
  }
  if (role.trust === null) notes.push('the role has no readable trust policy')
  const principal = caller.kind === 'principal' && caller.session !== undefined && caller.principal.kind === 'role' ? sessionArn(caller.principal, caller.session) : principalRef(caller)
  return {
    principal,
    role: role.arn,
    decision: r.decision,
    access: r.access,
    conditions: r.conditions,
    uncertain: r.uncertain,
    witness: r.witness,
    external: caller.kind !== 'principal',
    evaluation: r.evaluation,
    notes,
  }
}

/**
 * False when the role's side alone (its trust policy and its account's RCPs) denies the caller whatever
 * the caller's own policies say, for every value of the keys the question leaves open: the question is
 * then denied. True when it may admit the caller (or cannot tell). See {@link roleSideQuestion}.
 */
export function roleSideAdmits(snapshot: Snapshot, caller: CallerSpec, role: SnapshotRole, options: AskOptions = {}): boolean {
  const q = roleSideQuestion(buildQuestion(snapshot, caller, role, options.hop ?? { hop: 0 }, options.context ?? {}))
  return analyzeAccess(q, { witness: false, ...(options.maxAtoms !== undefined ? { maxAtoms: options.maxAtoms } : {}), ...(options.atoms !== undefined ? { atoms: options.atoms } : {}) }).access !== 'denied'
}

/** Finds a user or role by ARN, unique id, or unambiguous name. */
export function resolvePrincipal(snapshot: Snapshot, text: string, what: 'principal' | 'role' = 'principal'): Result<SnapshotPrincipal, Diagnostic> {
  const byArn = snapshot.principals.get(text) ?? snapshot.principals.get(snapshot.byId.get(text) ?? '')
  if (byArn !== undefined && (what === 'principal' || byArn.kind === 'role')) return ok(byArn)
  const named = [...snapshot.principals.values()].filter((p) => (what === 'principal' || p.kind === 'role') && (p.name === text || `${p.kind}/${p.name}` === text))
  if (named.length === 1) return ok(named[0] as SnapshotPrincipal)
  if (named.length > 1) {
    return err(diagnostic('graph.ambiguous-name', '', `\`${text}\` names ${named.length} principals: ${named.map((p) => p.arn).join(', ')}`, { help: 'give the ARN' }))
  }
  return err(diagnostic('graph.unknown-principal', '', `\`${text}\` is not a ${what === 'role' ? 'role' : 'user or role'} in the snapshot`))
}

/**
 * Finds a caller: a user or role (as {@link resolvePrincipal}), or a session of a snapshot role given by
 * its ARN `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
 *
 * @example
 * const c = resolveCaller(snapshot, 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com')
 * if (c.ok) c.value.session // 'alice@example.com'
 */
export function resolveCaller(snapshot: Snapshot, text: string): Result<{ readonly principal: SnapshotPrincipal; readonly session?: string }, Diagnostic> {
  const arn = classifyPrincipalArn(text)
  if (arn?.kind === 'assumedRole') {
    const role = [...snapshot.roles.values()].find((r) => r.account === arn.account && r.name === arn.roleName)
    if (role === undefined) return err(diagnostic('graph.unknown-principal', '', `\`${text}\` is a session of the role \`${arn.roleName}\`, which is not in the snapshot of account ${arn.account}`))
    return ok({ principal: role, session: arn.sessionName })
  }
  const p = resolvePrincipal(snapshot, text)
  return p.ok ? ok({ principal: p.value }) : p
}

/**
 * Can `principal` (ARN, unique id or unambiguous name of a user or role, a role meaning its sessions;
 * or the ARN of one session of a role) assume `role`? `allowed`, a deny, `conditional` with the residual
 * over open context keys, or `uncertain` with its reasons.
 *
 * @example
 * const r = canAssume(snapshot, 'alice', 'arn:aws:iam::222222222222:role/Admin', { context: { 'aws:MultiFactorAuthPresent': 'true' } })
 * if (r.ok) r.value.decision // 'allowed' | 'conditional' | 'uncertain' | 'explicitDeny' | 'implicitDeny'
 */
export function canAssume(snapshot: Snapshot, principal: string, role: string, options: TrustOptions = {}): Result<TrustAnswer, Diagnostic> {
  const p = resolveCaller(snapshot, principal)
  if (!p.ok) return p
  const r = resolvePrincipal(snapshot, role, 'role')
  if (!r.ok) return r
  const target = r.value as SnapshotRole
  const session = p.value.session
  return ok(askTrust(snapshot, { kind: 'principal', principal: p.value.principal, ...(session !== undefined ? { session } : {}) }, target, options))
}
