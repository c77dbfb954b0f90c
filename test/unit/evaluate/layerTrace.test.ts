/**
 * The layer tree of a trace: which layers bind the caller (and why not, in a note), each layer's and
 * each policy's outcome, and every check of every statement, with its pointer and what it compared.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../../src/index.js'
import type { LayerTrace, PolicyKind } from '../../../src/index.js'
import { A, ALICE, policy, recovered, SLR } from './stepCases.js'

const allowAll = (kind: PolicyKind) => policy(kind, { Effect: 'Allow', Action: '*', Resource: '*' })
const outline = (layers: readonly LayerTrace[] | undefined) => (layers ?? []).map(({ policies, ...rest }) => ({ ...rest, policies: policies.map((p) => `${p.policy}: ${p.outcome}`) }))
const s3Get = (arn: string, context?: Record<string, string>) => ({ principal: { kind: 'aws', arn } as const, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A, ...(context !== undefined ? { context } : {}) })
const action = (pointer: string, patterns: string[], matched = true, negated = false) => ({ kind: 'action', matched, pointer, patterns, negated })
const resource = (pointer: string, patterns: string[], result = 'true', note?: string) => ({ kind: 'resource', result, pointer, patterns, negated: false, ...(note !== undefined ? { note } : {}) })

describe('layer tree', () => {
  it('names the layers that do not bind a service caller, with the reason', () => {
    const r = evaluate(
      { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A },
      {
        scps: [[allowAll('scp')]],
        rcps: [[]],
        identity: [allowAll('identity')],
        boundary: allowAll('boundary'),
        session: [allowAll('session')],
        resource: policy('resource', { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
      },
      { trace: true },
    )
    // An RCP level without an allow binds every caller, services included.
    expect(r.decision).toBe('implicitDeny')
    expect(outline(r.trace?.layers)).toStrictEqual([
      { kind: 'scp', outcome: 'notApplicable', policies: [], level: 0, note: 'SCPs do not apply to service or unsigned callers' },
      { kind: 'rcp', outcome: 'noMatch', policies: [], level: 0 },
      { kind: 'identity', outcome: 'notApplicable', policies: [], note: 'this caller has no identity-based policies' },
      { kind: 'boundary', outcome: 'notApplicable', policies: [] },
      { kind: 'session', outcome: 'notApplicable', policies: [], note: 'session policies apply only to role and federated-user sessions' },
      { kind: 'resource', outcome: 'allow', policies: ['resource policy: allow'] },
    ])
    expect(r.trace?.layers.at(-1)?.policies[0]?.statements).toStrictEqual([
      {
        ref: { policy: 'resource policy', layer: 'resource', index: 0, pointer: '/Statement/0', sid: 'Ec2' },
        effect: 'Allow',
        applies: 'true',
        checks: [
          action('/Statement/0/Action', ['s3:GetObject']),
          resource('/Statement/0/Resource', ['arn:aws:s3:::b/*']),
          { kind: 'principal', result: 'true', pointer: '/Statement/0/Principal', values: ['Service:ec2.amazonaws.com'], negated: false, strength: 'service' },
        ],
      },
    ])
  })

  it('exempts a service-linked role from SCPs and RCPs, saying so (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html)', () => {
    const session = `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForElasticLoadBalancing/s`
    const r = evaluate(s3Get(session, { 'aws:PrincipalArn': SLR }), { scps: [[allowAll('scp')]], rcps: [[allowAll('scp')]] }, { trace: true })
    expect(outline(r.trace?.layers)).toStrictEqual([
      { kind: 'scp', outcome: 'notApplicable', policies: [], level: 0, note: 'SCPs do not apply to service-linked roles' },
      { kind: 'rcp', outcome: 'notApplicable', policies: [], level: 0, note: 'RCPs do not apply to service-linked roles' },
      { kind: 'identity', outcome: 'noMatch', policies: [] },
    ])
  })

  it('records each level of SCPs with its outcome, and each policy with its own', () => {
    const deny = policy('scp', { Effect: 'Deny', Action: 'ec2:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' })
    const r = evaluate(s3Get(ALICE), { scps: [[allowAll('scp')], [policy('scp', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' })], [allowAll('scp'), deny, allowAll('scp')]], identity: [allowAll('identity')] }, { trace: true })
    expect(r.decision).toBe('explicitDeny')
    expect(r.determining).toStrictEqual([{ policy: 'scp level 2[1]', layer: 'scp', level: 2, index: 1, pointer: '/Statement/1' }])
    expect(outline(r.trace?.layers)).toStrictEqual([
      { kind: 'scp', outcome: 'allow', policies: ['scp level 0[0]: allow'], level: 0 },
      { kind: 'scp', outcome: 'noMatch', policies: ['scp level 1[0]: noMatch'], level: 1 },
      { kind: 'scp', outcome: 'deny', policies: ['scp level 2[0]: allow', 'scp level 2[1]: deny', 'scp level 2[2]: allow'], level: 2 },
      { kind: 'identity', outcome: 'allow', policies: ['identity[0]: allow'] },
    ])
  })

  it('a policy that allows and then denies, or denies and then allows, denies', () => {
    const both = [
      policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }),
      policy('identity', { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    ]
    const r = evaluate(s3Get(ALICE), { identity: both }, { trace: true })
    expect(outline(r.trace?.layers)).toStrictEqual([{ kind: 'identity', outcome: 'deny', policies: ['identity[0]: deny', 'identity[1]: deny'] }])
    expect(r.determining.map((d) => `${d.policy}#${d.index}`)).toEqual(['identity[0]#1', 'identity[1]#0'])
  })

  it('records every check of a statement: NotAction, conditions with the values compared, and a missing key', () => {
    const identity = policy('identity', { Effect: 'Allow', NotAction: 'ec2:*', Resource: ['arn:aws:s3:::b/*'], Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, Bool: { 'aws:SecureTransport': 'true' } } })
    const r = evaluate(s3Get(ALICE, { 'aws:SourceIp': '10.0.0.1' }), { identity: [identity] }, { trace: true })
    expect(r.missingContextKeys).toEqual(['aws:SecureTransport'])
    expect(r.trace?.layers[0]?.policies[0]?.statements[0]?.checks).toStrictEqual([
      action('/Statement/0/NotAction', ['ec2:*'], true, true),
      resource('/Statement/0/Resource', ['arn:aws:s3:::b/*']),
      { kind: 'condition', result: 'true', pointer: '/Statement/0/Condition/IpAddress/aws:SourceIp', operator: 'IpAddress', key: 'aws:SourceIp', reason: 'matched', values: [{ policyValue: '10.0.0.0/8', matched: true }], requestValues: ['10.0.0.1'] },
      { kind: 'condition', result: 'false', pointer: '/Statement/0/Condition/Bool/aws:SecureTransport', operator: 'Bool', key: 'aws:SecureTransport', reason: 'keyMissing', values: [{ policyValue: 'true', matched: false }] },
    ])
  })

  it('records why a statement AWS refuses cannot grant: a Principal in an identity policy, an empty Condition block (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)', () => {
    const named = recovered('identity', { Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::B/*', Principal: { AWS: A } })
    const empty = recovered('identity', { Effect: 'Allow', Action: 's3:Get*', Resource: '*', Condition: {} })
    const r = evaluate(s3Get(ALICE), { identity: [named, empty] }, { trace: true })
    expect(r.decision).toBe('implicitDeny')
    const [first, second] = r.trace?.layers[0]?.policies ?? []
    expect(first?.statements[0]?.applies).toBe('unknown')
    expect(first?.statements[0]?.checks.slice(1)).toStrictEqual([
      resource('/Statement/0/Resource', ['arn:aws:s3:::B/*'], 'unknown', 'undocumented ARN corner (case or `*` across `:`); fail closed'),
      { kind: 'principal', result: 'unknown', pointer: '/Statement/0/Principal', values: ['AWS:111122223333'], negated: false, note: 'this policy type cannot name a principal; fail closed' },
    ])
    expect(second?.statements[0]?.applies).toBe('unknown')
    expect(second?.statements[0]?.checks[2]).toStrictEqual({ kind: 'condition', result: 'unknown', pointer: '/Statement/0/Condition', operator: '', key: '', reason: 'undocumented', values: [], note: 'empty Condition block: an Allow grants nothing, a Deny applies' })
  })

  it('a Deny that names a principal in an identity policy, or has an empty Condition block, applies (fail closed)', () => {
    const named = recovered('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*', Principal: { AWS: A } })
    const empty = recovered('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: {} })
    for (const deny of [named, empty]) {
      for (const trace of [false, true]) expect(evaluate(s3Get(ALICE), { identity: [allowAll('identity'), deny] }, { trace }).decision).toBe('explicitDeny')
    }
  })

  it('records a NotPrincipal check, "*" as its value, the unknown aws:userid of a user, and the missing keys in their own case', () => {
    const identity = [
      policy('identity', { Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } } }),
      policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } }),
    ]
    const resourcePolicy = policy('resource', { Effect: 'Deny', NotPrincipal: { AWS: [ALICE, A] }, Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:username': 'alice' } } })
    const r = evaluate(s3Get(ALICE, { 'aws:username': 'alice' }), { identity, resource: resourcePolicy }, { trace: true })
    expect(r.decision).toBe('explicitDeny')
    expect(r.missingContextKeys).toEqual(['aws:PrincipalTag/team', 'aws:userid'])
    expect(r.determining).toStrictEqual([{ policy: 'identity[0]', layer: 'identity', index: 1, pointer: '/Statement/1' }])
    const userid = r.trace?.layers[0]?.policies[0]?.statements[1]
    expect(userid?.applies).toBe('unknown')
    expect(userid?.checks[2]).toMatchObject({ kind: 'condition', result: 'unknown', key: 'aws:userid', note: expect.stringMatching(/aws:userid/) as unknown })
    const statements = r.trace?.layers[1]?.policies[0]?.statements ?? []
    expect(statements.map((s) => s.checks[2])).toStrictEqual([
      { kind: 'principal', result: 'false', pointer: '/Statement/0/NotPrincipal', values: [`AWS:${ALICE}`, `AWS:${A}`], negated: true },
      { kind: 'principal', result: 'true', pointer: '/Statement/1/Principal', values: ['*'], negated: false, strength: 'wildcard' },
    ])
  })

  it('says when a question decided a condition', () => {
    const identity = policy('identity', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })
    const r = evaluate(s3Get(ALICE), { identity: [identity] }, { trace: true, conditionOverride: () => 'true' })
    expect(r.decision).toBe('allowed')
    expect(r.missingContextKeys).toEqual([])
    expect(r.trace?.layers[0]?.policies[0]?.statements[0]?.checks[2]).toStrictEqual({
      kind: 'condition',
      result: 'true',
      pointer: '/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent',
      operator: 'Bool',
      key: 'aws:MultiFactorAuthPresent',
      reason: 'undocumented',
      values: [],
      note: 'decided by the question: true',
    })
  })
})
