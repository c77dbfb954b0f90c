/**
 * Conditions compiled together that read the same operator and values share their compiled values:
 * each condition must still read its own key, its own qualifier and its own policy's Version.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import type { CompiledCondition } from '../../../src/conditions/types.js'
import { compilingTogether } from '../../../src/matching/sharedCompilation.js'
import type { ConditionNode } from '../../../src/policy/types.js'
import { cond, ctx } from './helpers.js'

/** Compiles every node in one compilation. */
const together = (...nodes: readonly (readonly [ConditionNode, boolean])[]): CompiledCondition[] => compilingTogether(() => nodes.map(([node, variables]) => compileCondition(node, variables)))

describe('conditions sharing compiled values', () => {
  it('each reads its own key', () => {
    const [team, project] = together([cond('StringEquals', 'aws:PrincipalTag/team', ['a', 'b']), true], [cond('StringEquals', 'aws:PrincipalTag/project', ['a', 'b']), true]) as [CompiledCondition, CompiledCondition]
    const context = ctx({ 'aws:principaltag/team': 'a', 'aws:principaltag/project': 'c' })
    expect(team.evaluate(context, false).result).toBe('true')
    expect(project.evaluate(context, false).result).toBe('false')
    expect(project.evaluate(context, true).values?.map((v) => v.matched)).toEqual([false, false])
  })
  it('each reads variables as its policy Version says', () => {
    const node = cond('StringEquals', 'aws:PrincipalTag/team', '${aws:username}')
    const [withVariables, literal] = together([node, true], [node, false]) as [CompiledCondition, CompiledCondition]
    const context = ctx({ 'aws:principaltag/team': 'alice', 'aws:username': 'alice' })
    expect(withVariables.evaluate(context, false).result).toBe('true')
    expect(literal.evaluate(context, false).result).toBe('false')
    expect(literal.evaluate(ctx({ 'aws:principaltag/team': '${aws:username}' }), false).result).toBe('true')
  })
  it('each keeps its set qualifier (Bool with several values is refused only without one)', () => {
    const [qualified, plain] = together([cond('ForAnyValue:Bool', 'aws:SecureTransport', ['true', 'false']), true], [cond('Bool', 'aws:SecureTransport', ['true', 'false']), true]) as [CompiledCondition, CompiledCondition]
    expect(qualified.evaluate(ctx({ 'aws:securetransport': 'true' }), false).result).toBe('true')
    expect(plain.evaluate(ctx({ 'aws:securetransport': 'true' }), false).result).toBe('unknown')
  })
  it('lists of values that would join alike stay apart', () => {
    const [joined, two] = together([cond('StringEquals', 'aws:PrincipalTag/team', ['a|b']), true], [cond('StringEquals', 'aws:PrincipalTag/team', ['a', 'b']), true]) as [CompiledCondition, CompiledCondition]
    expect(joined.evaluate(ctx({ 'aws:principaltag/team': 'a' }), false).result).toBe('false')
    expect(two.evaluate(ctx({ 'aws:principaltag/team': 'a' }), false).result).toBe('true')
  })
})
