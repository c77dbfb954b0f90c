/**
 * Edges of the authorizer's rules that the rule-by-rule cases do not reach: which grants of a
 * resource policy reach the caller when only some do, which statements are reported as deciding, the
 * one API each caller may use to reach a role, a NotPrincipal Deny and a permissions boundary, the
 * service-role policies that cannot be attached, and policy sets or requests a JavaScript caller may
 * pass in any shape. Policies are compiled inside each test.
 */
import { describe, expect, it } from 'vitest'
import { compilePolicySet, evaluate, evaluateCompiled } from '../../../src/index.js'
import type { PolicySet, Request } from '../../../src/index.js'
import { isServiceLinkedRole } from '../../../src/evaluate/callerRules.js'
import { AUTHORIZER_RULES } from '../../../src/evaluate/rules.js'
import { callerFromPrincipal } from '../../../src/request/caller.js'
import type { Caller } from '../../../src/request/caller.js'
import { A, ALICE, ROLE, URL, policy } from './stepCases.js'

const allowAll = () => policy('identity', { Effect: 'Allow', Action: '*', Resource: '*' })
const failing = (r: ReturnType<typeof evaluate>) => r.trace?.steps.find((s) => s.outcome === 'fail')
const refs = (r: ReturnType<typeof evaluate>) => r.determining.map((d) => `${d.layer}#${d.index}`)
const assume = (arn: string, action = 'sts:AssumeRole'): Request => ({ principal: { kind: 'aws', arn }, action, resource: ROLE })

function callerOf(arn: string): Caller {
  const c = callerFromPrincipal({ kind: 'aws', arn })
  if (!c.ok) throw new Error(arn)
  return c.caller
}

