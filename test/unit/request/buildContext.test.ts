/**
 * The request context: the keys the request gives (any case), and the keys AWS derives from the
 * caller and the resource when the request leaves them out.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
import { describe, expect, it } from 'vitest'
import { isMultivaluedKey } from '../../../src/conditions/multivaluedKeys.js'
import { buildContext } from '../../../src/request/buildContext.js'
import type { BuiltContext } from '../../../src/request/buildContext.js'
import { callerFromPrincipal } from '../../../src/request/caller.js'
import type { Caller } from '../../../src/request/caller.js'
import type { ContextValue, RequestPrincipal } from '../../../src/request/types.js'

const A = '111122223333'
const B = '444455556666'
const DERIVED = ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:PrincipalIsAWSService', 'aws:username', 'aws:userid', 'aws:PrincipalServiceName', 'aws:PrincipalServiceNamesList', 'aws:FederatedProvider', 'aws:ResourceAccount']

function callerOf(principal: RequestPrincipal): Caller {
  const r = callerFromPrincipal(principal)
  if (!r.ok) throw new Error(r.message)
  return r.caller
}

function context(principal: RequestPrincipal, given?: Record<string, ContextValue>, resource = '*', resourceAccount?: string): BuiltContext {
  return buildContext(given, callerOf(principal), resource, resourceAccount, isMultivaluedKey)
}

/** Every derived key with the single value AWS sets, or undefined where it sets none. */
function derived(principal: RequestPrincipal): Record<string, string | undefined> {
  const ctx = context(principal)
  const out: Record<string, string | undefined> = {}
  for (const key of DERIVED) {
    const entry = ctx.get(key.toLowerCase())
    if (entry !== undefined) {
      expect(entry.key).toBe(key)
      expect(entry.derived).toBe(true)
      expect(entry.values).toHaveLength(1)
    }
    out[key] = entry?.values[0]
  }
  return out
}

const NONE = { 'aws:PrincipalServiceName': undefined, 'aws:PrincipalServiceNamesList': undefined, 'aws:FederatedProvider': undefined, 'aws:ResourceAccount': undefined }

