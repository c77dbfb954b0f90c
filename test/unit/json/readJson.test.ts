import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseJsonText, readJsonText } from '../../../src/json/readJson.js'
import { meterWork } from '../../../src/work.js'
import { isJsonObject } from '../../../src/json/jsonValue.js'
import { DOCS } from '../../helpers/policies.js'

const GRAM = DOCS.GRAM
const RFC = DOCS.RFC8259

describe('parseJsonText: values', () => {
  it.each([
    ['{"a":1}', { a: 1 }, RFC],
    ['[1, -2.5e3, 0, true, false, null, "x"]', [1, -2500, 0, true, false, null, 'x'], RFC],
    ['"\\u0041\\n\\t\\"\\\\\\/"', 'A\n\t"\\/', RFC],
    ['  {"a": {"b": [ ]}, "c": {}}  ', { a: { b: [] }, c: {} }, RFC],
    ['\uFEFF{"Version":"2012-10-17"}', { Version: '2012-10-17' }, RFC],
  ])('reads %s (%s)', (text, expected, _url) => {
    const r = parseJsonText(text)
    expect(r.ok).toBe(true)
    if (r.ok) expect(JSON.parse(JSON.stringify(r.value.value))).toEqual(expected)
  })

  it('reads what JSON.parse reads, strings that share a length and first and last character included', () => {
    const r = parseJsonText('{"axb": "ayb", "ayb": ["axb", "ayb", "ab", "a\\u0078b", "axxb"], "k": {"axb": "ayb"}}')
    expect(r.ok).toBe(true)
    if (r.ok) expect(JSON.parse(JSON.stringify(r.value.value))).toEqual({ axb: 'ayb', ayb: ['axb', 'ayb', 'ab', 'axb', 'axxb'], k: { axb: 'ayb' } })
  })

  it('agrees with JSON.parse on any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 2 }), (value, indent) => {
        const text = JSON.stringify(value, null, indent)
        const r = parseJsonText(text)
        expect(r.ok).toBe(true)
        if (r.ok) expect(JSON.stringify(r.value.value)).toBe(JSON.stringify(JSON.parse(text)))
      }),
      { numRuns: 300 },
    )
  })

  it('builds null-prototype objects and keeps numbers as written', () => {
    const r = parseJsonText('{"n": 1.50, "big": 123456789012345678901}')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(Object.getPrototypeOf(r.value.value)).toBeNull()
    expect(r.value.numberTextOf('/n')).toBe('1.50')
    expect(r.value.numberTextOf('/big')).toBe('123456789012345678901')
  })

  it('records a line and column for keys and array items, after a BOM', () => {
    const r = parseJsonText('\uFEFF{\n  "Statement": [\n    {"Effect": "Allow"},\n    "x"\n  ]\n}')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.positionOf('')).toEqual({ line: 1, column: 1 })
    expect(r.value.positionOf('/Statement')).toEqual({ line: 2, column: 3 })
    expect(r.value.positionOf('/Statement/0')).toEqual({ line: 3, column: 5 })
    expect(r.value.positionOf('/Statement/0/Effect')).toEqual({ line: 3, column: 6 })
    expect(r.value.positionOf('/Statement/1')).toEqual({ line: 4, column: 5 })
    expect(r.value.positionOf('/nothing')).toBeUndefined()
  })

  it('escapes pointer tokens per RFC 6901', () => {
    const r = parseJsonText('{"a/b": {"c~d": 1}}')
    expect(r.ok && r.value.positionOf('/a~1b/c~0d')).toEqual({ line: 1, column: 10 })
  })
})

