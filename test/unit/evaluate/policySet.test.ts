/**
 * The policy sets evaluation accepts: compiled once by compilePolicySet (names, levels, problems with
 * their pointers), hand-built sets checked on each evaluation, and the order in which the statements
 * that allowed are reported.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { describe, expect, it } from 'vitest'
import { compilePolicy } from '../../../src/compile/compilePolicy.js'
import { memoOf, policySetProblem } from '../../../src/evaluate/policySetCheck.js'
import { compilePolicySet, evaluate, evaluateCompiled } from '../../../src/index.js'
import type { CompiledPolicySet, PolicyKind, PolicySet } from '../../../src/index.js'
import { A, ALICE, B, BOB, policy, rcpFull } from './stepCases.js'

const EVAL_XA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html'
const allowAll = (kind: PolicyKind) => policy(kind, { Effect: 'Allow', Action: '*', Resource: '*' })
const s3Get = (arn: string, resourceAccount = A) => ({ principal: { kind: 'aws', arn } as const, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount })
const codes = (set: unknown) => (policySetProblem(set) ?? []).map((d) => [d.code, d.pointer])

describe('compilePolicySet', () => {
  it('names each policy after its layer and position, or as given', () => {
    const set = compilePolicySet({
      identity: [allowAll('identity'), { name: 'Named', policy: allowAll('identity') }],
      boundary: allowAll('boundary'),
      session: [allowAll('session')],
      scps: [[allowAll('scp')], [allowAll('scp'), allowAll('scp')]],
      resource: policy('resource', { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
      rcps: [[allowAll('scp')]],
    })
    expect(set.identity?.map((p) => [p.name, p.layer])).toEqual([['identity[0]', 'identity'], ['Named', 'identity']])
    expect([set.boundary?.name, set.boundary?.layer]).toEqual(['boundary', 'boundary'])
    expect(set.session?.map((p) => [p.name, p.layer])).toEqual([['session[0]', 'session']])
    expect(set.scps?.map((l) => l.map((p) => [p.name, p.layer, p.statements[0]?.ref.level]))).toEqual([[['scp level 0[0]', 'scp', 0]], [['scp level 1[0]', 'scp', 1], ['scp level 1[1]', 'scp', 1]]])
    expect([set.resource?.name, set.resource?.layer]).toEqual(['resource policy', 'resource'])
    expect(set.rcps?.map((l) => l.map((p) => [p.name, p.layer]))).toEqual([[['rcp level 0[0]', 'rcp']]])
    expect(policySetProblem(set)).toBeUndefined()
    expect(memoOf(set)).toBeDefined()
    expect(Object.isFrozen(set) && Object.isFrozen(set.identity) && Object.isFrozen(set.scps) && Object.isFrozen(set.scps?.[1])).toBe(true)
  })

  it('a name that is not a string falls back to the position', () => {
    const set = compilePolicySet({ identity: [{ name: 5, policy: allowAll('identity') } as never] })
    expect(set.identity?.[0]?.name).toBe('identity[0]')
  })

  it('empty layers compile to empty lists and no boundary or resource policy', () => {
    const set = compilePolicySet({})
    expect(set).toEqual({ identity: [], boundary: null, session: [], scps: [], resource: null, rcps: [] })
    expect(evaluateCompiled(s3Get(ALICE), set).decision).toBe('implicitDeny')
  })

  it.each([
    ['a set that is not an object', 5, [['evaluate.invalid-policies', '']]],
    ['a layer that is not an array', { identity: {} }, [['evaluate.invalid-policies', '/identity']]],
    ['a session layer that is not an array', { session: 'x' }, [['evaluate.invalid-policies', '/session']]],
    ['SCP levels that are not an array', { scps: {} }, [['evaluate.invalid-policies', '/scps']]],
    ['an RCP level that is not an array', { rcps: [[], 5] }, [['evaluate.invalid-policies', '/rcps/1']]],
    ['a policy that is not a parsed policy', { identity: [5] }, [['evaluate.invalid-policies', '']]],
  ])('records %s as a problem, and is never evaluated', (_name, set, expected) => {
    const compiled = compilePolicySet(set as unknown as PolicySet)
    const r = evaluateCompiled(s3Get(ALICE), compiled)
    expect(r.decision).toBe('implicitDeny')
    expect(r.errors.map((e) => [e.code, e.pointer.replace(/^\/identity\/\d+/, '')])).toEqual(expected)
    expect(memoOf(compiled)).toBeUndefined()
  })
})

describe('hand-built policy sets', () => {
  const ok = compilePolicy(allowAll('identity'), 'identity', 'Mine')
  const broken = compilePolicy(5 as never, 'identity', 'Broken')

  it('a set of compiled policies is evaluated', () => {
    const set: CompiledPolicySet = { identity: [ok], boundary: null, resource: null, session: [], scps: [], rcps: [] }
    expect(policySetProblem(set)).toBeUndefined()
    expect(memoOf(set)).toBeUndefined()
    expect(evaluateCompiled(s3Get(ALICE), set).decision).toBe('allowed')
  })

  it.each([
    ['not an object', null, [['evaluate.invalid-policies', '']]],
    ['a layer that is not an array', { identity: ok }, [['evaluate.invalid-policies', '/identity']]],
    ['a plain object in place of a compiled policy', { identity: [{ statements: [] }] }, [['evaluate.invalid-policies', '/identity/0']]],
    ['a compiled policy with errors', { session: [ok, broken] }, [['evaluate.invalid-policies', '/session/1']]],
    ['a boundary that is not compiled', { boundary: {} }, [['evaluate.invalid-policies', '/boundary']]],
    ['a resource policy that is not compiled', { resource: 'x' }, [['evaluate.invalid-policies', '/resource']]],
    ['SCP levels that are not arrays', { scps: ok }, [['evaluate.invalid-policies', '/scps']]],
    ['an SCP level that is not an array', { scps: [[ok], ok] }, [['evaluate.invalid-policies', '/scps/1']]],
    ['an RCP in an SCP level slot that is not compiled', { rcps: [[ok, 3]] }, [['evaluate.invalid-policies', '/rcps/0/1']]],
    ['a null identity policy', { identity: [null] }, [['evaluate.invalid-policies', '/identity/0']]],
    ['a policy whose methods are missing', { identity: [{ ...ok, forAction: undefined }] }, [['evaluate.invalid-policies', '/identity/0']]],
    ['a policy without a name', { identity: [{ ...ok, name: 3 }] }, [['evaluate.invalid-policies', '/identity/0']]],
    ['a policy whose statements are not an array', { identity: [{ ...ok, statements: {} }] }, [['evaluate.invalid-policies', '/identity/0']]],
    ['a policy without candidates', { identity: [{ ...ok, candidates: 1 }] }, [['evaluate.invalid-policies', '/identity/0']]],
    ['a policy without an action index', { identity: [{ ...ok, actionIndex: 1 }] }, [['evaluate.invalid-policies', '/identity/0']]],
  ])('refuses %s, with the pointer', (_name, set, expected) => {
    expect(codes(set)).toEqual(expected)
    const r = evaluateCompiled(s3Get(ALICE), set as never)
    expect(r.decision).toBe('implicitDeny')
    expect(r.errors.map((e) => [e.code, e.pointer])).toEqual(expected)
  })

  it('null boundary and resource policy are no policy', () => {
    expect(codes({ boundary: null, resource: null, identity: [ok] })).toEqual([])
  })

  it('options that are not an object are no options', () => {
    const set = compilePolicySet({ identity: [allowAll('identity')] })
    for (const options of [null, 5, 'trace']) {
      const r = evaluateCompiled(s3Get(ALICE), set, options as never)
      expect(r.decision).toBe('allowed')
      expect(r.trace).toBeUndefined()
    }
  })
})

describe('the statements that allowed, in order', () => {
  const level = (kind: PolicyKind, name: string) => ({ name, policy: allowAll(kind) })
  it(`same account: RCPs, SCPs, identity policies, boundary, session policies, then resource grants`, () => {
    const session = `arn:aws:sts::${A}:assumed-role/R1/s1`
    const r = evaluate(s3Get(session), {
      rcps: [[rcpFull]],
      scps: [[level('scp', 'Scp0')], [level('scp', 'Scp1')]],
      identity: [level('identity', 'Id0'), level('identity', 'Id1')],
      boundary: level('boundary', 'Bound'),
      session: [level('session', 'Sess')],
      resource: { name: 'Bucket', policy: policy('resource', { Effect: 'Allow', Principal: { AWS: session }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
    })
    expect(r.decision).toBe('allowed')
    expect(r.determining.map((d) => d.policy)).toEqual(['RCPFullAWSAccess', 'Scp0', 'Scp1', 'Id0', 'Id1', 'Bound', 'Sess', 'Bucket'])
  })

  it(`across accounts: RCPs, SCPs, the resource grant, then the identity side (${EVAL_XA})`, () => {
    const r = evaluate(s3Get(BOB, A), {
      rcps: [[rcpFull]],
      scps: [[level('scp', 'Scp0')]],
      identity: [level('identity', 'Id0')],
      boundary: level('boundary', 'Bound'),
      resource: { name: 'Bucket', policy: policy('resource', { Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
    })
    expect(r.decision).toBe('allowed')
    expect(r.determining.map((d) => d.policy)).toEqual(['RCPFullAWSAccess', 'Scp0', 'Bucket', 'Id0', 'Bound'])
  })

  it('same account through the resource policy alone: the grants; an account grant also names the identity side', () => {
    const grant = (principal: object) => ({ name: 'Bucket', policy: policy('resource', { Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) })
    const user = evaluate(s3Get(ALICE), { scps: [[level('scp', 'Scp0')]], resource: grant({ AWS: ALICE }) })
    expect(user.determining.map((d) => d.policy)).toEqual(['Scp0', 'Bucket'])
    const key = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
    const account = evaluate({ principal: { kind: 'aws', arn: ALICE }, action: 'kms:Decrypt', resource: key }, { identity: [level('identity', 'Id0')], resource: { name: 'Key', policy: policy('resource', { Effect: 'Allow', Principal: { AWS: A }, Action: 'kms:*', Resource: '*' }) } })
    expect(account.decision).toBe('allowed')
    expect(account.determining.map((d) => d.policy)).toEqual(['Key', 'Id0'])
  })

  it('the root user in its own account: only the organization policies that allowed', () => {
    const r = evaluate(s3Get(`arn:aws:iam::${A}:root`), { scps: [[level('scp', 'Scp0')]], resource: { name: 'Bucket', policy: policy('resource', { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }) } })
    expect(r.decision).toBe('allowed')
    expect(r.determining.map((d) => d.policy)).toEqual(['Scp0'])
  })

  it('a service caller: the resource grant', () => {
    const r = evaluate({ principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, { rcps: [[rcpFull]], resource: { name: 'Bucket', policy: policy('resource', { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 's3:*', Resource: '*' }) } })
    expect(r.determining.map((d) => d.policy)).toEqual(['RCPFullAWSAccess', 'Bucket'])
  })
})

describe('a compiled policy set its user froze deeply', () => {
  const deepFreeze = (value: unknown, seen = new Set<unknown>()): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return
    seen.add(value)
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen)
    Object.freeze(value)
  }

  it('decides as before and on every later request (evaluation keeps no memo on a frozen statement)', () => {
    const set = compilePolicySet({ identity: [allowAll('identity')] })
    const fresh = compilePolicySet({ identity: [allowAll('identity')] })
    deepFreeze(set)
    for (let i = 0; i < 3; i++) {
      const frozen = evaluateCompiled(s3Get(ALICE), set)
      expect(frozen.errors).toEqual([])
      expect(frozen.decision).toBe('allowed')
      expect(frozen.determining).toEqual(evaluateCompiled(s3Get(ALICE), fresh).determining)
    }
  })
})
