import { describe, expect, it } from 'vitest'
import { decodePolicyDocument } from '../../../src/json/decodePolicyDocument.js'
import { fromPlainValue } from '../../../src/json/fromPlainValue.js'
import { isJsonObject } from '../../../src/json/jsonValue.js'
import { DOCS } from '../../helpers/policies.js'

const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }

describe('decodePolicyDocument', () => {
  it.each([
    ['an object', policy, DOCS.GRAM],
    ['JSON text', JSON.stringify(policy), DOCS.GRAM],
    ['JSON text with a BOM', `\uFEFF${JSON.stringify(policy)}`, DOCS.GRAM],
    ['URL-encoded JSON text', encodeURIComponent(JSON.stringify(policy, null, 2)), DOCS.GETROLEPOLICY],
  ])('accepts %s (%s)', (_name, input, _url) => {
    const r = decodePolicyDocument(input)
    expect(r.ok).toBe(true)
    if (r.ok) expect(JSON.parse(JSON.stringify(r.value.value))).toEqual(policy)
  })

  it.each([
    ['%7B%22Version%22%3A%ZZ%7D', 'json.invalid-url-encoding', '', DOCS.GETROLEPOLICY],
    ['%7B%22a%22%3A%E0%A4%A%7D', 'json.invalid-url-encoding', '', DOCS.GETROLEPOLICY],
    ['%', 'json.invalid-url-encoding', '', DOCS.GETROLEPOLICY],
    ['%7B%22a%22', 'json.syntax', '/a', DOCS.GETROLEPOLICY],
    [42, 'json.not-object', '', DOCS.GRAM],
    [undefined, 'json.not-object', '', DOCS.GRAM],
    [null, 'json.not-object', '', DOCS.GRAM],
  ])('%j → %s at %j (%s)', (input, code, pointer, _url) => {
    const r = decodePolicyDocument(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code, pointer })
  })

  it('gives positions for decoded text', () => {
    const r = decodePolicyDocument(encodeURIComponent('{\n"Version": "2012-10-17"}'))
    expect(r.ok && r.value.positionOf('/Version')).toEqual({ line: 2, column: 1 })
  })
})

describe('fromPlainValue', () => {
  it('copies a JSON.parse result with a __proto__ key into null-prototype objects', () => {
    const parsed: unknown = JSON.parse('{"__proto__": {"polluted": 1}, "a": [1, {"constructor": "x"}]}')
    const r = fromPlainValue(parsed)
    expect(r.ok).toBe(true)
    if (!r.ok || !isJsonObject(r.value)) return
    expect(Object.getPrototypeOf(r.value)).toBeNull()
    expect(Object.keys(r.value)).toEqual(['__proto__', 'a'])
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('skips undefined properties', () => {
    const r = fromPlainValue({ a: undefined, b: 1 })
    expect(r.ok && Object.keys(r.value as object)).toEqual(['b'])
  })

  const cyclic: Record<string, unknown> = {}
  cyclic['self'] = cyclic
  const throwing = Object.defineProperty({}, 'boom', {
    enumerable: true,
    get() {
      throw new Error('getter')
    },
  })
  it.each([
    ['a function', { a: () => 1 }, 'json.unsupported-value', '/a'],
    ['a symbol', { a: Symbol('x') }, 'json.unsupported-value', '/a'],
    ['a bigint', { a: 1n }, 'json.unsupported-value', '/a'],
    ['NaN', { a: [NaN] }, 'json.unsupported-value', '/a/0'],
    ['a Date', { a: new Date(0) }, 'json.unsupported-value', '/a'],
    ['a Map', { a: new Map() }, 'json.unsupported-value', '/a'],
    ['a sparse array', { a: [1, , 3] }, 'json.unsupported-value', '/a'],
    ['a cycle', cyclic, 'json.too-deep', '/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self'],
    ['a throwing getter', throwing, 'json.unsupported-value', '/boom'],
  ])('rejects %s', (_name, input, code, pointer) => {
    const r = fromPlainValue(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code, pointer })
  })
})
