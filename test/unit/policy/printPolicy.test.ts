/** Round trips: parse ∘ print is the identity on the AST (modulo locations), for generated policies. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import { printPolicy, printPolicyAsWritten } from '../../../src/policy/printPolicy.js'
import type { PolicyKind } from '../../../src/policy/types.js'
import { doc, DOCS, trustStatement, withoutLocations } from '../../helpers/policies.js'

const runs = Number(process.env['IAMTRACE_PROPERTY_RUNS'] ?? 100)

const oneOrMany = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }))
const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/)
const account = fc.stringMatching(/^\d{12}$/)
const action = fc.oneof(fc.constant('*'), fc.tuple(fc.constantFrom('s3', 'sts', 'iam', 'ec2'), fc.stringMatching(/^[A-Za-z*?]{1,10}$/)).map(([s, a]) => `${s}:${a}`))
const resource = fc.oneof(fc.constant('*'), word.map((w) => `arn:aws:s3:::${w}/*`), fc.tuple(account, word).map(([a, w]) => `arn:aws:iam::${a}:role/${w}`))
const awsPrincipal = fc.oneof(
  fc.constant('*'),
  account,
  account.map((a) => `arn:aws:iam::${a}:root`),
  fc.tuple(account, word).map(([a, w]) => `arn:aws:iam::${a}:role/${w}`),
  fc.tuple(account, word, word).map(([a, r, s]) => `arn:aws:sts::${a}:assumed-role/${r}/${s}`),
)
const principal = fc.oneof(
  fc.record({ AWS: oneOrMany(awsPrincipal) }),
  fc.record({ Service: oneOrMany(fc.constantFrom('ec2.amazonaws.com', 'lambda.amazonaws.com')) }),
  fc.record({ Federated: fc.constantFrom('accounts.google.com', 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com') }),
)
const conditionValue = fc.oneof(word, fc.integer({ min: 0, max: 99999 }), fc.boolean())
const condition = fc.dictionary(
  fc.constantFrom('StringEquals', 'StringLike', 'ForAnyValue:StringLike', 'StringNotEqualsIfExists', 'ArnLike', 'NumericLessThan', 'IpAddress', 'DateGreaterThan'),
  fc.dictionary(fc.tuple(fc.constantFrom('aws', 'sts', 's3'), word).map(([p, w]) => `${p}:${w}`), oneOrMany(conditionValue), { minKeys: 1, maxKeys: 3 }).map(oneSpellingPerKey),
  { minKeys: 1, maxKeys: 3 },
)

/** Condition keys are case-insensitive and IAM rejects a key written twice in different case: keep the first spelling. */
function oneSpellingPerKey<T>(keys: Record<string, T>): Record<string, T> {
  const seen = new Set<string>()
  const out: Record<string, T> = {}
  for (const [key, value] of Object.entries(keys)) {
    if (seen.has(key.toLowerCase())) continue
    seen.add(key.toLowerCase())
    out[key] = value
  }
  return out
}

function statement(kind: PolicyKind): fc.Arbitrary<Record<string, unknown>> {
  const base = {
    Sid: fc.option(word, { nil: undefined }),
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: oneOrMany(action),
    Condition: fc.option(condition, { nil: undefined }),
  }
  return kind === 'trust' ? fc.record({ ...base, Principal: principal }) : fc.record({ ...base, Resource: oneOrMany(resource) })
}

function policy(kind: PolicyKind): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({ Version: fc.constantFrom('2012-10-17', '2008-10-17', undefined), Statement: fc.oneof(statement(kind), fc.array(statement(kind), { minLength: 1, maxLength: 4 })) })
    .map((p) => {
      // Sids are unique per policy; drop repeats so every generated document is valid.
      const seen = new Set<string>()
      const list = Array.isArray(p.Statement) ? p.Statement : [p.Statement]
      for (const s of list) {
        if (typeof s['Sid'] === 'string' && seen.has(s['Sid'])) delete s['Sid']
        else if (typeof s['Sid'] === 'string') seen.add(s['Sid'])
      }
      return p
    })
}

