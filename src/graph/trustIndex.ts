/**
 * Indexes role trust policies by the principals their Allow statements name (account, user or role
 * ARN, unique id, wildcard, service, identity provider), so that a question is only asked of callers a
 * trust policy could admit: the work grows with the grants, not with principals × roles.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import type { Snapshot, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { gapsAffecting } from '../snapshot/gaps.js'
import type { CallerSpec } from './question.js'


/** What one trust policy names in its Allow statements. */
export interface TrustTargets {
  readonly wildcard: boolean
  readonly accounts: ReadonlySet<string>
  readonly arns: ReadonlySet<string>
  readonly services: ReadonlySet<string>
  readonly federated: ReadonlySet<string>
}

/** Reads the principals a role's trust policy names. */
export function trustTargets(role: SnapshotRole, snapshot: Snapshot): TrustTargets {
  let wildcard = false
  const accounts = new Set<string>()
  const arns = new Set<string>()
  const services = new Set<string>()
  const federated = new Set<string>()
  for (const s of role.trust?.statements ?? []) {
    if (s.effect !== 'Allow' || s.principal === undefined || s.principal.kind !== 'principal') continue
    if (s.principal.bareWildcard) wildcard = true
    for (const e of s.principal.entries) {
      if (e.type === 'Service') services.add(e.value)
      else if (e.type === 'Federated') federated.add(e.value)
      else if (e.type !== 'AWS') continue
      else if (e.form === 'invalid') {
        // A shape IAM rejects but real data holds (a bare ARN string as Principal): the engine cannot
        // match it, so its callers are asked (and answered uncertain), never dropped. What it names is
        // read as an ARN or account when it is one, otherwise as anyone.
        const account = /^\d{12}$/.test(e.value) ? e.value : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(e.value)?.[1]
        if (account === undefined) wildcard = true
        else if (/:(?:user|role)\//.test(e.value)) arns.add(e.value)
        else accounts.add(account)
      }
      else if (e.form === 'wildcard') wildcard = true
      else if ((e.form === 'account' || e.form === 'root') && e.account !== undefined) accounts.add(e.account)
      else if (e.form === 'user' || e.form === 'role') arns.add(e.value)
      else if (e.form === 'uniqueId') {
        const arn = snapshot.byId.get(e.value)
        if (arn !== undefined) arns.add(arn)
      } else if (e.form === 'assumedRole') {
        // A session ARN names one session of a role: that role's sessions are the candidates.
        const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(e.value)
        const role = m === null ? undefined : [...snapshot.roles.values()].find((r) => r.account === m[2] && r.name === m[3])
        if (role !== undefined) arns.add(role.arn)
      }
    }
  }
  return { wildcard, accounts, arns, services, federated }
}

/** PERF: one caller object per principal, whatever the number of roles that ask it (a wildcard trust asks every principal). */
const CALLERS = new WeakMap<SnapshotPrincipal, CallerSpec>()

function callerOf(p: SnapshotPrincipal): CallerSpec {
  let c = CALLERS.get(p)
  if (c === undefined) {
    c = { kind: 'principal', principal: p }
    CALLERS.set(p, c)
  }
  return c
}

const ALL_CALLERS = new WeakMap<Snapshot, readonly CallerSpec[]>()

/** Every principal of the snapshot as a caller, in order. PERF: made once; a trust policy admitting anyone asks them all. */
function allCallers(snapshot: Snapshot): readonly CallerSpec[] {
  let all = ALL_CALLERS.get(snapshot)
  if (all === undefined) ALL_CALLERS.set(snapshot, (all = [...snapshot.principals.values()].map(callerOf)))
  return all
}

/** The callers to ask about a role: snapshot principals named or covered, and outside principals as written. */
export function candidates(role: SnapshotRole, snapshot: Snapshot): CallerSpec[] {
  const t = trustTargets(role, snapshot)
  let out: CallerSpec[] = []
  const seen = new Set<SnapshotPrincipal>()
  // PERF: a wildcard lists every principal first, so any other is listed already (no set of them to keep).
  const add = t.wildcard
    ? (): void => {}
    : (p: SnapshotPrincipal): void => {
        if (seen.has(p)) return
        seen.add(p)
        out.push(callerOf(p))
      }
  // A trust policy the snapshot could not read may admit anyone: ask for "*" too (the answer is uncertain).
  const unreadTrust = gapsAffecting(snapshot, [role.arn], []).some((g) => g.principals.includes(role.arn) && (g.code === 'snapshot.missing-trust-policy' || (g.code === 'snapshot.invalid-policy' && g.pointer?.includes('/AssumeRolePolicyDocument') === true)))
  if (t.wildcard || unreadTrust) {
    if (t.wildcard) out = allCallers(snapshot).slice()
    out.push({ kind: 'anyone' })
  }
  for (const account of [...t.accounts].sort()) {
    const a = snapshot.accounts.get(account)
    if (a !== undefined && a.described) {
      for (const u of a.users) add(u)
      for (const r of a.roles) add(r)
      // Principals on a page the snapshot lacks: the account as a whole stands for them.
      if (gapsAffecting(snapshot, [], [account]).some((g) => g.code === 'snapshot.truncated-page')) out.push({ kind: 'account', account })
    } else out.push({ kind: 'account', account })
  }
  for (const arn of [...t.arns].sort()) {
    const p = snapshot.principals.get(arn)
    if (p !== undefined) add(p)
    else if (!t.wildcard && !t.accounts.has(arn.split(':')[4] ?? '')) out.push({ kind: 'arn', arn, account: arn.split(':')[4] ?? '' })
  }
  for (const service of [...t.services].sort()) out.push({ kind: 'service', service })
  for (const provider of [...t.federated].sort()) out.push({ kind: 'federated', provider })
  return out
}

const INDEXES = new WeakMap<Snapshot, TrustIndex>()

/** Forward index: for a principal, the roles whose trust policy could admit it. */
export class TrustIndex {
  private readonly byArn = new Map<string, SnapshotRole[]>()
  private readonly byAccount = new Map<string, SnapshotRole[]>()
  private readonly wildcard: SnapshotRole[] = []

  /** The index of `snapshot`, built once and shared by every query over it. */
  static of(snapshot: Snapshot): TrustIndex {
    let index = INDEXES.get(snapshot)
    if (index === undefined) {
      index = new TrustIndex(snapshot)
      INDEXES.set(snapshot, index)
    }
    return index
  }

  constructor(readonly snapshot: Snapshot) {
    const push = (map: Map<string, SnapshotRole[]>, key: string, role: SnapshotRole): void => {
      const list = map.get(key)
      if (list === undefined) map.set(key, [role])
      else list.push(role)
    }
    for (const role of snapshot.roles.values()) {
      const t = trustTargets(role, snapshot)
      if (t.wildcard) this.wildcard.push(role)
      for (const a of t.accounts) push(this.byAccount, a, role)
      for (const arn of t.arns) push(this.byArn, arn, role)
    }
  }

  /** Roles whose trust policy names `arn` itself (or its unique id, or one of its sessions). */
  naming(arn: string): readonly SnapshotRole[] {
    return this.byArn.get(arn) ?? []
  }

  /** Roles whose trust policy admits a whole account that holds `account`'s principals: the account, or anyone. */
  admittingAccount(account: string): readonly SnapshotRole[] {
    const list = this.byAccount.get(account)
    return list === undefined ? this.wildcard : [...list, ...this.wildcard]
  }

  /** Roles that might admit `p` (the engine decides). */
  rolesFor(p: SnapshotPrincipal): SnapshotRole[] {
    return [...new Set<SnapshotRole>([...this.admittingAccount(p.account), ...this.naming(p.arn)])]
  }
}