describe('grants of a resource policy in the same account', () => {
  // Same account, a trust policy that names the user reaches it without an identity-based allow; one
  // that names only the account delegates to the account's identity policies.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
  it('allows through the grant that reaches the caller when another grant of the same policy does not', () => {
    const trust = policy('trust', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' })
    const r = evaluate(assume(ALICE), { resource: trust }, { trace: true })
    expect(r.decision).toBe('allowed')
    expect(refs(r)).toEqual(['resource#1'])
  })

  it('reports the identity allows as deciding only when the grant names the account', () => {
    const direct = evaluate(assume(ALICE), { identity: [policy('identity', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE })], resource: policy('trust', { Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' }) })
    expect(direct.decision).toBe('allowed')
    expect(refs(direct)).toEqual(['resource#0'])
    const delegated = evaluate(assume(ALICE), { identity: [policy('identity', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE })], resource: policy('trust', { Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }) })
    expect(delegated.decision).toBe('allowed')
    expect(refs(delegated)).toEqual(['resource#0', 'identity#0'])
  })

  it('says the identity side failed when no resource grant exists and no identity policy allows', () => {
    const bucket = policy('resource', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })
    const r = evaluate({ principal: { kind: 'aws', arn: ALICE }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, { resource: bucket }, { trace: true })
    expect(r.decision).toBe('implicitDeny')
    expect(failing(r)).toMatchObject({ rule: 'identity', source: URL.EVAL_DA })
  })

  it('reports no deciding statement for an operation that needs no permission', () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    const r = evaluate({ principal: { kind: 'aws', arn: ALICE }, action: 'sts:GetCallerIdentity', resource: '*' }, { identity: [allowAll()] })
    expect(r.decision).toBe('allowed')
    expect(r.determining).toEqual([])
  })
})

describe('the API a caller reaches a role through', () => {
  // An anonymous caller never assumes a role, so it never passes session tags to one either.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html
  it('refuses session tags from an anonymous caller whatever the trust policy allows', () => {
    const trust = policy('trust', { Effect: 'Allow', Principal: { AWS: '*' }, Action: ['sts:AssumeRole', 'sts:TagSession'] })
    for (const action of ['sts:TagSession', 'sts:AssumeRole']) {
      const r = evaluate({ principal: { kind: 'anonymous' }, action, resource: ROLE }, { resource: trust }, { trace: true })
      expect(r.decision, action).toBe('implicitDeny')
      expect(failing(r)?.rule, action).toBe('assume-api')
    }
  })
})

describe('NotPrincipal and permissions boundaries', () => {
  // "If a permissions boundary is attached to the principal, a Deny with NotPrincipal always denies it."
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  it('applies a NotPrincipal Deny to a listed user only when the user has a permissions boundary', () => {
    const bucket = policy(
      'resource',
      { Effect: 'Deny', NotPrincipal: { AWS: [ALICE, `arn:aws:iam::${A}:root`] }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    )
    const request: Request = { principal: { kind: 'aws', arn: ALICE }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }
    expect(evaluate(request, { identity: [allowAll()], resource: bucket }).decision).toBe('allowed')
    expect(evaluate(request, { identity: [allowAll()], boundary: policy('boundary', { Effect: 'Allow', Action: '*', Resource: '*' }), resource: bucket }).decision).toBe('explicitDeny')
  })
})

describe('service-linked roles and service-role policies', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
  const SLR_NAME = 'AWSServiceRoleForElasticLoadBalancing'
  const SLR_ARN = `arn:aws:iam::${A}:role/aws-service-role/elasticloadbalancing.amazonaws.com/${SLR_NAME}`

  it('knows a service-linked role by its path, from the role ARN or a given aws:PrincipalArn only', () => {
    expect(isServiceLinkedRole(callerOf(SLR_ARN), undefined)).toBe(true)
    expect(isServiceLinkedRole(callerOf(`arn:aws:iam::${A}:role/${SLR_NAME}`), undefined)).toBe(false)
    expect(isServiceLinkedRole(callerOf(ALICE), undefined)).toBe(false)
    expect(isServiceLinkedRole(callerOf(ALICE), SLR_ARN)).toBe(false)
    const session = callerOf(`arn:aws:sts::${A}:assumed-role/${SLR_NAME}/s`)
    // The session ARN hides the path: not known to be service-linked (SCPs still apply: fail closed).
    expect(isServiceLinkedRole(session, undefined)).toBe(false)
    expect(isServiceLinkedRole(session, SLR_ARN)).toBe(true)
    expect(isServiceLinkedRole(session, 'not-an-arn')).toBe(false)
    expect(isServiceLinkedRole(session, `arn:aws:iam::${A}:user/aws-service-role/elasticloadbalancing.amazonaws.com/${SLR_NAME}`)).toBe(false)
    expect(isServiceLinkedRole(session, `arn:aws:iam::444455556666:role/aws-service-role/elasticloadbalancing.amazonaws.com/${SLR_NAME}`)).toBe(false)
  })

  it('keeps SCPs on a session whose aws:PrincipalArn cannot be read', () => {
    const scps = [[policy('scp', { Effect: 'Deny', Action: '*', Resource: '*' })]]
    const r = evaluate({ principal: { kind: 'aws', arn: `arn:aws:sts::${A}:assumed-role/${SLR_NAME}/s` }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:PrincipalArn': 'not-an-arn' } }, { identity: [allowAll()], scps })
    expect(r.decision).toBe('explicitDeny')
    expect(r.errors).toEqual([])
  })

  // AWS service-role policies sit under the `aws-service-role/` path of the `aws` account; a customer
  // policy's path may contain any printable character, that text included, and is attachable.
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html (Path)
  it('refuses to attach an AWS service-role policy, not a customer policy whose path merely contains its ARN', () => {
    const request = (policyArn: string): Request => ({ principal: { kind: 'aws', arn: ALICE }, action: 'iam:AttachRolePolicy', resource: ROLE, context: { 'iam:PolicyARN': policyArn } })
    const serviceRole = evaluate(request('arn:aws:iam::aws:policy/aws-service-role/AmazonElasticLoadBalancingServiceRolePolicy'), { identity: [allowAll()] }, { trace: true })
    expect(serviceRole.decision).toBe('implicitDeny')
    expect(failing(serviceRole)?.rule).toBe('service-role-policy')
    const customer = evaluate(request(`arn:aws:iam::${A}:policy/x/arn:aws:iam::aws:policy/aws-service-role/Mine`), { identity: [allowAll()] })
    expect(customer.decision).toBe('allowed')
  })

  it('cites TagPolicy for tag changes of an AWS managed policy', () => {
    for (const action of ['iam:TagPolicy', 'iam:UntagPolicy']) {
      const r = evaluate({ principal: { kind: 'aws', arn: ALICE }, action, resource: 'arn:aws:iam::aws:policy/ReadOnlyAccess', resourceAccount: A }, { identity: [allowAll()] }, { trace: true })
      expect(failing(r), action).toMatchObject({ rule: 'aws-managed-policy', source: URL.TAG_POLICY })
    }
    const r = evaluate({ principal: { kind: 'aws', arn: ALICE }, action: 'iam:DeletePolicy', resource: 'arn:aws:iam::aws:policy/ReadOnlyAccess', resourceAccount: A }, { identity: [allowAll()] }, { trace: true })
    expect(failing(r)).toMatchObject({ rule: 'aws-managed-policy', source: URL.MANAGED })
  })
})

describe('what a JavaScript caller may pass', () => {
  it('reads a missing layer given as null as empty, and a null policy as a problem, without throwing', () => {
    const trust = policy('trust', { Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' })
    const empty = evaluate(assume(ALICE), { identity: null, session: null, resource: trust } as unknown as PolicySet)
    expect(empty).toMatchObject({ decision: 'allowed', errors: [] })
    const broken = evaluate(assume(ALICE), { identity: [null], resource: trust } as unknown as PolicySet)
    expect(broken.decision).toBe('implicitDeny')
    expect(broken.errors.length).toBeGreaterThan(0)
    expect(broken.errors.map((e) => e.code)).not.toContain('internal.error')
  })

  it('refuses a value that is not a compiled policy set, naming it as such', () => {
    for (const set of ['policies', 42, undefined, null, true]) {
      const r = evaluateCompiled(assume(ALICE), set as never)
      expect(r.decision, String(set)).toBe('implicitDeny')
      expect(r.errors.map((e) => e.code), String(set)).toEqual(['evaluate.invalid-policies'])
      expect(r.determining).toEqual([])
    }
  })

  it('reports no deciding statement for a request it cannot read', () => {
    const set = compilePolicySet({ identity: [allowAll()] })
    const r = evaluateCompiled({ principal: 'not an arn', action: 's3:GetObject', resource: '*' } as never, set)
    expect(r.decision).toBe('implicitDeny')
    expect(r.errors.length).toBeGreaterThan(0)
    expect(r.determining).toEqual([])
  })

  it('traces the request as it was when evaluated, not as the caller changed it after', () => {
    const request = { principal: { kind: 'aws' as const, arn: ALICE }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A, context: { 'aws:SourceIp': '10.0.0.1' } as Record<string, string> }
    const set = compilePolicySet({ identity: [allowAll()] })
    const r = evaluateCompiled(request, set, { trace: true })
    request.context['aws:SourceIp'] = '192.0.2.1'
    request.principal.arn = `arn:aws:iam::${A}:user/mallory`
    expect(r.trace?.request.principal).toBe(ALICE)
    expect(r.trace?.request.context['aws:SourceIp']).toEqual(['10.0.0.1'])
  })
})

describe('the layers a trace shows', () => {
  it('shows a layer that does not apply only when policies were given for it, and then says why', () => {
    // The root user has no identity-based policies. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html
    const root = { principal: { kind: 'aws' as const, arn: `arn:aws:iam::${A}:root` }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }
    const without = evaluate(root, {}, { trace: true })
    expect(without.trace?.layers.map((l) => l.kind)).toEqual([])
    const withPolicies = evaluate(root, { identity: [allowAll()] }, { trace: true })
    expect(withPolicies.trace?.layers).toEqual([{ kind: 'identity', outcome: 'notApplicable', policies: [], note: 'this caller has no identity-based policies' }])
  })

  it('gives a session layer that applies no note, and one that does not apply the reason', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
    const session = [policy('session', { Effect: 'Allow', Action: 's3:*', Resource: '*' })]
    const get = (arn: string): Request => ({ principal: { kind: 'aws', arn }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A })
    const applies = evaluate(get(`arn:aws:sts::${A}:assumed-role/R/s`), { identity: [allowAll()], session }, { trace: true })
    expect(applies.trace?.layers.find((l) => l.kind === 'session')).toMatchObject({ outcome: 'allow' })
    expect(applies.trace?.layers.find((l) => l.kind === 'session')).not.toHaveProperty('note')
    const user = evaluate(get(ALICE), { identity: [allowAll()], session }, { trace: true })
    expect(user.trace?.layers.find((l) => l.kind === 'session')).toMatchObject({ outcome: 'notApplicable', note: 'session policies apply only to role and federated-user sessions' })
  })
})

describe('the rule runner', () => {
  it('runs every rule of the table (the unrolled runner is written for this many)', () => {
    expect(AUTHORIZER_RULES).toHaveLength(19)
  })
})

describe('missing context keys', () => {
  // Condition key names are case-insensitive: one key read in two spellings is missing once.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html#Conditions_CaseSensitivity
  it('names a key read in two spellings once, as first read', () => {
    const trust = policy(
      'trust',
      { Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'a' } } },
      { Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'STS:EXTERNALID': 'b' } } },
    )
    expect(evaluate(assume(ALICE), { resource: trust }).missingContextKeys).toEqual(['sts:ExternalId'])
  })
})
