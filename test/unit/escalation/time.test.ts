/**
 * With the time of the analysis given, requests are made from then on: aws:CurrentTime is at or after
 * it, aws:TokenIssueTime at most 36 hours before (the longest STS session), so time conditions that no
 * such moment meets are decided; without it they stay open conditions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tokenissuetime
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
import { describe, expect, it } from 'vitest'
import { findEscalations } from '../../../src/escalation/findEscalations.js'
import { residualText } from '../../../src/graph/render.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'

const A = '111111111111'
const V = '2012-10-17'
const NOW = Date.parse('2026-06-01T12:00:00Z')

function escalation(condition: unknown, now?: number): string {
  const snapshot = loadSnapshot([{
    file: 'account.json',
    value: {
      UserDetailList: [{ UserName: 'dev', UserId: 'AIDATIMETEST00000001', Arn: `arn:aws:iam::${A}:user/dev`, Path: '/', GroupList: [], Tags: [], AttachedManagedPolicies: [],
        UserPolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: V, Statement: [{ Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: `arn:aws:iam::${A}:user/dev`, Condition: condition }] } }] }],
      GroupDetailList: [], RoleDetailList: [], Policies: [],
    },
  }])
  const r = findEscalations(snapshot, now !== undefined ? { now } : {})
  if (!r.ok) throw new Error('unexpected')
  const e = r.value.escalations[0]
  return e === undefined ? 'none' : e.access === 'conditional' ? `conditional: ${residualText(e.conditions)}` : e.access
}

describe('time conditions', () => {
  it.each([
    ['a token issued after 2020', { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, 'allowed'],
    ['a token issued before 2020', { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, 'none'],
    ['a token issued in the last hour', { DateGreaterThan: { 'aws:TokenIssueTime': '2026-06-01T11:00:00Z' } }, 'conditional: aws:TokenIssueTime after "2026-06-01T11:00:00Z"'],
    ['before 2099', { DateLessThan: { 'aws:CurrentTime': '2099-01-01T00:00:00Z' } }, 'conditional: aws:CurrentTime before "2099-01-01T00:00:00Z"'],
    ['before 2025', { DateLessThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } }, 'none'],
  ])('%s, from the time of the analysis on: %s', (_, condition, expected) => {
    expect(escalation(condition, NOW)).toBe(expected)
  })

  it('without the time of the analysis, a time condition is an open condition', () => {
    expect(escalation({ DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } })).toBe('conditional: aws:TokenIssueTime before "2020-01-01T00:00:01Z"')
  })
})
