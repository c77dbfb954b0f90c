/**
 * Partial evaluation: context keys the question does not give are unknown, keys AWS derives for the
 * caller and the role are known from the snapshot, and the residual says exactly when access holds.
 */
import { describe, expect, it } from 'vitest'
import { canAssume } from '../../../src/graph/canAssume.js'
import { whoCanAssume } from '../../../src/graph/whoCanAssume.js'
import { minimizeDnf } from '../../../src/analysis/minimize.js'
import { residualText } from '../../../src/graph/render.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import { authDetails, doc, roleRecord, userRecord } from './helpers.js'

const A = '111122223333'
const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html'
const GKEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html'
const EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'

function ask(trustCondition: Record<string, unknown> | undefined, options: { identity?: unknown[]; tags?: unknown[]; context?: Record<string, string>; caller?: 'user' | 'role'; maxAtoms?: number } = {}) {
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', ...(trustCondition !== undefined ? { Condition: trustCondition } : {}) })
  const identity = [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, ...(options.identity ?? [])]
  const policyList = [{ PolicyName: 'p', PolicyDocument: doc(...identity) }]
  const caller = options.caller === 'role'
    ? roleRecord(A, 'Caller', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), { RolePolicyList: policyList, Tags: options.tags ?? [], RoleId: 'AROACALLERROLEID12345' })
    : userRecord(A, 'caller', { UserPolicyList: policyList, Tags: options.tags ?? [], UserId: 'AIDACALLERUSERID12345' })
  const s = loadSnapshot([{ file: 'a.json', value: authDetails({ users: options.caller === 'role' ? [] : [caller], roles: [roleRecord(A, 'Target', trust, { Tags: [{ Key: 'env', Value: 'prod' }] }), ...(options.caller === 'role' ? [caller] : [])] }) }])
  const r = canAssume(s, options.caller === 'role' ? 'Caller' : 'caller', 'Target', { ...(options.context !== undefined ? { context: options.context } : {}), ...(options.maxAtoms !== undefined ? { maxAtoms: options.maxAtoms } : {}) })
  if (!r.ok) throw new Error('unexpected')
  return { decision: r.value.decision, when: r.value.conditions === null ? null : residualText(r.value.conditions), answer: r.value }
}

