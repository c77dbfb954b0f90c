/**
 * Every STS request rule, just inside and just outside its bound. Each row cites the AWS page
 * stating the rule; rows assert violation codes and pointers, never message text.
 */
import { describe, expect, it } from 'vitest'
import { callerFacts, checkRequestRules, effectiveRequest, parseAssumeCall } from '../../../src/index.js'
import type { AssumeCall } from '../../../src/index.js'

const AR = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html'
const WI = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html'
const SAML = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html'
const GST = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html'
const GFT = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html'
const TAG = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_Tag.html'
const TAGS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html'
const ROLES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html'
const SRCID = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html'
const CREATEROLE = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html'
const STSCMP = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html'
const ROOT = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html'
const SAMLATTR = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html'
const OPS = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html'

const USER = 'arn:aws:iam::111122223333:user/alice'
const SESSION = 'arn:aws:sts::111122223333:assumed-role/Builder/alice'
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }] }

type Json = Record<string, unknown>
function call(parameters: Json, extra: { caller?: Json; role?: Json; api?: string; now?: string } = {}): AssumeCall {
  const file: Json = {
    ...(extra.api !== undefined ? { api: extra.api } : {}),
    ...(extra.now !== undefined ? { now: extra.now } : {}),
    caller: extra.caller ?? { arn: USER },
    ...(extra.api === 'GetSessionToken' || extra.api === 'GetFederationToken' || extra.api === 'AssumeRoot' ? {} : { role: { arn: 'arn:aws:iam::111122223333:role/Target', trustPolicy: trust, ...(extra.role ?? {}) } }),
    parameters,
  }
  const parsed = parseAssumeCall(file)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.value.calls[0] as AssumeCall
}

function codes(c: AssumeCall): string[] {
  const caller = c.caller
  if (caller === undefined) throw new Error('no caller')
  return checkRequestRules(c, callerFacts(caller, c.api), effectiveRequest(c)).map((v) => v.code)
}

const N = { RoleSessionName: 'alice' }
const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
const GH = { federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }
const OKTA = { federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }

