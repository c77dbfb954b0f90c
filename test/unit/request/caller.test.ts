/**
 * The caller model read from a request principal: who signs (identity policies, boundaries and SCPs
 * apply), and the principal kinds iamtrace refuses rather than guess.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
import { describe, expect, it } from 'vitest'
import { callerFromPrincipal } from '../../../src/request/caller.js'
import type { Caller, CallerResult } from '../../../src/request/caller.js'
import type { RequestPrincipal } from '../../../src/request/types.js'

const A = '111122223333'

function ok(principal: RequestPrincipal): Caller {
  const r = callerFromPrincipal(principal)
  expect(r.ok, JSON.stringify(principal)).toBe(true)
  return (r as Extract<CallerResult, { ok: true }>).caller
}

function refused(principal: unknown): string {
  const r = callerFromPrincipal(principal as RequestPrincipal)
  expect(r.ok, JSON.stringify(principal)).toBe(false)
  const message = (r as Extract<CallerResult, { ok: false }>).message
  // A reason the user can read: one non-empty line.
  expect(typeof message).toBe('string')
  expect(message.trim()).toBe(message)
  expect(message).not.toBe('')
  expect(message).not.toMatch(/\n/)
  return message
}

describe('callers signed with AWS credentials', () => {
  it('an IAM user, a role, a role session, a federated user and the root user', () => {
    expect(ok({ kind: 'aws', arn: `arn:aws:iam::${A}:user/team/alice` })).toEqual({
      kind: 'user', display: `arn:aws:iam::${A}:user/team/alice`, partition: 'aws', account: A, arn: `arn:aws:iam::${A}:user/team/alice`,
      roleName: undefined, roleArn: undefined, rolePath: undefined, sessionName: undefined, userName: 'alice', federatedName: undefined, service: undefined, provider: undefined, signed: true,
    })
    expect(ok({ kind: 'aws', arn: `arn:aws:iam::${A}:role/ops/Deploy` })).toMatchObject({ kind: 'role', roleName: 'Deploy', rolePath: '/ops/', roleArn: `arn:aws:iam::${A}:role/ops/Deploy`, signed: true })
    expect(ok({ kind: 'aws', arn: `arn:aws-us-gov:sts::${A}:assumed-role/Deploy/s-1` })).toMatchObject({
      kind: 'roleSession', partition: 'aws-us-gov', account: A, arn: `arn:aws-us-gov:sts::${A}:assumed-role/Deploy/s-1`, roleName: 'Deploy', roleArn: `arn:aws-us-gov:iam::${A}:role/Deploy`, sessionName: 's-1', signed: true,
    })
    expect(ok({ kind: 'aws', arn: `arn:aws:sts::${A}:federated-user/bob` })).toMatchObject({ kind: 'federatedUser', account: A, federatedName: 'bob', signed: true })
    expect(ok({ kind: 'aws', arn: `arn:aws:iam::${A}:root` })).toMatchObject({ kind: 'root', account: A, arn: `arn:aws:iam::${A}:root`, signed: true })
  })

  it('refuses what is not a caller ARN: not an ARN, an identity provider, an assumed-role ARN with a role path', () => {
    refused({ kind: 'aws', arn: 'alice' })
    refused({ kind: 'aws', arn: `arn:aws:s3:::bucket` })
    // A provider signs nothing itself; its callers are {"federated": …}.
    refused({ kind: 'aws', arn: `arn:aws:iam::${A}:saml-provider/Okta` })
    refused({ kind: 'aws', arn: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` })
    // assumed-role/ROLE-NAME/SESSION-NAME: a third segment would name the wrong role.
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    refused({ kind: 'aws', arn: `arn:aws:sts::${A}:assumed-role/ops/Deploy/s-1` })
  })
})

describe('callers that do not sign with AWS credentials', () => {
  it('a service principal', () => {
    expect(ok({ kind: 'service', service: 'ec2.amazonaws.com' })).toMatchObject({ kind: 'service', display: 'ec2.amazonaws.com', service: 'ec2.amazonaws.com', account: undefined, signed: false })
    refused({ kind: 'service', service: '' })
  })

  it('an anonymous caller', () => {
    expect(ok({ kind: 'anonymous' })).toMatchObject({ kind: 'anonymous', display: 'anonymous', account: undefined, arn: undefined, signed: false })
  })

  it('SAML and web-identity callers, by provider ARN or built-in IdP name', () => {
    expect(ok({ kind: 'federated', provider: `arn:aws:iam::${A}:saml-provider/Okta` })).toMatchObject({ kind: 'saml', partition: 'aws', account: A, provider: `arn:aws:iam::${A}:saml-provider/Okta`, signed: false })
    expect(ok({ kind: 'federated', provider: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` })).toMatchObject({ kind: 'webIdentity', partition: 'aws', account: A, signed: false })
    expect(ok({ kind: 'federated', provider: 'accounts.google.com' })).toMatchObject({ kind: 'webIdentity', display: 'accounts.google.com', provider: 'accounts.google.com', account: undefined, signed: false })
    refused({ kind: 'federated', provider: '' })
    // An ARN that names no identity provider is not taken for a built-in IdP name.
    refused({ kind: 'federated', provider: `arn:aws:iam::${A}:role/Deploy` })
  })

  it('refuses a principal of no known kind', () => {
    refused({ kind: 'group', arn: `arn:aws:iam::${A}:group/admins` })
  })
})
