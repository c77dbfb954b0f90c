/**
 * Linear-time guarantees (docs/guarantees.md), tested by counting work rather than by a clock: the
 * wildcard matcher reports the text positions and Shift-And words it touches, the evaluator the
 * statements and conditions it visits. Pathological patterns (the classic backtracking traps) do work
 * proportional to the text, never to text × pattern. Time is measured in bench/timingFigures.ts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { describe, expect, it } from 'vitest'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { compilePolicySet } from '../../src/evaluate/policySet.js'
import { compileWildcard } from '../../src/matching/wildcard.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import { meterWork } from '../../src/work.js'

const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html'
const RES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html'

const STAR_A = `*${'a*'.repeat(32_767)}b` // 64 KiB, the classic backtracking trap
/** Never matches STAR_A, and only after a full walk: `a`s fewer than the pattern needs, filler, then `b`. */
const starText = (size: number): string => `${'xa'.repeat(size / 100)}${'x'.repeat(size - size / 50 - 1)}b`

function steps(f: () => unknown): number {
  return meterWork(f).work.matcherSteps
}

describe('wildcard matching does work linear in the text', () => {
  it(`*a*a*…b (64 KiB): steps within |text| + |pattern|, and ten times the text is at most ten times the work, both cases (${OPS})`, () => {
    for (const ci of [false, true]) {
      const pattern = compileWildcard(STAR_A, ci)
      const small = starText(100_000)
      const large = starText(1_000_000)
      let matched = true
      const s1 = steps(() => (matched = pattern.matches(small)))
      expect(matched).toBe(false)
      const s2 = steps(() => (matched = pattern.matches(large)))
      expect(matched).toBe(false)
      expect(s1).toBeGreaterThan(0)
      expect(s2).toBeLessThanOrEqual(large.length + STAR_A.length)
      expect(s2).toBeLessThanOrEqual(10 * s1 + STAR_A.length)
    }
  })

  it(`a ?-segment between * does at most |text| × (⌈m/32⌉ + 1) steps: word updates plus the text walked (2 KiB and 64 KiB segments) (${OPS})`, () => {
    for (const [half, size] of [
      [1_024, 256_000],
      [32_767, 20_000],
    ] as const) {
      const segment = 'a?'.repeat(half)
      const words = Math.ceil((segment.length + 1) / 32)
      let matched = true
      const s = steps(() => (matched = compileWildcard(`*${segment}b*`).matches('a'.repeat(size))))
      expect(matched).toBe(false)
      expect(s).toBeGreaterThan(size)
      expect(s).toBeLessThanOrEqual(size * (words + 1) + segment.length + 4)
    }
  })

  it(`doubling the text at most doubles the work of a ?-segment search, give or take the first m characters (${OPS})`, () => {
    const segment = `${'a?'.repeat(512)}b`
    const pattern = compileWildcard(`*${segment}*`)
    const s1 = steps(() => pattern.matches('a'.repeat(50_000)))
    const s2 = steps(() => pattern.matches('a'.repeat(100_000)))
    // While the first m characters are read, fewer state words are live.
    expect(s2).toBeLessThanOrEqual(2 * s1 + segment.length * Math.ceil(segment.length / 32))
    expect(s2).toBeGreaterThan(s1)
  })
})

describe('through the engine', () => {
  it(`Resource, StringLike and ArnLike with 64 KiB patterns (and a 1 KiB ?-segment) against 1 MB values never allow, visit one statement and do work linear in the value (${RES})`, () => {
    const text = starText(1_000_000)
    const resource = `arn:aws:s3:::${text}`
    const statements = [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${STAR_A}` },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/team': STAR_A } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${STAR_A}` } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/team': `*${'a?'.repeat(512)}b*` } } },
    ]
    for (const statement of statements) {
      const parsed = parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind: 'identity' })
      const policy = parsed.ok ? parsed.value : parsed.recovered
      if (policy === undefined) throw new Error('policy not readable')
      const compiled = compilePolicySet({ identity: [policy] })
      const request = { principal: { kind: 'aws' as const, arn: 'arn:aws:iam::111122223333:user/alice' }, action: 's3:GetObject', resource, resourceAccount: '111122223333', context: { 'aws:PrincipalTag/team': text, 'aws:SourceArn': resource } }
      for (const trace of [false, true]) {
        const { value, work } = meterWork(() => evaluateCompiled(request, compiled, { trace }))
        expect(value.decision).not.toBe('allowed')
        expect(work.statements).toBe(1)
        expect(work.matcherSteps).toBeLessThanOrEqual(2 * (resource.length + STAR_A.length) * Math.ceil(1025 / 32))
      }
    }
  })
})
