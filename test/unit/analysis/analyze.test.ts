/**
 * The analysis module: three answers, reasons, witnesses confirmed by the evaluator, and the bound on
 * enumerated conditions. Each case cites the AWS page its rule comes from.
 */
import { describe, expect, it } from 'vitest'
import { analyzeAccess, clampMaxAtoms, MAX_ATOMS_LIMIT } from '../../../src/analysis/analyze.js'
import type { AccessQuestion } from '../../../src/analysis/types.js'
import { compilePolicySet } from '../../../src/evaluate/policySet.js'
import { evaluateCompiled } from '../../../src/evaluate/evaluate.js'
import type { CompiledPolicySet } from '../../../src/evaluate/evaluate.js'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import type { Policy, PolicyKind } from '../../../src/policy/types.js'
import type { Request } from '../../../src/request/types.js'

const AA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html'
const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html'
const EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'
const PRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html'

const A = '111122223333'
const ROLE = `arn:aws:iam::${A}:role/Target`
const CALLER = `arn:aws:iam::${A}:user/alice`

function policy(kind: PolicyKind, statements: unknown[]): Policy {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind })
  return r.ok ? r.value : (r.recovered as Policy)
}

function set(trust: unknown[], identity: unknown[] = [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]): CompiledPolicySet {
  return compilePolicySet({ identity: [policy('identity', identity)], resource: policy('trust', trust) })
}

const request: Request = { principal: { kind: 'aws', arn: CALLER }, action: 'sts:AssumeRole', resource: ROLE, context: { 'aws:userid': 'AIDAALICE' } }
const openAll = (keys: readonly string[]): AccessQuestion['keys'] => ({ isOpen: (k) => keys.includes(k), variable: (k) => k })

describe(`"Condition": {} (${AA})`, () => {
  const trust = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: {} }]
  it('the evaluator fails closed: an Allow with an empty condition block grants nothing', () => {
    expect(evaluateCompiled(request, set(trust)).decision).toBe('implicitDeny')
  })
  it('an analysis answers uncertain, naming the statement and the Access Analyzer text', () => {
    const a = analyzeAccess({ request, policies: set(trust), keys: openAll([]) })
    expect(a.decision).toBe('uncertain')
    expect(a.access).toBe('uncertain')
    expect(a.uncertain.map((r) => [r.code, r.pointer])).toEqual([['analysis.empty-condition', '/Statement/0/Condition']])
    expect(a.uncertain[0]?.message).toContain('does not affect the policy')
    expect(a.witness).toBeNull()
  })
  it('a Deny with an empty condition block: the evaluator denies, an analysis says uncertain (it may not apply)', () => {
    const withDeny = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: {} }]
    expect(evaluateCompiled(request, set(withDeny)).decision).toBe('explicitDeny')
    const a = analyzeAccess({ request, policies: set(withDeny), keys: openAll([]) })
    expect(a.decision).toBe('uncertain')
    expect(a.uncertain.map((r) => r.code)).toEqual(['analysis.empty-condition'])
  })
})

describe(`undecidable principals (${PRIN})`, () => {
  it('a bare ARN string as Principal (a shape IAM rejects): evaluated as the engine reads it (unmatchable), reported uncertain', () => {
    const trust = [{ Effect: 'Allow', Principal: `arn:aws:iam::${A}:root`, Action: 'sts:AssumeRole' }]
    expect(evaluateCompiled(request, set(trust)).decision).toBe('implicitDeny')
    const a = analyzeAccess({ request, policies: set(trust), keys: openAll([]) })
    expect(a.decision).toBe('uncertain')
    expect(a.uncertain.map((r) => [r.code, r.pointer])).toEqual([['analysis.undecidable-principal', '/Statement/0/Principal']])
  })
})

describe(`conditional answers and witnesses (${OPS})`, () => {
  const trust = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-7f3c' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }]
  it('the residual lists both conditions and the witness fills them in; the evaluator allows the witness', () => {
    const policies = set(trust)
    const a = analyzeAccess({ request, policies, keys: openAll(['sts:externalid', 'aws:sourceip']) })
    expect(a.decision).toBe('conditional')
    expect(a.conditions?.terms.map((t) => t.map((l) => `${l.value ? '' : '!'}${l.atom.meaning}`).sort())).toEqual([
      [JSON.stringify(['IpAddress', 'aws:sourceip', ['203.0.113.0/24']]), JSON.stringify(['StringEquals', 'sts:externalid', ['ext-7f3c']])],
    ])
    expect(a.witness).not.toBeNull()
    const w = a.witness
    if (w === null) return
    expect(w.context['sts:ExternalId']).toBe('ext-7f3c')
    expect(evaluateCompiled({ principal: { kind: 'aws', arn: w.principal as string }, action: w.action, resource: w.resource, context: w.context }, policies).decision).toBe('allowed')
  })
  it('atoms compare by meaning: the same condition in another policy (other pointer, values in another order) has the same meaning', () => {
    const one = analyzeAccess({ request, policies: set([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': ['a', 'b'] } } }]), keys: openAll(['sts:externalid']) })
    const two = analyzeAccess({ request, policies: set([{ Sid: 'X', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'STS:ExternalID': ['b', 'a'] } } }]), keys: openAll(['sts:externalid']) })
    expect(one.atoms.map((x) => x.meaning)).toEqual(two.atoms.map((x) => x.meaning))
  })
})

describe(`the bound on enumerated conditions (${EVAL})`, () => {
  it('clamps maxAtoms to 0..16 (32-bit masks)', () => {
    expect(clampMaxAtoms(undefined)).toBe(12)
    expect(clampMaxAtoms(40)).toBe(MAX_ATOMS_LIMIT)
    expect(clampMaxAtoms(31)).toBe(MAX_ATOMS_LIMIT)
    expect(clampMaxAtoms(-3)).toBe(0)
    expect(clampMaxAtoms(Number.NaN)).toBe(12)
    expect(clampMaxAtoms(2.7)).toBe(2)
  })
  it('with 33 open conditions and maxAtoms 40 the answer is a sufficient condition, never an overflowed wrong one', () => {
    const keys = Array.from({ length: 33 }, (_, i) => `aws:principaltag/k${i}`)
    const condition = { StringEquals: Object.fromEntries(keys.map((k) => [k, 'v'])) }
    const policies = set([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: condition }])
    const a = analyzeAccess({ request, policies, keys: openAll(keys) }, { maxAtoms: 40 })
    expect(a.decision).toBe('conditional')
    expect(a.conditions?.approximate).toBe(true)
    expect(a.conditions?.terms[0]?.length).toBe(33)
    expect(a.notes.some((n) => n.includes(`at most ${MAX_ATOMS_LIMIT}`))).toBe(true)
    // The sufficient condition really is sufficient: its witness is allowed.
    expect(a.witness).not.toBeNull()
  })
})
