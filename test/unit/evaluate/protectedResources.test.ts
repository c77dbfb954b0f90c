/**
 * Resources AWS protects whatever the policies say: which ARNs are protected, and that no policy
 * (not even an Allow of every action or a trust policy naming the caller) opens them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { protectedResourceOf } from '../../../src/request/resourceFacts.js'
import { evaluate, parsePolicy } from '../../../src/index.js'
import type { PolicyKind } from '../../../src/index.js'

const A = '111122223333'
const SLR = `arn:aws:iam::${A}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`
const RESERVED = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`

function policy(kind: PolicyKind, statement: object) {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statement }, { kind })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}
const allowAll = policy('identity', { Effect: 'Allow', Action: '*', Resource: '*' })

describe('protected resources', () => {
  it('classifies AWS managed policies, service-linked roles and reserved roles', () => {
    expect(protectedResourceOf('arn:aws:iam::aws:policy/AdministratorAccess')).toEqual({ kind: 'awsManagedPolicy' })
    expect(protectedResourceOf('arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaRole')).toEqual({ kind: 'awsManagedPolicy' })
    expect(protectedResourceOf(SLR)).toEqual({ kind: 'serviceLinkedRole', service: 'elasticloadbalancing.amazonaws.com' })
    expect(protectedResourceOf(RESERVED)).toEqual({ kind: 'reservedRole' })
    expect(protectedResourceOf(`arn:aws:iam::${A}:policy/Mine`)).toBeUndefined()
    expect(protectedResourceOf(`arn:aws:iam::${A}:role/service-role/MyLambdaRole`)).toBeUndefined()
    expect(protectedResourceOf(`arn:aws:iam::${A}:role/team/aws-service-role/Fake`)).toBeUndefined()
    expect(protectedResourceOf(`arn:aws:s3:::aws-service-role/x`)).toBeUndefined()
  })

  const changes = ['iam:DeleteRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary']
  const callers = [`arn:aws:iam::${A}:user/admin`, `arn:aws:sts::${A}:assumed-role/Admin/s`, `arn:aws:iam::${A}:role/Admin`, `arn:aws:iam::${A}:root`]

  it('refuses every change of a protected role to every principal, whatever the policies allow', () => {
    fc.assert(
      fc.property(fc.constantFrom(SLR, RESERVED), fc.constantFrom(...changes), fc.constantFrom(...callers), fc.boolean(), (role, action, arn, lowercase) => {
        const r = evaluate({ principal: { kind: 'aws', arn }, action: lowercase ? action.toLowerCase() : action, resource: role }, { identity: [allowAll] }, { trace: true })
        expect(r.decision).toBe('implicitDeny')
        expect(r.trace?.steps.find((s) => s.outcome === 'fail')?.rule).toBe('protected-role')
      }),
      { numRuns: 60 },
    )
  })

  it('refuses to change AWS managed policies to anyone, root included', () => {
    for (const action of ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy'])
      for (const arn of callers) {
        const r = evaluate({ principal: { kind: 'aws', arn }, action, resource: 'arn:aws:iam::aws:policy/ReadOnlyAccess', resourceAccount: A }, { identity: [allowAll] }, { trace: true })
        expect(r.decision, `${arn} ${action}`).toBe('implicitDeny')
        expect(r.trace?.steps.find((s) => s.outcome === 'fail')?.rule).toBe('aws-managed-policy')
      }
  })

  it('lets only the linked service assume a service-linked role', () => {
    const trust = policy('trust', { Effect: 'Allow', Principal: { AWS: '*', Service: 'elasticloadbalancing.amazonaws.com' }, Action: 'sts:AssumeRole' })
    expect(evaluate({ principal: { kind: 'aws', arn: `arn:aws:iam::${A}:user/admin` }, action: 'sts:AssumeRole', resource: SLR }, { identity: [allowAll], resource: trust }).decision).toBe('implicitDeny')
    expect(evaluate({ principal: { kind: 'service', service: 'elasticloadbalancing.amazonaws.com' }, action: 'sts:AssumeRole', resource: SLR }, { resource: trust }).decision).toBe('allowed')
  })

  it('keeps reserved roles assumable (IAM Identity Center users assume them)', () => {
    const trust = policy('trust', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/admin` }, Action: 'sts:AssumeRole' })
    expect(evaluate({ principal: { kind: 'aws', arn: `arn:aws:iam::${A}:user/admin` }, action: 'sts:AssumeRole', resource: RESERVED }, { resource: trust }).decision).toBe('allowed')
  })
})
