/**
 * Soundness of `diff` against the evaluator: for generated pairs of trust policies, whenever the
 * evaluator allows some request with AFTER and denies it with BEFORE, the diff reports a `gained` or
 * `uncertain` change for the role (never "no new access"); and every `gained` witness is one the
 * evaluator allows with AFTER and does not allow with BEFORE. Likewise for identity policies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compilePolicy } from '../../src/compile/compilePolicy.js'
import { requestOf } from '../../src/diff/changes.js'
import { diffIdentity } from '../../src/diff/identityDiff.js'
import { callerIdentityPolicy } from '../../src/diff/trustSide.js'
import { diffTrust } from '../../src/diff/trustDiff.js'
import type { DiffChange } from '../../src/diff/types.js'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import type { Policy } from '../../src/policy/types.js'
import type { ContextValue, Request } from '../../src/request/types.js'
import { propertyParams } from '../helpers/arbitraries.js'

const ROLE = 'arn:aws:iam::000011112222:role/Target'
const A1 = '111111111111'
const A2 = '222222222222'
const GH = `arn:aws:iam::${A1}:oidc-provider/token.actions.githubusercontent.com`
const SUB = 'token.actions.githubusercontent.com:sub'

const principalArb = fc.constantFrom<unknown>(
  { AWS: `arn:aws:iam::${A1}:root` },
  { AWS: A2 },
  { AWS: `arn:aws:iam::${A1}:role/ci` },
  { AWS: `arn:aws:iam::${A1}:user/alice` },
  { AWS: '*' },
  '*',
  { Federated: GH },
  { Service: 'ec2.amazonaws.com' },
)

const conditionArb = fc.constantFrom<Record<string, unknown> | undefined>(
  undefined,
  undefined,
  { StringEquals: { 'sts:ExternalId': 'a' } },
  { StringEquals: { 'sts:ExternalId': ['a', 'b'] } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  { StringLike: { [SUB]: 'repo:o/*' } },
  { StringLike: { [SUB]: 'repo:o/a:*' } },
  { StringEquals: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A1}:role/c*` } },
  { StringNotEquals: { 'sts:ExternalId': 'b' } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { Null: { 'sts:ExternalId': 'false' } },
)

const statementArb = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  Principal: principalArb,
  Action: fc.constantFrom('sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:*', ['sts:AssumeRole', 'sts:TagSession']),
  Condition: conditionArb,
}).map((s) => (s.Condition === undefined ? { Effect: s.Effect, Principal: s.Principal, Action: s.Action } : s))

const trustArb = fc.array(statementArb, { minLength: 1, maxLength: 3 })

/** Requests over the same vocabulary: every caller kind, context values that match and that do not. */
const contextArb = fc.record(
  {
    'sts:ExternalId': fc.constantFrom('a', 'b', 'c'),
    'aws:MultiFactorAuthPresent': fc.constantFrom('true', 'false'),
    'aws:MultiFactorAuthAge': fc.constantFrom('10', '7200'),
    [SUB]: fc.constantFrom('repo:o/a:ref:refs/heads/main', 'repo:o/b:pull_request', 'repo:x/a:ref'),
    'token.actions.githubusercontent.com:aud': fc.constant('sts.amazonaws.com'),
    'aws:PrincipalOrgID': fc.constantFrom('o-aaaaaaaaaa', 'o-bbbbbbbbbb'),
  },
  { requiredKeys: [] },
)

const callerArb = fc.constantFrom(
  { principal: { kind: 'aws' as const, arn: `arn:aws:iam::${A1}:role/ci` }, action: 'sts:AssumeRole' },
  { principal: { kind: 'aws' as const, arn: `arn:aws:iam::${A1}:role/other` }, action: 'sts:AssumeRole' },
  { principal: { kind: 'aws' as const, arn: `arn:aws:iam::${A1}:user/alice` }, action: 'sts:AssumeRole' },
  { principal: { kind: 'aws' as const, arn: `arn:aws:iam::${A2}:user/bob` }, action: 'sts:AssumeRole' },
  { principal: { kind: 'aws' as const, arn: 'arn:aws:iam::333333333333:role/stranger' }, action: 'sts:AssumeRole' },
  { principal: { kind: 'federated' as const, provider: GH }, action: 'sts:AssumeRoleWithWebIdentity' },
  { principal: { kind: 'service' as const, service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole' },
)

const requestArb = fc.record({ caller: callerArb, context: contextArb }).map(({ caller, context }): Request => {
  const ctx: Record<string, ContextValue> = { ...(context as Record<string, string>) }
  // AWS never sends MFA keys for federated or service callers.
  if (caller.principal.kind !== 'aws') {
    delete ctx['aws:MultiFactorAuthPresent']
    delete ctx['aws:MultiFactorAuthAge']
    delete ctx['aws:PrincipalOrgID']
  }
  if (caller.principal.kind === 'federated') ctx['aws:FederatedProvider'] = GH
  return { principal: caller.principal, action: caller.action, resource: ROLE, context: ctx }
})

function compiled(statements: readonly unknown[], kind: 'trust' | 'identity') {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind })
  const p = r.ok ? r.value : (r.recovered as Policy)
  return compilePolicy(p, kind === 'trust' ? 'resource' : 'identity', `${kind} policy`)
}

