/**
 * Reading policy and request values at their edges: a brace that does not follow `$` is policy text,
 * and a base64 value holding a character outside ASCII is not base64.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { compileTemplate, resolveTemplate } from '../../../src/conditions/variables.js'
import { OPS, VARS, cond, ctx } from './helpers.js'

describe(`only \${ opens a policy variable [${VARS}]`, () => {
  it('a brace after another character is text', () => {
    const t = compileTemplate('a{b}-${aws:username}', true)
    expect(t.error).toBeUndefined()
    expect(t.keysRead).toEqual(['aws:username'])
    expect(resolveTemplate(t, ctx({ 'aws:username': 'alice' }))).toBe('a{b}-alice')
  })
})

describe(`BinaryEquals reads standard base64 only [${OPS}]`, () => {
  it('a request value with a character outside ASCII is not base64: unknown', () => {
    // `QUJA` is "AB@"; reading `é` as the letter A would make the values equal.
    const compiled = compileCondition(cond('BinaryEquals', 'test:data', 'QUJA'), true)
    expect(compiled.evaluate(ctx({ 'test:data': 'QUJA' }), false).result).toBe('true')
    expect(compiled.evaluate(ctx({ 'test:data': 'QUJ\u00e9' }), false)).toMatchObject({ result: 'unknown', reason: 'invalidValue' })
  })
})
