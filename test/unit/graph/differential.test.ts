/**
 * Differential tests of the trust graph's shortcuts on a synthetic organization: monotone inference in
 * the enumeration of open conditions, and answers shared between principals that differ only by name,
 * against exhaustive, per-principal evaluation; principals skipped because the role's side alone denies
 * them, or because across accounts no identity statement can allow them, are denied.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import { describe, expect, it } from 'vitest'
import { generateOrg } from '../../../bench/generateOrg.js'
import { AnswerClasses } from '../../../src/graph/answerClasses.js'
import { askTrust, roleSideAdmits } from '../../../src/graph/canAssume.js'
import { residualText } from '../../../src/graph/render.js'
import { TrustGraph, reachers } from '../../../src/graph/trustGraph.js'
import { candidates } from '../../../src/graph/trustIndex.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import { authDetails, doc, roleRecord, userRecord } from './helpers.js'

const snapshot = loadSnapshot(generateOrg({ principals: 240, roles: 60, accounts: 4, seed: 7 }))

// Trust policies admitting anyone that tell accounts apart by aws:PrincipalAccount: one account, a
// pattern of accounts, a policy variable. Principals of accounts they do not name share a role-side
// class; those they name or match do not.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
const ACCOUNTS = ['222222222222', '111111111111', '111122223333', '333333333333']
const assumeAnything = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })
// Statements that allow sts:AssumeRole without naming it: NotAction, NotResource.
const notAction = doc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })
const notResource = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::*:role/Pattern' })
const anyone = (condition: unknown): unknown => doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: condition })
const byAccount = loadSnapshot(
  ACCOUNTS.map((account, i) => ({
    file: `${account}.json`,
    value: authDetails({
      users: [assumeAnything, null, notAction, notResource].map((policy, u) => userRecord(account, `u${i}${u}`, policy === null ? {} : { UserPolicyList: [{ PolicyName: 'p', PolicyDocument: policy }] })),
      roles:
        i === 3
          ? [
              roleRecord(account, 'OneAccount', anyone({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } })),
              roleRecord(account, 'Pattern', anyone({ StringLike: { 'aws:PrincipalAccount': '1111*' } })),
              roleRecord(account, 'NotOne', anyone({ StringNotEquals: { 'aws:PrincipalAccount': ['222222222222'] } })),
              roleRecord(account, 'Variable', anyone({ StringEquals: { 'aws:ResourceTag/owner': '${aws:PrincipalAccount}' } }), { Tags: [{ Key: 'owner', Value: '111111111111' }] }),
              roleRecord(account, 'Own', anyone({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })),
            ]
          : [],
    }),
  })),
)

// A user whose group the snapshot lacks (a gap): its answers are uncertain, whatever the trust policy
// says, so it is asked even where the role's side denies users like it, and where no statement of its
// own allows across accounts.
const team = (value: string): { Key: string; Value: string }[] => [{ Key: 'team', Value: value }]
const gapped = loadSnapshot([
  {
    file: 'a.json',
    value: authDetails({
      users: [
        userRecord('111111111111', 'u0', { Tags: team('x'), UserPolicyList: [{ PolicyName: 'p', PolicyDocument: assumeAnything }] }),
        userRecord('111111111111', 'u1', { Tags: team('x'), GroupList: ['Missing'], UserPolicyList: [{ PolicyName: 'p', PolicyDocument: assumeAnything }] }),
        userRecord('111111111111', 'u2', { Tags: team('y') }),
        userRecord('111111111111', 'u3', { Tags: team('y'), GroupList: ['Missing'] }),
      ],
    }),
  },
  { file: 'b.json', value: authDetails({ roles: [roleRecord('222222222222', 'TeamY', anyone({ StringEquals: { 'aws:PrincipalTag/team': 'y' } }))] }) },
])

// An enterprise organization: trust policies admitting anyone in the organization with a team tag,
// account roots with tag and MFA conditions, service-linked roles, roles whose sessions carry tags.
const enterprise = loadSnapshot(generateOrg({ principals: 300, roles: 120, accounts: 6, seed: 11, profile: 'enterprise' }))
const organizations = [['mixed', snapshot], ['enterprise', enterprise], ['by-account', byAccount]] as const

describe('trust graph shortcuts agree with exhaustive evaluation', () => {
  it.each([...organizations, ['gapped', gapped] as const])('for every role of a synthetic %s organization', (_, snapshot) => {
    const graph = new TrustGraph(snapshot)
    let compared = 0
    for (const role of snapshot.roles.values()) {
      const fast = reachers(graph, role).map((e) => `${JSON.stringify(e.principal)} ${e.access} ${e.conditions === null ? '' : residualText(e.conditions)}`)
      const slow = candidates(role, snapshot)
        .map((c) => askTrust(snapshot, c, role, { exhaustive: true }))
        .filter((a) => a.access !== 'denied')
        .map((a) => `${JSON.stringify(a.principal)} ${a.access} ${a.conditions === null ? '' : residualText(a.conditions)}`)
      expect(fast).toEqual(slow)
      compared += slow.length
    }
    expect(compared).toBeGreaterThan(snapshot === byAccount || snapshot === gapped ? 2 : 50)
  })
})

describe("principals the role's side alone denies, or that no identity statement allows across accounts, are denied", () => {
  for (const [name, s] of organizations) {
    it(`for every role and snapshot principal of the ${name} organization`, () => {
      const classes = new AnswerClasses(s, {})
      let skipped = 0
      let asked = 0
      let withoutAllow = 0
      for (const role of s.roles.values()) {
        for (const c of candidates(role, s)) {
          if (c.kind !== 'principal') continue
          asked++
          const crossAccountWithoutAllow = c.principal.account !== role.account && !classes.identityMayAllow(c.principal, role)
          if (crossAccountWithoutAllow) withoutAllow++
          if (!crossAccountWithoutAllow && roleSideAdmits(s, c, role)) continue
          skipped++
          expect([role.arn, c.principal.arn, askTrust(s, c, role).access]).toEqual([role.arn, c.principal.arn, 'denied'])
        }
      }
      expect(skipped).toBeGreaterThan(asked / 10)
      expect(withoutAllow).toBeGreaterThan(0)
    })
  }
})
