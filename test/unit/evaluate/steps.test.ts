/**
 * The trace's decision steps: for a request reaching each rule of the authorizer, the exact steps
 * (rule, outcome and the AWS page each cites), a message that says what decided, and the same
 * decision with the trace off, unindexed, and through the generic rule runner.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { describe, expect, it } from 'vitest'
import { authorize } from '../../../src/evaluate/authorizer.js'
import type { StepSink } from '../../../src/evaluate/authorizer.js'
import { evaluateLayers } from '../../../src/evaluate/layers.js'
import { Evaluation } from '../../../src/evaluate/evaluationState.js'
import { preparedOf, RequestMemo } from '../../../src/evaluate/prepareRequest.js'
import { AUTHORIZER_GATES, AUTHORIZER_RULES, authorizeRequest, authorizeTraced } from '../../../src/evaluate/rules.js'
import { compilePolicySet, decidingStep, evaluate } from '../../../src/index.js'
import type { DecisionStep } from '../../../src/index.js'
import { CASES, URL } from './stepCases.js'

const short = new Map<string, string>(Object.entries(URL).map(([k, v]) => [v, k]))
const stepsOf = (steps: readonly DecisionStep[] | undefined) => (steps ?? []).map((s) => `${s.rule} ${s.outcome} ${short.get(s.source) ?? s.source}`)

describe('decision steps of each rule', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const traced = evaluate(c.request, c.policies, { ...c.options, trace: true })
      expect(traced.errors).toEqual([])
      expect(traced.decision).toBe(c.decision)
      expect(stepsOf(traced.trace?.steps)).toEqual(c.steps)
      for (const s of traced.trace?.steps ?? []) expect(s.message).toMatch(/\w+ \w+/)
      if (c.says !== undefined) expect(decidingStep(traced)?.message).toMatch(c.says)
      for (const options of [{}, { unindexed: true }]) {
        const r = evaluate(c.request, c.policies, { ...c.options, ...options })
        expect(r.decision).toBe(c.decision)
        expect(r.determining).toEqual(traced.determining)
        expect(r.trace).toBeUndefined()
      }
    })
  }

  it('the generic runner and the unrolled ones (untraced, traced) give the same verdicts and steps', () => {
    for (const c of CASES) {
      const policies = compilePolicySet(c.policies)
      const prepared = preparedOf(c.request, new RequestMemo())
      if (!(prepared instanceof Evaluation)) throw new Error('not a request')
      const run = (decide: (state: Evaluation, step: StepSink) => unknown) => {
        const state = prepared.fork().begin(policies, c.options ?? {}, undefined)
        evaluateLayers(policies, state, state, { trace: false, unindexed: false }, undefined, state)
        const steps: string[] = []
        const verdict = decide(state, (rule, outcome, message, source) => void steps.push(`${rule} ${outcome} ${source} ${message}`))
        return { verdict, steps }
      }
      const table = run((s, step) => authorize(s, AUTHORIZER_RULES, step))
      expect(table).toEqual(run((s, step) => authorizeRequest(s, step)))
      // The traced copy of the unrolled runner too.
      expect(table).toEqual(run((s, step) => authorizeTraced(s, step)))
    }
  })

  it('a rule whose gate is false passes on without a step, on every case (the unrolled runner skips it then)', () => {
    let closed = 0
    for (const c of CASES) {
      const policies = compilePolicySet(c.policies)
      const prepared = preparedOf(c.request, new RequestMemo())
      if (!(prepared instanceof Evaluation)) throw new Error('not a request')
      const state = prepared.begin(policies, c.options ?? {}, undefined)
      evaluateLayers(policies, state, state, { trace: false, unindexed: false }, undefined, state)
      for (const [rule, gate] of AUTHORIZER_GATES) {
        expect(AUTHORIZER_RULES).toContain(rule)
        if (gate(state)) continue
        closed++
        const steps: string[] = []
        expect(rule.decide(state, (r) => void steps.push(r)), `${c.name}: ${rule.name}`).toBeUndefined()
        expect(steps, `${c.name}: ${rule.name}`).toEqual([])
      }
    }
    expect(closed).toBeGreaterThan(CASES.length)
  })
})
