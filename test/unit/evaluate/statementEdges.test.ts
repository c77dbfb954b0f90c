/**
 * One statement's edges: a statement that names a Principal where its policy type cannot (or lacks
 * one where it must), a Resource that substitutes a key AWS sets but the request does not show, which
 * keys a condition reports as missing, conditions decided by the question, and how a resource-policy
 * grant reaches the caller. Each case is decided with the trace on, off and unindexed; all must agree.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { describe, expect, it } from 'vitest'
import { evaluate, parsePolicy } from '../../../src/index.js'
import type { Decision, EvaluateOptions, PolicyKind, PolicySet, Request } from '../../../src/index.js'

const PRINCIPAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html'
const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable'
const RA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount'
const CONDITIONS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html'
const IFEXISTS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists'
const NULL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null'
const DENYALLOW = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'

const A = '111122223333'
const USER = `arn:aws:iam::${A}:user/alice`
const BOB = `arn:aws:iam::444455556666:user/bob`
const ROLE = `arn:aws:iam::${A}:role/Reporter`
const SESSION = `arn:aws:sts::${A}:assumed-role/Reporter/job`

function policy(kind: PolicyKind, statement: object | object[]) {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statement }, { kind })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}
const allowS3 = () => policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*' })
const identityDeny = (statement: object) => policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*', ...statement })
const req = (arn: string, extra: Partial<Request> = {}): Request => ({ principal: { kind: 'aws', arn }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A, ...extra })
const noAccount = (r: Request): Request => (({ resourceAccount: _, ...rest }) => rest)(r)
const sqsOnly = () => policy('identity', { Effect: 'Allow', Action: 'sqs:*', Resource: '*' })
const bucket = (statement: object) => policy('resource', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...statement })

interface Case {
  readonly name: string
  readonly source: string
  readonly request: Request
  readonly policies: () => PolicySet
  readonly options?: EvaluateOptions
  readonly decision: Decision
  readonly missing: readonly string[]
  /** The traced statements' `applies`, in order, when the case pins them. */
  readonly applies?: readonly string[]
  /** Checks the trace must hold (each compared in full). */
  readonly checks?: readonly object[]
}

