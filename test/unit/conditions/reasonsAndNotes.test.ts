/**
 * Which reason and which note a traced condition reports when several causes meet: the first request
 * value that cannot be decided names the reason (and, within it, the first policy value); the first
 * fail-closed note is kept; an unresolved variable is explained by the keys that had no value; the
 * remark that a multivalued key with one value was read as single-valued never hides a fail-closed note.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import type { ConditionOutcome } from '../../../src/conditions/types.js'
import { OPS, SETOPS, VARS, cond, ctx } from './helpers.js'
import type { CtxValue } from './helpers.js'

function both(op: string, key: string, values: string | readonly string[], context: Readonly<Record<string, CtxValue>>): { plain: ConditionOutcome; traced: ConditionOutcome } {
  const compiled = compileCondition(cond(op, key, values), true)
  const plain = compiled.evaluate(ctx(context), false)
  const traced = compiled.evaluate(ctx(context), true)
  expect([traced.result, traced.reason]).toEqual([plain.result, plain.reason])
  return { plain, traced }
}

// A substituted `*` (literal for one reading, a wildcard for the other) makes `arn:aws:s3:::abc`
// undocumented; `notanarn` is not an ARN at all.
const STAR = { 'k:v': 'a*' }
const NOT_ARN = 'notanarn'
const STARRED = 'arn:aws:s3:::abc'

describe(`the first undecidable request value names the reason [${SETOPS}]`, () => {
  it('ForAllValues: invalid then undocumented is invalidValue; the other order is undocumented', () => {
    const first = both('ForAllValues:ArnLike', 'test:arns', 'arn:aws:s3:::${k:v}', { ...STAR, 'test:arns': [NOT_ARN, STARRED] })
    expect([first.plain.result, first.plain.reason]).toEqual(['unknown', 'invalidValue'])
    const second = both('ForAllValues:ArnLike', 'test:arns', 'arn:aws:s3:::${k:v}', { ...STAR, 'test:arns': [STARRED, NOT_ARN] })
    expect([second.plain.result, second.plain.reason]).toEqual(['unknown', 'undocumented'])
    // The note explains that reason: an undocumented reading, not an unreadable request value.
    expect(second.traced.note).toMatch(/^undocumented:/)
    expect(first.traced.note).toMatch(/\S/)
    expect(first.traced.note).not.toMatch(/^undocumented:/)
  })

  it('ForAnyValue: a later value that does not match keeps the earlier reason', () => {
    const { plain } = both('ForAnyValue:NumericEquals', 'test:sizes', '3', { 'test:sizes': ['x', '5'] })
    expect([plain.result, plain.reason]).toEqual(['unknown', 'invalidValue'])
  })

  it('within one request value, the first policy value that cannot decide names the reason', () => {
    // `a:b` substituted would move an ARN part boundary (undocumented); `notanarn` is unreadable for the literal value.
    const context = { 'k:v': 'a:b', 'aws:SourceArn': NOT_ARN }
    const invalidFirst = both('ArnLike', 'aws:SourceArn', ['arn:aws:s3:::x', 'arn:aws:s3:::${k:v}'], context)
    expect([invalidFirst.plain.result, invalidFirst.plain.reason]).toEqual(['unknown', 'invalidValue'])
    const undocumentedFirst = both('ArnLike', 'aws:SourceArn', ['arn:aws:s3:::${k:v}', 'arn:aws:s3:::x'], context)
    expect([undocumentedFirst.plain.result, undocumentedFirst.plain.reason]).toEqual(['unknown', 'undocumented'])
    expect(undocumentedFirst.traced.note).toMatch(/^undocumented:/)
  })
})

describe(`which note a trace keeps [${OPS}]`, () => {
  it('IfExists with a set qualifier keeps the first fail-closed note (ForAllValues, negated, empty set)', () => {
    const { traced } = both('ForAllValues:StringNotEqualsIfExists', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] })
    expect([traced.result, traced.reason]).toEqual(['unknown', 'undocumented'])
    expect(traced.note).toMatch(/^docs conflict:/)
  })

  it(`an unresolved variable is explained by the key without a value, also on a multivalued key with one value [${VARS}]`, () => {
    const { traced } = both('StringEquals', 'aws:TagKeys', '${aws:PrincipalTag/team}', { 'aws:TagKeys': ['a'] })
    expect([traced.result, traced.reason]).toEqual(['false', 'unresolvedVariable'])
    expect(traced.note).toContain('aws:principaltag/team')
  })

  it('a fail-closed note is not hidden by the single-valued remark on a multivalued key with one value', () => {
    const { traced } = both('StringLike', 'aws:TagKeys', '${k:v}', { 'k:v': 'a*', 'aws:TagKeys': ['ab'] })
    expect([traced.result, traced.reason]).toEqual(['unknown', 'undocumented'])
    expect(traced.note).toMatch(/^undocumented:/)
  })

  it('the single-valued remark alone is kept when nothing failed', () => {
    const remark = both('StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['a'] }).traced
    expect([remark.result, remark.reason]).toEqual(['true', 'matched'])
    expect(remark.note).toMatch(/\S/)
    expect(remark.note).not.toMatch(/^(undocumented|docs conflict):|policy variable/)
  })

  it('a bare IPv4 address carries no note (only a bare IPv6 address is remarked on)', () => {
    const v4 = both('IpAddress', 'aws:SourceIp', '203.0.113.5', { 'aws:SourceIp': '203.0.113.5' }).traced
    expect([v4.result, v4.reason]).toEqual(['true', 'matched'])
    expect(v4).not.toHaveProperty('note')
    const v6 = both('IpAddress', 'aws:SourceIp', '2001:db8::1', { 'aws:SourceIp': '2001:db8::1' }).traced
    expect(v6.note).toMatch(/\S/)
  })
})