describe('partial evaluation', () => {
  it.each([
    { name: 'Bool MFA: unknown, so conditional', cond: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, expected: ['conditional', 'aws:MultiFactorAuthPresent = "true"'], source: GKEYS },
    { name: 'BoolIfExists: absence also satisfies it', cond: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, expected: ['conditional', 'aws:MultiFactorAuthPresent = "true" (or absent)'], source: OPS },
    { name: 'two open keys are ANDed', cond: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'sts:ExternalId': '7f3c' } }, expected: ['conditional', 'aws:MultiFactorAuthPresent = "true" AND sts:ExternalId = "7f3c"'], source: OPS },
    { name: 'two values are ORed in one atom', cond: { StringEquals: { 'sts:ExternalId': ['a', 'b'] } }, expected: ['conditional', 'sts:ExternalId = ("a" | "b")'], source: OPS },
    { name: 'aws:PrincipalTag is known from the user tags', cond: { StringEquals: { 'aws:PrincipalTag/team': 'platform' } }, tags: [{ Key: 'Team', Value: 'platform' }], expected: ['allowed', null], source: GKEYS },
    { name: 'a missing tag is known absent, not unknown', cond: { StringEquals: { 'aws:PrincipalTag/team': 'platform' } }, expected: ['implicitDeny', null], source: GKEYS },
    { name: 'aws:ResourceTag is known from the role tags', cond: { StringEquals: { 'aws:ResourceTag/env': 'prod' } }, expected: ['allowed', null], source: GKEYS },
    { name: 'aws:userid is known from the UserId', cond: { StringEquals: { 'aws:userid': 'AIDACALLERUSERID12345' } }, expected: ['allowed', null], source: GKEYS },
    { name: 'aws:PrincipalArn is known', cond: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/*` } }, expected: ['allowed', null], source: GKEYS },
    { name: 'a given context key decides', cond: { StringEquals: { 'sts:ExternalId': '7f3c' } }, context: { 'sts:ExternalId': '7f3c' }, expected: ['allowed', null], source: OPS },
    { name: 'a given context key can deny', cond: { StringEquals: { 'sts:ExternalId': '7f3c' } }, context: { 'sts:ExternalId': 'nope' }, expected: ['implicitDeny', null], source: OPS },
  ])('$name ($source)', ({ cond, tags, context, expected }) => {
    const r = ask(cond, { ...(tags !== undefined ? { tags } : {}), ...(context !== undefined ? { context } : {}) })
    expect([r.decision, r.when]).toEqual(expected)
  })

  it(`a Deny on an open key becomes a negated literal (${EVAL})`, () => {
    const r = ask(undefined, { identity: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] })
    expect([r.decision, r.when]).toEqual(['conditional', 'NOT (aws:MultiFactorAuthPresent = "false" (or absent))'])
  })

  it(`contradictory assignments on one key are not counted: the residual collapses (${OPS})`, () => {
    const r = ask({ StringEquals: { 'sts:ExternalId': 'a' } }, { identity: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'sts:ExternalId': 'a' } } }] })
    expect([r.decision, r.when]).toEqual(['conditional', 'sts:ExternalId = "a"'])
  })

  it(`a Deny that holds whatever the open key is denies (${EVAL})`, () => {
    const r = ask({ StringEquals: { 'sts:ExternalId': 'a' } }, { identity: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }] })
    expect(r.decision).toBe('explicitDeny')
  })

  it('a role caller has MFA only if its session was created with MFA: open (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html)', () => {
    const r = ask({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { caller: 'role' })
    expect([r.decision, r.when]).toEqual(['conditional', 'aws:MultiFactorAuthPresent = "true"'])
  })

  it(`a condition on aws:userid of a role session that does not depend on the session name is decided (${GKEYS})`, () => {
    expect(ask({ StringLike: { 'aws:userid': 'AROACALLERROLEID12345:*' } }, { caller: 'role' }).decision).toBe('allowed')
    const r = ask({ StringEquals: { 'aws:userid': 'AROACALLERROLEID12345:alice' } }, { caller: 'role' })
    expect([r.decision, r.when]).toEqual(['conditional', 'aws:userid = "AROACALLERROLEID12345:alice"'])
  })

  it('beyond the enumeration limit the answer is conservative and says so', () => {
    const cond = { StringEquals: { 'sts:ExternalId': 'a', 'sts:RoleSessionName': 'b', 'sts:SourceIdentity': 'c' } }
    const r = ask(cond, { maxAtoms: 2 })
    expect(r.decision).toBe('conditional')
    expect(r.answer.conditions?.approximate).toBe(true)
    expect(r.answer.notes.length).toBeGreaterThan(0)
  })

  it('each atom points to the statement it comes from', () => {
    const r = ask({ StringEquals: { 'sts:ExternalId': '7f3c' } })
    const atom = r.answer.conditions?.terms[0]?.[0]?.atom
    expect(atom?.sources.map((s) => [s.policy, s.layer, s.index, s.conditionPointer])).toEqual([['trust policy of Target', 'resource', 0, '/Statement/0/Condition/StringEquals/sts:ExternalId']])
  })
})

describe('minimizeDnf', () => {
  it.each([
    { n: 2, on: [3], dc: [], expected: [{ value: 3, care: 3 }] },
    { n: 2, on: [1, 3], dc: [], expected: [{ value: 1, care: 1 }] },
    { n: 2, on: [1, 2], dc: [3], expected: [{ value: 1, care: 1 }, { value: 2, care: 2 }] },
    { n: 3, on: [0, 1, 2, 3, 4, 5, 6, 7], dc: [], expected: [{ value: 0, care: 0 }] },
  ])('n=$n on=$on', ({ n, on, dc, expected }) => {
    expect(minimizeDnf(n, on, dc)).toEqual(expected)
  })
})

describe('session tags', () => {
  it('a role whose trust policy allows sts:TagSession has open principal tags (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html)', () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'platform' } } })
    const callerTrust = (actions: string[]) => doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: actions })
    const answer = (actions: string[]) => {
      const caller = roleRecord(A, 'Caller', callerTrust(actions), { Tags: [{ Key: 'team', Value: 'app' }], RolePolicyList: [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }] })
      const s = loadSnapshot([{ file: 'a.json', value: authDetails({ roles: [roleRecord(A, 'Target', trust), caller] }) }])
      const r = canAssume(s, 'Caller', 'Target')
      return r.ok ? [r.value.decision, r.value.conditions === null ? null : residualText(r.value.conditions)] : null
    }
    expect(answer(['sts:AssumeRole'])).toEqual(['implicitDeny', null])
    expect(answer(['sts:AssumeRole', 'sts:TagSession'])).toEqual(['conditional', 'aws:PrincipalTag/team = "platform"'])
  })
})

describe('callers without MFA context', () => {
  it('an OIDC caller never carries MFA: BoolIfExists true holds, Bool true never does (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html)', () => {
    const provider = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`
    const trust = (op: string) => doc({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { [op]: { 'aws:MultiFactorAuthPresent': 'true' } } })
    for (const [op, expected] of [['BoolIfExists', 'allowed'], ['Bool', 'implicitDeny']] as const) {
      const s = loadSnapshot([{ file: 'a.json', value: authDetails({ roles: [roleRecord(A, 'Ci', trust(op))] }) }])
      const r = whoCanAssume(s, 'Ci')
      expect(r.ok).toBe(true)
      if (!r.ok) continue
      if (expected === 'allowed') expect(r.value.principals.map((p) => [p.principal, p.access])).toEqual([[{ federated: provider }, 'allowed']])
      else expect(r.value.deniedExternal).toEqual([{ principal: { federated: provider }, decision: 'implicitDeny' }])
    }
  })
})

describe('source identity', () => {
  it('an IAM user has none; a role session may have one (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html)', () => {
    expect(ask({ StringEquals: { 'aws:SourceIdentity': 'carol' } }).decision).toBe('implicitDeny')
    const r = ask({ StringEquals: { 'aws:SourceIdentity': 'carol' } }, { caller: 'role' })
    expect([r.decision, r.when]).toEqual(['conditional', 'aws:SourceIdentity = "carol"'])
  })
})

describe('transitive session tags', () => {
  it('a role assumed by a session that may carry tags inherits open tags (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining)', () => {
    const allow = { RolePolicyList: [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }] }
    const r1 = roleRecord(A, 'First', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/caller` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }), allow)
    const r2 = roleRecord(A, 'Second', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/First` }, Action: 'sts:AssumeRole' }), allow)
    const r3 = roleRecord(A, 'Third', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/Second` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } }))
    const s = loadSnapshot([{ file: 'a.json', value: authDetails({ users: [userRecord(A, 'caller')], roles: [r1, r2, r3] }) }])
    const r = canAssume(s, 'Second', 'Third')
    expect(r.ok && [r.value.decision, r.value.conditions === null ? null : residualText(r.value.conditions)]).toEqual(['conditional', 'aws:PrincipalTag/team = "x"'])
  })
})
