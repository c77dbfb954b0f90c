/**
 * Repeated statements are decided once per request (src/compile/statementMemo.ts). Repeating a policy
 * or a statement changes nothing in AWS's evaluation — statements are ORed within a policy and across
 * the policies of a layer, a Deny anywhere wins — so the engine must decide a case with every policy
 * and statement repeated exactly as the reference decides the case itself, and its memoized
 * (untraced) path must agree with its traced path, which evaluates every statement.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compilePolicySet } from '../../src/evaluate/policySet.js'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import type { Policy } from '../../src/policy/types.js'
import { meterWork } from '../../src/work.js'
import { propertyParams } from '../helpers/arbitraries.js'
import type { Json, JsonObject, RawCase } from '../helpers/arbitraries.js'
import { compileCase, parseCase, policyTexts } from '../helpers/build.js'
import { caseArb } from '../helpers/cases.js'
import { referenceDecide } from '../reference/decide.js'

const EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'

/** The document with its statements written twice (the copies without Sid, which must be unique). */
function statementsTwice(d: JsonObject): JsonObject {
  const s = d['Statement']
  if (s === undefined || s === null || typeof s !== 'object') return d
  const list = (Array.isArray(s) ? s : [s]) as Json[]
  const copies = list.map((x) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'Sid')) : x))
  return { ...d, Statement: [...list, ...copies] }
}

/** The case with every policy given twice (SCP and RCP levels too) and every statement written twice. */
function repeated(c: RawCase): RawCase {
  const p = c.policies
  const twice = <T>(list: readonly T[]): T[] => [...list, ...list]
  return {
    ...c,
    policies: {
      identity: twice(p.identity.map(statementsTwice)),
      boundary: p.boundary === null ? null : statementsTwice(p.boundary),
      session: twice(p.session),
      scps: twice(p.scps.map(twice)),
      resource: p.resource === null ? null : statementsTwice(p.resource),
      rcps: twice(p.rcps.map(twice)),
    },
  }
}

describe('repeated statements (decided once per request)', () => {
  it(`decide a case with every policy and statement repeated as the reference decides the case (${EVAL})`, () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const twice = repeated(c)
        const policies = compileCase(parseCase(twice))
        const untraced = evaluateCompiled(twice.request, policies, twice.options)
        const traced = evaluateCompiled(twice.request, policies, { ...twice.options, trace: true })
        expect(untraced.decision).toBe(referenceDecide(c.request, policyTexts(c), c.options))
        expect(untraced.decision).toBe(traced.decision)
        expect(untraced.determining).toEqual(traced.determining)
        expect(untraced.missingContextKeys).toEqual(traced.missingContextKeys)
        expect(untraced.errors).toEqual(traced.errors)
      }),
      propertyParams(300),
    )
  })

  const A = '111122223333'
  const doc = (...Statement: JsonObject[]): Policy => {
    const r = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement }), { kind: 'identity' })
    if (!r.ok) throw new Error('test policy does not parse')
    return r.value
  }
  const denyForbidden = { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['forbidden-*'] } } }
  const team = (n: number): Policy => doc(denyForbidden, { Sid: `Own${n}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::team-${n}/*` })
  const request = (tags: string[], bucket = 'team-3') => ({ principal: `arn:aws:iam::${A}:user/alice`, action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/k`, resourceAccount: A, context: { 'aws:TagKeys': tags } })

  it('are evaluated once per request and decided afresh for the next one', () => {
    const set = compilePolicySet({ identity: Array.from({ length: 10 }, (_, n) => team(n)) })
    const allowed = meterWork(() => evaluateCompiled(request(['team']), set))
    expect(allowed.value.decision).toBe('allowed')
    // Ten Allows (one per policy) and the shared Deny once: 11 statements, not 20.
    expect(allowed.work.statements).toBe(11)
    const denied = evaluateCompiled(request(['forbidden-x']), set)
    expect(denied.decision).toBe('explicitDeny')
    // Every copy of the Deny is reported, each with its own place.
    expect(denied.determining.map((d) => d.policy)).toEqual(Array.from({ length: 10 }, (_, n) => `identity[${n}]`))
    expect(evaluateCompiled(request(['team']), set).decision).toBe('allowed')
  })

  it('are shared by statements of the same content whatever their Sid and place, only by them, and across policy sets', () => {
    const one = compilePolicySet({ identity: [team(1)] })
    const other = compilePolicySet({ identity: [team(1), team(2)] })
    // Alone in its set, no statement repeats another.
    expect(one.identity?.[0]?.statements[0]?.memo).toBeUndefined()
    // The Deny repeats; the Allows differ in their Resource.
    expect(other.identity?.[0]?.statements[0]?.memo).toBeDefined()
    expect(other.identity?.[0]?.statements[0]?.memo).toBe(other.identity?.[1]?.statements[0]?.memo)
    expect(other.identity?.[0]?.statements[1]?.memo).toBeUndefined()
    // The same Allow under another Sid, in another place: the same content.
    const renamed = doc({ Sid: 'Elsewhere', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-1/*' })
    const again = compilePolicySet({ identity: [team(1), renamed] })
    expect(again.identity?.[0]?.statements[1]?.memo).toBeDefined()
    expect(again.identity?.[0]?.statements[1]?.memo).toBe(again.identity?.[1]?.statements[0]?.memo)
    // The same compiled policy in another set: each request decides anew.
    const mixed = { ...one, identity: [...(one.identity ?? []), ...(other.identity ?? [])] }
    expect(evaluateCompiled(request(['forbidden-x']), mixed).decision).toBe('explicitDeny')
    expect(evaluateCompiled(request(['team'], 'team-2'), mixed).decision).toBe('allowed')
  })

  it('are not shared across layers, which read Principal and a missing Resource differently', () => {
    // In a trust policy this statement grants; as an identity policy it names a principal it cannot
    // name and has no Resource, so it grants nothing there.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    const trust = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' }] }), { kind: 'trust' })
    if (!trust.ok) throw new Error('test policy does not parse')
    const set = compilePolicySet({ identity: [trust.value], resource: trust.value })
    expect(set.identity?.[0]?.statements[0]?.memo).toBeUndefined()
    expect(evaluateCompiled({ principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/R` }, set).decision).toBe('allowed')
  })

  it('are each evaluated when a condition override asks about each statement', () => {
    const set = compilePolicySet({ identity: [team(1), team(2)] })
    const asked: unknown[] = []
    evaluateCompiled(request(['team'], 'team-1'), set, { conditionOverride: (_c, s) => (asked.push(s), undefined) })
    expect(asked).toHaveLength(2)
  })
})
