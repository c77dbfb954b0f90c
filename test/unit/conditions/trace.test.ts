import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { isMultivaluedKey } from '../../../src/conditions/multivaluedKeys.js'
import { GKEYS, OPS, SETOPS, STSKEYS, cond, ctx } from './helpers.js'

describe('untraced evaluation returns shared constants', () => {
  it('returns the same frozen object for the same result and reason [' + OPS + ']', () => {
    const a = compileCondition(cond('StringEquals', 'aws:username', 'alice'), true)
    const b = compileCondition(cond('NumericLessThan', 'k:n', '5'), true)
    const first = a.evaluate(ctx({ 'aws:username': 'alice' }), false)
    const second = b.evaluate(ctx({ 'k:n': '1' }), false)
    expect(first).toBe(second)
    expect(Object.isFrozen(first)).toBe(true)
    expect(first).toEqual({ result: 'true', reason: 'matched' })
    expect(a.evaluate(ctx(), false)).toBe(b.evaluate(ctx(), false))
  })
})

describe('traced evaluation', () => {
  it('reports request values and per-value matches [' + OPS + ']', () => {
    const c = compileCondition(cond('ForAnyValue:StringLike', 'aws:TagKeys', ['env*', 'owner']), true)
    const out = c.evaluate(ctx({ 'aws:TagKeys': ['environment', 'cost'] }), true)
    expect(out).toEqual({
      result: 'true',
      reason: 'matched',
      requestValues: ['environment', 'cost'],
      values: [
        { policyValue: 'env*', matched: true },
        { policyValue: 'owner', matched: false },
      ],
    })
  })
  it('omits requestValues when the key is missing [' + OPS + ']', () => {
    const out = compileCondition(cond('StringEquals', 'aws:username', 'a'), true).evaluate(ctx(), true)
    expect(out.requestValues).toBeUndefined()
    expect(out.reason).toBe('keyMissing')
    expect(out.values).toEqual([{ policyValue: 'a', matched: false }])
  })
  it('names the rule for every fail-closed case [' + SETOPS + ']', () => {
    const cases = [
      compileCondition(cond('ForAllValues:StringEqualsIfExists', 'aws:TagKeys', 'a'), true).evaluate(ctx(), true),
      compileCondition(cond('StringEquals', 'aws:TagKeys', 'a'), true).evaluate(ctx({ 'aws:tagkeys': ['a', 'b'] }), true),
      compileCondition(cond('NumericEquals', 'k:n', 'x'), true).evaluate(ctx({ 'k:n': '1' }), true),
      compileCondition(cond('Bogus', 'k:n', 'x'), true).evaluate(ctx(), true),
      compileCondition(cond('ForAllValues:StringNotLike', 'aws:ResourceOrgPaths', 'o-1/*'), true).evaluate(ctx(), true),
    ]
    for (const out of cases) {
      expect(out.result).toBe('unknown')
      expect(typeof out.note).toBe('string')
    }
    expect(cases[0]?.note).toContain('IfExists with a set qualifier')
  })
  it('notes a bare IPv6 address and a multivalued key with one value [' + OPS + ']', () => {
    const ip = compileCondition(cond('IpAddress', 'aws:SourceIp', '2001:db8::1'), true).evaluate(ctx({ 'aws:sourceip': '2001:db8::1' }), true)
    expect(ip.result).toBe('true')
    expect(ip.note).toContain('/128')
    const one = compileCondition(cond('StringEquals', 'aws:TagKeys', 'a'), true).evaluate(ctx({ 'aws:tagkeys': ['a'] }), true)
    expect(one.result).toBe('true')
    expect(one.note).toBeDefined()
  })
  it('notes an unresolved variable [https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html]', () => {
    const out = compileCondition(cond('StringLike', 'sts:RoleSessionName', '${aws:username}'), true).evaluate(ctx({ 'sts:rolesessionname': 'x' }), true)
    expect(out.reason).toBe('unresolvedVariable')
    expect(out.note).toContain('aws:username')
  })
  it('keeps the node and reports the key for unknown operators [' + OPS + ']', () => {
    const node = cond('Whatever', 'k:x', 'v')
    const c = compileCondition(node, true)
    expect(c.node).toBe(node)
    expect(c.keysRead).toEqual(['k:x'])
  })
})

describe('isMultivaluedKey', () => {
  const rows: Array<[string, boolean, string]> = [
    ['aws:tagkeys', true, GKEYS],
    ['aws:principalorgpaths', true, GKEYS],
    ['aws:resourceorgpaths', true, GKEYS],
    ['aws:sourceorgpaths', true, GKEYS],
    ['aws:vpceorgpaths', true, GKEYS],
    ['aws:calledvia', true, GKEYS],
    ['aws:principalservicenameslist', true, GKEYS],
    ['sts:transitivetagkeys', true, STSKEYS],
    ['cognito-identity.amazonaws.com:amr', true, STSKEYS],
    ['token.example.com/path:amr', true, STSKEYS],
    ['saml:edupersonaffiliation', true, STSKEYS],
    ['saml:mail', true, STSKEYS],
    ['saml:sub', false, STSKEYS],
    ['saml:edupersonprincipalname', false, STSKEYS],
    ['aws:calledviafirst', false, GKEYS],
    ['aws:principaltag/team', false, GKEYS],
    ['aws:principalorgid', false, GKEYS],
    ['aws:username', false, GKEYS],
  ]
  for (const [key, expected, doc] of rows) {
    it(`${key} -> ${expected} [${doc}]`, () => expect(isMultivaluedKey(key)).toBe(expected))
  }
})