describe('parseJsonText: errors', () => {
  it.each([
    ['{"a": 1, "a": 2}', 'json.duplicate-key', '/a', { line: 1, column: 10 }, GRAM],
    ['{"Statement": {"Effect": "Allow",\n "Effect": "Deny"}}', 'json.duplicate-key', '/Statement/Effect', { line: 2, column: 2 }, GRAM],
    ['{"a" 1}', 'json.syntax', '/a', { line: 1, column: 6 }, RFC],
    ['{"a": [1, 2,]}', 'json.syntax', '/a/2', { line: 1, column: 13 }, RFC],
    ['{"a": tru}', 'json.syntax', '/a', { line: 1, column: 7 }, RFC],
    ['{"a": "x}', 'json.syntax', '/a', { line: 1, column: 7 }, RFC],
    ['{"a": "\\x"}', 'json.syntax', '/a', { line: 1, column: 8 }, RFC],
    ['{"a": "\\u12G4"}', 'json.syntax', '/a', { line: 1, column: 8 }, RFC],
    ['{"a": "tab\there"}', 'json.syntax', '/a', { line: 1, column: 11 }, RFC],
    ['{"a": 01}', 'json.syntax', '', { line: 1, column: 8 }, RFC],
    ['{"a": -}', 'json.syntax', '/a', { line: 1, column: 8 }, RFC],
    ['{"a": 1.}', 'json.syntax', '/a', { line: 1, column: 9 }, RFC],
    ['{"a": 1e}', 'json.syntax', '/a', { line: 1, column: 9 }, RFC],
    ['{} {}', 'json.syntax', '', { line: 1, column: 4 }, RFC],
    ['', 'json.syntax', '', { line: 1, column: 1 }, RFC],
    ["{'a': 1}", 'json.syntax', '', { line: 1, column: 2 }, RFC],
    ['{"a": 1 // comment\n}', 'json.syntax', '', { line: 1, column: 9 }, RFC],
  ])('%j → %s at %s (%s)', (text, code, pointer, position, _url) => {
    const r = parseJsonText(text)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors[0]).toMatchObject({ code, pointer, position })
  })

  it('reports every duplicate key and still reads the document', () => {
    const outcome = readJsonText('{"a": 1, "a": 2, "b": {"c": 1, "c": 2}}')
    expect(outcome.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
      ['json.duplicate-key', '/a'],
      ['json.duplicate-key', '/b/c'],
    ])
    expect(outcome.document).toBeDefined()
  })

  it('limits depth without recursion: 10,000 nested arrays and objects', () => {
    for (const text of ['['.repeat(10_000) + ']'.repeat(10_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
      const r = parseJsonText(text)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.errors[0].code).toBe('json.too-deep')
    }
    const deepAllowed = parseJsonText('['.repeat(10_000) + ']'.repeat(10_000), { maxDepth: 20_000 })
    expect(deepAllowed.ok).toBe(true)
  })

  it('limits length', () => {
    const r = parseJsonText(`"${'a'.repeat(100)}"`, { maxLength: 50 })
    expect(!r.ok && r.errors[0].code).toBe('json.too-large')
  })

  it('reads a 1 MB string once, character by character (linear work)', () => {
    const big = 'x'.repeat(1_000_000)
    const text = `{"Sid": "${big}"}`
    const { value: r, work } = meterWork(() => parseJsonText(text))
    expect(r.ok && isJsonObject(r.value.value) && r.value.value['Sid']).toBe(big)
    expect(work.jsonChars).toBe(text.length)
  })

  it('never lets __proto__, constructor or prototype keys reach Object.prototype', () => {
    const r = parseJsonText('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1}')
    expect(r.ok).toBe(true)
    if (!r.ok || !isJsonObject(r.value.value)) return
    expect(Object.keys(r.value.value)).toEqual(['__proto__', 'constructor', 'prototype'])
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('never throws on arbitrary text', () => {
    for (const text of ['{', '[', '"', '{"a":', '{"a":[', '\u0000', '\uFEFF', '}', 'nul', '-', '1e+', '[1,]', '{"a":1,}']) {
      expect(() => parseJsonText(text)).not.toThrow()
      expect(parseJsonText(text).ok).toBe(false)
    }
  })
})

describe('parseJsonText: locating nodes by parent and key', () => {
  const text = '{\n  "a/b": [1.50, "x", {"c~d": 2e0}],\n  "k": 1,\n  "k": {"__proto__": 3}\n}'

  it('gives by node the position and number text a pointer gives (RFC 6901 pointers)', () => {
    const r = readJsonText(text)
    const doc = r.document
    if (doc === undefined || !isJsonObject(doc.value)) throw new Error('not read')
    const list = doc.value['a/b'] as readonly unknown[]
    expect(doc.positionAt(doc.value, 'a/b')).toEqual(doc.positionOf('/a~1b'))
    expect(doc.positionOf('/a~1b')).toEqual({ line: 2, column: 3 })
    expect(doc.positionAt(list as never, 2)).toEqual({ line: 2, column: 22 })
    expect(doc.numberTextAt(list as never, 0)).toBe('1.50')
    expect(doc.numberTextOf('/a~1b/0')).toBe('1.50')
    expect(doc.numberTextOf('/a~1b/2/c~0d')).toBe('2e0')
    expect(doc.positionOf('/a~1b/2/c~0d')).toEqual({ line: 2, column: 23 })
  })

  it('keeps the last occurrence of a repeated key, whose value is kept (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', () => {
    const r = readJsonText(text)
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).toEqual([['json.duplicate-key', '/k']])
    expect(r.document?.positionOf('/k')).toEqual({ line: 4, column: 3 })
    expect(r.document?.positionOf('/k/__proto__')).toEqual({ line: 4, column: 9 })
  })

  it('names no node for a pointer that is not canonical or leads nowhere', () => {
    const r = parseJsonText(text.replace('"k": 1,\n', ''))
    if (!r.ok) throw new Error('not read')
    for (const p of ['/a~1b/01', '/a~1b/-', '/a~1b/3', '/a~2b', '/a/b', 'a~1b', '/k/x', '/a~1b/0/x']) expect(r.value.positionOf(p)).toBeUndefined()
  })
})
