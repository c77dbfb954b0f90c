/**
 * The policies AWS consults for a reconstructed caller and a target account, as patchable slots: the
 * caller's identity policies, boundary and SCPs (per organization level), the target's RCPs and the
 * role's trust policy. What the snapshot lacks becomes an unknown.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { PolicySlot } from '../fix/types.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import type { Policy } from '../policy/types.js'
import type { OrgPlacement, Snapshot, SnapshotRole } from '../snapshot/types.js'
import type { ReconstructedCaller } from './caller.js'
import type { Unknown } from './types.js'

/** The policy slots of one question. */
export interface Slots {
  readonly identity: readonly PolicySlot[]
  readonly boundary?: PolicySlot
  readonly scps: readonly (readonly PolicySlot[])[]
  readonly rcps: readonly (readonly PolicySlot[])[]
  readonly trust?: PolicySlot
  readonly unknowns: readonly Unknown[]
}

const LEVEL = (i: number, n: number): string => (i === 0 ? 'root' : i === n - 1 ? 'account' : 'OU')

let outsideIdentity: Policy | undefined
/** Stands for the own policies of a caller outside the snapshot: the answer covers the snapshot's side only. */
function outsidePolicy(): Policy {
  if (outsideIdentity === undefined) {
    const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, { kind: 'identity' })
    outsideIdentity = parsed.ok ? parsed.value : (parsed.recovered as Policy)
  }
  return outsideIdentity
}

function slot(id: string, c: CompiledPolicy, kind: PolicySlot['kind'], owner: string, extra: Partial<Pick<PolicySlot, 'level' | 'shared'>> = {}): PolicySlot {
  return { id, name: c.name, layer: c.layer, kind, policy: c.policy, owner, ...extra }
}

function orgSlots(org: OrgPlacement | undefined, which: 'scps' | 'rcps'): PolicySlot[][] {
  if (org === undefined) return []
  const levels = org[which]
  const kind = which === 'scps' ? 'scp' : 'rcp'
  return levels.map((level, l) =>
    level.map((c, i) =>
      slot(`${kind}:${l}:${i}`, c, kind, `${kind.toUpperCase()} ${c.name} at the ${LEVEL(l, levels.length)} level of ${org.orgId}`, { level: l, shared: `it applies to every account at or below the ${LEVEL(l, levels.length)} where it is attached` }),
    ),
  )
}

/** The organization placement of an account, with an unknown when the snapshot has none. */
function orgOf(snapshot: Snapshot, account: string | undefined, which: 'SCPs' | 'RCPs'): { org?: OrgPlacement; unknown?: Unknown } {
  const org = account !== undefined ? snapshot.orgAccounts.get(account) : undefined
  if (org !== undefined || account === undefined) return org !== undefined ? { org } : {}
  return {
    unknown: {
      code: 'cloudtrail.no-organization',
      message: `the snapshot has no organization data for account ${account}: its ${which} are unknown (an ${which.slice(0, 3)} could deny)`,
      decisive: false,
      assumed: `no ${which}`,
    },
  }
}

/**
 * The caller's side: identity policies, boundary and SCPs of its account.
 *
 * @example
 * const side = callerSlots(snapshot, caller)
 * side.identity.map((s) => s.name)
 */
export function callerSlots(snapshot: Snapshot, caller: ReconstructedCaller): Pick<Slots, 'identity' | 'boundary' | 'scps' | 'unknowns'> & { readonly org?: OrgPlacement } {
  const unknowns: Unknown[] = []
  if (caller.kind === 'service' || caller.kind === 'webIdentity' || caller.kind === 'saml') return { identity: [], scps: [], unknowns }
  const owner = caller.user ?? caller.role
  let identity: PolicySlot[] = []
  let boundary: PolicySlot | undefined
  if (owner !== undefined) {
    const who = owner.kind === 'user' ? `user ${owner.arn}` : `role ${owner.arn}`
    identity = owner.identity.map((c, i) => slot(`identity:${i}`, c, 'identity', `identity policy of ${who}`, { shared: 'it may be a managed or group policy attached to other principals' }))
    if (owner.boundary !== null) boundary = slot('boundary', owner.boundary, 'boundary', `permissions boundary of ${who}`, { shared: 'a managed policy other principals may use as their boundary' })
  } else if (caller.outside && (caller.account === undefined || snapshot.accounts.get(caller.account)?.described !== true)) {
    const c = compilePolicy(outsidePolicy(), 'identity', "the caller's own policies (outside the snapshot; taken to allow)")
    identity = [slot('identity:0', c, 'identity', 'the caller account outside the snapshot')]
  }
  const { org, unknown } = orgOf(snapshot, caller.account, 'SCPs')
  if (unknown !== undefined) unknowns.push(unknown)
  // Service-linked roles are not restricted by SCPs; the evaluator applies that rule itself.
  return { identity, ...(boundary !== undefined ? { boundary } : {}), scps: orgSlots(org, 'scps'), unknowns, ...(org !== undefined ? { org } : {}) }
}

/**
 * The target's side: the RCPs of its account and, for a role, its trust policy.
 *
 * @example
 * targetSlots(snapshot, '222222222222', role).trust?.name // 'trust policy of Admin'
 */
export function targetSlots(snapshot: Snapshot, account: string | undefined, role: SnapshotRole | undefined): Pick<Slots, 'rcps' | 'trust' | 'unknowns'> & { readonly org?: OrgPlacement } {
  const unknowns: Unknown[] = []
  const { org, unknown } = orgOf(snapshot, account, 'RCPs')
  if (unknown !== undefined) unknowns.push(unknown)
  const trust = role?.trust != null ? slot('trust', role.trust, 'trust', `role ${role.arn}`) : undefined
  return { rcps: orgSlots(org, 'rcps'), ...(trust !== undefined ? { trust } : {}), unknowns, ...(org !== undefined ? { org } : {}) }
}

/** Every slot of a question, flat, for the fix search. */
export function allSlots(s: Pick<Slots, 'identity' | 'boundary' | 'scps' | 'rcps' | 'trust'>): PolicySlot[] {
  return [...(s.trust !== undefined ? [s.trust] : []), ...s.identity, ...(s.boundary !== undefined ? [s.boundary] : []), ...s.scps.flat(), ...s.rcps.flat()]
}

/** A slot's policy, patched when the attempt patches it. */
export function resolveSlot(s: PolicySlot, policies: ReadonlyMap<string, Policy>): Policy {
  return policies.get(s.id) ?? s.policy
}
