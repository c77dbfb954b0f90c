/**
 * Differential test: the compiled, indexed engine agrees decision for decision with the reference
 * evaluator of test/reference/ — written from AWS's documentation, sharing no code with src/ — on
 * generated policies of every layer and operator; and its unindexed and traced paths agree with its
 * default path. Seeded (see propertySeed); a counterexample is printed as a scenario file, and with
 * `IAMTRACE_COUNTEREXAMPLES=<dir>` also written there, ready for corpus/regressions/.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { propertyParams, propertyRuns, propertySeed } from '../helpers/arbitraries.js'
import type { RawCase } from '../helpers/arbitraries.js'
import { compileCase, parseCase, policyTexts, toScenario } from '../helpers/build.js'
import { caseArb } from '../helpers/cases.js'
import { Tally } from '../helpers/tally.js'
import { referenceDecide, referenceExplain } from '../reference/decide.js'
import { readScenario } from '../reference/scenario.js'

const EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'

/** Writes a counterexample as a scenario file when IAMTRACE_COUNTEREXAMPLES names a folder. */
function writeCounterexample(c: RawCase, engine: string, reference: string): string {
  const scenario = toScenario(c, `engine ${engine}, reference ${reference} (options ${JSON.stringify(c.options)})`, 'differential test counterexample', reference)
  const text = `${JSON.stringify(scenario, null, 2)}\n`
  const dir = process.env['IAMTRACE_COUNTEREXAMPLES']
  if (dir !== undefined && dir !== '') {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `counterexample-${Date.now().toString(36)}.json`), text)
  }
  return text
}

/**
 * The mix of decision paths the generated cases reach, as the reference explains them, with the
 * least share of each that the generators must keep.
 */
const MIX_MINIMUMS: Readonly<Record<string, number>> = {
  allowed: 0.25,
  'cross-account allowed': 0.01,
  'role trust allowed': 0.01,
  'boundary withholds': 0.01,
  'session policy withholds': 0.01,
  'SCP level withholds': 0.01,
  'RCP level withholds': 0.01,
  NotPrincipal: 0.01,
  'unknown key': 0.01,
}

function mixOf(c: RawCase): string[] {
  const e = referenceExplain(c.request, policyTexts(c), c.options)
  const kinds = [e.decision, `path ${e.path}`]
  if (e.decision === 'allowed' && e.crossAccount) kinds.push('cross-account allowed')
  if (e.decision === 'allowed' && e.roleTrust) kinds.push('role trust allowed')
  if (e.decision !== 'explicitDeny' && e.boundaryBlocks) kinds.push('boundary withholds')
  if (e.decision !== 'explicitDeny' && e.sessionBlocks) kinds.push('session policy withholds')
  if (e.path === 'scp-level') kinds.push('SCP level withholds')
  if (e.path === 'rcp-level') kinds.push('RCP level withholds')
  if (e.tags.has('notPrincipal')) kinds.push('NotPrincipal')
  if (e.tags.has('unknownKey')) kinds.push('unknown key')
  return kinds
}

describe('generated cases', () => {
  it('reach every decision path: allowed ≥ 25 %, each rare path ≥ 1 % (printed)', () => {
    const tally = new Tally('decision paths of generated cases')
    for (const c of fc.sample(caseArb, { numRuns: Math.max(2000, propertyRuns(300)), seed: propertySeed() })) tally.ran(...mixOf(c))
    tally.check(MIX_MINIMUMS)
  })
})

describe('engine vs reference evaluator', () => {
  it(`decides every generated case as the reference does (${EVAL})`, () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const engine = evaluateCompiled(c.request, compileCase(parseCase(c)), c.options).decision
        const reference = referenceDecide(c.request, policyTexts(c), c.options)
        if (engine !== reference) throw new Error(`engine ${engine}, reference ${reference}\n${writeCounterexample(c, engine, reference)}`)
      }),
      propertyParams(300),
    )
  })

  it(`gives the same decision on the indexed, unindexed and traced paths (${EVAL})`, () => {
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

  // A shrunk counterexample that a scenario file cannot hold (it needs an evaluation option).
  it('a trust statement naming both "*" and the caller\'s role grants through "*" when roleGrantNeedsIdentity is on (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)', () => {
    const c: RawCase = {
      request: { principal: { kind: 'aws', arn: 'arn:aws:sts::111111111111:assumed-role/R1/s1' }, action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/Target', context: {} },
      policies: { identity: [], boundary: null, session: [], scps: [], resource: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['*', 'arn:aws:iam::111111111111:role/R1'] }, Action: 'sts:AssumeRole' }] }, rcps: [] },
      options: { roleGrantNeedsIdentity: true },
    }
    expect(referenceDecide(c.request, policyTexts(c), c.options)).toBe('allowed')
    expect(evaluateCompiled(c.request, compileCase(parseCase(c)), c.options).decision).toBe('allowed')
  })
})

describe('reference evaluator vs the corpus', () => {
  const root = join(import.meta.dirname, '..', '..', 'corpus')
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))
  const exceptions = JSON.parse(readFileSync(join(root, 'exceptions.json'), 'utf8')) as Record<string, string>

  it(`reaches every corpus scenario's expected decision on its own (${EVAL})`, () => {
    let read = 0
    const wrong: string[] = []
    for (const file of walk(root)) {
      const name = relative(root, file)
      const text = readFileSync(file, 'utf8')
      if (!/"request"\s*:/.test(text) || !/"expect"\s*:/.test(text) || exceptions[name] !== undefined) continue
      const s = readScenario(text)
      if (s?.expect === undefined) continue
      read++
      const decision = referenceDecide(s.request, s.policies)
      if (decision !== s.expect) wrong.push(`${name}: reference ${decision}, expected ${s.expect}`)
    }
    expect(read).toBeGreaterThan(500)
    expect(wrong).toEqual([])
  })
})
