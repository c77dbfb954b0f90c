/**
 * Keys AWS always sets whose value the request does not show (aws:userid of a user or role session,
 * aws:ResourceAccount of an S3 object, the role path in a session's aws:PrincipalArn): a condition or
 * a Resource that gives the same result for every value of the key's documented form is decided;
 * otherwise it is unknown (a Deny applies, an Allow does not) and the key is reported missing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../../src/index.js'
import type { Decision, PolicySet, Request } from '../../../src/index.js'
import { A, policy } from './stepCases.js'

const allowS3 = policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*' })
const denyIf = (c: object) => policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: c })
const allowIf = (c: object) => policy('identity', { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: c })
const onResource = (effect: string, resource: string) => policy('identity', { Effect: effect, Action: 's3:*', Resource: resource })
const SESSION = `arn:aws:sts::${A}:assumed-role/Importer/s1`
const USER = `arn:aws:iam::${A}:user/alice`
const ROLE = `arn:aws:iam::${A}:role/Importer`
const req = (arn: string, extra: Partial<Request> = {}): Request => ({ principal: { kind: 'aws', arn }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A, ...extra })
const noAccount = (r: Request): Request => (({ resourceAccount: _, ...rest }) => rest)(r)
const SAME = /the same for every value AWS could set/
const SETS = /AWS sets (aws:userid|aws:resourceaccount) for this caller/i
const PATH = /depends on the role's path/

const rows: [string, Request, PolicySet, Decision, string[], RegExp | undefined][] = [
  ['a role session\'s id never equals a user id', req(SESSION), { identity: [allowS3, denyIf({ StringEquals: { 'aws:userid': 'AIDAX' } })] }, 'allowed', [], undefined],
  ['every id of the session ends with its session name', req(SESSION), { identity: [allowS3, denyIf({ StringLike: { 'aws:userid': 'AROA*:s1' } })] }, 'explicitDeny', [], SAME],
  ['no id of the session ends with another session name', req(SESSION), { identity: [allowS3, denyIf({ StringLike: { 'aws:userid': 'AROA*:other' } })] }, 'allowed', [], undefined],
  ['an Allow on every id of the session grants', req(SESSION), { identity: [allowIf({ StringLike: { 'aws:userid': '*:s1' } })] }, 'allowed', [], SAME],
  ['every id of a user starts with AIDA', req(USER), { identity: [allowS3, denyIf({ StringLike: { 'aws:userid': 'AIDA*' } })] }, 'explicitDeny', [], SAME],
  ['no id of a user starts with AROA', req(USER), { identity: [allowS3, denyIf({ StringLike: { 'aws:userid': 'AROA*' } })] }, 'allowed', [], undefined],
  ['every id of a role\'s session starts with AROA', req(ROLE), { identity: [allowS3, denyIf({ StringLike: { 'aws:userid': 'AROA*' } })] }, 'explicitDeny', [], SAME],
  ['the session name of a role given as the caller is unknown', req(ROLE), { identity: [allowS3, denyIf({ StringLike: { 'aws:userid': 'AROA*:s' } })] }, 'explicitDeny', ['aws:userid'], SETS],
  ['a federated user\'s id is shown by its ARN', req(`arn:aws:sts::${A}:federated-user/carol`), { identity: [allowS3, denyIf({ StringLike: { 'aws:userid': 'AIDA*' } })], session: [allowS3] }, 'allowed', [], undefined],
  ['every account matches `*`', noAccount(req(USER)), { identity: [allowS3, denyIf({ StringLike: { 'aws:ResourceAccount': '*' } })] }, 'explicitDeny', [], SAME],
  ['one account may or may not be the owner', noAccount(req(USER)), { identity: [allowS3, denyIf({ StringEquals: { 'aws:ResourceAccount': '444455556666' } })] }, 'explicitDeny', ['aws:ResourceAccount'], SETS],
  ['two unknown keys in one condition: both reported, in AWS\'s spelling', noAccount(req(USER)), { identity: [allowS3, denyIf({ StringEquals: { 'aws:userid': '${aws:ResourceAccount}' } })] }, 'explicitDeny', ['aws:ResourceAccount', 'aws:userid'], /AWS sets aws:ResourceAccount and aws:userid for this caller but the request does not give their values/],
  ['a key spelled two ways is reported once, in AWS\'s spelling', noAccount(req(USER)), { identity: [allowS3, denyIf({ StringEquals: { 'AWS:RESOURCEACCOUNT': '444455556666' } }), denyIf({ StringEquals: { 'aws:resourceaccount': '444455556667' } })] }, 'explicitDeny', ['aws:ResourceAccount'], /AWS sets AWS:RESOURCEACCOUNT for this caller/],
  // Trying values for aws:userid alone left aws:ResourceAccount unresolved (the pattern then matches
  // nothing), so the Deny read as "false for every id" and the bucket policy's Allow granted.
  ['a Deny on a Resource naming two unknown keys applies, and both are reported', noAccount(req(USER, { resource: 'arn:aws:s3:::b/AIDAX/111122223333/k' })), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/${aws:userid}/${aws:ResourceAccount}/*')], resource: policy('resource', { Effect: 'Allow', Principal: { AWS: USER }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }) }, 'explicitDeny', ['aws:ResourceAccount', 'aws:userid'], /AWS sets aws:userid and aws:ResourceAccount for this caller but the request does not give their values/],
  ['a role ARN without a path may not be the session\'s role', req(SESSION), { identity: [allowIf({ ArnEquals: { 'aws:PrincipalArn': ROLE } })] }, 'implicitDeny', ['aws:PrincipalArn'], PATH],
  ['a role ARN matching every path', req(SESSION), { identity: [allowIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*Importer` } })] }, 'allowed', [], undefined],
  ['a role path the session may or may not have', req(SESSION), { identity: [allowIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/team/*` } })] }, 'implicitDeny', ['aws:PrincipalArn'], PATH],
  ['a role path a Deny names', req(SESSION), { identity: [allowS3, denyIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/a/b/*` } })] }, 'explicitDeny', ['aws:PrincipalArn'], PATH],
  ['the role path given in the context', req(SESSION, { context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/team/Importer` } }), { identity: [allowIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/team/*` } })] }, 'allowed', [], undefined],
  ['a Resource naming the unknown id', req(USER, { resource: 'arn:aws:s3:::b/AIDAX/k' }), { identity: [onResource('Allow', 'arn:aws:s3:::b/${aws:userid}/*')] }, 'implicitDeny', ['aws:userid'], /AWS sets aws:userid for this caller/],
  ['a Resource that no id makes match', req(USER, { resource: 'arn:aws:s3:::c/k' }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/${aws:userid}/*')] }, 'allowed', [], /the same for every value AWS could set for aws:userid/],
  ['a Deny on a Resource naming the unknown id', req(USER, { resource: 'arn:aws:s3:::b/AIDAX/k' }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/${aws:userid}/*')] }, 'explicitDeny', ['aws:userid'], /AWS sets aws:userid for this caller/],
  ['a Resource naming the id given in the context', req(USER, { resource: 'arn:aws:s3:::b/AIDAX/k', context: { 'aws:userid': 'AIDAX' } }), { identity: [onResource('Allow', 'arn:aws:s3:::b/${aws:userid}/*')] }, 'allowed', [], undefined],
  // Values tried for a Resource element are every value of the form found in the request's resource
  // (a value that makes the element match is a run of it), not only whole pieces between `/` and `:`:
  // these Denies were skipped, and the requests allowed.
  ['a Deny on a Resource with the unknown id inside a name', req(USER, { resource: 'arn:aws:s3:::b/home-AIDAX1-x/k' }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/home-${aws:userid}-x/*')] }, 'explicitDeny', ['aws:userid'], /AWS sets aws:userid for this caller/],
  ['a Deny on a Resource with the unknown id before an extension', req(USER, { resource: 'arn:aws:s3:::b/home/AIDAX1.txt' }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/home/${aws:userid}.txt')] }, 'explicitDeny', ['aws:userid'], /AWS sets aws:userid for this caller/],
  ['a Deny on a Resource with the unknown id beside another variable', req(USER, { resource: 'arn:aws:s3:::b/alice-AIDAX1' }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/${aws:username}-${aws:userid}')] }, 'explicitDeny', ['aws:userid'], /AWS sets aws:userid for this caller/],
  ['a Deny on a Resource no id in the resource makes match', req(USER, { resource: 'arn:aws:s3:::b/home-AIDAX1-y/k' }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/home-${aws:userid}-x/*')] }, 'allowed', [], /the same for every value AWS could set for aws:userid/],
  ['a long resource with no id in it is decided', req(USER, { resource: `arn:aws:s3:::b/${'a'.repeat(20_000)}` }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/*${aws:userid}*')] }, 'allowed', [], /the same for every value AWS could set for aws:userid/],
  ['a resource holding too many ids to try: not decided', req(USER, { resource: `arn:aws:s3:::b/${'AIDA'.repeat(200)}` }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/${aws:userid}Z')] }, 'explicitDeny', ['aws:userid'], /AWS sets aws:userid for this caller/],
  // Values tried for a condition are read from its values as the comparison reads them: with their
  // policy variables resolved from the context. These Denies were skipped too.
  ['a Deny comparing the unknown id with a tag\'s value', req(USER, { context: { 'aws:PrincipalTag/blocked': 'AIDAX1' } }), { identity: [allowS3, denyIf({ StringEquals: { 'aws:userid': '${aws:PrincipalTag/blocked}' } })] }, 'explicitDeny', ['aws:userid'], /AWS sets aws:userid for this caller/],
  ['a Deny on resources of the caller\'s own account, the resource account unknown', noAccount(req(USER)), { identity: [allowS3, denyIf({ StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } })] }, 'explicitDeny', ['aws:ResourceAccount'], /AWS sets aws:ResourceAccount for this caller/],
  ['an Allow for the caller\'s own account, the resource account unknown', noAccount(req(USER)), { identity: [allowIf({ StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } })] }, 'implicitDeny', ['aws:ResourceAccount'], /AWS sets aws:ResourceAccount for this caller/],
  ['a value that substitutes the unknown key itself is not decided (fail closed)', req(USER), { identity: [allowS3, denyIf({ StringEquals: { 'aws:userid': 'AIDA${aws:userid}' } })] }, 'explicitDeny', ['aws:userid'], /AWS sets aws:userid for this caller/],
  ['a role path a tag names', req(SESSION, { context: { 'aws:PrincipalTag/team': 'data' } }), { identity: [allowS3, denyIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/\${aws:PrincipalTag/team}/*` } })] }, 'explicitDeny', ['aws:PrincipalArn'], PATH],
  ['a role ARN matching every path, its account a variable', req(SESSION), { identity: [allowIf({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/*Importer' } })] }, 'allowed', [], undefined],
  ['a Deny on a Resource substituting the session\'s role ARN', req(SESSION, { resource: `arn:aws:s3:::b/arn:aws:iam::${A}:role/team/Importer` }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/${aws:PrincipalArn}')] }, 'explicitDeny', ['aws:PrincipalArn'], PATH],
  ['a Resource substituting the role ARN that no path makes match', req(SESSION, { resource: 'arn:aws:s3:::b/other' }), { identity: [allowS3, onResource('Deny', 'arn:aws:s3:::b/${aws:PrincipalArn}')] }, 'allowed', [], undefined],
]

describe('values AWS sets but the request does not show', () => {
  for (const [name, request, policies, decision, missing, note] of rows) {
    it(name, () => {
      const r = evaluate(request, policies, { trace: true })
      expect(r.decision).toBe(decision)
      expect(r.missingContextKeys).toEqual(missing)
      expect(evaluate(request, policies).decision).toBe(decision)
      expect(evaluate(request, policies).missingContextKeys).toEqual(missing)
      const notes = (r.trace?.layers ?? []).flatMap((l) => l.policies.flatMap((p) => p.statements.flatMap((s) => s.checks.flatMap((c) => ('note' in c && c.note !== undefined ? [c.note] : [])))))
      if (note === undefined) expect(notes).toEqual([])
      else expect(notes.some((n) => note.test(n))).toBe(true)
    })
  }
})