const CANNOT = 'this policy type cannot name a principal; fail closed'
const cases: Case[] = [
  {
    name: 'an Allow naming a Principal in an identity policy does not grant',
    source: PRINCIPAL,
    request: req(USER),
    policies: () => ({ identity: [policy('resource', { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' })] }),
    decision: 'implicitDeny',
    missing: [],
    applies: ['unknown'],
    checks: [{ kind: 'principal', result: 'unknown', pointer: '/Statement/Principal', values: ['*'], negated: false, note: CANNOT }],
  },
  {
    name: 'a Deny naming a Principal in an identity policy applies',
    source: PRINCIPAL,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), policy('resource', { Effect: 'Deny', Principal: { AWS: USER }, Action: 's3:*', Resource: '*' })] }),
    decision: 'explicitDeny',
    missing: [],
    applies: ['true', 'unknown'],
    checks: [{ kind: 'principal', result: 'unknown', pointer: '/Statement/Principal', values: [`AWS:${USER}`], negated: false, note: CANNOT }],
  },
  {
    name: 'a Deny with NotPrincipal in an identity policy applies',
    source: PRINCIPAL,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), policy('resource', { Effect: 'Deny', NotPrincipal: { AWS: BOB }, Action: 's3:*', Resource: '*' })] }),
    decision: 'explicitDeny',
    missing: [],
    checks: [{ kind: 'principal', result: 'unknown', pointer: '/Statement/NotPrincipal', values: [`AWS:${BOB}`], negated: true, note: CANNOT }],
  },
  {
    name: 'an Allow without Resource in an identity policy grants nothing, even to an analysis that reads undecided Allows as granting',
    source: PRINCIPAL,
    request: req(USER),
    policies: () => ({ identity: [policy('resource', { Effect: 'Allow', Principal: '*', Action: 's3:*' })] }),
    options: { unknownStatement: (s) => s.effect === 'Allow' },
    decision: 'implicitDeny',
    missing: [],
    applies: ['false'],
  },
  {
    name: 'a Deny without Resource in an identity policy applies',
    source: PRINCIPAL,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), policy('resource', { Effect: 'Deny', Principal: '*', Action: 's3:*' })] }),
    decision: 'explicitDeny',
    missing: [],
    applies: ['true', 'unknown'],
  },
  {
    name: 'an Allow without Principal in a resource policy grants nothing, even to an analysis that reads undecided Allows as granting',
    source: PRINCIPAL,
    request: req(USER),
    policies: () => ({ resource: policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*' }) }),
    options: { unknownStatement: (s) => s.effect === 'Allow' },
    decision: 'implicitDeny',
    missing: [],
    applies: ['false'],
  },
  {
    name: 'a Deny without Principal in a resource policy applies',
    source: PRINCIPAL,
    request: req(USER),
    policies: () => ({ identity: [allowS3()], resource: policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*' }) }),
    decision: 'explicitDeny',
    missing: [],
    applies: ['true', 'unknown'],
  },
  {
    name: 'a statement whose Action does not match is traced as not applying',
    source: DENYALLOW,
    request: req(USER, { resource: 'arn:aws:s3:::b/AIDAX/k' }),
    policies: () => ({ identity: [allowS3(), policy('identity', { Effect: 'Deny', Action: 'ec2:*', Resource: 'arn:aws:s3:::b/${aws:userid}/*' })] }),
    decision: 'allowed',
    missing: [],
    applies: ['true', 'false'],
    checks: [{ kind: 'action', matched: false, pointer: '/Statement/Action', patterns: ['ec2:*'], negated: false }],
  },
  {
    name: 'a resource-policy statement whose Principal does not match reads no condition key',
    source: DENYALLOW,
    request: req(USER),
    policies: () => ({ identity: [allowS3()], resource: policy('resource', { Effect: 'Deny', Principal: { AWS: BOB }, Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/x': 'y' } } }) }),
    decision: 'allowed',
    missing: [],
  },
  // Which keys a condition reports as missing.
  {
    name: 'Null on an absent key applies, and the key is reported: giving it would change the answer',
    source: NULL,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), identityDeny({ Condition: { Null: { 'aws:PrincipalTag/x': 'true' } } })] }),
    decision: 'explicitDeny',
    missing: ['aws:PrincipalTag/x'],
  },
  {
    name: 'a condition undecidable for its policy value does not report its key: giving it would not help',
    source: CONDITIONS,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), identityDeny({ Condition: { NumericLessThan: { 'aws:PrincipalTag/x': 'abc' } } })] }),
    decision: 'explicitDeny',
    missing: [],
    checks: [expect.objectContaining({ kind: 'condition', result: 'unknown', reason: 'invalidValue', note: 'invalid number "abc" for NumericLessThan; fail closed' })],
  },
  {
    name: 'a key the request gives is not missing, the one it lacks is',
    source: VARS,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), identityDeny({ Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' } } })] }),
    decision: 'allowed',
    missing: ['aws:PrincipalTag/team'],
  },
  {
    name: 'IfExists on a missing key reports it',
    source: IFEXISTS,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), identityDeny({ Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/x': 'y' } } })] }),
    decision: 'explicitDeny',
    missing: ['aws:PrincipalTag/x'],
  },
  {
    name: 'a policy variable the request lacks is reported',
    source: VARS,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), identityDeny({ Condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:PrincipalTag/x}' } } })] }),
    decision: 'allowed',
    missing: ['aws:principaltag/x'],
  },
  // Conditions decided by the question (partial evaluation).
  {
    name: 'a condition the question decides is not re-read for an unknown key',
    source: CONDITIONS,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), identityDeny({ Condition: { StringLike: { 'aws:userid': '*A' } } })] }),
    options: { conditionOverride: (c) => (c.node.keyLower === 'aws:userid' ? 'false' : undefined) },
    decision: 'allowed',
    missing: [],
    checks: [{ kind: 'condition', result: 'false', pointer: '/Statement/Condition/StringLike/aws:userid', operator: 'StringLike', key: 'aws:userid', reason: 'undocumented', values: [], note: 'decided by the question: false' }],
  },
  {
    name: 'a condition the question decides does not report its key missing',
    source: CONDITIONS,
    request: req(USER),
    policies: () => ({ identity: [allowS3(), identityDeny({ Condition: { StringEquals: { 'aws:PrincipalTag/x': 'y' } } })] }),
    options: { conditionOverride: () => 'true' },
    decision: 'explicitDeny',
    missing: [],
  },
  // A Resource that substitutes a key AWS sets but the request does not show.
  {
    name: 'an Allow on a Resource naming the unknown user id does not grant',
    source: VARS,
    request: req(USER, { resource: 'arn:aws:s3:::b/AIDAX/k' }),
    policies: () => ({ identity: [policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:userid}/*' })] }),
    decision: 'implicitDeny',
    missing: ['aws:userid'],
    checks: [{ kind: 'resource', result: 'unknown', pointer: '/Statement/Resource', patterns: ['arn:aws:s3:::b/${aws:userid}/*'], negated: false, note: 'AWS sets aws:userid for this caller but the request does not give its value; fail closed' }],
  },
  {
    name: 'a Deny on a Resource naming the unknown user id applies',
    source: VARS,
    request: req(USER, { resource: 'arn:aws:s3:::b/AIDAX/k' }),
    policies: () => ({ identity: [allowS3(), policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:userid}/*' })] }),
    decision: 'explicitDeny',
    missing: ['aws:userid'],
  },
  {
    name: 'a Resource no user id makes match is decided',
    source: VARS,
    request: req(USER, { resource: 'arn:aws:s3:::c/k' }),
    policies: () => ({ identity: [allowS3(), policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:userid}/*' })] }),
    decision: 'allowed',
    missing: [],
    checks: [{ kind: 'resource', result: 'false', pointer: '/Statement/Resource', patterns: ['arn:aws:s3:::b/${aws:userid}/*'], negated: false, note: 'the same for every value AWS could set for aws:userid' }],
  },
  {
    name: 'a Resource naming two unknown keys is not decided by trying one',
    source: RA,
    request: noAccount(req(USER, { resource: 'arn:aws:s3:::b/AIDAX/111122223333/k' })),
    policies: () => ({
      identity: [allowS3(), policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:userid}/${aws:ResourceAccount}/*' })],
      resource: policy('resource', { Effect: 'Allow', Principal: { AWS: USER }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }),
    }),
    decision: 'explicitDeny',
    missing: ['aws:ResourceAccount', 'aws:userid'],
    checks: [{ kind: 'resource', result: 'unknown', pointer: '/Statement/Resource', patterns: ['arn:aws:s3:::b/${aws:userid}/${aws:ResourceAccount}/*'], negated: false, note: 'AWS sets aws:userid and aws:ResourceAccount for this caller but the request does not give their values; fail closed' }],
  },
  {
    name: 'a Resource naming the user id the request gives',
    source: VARS,
    request: req(USER, { resource: 'arn:aws:s3:::b/AIDAX/k', context: { 'aws:userid': 'AIDAX' } }),
    policies: () => ({ identity: [policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:userid}/*' })] }),
    decision: 'allowed',
    missing: [],
  },
  // How a same-account resource-policy grant reaches the caller (docs/semantics.md#grant-caps).
  {
    name: 'Principal "*" narrowed by aws:PrincipalArn is not capped by the boundary',
    source: PRINCIPAL,
    request: req(ROLE, { resource: 'arn:aws:s3:::b/k' }),
    policies: () => ({ boundary: sqsOnly(), resource: bucket({ Principal: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } } }) }),
    decision: 'allowed',
    missing: [],
  },
  {
    name: 'a grant to the role ARN is capped by the boundary, even with a condition on aws:PrincipalArn',
    source: PRINCIPAL,
    request: req(ROLE, { resource: 'arn:aws:s3:::b/k' }),
    policies: () => ({ boundary: sqsOnly(), resource: bucket({ Principal: { AWS: ROLE }, Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } } }) }),
    decision: 'implicitDeny',
    missing: [],
  },
  {
    name: 'Principal "*" without aws:PrincipalArn is capped by the session policy',
    source: PRINCIPAL,
    request: req(SESSION),
    policies: () => ({ session: [sqsOnly()], resource: bucket({ Principal: '*' }) }),
    decision: 'implicitDeny',
    missing: [],
  },
  {
    name: 'a grant to the role ARN is capped by the session policy',
    source: DENYALLOW,
    request: req(SESSION),
    policies: () => ({ session: [sqsOnly()], resource: bucket({ Principal: { AWS: ROLE } }) }),
    decision: 'implicitDeny',
    missing: [],
  },
  {
    name: 'a grant to the session ARN is not capped by the session policy',
    source: DENYALLOW,
    request: req(SESSION),
    policies: () => ({ session: [sqsOnly()], resource: bucket({ Principal: { AWS: SESSION } }) }),
    decision: 'allowed',
    missing: [],
  },
]

describe('a statement\'s edges, with the trace on and off', () => {
  for (const k of cases) {
    it(`${k.name} (${k.source})`, () => {
      const policies = k.policies()
      const on = evaluate(k.request, policies, { ...k.options, trace: true })
      expect(on.errors).toEqual([])
      expect(on.decision).toBe(k.decision)
      expect(on.missingContextKeys).toEqual(k.missing)
      for (const mode of [{}, { unindexed: true }]) {
        const off = evaluate(k.request, policies, { ...k.options, ...mode })
        expect(off.errors).toEqual([])
        expect(off.decision).toBe(k.decision)
        expect(off.missingContextKeys).toEqual(k.missing)
      }
      const statements = (on.trace?.layers ?? []).flatMap((l) => l.policies.flatMap((p) => p.statements))
      if (k.applies !== undefined) expect(statements.map((s) => s.applies)).toEqual(k.applies)
      const checks = statements.flatMap((s) => s.checks)
      for (const check of k.checks ?? []) expect(checks).toContainEqual(check)
    })
  }
})
