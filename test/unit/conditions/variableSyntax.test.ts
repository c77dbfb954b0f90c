/**
 * Policy-variable syntax and substitution at their edges: the quoted default, the escapes `${*}`,
 * `${?}`, `${$}` as literal characters in patterns without variables, the cache of compiled patterns
 * keyed by the substituted values, and the traced `resolved` value.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { compileTemplate, resolveTemplate } from '../../../src/conditions/variables.js'
import { OPS, VARS, cond, ctx } from './helpers.js'

describe(`default values: single quotes after a comma and a space [${VARS}]`, () => {
  it('reads the quoted text as the default, used when the key is absent', () => {
    const t = compileTemplate("team-${aws:PrincipalTag/team, 'company-wide'}", true)
    expect(t.error).toBeUndefined()
    expect(resolveTemplate(t, ctx())).toBe('team-company-wide')
    expect(resolveTemplate(t, ctx({ 'aws:PrincipalTag/team': 'red' }))).toBe('team-red')
  })

  it('a default must be one quoted value: unquoted, half-quoted, trailing or leading text is malformed', () => {
    for (const text of ['${k:x, none}', '${k:x,}', "${k:x, 'a'b}", "${k:x, x'a'}", "${k:x, 'a''b'}"]) {
      expect(compileTemplate(text, true).error, text).toMatch(/\S/)
    }
  })

  it('a malformed default makes the condition unknown, whatever the request', () => {
    const compiled = compileCondition(cond('StringNotEquals', 'aws:username', '${aws:PrincipalTag/team, none}'), true)
    expect(compiled.evaluate(ctx({ 'aws:username': 'alice' }), false)).toMatchObject({ result: 'unknown', reason: 'invalidValue' })
  })
})

describe(`escapes are literal characters [${VARS}]`, () => {
  it('StringLike: ${*} and ${?} match only themselves', () => {
    const star = compileCondition(cond('StringLike', 'aws:username', 'a${*}'), true)
    expect(star.evaluate(ctx({ 'aws:username': 'a*' }), false).result).toBe('true')
    expect(star.evaluate(ctx({ 'aws:username': 'abc' }), false).result).toBe('false')
    const mark = compileCondition(cond('StringLike', 'aws:username', '${?}b*'), true)
    expect(mark.evaluate(ctx({ 'aws:username': '?bc' }), false).result).toBe('true')
    expect(mark.evaluate(ctx({ 'aws:username': 'xbc' }), false).result).toBe('false')
  })

  it('ArnLike: an escape in the resource part is literal too; ${$} is a dollar sign', () => {
    const arn = compileCondition(cond('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::a${*}${$}'), true)
    expect(arn.evaluate(ctx({ 'aws:SourceArn': 'arn:aws:s3:::a*$' }), false).result).toBe('true')
    expect(arn.evaluate(ctx({ 'aws:SourceArn': 'arn:aws:s3:::abc$' }), false).result).toBe('false')
  })
})

describe(`patterns compiled per substituted values [${OPS}]`, () => {
  it('one compiled condition answers for each context, whatever it evaluated before', () => {
    // Each pair of contexts substitutes different values; a cache keyed ambiguously would reuse the
    // pattern of the first for the second.
    const compiled = compileCondition(cond('StringLike', 'aws:username', '${aws:PrincipalTag/a}/${aws:PrincipalTag/b}'), true)
    const pairs: [Record<string, string>, string][] = [
      [{ 'aws:PrincipalTag/a': 'p', 'aws:PrincipalTag/b': 'x' }, 'p/x'],
      [{ 'aws:PrincipalTag/a': 'q', 'aws:PrincipalTag/b': 'x' }, 'q/x'],
      [{ 'aws:PrincipalTag/a': 'p', 'aws:PrincipalTag/b': '1:x' }, 'p/1:x'],
      [{ 'aws:PrincipalTag/a': 'p3:', 'aws:PrincipalTag/b': 'x' }, 'p3:/x'],
      [{ 'aws:PrincipalTag/a': 'p', 'aws:PrincipalTag/b': 'x' }, 'p/x'],
    ]
    for (const [tags, name] of pairs) {
      expect(compiled.evaluate(ctx({ ...tags, 'aws:username': name }), false).result, name).toBe('true')
    }
  })

  it('three variables: each context gets its own pattern', () => {
    // The values run together ("abcd" each time) while the substituted texts differ.
    const compiled = compileCondition(cond('StringLike', 'aws:username', '${k:a}-${k:b}-${k:c}'), true)
    const contexts: Record<string, string>[] = [
      { 'k:a': 'ab', 'k:b': 'c', 'k:c': 'd' },
      { 'k:a': 'a', 'k:b': 'bc', 'k:c': 'd' },
      { 'k:a': 'a', 'k:b': 'b', 'k:c': 'cd' },
    ]
    for (const tags of contexts) {
      const name = `${tags['k:a'] ?? ''}-${tags['k:b'] ?? ''}-${tags['k:c'] ?? ''}`
      expect(compiled.evaluate(ctx({ ...tags, 'aws:username': name }), false).result).toBe('true')
      expect(compiled.evaluate(ctx({ ...tags, 'aws:username': `${name}x` }), false).result).toBe('false')
    }
  })
})

describe(`the traced resolved value [${VARS}]`, () => {
  it('ARN values show the substituted value only when it differs from the policy text', () => {
    const compiled = compileCondition(cond('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::${k:x}'), true)
    const same = compiled.evaluate(ctx({ 'aws:SourceArn': 'arn:aws:s3:::b', 'k:x': '${k:x}' }), true)
    expect(same.values?.[0]).not.toHaveProperty('resolved')
    const other = compiled.evaluate(ctx({ 'aws:SourceArn': 'arn:aws:s3:::b', 'k:x': 'b' }), true)
    expect(other.values?.[0]).toMatchObject({ resolved: 'arn:aws:s3:::b', matched: true })
  })

  it('values without variables carry no resolved field, and a plain match carries no note field', () => {
    const traced = compileCondition(cond('StringEquals', 'aws:username', 'alice'), true).evaluate(ctx({ 'aws:username': 'alice' }), true)
    expect(traced).toMatchObject({ result: 'true', reason: 'matched' })
    expect(traced).not.toHaveProperty('note')
    expect(traced.values?.[0]).not.toHaveProperty('resolved')
  })
})

describe(`escapes in a traced value [${VARS}]`, () => {
  it('ARN and string values without variables show the text their escapes stand for', () => {
    const arn = compileCondition(cond('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::a${*}'), true).evaluate(ctx({ 'aws:SourceArn': 'arn:aws:s3:::a*' }), true)
    expect(arn.values?.[0]).toMatchObject({ policyValue: 'arn:aws:s3:::a${*}', resolved: 'arn:aws:s3:::a*', matched: true })
    const text = compileCondition(cond('StringEquals', 'aws:username', 'a${*}'), true).evaluate(ctx({ 'aws:username': 'a*' }), true)
    expect(text.values?.[0]).toMatchObject({ policyValue: 'a${*}', resolved: 'a*', matched: true })
  })
})
