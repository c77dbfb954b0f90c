/** The normalised AST: every rule of the grammar the parser implements, each row citing its AWS page. */
import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import type { Policy, Statement } from '../../../src/policy/types.js'
import { codesAt, doc, DOCS, identityStatement, trustStatement, withoutLocations } from '../../helpers/policies.js'

function parsed(input: unknown, kind: Policy['kind'] = 'identity'): Policy {
  const r = parsePolicy(input, { kind })
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(codesAt(r.errors))}`)
  return r.value
}
const first = (p: Policy): Statement => p.statements[0] as Statement

describe('document elements', () => {
  it.each([
    ['2012-10-17', true, DOCS.VER],
    ['2008-10-17', false, DOCS.VER],
    [undefined, false, DOCS.VARS],
  ])('Version %s → variablesEnabled %s (%s)', (version, enabled, _url) => {
    const input = version === undefined ? { Statement: identityStatement() } : { Version: version, Statement: identityStatement() }
    const p = parsed(input)
    expect(p.version).toBe(version)
    expect(p.variablesEnabled).toBe(enabled)
  })

  it('keeps Id and the kind and name (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_id.html)', () => {
    const r = parsePolicy({ ...doc(identityStatement()), Id: 'abc-123' }, { kind: 'identity', name: 'ReadOnly' })
    expect(r.ok && [r.value.id, r.value.kind, r.value.name]).toEqual(['abc-123', 'identity', 'ReadOnly'])
  })

  it.each([
    ['a single object', { Statement: identityStatement() }, ['/Statement'], DOCS.STMT],
    ['an array', doc(identityStatement(), identityStatement({ Effect: 'Deny' })), ['/Statement/0', '/Statement/1'], DOCS.STMT],
  ])('Statement as %s is normalised to a list (%s)', (_name, input, pointers, _url) => {
    const p = parsed(input)
    expect(p.statements.map((s) => s.pointer)).toEqual(pointers)
    expect(p.statements.map((s) => s.index)).toEqual(pointers.map((_, i) => i))
  })

  it('accepts elements in any order (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', () => {
    const a = parsed('{"Statement":{"Resource":"*","Action":"s3:*","Effect":"Allow"},"Version":"2012-10-17"}')
    const b = parsed('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}')
    expect(withoutLocations(a)).toEqual(withoutLocations(b))
  })
})

describe('statement elements', () => {
  it.each([
    ['Action string', { Action: 's3:GetObject' }, 'action', { kind: 'action', patterns: ['s3:GetObject'] }, DOCS.ACT],
    ['Action list', { Action: ['s3:Get*', 's3:List?ucket'] }, 'action', { kind: 'action', patterns: ['s3:Get*', 's3:List?ucket'] }, DOCS.ACT],
    ['Action "*"', { Action: '*' }, 'action', { kind: 'action', patterns: ['*'] }, DOCS.ACT],
    ['NotAction', { Action: undefined, NotAction: 'iam:*' }, 'action', { kind: 'notAction', patterns: ['iam:*'] }, DOCS.NOTACT],
    ['Resource string', { Resource: '*' }, 'resource', { kind: 'resource', patterns: ['*'] }, DOCS.RES],
    ['Resource list', { Resource: ['arn:aws:s3:::a', 'arn:aws:s3:::a/*'] }, 'resource', { kind: 'resource', patterns: ['arn:aws:s3:::a', 'arn:aws:s3:::a/*'] }, DOCS.RES],
    ['NotResource', { Resource: undefined, NotResource: 'arn:aws:s3:::secret/*' }, 'resource', { kind: 'notResource', patterns: ['arn:aws:s3:::secret/*'] }, DOCS.NOTRES],
    ['Resource with a variable', { Resource: 'arn:aws:s3:::home/${aws:username}/*' }, 'resource', { kind: 'resource', patterns: ['arn:aws:s3:::home/${aws:username}/*'] }, DOCS.VARS],
    ['Action as a number', { Action: 7 }, 'action', { kind: 'action', patterns: ['7'] }, DOCS.GRAM],
  ] as const)('%s (%s)', (_name, extra, element, expected, _url) => {
    const r = parsePolicy(doc(identityStatement(extra)), { kind: 'identity' })
    const s = (r.ok ? r.value : r.recovered)?.statements[0]
    const got = s?.[element]
    expect({ kind: got?.kind, patterns: got?.patterns.map((p) => p.value) }).toEqual(expected)
  })

  it('keeps Sid and Effect (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html)', () => {
    const s = first(parsed(doc(identityStatement({ Sid: 'ReadAll1', Effect: 'Deny' }))))
    expect([s.sid, s.effect]).toEqual(['ReadAll1', 'Deny'])
  })

  it('reads an unquoted numeric Sid as its text (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', () => {
    expect(first(parsed('{"Statement":{"Sid":1,"Effect":"Allow","Action":"s3:*","Resource":"*"}}')).sid).toBe('1')
  })

  it('accepts any Sid characters in a service resource policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html)', () => {
    const r = parsePolicy(doc({ Sid: 'Allow read-only access', Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sqs:SendMessage', Resource: '*' }), { kind: 'resource' })
    expect(r.ok).toBe(true)
  })

  it('has no conditions and no empty block when Condition is absent', () => {
    const s = first(parsed(doc(identityStatement())))
    expect([s.conditions, s.emptyConditionBlock, s.principal]).toEqual([[], false, undefined])
  })

  it('allows NotAction in a trust policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html)', () => {
    const r = parsePolicy(doc({ Effect: 'Deny', Principal: { AWS: '*' }, NotAction: 'sts:AssumeRole' }), { kind: 'trust' })
    expect(r.ok).toBe(true)
  })

  it('accepts Deny with NotPrincipal in a resource policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)', () => {
    const r = parsePolicy(doc({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/Admin' }, Action: 's3:*', Resource: '*' }), { kind: 'resource' })
    expect(r.ok && first(r.value).principal?.kind).toBe('notPrincipal')
  })
})

describe('positions', () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": {"AWS": "111122223333"},\n    "Action": ["sts:AssumeRole"],\n    "Condition": {"StringEquals": {"sts:ExternalId": "x"}}\n  }]\n}'
  it('gives every node of a text document a line and column (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', () => {
    const s = first(parsed(text, 'trust'))
    expect(s.position).toEqual({ line: 3, column: 17 })
    expect(s.principal?.position).toEqual({ line: 5, column: 5 })
    expect(s.principal?.entries[0]?.position).toEqual({ line: 5, column: 19 })
    expect(s.action?.patterns[0]?.position).toEqual({ line: 6, column: 16 })
    expect(s.conditions[0]?.position).toEqual({ line: 7, column: 36 })
    expect(s.conditions[0]?.operatorPointer).toBe('/Statement/0/Condition/StringEquals')
  })
  it('gives no positions for object input', () => {
    const s = first(parsed(JSON.parse(text), 'trust'))
    expect(s.position).toBeUndefined()
    expect(s.principal?.entries[0]).toEqual({ pointer: '/Statement/0/Principal/AWS', type: 'AWS', value: '111122223333', form: 'account', account: '111122223333' })
  })
  it('reads URL-encoded text with positions (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html)', () => {
    const s = first(parsed(encodeURIComponent(text), 'trust'))
    expect(s.principal?.position).toEqual({ line: 5, column: 5 })
  })
})

describe('warnings keep the policy usable', () => {
  it.each([
    ['empty Action list', 'identity', doc(identityStatement({ Action: [] })), 'policy.empty-array', '/Statement/0/Action', DOCS.AA],
    ['empty Resource list', 'identity', doc(identityStatement({ Resource: [] })), 'policy.empty-array', '/Statement/0/Resource', DOCS.AA],
    ['empty principal map', 'trust', doc(trustStatement({ Principal: {} })), 'policy.empty-array', '/Statement/0/Principal', DOCS.AA],
    ['empty principal list', 'trust', doc(trustStatement({ Principal: [] })), 'policy.empty-array', '/Statement/0/Principal', DOCS.AA],
    ['empty AWS list', 'trust', doc(trustStatement({ Principal: { AWS: [] } })), 'policy.empty-array', '/Statement/0/Principal/AWS', DOCS.AA],
    ['empty Condition', 'trust', doc(trustStatement({ Condition: {} })), 'condition.empty', '/Statement/0/Condition', DOCS.AA],
    ['empty operator block', 'trust', doc(trustStatement({ Condition: { StringEquals: {} } })), 'condition.empty', '/Statement/0/Condition/StringEquals', DOCS.AA],
    ['empty value list', 'trust', doc(trustStatement({ Condition: { StringEquals: { 'sts:ExternalId': [] } } })), 'condition.empty', '/Statement/0/Condition/StringEquals/sts:ExternalId', DOCS.AA],
    ['variable under 2008-10-17', 'identity', { Version: '2008-10-17', Statement: identityStatement({ Resource: 'arn:aws:s3:::home/${aws:username}' }) }, 'variable.unsupported-in-version', '/Statement/Resource', DOCS.VARS],
    ['variable without Version', 'trust', { Statement: trustStatement({ Condition: { StringLike: { 'sts:RoleSessionName': '${aws:username}' } } }) }, 'variable.unsupported-in-version', '/Statement/Condition/StringLike/sts:RoleSessionName', DOCS.VARS],
  ] as const)('%s (%s) → %s at %s — %s', (_name, kind, input, code, pointer, _url) => {
    const r = parsePolicy(input, { kind })
    expect(r.ok).toBe(true)
    expect(codesAt(r.diagnostics)).toContainEqual([code, pointer])
    expect(r.diagnostics.every((d) => d.severity !== 'error')).toBe(true)
  })

  it('marks "Condition": {} on the statement (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)', () => {
    expect(first(parsed(doc(trustStatement({ Condition: {} })), 'trust')).emptyConditionBlock).toBe(true)
  })
})

describe('errors still yield a recovered policy', () => {
  it('parses bare "*" in a trust policy so it can be evaluated as {"AWS": "*"} (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)', () => {
    const r = parsePolicy(doc(trustStatement({ Principal: '*' })), { kind: 'trust' })
    expect(r.ok).toBe(false)
    expect(r.recovered?.statements[0]?.principal).toMatchObject({ kind: 'principal', bareWildcard: true, entries: [] })
  })
  it('keeps statements with a valid Effect and drops those without', () => {
    const r = parsePolicy(doc(identityStatement({ Sid: 'A' }), identityStatement({ Effect: 'allow' }), identityStatement({ Sid: 'C', Action: 'bad' })), { kind: 'identity' })
    expect(r.recovered?.statements.map((s) => [s.index, s.sid])).toEqual([
      [0, 'A'],
      [2, 'C'],
    ])
  })
  it('collects every problem instead of stopping at the first', () => {
    const r = parsePolicy(doc(identityStatement({ Effect: 'allow', Principal: '*', Sid: 'a-b', Action: 'x' })), { kind: 'identity' })
    expect(new Set(r.diagnostics.map((d) => d.code))).toEqual(new Set(['policy.invalid-effect', 'policy.principal-not-allowed', 'policy.invalid-sid', 'policy.invalid-action']))
  })
})
