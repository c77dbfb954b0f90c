/**
 * JSON Patch as RFC 6902 specifies it (examples from its Appendix A), applied to copies, with
 * null-prototype objects.
 * https://www.rfc-editor.org/rfc/rfc6902
 */
import { describe, expect, it } from 'vitest'
import { applyJsonPatch, pointerToken } from '../../../src/fix/jsonPatch.js'
import type { JsonPatchOperation, PatchValue } from '../../../src/fix/jsonPatch.js'

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v))
function apply(doc: PatchValue, ops: JsonPatchOperation[]): unknown {
  const r = applyJsonPatch(doc, ops)
  return r.ok ? plain(r.value) : { error: r.index }
}

describe('applyJsonPatch (RFC 6902 Appendix A)', () => {
  it('A.1 adds an object member', () => expect(apply({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }])).toEqual({ foo: 'bar', baz: 'qux' }))
  it('A.2 adds an array element', () => expect(apply({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }])).toEqual({ foo: ['bar', 'qux', 'baz'] }))
  it('A.3 removes an object member', () => expect(apply({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }])).toEqual({ foo: 'bar' }))
  it('A.4 removes an array element', () => expect(apply({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }])).toEqual({ foo: ['bar', 'baz'] }))
  it('A.5 replaces a value', () => expect(apply({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }])).toEqual({ baz: 'boo', foo: 'bar' }))
  it('A.6 moves a value', () =>
    expect(apply({ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }])).toEqual({ foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } }))
  it('A.8 and A.9 test a value', () => {
    expect(apply({ baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }])).toEqual({ baz: 'qux', foo: ['a', 2, 'c'] })
    expect(apply({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }])).toEqual({ error: 0 })
  })
  it('A.12 adding to a nonexistent target fails', () => expect(apply({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }])).toEqual({ error: 0 }))
  it('A.14 reads ~0 and ~1 in pointers', () => {
    expect(apply({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }])).toEqual({ '/': 9, '~1': 10 })
    expect(pointerToken('a/b~c')).toBe('a~1b~0c')
  })
  it('A.16 appends with "-"', () => expect(apply({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }])).toEqual({ foo: ['bar', ['abc', 'def']] }))
  it('a path "" replaces the whole document', () => expect(apply({}, [{ op: 'add', path: '', value: { Version: '2012-10-17' } }])).toEqual({ Version: '2012-10-17' }))
  it('never modifies its input, and keeps __proto__ as data', () => {
    const doc = { Statement: [{ Action: ['sts:AssumeRole'] }] }
    const r = applyJsonPatch(doc, [{ op: 'add', path: '/__proto__', value: { polluted: true } }, { op: 'add', path: '/Statement/0/Action/-', value: 'sts:TagSession' }])
    expect(doc.Statement[0]?.Action).toEqual(['sts:AssumeRole'])
    expect(r.ok).toBe(true)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
  it('out-of-range indexes and leading zeros fail', () => {
    expect(apply({ a: [1] }, [{ op: 'remove', path: '/a/1' }])).toEqual({ error: 0 })
    expect(apply({ a: [1, 2] }, [{ op: 'replace', path: '/a/01', value: 3 }])).toEqual({ error: 0 })
  })
})
