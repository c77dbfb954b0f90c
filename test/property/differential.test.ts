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
import type { RawCase } from '../helpers/arbitraries.js'
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

  // Shrunk counterexamples that scenario files cannot hold (they need an evaluation option).
  it('a trust statement naming both "*" and the caller\'s role grants through "*" when roleGrantNeedsIdentity is on (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)', () => {
    const c: RawCase = {
      request: { principal: { kind: 'aws', arn: 'arn:aws:sts::111111111111:assumed-role/R1/s1' }, action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/Target', context: {} },
      policies: { identity: [], boundary: null, session: [], scps: [], resource: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['*', 'arn:aws:iam::111111111111:role/R1'] }, Action: 'sts:AssumeRole' }] }, rcps: [] },
      options: { roleGrantNeedsIdentity: true },
    }
    const set = parseCase(c)
    expect(referenceDecide(c.request, set, c.options)).toBe('allowed')
    expect(evaluateCompiled(c.request, compileCase(set), c.options).decision).toBe('allowed')
  })
})

