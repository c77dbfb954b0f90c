/**
 * A request value that one policy value decides (it matches) is decided, even when another policy value
 * could not compare it: the reason of an unknown outcome comes from a request value left undecided.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { SETOPS, cond, ctx } from './helpers.js'

describe(`ForAllValues: a matched value names no reason [${SETOPS}]`, () => {
  it('a value matched by one policy value (undocumented for the other), then an unreadable value: invalidValue', () => {
    // `arn:aws:s3:::${k:v}` with `a*` cannot decide `arn:aws:s3:::abc` (literal and wildcard readings
    // disagree); `arn:aws:s3:::abc` matches it; `notanarn` is no ARN for either.
    const compiled = compileCondition(cond('ForAllValues:ArnLike', 'test:arns', ['arn:aws:s3:::${k:v}', 'arn:aws:s3:::abc']), true)
    const context = ctx({ 'k:v': 'a*', 'test:arns': ['arn:aws:s3:::abc', 'notanarn'] })
    expect(compiled.evaluate(context, false)).toMatchObject({ result: 'unknown', reason: 'invalidValue' })
    const traced = compiled.evaluate(context, true)
    expect(traced).toMatchObject({ result: 'unknown', reason: 'invalidValue' })
    expect(traced.note).toMatch(/\S/)
    expect(traced.note).not.toMatch(/^undocumented:/)
  })
})
