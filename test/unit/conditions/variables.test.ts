import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { compileTemplate, matchTemplate, resolveTemplate } from '../../../src/conditions/variables.js'
import { STSKEYS, VARS, cond, ctx, testRows } from './helpers.js'
import type { Row } from './helpers.js'

const S = 'sts:RoleSessionName'

describe('policy variables in String operators', () => {
  const rows: Row[] = [
    { doc: STSKEYS, op: 'StringLike', key: S, values: '${aws:username}', context: { [S]: 'alice', 'aws:username': 'alice' }, expect: 'true', name: 'session name must equal the user name' },
    { doc: STSKEYS, op: 'StringLike', key: S, values: '${aws:username}', context: { [S]: 'bob', 'aws:username': 'alice' }, expect: 'false', reason: 'noMatch' },
    { doc: STSKEYS, op: 'StringLike', key: S, values: '${aws:username}', context: { [S]: 'alice' }, expect: 'false', reason: 'unresolvedVariable', name: 'callers without aws:username never match' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:username}', context: { [S]: 'alice', 'aws:username': 'alice' }, expect: 'true' },
    { doc: VARS, op: 'StringEquals', key: S, values: 'pre-${aws:username}-post', context: { [S]: 'pre-alice-post', 'aws:username': 'alice' }, expect: 'true' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${AWS:UserName}', context: { [S]: 'alice', 'aws:username': 'alice' }, expect: 'true', name: 'variable key names are case-insensitive' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:PrincipalTag/team}', context: { [S]: 'red', 'aws:principaltag/team': 'red' }, expect: 'true', name: 'tag variables' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:PrincipalTag/Team}', context: { [S]: 'red', 'aws:principaltag/team': 'red' }, expect: 'true', name: 'tag key part is case-insensitive' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:PrincipalTag/team}', context: { [S]: 'RED', 'aws:principaltag/team': 'red' }, expect: 'false', name: 'tag value is case-sensitive' },
    { doc: VARS, op: 'StringEqualsIgnoreCase', key: S, values: '${aws:PrincipalTag/team}', context: { [S]: 'RED', 'aws:principaltag/team': 'red' }, expect: 'true' },
    { doc: VARS, op: 'StringEquals', key: S, values: "${aws:PrincipalTag/team, 'company-wide'}", context: { [S]: 'company-wide' }, expect: 'true', name: 'default used when absent' },
    { doc: VARS, op: 'StringEquals', key: S, values: "${aws:PrincipalTag/team, 'company-wide'}", context: { [S]: 'company-wide', 'aws:principaltag/team': 'red' }, expect: 'false', name: 'default ignored when present' },
    { doc: VARS, op: 'StringEquals', key: S, values: "${aws:userid, 'anonymous'}", context: { [S]: 'anonymous' }, expect: 'true' },
    { doc: VARS, op: 'StringEquals', key: S, values: "${aws:userid,'x'}", context: { [S]: 'x' }, expect: 'true', name: 'default without the space' },
    { doc: VARS, op: 'StringNotEquals', key: S, values: '${aws:username}', context: { [S]: 'alice' }, expect: 'true', reason: 'unresolvedVariable', name: 'negated operator with unresolved variable is true' },
    { doc: VARS, op: 'StringNotLike', key: S, values: '${aws:username}', context: { [S]: 'alice' }, expect: 'true', reason: 'unresolvedVariable' },
    { doc: VARS, op: 'StringNotEquals', key: S, values: ['${aws:username}', 'alice'], context: { [S]: 'alice' }, expect: 'false', reason: 'noMatch' },
    { doc: VARS, op: 'StringEquals', key: S, values: ['${aws:username}', 'alice'], context: { [S]: 'alice' }, expect: 'true', reason: 'matched', name: 'another value still matches' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:username}', context: {}, expect: 'false', reason: 'keyMissing', name: 'condition key missing takes precedence' },
    { doc: VARS, op: 'StringEqualsIfExists', key: S, values: '${aws:username}', context: { [S]: 'alice' }, expect: 'false', reason: 'unresolvedVariable' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:TagKeys}', context: { [S]: 'a', 'aws:tagkeys': ['a'] }, expect: 'false', reason: 'unresolvedVariable', name: 'multivalued keys never substitute' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:CalledVia}', context: { [S]: 'a', 'aws:calledvia': { values: ['a'], multi: false } }, expect: 'false', reason: 'unresolvedVariable', name: 'documented multivalued key never substitutes' },
    { doc: VARS, op: 'StringEquals', key: S, values: "${aws:TagKeys, 'd'}", context: { [S]: 'd', 'aws:tagkeys': ['a', 'b'] }, expect: 'true', name: 'multivalued key falls back to the default' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:username}', context: { [S]: '${aws:username}', 'aws:username': 'alice' }, vars: false, expect: 'true', name: 'no substitution under Version 2008-10-17' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:username}', context: { [S]: 'alice', 'aws:username': 'alice' }, vars: false, expect: 'false' },
    { doc: VARS, op: 'StringLike', key: S, values: '${*}', context: { [S]: '${anything}' }, vars: false, expect: 'true', name: 'old version: ${*} is text holding a wildcard' },
    { doc: VARS, op: 'StringLike', key: S, values: 'a${*}', context: { [S]: 'a*' }, expect: 'true', name: '${*} is a literal asterisk' },
    { doc: VARS, op: 'StringLike', key: S, values: 'a${*}', context: { [S]: 'abc' }, expect: 'false' },
    { doc: VARS, op: 'StringLike', key: S, values: 'a${?}', context: { [S]: 'a?' }, expect: 'true' },
    { doc: VARS, op: 'StringLike', key: S, values: 'a${?}', context: { [S]: 'ab' }, expect: 'false' },
    { doc: VARS, op: 'StringEquals', key: S, values: 'a${$}', context: { [S]: 'a$' }, expect: 'true' },
    { doc: VARS, op: 'StringLike', key: S, values: '${$}{aws:username}', context: { [S]: '${aws:username}', 'aws:username': 'x' }, expect: 'true', name: '${$} keeps a literal variable text' },
    { doc: VARS, op: 'StringLike', key: S, values: 'x-${aws:username}-*', context: { [S]: 'x-alice-1', 'aws:username': 'alice' }, expect: 'true' },
    { doc: VARS, op: 'StringLike', key: S, values: '${aws:username}', context: { [S]: 'abc', 'aws:username': 'a*' }, expect: 'unknown', reason: 'undocumented', name: 'substituted * : literal and pattern readings differ' },
    { doc: VARS, op: 'StringLike', key: S, values: '${aws:username}', context: { [S]: 'a*', 'aws:username': 'a*' }, expect: 'true', name: 'substituted * : both readings match' },
    { doc: VARS, op: 'StringLike', key: S, values: '${aws:username}', context: { [S]: 'zzz', 'aws:username': 'a*' }, expect: 'false', name: 'substituted * : neither reading matches' },
    { doc: VARS, op: 'StringNotLike', key: S, values: '${aws:username}', context: { [S]: 'abc', 'aws:username': 'a?c' }, expect: 'unknown', reason: 'undocumented' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:username}', context: { [S]: 'a*', 'aws:username': 'a*' }, expect: 'true', name: 'StringEquals never reads wildcards' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:username', context: { [S]: 'x' }, expect: 'unknown', reason: 'invalidValue', name: 'unterminated variable' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${}', context: { [S]: 'x' }, expect: 'unknown', reason: 'invalidValue', name: 'empty variable' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:user name}', context: { [S]: 'x' }, expect: 'unknown', reason: 'invalidValue', name: 'spaces in key name' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:username, default}', context: { [S]: 'x' }, expect: 'unknown', reason: 'invalidValue', name: 'unquoted default' },
    { doc: VARS, op: 'StringEquals', key: S, values: '${aws:username', context: { [S]: '${aws:username' }, vars: false, expect: 'true', name: 'old version: malformed text is literal' },
    { doc: VARS, op: 'StringEquals', key: S, values: 'a$b{c}', context: { [S]: 'a$b{c}' }, expect: 'true', name: 'dollar without brace is literal' },
  ]
  testRows(rows)
})

