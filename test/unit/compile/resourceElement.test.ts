/**
 * Resource / NotResource elements: ARN patterns read strictly and loosely, patterns AWS refuses,
 * policy variables substituted per request (only in the resource part), and NotResource inverting
 * true and false but never unknown.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { describe, expect, it } from 'vitest'
import { compileArnPatternParts } from '../../../src/compile/matchResource.js'
import { compileResourceMatcher } from '../../../src/compile/resourceElement.js'
import { compilingTogether, sharedTable } from '../../../src/matching/sharedCompilation.js'
import { tokenizeWildcard } from '../../../src/matching/wildcard.js'
import type { ResourceElement } from '../../../src/policy/types.js'
import type { RequestContext } from '../../../src/request/context.js'

const NONE: RequestContext = { get: () => undefined }
const ctx = (values: Record<string, string>): RequestContext => ({ get: (k) => (values[k] !== undefined ? { values: [values[k] as string], multi: false } : undefined) })
const element = (kind: ResourceElement['kind'], ...values: string[]): ResourceElement =>
  ({ kind, pointer: '/Statement/0/Resource', patterns: values.map((value, i) => ({ value, pointer: `/Statement/0/Resource/${i}` })) }) as unknown as ResourceElement
const match = (values: string | string[], resource: string, context = NONE, variables = true) =>
  compileResourceMatcher(element('resource', ...(Array.isArray(values) ? values : [values])), variables).match(resource, context)
const arn = (pattern: string, resource: string) => compileArnPatternParts(pattern, tokenizeWildcard(pattern)).match(resource)

describe('ARN patterns, strict and loose', () => {
  it.each([
    ['*', 'arn:aws:s3:::b/k', 'true'],
    ['arn:aws:s3:::b/k', 'arn:aws:s3:::b/k', 'true'],
    ['arn:aws:s3:::b/k', 'arn:aws:s3:::B/K', 'unknown'],
    ['arn:aws:s3:::b/k', 'arn:aws:s3:::b/kk', 'false'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/k/l', 'true'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::B/k', 'unknown'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/k', 'false'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3::x:b/k', 'false'],
    ['arn:aws:s3:::*', 'arn:aws:s3:::b:c', 'true'],
    ['arn:aws:iam::*', 'arn:aws:iam::111122223333:role/R', 'true'],
    ['arn:aws:iam::*:role/R', 'arn:aws:iam::111122223333:role/R', 'true'],
    ['arn:aws:iam::*:role/R', 'arn:aws:iam::111122223333:x:role/R', 'true'],
    ['arn:aws:iam::*:role/R', 'arn:aws:iam::111122223333:role/S', 'false'],
    ['arn:aws:*:*:*:role/R', 'arn:aws:iam::111122223333:role/R', 'true'],
    ['arn:aws:iam::*3:role/R', 'arn:aws:iam::1:2:3:role/R', 'unknown'],
    ['arn:aws:iam::1?:role/R', 'arn:aws:iam::1::role/R', 'unknown'],
    ['arn:aws:iam::111122223333:role/*', 'arn:aws:iam::111122223333:role/a:b', 'true'],
    ['arn:*:iam::111122223333:role', 'arn:aws:iam::111122223333:role', 'true'],
    ['arn:*:iam::111122223333:role', 'arn:aws:iam::111122223333', 'false'],
    ['arn:*:iam::111122223333:role', 'arn:aws:iam::111122223333:role:x', 'false'],
    ['arn:a?s:iam::111122223333', 'arn:aws:iam::111122223333', 'true'],
    ['arn:a?s:iam::111122223333', 'arn:aws:iam::111122223333:x', 'false'],
    ['arn:aws:iam::111122223333:*', 'arn:aws:iam::111122223333:a:b', 'true'],
  ])('%s against %s: %s', (pattern, resource, expected) => {
    expect(arn(pattern, resource)).toBe(expected)
  })
})

describe('compileResourceMatcher', () => {
  it('keeps the pointer, the patterns as written, and whether it is negated', () => {
    const m = compileResourceMatcher(element('notResource', 'arn:aws:s3:::b/*', '*'), true)
    expect([m.pointer, m.sources, m.negated]).toEqual(['/Statement/0/Resource', ['arn:aws:s3:::b/*', '*'], true])
    expect(compileResourceMatcher(element('resource', '*'), true).negated).toBe(false)
  })

  it('says it reads the context exactly when a pattern substitutes a policy variable', () => {
    const reads = (variables: boolean, ...values: string[]) => compileResourceMatcher(element('resource', ...values), variables).readsContext
    expect(reads(true, 'arn:aws:s3:::b/*', '*')).toBe(false)
    expect(reads(true, 'arn:aws:s3:::b/*', 'arn:aws:s3:::home/${aws:username}/*')).toBe(true)
    expect(reads(false, 'arn:aws:s3:::home/${aws:username}/*')).toBe(false)
    // With variables, the answer changes with the context; without, it cannot.
    const m = compileResourceMatcher(element('resource', 'arn:aws:s3:::home/${aws:username}/*'), true)
    expect([m.match('arn:aws:s3:::home/alice/k', ctx({ 'aws:username': 'alice' })).result, m.match('arn:aws:s3:::home/alice/k', ctx({ 'aws:username': 'bob' })).result]).toEqual(['true', 'false'])
  })

  it.each([['not-an-arn'], ['arn:aws:s3'], ['arn:aws:s3:::b/\u0001']])('a pattern AWS refuses (%j) matches unknown, naming it', (pattern) => {
    const r = match(pattern, 'arn:aws:s3:::b/k')
    expect(r.result).toBe('unknown')
    expect(r.note).toContain(pattern)
  })

  it('a malformed policy variable matches unknown', () => {
    const r = match('arn:aws:s3:::b/${aws:username', 'arn:aws:s3:::b/alice')
    expect(r.result).toBe('unknown')
    expect(r.note).toMatch(/malformed policy variable/)
  })

  it('a policy variable before the resource part is not expanded: unknown', () => {
    const r = match('arn:aws:iam::${aws:PrincipalAccount}:user/x', 'arn:aws:iam::111122223333:user/x', ctx({ 'aws:principalaccount': '111122223333' }))
    expect(r.result).toBe('unknown')
    expect(r.note).toMatch(/fifth colon/)
  })

  it('without variables enabled (Version 2008-10-17), `${…}` is plain text', () => {
    expect(match('arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/${aws:username}', ctx({ 'aws:username': 'alice' }), false).result).toBe('true')
    expect(match('arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/alice', ctx({ 'aws:username': 'alice' }), false).result).toBe('false')
  })

  it('substitutes a variable per request', () => {
    const m = compileResourceMatcher(element('resource', 'arn:aws:s3:::b/${aws:username}/*'), true)
    const alice = ctx({ 'aws:username': 'alice' })
    const bob = ctx({ 'aws:username': 'bob' })
    expect(m.match('arn:aws:s3:::b/alice/x', alice)).toEqual({ result: 'true' })
    expect(m.match('arn:aws:s3:::b/alice/x', bob)).toEqual({ result: 'false' })
    expect(m.match('arn:aws:s3:::b/bob/x', bob)).toEqual({ result: 'true' })
    expect(m.match('arn:aws:s3:::b/Alice/x', alice).result).toBe('unknown')
    expect(m.match('arn:aws:s3:::b/alice/x', alice)).toEqual({ result: 'true' })
    for (let i = 0; i < 100; i++) expect(m.match(`arn:aws:s3:::b/u${i}/x`, ctx({ 'aws:username': `u${i}` })).result).toBe('true')
    expect(m.match('arn:aws:s3:::b/alice/x', bob)).toEqual({ result: 'false' })
    expect(m.match('arn:aws:s3:::b/u3/x', ctx({ 'aws:username': 'u3' })).result).toBe('true')
  })

  it('a variable without a value matches nothing, and says so', () => {
    const r = match('arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/alice/x')
    expect(r.result).toBe('false')
    expect(r.note).toMatch(/no value/)
  })

  it('a substituted value holding `*` or `?` is unknown where reading it as a wildcard would match', () => {
    const star = ctx({ 'aws:username': 'a*' })
    expect(match('arn:aws:s3:::b/${aws:username}/x', 'arn:aws:s3:::b/a*/x', star).result).toBe('true')
    const r = match('arn:aws:s3:::b/${aws:username}/x', 'arn:aws:s3:::b/abc/x', star)
    expect(r.result).toBe('unknown')
    expect(r.note).toMatch(/substituted value/)
    expect(match('arn:aws:s3:::b/${aws:username}/x', 'arn:aws:s3:::c/abc/x', star)).toEqual({ result: 'false' })
    expect(match('arn:aws:s3:::b/${aws:username}/x', 'arn:aws:s3:::b/abc/x', ctx({ 'aws:username': 'a?c' })).result).toBe('unknown')
  })

  it('one matching pattern is enough; an unknown one outranks a noted false, which outranks a plain false', () => {
    expect(match(['not-an-arn', 'arn:aws:s3:::b/k'], 'arn:aws:s3:::b/k')).toEqual({ result: 'true' })
    expect(match(['arn:aws:s3:::c/k', 'not-an-arn'], 'arn:aws:s3:::b/k').result).toBe('unknown')
    expect(match(['not-an-arn', 'arn:aws:s3:::b/${aws:username}'], 'arn:aws:s3:::b/k').result).toBe('unknown')
    expect(match(['arn:aws:s3:::b/${aws:username}', 'not-an-arn'], 'arn:aws:s3:::b/k').result).toBe('unknown')
    const noted = match(['arn:aws:s3:::c/k', 'arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/${aws:userid}'], 'arn:aws:s3:::b/k')
    expect(noted.result).toBe('false')
    expect(noted.note).toMatch(/\$\{aws:username\}/)
    expect(match(['arn:aws:s3:::c/k', 'arn:aws:s3:::d/k'], 'arn:aws:s3:::b/k')).toEqual({ result: 'false' })
  })

  it('NotResource inverts true and false, keeps unknown, and carries the note', () => {
    const not = (values: string[], resource: string, context = NONE) => compileResourceMatcher(element('notResource', ...values), true).match(resource, context)
    expect(not(['arn:aws:s3:::b/*'], 'arn:aws:s3:::b/k')).toEqual({ result: 'false' })
    expect(not(['arn:aws:s3:::b/*'], 'arn:aws:s3:::c/k')).toEqual({ result: 'true' })
    expect(not(['arn:aws:s3:::b/*'], 'arn:aws:s3:::B/k').result).toBe('unknown')
    expect(not(['not-an-arn'], 'arn:aws:s3:::b/k').result).toBe('unknown')
    const unresolved = not(['arn:aws:s3:::b/${aws:username}'], 'arn:aws:s3:::b/k')
    expect(unresolved.result).toBe('true')
    expect(unresolved.note).toMatch(/no value/)
    const exempt = not(['arn:aws:s3:::b/${aws:username}'], 'arn:aws:s3:::b/alice', ctx({ 'aws:username': 'alice' }))
    expect(exempt).toEqual({ result: 'false' })
    const withNote = compileResourceMatcher(element('notResource', 'arn:aws:s3:::b/k'), true)
    expect(withNote.match('arn:aws:s3:::b/k', NONE)).toEqual({ result: 'false' })
  })

  it('answers each resource on its own when the same element sees several in turn', () => {
    const m = compileResourceMatcher(element('resource', 'arn:aws:s3:::b/*'), true)
    expect(m.match('arn:aws:s3:::b/k', NONE).result).toBe('true')
    expect(m.match('arn:aws:s3:::b/k', NONE).result).toBe('true')
    expect(m.match('arn:aws:s3:::c/k', NONE).result).toBe('false')
    expect(m.match('arn:aws:s3:::b/k', NONE).result).toBe('true')
    expect(m.match('arn:aws:s3:::B/k', NONE, 'arn:aws:s3:::b/k').result).toBe('unknown')
  })
})

