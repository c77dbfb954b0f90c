/**
 * The values tried for a key AWS sets but the request does not show are found once per engine (a
 * compiled policy set) and per form: the memo must keep forms apart (a session's `aws:userid` holds its
 * session name) and remember that a pattern has no value of a form.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
import { describe, expect, it, vi } from 'vitest'
import { compilePolicySet, evaluateCompiled, parsePolicy } from '../../../src/index.js'
import { RequestMemo } from '../../../src/evaluate/prepareRequest.js'

const A = '111122223333'

describe('the memo of values tried', () => {
  it('builds the values of an owner and form once, and keeps owners and forms apart', () => {
    const memo = new RequestMemo()
    const condition = {}
    const other = {}
    const build = vi.fn(() => ['AIDAX'])
    expect([memo.valuesFor(condition, 'user', build), memo.valuesFor(condition, 'user', build)]).toEqual([['AIDAX'], ['AIDAX']])
    expect(build).toHaveBeenCalledTimes(1)
    memo.valuesFor(condition, 'session:alice', build)
    memo.valuesFor(other, 'user', build)
    expect(build).toHaveBeenCalledTimes(3)
  })

  it('keeps the forms of two sessions apart on one compiled policy set', () => {
    // A Deny on the unique id of sessions named alice: for alice the id is unknown (the Deny applies,
    // fail closed); no id of a session named bob ends with ":alice".
    const identity = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:userid': '*:alice' } } }] }, { kind: 'identity' })
    if (!identity.ok) throw new Error('policy')
    const set = compilePolicySet({ identity: [identity.value] })
    const request = (session: string) => ({ principal: `arn:aws:sts::${A}:assumed-role/Dev/${session}`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A })
    const decisions = ['alice', 'bob', 'alice', 'bob'].map((s) => evaluateCompiled(request(s), set).decision)
    expect(decisions).toEqual(['explicitDeny', 'allowed', 'explicitDeny', 'allowed'])
  })

  it('keeps the role paths of two roles apart on one compiled policy set', () => {
    // An SCP that denies every role but those under /platform/: a session hides its role's path.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
    const scp = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/platform/Builder` } } }] }, { kind: 'scp' })
    const identity = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, { kind: 'identity' })
    if (!scp.ok || !identity.ok) throw new Error('policy')
    const set = compilePolicySet({ identity: [identity.value], scps: [[scp.value]] })
    const request = (role: string) => ({ principal: `arn:aws:sts::${A}:assumed-role/${role}/s`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A })
    // Builder may sit under /platform/ (unknown: the Deny applies, fail closed); Tester never matches.
    const decisions = ['Builder', 'Tester', 'Builder', 'Tester'].map((r) => evaluateCompiled(request(r), set))
    expect(decisions.map((d) => d.decision)).toEqual(['explicitDeny', 'explicitDeny', 'explicitDeny', 'explicitDeny'])
    expect(decisions.map((d) => d.missingContextKeys)).toEqual([['aws:PrincipalArn'], [], ['aws:PrincipalArn'], []])
  })
})