describe('policy variables in ARN operators', () => {
  const P = 'aws:PrincipalArn'
  testRows([
    { doc: VARS, op: 'ArnLike', key: P, values: 'arn:aws:iam::${aws:PrincipalAccount}:role/*', context: { [P]: 'arn:aws:iam::111122223333:role/x', 'aws:principalaccount': '111122223333' }, expect: 'true' },
    { doc: VARS, op: 'ArnLike', key: P, values: 'arn:aws:iam::${aws:PrincipalAccount}:role/*', context: { [P]: 'arn:aws:iam::111122223333:role/x', 'aws:principalaccount': '444455556666' }, expect: 'false' },
    { doc: VARS, op: 'ArnLike', key: P, values: 'arn:aws:iam::${aws:PrincipalAccount}:role/*', context: { [P]: 'arn:aws:iam::111122223333:role/x' }, expect: 'false', reason: 'unresolvedVariable' },
    { doc: VARS, op: 'ArnNotLike', key: P, values: 'arn:aws:iam::${aws:PrincipalAccount}:role/*', context: { [P]: 'arn:aws:iam::111122223333:role/x' }, expect: 'true', reason: 'unresolvedVariable' },
    { doc: VARS, op: 'ArnEquals', key: P, values: 'arn:aws:iam::111122223333:user/${aws:username}', context: { [P]: 'arn:aws:iam::111122223333:user/alice', 'aws:username': 'alice' }, expect: 'true' },
    { doc: VARS, op: 'ArnEquals', key: P, values: 'arn:aws:iam::111122223333:user/${aws:username}', context: { [P]: 'arn:aws:iam::111122223333:user/alice', 'aws:username': 'a:b' }, expect: 'unknown', reason: 'undocumented', name: 'substituted colon in ARN operators' },
    { doc: VARS, op: 'ArnEquals', key: P, values: 'arn:aws:iam::111122223333:user/${aws:username}', context: { [P]: 'arn:aws:iam::111122223333:user/alice', 'aws:username': 'al*' }, expect: 'unknown', reason: 'undocumented' },
    { doc: VARS, op: 'ArnEquals', key: P, values: 'arn:aws:iam::111122223333:user/${aws:username}', context: { [P]: 'arn:aws:iam::111122223333:user/bob', 'aws:username': 'al*' }, expect: 'false' },
  ])
})

