/**
 * What a traced condition says, path by path: the result and reason, whether a note explains it
 * (every fail-closed case, and the informational ones), the request values and per-value matches.
 * Notes are checked for presence, never for wording.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import type { ConditionOutcome } from '../../../src/conditions/types.js'
import { AA, OPS, SETOPS, VARS, cond, ctx } from './helpers.js'
import type { CtxValue } from './helpers.js'

interface Case {
  readonly doc: string
  readonly op: string
  readonly key?: string
  readonly values: string | readonly string[]
  readonly context: Readonly<Record<string, CtxValue>>
  readonly result: string
  readonly reason: string
  /** Whether the trace carries a note. */
  readonly note: boolean
}

const T = 'aws:TagKeys'
const U = 'aws:username'

function evaluate(c: Pick<Case, 'op' | 'key' | 'values' | 'context'>): { plain: ConditionOutcome; traced: ConditionOutcome } {
  const compiled = compileCondition(cond(c.op, c.key ?? T, c.values), true)
  return { plain: compiled.evaluate(ctx(c.context), false), traced: compiled.evaluate(ctx(c.context), true) }
}

function check(cases: readonly Case[]): void {
  for (const c of cases) {
    it(`${c.op} ${JSON.stringify(c.values)} ${JSON.stringify(c.context)} -> ${c.result}/${c.reason}${c.note ? ', with a note' : ''} [${c.doc}]`, () => {
      const { plain, traced } = evaluate(c)
      expect([plain.result, plain.reason]).toEqual([c.result, c.reason])
      expect([traced.result, traced.reason]).toEqual([c.result, c.reason])
      if (c.note) expect(traced.note).toMatch(/\S/)
      else expect(traced.note).toBeUndefined()
      expect(plain.note).toBeUndefined()
    })
  }
}

describe('plain operators', () => {
  check([
    { doc: OPS, op: 'StringEqualsIfExists', key: U, values: 'a', context: {}, result: 'true', reason: 'ifExistsMissing', note: false },
    { doc: OPS, op: 'StringEqualsIfExists', key: U, values: 'a', context: { [U]: { values: [], multi: false } }, result: 'true', reason: 'ifExistsMissing', note: false },
    { doc: AA, op: 'StringEquals', key: U, values: [], context: {}, result: 'unknown', reason: 'undocumented', note: true },
    { doc: OPS, op: 'StringNotEquals', key: U, values: 'a', context: {}, result: 'true', reason: 'keyMissing', note: false },
    { doc: OPS, op: 'StringEquals', key: U, values: 'a', context: {}, result: 'false', reason: 'keyMissing', note: false },
    { doc: AA, op: 'StringEqualsIfExists', key: U, values: [], context: { [U]: 'a' }, result: 'false', reason: 'noMatch', note: false },
    { doc: AA, op: 'StringEquals', key: U, values: [], context: { [U]: 'a' }, result: 'unknown', reason: 'undocumented', note: true },
    { doc: SETOPS, op: 'StringEquals', values: 'a', context: { [T]: ['a', 'b'] }, result: 'unknown', reason: 'multivaluedKey', note: true },
    { doc: SETOPS, op: 'StringEquals', values: 'a', context: { [T]: [] }, result: 'unknown', reason: 'multivaluedKey', note: true },
    { doc: SETOPS, op: 'StringEquals', values: 'a', context: { [T]: ['a'] }, result: 'true', reason: 'matched', note: true },
    { doc: SETOPS, op: 'StringEquals', values: 'a', context: { [T]: { values: ['a'], multi: false } }, result: 'true', reason: 'matched', note: true },
    { doc: SETOPS, op: 'StringEquals', key: U, values: 'a', context: { [U]: ['a'] }, result: 'true', reason: 'matched', note: true },
    { doc: OPS, op: 'StringEquals', key: U, values: 'a', context: { [U]: 'a' }, result: 'true', reason: 'matched', note: false },
    { doc: OPS, op: 'NumericLessThan', key: U, values: ['5', '7'], context: { [U]: 'x' }, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'NumericNotEquals', key: U, values: '5', context: { [U]: 'x' }, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'DateEquals', key: U, values: '2020', context: { [U]: '1577836800' }, result: 'unknown', reason: 'undocumented', note: true },
    { doc: VARS, op: 'StringLike', key: U, values: 'home/${k:x}/*', context: { [U]: 'home/a/b' }, result: 'false', reason: 'unresolvedVariable', note: true },
    { doc: VARS, op: 'StringNotLike', key: U, values: 'home/${k:x}/*', context: { [U]: 'home/a/b' }, result: 'true', reason: 'unresolvedVariable', note: true },
    { doc: VARS, op: 'StringLike', key: U, values: ['home/${k:x}/*', 'home/*'], context: { [U]: 'home/a/b' }, result: 'true', reason: 'matched', note: false },
    { doc: VARS, op: 'StringNotLike', key: U, values: ['home/${k:x}/*', 'home/*'], context: { [U]: 'home/a/b' }, result: 'false', reason: 'noMatch', note: false },
    { doc: VARS, op: 'StringLike', key: U, values: 'home/${k:x}', context: { [U]: 'home/ab', 'k:x': 'a*' }, result: 'unknown', reason: 'undocumented', note: true },
  ])

  it(`an unresolved variable's note names the keys without a value [${VARS}]`, () => {
    const { traced } = evaluate({ op: 'StringEquals', key: U, values: '${k:x}-${k:y}-${k:z}-${k:w}-${aws:TagKeys}', context: { [U]: 'v', 'k:y': 'y', 'k:z': ['z'], 'k:w': { values: [], multi: false }, [T]: { values: ['t'], multi: false } } })
    expect(traced.reason).toBe('unresolvedVariable')
    expect(traced.note).toContain('k:x')
    expect(traced.note).not.toContain('k:y')
    expect(traced.note).toContain('k:z')
    expect(traced.note).toContain('k:w')
    expect(traced.note).toContain('aws:tagkeys')
  })
})