describe('printPolicy', () => {
  it.each(['trust', 'identity'] as const)('parse(print(parse(p))) equals parse(p) for generated %s policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', (kind) => {
    fc.assert(
      fc.property(policy(kind), (input) => {
        const first = parsePolicy(input, { kind })
        expect(first.diagnostics).toEqual([])
        if (!first.ok) return
        const printed = printPolicy(first.value)
        const second = parsePolicy(JSON.stringify(printed), { kind })
        expect(second.ok).toBe(true)
        expect(second.ok && withoutLocations(second.value)).toEqual(withoutLocations(first.value))
        // Printing is canonical: a second print is byte-identical.
        expect(second.ok && JSON.stringify(printPolicy(second.value))).toBe(JSON.stringify(printed))
      }),
      { numRuns: runs },
    )
  })

  it('writes every list as an array and every scalar as a string', () => {
    const r = parsePolicy(doc(trustStatement({ Sid: 'A', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true } } })), { kind: 'trust' })
    expect(r.ok && JSON.parse(JSON.stringify(printPolicy(r.value)))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'A',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111122223333:root'] },
          Action: ['sts:AssumeRole'],
          Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600'] }, Bool: { 'aws:SecureTransport': ['true'] } },
        },
      ],
    })
  })

  it.each([
    ['bare "*"', { Principal: '*' }, '*', DOCS.PRIN],
    ['an empty condition block', { Condition: {} }, undefined, DOCS.AA],
  ])('keeps %s (%s)', (_name, extra, principalOut, _url) => {
    const r = parsePolicy(doc({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: '*', ...extra }), { kind: 'resource' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const printed = JSON.parse(JSON.stringify(printPolicy(r.value))) as { Statement: Record<string, unknown>[] }
    if (principalOut !== undefined) expect(printed.Statement[0]?.['Principal']).toBe(principalOut)
    else expect(printed.Statement[0]?.['Condition']).toEqual({})
  })

  it('keeps __proto__ condition keys as data', () => {
    const r = parsePolicy('{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}}', { kind: 'resource' })
    const printed = printPolicy(r.recovered ?? (r.ok ? r.value : (undefined as never)))
    expect(JSON.stringify(printed)).toContain('"__proto__":["x"]')
    expect(Object.prototype).not.toHaveProperty('x')
  })
})

/** The node at a JSON pointer of a plain value. */
function at(value: unknown, pointer: string): unknown {
  if (pointer === '') return value
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined), value)
}

/** Every JSON pointer an AST records (statements, elements, values, condition keys). */
function pointersOf(policy: import('../../../src/policy/types.js').Policy): { pointer: string; value?: string }[] {
  const out: { pointer: string; value?: string }[] = []
  for (const s of policy.statements) {
    out.push({ pointer: s.pointer })
    for (const p of [...(s.action?.patterns ?? []), ...(s.resource?.patterns ?? []), ...(s.principal?.entries ?? [])]) out.push({ pointer: p.pointer, value: p.value })
    for (const c of s.conditions) for (const v of c.values) out.push({ pointer: v.pointer, value: v.value })
  }
  return out
}

describe('printPolicyAsWritten', () => {
  it.each(['trust', 'identity'] as const)('keeps the written shape of generated %s policies: every pointer of the parsed document names the same value in the printed one (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', (kind) => {
    fc.assert(
      fc.property(policy(kind), (input) => {
        const parsed = parsePolicy(input, { kind })
        if (!parsed.ok) return
        const printed = JSON.parse(JSON.stringify(printPolicyAsWritten(parsed.value))) as unknown
        for (const p of pointersOf(parsed.value)) {
          const node = at(printed, p.pointer)
          if (p.value !== undefined) expect(node, p.pointer).toBe(p.value)
          else expect(node, p.pointer).toBeTypeOf('object')
        }
        // It parses back to the same policy, pointers included.
        const again = parsePolicy(printed, { kind })
        expect(again.ok && withoutLocations(again.value)).toEqual(withoutLocations(parsed.value))
        expect(again.ok && pointersOf(again.value)).toEqual(pointersOf(parsed.value))
      }),
      { numRuns: runs },
    )
  })

  it('keeps a single statement object and single string values', () => {
    const r = parsePolicy('{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":true}}}}', { kind: 'trust' })
    expect(r.ok && JSON.parse(JSON.stringify(printPolicyAsWritten(r.value)))).toEqual({
      Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    })
  })
})
