/**
 * The authorizer as a table: every rule is named, cites an AWS page, and the first rule that decides
 * is the one the trace shows as failing (or, for an allow, the last step).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { describe, expect, it } from 'vitest'
import { AUTHORIZER_GATES, AUTHORIZER_RULES } from '../../../src/evaluate/rules.js'
import { evaluate, parsePolicy } from '../../../src/index.js'
import type { PolicyKind } from '../../../src/index.js'

const A = '111122223333'

function policy(kind: PolicyKind, statement: object) {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statement }, { kind })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}

describe('authorizer rule table', () => {
  it('names every rule once and cites an AWS documentation page for each', () => {
    const names = AUTHORIZER_RULES.map((r) => r.name)
    expect(names.length).toBeGreaterThanOrEqual(10)
    expect(new Set(names).size).toBe(names.length)
    for (const r of AUTHORIZER_RULES) expect(r.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
  })

  it('puts the policy-free operations first and the explicit Deny before any Allow-side rule', () => {
    const names = AUTHORIZER_RULES.map((r) => r.name)
    expect(names[0]).toBe('no-authorization')
    expect(names.indexOf('explicit-deny')).toBeLessThan(names.indexOf('scp'))
    expect(names.indexOf('trust-policy')).toBeLessThan(names.indexOf('cross-account'))
  })

  it('records the deciding rule as the failing step', () => {
    const r = evaluate(
      { principal: { kind: 'aws', arn: `arn:aws:iam::${A}:user/alice` }, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/Target` },
      { identity: [policy('identity', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })] },
      { trace: true },
    )
    expect(r.decision).toBe('implicitDeny')
    const failed = r.trace?.steps.filter((s) => s.outcome === 'fail') ?? []
    expect(failed.map((s) => s.rule)).toEqual(['trust-policy'])
  })

  it('explains the root user allowed in its own account with a step', () => {
    const r = evaluate({ principal: { kind: 'aws', arn: `arn:aws:iam::${A}:root` }, action: 's3:GetObject', resource: `arn:aws:s3:::b/k`, resourceAccount: A }, {}, { trace: true })
    expect(r.decision).toBe('allowed')
    expect(r.trace?.steps.at(-1)?.rule).toBe('root')
  })
})

describe('authorizer rule order', () => {
  it('runs the rules of the table in the table order, up to the one that decides, skipping only rules whose gate is closed', () => {
    const calls: string[] = []
    const originals = AUTHORIZER_RULES.map((r) => r.decide)
    const mutable = AUTHORIZER_RULES as unknown as { decide: (typeof AUTHORIZER_RULES)[number]['decide']; name: string }[]
    mutable.forEach((r, i) => {
      r.decide = (s, step) => {
        calls.push(r.name)
        return (originals[i] as (typeof originals)[number])(s, step)
      }
    })
    try {
      const request = { principal: { kind: 'aws' as const, arn: `arn:aws:iam::${A}:user/alice` }, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/Target` }
      const trust = policy('trust', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' })
      for (const policies of [{ resource: trust }, {}]) {
        calls.length = 0
        evaluate(request, policies)
        const names = AUTHORIZER_RULES.map((r) => r.name)
        const order = calls.map((name) => names.indexOf(name))
        expect(order).toEqual([...order].sort((x, y) => x - y))
        const last = order.at(-1) as number
        for (const [i, rule] of AUTHORIZER_RULES.entries()) if (i < last && !calls.includes(rule.name)) expect(AUTHORIZER_GATES.has(rule), rule.name).toBe(true)
        expect(calls.length).toBeGreaterThan(4)
      }
    } finally {
      mutable.forEach((r, i) => (r.decide = originals[i] as (typeof originals)[number]))
    }
  })
})