describe('set qualifiers', () => {
  check([
    { doc: SETOPS, op: 'ForAllValues:StringEqualsIfExists', values: 'a', context: { [T]: ['b'] }, result: 'false', reason: 'noMatch', note: false },
    { doc: SETOPS, op: 'ForAllValues:StringEqualsIfExists', values: 'a', context: { [T]: ['a'] }, result: 'unknown', reason: 'undocumented', note: true },
    { doc: SETOPS, op: 'ForAnyValue:StringEqualsIfExists', values: 'a', context: {}, result: 'unknown', reason: 'undocumented', note: true },
    { doc: AA, op: 'ForAllValues:StringEquals', values: [], context: {}, result: 'true', reason: 'keyMissing', note: false },
    { doc: AA, op: 'ForAllValues:StringEquals', values: [], context: { [T]: [] }, result: 'true', reason: 'matched', note: false },
    { doc: AA, op: 'ForAnyValue:StringEquals', values: [], context: {}, result: 'false', reason: 'keyMissing', note: false },
    { doc: AA, op: 'ForAnyValue:StringEquals', values: [], context: { [T]: [] }, result: 'false', reason: 'noMatch', note: false },
    { doc: AA, op: 'ForAnyValue:StringEquals', values: [], context: { [T]: ['a'] }, result: 'false', reason: 'noMatch', note: false },
    { doc: AA, op: 'ForAllValues:StringNotEquals', values: [], context: { [T]: ['a'] }, result: 'unknown', reason: 'undocumented', note: true },
    { doc: SETOPS, op: 'ForAnyValue:StringEquals', values: 'a', context: {}, result: 'false', reason: 'keyMissing', note: false },
    { doc: SETOPS, op: 'ForAnyValue:StringEquals', values: 'a', context: { [T]: [] }, result: 'false', reason: 'noMatch', note: false },
    { doc: SETOPS, op: 'ForAllValues:StringNotEquals', values: 'a', context: {}, result: 'unknown', reason: 'undocumented', note: true },
    { doc: SETOPS, op: 'ForAllValues:StringEquals', values: 'a', context: {}, result: 'true', reason: 'keyMissing', note: false },
    { doc: SETOPS, op: 'ForAllValues:StringEquals', values: 'a', context: { [T]: [] }, result: 'true', reason: 'matched', note: false },
    // The first value decides: the unreadable one after it is never read, so no note.
    { doc: SETOPS, op: 'ForAllValues:NumericLessThan', values: '5', context: { [T]: ['9', 'x'] }, result: 'false', reason: 'noMatch', note: false },
    { doc: SETOPS, op: 'ForAnyValue:NumericLessThan', values: '5', context: { [T]: ['1', 'x'] }, result: 'true', reason: 'matched', note: false },
    { doc: SETOPS, op: 'ForAnyValue:NumericLessThan', values: '5', context: { [T]: ['x', '9'] }, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: SETOPS, op: 'ForAllValues:NumericLessThan', values: '5', context: { [T]: ['x', '1'] }, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: SETOPS, op: 'ForAllValues:NumericLessThan', values: '5', context: { [T]: ['1', '2'] }, result: 'true', reason: 'matched', note: false },
    { doc: SETOPS, op: 'ForAnyValue:StringLike', values: 'home/${k:x}', context: { [T]: ['home/a'] }, result: 'false', reason: 'unresolvedVariable', note: true },
    { doc: SETOPS, op: 'ForAnyValue:StringNotLike', values: 'home/${k:x}', context: { [T]: ['home/a'] }, result: 'true', reason: 'unresolvedVariable', note: true },
  ])
})

