/**
 * The value solver: conditions on one open key, each with the result wanted, are satisfiable (with the
 * values), impossible, or undecided. Each rule cites the AWS page it comes from.
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import type { CompiledCondition } from '../../../src/conditions/types.js'
import { looseGlob, regions, strictResourceGlob } from '../../../src/diff/languages.js'
import { solve } from '../../../src/diff/solve.js'
import type { ValueLiteral } from '../../../src/diff/solve.js'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import type { Policy } from '../../../src/policy/types.js'
import type { Tri } from '../../../src/trace/types.js'

const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html'
const ACT = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html'

function cond(operator: string, key: string, values: string | string[]): CompiledCondition {
  const r = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { [key]: values } } }] }, { kind: 'identity' })
  const p = r.ok ? r.value : (r.recovered as Policy)
  return compileCondition(p.statements[0]?.conditions[0] as NonNullable<Policy['statements'][0]>['conditions'][0], true)
}

const EMPTY = { get: () => undefined }
const lit = (c: CompiledCondition, want: Tri): ValueLiteral => ({ condition: c, want, open: c.keysRead, base: EMPTY })
const SUB = 'token.actions.githubusercontent.com:sub'

describe(`string conditions on one key are decided exactly (${OPS})`, () => {
  it('a narrower pattern never holds without the wider one', () => {
    const wide = cond('StringLike', SUB, 'repo:org/*')
    const narrow = cond('StringLike', SUB, 'repo:org/app:*')
    expect(solve([lit(narrow, 'true'), lit(wide, 'false')]).kind).toBe('unsat')
    const s = solve([lit(wide, 'true'), lit(narrow, 'false')])
    expect(s.kind).toBe('sat')
    if (s.kind === 'sat') expect(wide.evaluate({ get: (k) => (k === SUB ? { values: s.values.get(SUB) ?? [], multi: false } : undefined) }, false).result).toBe('true')
  })

  it('StringEquals with a list holds exactly when one of its values does', () => {
    const list = cond('StringEquals', 'sts:ExternalId', ['a', 'b'])
    const a = cond('StringEquals', 'sts:ExternalId', 'a')
    const b = cond('StringEquals', 'sts:ExternalId', 'b')
    expect(solve([lit(list, 'true'), lit(a, 'false'), lit(b, 'false')]).kind).toBe('unsat')
    expect(solve([lit(list, 'false'), lit(a, 'true')]).kind).toBe('unsat')
    expect(solve([lit(list, 'true'), lit(a, 'false')]).kind).toBe('sat')
  })

  it('a pattern that needs a value no candidate fills is found by the search', () => {
    const like = cond('StringLike', 'aws:PrincipalTag/team', 'a?c*')
    const not1 = cond('StringNotEquals', 'aws:PrincipalTag/team', ['abc', 'axc', 'abcexample', 'axcexample', 'axcx', 'abcx'])
    const s = solve([lit(like, 'true'), lit(not1, 'true')])
    expect(s.kind).toBe('sat')
  })

  it('StringEqualsIgnoreCase and StringEquals differ on case only', () => {
    const ci = cond('StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'Ops')
    const cs = cond('StringEquals', 'aws:PrincipalTag/team', 'ops')
    const s = solve([lit(ci, 'true'), lit(cs, 'false')])
    expect(s.kind).toBe('sat')
    if (s.kind === 'sat') expect(s.values.get('aws:principaltag/team')?.[0]?.toLowerCase()).toBe('ops')
  })
})

describe(`ARN conditions compare six parts (${OPS}#Conditions_ARN)`, () => {
  it('ArnEquals and ArnLike with the same value are the same condition', () => {
    const like = cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/ci-*')
    const eq = cond('ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/ci-*')
    expect(solve([lit(like, 'true'), lit(eq, 'false')]).kind).toBe('unsat')
    expect(solve([lit(like, 'false'), lit(eq, 'true')]).kind).toBe('unsat')
  })

  it('a `*` in an account part does not cross a colon; the resource part does', () => {
    const anyAccount = cond('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*')
    const exact = cond('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::bucket:x')
    expect(solve([lit(exact, 'true'), lit(anyAccount, 'false')]).kind).toBe('unsat')
  })

  it('a value that is not an ARN makes ARN conditions unknown', () => {
    const like = cond('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*')
    const s = solve([lit(like, 'unknown')])
    expect(s.kind).toBe('sat')
  })
})

describe(`ordered types are decided by their boundaries (${OPS})`, () => {
  it('numbers: nothing is below 3 and above 5; something is between 3 and 3.5', () => {
    const lt = cond('NumericLessThan', 'aws:MultiFactorAuthAge', '3')
    const gt = cond('NumericGreaterThan', 'aws:MultiFactorAuthAge', '5')
    expect(solve([lit(lt, 'true'), lit(gt, 'true')]).kind).toBe('unsat')
    const gt3 = cond('NumericGreaterThan', 'aws:MultiFactorAuthAge', '3')
    const lt35 = cond('NumericLessThan', 'aws:MultiFactorAuthAge', '3.5')
    expect(solve([lit(gt3, 'true'), lit(lt35, 'true')]).kind).toBe('sat')
  })

  it('IP ranges: an address in a /24 and outside the /16 that holds it does not exist', () => {
    const small = cond('IpAddress', 'aws:SourceIp', '203.0.113.0/24')
    const big = cond('IpAddress', 'aws:SourceIp', '203.0.0.0/16')
    expect(solve([lit(small, 'true'), lit(big, 'false')]).kind).toBe('unsat')
    expect(solve([lit(big, 'true'), lit(small, 'false')]).kind).toBe('sat')
  })

  it('Bool: the key is true, false, absent or unreadable', () => {
    const t = cond('Bool', 'aws:MultiFactorAuthPresent', 'true')
    const f = cond('Bool', 'aws:MultiFactorAuthPresent', 'false')
    expect(solve([lit(t, 'true'), lit(f, 'true')]).kind).toBe('unsat')
    expect(solve([lit(t, 'false'), lit(f, 'false')]).kind).toBe('sat') // absent
    expect(solve([lit(t, 'unknown')]).kind).toBe('sat')
  })
})

describe(`the languages of Action and Resource patterns (${ACT})`, () => {
  it('regions of overlapping action patterns, case-insensitive', () => {
    const r = regions([[looseGlob('s3:Get*')], [looseGlob('s3:GetObject')]])
    expect(r.complete).toBe(true)
    expect([...r.regions.keys()].sort()).toEqual(['00', '10', '11'])
  })

  it('a strict resource pattern keeps a `*` inside its segment unless it ends the segment', () => {
    const r = regions([[strictResourceGlob('arn:aws:iam::*:role/x')], [strictResourceGlob('arn:aws:iam::1*2:role/x')]])
    expect([...r.regions.keys()].sort()).toEqual(['00', '10', '11'])
  })
})