describe('keys AWS derives from the caller (principal table)', () => {
  it('an IAM user: its ARN, account, type User, its name; no unique ID without one given', () => {
    expect(derived({ kind: 'aws', arn: `arn:aws:iam::${A}:user/team/alice` })).toEqual({
      ...NONE,
      'aws:PrincipalArn': `arn:aws:iam::${A}:user/team/alice`,
      'aws:PrincipalAccount': A,
      'aws:PrincipalType': 'User',
      'aws:PrincipalIsAWSService': 'false',
      'aws:username': 'alice',
      'aws:userid': undefined,
    })
  })

  it('a role session: the role ARN (not the session ARN) as aws:PrincipalArn, type AssumedRole, no user name', () => {
    expect(derived({ kind: 'aws', arn: `arn:aws:sts::${A}:assumed-role/Deploy/build-7` })).toEqual({
      ...NONE,
      'aws:PrincipalArn': `arn:aws:iam::${A}:role/Deploy`,
      'aws:PrincipalAccount': A,
      'aws:PrincipalType': 'AssumedRole',
      'aws:PrincipalIsAWSService': 'false',
      'aws:username': undefined,
      'aws:userid': undefined,
    })
    expect(derived({ kind: 'aws', arn: `arn:aws-cn:sts::${A}:assumed-role/Deploy/s` })['aws:PrincipalArn']).toBe(`arn:aws-cn:iam::${A}:role/Deploy`)
  })

  it('a role ARN as the caller: the role ARN with its path, type AssumedRole', () => {
    const d = derived({ kind: 'aws', arn: `arn:aws:iam::${A}:role/ops/Deploy` })
    expect(d['aws:PrincipalArn']).toBe(`arn:aws:iam::${A}:role/ops/Deploy`)
    expect(d['aws:PrincipalType']).toBe('AssumedRole')
    expect(d['aws:username']).toBeUndefined()
  })

  it('the root user: type Account, the account ID as aws:userid, no user name', () => {
    expect(derived({ kind: 'aws', arn: `arn:aws:iam::${A}:root` })).toEqual({
      ...NONE,
      'aws:PrincipalArn': `arn:aws:iam::${A}:root`,
      'aws:PrincipalAccount': A,
      'aws:PrincipalType': 'Account',
      'aws:PrincipalIsAWSService': 'false',
      'aws:username': undefined,
      'aws:userid': A,
    })
  })

  it('a federated user: type FederatedUser, aws:userid ACCOUNT:NAME', () => {
    expect(derived({ kind: 'aws', arn: `arn:aws:sts::${A}:federated-user/bob` })).toEqual({
      ...NONE,
      'aws:PrincipalArn': `arn:aws:sts::${A}:federated-user/bob`,
      'aws:PrincipalAccount': A,
      'aws:PrincipalType': 'FederatedUser',
      'aws:PrincipalIsAWSService': 'false',
      'aws:username': undefined,
      'aws:userid': `${A}:bob`,
    })
  })

  it('an anonymous caller: type Anonymous, aws:userid "anonymous", nothing that needs a signature', () => {
    const d = derived({ kind: 'anonymous' })
    expect(d['aws:PrincipalType']).toBe('Anonymous')
    expect(d['aws:userid']).toBe('anonymous')
    expect(d['aws:PrincipalArn']).toBeUndefined()
    expect(d['aws:PrincipalIsAWSService']).toBeUndefined()
    expect(d['aws:username']).toBeUndefined()
  })

  it('a service principal: aws:PrincipalIsAWSService true, its name, and the names list multivalued', () => {
    const ctx = context({ kind: 'service', service: 'ec2.amazonaws.com' })
    expect(derived({ kind: 'service', service: 'ec2.amazonaws.com' })).toEqual({
      ...NONE,
      'aws:PrincipalArn': undefined,
      'aws:PrincipalAccount': undefined,
      'aws:PrincipalType': undefined,
      'aws:PrincipalIsAWSService': 'true',
      'aws:username': undefined,
      'aws:userid': undefined,
      'aws:PrincipalServiceName': 'ec2.amazonaws.com',
      'aws:PrincipalServiceNamesList': 'ec2.amazonaws.com',
    })
    expect(ctx.get('aws:principalservicename')?.multi).toBe(false)
    expect(ctx.get('aws:principalservicenameslist')).toEqual({ key: 'aws:PrincipalServiceNamesList', values: ['ec2.amazonaws.com'], multi: true, derived: true })
  })

  it('aws:FederatedProvider for web identity (an OIDC provider ARN or a built-in IdP), never for SAML', () => {
    const oidc = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`
    expect(derived({ kind: 'federated', provider: oidc })).toEqual({
      ...NONE,
      'aws:PrincipalArn': undefined,
      'aws:PrincipalAccount': undefined,
      'aws:PrincipalType': undefined,
      'aws:PrincipalIsAWSService': undefined,
      'aws:username': undefined,
      'aws:userid': undefined,
      'aws:FederatedProvider': oidc,
    })
    expect(derived({ kind: 'federated', provider: 'accounts.google.com' })['aws:FederatedProvider']).toBe('accounts.google.com')
    const saml = derived({ kind: 'federated', provider: `arn:aws:iam::${A}:saml-provider/Okta` })
    expect(saml['aws:FederatedProvider']).toBeUndefined()
    expect(saml['aws:PrincipalIsAWSService']).toBeUndefined()
    expect(saml['aws:PrincipalAccount']).toBeUndefined()
  })
})

describe('aws:ResourceAccount', () => {
  const alice: RequestPrincipal = { kind: 'aws', arn: `arn:aws:iam::${A}:user/alice` }
  it('is the request resourceAccount, else the account of the resource ARN, else absent', () => {
    expect(context(alice, undefined, `arn:aws:iam::${B}:role/R`).get('aws:resourceaccount')?.values).toEqual([B])
    expect(context(alice, undefined, 'arn:aws:s3:::bucket/key', B).get('aws:resourceaccount')?.values).toEqual([B])
    expect(context(alice, undefined, `arn:aws:iam::${B}:role/R`, A).get('aws:resourceaccount')?.values).toEqual([A])
    expect(context(alice, undefined, 'arn:aws:s3:::bucket/key').get('aws:resourceaccount')).toBeUndefined()
    expect(context(alice, undefined, '*').get('aws:resourceaccount')).toBeUndefined()
  })
})

describe('keys the request gives', () => {
  const alice: RequestPrincipal = { kind: 'aws', arn: `arn:aws:iam::${A}:user/alice` }

  it('are read in any case; multivalued when AWS documents the key so or when given as an array', () => {
    const ctx = context(alice, { 'aws:SourceIp': '203.0.113.10', 'aws:TagKeys': 'team', 'aws:RequestTag/Env': ['a', 'b'] })
    expect(ctx.get('aws:sourceip')).toEqual({ key: 'aws:SourceIp', values: ['203.0.113.10'], multi: false, derived: false })
    expect(ctx.get('aws:tagkeys')).toEqual({ key: 'aws:TagKeys', values: ['team'], multi: true, derived: false })
    expect(ctx.get('aws:requesttag/env')).toEqual({ key: 'aws:RequestTag/Env', values: ['a', 'b'], multi: true, derived: false })
    expect(ctx.isGiven('aws:sourceip')).toBe(true)
    expect(ctx.get('aws:nothing')).toBeUndefined()
    expect(ctx.isGiven('aws:principalarn')).toBe(false)
  })

  it('two spellings of one key give it every value of both, as a multivalued key', () => {
    // Condition key names are case-insensitive.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
    const ctx = context(alice, { 'aws:PrincipalTag/Team': 'red', 'aws:principaltag/team': ['red', 'blue'] })
    expect(ctx.get('aws:principaltag/team')).toEqual({ key: 'aws:PrincipalTag/Team', values: ['red', 'blue'], multi: true, derived: false })
  })

  it('a key given with no value is absent', () => {
    const ctx = context(alice, { 'aws:SourceIp': undefined as unknown as string })
    expect(ctx.get('aws:sourceip')).toBeUndefined()
    expect(ctx.isGiven('aws:sourceip')).toBe(false)
  })

  it('a given value wins over the derived one', () => {
    const ctx = context(alice, { 'AWS:PrincipalArn': 'arn:aws:iam::999999999999:user/x' })
    expect(ctx.get('aws:principalarn')).toEqual({ key: 'AWS:PrincipalArn', values: ['arn:aws:iam::999999999999:user/x'], multi: false, derived: false })
    expect(ctx.isGiven('aws:principalarn')).toBe(true)
  })

  it('entries list the given keys first, then every derived key AWS sets, each once', () => {
    const ctx = context(alice, { 'aws:SourceIp': '203.0.113.10', 'aws:PrincipalType': 'Mine' }, `arn:aws:iam::${B}:role/R`)
    const entries = ctx.entries()
    expect([...entries.keys()]).toEqual(['aws:sourceip', 'aws:principaltype', 'aws:principalarn', 'aws:principalaccount', 'aws:principalisawsservice', 'aws:username', 'aws:resourceaccount'])
    expect(entries.get('aws:principaltype')?.values).toEqual(['Mine'])
    expect(entries.get('aws:principalarn')).toEqual({ key: 'aws:PrincipalArn', values: [`arn:aws:iam::${A}:user/alice`], multi: false, derived: true })
    expect([...context({ kind: 'anonymous' }).entries().keys()]).toEqual(['aws:principaltype', 'aws:userid'])
  })
})
