/**
 * Compiling statements that lack an element (as the parser recovers them), the text of input
 * errors, and policy-variable keys at the very start of a pattern.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 */
import { describe, expect, it } from 'vitest'
import { compilePolicy } from '../../../src/compile/compilePolicy.js'
import type { Policy } from '../../../src/policy/types.js'
import { compiled, parsed } from './helpers.js'

const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html'

describe('statements missing an element still compile (the parser reported them)', () => {
  it.each([
    ['an RCP statement without Action', 'rcp', { Effect: 'Deny', Principal: '*', Resource: '*' }],
    ['an RCP statement without Principal', 'rcp', { Effect: 'Deny', Action: 's3:*', Resource: '*' }],
    ['a trust statement without Principal', 'trust', { Effect: 'Allow', Action: 'sts:AssumeRole' }],
    ['an identity statement without Action', 'identity', { Effect: 'Allow', Resource: '*' }],
  ] as const)('%s', (_name, kind, statement) => {
    const p = compiled(kind, statement)
    expect(p.errors).toBeUndefined()
    expect(p.statements.length).toBe(1)
  })

  it('a statement whose principal can be read has no reason in principalUnreadable, and every statement the same fields', () => {
    const readable = compiled('rcp', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }).statements[0]
    const unreadable = compiled('rcp', { Effect: 'Deny', NotPrincipal: '*', Action: 's3:*', Resource: '*' }).statements[0]
    expect(readable?.principalUnreadable).toBeUndefined()
    expect(unreadable?.principalUnreadable).toBeDefined()
    expect(Object.keys(readable ?? {})).toEqual(Object.keys(unreadable ?? {}))
  })
})

describe('errors of compilePolicy', () => {
  it('an exception while compiling points at the whole policy', () => {
    const broken = { kind: 'identity', pointer: '', variablesEnabled: false, statements: [null] } as unknown as Policy
    expect(compilePolicy(broken, 'identity', 'Broken').errors?.map((e) => e.pointer)).toEqual([''])
  })

  it('an unknown layer is quoted in at most 50 characters', () => {
    const long = `layer-${'x'.repeat(100)}`
    const message = compilePolicy(parsed('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*' }), long as never, 'P').errors?.[0]?.message ?? ''
    expect(message).toContain(long.slice(0, 50))
    expect(message).not.toContain(long.slice(0, 51))
  })
})

describe(`policy-variable keys (${VARS})`, () => {
  it('reads a variable at the very start of a pattern, and the key before a default value', () => {
    const keys = (resource: string) => compiled('identity', { Effect: 'Allow', Action: 's3:*', Resource: resource }).statements[0]?.resourceVariableKeys
    expect(keys('${aws:username}')).toEqual(['aws:username'])
    expect(keys("arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}")).toEqual(['aws:principaltag/team'])
  })
})
