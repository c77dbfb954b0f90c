/**
 * ARN operators with policy variables and request values of every shape: part-by-part matching, the
 * traced substituted value, and the fail-closed cases (a substituted `:` or wildcard whose readings
 * disagree, a value that is not an ARN, a variable without value).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { cond, ctx } from './helpers.js'
import type { CtxValue } from './helpers.js'

const ARN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN'
const K = 'aws:SourceArn'

function run(op: string, values: string | string[], context: Readonly<Record<string, CtxValue>>): { result: string; reason: string; note?: string; resolved?: (string | undefined)[] } {
  const c = compileCondition(cond(op, K, values), true)
  const plain = c.evaluate(ctx(context), false)
  const traced = c.evaluate(ctx(context), true)
  expect(traced.result).toBe(plain.result)
  return { result: plain.result, reason: plain.reason, ...(traced.note === undefined ? {} : { note: traced.note }), resolved: (traced.values ?? []).map((v) => v.resolved) }
}

describe(`ARN operators with variables (${ARN})`, () => {
  it('substitutes a value inside one part and matches part by part', () => {
    const value = 'arn:aws:iam::${aws:PrincipalAccount}:role/*'
    expect(run('ArnLike', value, { [K]: 'arn:aws:iam::111122223333:role/r', 'aws:PrincipalAccount': '111122223333' })).toEqual({ result: 'true', reason: 'matched', resolved: ['arn:aws:iam::111122223333:role/*'] })
    expect(run('ArnLike', value, { [K]: 'arn:aws:iam::444455556666:role/r', 'aws:PrincipalAccount': '111122223333' })).toMatchObject({ result: 'false', reason: 'noMatch' })
    expect(run('ArnNotLike', value, { [K]: 'arn:aws:iam::444455556666:role/r', 'aws:PrincipalAccount': '111122223333' })).toMatchObject({ result: 'true' })
    expect(run('ArnEquals', value, { [K]: 'arn:aws:iam::111122223333:role/a/b', 'aws:PrincipalAccount': '111122223333' })).toMatchObject({ result: 'true' })
  })

  it('one compiled condition read with values that change between requests answers for each value (its readings are kept per value)', () => {
    const c = compileCondition(cond('ArnLike', K, 'arn:aws:s3:::bucket/${aws:username}/*'), true)
    const seq: [string | undefined, string, string][] = [
      ['alice', 'arn:aws:s3:::bucket/alice/x', 'true'],
      ['bob', 'arn:aws:s3:::bucket/alice/x', 'false'],
      ['bob', 'arn:aws:s3:::bucket/bob/x', 'true'],
      ['a:b', 'arn:aws:s3:::bucket/a:b/x', 'unknown'],
      [undefined, 'arn:aws:s3:::bucket/alice/x', 'false'],
      ['a*', 'arn:aws:s3:::bucket/ab/x', 'unknown'],
      ['alice', 'arn:aws:s3:::bucket/alice/x', 'true'],
      ['a*', 'arn:aws:s3:::bucket/a*/x', 'true'],
    ]
    // Twice over, so that every value is read again from what was kept, after other values.
    for (const [name, arn, result] of [...seq, ...seq]) {
      const context: Record<string, CtxValue> = { [K]: arn, ...(name !== undefined ? { 'aws:username': name } : {}) }
      expect(c.evaluate(ctx(context), false).result, `${name} ${arn}`).toBe(result)
    }
  })

  it('a variable without value matches nothing: false, negated true, with the reason', () => {
    const value = 'arn:aws:iam::${aws:PrincipalAccount}:role/*'
    expect(run('ArnLike', value, { [K]: 'arn:aws:iam::111122223333:role/r' })).toMatchObject({ result: 'false', reason: 'unresolvedVariable' })
    expect(run('ArnNotLike', value, { [K]: 'arn:aws:iam::111122223333:role/r' })).toMatchObject({ result: 'true', reason: 'unresolvedVariable' })
  })

  it('a substituted colon would move part boundaries: unknown, and says so', () => {
    const out = run('ArnLike', 'arn:aws:s3:::${aws:username}', { [K]: 'arn:aws:s3:::a:b', 'aws:username': 'a:b' })
    expect(out).toMatchObject({ result: 'unknown', reason: 'undocumented' })
    expect(out.note).toMatch(/\S/)
  })

  it('a substituted wildcard: definite when both readings agree, unknown when they differ', () => {
    const value = 'arn:aws:s3:::bucket/${aws:username}'
    expect(run('ArnLike', value, { [K]: 'arn:aws:s3:::bucket/a*', 'aws:username': 'a*' })).toMatchObject({ result: 'true' })
    expect(run('ArnLike', value, { [K]: 'arn:aws:s3:::bucket/b', 'aws:username': 'a*' })).toMatchObject({ result: 'false' })
    expect(run('ArnLike', value, { [K]: 'arn:aws:s3:::bucket/ab', 'aws:username': 'a*' })).toMatchObject({ result: 'unknown', reason: 'undocumented' })
    expect(run('ArnLike', value, { [K]: 'arn:aws:s3:::bucket/ab', 'aws:username': 'a?' })).toMatchObject({ result: 'unknown' })
  })

  it('a request value that is not an ARN is unknown; a policy value that is not one is unreadable', () => {
    expect(run('ArnLike', 'arn:aws:s3:::b/${aws:username}', { [K]: 'not-an-arn', 'aws:username': 'x' })).toMatchObject({ result: 'unknown', reason: 'invalidValue' })
    expect(run('ArnLike', 'arn:aws:s3:::b/x', { [K]: 'not-an-arn' })).toMatchObject({ result: 'unknown', reason: 'invalidValue' })
    for (const bad of ['arn:aws:s3:${aws:username}', 'arn:aws:s3', '${aws:username}', 'arn:aws:s3:::${']) {
      const out = run('ArnLike', bad, { [K]: 'arn:aws:s3:::b', 'aws:username': 'a:b:c:d' })
      expect(out, bad).toMatchObject({ result: 'unknown', reason: 'invalidValue' })
      expect(out.note, bad).toMatch(/\S/)
    }
  })

  it('variables are literal text under the 2008 version; every part of a literal value must match', () => {
    const c = compileCondition(cond('ArnLike', K, 'arn:aws:s3:::${aws:username}'), false)
    expect(c.evaluate(ctx({ [K]: 'arn:aws:s3:::${aws:username}', 'aws:username': 'x' }), false).result).toBe('true')
    expect(c.evaluate(ctx({ [K]: 'arn:aws:s3:::x', 'aws:username': 'x' }), false).result).toBe('false')
    for (const [text, expected] of [
      ['arn:aws:s3:::b', 'true'],
      ['arn:aws-cn:s3:::b', 'false'],
      ['arn:aws:sqs:::b', 'false'],
      ['arn:aws:s3:us-east-1::b', 'false'],
      ['arn:aws:s3::1:b', 'false'],
      ['arn:aws:s3:::c', 'false'],
      ['arx:aws:s3:::b', 'false'],
    ] as const) {
      expect(compileCondition(cond('ArnEquals', K, 'arn:aws:s3:::b'), true).evaluate(ctx({ [K]: text }), false).result, text).toBe(expected)
    }
  })
})
