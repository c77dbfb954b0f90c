/**
 * Action / NotAction matching: `service:action`, both parts case-insensitive, `*` and `?` anywhere; a
 * pattern that is neither `*` nor `service:action` matches `unknown`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 */
import { describe, expect, it } from 'vitest'
import { compileActionMatcher, serviceOf } from '../../../src/compile/matchAction.js'
import type { ActionElement } from '../../../src/policy/types.js'

const element = (kind: ActionElement['kind'], ...values: string[]): ActionElement =>
  ({ kind, pointer: '/Statement/0/Action', patterns: values.map((value, i) => ({ value, pointer: `/Statement/0/Action/${i}` })) }) as unknown as ActionElement

describe('compileActionMatcher', () => {
  it.each([
    ['*', 's3:getobject', 'true'],
    ['s3:GetObject', 's3:getobject', 'true'],
    ['S3:GET*', 's3:getobjectacl', 'true'],
    ['s3:Get?bject', 's3:getobject', 'true'],
    ['s3:Get*', 's3:putobject', 'false'],
    ['s3:GetObject', 's3x:getobject', 'false'],
    ['iam:*', 'iam:getrole', 'true'],
    ['ec2-instance-connect:SendSSHPublicKey', 'ec2-instance-connect:sendsshpublickey', 'true'],
    ['execute-api:Invoke', 'execute-api:invoke', 'true'],
    ['s3:Get.Object_1', 's3:get.object_1', 'true'],
  ])('%s against %s: %s', (pattern, action, expected) => {
    expect(compileActionMatcher(element('action', pattern)).match(action)).toBe(expected)
  })

  it.each([['s3'], ['s3:'], [':GetObject'], ['s3:Get Object'], ['s3:Get/Object'], ['s3::GetObject'], ['**'], ['s3:GetObject '], [' s3:GetObject'], ['/s3:GetObject']])('the malformed pattern `%s` matches unknown, never false', (pattern) => {
    const m = compileActionMatcher(element('action', pattern))
    expect(m.match('s3:getobject')).toBe('unknown')
    expect(m.match('ec2:runinstances')).toBe('unknown')
    expect(m.matches('ec2:runinstances')).toBe(true)
    expect(m.services).toBeUndefined()
  })

  it('a well-formed pattern beside a malformed one still matches true', () => {
    const m = compileActionMatcher(element('action', 'bad', 's3:GetObject'))
    expect(m.match('s3:getobject')).toBe('true')
    expect(m.match('s3:putobject')).toBe('unknown')
  })

  it('NotAction inverts true and false, never unknown', () => {
    const m = compileActionMatcher(element('notAction', 's3:*'))
    expect(m.negated).toBe(true)
    expect(m.match('s3:getobject')).toBe('false')
    expect(m.matches('s3:getobject')).toBe(false)
    expect(m.match('iam:getrole')).toBe('true')
    expect(m.services).toBeUndefined()
    expect(compileActionMatcher(element('notAction', 'bad')).match('s3:getobject')).toBe('unknown')
  })

  it('keeps the pointer and the patterns as written', () => {
    const m = compileActionMatcher(element('action', 'S3:GetObject', 'iam:*'))
    expect(m.pointer).toBe('/Statement/0/Action')
    expect(m.sources).toEqual(['S3:GetObject', 'iam:*'])
    expect(m.negated).toBe(false)
  })

  it('lists the literal service prefixes, lowercased and once each', () => {
    expect(compileActionMatcher(element('action', 'S3:GetObject', 's3:PutObject', 'IAM:GetRole')).services).toEqual(['s3', 'iam'])
    expect(compileActionMatcher(element('action', 's3:Get*', 's3*:Put')).services).toBeUndefined()
    expect(compileActionMatcher(element('action', 's?:Get')).services).toBeUndefined()
    expect(compileActionMatcher(element('action', 's3:Get', '*')).services).toBeUndefined()
  })

  it('serviceOf reads the prefix of an action, or the whole text without a colon', () => {
    expect(serviceOf('s3:getobject')).toBe('s3')
    expect(serviceOf('s3:a:b')).toBe('s3')
    expect(serviceOf('s3')).toBe('s3')
    expect(serviceOf(':x')).toBe('')
  })
})
