/**
 * Pathological wildcards decide in bounded time: matching never backtracks (`*`-separated segments are
 * placed leftmost, `?`-segments found by a bit-parallel pass), so a 64 KiB pattern against 1 MB of
 * text takes milliseconds. Bounds are generous so the test is not flaky; real figures are in
 * docs/guarantees.md. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { describe, expect, it } from 'vitest'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { compilePolicySet } from '../../src/evaluate/policySet.js'
import { compileWildcard } from '../../src/matching/wildcard.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'

const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html'
const RES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html'
const BOUND_MS = 500

function timed<T>(f: () => T): [T, number] {
  const started = performance.now()
  const value = f()
  return [value, performance.now() - started]
}

const STAR_A = `*${'a*'.repeat(32_767)}b` // 64 KiB, the classic backtracking trap
const Q_SEGMENT = `*${'a?'.repeat(512)}b*` // a 1 KiB segment of ? between two *
const TEXT = 'a'.repeat(1_000_000)
// Never matches STAR_A, and only after a full walk: 15,000 `a` (fewer than the 32,767 needed), filler, then `b`.
const STAR_TEXT = `${'xa'.repeat(15_000)}${'x'.repeat(970_000)}b`

describe('pathological wildcards', () => {
  it(`*a*a*…b (64 KiB) against 1 MB of a, both cases, under ${BOUND_MS} ms (${OPS})`, () => {
    for (const ci of [false, true]) {
      const pattern = compileWildcard(STAR_A, ci)
      const [matched, ms] = timed(() => pattern.matches(STAR_TEXT))
      expect(matched).toBe(false)
      expect(ms).toBeLessThan(BOUND_MS)
    }
  })

  it(`a 2 KiB ?-segment between * against 256 KB, and a 64 KiB one against 20 KB, under ${BOUND_MS} ms (${OPS})`, () => {
    const [a, ms1] = timed(() => compileWildcard(`*${'a?'.repeat(1_024)}b*`).matches('a'.repeat(256_000)))
    expect(a).toBe(false)
    expect(ms1).toBeLessThan(BOUND_MS)
    const [b, ms2] = timed(() => compileWildcard(`*${'a?'.repeat(32_767)}b*`).matches('a'.repeat(20_000)))
    expect(b).toBe(false)
    expect(ms2).toBeLessThan(BOUND_MS)
  })

  it(`through the engine: Resource, StringLike and ArnLike with 64 KiB patterns (and a 1 KiB ?-segment) against 1 MB values never allow and stay under ${BOUND_MS} ms (${RES})`, () => {
    const resource = `arn:aws:s3:::${STAR_TEXT}`
    const statements = [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${STAR_A}` },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/team': STAR_A } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${STAR_A}` } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/team': Q_SEGMENT } } },
    ]
    for (const statement of statements) {
      const parsed = parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind: 'identity' })
      const policy = parsed.ok ? parsed.value : parsed.recovered
      if (policy === undefined) throw new Error('policy not readable')
      const compiled = compilePolicySet({ identity: [policy] })
      const request = { principal: { kind: 'aws' as const, arn: 'arn:aws:iam::111122223333:user/alice' }, action: 's3:GetObject', resource, resourceAccount: '111122223333', context: { 'aws:PrincipalTag/team': STAR_TEXT, 'aws:SourceArn': resource } }
      for (const trace of [false, true]) {
        const [result, ms] = timed(() => evaluateCompiled(request, compiled, { trace }))
        expect(result.decision).not.toBe('allowed')
        expect(ms).toBeLessThan(BOUND_MS * 2)
      }
    }
  })
})