const rows: { name: string; url: string; c: () => AssumeCall; want: string[] }[] = [
  { name: 'DurationSeconds 900', url: AR, c: () => call({ ...N, DurationSeconds: 900 }), want: [] },
  { name: 'DurationSeconds 899', url: AR, c: () => call({ ...N, DurationSeconds: 899 }), want: ['sts.duration-too-short'] },
  { name: 'DurationSeconds = MaxSessionDuration', url: AR, c: () => call({ ...N, DurationSeconds: 7200 }, { role: { maxSessionDuration: 7200 } }), want: [] },
  { name: 'DurationSeconds > MaxSessionDuration', url: AR, c: () => call({ ...N, DurationSeconds: 7201 }, { role: { maxSessionDuration: 7200 } }), want: ['sts.duration-exceeds-role-max'] },
  { name: 'default MaxSessionDuration 3600', url: CREATEROLE, c: () => call({ ...N, DurationSeconds: 3601 }), want: ['sts.duration-exceeds-role-max'] },
  { name: 'MaxSessionDuration 43200', url: CREATEROLE, c: () => call(N, { role: { maxSessionDuration: 43200 } }), want: [] },
  { name: 'MaxSessionDuration 43201', url: CREATEROLE, c: () => call(N, { role: { maxSessionDuration: 43201 } }), want: ['sts.max-session-duration'] },
  { name: 'MaxSessionDuration 3599', url: CREATEROLE, c: () => call(N, { role: { maxSessionDuration: 3599 } }), want: ['sts.max-session-duration'] },
  { name: 'chained 3600', url: ROLES, c: () => call({ ...N, DurationSeconds: 3600 }, { caller: { arn: SESSION }, role: { maxSessionDuration: 43200 } }), want: [] },
  { name: 'chained 3601', url: ROLES, c: () => call({ ...N, DurationSeconds: 3601 }, { caller: { arn: SESSION }, role: { maxSessionDuration: 43200 } }), want: ['sts.duration-exceeds-chaining-limit'] },
  { name: 'RoleSessionName 2', url: AR, c: () => call({ RoleSessionName: 'ab' }), want: [] },
  { name: 'RoleSessionName 1', url: AR, c: () => call({ RoleSessionName: 'a' }), want: ['sts.role-session-name'] },
  { name: 'RoleSessionName 64', url: AR, c: () => call({ RoleSessionName: 's'.repeat(64) }), want: [] },
  { name: 'RoleSessionName 65', url: AR, c: () => call({ RoleSessionName: 's'.repeat(65) }), want: ['sts.role-session-name'] },
  { name: 'RoleSessionName with all allowed punctuation', url: AR, c: () => call({ RoleSessionName: 'a_b+c=d,e.f@g-h' }), want: [] },
  { name: 'RoleSessionName with a slash', url: AR, c: () => call({ RoleSessionName: 'a/b' }), want: ['sts.role-session-name'] },
  { name: 'RoleSessionName missing', url: AR, c: () => call({}), want: ['sts.role-session-name'] },
  { name: 'ExternalId 2', url: AR, c: () => call({ ...N, ExternalId: 'ab' }), want: [] },
  { name: 'ExternalId 1', url: AR, c: () => call({ ...N, ExternalId: 'a' }), want: ['sts.external-id'] },
  { name: 'ExternalId 1224 with : and /', url: AR, c: () => call({ ...N, ExternalId: `a:/${'e'.repeat(1221)}` }), want: [] },
  { name: 'ExternalId 1225', url: AR, c: () => call({ ...N, ExternalId: 'e'.repeat(1225) }), want: ['sts.external-id'] },
  { name: 'ExternalId with a space', url: AR, c: () => call({ ...N, ExternalId: 'a b' }), want: ['sts.external-id'] },
  { name: 'SourceIdentity 2', url: AR, c: () => call({ ...N, SourceIdentity: 'ab' }), want: [] },
  { name: 'SourceIdentity 1', url: AR, c: () => call({ ...N, SourceIdentity: 'a' }), want: ['sts.source-identity'] },
  { name: 'SourceIdentity 64', url: AR, c: () => call({ ...N, SourceIdentity: 'i'.repeat(64) }), want: [] },
  { name: 'SourceIdentity 65', url: AR, c: () => call({ ...N, SourceIdentity: 'i'.repeat(65) }), want: ['sts.source-identity'] },
  { name: 'SourceIdentity with aws: prefix', url: AR, c: () => call({ ...N, SourceIdentity: 'aws:x' }), want: ['sts.source-identity', 'sts.source-identity-prefix'] },
  { name: 'SourceIdentity unchanged in a chain', url: SRCID, c: () => call({ ...N, SourceIdentity: 'alice' }, { caller: { arn: SESSION, sourceIdentity: 'alice' } }), want: [] },
  { name: 'SourceIdentity changed in a chain', url: SRCID, c: () => call({ ...N, SourceIdentity: 'bob' }, { caller: { arn: SESSION, sourceIdentity: 'alice' } }), want: ['sts.source-identity-changed'] },
  { name: 'SerialNumber 9 + TokenCode 6 digits', url: AR, c: () => call({ ...N, SerialNumber: 'GAHT12345', TokenCode: '000000' }), want: [] },
  { name: 'SerialNumber 8', url: AR, c: () => call({ ...N, SerialNumber: 'GAHT1234', TokenCode: '000000' }), want: ['sts.serial-number'] },
  { name: 'SerialNumber 257', url: AR, c: () => call({ ...N, SerialNumber: 's'.repeat(257), TokenCode: '000000' }), want: ['sts.serial-number'] },
  { name: 'TokenCode 7 digits', url: AR, c: () => call({ ...N, SerialNumber: 'GAHT12345', TokenCode: '1234567' }), want: ['sts.token-code'] },
  { name: 'TokenCode without SerialNumber', url: AR, c: () => call({ ...N, TokenCode: '123456' }), want: ['sts.mfa-incomplete'] },
  { name: 'Policy 2048 characters', url: AR, c: () => call({ ...N, Policy: pad(2048) }), want: [] },
  { name: 'Policy 2049 characters', url: AR, c: () => call({ ...N, Policy: pad(2049) }), want: ['sts.session-policy-size'] },
  { name: 'Policy + ARN 2049 characters', url: AR, c: () => call({ ...N, Policy: pad(2049 - 41), PolicyArns: [{ arn: 'arn:aws:iam::111122223333:policy/Sess12345' }] }), want: ['sts.session-policy-size'] },
  { name: 'Policy with U+0100', url: AR, c: () => call({ ...N, Policy: pad(100).replace('{"Version":"2012-10-17"', '{"Version":"2012-10-17","Id":"Ā"') }), want: ['sts.session-policy-characters'] },
  { name: 'Policy that is not a policy', url: AR, c: () => call({ ...N, Policy: { Version: '2012-10-17' } }), want: ['sts.session-policy-malformed'] },
  { name: '10 PolicyArns', url: AR, c: () => call({ ...N, PolicyArns: arns(10) }), want: [] },
  { name: '11 PolicyArns', url: AR, c: () => call({ ...N, PolicyArns: arns(11) }), want: ['sts.policy-arns-count'] },
  { name: 'PolicyArns in another account', url: AR, c: () => call({ ...N, PolicyArns: [{ arn: 'arn:aws:iam::444455556666:policy/X' }] }), want: ['sts.policy-arn-account'] },
  { name: 'PolicyArns AWS managed', url: AR, c: () => call({ ...N, PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }), want: [] },
  { name: 'PolicyArns not a policy ARN', url: AR, c: () => call({ ...N, PolicyArns: [{ arn: 'arn:aws:iam::111122223333:role/X' }] }), want: ['sts.policy-arn-invalid'] },
  { name: '50 tags', url: AR, c: () => call({ ...N, Tags: tags(50) }), want: [] },
  { name: '51 tags', url: AR, c: () => call({ ...N, Tags: tags(51) }), want: ['sts.tags-count'] },
  { name: 'tag key 128', url: TAG, c: () => call({ ...N, Tags: [{ Key: 'k'.repeat(128), Value: '' }] }), want: [] },
  { name: 'tag key 129', url: TAG, c: () => call({ ...N, Tags: [{ Key: 'k'.repeat(129), Value: '' }] }), want: ['sts.tag-key-length'] },
  { name: 'tag key empty', url: TAG, c: () => call({ ...N, Tags: [{ Key: '', Value: 'v' }] }), want: ['sts.tag-key-length'] },
  { name: 'tag value 256', url: TAG, c: () => call({ ...N, Tags: [{ Key: 'k', Value: 'v'.repeat(256) }] }), want: [] },
  { name: 'tag value 257', url: TAG, c: () => call({ ...N, Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] }), want: ['sts.tag-value-length'] },
  { name: 'tag key with aws: prefix', url: TAG, c: () => call({ ...N, Tags: [{ Key: 'aws:x', Value: 'v' }] }), want: ['sts.tag-characters'] },
  { name: 'tag keys differing only in case', url: TAGS, c: () => call({ ...N, Tags: [{ Key: 'A', Value: '1' }, { Key: 'a', Value: '2' }] }), want: ['sts.tag-duplicate-key'] },
  { name: '50 transitive keys', url: AR, c: () => call({ ...N, Tags: tags(50), TransitiveTagKeys: tags(50).map((t) => t.Key) }), want: [] },
  { name: '51 transitive keys', url: AR, c: () => call({ ...N, Tags: tags(50), TransitiveTagKeys: tags(51).map((t) => t.Key) }), want: ['sts.transitive-tag-keys-count', 'sts.transitive-tag-key-not-passed'] },
  { name: 'transitive key not passed', url: TAGS, c: () => call({ ...N, Tags: tags(1), TransitiveTagKeys: ['other'] }), want: ['sts.transitive-tag-key-not-passed'] },
  { name: 'transitive key of another case', url: TAGS, c: () => call({ ...N, Tags: [{ Key: 'Team', Value: 'a' }], TransitiveTagKeys: ['team'] }), want: [] },
  { name: 'tag colliding with an inherited transitive tag', url: AR, c: () => call({ ...N, Tags: [{ Key: 'PROJECT', Value: 'x' }] }, { caller: { arn: SESSION, tags: { project: 'a' }, transitiveTagKeys: ['project'] } }), want: ['sts.tag-collides-with-transitive'] },
  { name: 'tag with the key of a non-transitive caller tag', url: AR, c: () => call({ ...N, Tags: [{ Key: 'project', Value: 'x' }] }, { caller: { arn: SESSION, tags: { project: 'a' } } }), want: [] },
  { name: 'root calls AssumeRole', url: STSCMP, c: () => call(N, { caller: { arn: 'arn:aws:iam::111122223333:root' } }), want: ['sts.root-cannot-assume'] },
  { name: 'federated user calls AssumeRole', url: GFT, c: () => call(N, { caller: { arn: 'arn:aws:sts::111122223333:federated-user/bob' } }), want: ['sts.caller-cannot-call'] },
  { name: 'GetSessionToken 900', url: GST, c: () => call({ DurationSeconds: 900 }, { api: 'GetSessionToken' }), want: [] },
  { name: 'GetSessionToken 899', url: GST, c: () => call({ DurationSeconds: 899 }, { api: 'GetSessionToken' }), want: ['sts.get-session-token-duration'] },
  { name: 'GetSessionToken 129600', url: GST, c: () => call({ DurationSeconds: 129600 }, { api: 'GetSessionToken' }), want: [] },
  { name: 'GetSessionToken 129601', url: GST, c: () => call({ DurationSeconds: 129601 }, { api: 'GetSessionToken' }), want: ['sts.get-session-token-duration'] },
  { name: 'GetSessionToken root 7200 (cut to 3600, not rejected)', url: GST, c: () => call({ DurationSeconds: 7200 }, { api: 'GetSessionToken', caller: { arn: 'arn:aws:iam::111122223333:root' } }), want: [] },
  { name: 'GetSessionToken by a role session', url: GST, c: () => call({}, { api: 'GetSessionToken', caller: { arn: SESSION } }), want: ['sts.caller-cannot-call'] },
  { name: 'GetFederationToken 129600', url: GFT, c: () => call({ Name: 'bob', DurationSeconds: 129600 }, { api: 'GetFederationToken' }), want: [] },
  { name: 'GetFederationToken 129601', url: GFT, c: () => call({ Name: 'bob', DurationSeconds: 129601 }, { api: 'GetFederationToken' }), want: ['sts.get-federation-token-duration'] },
  { name: 'GetFederationToken 899', url: GFT, c: () => call({ Name: 'bob', DurationSeconds: 899 }, { api: 'GetFederationToken' }), want: ['sts.get-federation-token-duration'] },
  { name: 'GetFederationToken Name 33', url: GFT, c: () => call({ Name: 'n'.repeat(33) }, { api: 'GetFederationToken' }), want: ['sts.federated-user-name'] },
  { name: 'WebIdentityToken 4', url: WI, c: () => call({ ...N, WebIdentityToken: { sub: 'x', length: 4 } }, { caller: GH }), want: [] },
  { name: 'WebIdentityToken 3', url: WI, c: () => call({ ...N, WebIdentityToken: { sub: 'x', length: 3 } }, { caller: GH }), want: ['sts.web-identity-token-length'] },
  { name: 'WebIdentityToken 20000', url: WI, c: () => call({ ...N, WebIdentityToken: { sub: 'x', length: 20000 } }, { caller: GH }), want: [] },
  { name: 'WebIdentityToken 20001', url: WI, c: () => call({ ...N, WebIdentityToken: { sub: 'x', length: 20001 } }, { caller: GH }), want: ['sts.web-identity-token-length'] },
  { name: 'WebIdentityToken RoleSessionName missing', url: WI, c: () => call({ WebIdentityToken: { sub: 'x' } }, { caller: GH }), want: ['sts.role-session-name'] },
  { name: 'OIDC tags claim: 51 tags', url: TAGS, c: () => call({ ...N, WebIdentityToken: { 'https://aws.amazon.com/tags': { principal_tags: Object.fromEntries(tags(51).map((t) => [t.Key, [t.Value]])) } } }, { caller: GH }), want: ['sts.tags-count'] },
  { name: 'SAMLAssertion 4', url: SAML, c: () => call({ SAMLAssertion: samlOf(4) }, { caller: OKTA }), want: [] },
  { name: 'SAMLAssertion 3', url: SAML, c: () => call({ SAMLAssertion: samlOf(3) }, { caller: OKTA }), want: ['sts.saml-assertion-length'] },
  { name: 'SAMLAssertion 100000', url: SAML, c: () => call({ SAMLAssertion: samlOf(100000) }, { caller: OKTA }), want: [] },
  { name: 'SAMLAssertion 100001', url: SAML, c: () => call({ SAMLAssertion: samlOf(100001) }, { caller: OKTA }), want: ['sts.saml-assertion-length'] },
  { name: 'SAMLAssertion without a session name', url: SAML, c: () => call({ SAMLAssertion: { Attributes: {} } }, { caller: OKTA }), want: ['sts.role-session-name'] },
  { name: 'SAMLAssertion used at SessionNotOnOrAfter', url: SAML, c: () => call({ SAMLAssertion: { ...samlOf(10), SessionNotOnOrAfter: '2026-01-01T00:00:00Z' } }, { caller: OKTA, now: '2026-01-01T00:00:00Z' }), want: ['sts.saml-assertion-expired'] },
  { name: 'SAML PrincipalTag key 129', url: TAGS, c: () => call({ SAMLAssertion: { ...samlOf(10), Attributes: { ...samlOf(10).Attributes, [`https://aws.amazon.com/SAML/Attributes/PrincipalTag:${'k'.repeat(129)}`]: 'v' } } }, { caller: OKTA }), want: ['sts.tag-key-length'] },
  { name: 'RoleArn 2049 characters', url: AR, c: () => call(N, { role: { arn: `arn:aws:iam::111122223333:role/${'r'.repeat(2049 - 31)}` } }), want: ['sts.role-arn-length'] },
  { name: 'RoleArn with U+0000', url: AR, c: () => call(N, { role: { arn: 'arn:aws:iam::111122223333:role/Tar\u0000get' } }), want: ['sts.arn-characters'] },
  { name: 'RoleArn with U+007F', url: AR, c: () => call(N, { role: { arn: 'arn:aws:iam::111122223333:role/Tar\u007fget' } }), want: ['sts.arn-characters'] },
  { name: 'RoleArn with U+0085 and U+00E9 (inside the set)', url: AR, c: () => call(N, { role: { arn: 'arn:aws:iam::111122223333:role/Tar\u0085g\u00e9t' } }), want: [] },
  { name: 'RoleArn with a lone surrogate', url: AR, c: () => call(N, { role: { arn: 'arn:aws:iam::111122223333:role/Tar\ud800get' } }), want: ['sts.arn-characters'] },
  { name: 'RoleArn with a character above U+FFFF', url: AR, c: () => call(N, { role: { arn: 'arn:aws:iam::111122223333:role/Tar\u{1f600}get' } }), want: [] },
  { name: 'PolicyArns entry with U+0007', url: AR, c: () => call({ ...N, PolicyArns: [{ arn: 'arn:aws:iam::111122223333:policy/P\u0007' }] }), want: ['sts.arn-characters'] },
  { name: 'PolicyArns entry of 19 characters', url: AR, c: () => call({ ...N, PolicyArns: [{ arn: 'arn:aws:iam::1:po/x' }] }), want: ['sts.arn-length', 'sts.policy-arn-invalid'] },
  { name: 'PrincipalArn with U+0001', url: SAML, c: () => call({ SAMLAssertion: samlOf(10) }, { caller: { federated: 'arn:aws:iam::111122223333:saml-provider/Ok\u0001ta' } }), want: ['sts.arn-characters'] },
  { name: 'ProviderId 4', url: WI, c: () => call({ ...N, WebIdentityToken: { sub: 'x' }, ProviderId: 'a.io' }, { caller: GH }), want: [] },
  { name: 'ProviderId 3', url: WI, c: () => call({ ...N, WebIdentityToken: { sub: 'x' }, ProviderId: 'a.b' }, { caller: GH }), want: ['sts.provider-id-length'] },
  { name: 'ProviderId 2049', url: WI, c: () => call({ ...N, WebIdentityToken: { sub: 'x' }, ProviderId: 'p'.repeat(2049) }, { caller: GH }), want: ['sts.provider-id-length'] },
  { name: 'ProvidedContexts 1', url: AR, c: () => call({ ...N, ProvidedContexts: contexts(1) }), want: [] },
  { name: 'ProvidedContexts 5', url: AR, c: () => call({ ...N, ProvidedContexts: contexts(5) }), want: [] },
  { name: 'ProvidedContexts 6', url: AR, c: () => call({ ...N, ProvidedContexts: contexts(6) }), want: ['sts.provided-contexts-count'] },
  { name: 'ProvidedContexts empty', url: AR, c: () => call({ ...N, ProvidedContexts: [] }), want: ['sts.provided-contexts-count'] },
  { name: 'ContextAssertion 3', url: AR, c: () => call({ ...N, ProvidedContexts: [{ ProviderArn: IDC, ContextAssertion: 'abc' }] }), want: ['sts.context-assertion-length'] },
  { name: 'ContextAssertion 2049', url: AR, c: () => call({ ...N, ProvidedContexts: [{ ProviderArn: IDC, ContextAssertion: 'a'.repeat(2049) }] }), want: ['sts.context-assertion-length'] },
  { name: 'ProviderArn with U+001F', url: AR, c: () => call({ ...N, ProvidedContexts: [{ ProviderArn: `${IDC}\u001f`, ContextAssertion: 'abcd' }] }), want: ['sts.arn-characters'] },
  { name: 'TransitiveTagKeys on GetFederationToken', url: OPS, c: () => call({ Name: 'bob', Tags: tags(1), TransitiveTagKeys: ['k0'] }, { api: 'GetFederationToken' }), want: ['sts.parameter-not-supported'] },
  { name: 'SAMLAssertion on AssumeRole', url: OPS, c: () => call({ ...N, SAMLAssertion: 'abcd' }), want: ['sts.parameter-not-supported'] },
  { name: 'ExternalId on GetSessionToken', url: OPS, c: () => call({ ExternalId: 'abcd' }, { api: 'GetSessionToken' }), want: ['sts.parameter-not-supported'] },
  { name: 'GetSessionToken credentials call AssumeRole', url: GST, c: () => call(N, { caller: { arn: USER, credentials: 'GetSessionToken' } }), want: [] },
  { name: 'GetSessionToken credentials call GetSessionToken', url: GST, c: () => call({}, { api: 'GetSessionToken', caller: { arn: USER, credentials: 'GetSessionToken' } }), want: ['sts.caller-cannot-call'] },
  { name: 'GetSessionToken credentials call GetFederationToken', url: GST, c: () => call({ Name: 'bob' }, { api: 'GetFederationToken', caller: { arn: USER, credentials: 'GetSessionToken' } }), want: ['sts.caller-cannot-call'] },
  { name: 'GetSessionToken credentials call AssumeRoot', url: GST, c: () => call(ROOTCALL, { api: 'AssumeRoot', caller: { arn: USER, credentials: 'GetSessionToken' } }), want: ['sts.caller-cannot-call'] },
  { name: 'AssumeRoot by a user', url: ROOT, c: () => call(ROOTCALL, { api: 'AssumeRoot' }), want: [] },
  { name: 'AssumeRoot by a role session, target as root ARN', url: ROOT, c: () => call({ ...ROOTCALL, TargetPrincipal: 'arn:aws:iam::444455556666:root' }, { api: 'AssumeRoot', caller: { arn: SESSION } }), want: [] },
  { name: 'AssumeRoot by the root user', url: ROOT, c: () => call(ROOTCALL, { api: 'AssumeRoot', caller: { arn: 'arn:aws:iam::111122223333:root' } }), want: ['sts.caller-cannot-call'] },
  { name: 'AssumeRoot DurationSeconds 0', url: ROOT, c: () => call({ ...ROOTCALL, DurationSeconds: 0 }, { api: 'AssumeRoot' }), want: [] },
  { name: 'AssumeRoot DurationSeconds 900', url: ROOT, c: () => call({ ...ROOTCALL, DurationSeconds: 900 }, { api: 'AssumeRoot' }), want: [] },
  { name: 'AssumeRoot DurationSeconds 901', url: ROOT, c: () => call({ ...ROOTCALL, DurationSeconds: 901 }, { api: 'AssumeRoot' }), want: ['sts.assume-root-duration'] },
  { name: 'AssumeRoot TargetPrincipal of 11 digits', url: ROOT, c: () => call({ ...ROOTCALL, TargetPrincipal: '44445555666' }, { api: 'AssumeRoot' }), want: ['sts.target-principal'] },
  { name: 'AssumeRoot TargetPrincipal a role ARN', url: ROOT, c: () => call({ ...ROOTCALL, TargetPrincipal: 'arn:aws:iam::444455556666:role/Admin' }, { api: 'AssumeRoot' }), want: ['sts.target-principal'] },
  { name: 'AssumeRoot without TargetPrincipal', url: ROOT, c: () => call({ TaskPolicyArn: ROOTCALL.TaskPolicyArn }, { api: 'AssumeRoot' }), want: ['sts.target-principal'] },
  { name: 'AssumeRoot with a customer policy as task policy', url: ROOT, c: () => call({ ...ROOTCALL, TaskPolicyArn: { arn: 'arn:aws:iam::111122223333:policy/root-task/S3UnlockBucketPolicy' } }, { api: 'AssumeRoot' }), want: ['sts.task-policy-arn'] },
  { name: 'AssumeRoot with AdministratorAccess as task policy', url: ROOT, c: () => call({ ...ROOTCALL, TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }, { api: 'AssumeRoot' }), want: ['sts.task-policy-arn'] },
  { name: 'AssumeRoot without TaskPolicyArn', url: ROOT, c: () => call({ TargetPrincipal: '444455556666' }, { api: 'AssumeRoot' }), want: ['sts.task-policy-arn'] },
  { name: 'AssumeRoot with Policy', url: OPS, c: () => call({ ...ROOTCALL, Policy: pad(120) }, { api: 'AssumeRoot' }), want: ['sts.parameter-not-supported'] },
  { name: 'SAML SessionDuration 900', url: SAMLATTR, c: () => call({ SAMLAssertion: samlWith({ [DURATION]: '900' }) }, { caller: OKTA }), want: [] },
  { name: 'SAML SessionDuration 899', url: SAMLATTR, c: () => call({ SAMLAssertion: samlWith({ [DURATION]: '899' }) }, { caller: OKTA }), want: ['sts.saml-session-duration'] },
  { name: 'SAML SessionDuration 43200 above the role maximum (not a DurationSeconds)', url: SAMLATTR, c: () => call({ SAMLAssertion: samlWith({ [DURATION]: '43200' }) }, { caller: OKTA }), want: [] },
  { name: 'SAML SessionDuration 43201', url: SAMLATTR, c: () => call({ SAMLAssertion: samlWith({ [DURATION]: '43201' }) }, { caller: OKTA }), want: ['sts.saml-session-duration'] },
  { name: 'SAML SessionDuration not a number', url: SAMLATTR, c: () => call({ SAMLAssertion: samlWith({ [DURATION]: 'one hour' }) }, { caller: OKTA }), want: ['sts.saml-session-duration'] },
]

