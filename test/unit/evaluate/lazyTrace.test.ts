/**
 * The trace is recorded in two parts: the steps that decided, as the evaluation runs, and the layer
 * tree, built when first read. Read, it is the same trace as one built at once, for every scenario of
 * the corpus, and later changes to the request object do not reach it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compilePolicySet, compileScenario, evaluateCompiled, parsePolicy, parseScenario } from '../../../src/index.js'

const root = join(import.meta.dirname, '..', '..', '..', 'corpus')
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))
}

describe('lazily built trace', () => {
  it('equals the trace built at once, for every corpus scenario', () => {
    let compared = 0
    for (const file of walk(root)) {
      const text = readFileSync(file, 'utf8')
      if (!text.includes('"request"')) continue
      const parsed = parseScenario(text)
      if (!parsed.ok) continue
      const compiled = compileScenario(parsed.value)
      const lazy = compiled.evaluate(undefined, { trace: true })
      // A condition override (returning nothing) makes the evaluator build the trace at once.
      const eager = compiled.evaluate(undefined, { trace: true, conditionOverride: () => undefined })
      expect(JSON.stringify(lazy.trace), file).toBe(JSON.stringify(eager.trace))
      expect(lazy.decision).toBe(eager.decision)
      compared++
    }
    expect(compared).toBeGreaterThan(500)
  })

  it('keeps the request as it was: changing the request object afterwards changes nothing', () => {
    const trust = parsePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x1' } } } }, { kind: 'trust' })
    if (!trust.ok) throw new Error('trust')
    const request = { principal: 'arn:aws:iam::111122223333:user/alice', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/R', context: { 'sts:ExternalId': 'x1' } }
    const r = evaluateCompiled(request, compilePolicySet({ resource: trust.value }), { trace: true })
    request.context['sts:ExternalId'] = 'changed'
    request.principal = 'arn:aws:iam::111122223333:user/mallory'
    expect(r.decision).toBe('allowed')
    expect(r.trace?.request.context['sts:ExternalId']).toEqual(['x1'])
    const condition = r.trace?.layers.find((l) => l.kind === 'resource')?.policies[0]?.statements[0]?.checks.find((c) => c.kind === 'condition')
    expect(condition?.kind === 'condition' && condition.result).toBe('true')
    expect(Object.keys(r.trace ?? {})).toEqual(['version', 'request', 'layers', 'steps'])
  })
})
