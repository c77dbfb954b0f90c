/**
 * How much work an evaluation does, counted (never timed): with the trace off only the statements
 * whose Action can match are visited, a statement stops at its first check that fails, and layers
 * that do not bind the caller are not read. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { describe, expect, it } from 'vitest'
import { compilePolicySet, evaluateCompiled } from '../../../src/index.js'
import type { Request } from '../../../src/index.js'
import { meterWork } from '../../../src/work.js'
import { A, ALICE, policy } from './stepCases.js'

const get = (action: string, resource = 'arn:aws:s3:::b/k'): Request => ({ principal: { kind: 'aws', arn: ALICE }, action, resource, resourceAccount: A })
const identity = policy(
  'identity',
  { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
  { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
  { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' },
  { Effect: 'Deny', Action: 'ec2:*', Resource: '*' },
  { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/a': 'x', 'aws:RequestTag/b': 'y', 'aws:RequestTag/c': 'z' } } },
  { Effect: 'Allow', Action: 'kms:Encrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/other', Condition: { StringEquals: { 'aws:RequestTag/a': 'x' } } },
)
const set = compilePolicySet({ identity: [identity] })
const work = (request: Request, options = {}) => meterWork(() => evaluateCompiled(request, set, options))

describe('work of an evaluation', () => {
  it('visits only the statements whose Action can match, unless told to visit every one', () => {
    expect(work(get('iam:GetRole', '*')).work.statements).toBe(1)
    expect(work(get('s3:GetObject')).work.statements).toBe(1)
    expect(work(get('sts:GetFederationToken', '*')).work.statements).toBe(0)
    expect(work(get('iam:GetRole', '*'), { unindexed: true }).work.statements).toBe(6)
    expect(work(get('iam:GetRole', '*'), { unindexed: true }).value.decision).toBe('allowed')
  })

  it('with the trace asked for, visits the layers again only when the trace is read', () => {
    const { value, work: counted } = work(get('iam:GetRole', '*'), { trace: true })
    expect(counted.statements).toBe(1)
    const read = meterWork(() => value.trace?.layers.length)
    expect(read.value).toBe(1)
    expect(read.work.statements).toBe(6)
    expect(meterWork(() => value.trace?.layers.length).work.statements).toBe(0)
  })

  it('stops a statement at its first condition that fails, and before its conditions when the Resource fails', () => {
    const tagged = work({ ...get('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/k'), context: { 'aws:RequestTag/a': 'no' } })
    expect(tagged.work).toMatchObject({ statements: 1, conditions: 1 })
    const resourceFails = work(get('kms:Encrypt', 'arn:aws:kms:us-east-1:111122223333:key/k'))
    expect(resourceFails.work).toMatchObject({ statements: 1, conditions: 0 })
    const all = work({ ...get('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/k'), context: { 'aws:RequestTag/a': 'x', 'aws:RequestTag/b': 'y', 'aws:RequestTag/c': 'z' } })
    expect(all.work).toMatchObject({ statements: 1, conditions: 3 })
  })

  it('reads no statement of a layer that does not bind the caller', () => {
    const service = { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 'iam:GetRole', resource: '*' } as const
    expect(meterWork(() => evaluateCompiled(service, set)).work.statements).toBe(0)
  })
})
