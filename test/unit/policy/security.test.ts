/** Hostile input: parsing must end with diagnostics, never a throw, a hang or prototype pollution. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import { meterWork } from '../../../src/work.js'
import { codesAt, doc, DOCS, identityStatement, trustStatement } from '../../helpers/policies.js'

const runs = Number(process.env['IAMTRACE_PROPERTY_RUNS'] ?? 100)

describe('hostile documents', () => {
  it('never lets __proto__ or constructor keys reach Object.prototype, from text or from objects (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', () => {
    const text = '{"__proto__": {"polluted": 1}, "Statement": {"Effect": "Allow", "constructor": {"prototype": {"polluted": 1}}, "Action": "s3:*", "Resource": "*", "Condition": {"__proto__": {"aws:x": "y"}, "StringEquals": {"__proto__": "z"}}}}'
    for (const input of [text, JSON.parse(text) as unknown]) {
      const r = parsePolicy(input, { kind: 'identity' })
      expect(r.ok).toBe(false)
      expect(codesAt(r.diagnostics)).toEqual(
        expect.arrayContaining([
          ['policy.unknown-key', '/__proto__'],
          ['policy.unknown-key', '/Statement/constructor'],
          ['condition.unknown-operator', '/Statement/Condition/__proto__'],
          ['condition.invalid-key', '/Statement/Condition/StringEquals/__proto__'],
        ]),
      )
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
      expect(Object.prototype).not.toHaveProperty('polluted')
    }
  })

  it('reports 10,000-level nesting as json.too-deep', () => {
    const deep = `{"Statement": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`
    const r = parsePolicy(deep, { kind: 'identity' })
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'json.too-deep' })
    let nested: unknown = 'x'
    for (let i = 0; i < 10_000; i++) nested = [nested]
    const fromObject = parsePolicy({ Statement: nested }, { kind: 'identity' })
    expect(!fromObject.ok && fromObject.errors[0]).toMatchObject({ code: 'json.too-deep' })
  })

  it('handles a 1 MB string with a diagnostic in bounded time (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)', () => {
    const huge = 'a'.repeat(1_000_000)
    const text = JSON.stringify(doc(identityStatement({ Resource: huge, Sid: `${huge}-` })))
    const { value: r, work } = meterWork(() => parsePolicy(text, { kind: 'identity' }))
    expect(codesAt(r.diagnostics)).toEqual(
      expect.arrayContaining([
        ['policy.invalid-resource', '/Statement/0/Resource'],
        ['policy.invalid-sid', '/Statement/0/Sid'],
      ]),
    )
    expect(r.diagnostics.every((d) => d.message.length < 400)).toBe(true)
    // Linear work: the text is read once.
    expect(work.jsonChars).toBe(text.length)
  })

  it('reports a document over the length limit as json.too-large', () => {
    const r = parsePolicy(JSON.stringify(doc(identityStatement({ Sid: 'a'.repeat(3_000_000) }))), { kind: 'identity' })
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'json.too-large', pointer: '' })
  })

  it('reports invalid URL encoding as json.invalid-url-encoding (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html)', () => {
    const r = parsePolicy('%7B%22Version%22%3A%222012-10-17%22%2C%ZZ', { kind: 'trust' })
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'json.invalid-url-encoding', pointer: '' })
  })

  it('accepts a UTF-8 byte-order mark and keeps columns of line 1 unshifted', () => {
    const r = parsePolicy(`\uFEFF${JSON.stringify(doc(trustStatement()))}`, { kind: 'trust' })
    expect(r.ok).toBe(true)
    expect(r.ok && r.value.statements[0]?.position).toEqual({ line: 1, column: 38 })
  })

  it.each([
    [undefined],
    [null],
    [0],
    [true],
    [Symbol('x')],
    [() => 1],
    [''],
    ['   '],
    ['%'],
    [[]],
    [{ Statement: [null, 1, 'x', [], {}] }],
    [{ Statement: { Effect: 'Allow', Action: [[[]]], Resource: { a: { b: {} } }, Principal: { AWS: { x: 1 } }, Condition: { StringEquals: { 'a:b': [[1]] } } } }],
  ])('never throws for %j', (input) => {
    expect(() => parsePolicy(input, { kind: 'trust' })).not.toThrow()
    const r = parsePolicy(input, { kind: 'trust' })
    expect(r.ok).toBe(false)
  })

  it('never throws and always reports an error when ok is false, for any JSON value or text', () => {
    const kinds = fc.constantFrom('identity', 'trust', 'resource', 'boundary', 'session', 'scp', 'rcp' as const)
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.json(), fc.anything()), kinds, (input, kind) => {
        const r = parsePolicy(input, { kind })
        if (r.ok) return r.diagnostics.every((d) => d.severity !== 'error')
        return r.errors.length > 0 && r.errors.every((d) => d.severity === 'error')
      }),
      { numRuns: runs },
    )
  })

  it('never throws on mutated policy text', () => {
    const base = JSON.stringify(doc(trustStatement({ Condition: { StringEquals: { 'sts:ExternalId': 'x' } } })))
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 4 }), (at, len, insert) => {
        const text = base.slice(0, at) + insert + base.slice(Math.min(base.length, at + (len % 5)))
        parsePolicy(text, { kind: 'trust' })
        parsePolicy(encodeURIComponent(text).slice(0, at), { kind: 'trust' })
        return true
      }),
      { numRuns: runs },
    )
  })

  it('every diagnostic has a stable code, a pointer and a one-line message', () => {
    const r = parsePolicy(doc(trustStatement({ Principal: { AWS: 'line\nbreak' } })), { kind: 'trust' })
    expect(r.diagnostics.some((d) => d.message.includes('\n'))).toBe(false)
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = parsePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: value, Action: value, Condition: { StringEquals: { 'a:b': value } } } }, { kind: 'trust' })
        return r.diagnostics.every((d) => typeof d.code === 'string' && typeof d.pointer === 'string' && !d.message.includes('\n'))
      }),
      { numRuns: runs },
    )
  })

})
