/**
 * Resource / NotResource corners: an element mixing static and variable patterns answers per request,
 * `${…}` is plain text where policy variables are off (Version 2008-10-17), and NotResource results
 * carry a note only where there is one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { describe, expect, it } from 'vitest'
import { compileResourceMatcher } from '../../../src/compile/resourceElement.js'
import type { ResourceElement } from '../../../src/policy/types.js'
import type { RequestContext } from '../../../src/request/context.js'

const NONE: RequestContext = { get: () => undefined }
const user = (name: string): RequestContext => ({ get: (k) => (k === 'aws:username' ? { values: [name], multi: false } : undefined) })
const element = (kind: ResourceElement['kind'], ...values: string[]): ResourceElement =>
  ({ kind, pointer: '/Statement/0/Resource', patterns: values.map((value, i) => ({ value, pointer: `/Statement/0/Resource/${i}` })) }) as unknown as ResourceElement

describe('Resource elements mixing static and variable patterns', () => {
  it('answer the same resource anew for each request context', () => {
    const m = compileResourceMatcher(element('resource', 'arn:aws:s3:::static/*', 'arn:aws:s3:::home/${aws:username}/*'), true)
    expect(m.match('arn:aws:s3:::home/alice/k', user('alice'))).toEqual({ result: 'true' })
    expect(m.match('arn:aws:s3:::home/alice/k', user('bob'))).toEqual({ result: 'false' })
    expect(m.match('arn:aws:s3:::home/alice/k', user('alice'))).toEqual({ result: 'true' })
    expect(m.match('arn:aws:s3:::static/k', user('bob'))).toEqual({ result: 'true' })
  })
})

describe('policy variables switched off (Version 2008-10-17)', () => {
  it('`${…}` before the fifth colon is plain text, matched as written', () => {
    const m = compileResourceMatcher(element('resource', 'arn:aws:iam::${aws:PrincipalAccount}:user/x'), false)
    expect(m.match('arn:aws:iam::${aws:PrincipalAccount}:user/x', NONE)).toEqual({ result: 'true' })
    expect(m.match('arn:aws:iam::111122223333:user/x', NONE)).toEqual({ result: 'false' })
  })
})

describe('NotResource results', () => {
  it('are exactly true or false, without an empty note, where nothing needs saying', () => {
    const m = compileResourceMatcher(element('notResource', 'arn:aws:s3:::b/*'), true)
    expect(m.match('arn:aws:s3:::c/k', NONE)).toStrictEqual({ result: 'true' })
    expect(m.match('arn:aws:s3:::b/k', NONE)).toStrictEqual({ result: 'false' })
  })

  it('carry the note of a pattern whose variable has no value, inverted to true', () => {
    const m = compileResourceMatcher(element('notResource', 'arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::c/*'), true)
    const r = m.match('arn:aws:s3:::b/k', NONE)
    expect(r.result).toBe('true')
    expect(r.note).toMatch(/no value/)
    expect(m.match('arn:aws:s3:::c/k', NONE)).toStrictEqual({ result: 'false' })
  })
})
