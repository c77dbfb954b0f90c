/**
 * Values AWS sets for the caller that the request does not show, by their form: aws:userid is
 * `AIDA` + letters and digits for a user and `AROA…:session` for a role session; aws:ResourceAccount
 * has twelve digits; a session's aws:PrincipalArn is the role's ARN with a path the session ARN drops.
 * A condition is decided only when every value of that form gives the same result; otherwise it is
 * unknown (a Deny applies, an Allow does not) and the key is reported missing. Each case is decided
 * with the trace on and off, and both must agree.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (role path characters)
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (session name characters)
 */
import { describe, expect, it } from 'vitest'
import { evaluate, parsePolicy } from '../../../src/index.js'
import type { Decision, PolicyKind, PolicySet, Request } from '../../../src/index.js'

const A = '111122223333'
const USER = `arn:aws:iam::${A}:user/alice`
const ROLE = `arn:aws:iam::${A}:role/Importer`
const session = (name: string): string => `arn:aws:sts::${A}:assumed-role/Importer/${name}`
const S1 = session('s1')

function policy(kind: PolicyKind, statement: object | object[]) {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statement }, { kind })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}
/** Identity policies that allow s3 and deny it under `condition` (built inside each test). */
const denyIf = (condition: object): PolicySet => ({
  identity: [policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*' }), policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: condition })],
})
const allowIf = (condition: object): PolicySet => ({ identity: [policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: condition })] })
/** As denyIf, with a bucket policy granting the user: without aws:ResourceAccount the bucket may be in another account. */
const denyIfAnyAccount = (condition: object): PolicySet => ({
  ...denyIf(condition),
  resource: policy('resource', { Effect: 'Allow', Principal: { AWS: USER }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }),
})
const req = (arn: string, extra: Partial<Request> = {}): Request => ({ principal: { kind: 'aws', arn }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A, ...extra })
const noAccount = (r: Request): Request => (({ resourceAccount: _, ...rest }) => rest)(r)

const ONE = (key: string): string => `AWS sets ${key} for this caller but the request does not give its value (give it in the context); fail closed`
const SAME = (key: string): string => `${key}: the same for every value AWS could set for this caller`
const ALWAYS = 'aws:userid is always present for this caller'
const PATH = "the result depends on the role's path, which the session ARN does not show; give aws:PrincipalArn in the context"

interface Case {
  readonly name: string
  readonly request: Request
  readonly policies: () => PolicySet
  readonly decision: Decision
  readonly missing: readonly string[]
  readonly notes: readonly string[]
}

const c = (name: string, request: Request, policies: () => PolicySet, decision: Decision, missing: readonly string[], notes: readonly string[]): Case => ({ name, request, policies, decision, missing, notes })
const unknownId = (name: string, request: Request, condition: object): Case => c(name, request, () => denyIf(condition), 'explicitDeny', ['aws:userid'], [ONE('aws:userid')])
const noId = (name: string, request: Request, condition: object): Case => c(name, request, () => denyIf(condition), 'allowed', [], [])
const unknownAccount = (name: string, condition: object): Case => c(name, noAccount(req(USER)), () => denyIfAnyAccount(condition), 'explicitDeny', ['aws:ResourceAccount'], [ONE('aws:ResourceAccount')])
const noAccountMatches = (name: string, condition: object): Case => c(name, noAccount(req(USER)), () => denyIfAnyAccount(condition), 'allowed', [], [])

