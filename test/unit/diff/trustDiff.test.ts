/**
 * Trust-policy diffs by meaning: equivalent rewrites change nothing, widened conditions are gains with a
 * witness the evaluator confirms in both versions, narrowed ones are losses. Each rule cites its AWS page.
 */
import { describe, expect, it } from 'vitest'
import { compilePolicy } from '../../../src/compile/compilePolicy.js'
import { requestOf } from '../../../src/diff/changes.js'
import { diffTrust } from '../../../src/diff/trustDiff.js'
import type { TrustUnit } from '../../../src/diff/trustDiff.js'
import type { DiffChange } from '../../../src/diff/types.js'
import { evaluateCompiled } from '../../../src/evaluate/evaluate.js'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import type { Policy } from '../../../src/policy/types.js'
import { callerIdentityPolicy } from '../../../src/diff/trustSide.js'

const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html'
const PRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html'
const OIDC = 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services'
const XID = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html'
const MFA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html'
const EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'

const ROLE = 'arn:aws:iam::000011112222:role/Deploy'
const GH = 'arn:aws:iam::000011112222:oidc-provider/token.actions.githubusercontent.com'
const SUB = 'token.actions.githubusercontent.com:sub'

function unit(statements: unknown[]): TrustUnit {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'trust' })
  const p = r.ok ? r.value : (r.recovered as Policy)
  return { role: 'Deploy', roleArn: ROLE, trust: compilePolicy(p, 'resource', 'trust policy of Deploy') }
}

function diff(before: unknown[], after: unknown[]): DiffChange[] {
  return diffTrust(unit(before), unit(after))
}

/** Every gained witness is decided by the evaluator: AFTER allows, BEFORE does not. */
function expectConfirmed(before: unknown[], after: unknown[], changes: readonly DiffChange[]): void {
  for (const c of changes.filter((x) => x.kind === 'gained')) {
    expect(c.witness, JSON.stringify(c)).toBeDefined()
    const w = c.witness as NonNullable<DiffChange['witness']>
    const identity = typeof w.request.principal === 'string' ? [callerIdentityPolicy()] : []
    const decide = (statements: unknown[], req: typeof w.request) => evaluateCompiled(requestOf(req), { identity, resource: unit(statements).trust }).decision
    expect(decide(after, w.request)).toBe('allowed')
    expect(decide(before, w.beforeRequest ?? w.request)).not.toBe('allowed')
  }
}

const acct = (a: string, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'sts:AssumeRole', ...extra })
const gh = (condition: Record<string, unknown>) => ({ Effect: 'Allow', Principal: { Federated: GH }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition })

describe(`equivalent rewrites are no change (${OPS})`, () => {
  it('reordering statements', () => {
    const a = acct('111122223333', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })
    const b = gh({ StringEquals: { [SUB]: 'repo:org/app:ref:refs/heads/main' } })
    expect(diff([a, b], [b, a])).toEqual([])
  })

  it('splitting one statement into two', () => {
    const both = { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] }, Action: 'sts:AssumeRole' }
    expect(diff([both], [acct('111122223333'), acct('444455556666')])).toEqual([])
  })

  it('StringEquals with a list versus one statement per value', () => {
    const list = acct('111122223333', { Condition: { StringEquals: { 'sts:ExternalId': ['a1', 'b2'] } } })
    const one = acct('111122223333', { Condition: { StringEquals: { 'sts:ExternalId': 'a1' } } })
    const two = acct('111122223333', { Condition: { StringEquals: { 'sts:ExternalId': 'b2' } } })
    expect(diff([list], [one, two])).toEqual([])
    expect(diff([one, two], [list])).toEqual([])
  })

  it('ArnLike with an equivalent pattern (ArnEquals honours wildcards; `**` is `*`)', () => {
    const like = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ci-*' } } }
    const eq = { ...like, Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ci-**' } } }
    expect(diff([like], [eq])).toEqual([])
  })
})

describe(`GitHub sub (${OIDC})`, () => {
  const wide = gh({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repo:org/*' } })
  const narrow = gh({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repo:org/app:*' } })

  it('narrowing repo:org/* to repo:org/app:* is changed (lost access for the difference), not gained', () => {
    const changes = diff([wide], [narrow])
    expect(changes.map((c) => [c.kind, c.principal])).toEqual([['changed', { federated: GH }]])
    const w = changes[0]?.witness
    expect(w?.beforeDecision).toBe('allowed')
    expect(w?.afterDecision).not.toBe('allowed')
  })

  it('widening it back is gained, with a witness both versions decide', () => {
    const changes = diff([narrow], [wide])
    expect(changes.map((c) => [c.kind, c.principal])).toEqual([['gained', { federated: GH }]])
    expect(String(changes[0]?.witness?.request.context[SUB])).toMatch(/^repo:org\//)
    expectConfirmed([narrow], [wide], changes)
  })
})

describe('removed conditions are gains', () => {
  it(`ExternalId removed (${XID})`, () => {
    const before = [acct('444455556666', { Condition: { StringEquals: { 'sts:ExternalId': '7f3c' } } })]
    const after = [acct('444455556666')]
    const changes = diff(before, after)
    expect(changes.map((c) => [c.kind, c.principal])).toEqual([['gained', { account: '444455556666' }]])
    expect(changes[0]?.before?.access).toBe('conditional')
    expect(changes[0]?.after?.access).toBe('allowed')
    expectConfirmed(before, after, changes)
  })

  it(`MFA removed (${MFA})`, () => {
    const before = [acct('111122223333', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })]
    const after = [acct('111122223333')]
    const changes = diff(before, after)
    expect(changes.map((c) => c.kind)).toEqual(['gained'])
    expectConfirmed(before, after, changes)
  })

  it(`an account widened to * (${PRIN})`, () => {
    const before = [acct('111122223333')]
    const after = [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }]
    const changes = diff(before, after)
    expect(changes.map((c) => [c.kind, c.principal])).toEqual([['gained', '*']])
    expectConfirmed(before, after, changes)
  })

  it(`a Deny removed (${EVAL})`, () => {
    const before = [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }, { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }]
    const after = [before[0]]
    const changes = diff(before, after)
    expect(changes.map((c) => [c.kind, c.principal])).toEqual([['gained', { account: '111122223333' }]])
    expectConfirmed(before, after, changes)
  })
})

describe('losses', () => {
  it('an account removed is lost, with a witness BEFORE allows', () => {
    const changes = diff([acct('111122223333'), acct('444455556666')], [acct('111122223333')])
    expect(changes.map((c) => [c.kind, c.principal])).toEqual([['lost', { account: '444455556666' }]])
    expect(changes[0]?.witness?.beforeDecision).toBe('allowed')
  })
})
