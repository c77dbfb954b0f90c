/**
 * Hostile inputs never crash the linter: arbitrary JSON and YAML-ish text, templates and plans with
 * values of the wrong type, deep nesting. https://www.rfc-editor.org/rfc/rfc8259
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lintPolicy } from '../../../src/lint/lintPolicy.js'
import { meterWork } from '../../../src/work.js'
import { lintSources } from '../../../src/lint/lintSources.js'

const runs = Number(process.env['IAMTRACE_PROPERTY_RUNS'] ?? 100)
const keyish = fc.constantFrom('Version', 'Statement', 'Effect', 'Principal', 'AWS', 'Federated', 'Service', 'Action', 'Condition', 'StringLike', 'aws:PrincipalOrgID', 'token.actions.githubusercontent.com:sub', 'Resources', 'Type', 'Properties', 'AssumeRolePolicyDocument', 'Fn::Sub', 'Ref', '__proto__', 'planned_values', 'format_version')
const valueish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('*', 'Allow', 'Deny', 'sts:AssumeRole', 'o-*', 'repo:*', 'arn:aws:iam::*:root', 'AWS::IAM::Role', '2012-10-17', ''),
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keyish, tie('value'), { maxKeys: 5 }),
  ),
})).value

describe('the linter never throws', () => {
  it('on arbitrary JSON documents as policies of every kind', () => {
    fc.assert(
      fc.property(valueish, fc.constantFrom('trust', 'identity', 'resource') , (v, kind) => {
        expect(() => lintPolicy(JSON.stringify(v), { kind })).not.toThrow()
        expect(() => lintPolicy(v)).not.toThrow()
      }),
      { numRuns: runs },
    )
  })
  it('on arbitrary files of every supported extension', () => {
    fc.assert(
      fc.property(valueish, fc.constantFrom('x.json', 'x.yaml', 'x.template', 'x.trust.json'), (v, path) => {
        const text = JSON.stringify(v) ?? 'null'
        expect(() => lintSources([{ path, text }, { path: 'y.yaml', text: text.replace(/[{}]/g, '\n  ') }])).not.toThrow()
      }),
      { numRuns: runs },
    )
  })
  it('on deeply nested and oversized inputs', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    expect(lintSources([{ path: 'deep.json', text: deep }]).errors.map((e) => e.code)).toEqual(['json.too-deep'])
    const yamlDeep = `${'- '.repeat(2000)}x`
    expect(() => lintSources([{ path: 'deep.yaml', text: yamlDeep }])).not.toThrow()
    const wide = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 300 }, () => ({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'aws:PrincipalOrgID': ['o-*', 'o-a*', 'o-b*'], 'aws:PrincipalArn': ['arn:aws:iam::*:role/a', 'arn:aws:iam::*:role/b'] } } })) })
    const { value: findings, work } = meterWork(() => lintPolicy(wide, { kind: 'trust' }))
    expect(findings.length).toBeGreaterThan(0)
    // Linear work: the text is read a bounded number of times (the source reader, the policy parser, the checks).
    expect(work.jsonChars).toBeLessThanOrEqual(4 * wide.length)
  })
})

describe('Terraform text never crashes the reader (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md)', () => {
  const token = fc.constantFrom('resource', '"aws_iam_role"', '"r"', 'data', '"aws_iam_policy_document"', 'statement', 'dynamic', 'content', 'for_each', 'locals', 'variable', 'default', 'assume_role_policy', 'jsonencode', '(', ')', '{', '}', '[', ']', '=', ':', ',', '.', '\n', ' ', '"x"', '"${var.a}"', 'var.a', 'local.b', 'for', 'in', '=>', '?', '<<EOT\n{}\nEOT\n', '<<-E\n  x\n  E\n', '1', 'true', 'null', '*', '!', '-', '#c\n', '...', 'each.value', 'data.aws_iam_policy_document.d.json')
  it('on random token soup and random text, in one file or a module of two', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), fc.string(), (tokens, text) => {
        const soup = tokens.join(' ')
        expect(() => lintSources([{ path: 'm/a.tf', text: soup }, { path: 'm/b.tf', text }])).not.toThrow()
      }),
      { numRuns: runs * 3 },
    )
  })
})
