import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { OPS, cond, ctx } from './helpers.js'

const OPERATORS = [
  'StringEquals', 'StringNotEqualsIfExists', 'StringEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericLessThan', 'NumericNotEquals', 'DateGreaterThan', 'DateNotEqualsIfExists', 'Bool', 'BinaryEquals',
  'IpAddress', 'NotIpAddress', 'ArnLike', 'ArnNotEquals', 'Null', 'NullIfExists', 'Bogus',
  'ForAllValues:StringLike', 'ForAnyValue:StringNotEquals', 'ForAllValues:ArnLikeIfExists', 'ForAnyValue:Null',
]
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('${aws:username}', "${k:a, 'd*'}", '${*}', '${', 'true', 'True', '10', '1.5', '2020', '2020-01-01T00:00:00Z', 'AAEC', '10.0.0.0/8', '::1', 'arn:aws:s3:::b/*', 'arn:*:*:*:*:*'),
)

describe('arbitrary conditions and contexts', () => {
  it('never throw, and agree with and without tracing [' + OPS + ']', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPERATORS),
        fc.array(text, { maxLength: 3 }),
        fc.option(fc.oneof(text, fc.array(text, { maxLength: 3 })), { nil: undefined }),
        fc.option(text, { nil: undefined }),
        fc.boolean(),
        (op, values, keyValue, username, vars) => {
          const entries: Record<string, string | string[]> = {}
          if (keyValue !== undefined) entries['k:key'] = keyValue
          if (username !== undefined) entries['aws:username'] = username
          const compiled = compileCondition(cond(op, 'k:key', values), vars)
          const context = ctx(entries)
          const plain = compiled.evaluate(context, false)
          const traced = compiled.evaluate(context, true)
          expect(traced.result).toBe(plain.result)
          expect(traced.reason).toBe(plain.reason)
          if (plain.result === 'unknown') expect(traced.note).toBeDefined()
        },
      ),
      { numRuns: Number(process.env['IAMTRACE_PROPERTY_RUNS'] ?? 300) },
    )
  })
})