describe('variables are literal in other operators', () => {
  testRows([
    { doc: VARS, op: 'NumericEquals', key: 'aws:MultiFactorAuthAge', values: '${aws:x}', context: { 'aws:multifactorauthage': '1', 'aws:x': '1' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: VARS, op: 'DateLessThan', key: 'aws:CurrentTime', values: '${aws:x}', context: { 'aws:currenttime': '2020-01-01T00:00:00Z' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: VARS, op: 'IpAddress', key: 'aws:SourceIp', values: '${aws:x}', context: { 'aws:sourceip': '1.2.3.4' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: VARS, op: 'BinaryEquals', key: 'k:bin', values: '${aws:x}', context: { 'k:bin': 'AA==' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: VARS, op: 'Null', key: 'aws:username', values: '${aws:x}', context: {}, expect: 'unknown', reason: 'invalidValue' },
    { doc: VARS, op: 'Bool', key: 'aws:SecureTransport', values: '${aws:x}', context: { 'aws:securetransport': 'true' }, expect: 'unknown', reason: 'undocumented', name: 'Bool variables: docs conflict' },
    { doc: VARS, op: 'Bool', key: 'aws:SecureTransport', values: '${aws:x}', context: { 'aws:securetransport': 'true' }, vars: false, expect: 'unknown', reason: 'invalidValue' },
  ])
})

describe('compileTemplate', () => {
  it('parses literal, escape and variable parts [' + VARS + ']', () => {
    const t = compileTemplate("a${*}${aws:PrincipalTag/Team, 'x y'}b", true)
    expect(t.error).toBeUndefined()
    expect(t.hasVariables).toBe(true)
    expect(t.keysRead).toEqual(['aws:principaltag/team'])
    expect(t.parts.map((p) => p.kind)).toEqual(['text', 'escape', 'variable', 'text'])
    const v = t.parts[2]
    expect(v?.kind === 'variable' ? v.defaultValue : undefined).toBe('x y')
  })
  it('keeps everything literal when variables are disabled [' + VARS + ']', () => {
    const t = compileTemplate('${aws:username}', false)
    expect(t.hasVariables).toBe(false)
    expect(t.keysRead).toEqual([])
    expect(resolveTemplate(t, ctx({ 'aws:username': 'alice' }))).toBe('${aws:username}')
  })
  it('resolves to undefined when a variable has no value [' + VARS + ']', () => {
    expect(resolveTemplate(compileTemplate('x/${aws:username}', true), ctx())).toBeUndefined()
    expect(resolveTemplate(compileTemplate('x/${aws:username}', true), ctx({ 'aws:username': 'al' }))).toBe('x/al')
  })
  it('matchTemplate serves Resource matching [' + VARS + ']', () => {
    const t = compileTemplate('arn:aws:s3:::bucket/${aws:username}/*', true)
    expect(matchTemplate(t, ctx({ 'aws:username': 'alice' }), 'arn:aws:s3:::bucket/alice/key')).toBe('true')
    expect(matchTemplate(t, ctx({ 'aws:username': 'alice' }), 'arn:aws:s3:::bucket/bob/key')).toBe('false')
    expect(matchTemplate(t, ctx(), 'arn:aws:s3:::bucket/alice/key')).toBe('unresolved')
    expect(matchTemplate(t, ctx({ 'aws:username': 'a*' }), 'arn:aws:s3:::bucket/alice/key')).toBe('unknown')
    expect(matchTemplate(compileTemplate('${x', true), ctx(), 'x')).toBe('unknown')
  })
  it('keysRead lists the condition key and every variable key [' + VARS + ']', () => {
    const c = compileCondition(cond('StringEquals', 'sts:RoleSessionName', ['${aws:username}-${aws:PrincipalTag/Team}', '${aws:username}']), true)
    expect(c.keysRead).toEqual(['sts:rolesessionname', 'aws:username', 'aws:principaltag/team'])
    expect(compileCondition(cond('StringEquals', 'sts:RoleSessionName', '${aws:username}'), false).keysRead).toEqual(['sts:rolesessionname'])
  })
  it('traces the resolved value [' + VARS + ']', () => {
    const c = compileCondition(cond('StringEquals', S, ['${aws:username}', 'bob']), true)
    const out = c.evaluate(ctx({ [S]: 'alice', 'aws:username': 'alice' }), true)
    expect(out.values).toEqual([
      { policyValue: '${aws:username}', resolved: 'alice', matched: true },
      { policyValue: 'bob', matched: false },
    ])
    expect(out.requestValues).toEqual(['alice'])
  })
})
