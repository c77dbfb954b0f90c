/**
 * Conditions that read the same operator and values share their compiled values: each condition must
 * still read its own key, its own qualifier and its own policy's Version.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { cond, ctx } from './helpers.js'

describe('conditions sharing compiled values', () => {
  it('each reads its own key', () => {
    const team = compileCondition(cond('StringEquals', 'aws:PrincipalTag/team', ['a', 'b']), true)
    const project = compileCondition(cond('StringEquals', 'aws:PrincipalTag/project', ['a', 'b']), true)
    const context = ctx({ 'aws:principaltag/team': 'a', 'aws:principaltag/project': 'c' })
    expect(team.evaluate(context, false).result).toBe('true')
    expect(project.evaluate(context, false).result).toBe('false')
    expect(project.evaluate(context, true).values?.map((v) => v.matched)).toEqual([false, false])
  })
  it('each reads variables as its policy Version says', () => {
    const withVariables = compileCondition(cond('StringEquals', 'aws:PrincipalTag/team', '${aws:username}'), true)
    const literal = compileCondition(cond('StringEquals', 'aws:PrincipalTag/team', '${aws:username}'), false)
    const context = ctx({ 'aws:principaltag/team': 'alice', 'aws:username': 'alice' })
    expect(withVariables.evaluate(context, false).result).toBe('true')
    expect(literal.evaluate(context, false).result).toBe('false')
    expect(literal.evaluate(ctx({ 'aws:principaltag/team': '${aws:username}' }), false).result).toBe('true')
  })
  it('each keeps its set qualifier, and lists that join alike stay apart', () => {
    const single = compileCondition(cond('Bool', 'aws:SecureTransport', 'true'), true)
    const anyValue = compileCondition(cond('ForAnyValue:Bool', 'aws:SecureTransport', 'true'), true)
    expect(single.evaluate(ctx({ 'aws:securetransport': 'true' }), false).result).toBe('true')
    expect(anyValue.evaluate(ctx({ 'aws:securetransport': 'true' }), false).result).toBe('true')
    const joined = compileCondition(cond('StringEquals', 'aws:PrincipalTag/team', ['a|1:b']), true)
    const two = compileCondition(cond('StringEquals', 'aws:PrincipalTag/team', ['a', 'b']), true)
    expect(joined.evaluate(ctx({ 'aws:principaltag/team': 'a' }), false).result).toBe('false')
    expect(two.evaluate(ctx({ 'aws:principaltag/team': 'a' }), false).result).toBe('true')
  })
})