function decideTrust(statements: readonly unknown[], r: Request) {
  const identity = r.principal.kind === 'aws' ? [callerIdentityPolicy()] : []
  return evaluateCompiled(r, { identity, resource: compiled(statements, 'trust') }).decision
}

function expectWitnessesConfirmed(changes: readonly DiffChange[], decide: (version: 'before' | 'after', r: Request) => string): void {
  for (const c of changes.filter((x) => x.kind === 'gained')) {
    const w = c.witness
    expect(w, JSON.stringify(c)).toBeDefined()
    if (w === undefined) continue
    expect(decide('after', requestOf(w.request))).toBe('allowed')
    expect(decide('before', requestOf(w.beforeRequest ?? w.request))).not.toBe('allowed')
  }
}

describe('diff never under-reports a trust-policy change', () => {
  it('a request AFTER allows and BEFORE denies ⇒ a gained or uncertain change; gained witnesses are confirmed', () => {
    fc.assert(
      fc.property(trustArb, trustArb, fc.array(requestArb, { minLength: 1, maxLength: 8 }), (before, after, requests) => {
        const unit = (s: readonly unknown[]) => ({ role: 'Target', roleArn: ROLE, trust: compiled(s, 'trust') })
        const changes = diffTrust(unit(before), unit(after))
        expectWitnessesConfirmed(changes, (v, r) => decideTrust(v === 'after' ? after : before, r))
        const newAccess = requests.some((r) => decideTrust(after, r) === 'allowed' && decideTrust(before, r) !== 'allowed')
        if (newAccess) expect(changes.some((c) => c.kind === 'gained' || c.kind === 'uncertain'), JSON.stringify({ before, after, changes: changes.map((c) => [c.kind, c.principal]) })).toBe(true)
      }),
      propertyParams(150),
    )
  })
})

const identityStatementArb = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  Action: fc.constantFrom('s3:GetObject', 's3:Get*', 's3:*', '*', ['s3:PutObject', 'ec2:*'], 'ec2:Describe*'),
  Resource: fc.constantFrom('*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/private/*', 'arn:aws:s3:::other/*'),
  Condition: fc.constantFrom<Record<string, unknown> | undefined>(undefined, undefined, { Bool: { 'aws:SecureTransport': 'true' } }, { StringEquals: { 'aws:PrincipalTag/team': 'a' } }),
}).map((s) => (s.Condition === undefined ? { Effect: s.Effect, Action: s.Action, Resource: s.Resource } : s))

const identityRequestArb = fc.record({
  action: fc.constantFrom('s3:GetObject', 's3:GetBucketPolicy', 's3:PutObject', 'ec2:DescribeInstances', 'ec2:RunInstances', 'iam:PassRole'),
  resource: fc.constantFrom('arn:aws:s3:::bucket/x', 'arn:aws:s3:::bucket/private/y', 'arn:aws:s3:::other/z', 'arn:aws:ec2:us-east-1:000011112222:instance/i-1'),
  secure: fc.constantFrom('true', 'false', undefined),
  team: fc.constantFrom('a', 'b', undefined),
}).map(({ action, resource, secure, team }): Request => ({
  principal: { kind: 'aws', arn: 'arn:aws:iam::000011112222:user/iamtrace-policy-holder' },
  resourceAccount: '000011112222',
  action,
  resource,
  context: { ...(secure !== undefined ? { 'aws:SecureTransport': secure } : {}), ...(team !== undefined ? { 'aws:PrincipalTag/team': team } : {}) },
}))

describe('diff never under-reports an identity-policy change', () => {
  it('a request AFTER allows and BEFORE denies ⇒ a gained or uncertain change; gained witnesses are confirmed', () => {
    const arr = fc.array(identityStatementArb, { minLength: 1, maxLength: 3 })
    fc.assert(
      fc.property(arr, arr, fc.array(identityRequestArb, { minLength: 1, maxLength: 8 }), (before, after, requests) => {
        const unit = (s: readonly unknown[]) => ({ key: 'p.json', file: 'p.json', kind: 'identity' as const, policy: compiled(s, 'identity'), locate: () => undefined })
        const changes = diffIdentity(unit(before), unit(after))
        const decide = (s: readonly unknown[], r: Request) => evaluateCompiled(r, { identity: [compiled(s, 'identity')] }).decision
        expectWitnessesConfirmed(changes, (v, r) => decide(v === 'after' ? after : before, r))
        const newAccess = requests.some((r) => decide(after, r) === 'allowed' && decide(before, r) !== 'allowed')
        if (newAccess) expect(changes.some((c) => c.kind === 'gained' || c.kind === 'uncertain'), JSON.stringify({ before, after })).toBe(true)
      }),
      propertyParams(60),
    )
  })
})
