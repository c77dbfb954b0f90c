/**
 * Caller facts AWS always knows but a request may not show: which key the result reports as missing,
 * and callers that are not valid principals. Each row cites the page its rule comes from.
 */
import { describe, expect, it } from 'vitest'
import { evaluate, parsePolicy } from '../../../src/index.js'
import type { Decision, PolicyKind, PolicySet, Request } from '../../../src/index.js'

const GKEYS_ARN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn'
const VARS_T = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable'
const GKEYS_RA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount'
const STS_AR = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html'

const A = '111122223333'
const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket/k'

function policy(kind: PolicyKind, statement: object | object[]) {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statement }, { kind })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}
const allowS3 = policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*' })
const denyS3If = (condition: object) => policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: condition })

interface Row {
  readonly name: string
  readonly source: string
  readonly request: Request
  readonly policies: PolicySet
  readonly decision: Decision
  readonly missing: readonly string[]
  readonly errors?: readonly string[]
}

const session = (context: Record<string, string> = {}): Request => ({ principal: { kind: 'aws', arn: `arn:aws:sts::${A}:assumed-role/Importer/s1` }, action: 's3:GetObject', resource: BUCKET, resourceAccount: A, context })

const rows: Row[] = [
  {
    name: 'a Deny on a role path reports aws:PrincipalArn as the missing key',
    source: GKEYS_ARN,
    request: session(),
    policies: { identity: [allowS3, denyS3If({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/restricted/*' } })] },
    decision: 'explicitDeny',
    missing: ['aws:PrincipalArn'],
  },
  {
    name: 'with aws:PrincipalArn given, nothing is missing',
    source: GKEYS_ARN,
    request: session({ 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Importer` }),
    policies: { identity: [allowS3, denyS3If({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/restricted/*' } })] },
    decision: 'allowed',
    missing: [],
  },
  {
    name: 'a Deny on aws:userid of a role session reports aws:userid as missing',
    source: VARS_T,
    request: session(),
    policies: { identity: [allowS3, denyS3If({ StringLike: { 'aws:userid': 'AROAEXAMPLEID:*' } })] },
    decision: 'explicitDeny',
    missing: ['aws:userid'],
  },
  {
    name: 'Null on aws:userid needs no value: the key is always present',
    source: VARS_T,
    request: session(),
    policies: { identity: [allowS3, denyS3If({ Null: { 'aws:userid': 'true' } })] },
    decision: 'allowed',
    missing: [],
  },
  {
    name: 'a Deny on aws:ResourceAccount of an S3 object without resourceAccount reports it as missing',
    source: GKEYS_RA,
    request: { ...session(), resourceAccount: undefined as unknown as string },
    policies: { identity: [allowS3, denyS3If({ StringEquals: { 'aws:ResourceAccount': '444455556666' } })] },
    decision: 'explicitDeny',
    missing: ['aws:ResourceAccount'],
  },
  {
    name: 'an assumed-role ARN written with the role path is not a valid caller',
    source: STS_AR,
    request: { principal: { kind: 'aws', arn: `arn:aws:sts::${A}:assumed-role/team/Importer/s1` }, action: 's3:GetObject', resource: BUCKET, resourceAccount: A },
    policies: { identity: [allowS3] },
    decision: 'implicitDeny',
    missing: [],
    errors: ['request.invalid-principal'],
  },
]

describe('caller facts the request does not show', () => {
  for (const row of rows) {
    it(`${row.name} (${row.source})`, () => {
      const request = row.request.resourceAccount === undefined ? (({ resourceAccount: _, ...rest }) => rest)(row.request) : row.request
      const r = evaluate(request, row.policies)
      expect(r.decision).toBe(row.decision)
      expect(r.missingContextKeys).toEqual(row.missing)
      expect(r.errors.map((e) => e.code)).toEqual(row.errors ?? [])
    })
  }
})
