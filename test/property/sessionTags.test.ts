/**
 * Which role sessions may carry session tags: a role whose trust policy allows sts:TagSession, and any
 * role a session of such a role may assume (transitive tags ride along a chain). The engine computes the
 * set as a worklist over the trust index; here a naive fixpoint over the raw documents, round after round
 * over every pair of roles, must find the same set on generated organizations.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sessionTagsOpen } from '../../src/graph/sessionTags.js'
import { loadSnapshot } from '../../src/snapshot/loadSnapshot.js'
import { authDetails, doc, roleRecord } from '../unit/graph/helpers.js'

const ACCOUNTS = ['111111111111', '222222222222', '333333333333']
const TEAMS = ['web', 'data']

interface RoleSpec {
  readonly account: number
  readonly team: number
  readonly tagSession: boolean
  /** What the trust policy names: a role (by index, ARN or unique id), an account, or anyone. */
  readonly trust: { kind: 'role'; role: number; byId: boolean } | { kind: 'account'; account: number } | { kind: 'anyone' } | { kind: 'service' }
  /** What its own policy lets it assume: nothing, anything, its team's roles anywhere, or one role. */
  readonly assume: { kind: 'none' } | { kind: 'any' } | { kind: 'team'; team: number } | { kind: 'one'; role: number }
}

const roleSpec = (n: number): fc.Arbitrary<RoleSpec> =>
  fc.record({
    account: fc.nat(ACCOUNTS.length - 1),
    team: fc.nat(TEAMS.length - 1),
    tagSession: fc.nat(4).map((n) => n === 0),
    trust: fc.oneof(
      fc.record({ kind: fc.constant('role' as const), role: fc.nat(n - 1), byId: fc.boolean() }),
      fc.record({ kind: fc.constant('account' as const), account: fc.nat(ACCOUNTS.length - 1) }),
      fc.constant({ kind: 'anyone' as const }),
      fc.constant({ kind: 'service' as const }),
    ),
    assume: fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.constant({ kind: 'any' as const }),
      fc.record({ kind: fc.constant('team' as const), team: fc.nat(TEAMS.length - 1) }),
      fc.record({ kind: fc.constant('one' as const), role: fc.nat(n - 1) }),
    ),
  })

const organization = fc.integer({ min: 1, max: 14 }).chain((n) => fc.array(roleSpec(n), { minLength: n, maxLength: n }))

const nameOf = (specs: readonly RoleSpec[], i: number): string => `${TEAMS[(specs[i] as RoleSpec).team]}-r${i}`
const arnOf = (specs: readonly RoleSpec[], i: number): string => `arn:aws:iam::${ACCOUNTS[(specs[i] as RoleSpec).account]}:role/${nameOf(specs, i)}`

function build(specs: readonly RoleSpec[]) {
  const byAccount = ACCOUNTS.map(() => [] as Record<string, unknown>[])
  specs.forEach((s, i) => {
    const account = ACCOUNTS[s.account] as string
    const t = s.trust
    const principal = t.kind === 'anyone' ? { AWS: '*' } : t.kind === 'service' ? { Service: 'ec2.amazonaws.com' } : t.kind === 'account' ? { AWS: `arn:aws:iam::${ACCOUNTS[t.account]}:root` } : { AWS: t.byId ? idOf(specs, t.role) : arnOf(specs, t.role) }
    const resource = s.assume.kind === 'any' ? '*' : s.assume.kind === 'team' ? `arn:aws:iam::*:role/${TEAMS[s.assume.team]}-*` : s.assume.kind === 'one' ? arnOf(specs, s.assume.role) : undefined
    byAccount[s.account]?.push(
      roleRecord(account, nameOf(specs, i), doc({ Effect: 'Allow', Principal: principal, Action: s.tagSession ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole' }), {
        RoleId: idOf(specs, i),
        RolePolicyList: resource === undefined ? [] : [{ PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource }) }],
      }),
    )
  })
  return loadSnapshot(ACCOUNTS.map((a, i) => ({ file: `${a}.json`, value: authDetails({ roles: byAccount[i] ?? [] }) })))
}

const idOf = (_specs: readonly RoleSpec[], i: number): string => `AROA${String(i).padStart(17, '0')}`

/** The reference: round after round over every pair, from the definitions, until nothing changes. */
function reference(specs: readonly RoleSpec[]): Set<string> {
  const open = new Set<number>()
  specs.forEach((s, i) => s.tagSession && open.add(i))
  const mayAssume = (from: RoleSpec, to: number): boolean => {
    const a = from.assume
    return a.kind === 'any' || (a.kind === 'team' && (specs[to] as RoleSpec).team === a.team) || (a.kind === 'one' && arnOf(specs, a.role) === arnOf(specs, to))
  }
  for (let changed = true; changed; ) {
    changed = false
    specs.forEach((target, j) => {
      if (open.has(j)) return
      const t = target.trust
      const reached = [...open].some((i) => {
        const from = specs[i] as RoleSpec
        if (t.kind === 'role') return arnOf(specs, t.role) === arnOf(specs, i)
        if (t.kind === 'anyone' || (t.kind === 'account' && t.account === from.account)) return mayAssume(from, j)
        return false
      })
      if (reached) {
        open.add(j)
        changed = true
      }
    })
  }
  return new Set([...open].map((i) => arnOf(specs, i)))
}

describe('roles whose sessions may carry tags', () => {
  it('the worklist finds the same roles as a naive fixpoint over every pair', () => {
    fc.assert(
      fc.property(organization, (specs) => {
        const snapshot = build(specs)
        const found = new Set([...snapshot.roles.values()].filter((r) => sessionTagsOpen(snapshot, r)).map((r) => r.arn))
        expect(found).toEqual(reference(specs))
      }),
      { numRuns: 300 },
    )
  })

  it('a chain of three roles opens all three from the first that allows sts:TagSession', () => {
    const specs: RoleSpec[] = [
      { account: 0, team: 0, tagSession: true, trust: { kind: 'service' }, assume: { kind: 'any' } },
      { account: 1, team: 0, tagSession: false, trust: { kind: 'role', role: 0, byId: false }, assume: { kind: 'team', team: 1 } },
      { account: 2, team: 1, tagSession: false, trust: { kind: 'account', account: 1 }, assume: { kind: 'none' } },
      { account: 2, team: 1, tagSession: false, trust: { kind: 'account', account: 0 }, assume: { kind: 'none' } },
    ]
    const snapshot = build(specs)
    const open = [...snapshot.roles.values()].filter((r) => sessionTagsOpen(snapshot, r)).map((r) => r.arn).sort()
    // r3 trusts account 0, whose open role r0 may assume any role: open too.
    expect(open).toEqual([arnOf(specs, 0), arnOf(specs, 1), arnOf(specs, 2), arnOf(specs, 3)].sort())
    const closed = build(specs.map((s, i) => (i === 0 ? { ...s, tagSession: false } : s)))
    expect([...closed.roles.values()].filter((r) => sessionTagsOpen(closed, r))).toEqual([])
  })
})