describe('Null and compile-time problems', () => {
  check([
    { doc: OPS, op: 'Null', values: 'true', context: { [T]: [] }, result: 'true', reason: 'matched', note: true },
    { doc: OPS, op: 'Null', values: 'false', context: { [T]: [] }, result: 'false', reason: 'noMatch', note: true },
    { doc: OPS, op: 'Null', values: 'true', context: { [T]: ['', ''] }, result: 'unknown', reason: 'undocumented', note: true },
    { doc: OPS, op: 'Null', values: 'false', context: { [T]: ['', 'a'] }, result: 'true', reason: 'matched', note: false },
    { doc: AA, op: 'ForAllValues:Null', values: 'false', context: {}, result: 'true', reason: 'matched', note: true },
    { doc: AA, op: 'ForAnyValue:Null', values: 'true', context: {}, result: 'false', reason: 'noMatch', note: true },
    { doc: AA, op: 'NullIfExists', values: 'true', context: {}, result: 'unknown', reason: 'unknownOperator', note: true },
    { doc: AA, op: 'Null', values: 'maybe', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: AA, op: 'Null', values: [], context: {}, result: 'unknown', reason: 'undocumented', note: true },
    { doc: OPS, op: 'StringEqualz', values: 'a', context: {}, result: 'unknown', reason: 'unknownOperator', note: true },
    { doc: OPS, op: 'StringEquals', key: 'nocolon', values: 'a', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'StringEquals', key: 'k:\u0001x', values: 'a', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'StringNotEquals', key: U, values: 'a\u0001', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'NumericEquals', key: U, values: 'x', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'DateEquals', key: U, values: 'x', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'IpAddress', key: U, values: 'x', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'BinaryEquals', key: U, values: 'x', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'Bool', key: U, values: 'x', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'Bool', key: U, values: '${aws:username}', context: {}, result: 'unknown', reason: 'undocumented', note: true },
    { doc: OPS, op: 'StringEquals', key: U, values: '${', context: {}, result: 'unknown', reason: 'invalidValue', note: true },
    { doc: OPS, op: 'IpAddress', key: U, values: '::1', context: { [U]: '::1' }, result: 'true', reason: 'matched', note: true },
    { doc: OPS, op: 'IpAddress', key: U, values: '::1/128', context: { [U]: '::1' }, result: 'true', reason: 'matched', note: false },
  ])
})

describe('traced values', () => {
  it(`Null reports per value whether the key is null [${OPS}]`, () => {
    expect(evaluate({ op: 'Null', values: ['true', 'false'], context: { [T]: [] } }).traced).toEqual({
      result: 'true',
      reason: 'matched',
      requestValues: [],
      values: [
        { policyValue: 'true', matched: true },
        { policyValue: 'false', matched: false },
      ],
      note: expect.stringMatching(/\S/),
    })
    expect(evaluate({ op: 'Null', values: ['true', 'false'], context: {} }).traced.values).toEqual([
      { policyValue: 'true', matched: true },
      { policyValue: 'false', matched: false },
    ])
    expect(evaluate({ op: 'Null', values: ['true', 'false'], context: { [T]: ['a'] } }).traced.values).toEqual([
      { policyValue: 'true', matched: false },
      { policyValue: 'false', matched: true },
    ])
  })

  it(`a condition decided at compile time lists its values unmatched and the request's values [${OPS}]`, () => {
    expect(evaluate({ op: 'NumericEquals', values: ['x', '1'], context: { [T]: ['1'] } }).traced).toEqual({
      result: 'unknown',
      reason: 'invalidValue',
      requestValues: ['1'],
      values: [
        { policyValue: 'x', matched: false },
        { policyValue: '1', matched: false },
      ],
      note: expect.stringMatching(/\S/),
    })
    expect(evaluate({ op: 'NumericEquals', values: 'x', context: {} }).traced.requestValues).toBeUndefined()
  })

  it(`values report a match only for a present key; the request values are a copy [${OPS}]`, () => {
    const values = ['a', 'b']
    const out = evaluate({ op: 'ForAnyValue:StringEquals', values: ['a', 'c'], context: { [T]: values } }).traced
    expect(out.values).toEqual([
      { policyValue: 'a', matched: true },
      { policyValue: 'c', matched: false },
    ])
    expect(out.requestValues).toEqual(['a', 'b'])
    expect(out.requestValues).not.toBe(values)
    expect(evaluate({ op: 'StringNotEquals', key: U, values: 'a', context: {} }).traced.values).toEqual([{ policyValue: 'a', matched: false }])
  })

  it(`keysRead: the condition key first, then each variable key once, the condition key not repeated [${VARS}]`, () => {
    expect(compileCondition(cond('StringEquals', U, ['${aws:username}/${k:a}', '${K:A}']), true).keysRead).toEqual(['aws:username', 'k:a'])
    expect(compileCondition(cond('ArnLike', U, ['arn:aws:s3:::${k:a}/${k:b}', 'arn:aws:s3:::${k:a}']), true).keysRead).toEqual(['aws:username', 'k:a', 'k:b'])
    expect(compileCondition(cond('Null', U, 'true'), true).keysRead).toEqual(['aws:username'])
    expect(compileCondition(cond('NumericEquals', U, 'x'), true).keysRead).toEqual(['aws:username'])
  })
})