const IDC = 'arn:aws:iam::aws:contextProvider/IdentityCenter'
const DURATION = 'https://aws.amazon.com/SAML/Attributes/SessionDuration'
const ROOTCALL = { TargetPrincipal: '444455556666', TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' } }

function contexts(n: number): Json[] {
  return Array.from({ length: n }, () => ({ ProviderArn: IDC, ContextAssertion: 'trusted-context-assertion' }))
}

function samlWith(extra: Record<string, string>): Json {
  const base = samlOf(10)
  return { ...base, Attributes: { ...base.Attributes, ...extra } }
}

function pad(n: number): string {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })
  return text + ' '.repeat(n - text.length)
}
function arns(n: number): { arn: string }[] {
  return Array.from({ length: n }, (_, i) => ({ arn: `arn:aws:iam::111122223333:policy/P${i}` }))
}
function samlOf(length: number) {
  return { Attributes: { 'https://aws.amazon.com/SAML/Attributes/RoleSessionName': 'jdoe' }, length }
}

describe('STS request rules', () => {
  it.each(rows)('$name ($url)', ({ c, want }) => {
    expect([...new Set(codes(c()))].sort()).toEqual([...want].sort())
  })

  it('reports the parameter, the limit, the source and the pointer of each violation', () => {
    const c = call({ ...N, DurationSeconds: 899, Tags: [{ Key: 'ok', Value: 'v' }, { Key: 'OK', Value: 'w' }] })
    const caller = c.caller
    if (caller === undefined) throw new Error('no caller')
    const violations = checkRequestRules(c, callerFacts(caller, c.api), effectiveRequest(c))
    const duration = violations.find((v) => v.code === 'sts.duration-too-short')
    expect(duration).toMatchObject({ parameter: 'DurationSeconds', pointer: '/parameters/DurationSeconds', source: AR, severity: 'error' })
    expect(duration?.limit).toMatch(/900/)
    expect(violations.find((v) => v.code === 'sts.tag-duplicate-key')?.pointer).toBe('/parameters/Tags/1')
  })

  it('points an unsupported parameter and a bad RoleArn at the parameter as written', () => {
    const c = call({ Name: 'bob', Tags: tags(1), TransitiveTagKeys: ['k0'] }, { api: 'GetFederationToken' })
    const caller = c.caller
    if (caller === undefined) throw new Error('no caller')
    expect(checkRequestRules(c, callerFacts(caller, c.api), effectiveRequest(c)).map((v) => [v.code, v.pointer])).toEqual([['sts.parameter-not-supported', '/parameters/TransitiveTagKeys']])
    const r = call({ ...N, RoleArn: 'arn:aws:iam::111122223333:role/Tar\u0000get' }, { role: { arn: 'arn:aws:iam::111122223333:role/Tar\u0000get' } })
    expect(checkRequestRules(r, callerFacts(USER_CALLER, r.api), effectiveRequest(r)).map((v) => [v.code, v.pointer])).toEqual([['sts.arn-characters', '/parameters/RoleArn']])
  })

  it.each([
    ['no SessionDuration: DurationSeconds default', {}, undefined, 3600],
    ['SessionDuration 1800 shortens the default hour', { [DURATION]: '1800' }, undefined, 1800],
    ['SessionDuration 7200 does not extend the default hour', { [DURATION]: '7200' }, undefined, 3600],
    ['SessionDuration 7200 does not extend DurationSeconds 5400', { [DURATION]: '7200' }, 5400, 5400],
    ['SessionDuration 1800 shortens DurationSeconds 5400', { [DURATION]: '1800' }, 5400, 1800],
  ])('SAML %s (%s)', (_name, attributes, duration, want) => {
    const c = call({ SAMLAssertion: samlWith(attributes), ...(duration !== undefined ? { DurationSeconds: duration } : {}) }, { caller: OKTA, role: { maxSessionDuration: 43200 } })
    expect(effectiveRequest(c).durationSeconds).toBe(want)
  })
})

const USER_CALLER = call(N).caller ?? (() => { throw new Error('no caller') })()
