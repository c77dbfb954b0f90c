/**
 * Differential test: the compiled, indexed engine agrees decision for decision with the simple
 * reference evaluator of test/reference/ (written from AWS's decision tables), and its unindexed and
 * traced paths agree with its default path, on generated policies for every layer, contexts and
 * requests. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { caseArb, compileCase, parseCase, propertyParams, toScenario } from '../helpers/arbitraries.js'
import { referenceDecide } from '../reference/referenceEvaluator.js'

describe('engine vs reference evaluator', () => {
  it('decides every generated case as the reference does (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const set = parseCase(c)
        const engine = evaluateCompiled(c.request, compileCase(set), c.options).decision
        const reference = referenceDecide(c.request, set, c.options)
        if (engine !== reference) throw new Error(`engine ${engine}, reference ${reference}\n${JSON.stringify(toScenario(c, 'counterexample', 'differential test', reference), null, 1)}`)
      }),
      propertyParams(300),
    )
  })

  it('gives the same decision on the indexed, unindexed and traced paths (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const compiled = compileCase(parseCase(c))
        const base = evaluateCompiled(c.request, compiled, c.options)
        const unindexed = evaluateCompiled(c.request, compiled, { ...c.options, unindexed: true })
        const traced = evaluateCompiled(c.request, compiled, { ...c.options, trace: true })
        expect(unindexed.decision).toBe(base.decision)
        expect(traced.decision).toBe(base.decision)
        expect(unindexed.determining).toEqual(base.determining)
        expect(traced.determining).toEqual(base.determining)
        // With tracing on every condition is read, so it may name more missing keys, never fewer.
        expect(traced.missingContextKeys).toEqual(expect.arrayContaining([...base.missingContextKeys]))
      }),
      propertyParams(),
    )
  })
})
