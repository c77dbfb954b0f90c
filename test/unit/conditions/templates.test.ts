/**
 * Policy-variable templates in detail: the parts and keys of each written form, the malformed forms
 * (unknown: fail closed), defaults and when they apply, substitution into patterns, and the cache of
 * compiled patterns keyed by the substituted values.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import { compileTemplate, matchTemplate, piecesToWildcardParts, resolveTemplate, staticWildcardParts, templateValuesKey, valueHolds } from '../../../src/conditions/variables.js'
import { ANY_CHAR, ANY_RUN } from '../../../src/matching/wildcard.js'
import { cond, ctx } from './helpers.js'

const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html'

describe(`template forms (${VARS})`, () => {
  it('splits text, escapes and variables, keys lowercased once each', () => {
    const t = compileTemplate("p-${aws:username}${*}${?}${$}${AWS:UserName}-${k:x, 'd'}q", true)
    expect(t.error).toBeUndefined()
    expect(t.parts).toEqual([
      { kind: 'text', text: 'p-' },
      { kind: 'variable', key: 'aws:username', keyLower: 'aws:username', source: '${aws:username}' },
      { kind: 'escape', text: '*' },
      { kind: 'escape', text: '?' },
      { kind: 'escape', text: '$' },
      { kind: 'variable', key: 'AWS:UserName', keyLower: 'aws:username', source: '${AWS:UserName}' },
      { kind: 'text', text: '-' },
      { kind: 'variable', key: 'k:x', keyLower: 'k:x', defaultValue: 'd', source: "${k:x, 'd'}" },
      { kind: 'text', text: 'q' },
    ])
    expect(t.keysRead).toEqual(['aws:username', 'k:x'])
    expect(t.hasVariables).toBe(true)
  })

  it('escapes alone make no variables; text without ${ is one literal part; empty text has none', () => {
    expect(compileTemplate('${*}', true)).toEqual({ source: '${*}', parts: [{ kind: 'escape', text: '*' }], hasVariables: false, keysRead: [] })
    expect(compileTemplate('a$b{c}', true)).toEqual({ source: 'a$b{c}', parts: [{ kind: 'text', text: 'a$b{c}' }], hasVariables: false, keysRead: [] })
    expect(compileTemplate('', true)).toEqual({ source: '', parts: [], hasVariables: false, keysRead: [] })
    expect(compileTemplate('$${k:a}', true).parts[0]).toEqual({ kind: 'text', text: '$' })
  })

  it('a quoted default may hold a closing brace, spaces and nothing at all', () => {
    expect(compileTemplate("${k:x, '}'}", true).parts).toEqual([{ kind: 'variable', key: 'k:x', keyLower: 'k:x', defaultValue: '}', source: "${k:x, '}'}" }])
    expect(compileTemplate("${k:x,''}", true).parts).toEqual([{ kind: 'variable', key: 'k:x', keyLower: 'k:x', defaultValue: '', source: "${k:x,''}" }])
    expect(compileTemplate("${ k:x , 'a b' }", true).parts).toEqual([{ kind: 'variable', key: 'k:x', keyLower: 'k:x', defaultValue: 'a b', source: "${ k:x , 'a b' }" }])
  })

  it('malformed variables make the value unreadable, the text kept as written', () => {
    for (const bad of ['${', 'a${k:x', '${}', '${ }', '${a b}', "${a'b}", '${a{b}', '${a$b}', "${k:x, d}", "${k:x, 'd}", "${k:x, d'}", "${k:x, 'a'b'}", '${k:x,}', "${k:x, '", "${k:x, '}"]) {
      const t = compileTemplate(bad, true)
      expect(t.error, bad).toMatch(/\S/)
      expect(t.parts, bad).toEqual([{ kind: 'text', text: bad }])
      expect(t.hasVariables, bad).toBe(false)
    }
  })
})

describe(`substitution (${VARS})`, () => {
  it('takes a single value; a multivalued or empty entry, or a multivalued key, leaves the default', () => {
    const t = compileTemplate("${k:x, 'dflt'}", true)
    expect(resolveTemplate(t, ctx({ 'k:x': 'v' }))).toBe('v')
    expect(resolveTemplate(t, ctx({ 'k:x': ['v'] }))).toBe('dflt')
    expect(resolveTemplate(t, ctx({ 'k:x': { values: [], multi: false } }))).toBe('dflt')
    expect(resolveTemplate(t, ctx({ 'k:x': { values: ['a', 'b'], multi: false } }))).toBe('dflt')
    expect(resolveTemplate(t, ctx())).toBe('dflt')
    const tags = compileTemplate("${aws:TagKeys, 'none'}", true)
    expect(resolveTemplate(tags, ctx({ 'aws:TagKeys': { values: ['a'], multi: false } }))).toBe('none')
    expect(resolveTemplate(compileTemplate('x${*}y${$}', true), ctx())).toBe('x*y$')
  })

  it('values keys are collision-free: one value is its own key, several are length-prefixed', () => {
    const one = compileTemplate('${k:a}/x', true)
    expect(templateValuesKey(one, ctx({ 'k:a': 'v' }))).toBe('v')
    expect(templateValuesKey(compileTemplate('x', true), ctx())).toBe('')
    const two = compileTemplate('${k:a}-${k:b}-${k:c}', true)
    const key = (a: string, b: string, c: string): string | undefined => templateValuesKey(two, ctx({ 'k:a': a, 'k:b': b, 'k:c': c }))
    expect(key('ab', 'c', 'd')).not.toBe(key('a', 'bc', 'd'))
    expect(key('a', 'b', 'cd')).not.toBe(key('a', 'bc', 'd'))
    expect(key('1:a', 'b', '')).not.toBe(key('1', 'a', 'b'))
    expect(templateValuesKey(two, ctx({ 'k:a': 'a' }))).toBeUndefined()
  })

  it('StringLike with several variables compiles each combination of values on its own', () => {
    const c = compileCondition(cond('StringLike', 'k:r', '${k:a}-${k:b}'), true)
    const run = (a: string, b: string, r: string): string => c.evaluate(ctx({ 'k:a': a, 'k:b': b, 'k:r': r }), false).result
    expect(run('ab', 'c', 'ab-c')).toBe('true')
    expect(run('a', 'bc', 'a-bc')).toBe('true')
    expect(run('a', 'bc', 'ab-c')).toBe('false')
    // Many combinations in turn (past the cache's size) each still decide on their own values.
    for (let i = 0; i < 70; i++) expect(run(`v${i}`, 'x', `v${i}-x`)).toBe('true')
    expect(run('ab', 'c', 'ab-c')).toBe('true')
  })

  it('substituted text is literal or a pattern as asked; escapes always literal; empty pieces dropped', () => {
    const pieces = [
      { origin: 'text', text: 'a*' },
      { origin: 'escape', text: '*' },
      { origin: 'value', text: 'b?' },
      { origin: 'value', text: '' },
      { origin: 'escape', text: '' },
    ] as const
    expect(piecesToWildcardParts(pieces, false)).toEqual(['a', ANY_RUN, '*', 'b?'])
    expect(piecesToWildcardParts(pieces, true)).toEqual(['a', ANY_RUN, '*', 'b', ANY_CHAR])
    expect(staticWildcardParts(compileTemplate('x${*}?', true))).toEqual(['x', '*', ANY_CHAR])
    expect(valueHolds(pieces, '*?')).toBe(true)
    expect(valueHolds(pieces, '*')).toBe(false)
    expect(valueHolds([{ origin: 'text', text: '*' }], '*?')).toBe(false)
  })

  it('matchTemplate: literal and pattern readings of a substituted wildcard agree or the match is unknown', () => {
    const t = compileTemplate('home/${aws:username}/*', true)
    expect(matchTemplate(t, ctx({ 'aws:username': 'a*' }), 'home/a*/x')).toBe('true')
    expect(matchTemplate(t, ctx({ 'aws:username': 'a*' }), 'home/ab/x')).toBe('unknown')
    expect(matchTemplate(t, ctx({ 'aws:username': 'a*' }), 'home/b/x')).toBe('false')
    expect(matchTemplate(t, ctx({ 'aws:username': 'al' }), 'HOME/AL/X', true)).toBe('true')
    expect(matchTemplate(compileTemplate('HOME/*', true), ctx(), 'home/x', true)).toBe('true')
    expect(matchTemplate(compileTemplate('HOME/*', true), ctx(), 'home/x')).toBe('false')
    expect(matchTemplate(compileTemplate('${k:a}${*}', true), ctx({ 'k:a': 'x' }), 'x*')).toBe('true')
    expect(matchTemplate(compileTemplate('${k:a}${*}', true), ctx({ 'k:a': 'x' }), 'xy')).toBe('false')
  })
})
