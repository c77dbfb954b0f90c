/**
 * Rules of a single statement and of the layers that bind a caller, each decided with the trace on
 * and off: statements AWS refuses fail closed (a Deny applies, an Allow does not), a wildcard
 * Principal narrowed by aws:PrincipalArn escapes boundaries only when the condition names the caller,
 * session policies bind sessions only, and an analysis may read undecidable statements its own way.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { describe, expect, it } from 'vitest'
import { compilePolicy } from '../../../src/compile/compilePolicy.js'
import { compilePolicySet, evaluate, evaluateCompiled } from '../../../src/index.js'
import type { Decision, PolicyKind, PolicySet, Request } from '../../../src/index.js'
import { A, ALICE, policy, recovered, ROOT } from './stepCases.js'

const PRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html'
const RES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html'
const SLR_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html'
const SLR = `arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`
const SLR_SESSION = 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForElasticLoadBalancing/s'
const SESSIONS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session'

const allowAll = (kind: PolicyKind) => policy(kind, { Effect: 'Allow', Action: '*', Resource: '*' })
const denyAll = (kind: PolicyKind) => policy(kind, { Effect: 'Deny', Action: '*', Resource: '*' })
const ec2Only = (kind: PolicyKind) => policy(kind, { Effect: 'Allow', Action: 'ec2:*', Resource: '*' })
const SESSION = `arn:aws:sts::${A}:assumed-role/R1/s1`
const ROLE_AS_CALLER = `arn:aws:iam::${A}:role/R1`
const FED = `arn:aws:sts::${A}:federated-user/carol`
const get = (arn: string): Request => ({ principal: { kind: 'aws', arn }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A })
const bucket = (statement: object) => policy('resource', { Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...statement })

const rows: [string, string, Request, PolicySet, Decision][] = [
  ['an identity Deny without Resource applies', RES, get(ALICE), { identity: [allowAll('identity'), recovered('identity', { Effect: 'Deny', Action: 's3:*' })] }, 'explicitDeny'],
  ['an identity Allow without Resource grants nothing', RES, get(ALICE), { identity: [recovered('identity', { Effect: 'Allow', Action: 's3:*' })] }, 'implicitDeny'],
  ['a resource-policy Deny without Principal applies', PRIN, get(ALICE), { identity: [allowAll('identity')], resource: recovered('resource', { Effect: 'Deny', Action: 's3:*', Resource: '*' }) }, 'explicitDeny'],
  ['a resource-policy Allow without Principal grants nothing', PRIN, get(ALICE), { resource: recovered('resource', { Effect: 'Allow', Action: 's3:*', Resource: '*' }) }, 'implicitDeny'],
  ['a resource-policy Deny on another action does not apply', PRIN, get(ALICE), { identity: [allowAll('identity')], resource: bucket({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject' }) }, 'allowed'],
  ['an RCP Deny naming a principal other than "*" applies (fail closed)', 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html', get(ALICE), { identity: [allowAll('identity')], rcps: [[recovered('rcp', { Effect: 'Deny', Principal: { AWS: '444455556666' }, Action: 's3:*', Resource: '*' })]] }, 'explicitDeny'],
  ['"*" narrowed by a positive aws:PrincipalArn condition is not capped by the boundary', PRIN, get(ALICE), { boundary: ec2Only('boundary'), resource: bucket({ Effect: 'Allow', Principal: '*', Condition: { ArnLike: { 'aws:PrincipalArn': ALICE } } }) }, 'allowed'],
  ['"*" with a negated aws:PrincipalArn condition stays capped', PRIN, get(ALICE), { boundary: ec2Only('boundary'), resource: bucket({ Effect: 'Allow', Principal: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/bob` } } }) }, 'implicitDeny'],
  ['"*" with a Null test on aws:PrincipalArn stays capped', PRIN, get(ALICE), { boundary: ec2Only('boundary'), resource: bucket({ Effect: 'Allow', Principal: '*', Condition: { Null: { 'aws:PrincipalArn': 'false' } } }) }, 'implicitDeny'],
  ['"*" narrowed by another key stays capped', PRIN, get(ALICE), { boundary: ec2Only('boundary'), resource: bucket({ Effect: 'Allow', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': A } } }) }, 'implicitDeny'],
  ['"*" without a condition is capped by the session policy', PRIN, get(SESSION), { session: [ec2Only('session')], resource: bucket({ Effect: 'Allow', Principal: '*' }) }, 'implicitDeny'],
  ['"*" without a condition reaches a session its session policy allows', PRIN, get(SESSION), { session: [allowAll('session')], resource: bucket({ Effect: 'Allow', Principal: '*' }) }, 'allowed'],
  ['a session policy binds a role session', SESSIONS, get(SESSION), { identity: [allowAll('identity')], session: [denyAll('session')] }, 'explicitDeny'],
  ['a session policy binds a role given as the caller', SESSIONS, get(ROLE_AS_CALLER), { identity: [allowAll('identity')], session: [denyAll('session')] }, 'explicitDeny'],
  ['a session policy binds a federated user', SESSIONS, get(FED), { identity: [allowAll('identity')], session: [denyAll('session')] }, 'explicitDeny'],
  ['a session policy does not bind an IAM user', SESSIONS, get(ALICE), { identity: [allowAll('identity')], session: [denyAll('session')] }, 'allowed'],
  ['identity policies and boundaries do not bind the root user', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html', get(ROOT), { identity: [denyAll('identity')], boundary: denyAll('boundary') }, 'allowed'],
  ['a boundary binds a user', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html', get(ALICE), { identity: [allowAll('identity')], boundary: denyAll('boundary') }, 'explicitDeny'],
  ['a KMS request on no key needs no key policy', 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html', { principal: { kind: 'aws', arn: ALICE }, action: 'kms:ListAliases', resource: '*' }, { identity: [allowAll('identity')] }, 'allowed'],
  ['a unique id given as several values is not known', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids', { ...get(ALICE), context: { 'aws:userid': ['AIDACKCEVSQ6C2EXAMPLE', 'AIDAOTHER'] } }, { resource: bucket({ Effect: 'Allow', Principal: { AWS: 'AIDACKCEVSQ6C2EXAMPLE' } }) }, 'implicitDeny'],
  ['a unique id given as one value is compared', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids', { ...get(ALICE), context: { 'aws:userid': 'AIDACKCEVSQ6C2EXAMPLE' } }, { resource: bucket({ Effect: 'Allow', Principal: { AWS: 'AIDACKCEVSQ6C2EXAMPLE' } }) }, 'allowed'],
  ['a service-linked role given as the caller escapes SCPs', SLR_DOC, get(SLR), { identity: [allowAll('identity')], scps: [[denyAll('scp')]] }, 'allowed'],
  ['a service-linked role session named by aws:PrincipalArn escapes SCPs', SLR_DOC, { ...get(SLR_SESSION), context: { 'aws:PrincipalArn': SLR } }, { identity: [allowAll('identity')], scps: [[denyAll('scp')]] }, 'allowed'],
  ['a session whose aws:PrincipalArn names its own role ARN (no special path) is bound by SCPs', SLR_DOC, { ...get(SESSION), context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/R1` } }, { identity: [allowAll('identity')], scps: [[denyAll('scp')]] }, 'explicitDeny'],
  ['a session without aws:PrincipalArn does not show a service-linked path', SLR_DOC, get(SLR_SESSION), { identity: [allowAll('identity')], scps: [[denyAll('scp')]] }, 'explicitDeny'],
  ['aws:PrincipalArn of a service-linked role in another account', SLR_DOC, { ...get(SLR_SESSION), context: { 'aws:PrincipalArn': SLR.replace(A, '444455556666') } }, { identity: [allowAll('identity')], scps: [[denyAll('scp')]] }, 'explicitDeny'],
  ['aws:PrincipalArn of a service-linked role of another name', SLR_DOC, { ...get(SLR_SESSION), context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/aws-service-role/elasticloadbalancing.amazonaws.com/Other` } }, { identity: [allowAll('identity')], scps: [[denyAll('scp')]] }, 'explicitDeny'],
  ['aws:PrincipalArn of a user', SLR_DOC, { ...get(SLR_SESSION), context: { 'aws:PrincipalArn': ALICE } }, { identity: [allowAll('identity')], scps: [[denyAll('scp')]] }, 'explicitDeny'],
  ['a role under another path given as the caller is bound by SCPs', SLR_DOC, get(`arn:aws:iam::${A}:role/team/AWSServiceRoleForElasticLoadBalancing`), { identity: [allowAll('identity')], scps: [[denyAll('scp')]] }, 'explicitDeny'],
  ['SCPs bind the root user of a member account', 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html', get(ROOT), { scps: [[ec2Only('scp')]] }, 'implicitDeny'],
]

describe('statement and layer rules', () => {
  for (const [name, source, request, policies, decision] of rows) {
    it(`${name} (${source})`, () => {
      for (const options of [{}, { trace: true }, { unindexed: true }]) expect(evaluate(request, policies, options).decision).toBe(decision)
    })
  }

  it('RCPs do not bind a service assuming its service-linked role (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)', () => {
    const slr = `arn:aws:iam::${A}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`
    const request: Request = { principal: { kind: 'service', service: 'elasticloadbalancing.amazonaws.com' }, action: 'sts:AssumeRole', resource: slr }
    const rcp = recovered('rcp', { Effect: 'Deny', Principal: '*', Action: 'sts:*', Resource: '*' })
    const trust = policy('trust', { Effect: 'Allow', Principal: { Service: 'elasticloadbalancing.amazonaws.com' }, Action: 'sts:AssumeRole' })
    const r = evaluate(request, { rcps: [[rcp]], resource: trust }, { trace: true })
    expect(r.decision).toBe('allowed')
    expect(r.trace?.layers[0]).toMatchObject({ kind: 'rcp', outcome: 'notApplicable', level: 0, note: 'RCPs do not apply to service-linked roles' })
    const other = evaluate({ ...request, resource: `arn:aws:iam::${A}:role/Plain` }, { rcps: [[rcp]], resource: trust })
    expect(other.decision).toBe('explicitDeny')
  })

  it('records the layers that do not bind the root user, with the reason', () => {
    const r = evaluate(get(ROOT), { identity: [denyAll('identity')], boundary: denyAll('boundary'), session: [denyAll('session')] }, { trace: true })
    expect(r.trace?.layers.map((l) => [l.kind, l.outcome, l.note])).toEqual([
      ['identity', 'notApplicable', 'this caller has no identity-based policies'],
      ['boundary', 'notApplicable', undefined],
      ['session', 'notApplicable', 'session policies apply only to role and federated-user sessions'],
    ])
  })

  it('records the principal of a statement the policy kind cannot hold as unknown, with the reason', () => {
    const trust = recovered('trust', { Effect: 'Deny', NotPrincipal: { AWS: ALICE }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' })
    const request: Request = { principal: { kind: 'aws', arn: ALICE }, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/T` }
    const r = evaluate(request, { resource: trust }, { trace: true })
    expect(r.decision).toBe('explicitDeny')
    const check = r.trace?.layers.find((l) => l.kind === 'resource')?.policies[0]?.statements[0]?.checks.find((c) => c.kind === 'principal')
    expect(check).toMatchObject({ kind: 'principal', result: 'unknown', negated: true, note: expect.stringMatching(/NotPrincipal/) as unknown })
    expect(check && 'strength' in check).toBe(false)
  })
})

describe('an analysis reading undecidable statements', () => {
  const unknownAllow = bucket({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/Alice` } })
  const unknownDeny = policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } } })

  it('an Allow it reads as applying grants; the engine alone never does', () => {
    const set = compilePolicySet({ resource: unknownAllow })
    const seen: string[] = []
    const r = evaluateCompiled(get(ALICE), set, { unknownStatement: (s, layer) => (seen.push(`${layer}:${s.effect}`), true) })
    expect(r.decision).toBe('allowed')
    expect(seen).toEqual(['resource:Allow'])
    expect(evaluateCompiled(get(ALICE), set).decision).toBe('implicitDeny')
  })

  it('a Deny it reads as not applying does not deny; the engine alone applies it', () => {
    const set = compilePolicySet({ identity: [allowAll('identity'), unknownDeny] })
    const seen: string[] = []
    const r = evaluateCompiled(get(ALICE), set, { unknownStatement: (s, layer) => (seen.push(`${layer}:${s.effect}`), false), trace: true })
    expect(r.decision).toBe('allowed')
    expect(r.trace?.layers[0]?.outcome).toBe('allow')
    // With a hook the trace is built with the decision: reading it asks nothing again.
    expect(seen).toEqual(['identity:Deny'])
    expect(evaluateCompiled(get(ALICE), set).decision).toBe('explicitDeny')
  })

  it('is asked only about undecidable statements', () => {
    const seen: string[] = []
    evaluateCompiled(get(ALICE), compilePolicySet({ identity: [allowAll('identity'), denyAll('identity')] }), { unknownStatement: (s) => (seen.push(s.effect), true) })
    expect(seen).toEqual([])
  })
})

describe('evaluation never throws', () => {
  it('an exception inside a policy becomes an internal error and a deny', () => {
    const ok = compilePolicy(allowAll('identity'), 'identity', 'Mine')
    const throwing = { ...ok, actionIndex: () => { throw new Error('boom') } }
    for (const trace of [false, true]) {
      const r = evaluateCompiled(get(ALICE), { identity: [throwing] }, { trace })
      expect(r.decision).toBe('implicitDeny')
      expect(r.errors.map((e) => e.code)).toEqual(['internal.error'])
    }
  })
})