const cases: Case[] = [
  // A user's id: AIDA, then one or more capital letters or digits.
  unknownId('a user id may end with A', req(USER), { StringLike: { 'aws:userid': '*A' } }),
  unknownId('a user id may end with a digit', req(USER), { StringLike: { 'aws:userid': '*5' } }),
  unknownId('a user id may not end with 0', req(USER), { StringNotLike: { 'aws:userid': '*0' } }),
  unknownId('a user id may be AIDA and one more character', req(USER), { StringLike: { 'aws:userid': 'AIDA?' } }),
  unknownId('a user id written in full may be the caller\'s', req(USER), { StringEquals: { 'aws:userid': 'AIDAXYZ' } }),
  noId('a user id has a character after AIDA', req(USER), { StringEquals: { 'aws:userid': 'AIDA' } }),
  noId('a user id starts with AIDA, not with a digit', req(USER), { StringEquals: { 'aws:userid': '5' } }),
  noId('a user id starts with AIDA, not BIDA', req(USER), { StringEquals: { 'aws:userid': 'BIDA5' } }),
  noId('a user id has nothing before AIDA', req(USER), { StringEquals: { 'aws:userid': 'xAIDA5' } }),
  noId('a user id has no lowercase letter', req(USER), { StringLike: { 'aws:userid': 'AIDA*a' } }),
  noId('a user id never equals the user name', req(USER), { StringEquals: { 'aws:userid': '${aws:username}' } }),
  noId('a user id is not a role id', req(USER), { StringLike: { 'aws:userid': 'AROA*' } }),
  c('every user id starts with AIDA', req(USER), () => denyIf({ StringLike: { 'aws:userid': 'AIDA*' } }), 'explicitDeny', [], [SAME('aws:userid')]),
  // A role session's id: AROA, capitals or digits, a colon and the session name.
  c('every id of session s1 ends with :s1', req(S1), () => denyIf({ StringLike: { 'aws:userid': 'AROA*:s1' } }), 'explicitDeny', [], [SAME('aws:userid')]),
  c('an Allow on every id of the session grants', req(S1), () => allowIf({ StringLike: { 'aws:userid': '*:s1' } }), 'allowed', [], [SAME('aws:userid')]),
  noId('no id of session s1 ends with :s2', req(S1), { StringLike: { 'aws:userid': 'AROA*:s2' } }),
  noId('a session id starts with AROA', req(S1), { StringEquals: { 'aws:userid': 'X:s1' } }),
  noId('a session id always ends with the session name', req(S1), { StringLike: { 'aws:userid': 'AROA?' } }),
  noId('a session name is read as written (a dot is a dot)', req(session('a.b')), { StringLike: { 'aws:userid': 'AROA*:aXb' } }),
  c('a dot in the session name is matched', req(session('a.b')), () => denyIf({ StringLike: { 'aws:userid': 'AROA*:a.b' } }), 'explicitDeny', [], [SAME('aws:userid')]),
  // A role given as the caller: some session of it, whose name is unknown.
  unknownId('a role\'s session may be named alice@example.com', req(ROLE), { StringLike: { 'aws:userid': '*:alice@example.com' } }),
  unknownId('a role\'s session name may be one character', req(ROLE), { StringLike: { 'aws:userid': 'AROA*:?' } }),
  noId('an id of a role\'s session starts with AROA', req(ROLE), { StringEquals: { 'aws:userid': 'X:s' } }),
  noId('a role\'s session has a name', req(ROLE), { StringLike: { 'aws:userid': 'AROA*:' } }),
  noId('a session name has no space', req(ROLE), { StringLike: { 'aws:userid': 'AROA*:a b' } }),
  noId('a session name has no colon', req(ROLE), { StringLike: { 'aws:userid': 'AROA*:a:b' } }),
  c('every id of a role\'s session starts with AROA', req(ROLE), () => denyIf({ StringLike: { 'aws:userid': 'AROA*' } }), 'explicitDeny', [], [SAME('aws:userid')]),
  // The resource account: twelve digits.
  unknownAccount('an account may start with 1111', { StringLike: { 'aws:ResourceAccount': '1111*' } }),
  unknownAccount('an account may end with any digit', { StringLike: { 'aws:ResourceAccount': '11112222333?' } }),
  unknownAccount('an account may start with 01', { StringLike: { 'aws:ResourceAccount': '01*' } }),
  unknownAccount('an account may start with 98', { StringLike: { 'aws:ResourceAccount': '98*' } }),
  unknownAccount('an account may not start with 9', { StringNotLike: { 'aws:ResourceAccount': '9*' } }),
  noAccountMatches('an account has no dash', { StringEquals: { 'aws:ResourceAccount': '111122223-33' } }),
  noAccountMatches('an account has no letter', { StringLike: { 'aws:ResourceAccount': 'AB*' } }),
  noAccountMatches('an account has more than eleven digits', { StringEquals: { 'aws:ResourceAccount': '11112222333' } }),
  noAccountMatches('an account has fewer than thirteen digits', { StringEquals: { 'aws:ResourceAccount': '1111222233334' } }),
  c('every account matches *', noAccount(req(USER)), () => denyIfAnyAccount({ StringLike: { 'aws:ResourceAccount': '*' } }), 'explicitDeny', [], [SAME('aws:ResourceAccount')]),
  // Keys the request gives, or that the caller does not have, are not uncertain.
  noId('a user id given in the context is known', req(USER, { context: { 'aws:userid': 'AIDAEXAMPLE' } }), { StringEquals: { 'aws:userid': 'AIDAOTHER' } }),
  noId('a resource account given is known', req(USER), { StringEquals: { 'aws:ResourceAccount': '444455556666' } }),
  c('an account is unknown even when the user id is given', noAccount(req(USER, { context: { 'aws:userid': 'AIDAEXAMPLE' } })), () => denyIfAnyAccount({ StringEquals: { 'aws:ResourceAccount': '444455556666' } }), 'explicitDeny', ['aws:ResourceAccount'], [ONE('aws:ResourceAccount')]),
  c('a service principal has no user id to guess', { principal: { kind: 'service', service: 'cloudtrail.amazonaws.com' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A }, () => ({
    resource: policy('resource', [
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringLike: { 'aws:userid': 'AIDA*' } } },
    ]),
  }), 'allowed', ['aws:userid'], []),
  c('a user name the caller shows is not guessed', req(USER, { resource: 'arn:aws:s3:::b/alice/k' }), () => ({ identity: [policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}/*' })] }), 'allowed', [], []),
  // Null: AWS always sets the key, whatever its value.
  c('Null true on aws:userid is false', req(S1), () => denyIf({ Null: { 'aws:userid': 'true' } }), 'allowed', [], [ALWAYS]),
  c('Null false on aws:userid is true', req(S1), () => denyIf({ Null: { 'aws:userid': 'false' } }), 'explicitDeny', [], [ALWAYS]),
  // Two unknown keys in one condition.
  c('two unknown keys are both reported', noAccount(req(USER)), () => denyIfAnyAccount({ StringEquals: { 'aws:userid': '${aws:ResourceAccount}' } }), 'explicitDeny', ['aws:ResourceAccount', 'aws:userid'], [
    'AWS sets aws:ResourceAccount and aws:userid for this caller but the request does not give their values (give them in the context); fail closed',
  ]),
  c('a key is reported as the policy spells it', req(USER), () => denyIf({ StringLike: { 'AWS:UserId': '*A' } }), 'explicitDeny', ['aws:userid'], [ONE('AWS:UserId')]),
  // The role path of a session.
  c('a path may hold /admins/', req(S1), () => denyIf({ StringLike: { 'aws:PrincipalArn': '*/admins/*' } }), 'explicitDeny', ['aws:PrincipalArn'], [PATH]),
  c('a path named after :role/', req(S1), () => denyIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/team/*` } }), 'explicitDeny', ['aws:PrincipalArn'], [PATH]),
  c('a path of two levels', req(S1), () => denyIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/a/b/Importer` } }), 'explicitDeny', ['aws:PrincipalArn'], [PATH]),
  c('a path may hold !', req(S1), () => denyIf({ StringLike: { 'aws:PrincipalArn': '*/!/*' } }), 'explicitDeny', ['aws:PrincipalArn'], [PATH]),
  c('a path may hold ~', req(S1), () => denyIf({ StringLike: { 'aws:PrincipalArn': '*/~/*' } }), 'explicitDeny', ['aws:PrincipalArn'], [PATH]),
  noId('a path has no letter beyond ASCII', req(S1), { StringLike: { 'aws:PrincipalArn': '*/\u00e9/*' } }),
  c('a path may be one character', req(S1), () => denyIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/?/Importer` } }), 'explicitDeny', ['aws:PrincipalArn'], [PATH]),
  noId('a path has no space', req(S1), { StringLike: { 'aws:PrincipalArn': '*/a b/*' } }),
  noId('no path gives the role another name', req(S1), { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/team/Other` } }),
  noId('no path puts the role in another account', req(S1), { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/*' } }),
  c('a role ARN without a path may not be the session\'s', req(S1), () => allowIf({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Importer` } }), 'implicitDeny', ['aws:PrincipalArn'], [PATH]),
  c('every path matches role/*', req(S1), () => allowIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } }), 'allowed', [], []),
  noId('the role path given in the context', req(S1, { context: { 'aws:PrincipalArn': ROLE } }), { StringLike: { 'aws:PrincipalArn': '*/admins/*' } }),
  c('a role given as the caller shows its path', req(ROLE), () => allowIf({ ArnEquals: { 'aws:PrincipalArn': ROLE } }), 'allowed', [], []),
  c('the path is unknown when every other key is given', req(S1, { context: { 'aws:userid': 'AROAEXAMPLE:s1' } }), () => denyIf({ StringLike: { 'aws:PrincipalArn': '*/admins/*' } }), 'explicitDeny', ['aws:PrincipalArn'], [PATH]),
  noId('a condition on another key is not read for the path', req(S1), { StringEquals: { 'aws:PrincipalAccount': '444455556666' } }),
]

describe('values of a key AWS sets, by their form', () => {
  for (const k of cases) {
    it(k.name, () => {
      const policies = k.policies()
      const on = evaluate(k.request, policies, { trace: true })
      const off = evaluate(k.request, policies)
      expect(on.errors).toEqual([])
      expect(on.decision).toBe(k.decision)
      expect(on.missingContextKeys).toEqual(k.missing)
      expect(off.decision).toBe(k.decision)
      expect(off.missingContextKeys).toEqual(k.missing)
      const notes = (on.trace?.layers ?? []).flatMap((l) => l.policies.flatMap((p) => p.statements.flatMap((s) => s.checks.flatMap((ch) => ('note' in ch && ch.note !== undefined ? [ch.note] : [])))))
      expect(notes).toEqual(k.notes)
    })
  }
})
