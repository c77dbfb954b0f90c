/**
 * `.iamtrace.json`: validation with pointers, severities, disabled rules, ignores, suppressions with expiry,
 * the zone of trust; baselines. The published schema file matches the one the code validates with.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readBaseline, writeBaseline } from '../../../src/lint/baseline.js'
import { parseLintConfig, type LintConfig } from '../../../src/lint/config.js'
import { CONFIG_SCHEMA } from '../../../src/lint/configSchema.js'
import { lintSources } from '../../../src/lint/lintSources.js'
import { trust } from './helpers.js'

const PUBLIC = { path: 'infra/public.trust.json', text: trust({ Principal: { AWS: '*' } }) }
const EXTERNAL = { path: 'infra/vendor.trust.json', text: trust({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } }) }
const rules = (config: LintConfig, ...sources: { path: string; text: string }[]): string[] =>
  lintSources(sources, { config, today: '2026-06-01' }).findings.filter((f) => f.suppressed === undefined).map((f) => `${f.file} ${f.ruleId} ${f.severity}`)

describe('config validation (ajv)', () => {
  it('accepts a full config', () => {
    const r = parseLintConfig(JSON.stringify({ zone: { accounts: ['111122223333'], organizations: ['o-a1b2c3d4e5'], githubOrganizations: ['example-org'] }, rules: { 'trust-version': 'off' }, ignore: ['vendor/**'], suppressions: [{ rule: 'trust-own-account-root', reason: 'accepted', expires: '2027-01-01' }], trustPolicySizeLimit: 4096, maxSessionDurationSeconds: 7200 }), '.iamtrace.json')
    expect(r.ok).toBe(true)
  })
  it.each([
    ['{"zone": {"accounts": ["1234"]}}', '/zone/accounts/0', 1],
    ['{"zone": {"organizations": ["org-1"]}}', '/zone/organizations/0', 1],
    ['{\n  "rules": {\n    "trust-version": "loud"\n  }\n}', '/rules/trust-version', 3],
    ['{"suppressions": [{"rule": "x"}]}', '/suppressions/0', 1],
    ['{"unknownOption": true}', '/unknownOption', 1],
    ['{"maxSessionDurationSeconds": 50000}', '/maxSessionDurationSeconds', 1],
    ['{"zone": ', '/zone', 1],
  ])('rejects %s at %s (https://json-schema.org/draft-07/schema)', (text, pointer, line) => {
    const r = parseLintConfig(text, '.iamtrace.json')
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.errors.map((e) => e.pointer)).toContain(pointer)
      expect(r.errors[0]?.position?.line).toBe(line)
    }
  })
  it('`__proto__` in the config is data, not a prototype', () => {
    const r = parseLintConfig('{"rules": {"__proto__": "off"}}', 'c.json')
    expect(r.ok).toBe(true)
    expect(({} as Record<string, unknown>)['off']).toBeUndefined()
  })
  it('the published schema file is the schema the code uses', () => {
    expect(JSON.parse(readFileSync('schemas/iamtrace-config.schema.json', 'utf8'))).toEqual(JSON.parse(JSON.stringify(CONFIG_SCHEMA)))
  })
})

describe('applying the config', () => {
  it('severity overrides and disabled rules', () => {
    expect(rules({ rules: { 'trust-any-aws-principal': 'medium', 'trust-version': 'off' } }, PUBLIC)).toEqual(['infra/public.trust.json trust-any-aws-principal medium'])
    expect(rules({ rules: { 'trust-any-aws-principal': 'off' } }, PUBLIC)).toEqual([])
  })
  it('path ignores (minimatch)', () => {
    expect(rules({ ignore: ['infra/public.*'] }, PUBLIC, EXTERNAL)).toEqual([])
    expect(lintSources([PUBLIC], { config: { ignore: ['infra/**'] } }).files).toBe(0)
  })
  it('the zone of trust turns "some account" into "outside your zone" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html)', () => {
    expect(rules({}, EXTERNAL)).toEqual([])
    expect(rules({ zone: { accounts: ['111122223333'] } }, EXTERNAL)).toEqual([
      'infra/vendor.trust.json trust-cross-account-no-externalid high',
      'infra/vendor.trust.json trust-external-root-no-binding medium',
      'infra/vendor.trust.json trust-unknown-external-account high',
    ])
    expect(rules({ zone: { accounts: ['111122223333', '444455556666'] } }, EXTERNAL)).toEqual(['infra/vendor.trust.json trust-own-account-root info'])
  })
  it('suppressions by rule, path, policy and pointer; expired ones no longer apply', () => {
    const base = { rule: 'trust-any-aws-principal', reason: 'demo bucket role' }
    expect(rules({ suppressions: [{ ...base, paths: ['infra/*.json'] }] }, PUBLIC)).toEqual([])
    expect(rules({ suppressions: [{ ...base, paths: ['other/**'] }] }, PUBLIC)).toHaveLength(1)
    expect(rules({ suppressions: [{ ...base, pointer: '/Statement/0' }] }, PUBLIC)).toEqual([])
    expect(rules({ suppressions: [{ ...base, policy: 'public.trust.json' }] }, PUBLIC)).toEqual([])
    expect(rules({ suppressions: [{ ...base, expires: '2026-01-01' }] }, PUBLIC)).toHaveLength(1)
    const suppressed = lintSources([PUBLIC], { config: { suppressions: [base] } }).findings[0]?.suppressed
    expect(suppressed).toEqual({ kind: 'external', by: 'config', justification: 'demo bucket role' })
  })
})

describe('baselines', () => {
  it('round-trips fingerprints; fingerprints survive moved lines', () => {
    const first = lintSources([PUBLIC]).findings
    const baseline = readBaseline(writeBaseline(first), 'b.json')
    expect(baseline.ok).toBe(true)
    const moved = { ...PUBLIC, text: `\n\n${PUBLIC.text}` }
    const again = lintSources([moved], baseline.ok ? { baseline: baseline.value } : {}).findings
    expect(again[0]?.line).toBe((first[0]?.line ?? 0) + 2)
    expect(again.every((f) => f.suppressed?.by === 'baseline')).toBe(true)
  })
  it('rejects a malformed baseline with a pointer', () => {
    const r = readBaseline('{"version": 2}', 'b.json')
    expect(r.ok ? '' : r.error.pointer).toBe('/version')
  })
})
