/**
 * The context of an AssumeRole* call: only keys AWS documents for this caller and these parameters
 * (MFA facts, tags, source identity, OIDC and SAML keys), and the SHA-1 behind saml:namequalifier.
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateAssumeCall, parseAssumeCall, samlKeys, samlNameQualifier, webIdentityKeys } from '../../../src/index.js'
import type { AssumeCall } from '../../../src/index.js'
import { sha1, utf8Encode } from '../../../src/sts/encoding.js'

const GKEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html'
const MFA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html'
const STSKEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html'
const SAML = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html'

const USER = 'arn:aws:iam::111122223333:user/alice'
const SESSION = 'arn:aws:sts::111122223333:assumed-role/Builder/alice'
const ROLE = 'arn:aws:iam::111122223333:role/Target'
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }

function contextOf(file: Record<string, unknown>): Record<string, unknown> {
  const parsed = parseAssumeCall({ role: { arn: ROLE, trustPolicy: trust }, ...file })
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return { ...evaluateAssumeCall(parsed.value.calls[0] as AssumeCall).context }
}

describe('MFA keys in the assume-call context', () => {
  const rows = [
    { name: 'long-term access keys: absent', url: GKEYS, file: { caller: { arn: USER }, parameters: { RoleSessionName: 's' } }, present: undefined, age: undefined },
    { name: 'SerialNumber + TokenCode: true, age 0', url: MFA, file: { caller: { arn: USER }, parameters: { RoleSessionName: 's', SerialNumber: 'GAHT12345', TokenCode: '123456' } }, present: 'true', age: '0' },
    { name: 'GetSessionToken credentials with MFA: true with age', url: MFA, file: { caller: { arn: USER, credentials: 'GetSessionToken', mfa: { present: true, ageSeconds: 120 } }, parameters: { RoleSessionName: 's' } }, present: 'true', age: '120' },
    { name: 'MFA age from authenticatedAt and now', url: MFA, file: { now: '2026-01-01T01:00:00Z', caller: { arn: USER, credentials: 'GetSessionToken', mfa: { present: true, authenticatedAt: '2026-01-01T00:30:00Z' } }, parameters: { RoleSessionName: 's' } }, present: 'true', age: '1800' },
    { name: 'GetSessionToken credentials without MFA: false, no age', url: GKEYS, file: { caller: { arn: USER, credentials: 'GetSessionToken', mfa: { present: false } }, parameters: { RoleSessionName: 's' } }, present: 'false', age: undefined },
    { name: 'GetSessionToken credentials, MFA not described: false (no MFA was used)', url: GKEYS, file: { caller: { arn: USER, credentials: 'GetSessionToken' }, parameters: { RoleSessionName: 's' } }, present: 'false', age: undefined },
    { name: 'long-term keys said explicitly: absent', url: GKEYS, file: { caller: { arn: USER, credentials: 'long-term' }, parameters: { RoleSessionName: 's' } }, present: undefined, age: undefined },
    { name: 'role session created with MFA: carried into the chained call', url: MFA, file: { caller: { arn: SESSION, mfa: { present: true, ageSeconds: 5 } }, parameters: { RoleSessionName: 's' } }, present: 'true', age: '5' },
    { name: 'role session created without MFA: absent', url: MFA, file: { caller: { arn: SESSION }, parameters: { RoleSessionName: 's' } }, present: undefined, age: undefined },
    { name: 'web identity: absent', url: STSKEYS, file: { caller: { federated: 'cognito-identity.amazonaws.com' }, parameters: { RoleSessionName: 's', WebIdentityToken: { aud: 'p' } } }, present: undefined, age: undefined },
  ]
  it.each(rows)('$name ($url)', ({ file, present, age }) => {
    const ctx = contextOf(file)
    expect(ctx['aws:MultiFactorAuthPresent']).toBe(present)
    expect(ctx['aws:MultiFactorAuthAge']).toBe(age)
  })
})

describe('keys AWS sends only when they apply', () => {
  it(`sts:ExternalId only when given (${STSKEYS})`, () => {
    expect(contextOf({ caller: { arn: USER }, parameters: { RoleSessionName: 's' } })['sts:ExternalId']).toBeUndefined()
    expect(contextOf({ caller: { arn: USER }, parameters: { RoleSessionName: 's', ExternalId: 'abc' } })['sts:ExternalId']).toBe('abc')
  })

  it(`tags, transitive keys and source identity (${GKEYS})`, () => {
    const ctx = contextOf({ caller: { arn: SESSION, roleArn: 'arn:aws:iam::111122223333:role/ci/Builder', roleId: 'AROAX', sourceIdentity: 'alice', tags: { dept: 'eng' } }, parameters: { RoleSessionName: 's', Tags: [{ Key: 'P', Value: 'b' }], TransitiveTagKeys: ['P'] } })
    expect(ctx).toMatchObject({ 'aws:RequestTag/P': 'b', 'aws:TagKeys': ['P'], 'sts:TransitiveTagKeys': ['P'], 'aws:SourceIdentity': 'alice', 'aws:PrincipalTag/dept': 'eng', 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ci/Builder', 'aws:userid': 'AROAX:alice', 'sts:RoleSessionName': 's' })
    expect(ctx['sts:SourceIdentity']).toBeUndefined()
  })

  it(`web-identity calls carry no signed-caller keys (${STSKEYS})`, () => {
    const ctx = contextOf({ caller: { federated: 'cognito-identity.amazonaws.com', tags: { x: 'y' } }, parameters: { RoleSessionName: 's', WebIdentityToken: { aud: 'p' } } })
    expect(ctx['aws:PrincipalTag/x']).toBeUndefined()
    expect(ctx['aws:FederatedProvider']).toBe('cognito-identity.amazonaws.com')
    expect(ctx['sts:RoleAuthorizedByIdp']).toBe('false')
  })
})

describe('OIDC claim keys', () => {
  it(`aud comes from azp when present, the token's aud becomes oaud; amr is multivalued (${STSKEYS})`, () => {
    const keys = webIdentityKeys('accounts.google.com', { claims: { azp: 'client', aud: 'app', sub: '1', amr: 'pwd', email: 'a@b' } }, ROLE)
    expect(keys).toMatchObject({ 'accounts.google.com:aud': 'client', 'accounts.google.com:oaud': 'app', 'accounts.google.com:sub': '1', 'accounts.google.com:amr': ['pwd'], 'accounts.google.com:email': 'a@b' })
  })
  it(`GitHub extras and the provider host path from the ARN (${STSKEYS})`, () => {
    const keys = webIdentityKeys('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', { claims: { aud: 'sts.amazonaws.com', repository: 'o/r', actor_id: 42, 'https://aws.amazon.com/roles': [ROLE] } }, ROLE)
    expect(keys).toMatchObject({ 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:repository': 'o/r', 'token.actions.githubusercontent.com:actor_id': '42', 'sts:RoleAuthorizedByIdp': 'true' })
    expect(keys['token.actions.githubusercontent.com:oaud']).toBeUndefined()
  })
})

describe('SAML keys', () => {
  it(`saml:namequalifier follows AWS's documented example (${SAML})`, () => {
    expect(samlNameQualifier('https://example.com/saml', '123456789012', 'MySAMLIdP')).toBe(createHash('sha1').update('https://example.com/saml123456789012/MySAMLIdP').digest('base64'))
  })
  it(`sub_type drops the nameid-format prefix; doc is account/provider (${STSKEYS})`, () => {
    const keys = samlKeys('arn:aws:iam::111122223333:saml-provider/Okta', { issuer: 'https://idp', recipient: 'https://signin.aws.amazon.com/saml', subject: 'jdoe', subjectType: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient', attributes: new Map([['urn:oid:1.3.6.1.4.1.5923.1.1.1.1', ['staff']]]) })
    expect(keys).toMatchObject({ 'saml:aud': 'https://signin.aws.amazon.com/saml', 'saml:sub_type': 'transient', 'saml:doc': '111122223333/Okta', 'saml:edupersonaffiliation': ['staff'], 'saml:iss': 'https://idp' })
  })
  it('SHA-1 agrees with a reference implementation on any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(Buffer.from(sha1(utf8Encode(text))).toString('hex')).toBe(createHash('sha1').update(text, 'utf8').digest('hex'))
      }),
      { numRuns: 200 },
    )
  })
})
