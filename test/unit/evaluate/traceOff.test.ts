/**
 * Every rule of the authorizer decides the same with the trace off, and without an error: a rule that
 * needed its trace sink to decide would otherwise fail only there, as an internal error (an implicit
 * deny that names no statement), which the traced cases never show.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../../src/index.js'
import { CASES } from './stepCases.js'

describe('each rule with the trace off', () => {
  for (const c of CASES) {
    it(c.name, () => {
      for (const options of [{}, { unindexed: true }]) {
        const r = evaluate(c.request, c.policies, { ...c.options, ...options })
        expect(r.errors).toEqual([])
        expect(r.decision).toBe(c.decision)
        expect(r.trace).toBeUndefined()
      }
    })
  }
})