describe('work of ARN matching, counted', () => {
  it('`*` matches any resource without reading it', async () => {
    const { meterWork } = await import('../../../src/work.js')
    for (const resource of ['arn:aws:s3:::b/k', `arn:aws:s3:::b/${'x'.repeat(2000)}`, 'arn:aws:iam::111122223333:role/R']) {
      expect(meterWork(() => arn('*', resource))).toEqual({ value: 'true', work: { matcherSteps: 0, statements: 0, conditions: 0, jsonChars: 0 } })
    }
  })

  it('a pattern with a literal ARN prefix costs the same whatever the length of the resource part', async () => {
    const { meterWork } = await import('../../../src/work.js')
    const cost = (n: number) => meterWork(() => arn('arn:aws:s3:::b/*', `arn:aws:s3:::b/${'x'.repeat(n)}`)).work.matcherSteps
    expect(cost(2000)).toBe(cost(20))
    expect(meterWork(() => arn('arn:aws:s3:::b/*', 'arn:aws:iam::111122223333:role/R')).work.matcherSteps).toBe(0)
  })
})

// Elements naming the same pattern text share one compiled matcher; its remembered answers must never
// carry over to a request they do not belong to, nor across the Version that decides whether variables
// are read. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
describe('patterns shared between elements', () => {
  const text = 'arn:aws:s3:::home/${aws:username}/*'
  it('answer for each request and each reading of variables', () => {
    const [withVariables, literal, notResource] = compilingTogether(() => [
      [1, 2].map(() => compileResourceMatcher(element('resource', text), true)),
      compileResourceMatcher(element('resource', text), false),
      compileResourceMatcher(element('notResource', text), true),
    ] as const)
    const alice = ctx({ 'aws:username': 'alice' })
    const bob = ctx({ 'aws:username': 'bob' })
    for (let round = 0; round < 2; round++) {
      expect(withVariables[0]?.match('arn:aws:s3:::home/alice/k', alice).result).toBe('true')
      expect(withVariables[1]?.match('arn:aws:s3:::home/alice/k', bob).result).toBe('false')
      expect(notResource.match('arn:aws:s3:::home/alice/k', alice).result).toBe('false')
      expect(notResource.match('arn:aws:s3:::home/alice/k', bob).result).toBe('true')
      expect(literal.match('arn:aws:s3:::home/alice/k', alice).result).toBe('false')
      expect(literal.match('arn:aws:s3:::home/${aws:username}/k', alice).result).toBe('true')
      expect(withVariables[0]?.match('arn:aws:s3:::home/bob/k', bob).result).toBe('true')
    }
  })
  it('a static pattern answers each resource in turn', () => {
    const [a, b] = compilingTogether(() => [1, 2].map(() => compileResourceMatcher(element('resource', 'arn:aws:s3:::b/*'), true)))
    expect(a?.match('arn:aws:s3:::b/k', NONE).result).toBe('true')
    expect(b?.match('arn:aws:s3:::c/k', NONE).result).toBe('false')
    expect(a?.match('arn:aws:s3:::c/k', NONE).result).toBe('false')
    expect(b?.match('arn:aws:s3:::b/k', NONE).result).toBe('true')
  })
})

describe('shared compilation tables', () => {
  it('exist only while a compilation runs, and a nested one shares the outer tables', () => {
    expect(sharedTable('resource')).toBeUndefined()
    const seen = compilingTogether(() => {
      const outer = sharedTable<string>('resource')
      outer?.set('k', 'v')
      return compilingTogether(() => sharedTable<string>('resource')?.get('k'))
    })
    expect(seen).toBe('v')
    expect(sharedTable('resource')).toBeUndefined()
    expect(compilingTogether(() => sharedTable<string>('resource')?.get('k'))).toBeUndefined()
  })
  it('are dropped when a compilation throws', () => {
    expect(() =>
      compilingTogether(() => {
        throw new Error('stop')
      }),
    ).toThrow('stop')
    expect(sharedTable('action')).toBeUndefined()
  })
})
