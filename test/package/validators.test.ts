/**
 * src/generated/validators.js is ajv standalone code generated from the schemas in src/; it must match
 * what scripts/build-validators.ts produces now, and validate exactly as run-time ajv compilation would.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { generateValidators, validatorOptions } from '../../scripts/build-validators.js'
import { validateAssumeCall, validateLintConfig, validatePolicyShape, validateScenario } from '../../src/generated/validators.js'
import type { PrecompiledValidator } from '../../src/generated/validators.js'
import { CONFIG_SCHEMA } from '../../src/lint/configSchema.js'
import { POLICY_SCHEMA } from '../../src/policy/schema.js'
import { scenarioSchema } from '../../src/scenario/schema.js'
import { ASSUME_CALL_SCHEMA } from '../../src/sts/callSchema.js'

const GENERATED = join(import.meta.dirname, '..', '..', 'src', 'generated')

describe('precompiled validators', () => {
  it('are up to date with the schemas (run `npm run build:validators` when this fails)', () => {
    const files = generateValidators()
    expect(Object.keys(files).length).toBeGreaterThan(2)
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(GENERATED, name), 'utf8'), name).toBe(text)
  })

  it('contain no run-time code generation', () => {
    for (const name of Object.keys(generateValidators())) expect(readFileSync(join(GENERATED, name), 'utf8'), name).not.toMatch(/new Function|\beval\(|require\(/)
  })

  const samples: unknown[] = [
    {},
    { request: {} },
    { request: { principal: '', action: 'sts:AssumeRole', resource: 'x' } },
    { request: { principal: '\ud83d\ude00', action: '\ud83d', resource: '\ude00' } },
    { request: { principal: { service: 'a', aws: 'b' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b', resourceAccount: '12' } },
    { request: { principal: 'arn:aws:iam::111122223333:user/a', action: 'sts:AssumeRole', resource: 'r', context: { k: [1, {}] } }, expect: { decision: 'maybe' } },
    { request: { principal: 'p', action: 'a', resource: 'r' }, principalPolicies: { identity: [{ name: 3, document: 1 }], scps: [[{}], 'x'] } },
    { request: { principal: 'p', action: 'a', resource: 'r' }, resourcePolicies: { resource: null, rcps: [] }, expect: { decision: 'allowed' } },
  ]

  it.each(samples.map((s, i) => [i, s]))('scenario sample %i: same verdict and same errors as run-time ajv', (_i, sample) => {
    const runtime = new Ajv({ allErrors: true, strict: false }).compile(scenarioSchema)
    expect(validateScenario(sample)).toBe(runtime(sample))
    expect(validateScenario.errors ?? null).toEqual(runtime.errors ?? null)
  })

  const policies: unknown[] = [
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
    { Version: '2012-10-17', Statement: { Effect: 'Maybe', Action: 's3:*', NotAction: 'x' } },
    { Statement: [], Extra: 1 },
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['a'], Bogus: 'b' }, Action: 'x', Condition: { StringEquals: { k: [{}] } } }] },
  ]

  it.each(policies.map((s, i) => [i, s]))('policy sample %i: same verdict and same errors as run-time ajv', (_i, sample) => {
    const runtime = new Ajv({ allErrors: true, strict: false }).compile(POLICY_SCHEMA)
    expect(validatePolicyShape(sample)).toBe(runtime(sample))
    expect(validatePolicyShape.errors ?? null).toEqual(runtime.errors ?? null)
  })

  const others: [string, string, PrecompiledValidator, object, unknown[]][] = [
    ['lint config', 'validateLintConfig', validateLintConfig, CONFIG_SCHEMA, [{}, { rules: 3 }, { rules: { 'no-such': 'loud' } }, { suppressions: [{ rule: 'x' }] }, { bogus: true }]],
    ['STS call', 'validateAssumeCall', validateAssumeCall, ASSUME_CALL_SCHEMA, [{}, { call: 'AssumeRole' }, { chain: [] }, { chain: [{}], extra: 1 }, { api: 'AssumeRole', caller: 3, role: {} }, { caller: { arn: 'x', mfa: { present: 'yes' } }, parameters: { Policy: 3, PolicyArns: [{}] }, then: [{ action: 'a' }] }]],
  ]
  for (const [label, name, validate, schema, inputs] of others) {
    it.each(inputs.map((s, i) => [i, s]))(`${label} sample %i: same verdict and same errors as run-time ajv`, (_i, sample) => {
      const runtime = new Ajv(validatorOptions(name)).compile(schema)
      expect(validate(sample)).toBe(runtime(sample))
      expect(validate.errors ?? null).toEqual(runtime.errors ?? null)
    })
  }
})
