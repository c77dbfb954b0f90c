/** The public lint API from the package entry point. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html */
import { describe, expect, it } from 'vitest'
import { LINT_RULES, lintPolicy, lintSources, toSarif } from '../../../src/index.js'

describe('public lint API', () => {
  it('lintPolicy, lintSources and toSarif work together', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] })
    expect(lintPolicy(text).map((f) => f.ruleId)).toEqual(['trust-any-aws-principal'])
    const report = lintSources([{ path: 'a.trust.json', text }])
    const log = toSarif(report, { version: '0.1.0' })
    expect(log.version).toBe('2.1.0')
    expect(LINT_RULES.length).toBeGreaterThanOrEqual(60)
    expect(new Set(LINT_RULES.map((r) => r.id)).size).toBe(LINT_RULES.length)
  })
})
