/**
 * Condition keys that AssumeRoleWithWebIdentity and AssumeRoleWithSAML put in the trust-policy
 * context, derived from the token claims or assertion exactly as AWS documents them, plus the session
 * tags, transitive keys, source identity and session name an identity provider supplies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import { getMember, isJsonArray, isJsonObject } from '../json/jsonValue.js'
import type { JsonValue } from '../json/jsonValue.js'
import { base64Encode, sha1, utf8Encode } from './encoding.js'
import type { SamlAssertion, SessionTag, WebIdentityToken } from './types.js'

/** Context keys as the engine takes them: one string, or several for a multivalued key. */
export type KeyValues = Record<string, string | readonly string[]>

/** What an identity provider supplies besides its claim keys. */
export interface IdpSupplied {
  readonly tags: readonly SessionTag[]
  readonly transitiveTagKeys: readonly string[]
  readonly sourceIdentity?: string
  readonly roleSessionName?: string
  readonly sessionDuration?: number
}

/** GitHub Actions claims AWS maps to keys usable in trust policies only. */
const GITHUB_EXTRAS = ['actor', 'actor_id', 'job_workflow_ref', 'repository', 'repository_id', 'repository_owner_id', 'workflow', 'ref', 'environment', 'enterprise_id']
/** GitLab.com claims AWS maps to keys usable in trust policies only. */
const GITLAB_EXTRAS = ['namespace_id', 'project_id', 'user_id', 'user_login', 'user_email', 'user_access_level', 'ref_protected', 'pipeline_source', 'runner_environment']

/** The key prefix of an OIDC provider: the provider URL's host and path, or a built-in IdP's name. */
export function oidcKeyPrefix(provider: string): string {
  const arn = classifyPrincipalArn(provider)
  if (arn?.kind === 'oidcProvider') return arn.host.replace(/\/+$/, '')
  return provider
}

function claimStrings(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return []
  if (isJsonArray(value)) return value.flatMap((v) => claimStrings(v))
  if (typeof value === 'object') return []
  return [String(value)]
}

/**
 * The OIDC claim keys of a web-identity call: `<provider>:aud` (from azp, else aud), `:oaud`, `:sub`,
 * `:amr` (multivalued), `:email`, GitHub/GitLab extras, aws:FederatedProvider, sts:RoleAuthorizedByIdp.
 *
 * @example
 * webIdentityKeys('cognito-identity.amazonaws.com', { claims: { aud: 'us-east-1:pool', amr: ['authenticated'] } }, roleArn)
 * // { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool', 'cognito-identity.amazonaws.com:amr': ['authenticated'], ... }
 */
export function webIdentityKeys(provider: string, token: WebIdentityToken, roleArn: string): KeyValues {
  const p = oidcKeyPrefix(provider)
  const c = token.claims
  const out = Object.create(null) as KeyValues
  const put = (key: string, values: readonly string[]): void => {
    if (values.length === 1) out[key] = values[0] as string
    else if (values.length > 1) out[key] = values
  }
  const claim = (name: string): string[] => claimStrings(Object.hasOwn(c, name) ? c[name] : undefined)
  // <idp>:aud comes from azp when the token has one, else from aud; aud itself is then <idp>:oaud.
  const azp = claim('azp')
  put(`${p}:aud`, azp.length > 0 ? azp : claim('aud'))
  if (azp.length > 0) put(`${p}:oaud`, claim('aud'))
  put(`${p}:sub`, claim('sub'))
  const amr = claim('amr')
  if (amr.length > 0) out[`${p}:amr`] = amr // multivalued even with one value
  if (p !== 'cognito-identity.amazonaws.com') put(`${p}:email`, claim('email'))
  const extras = p === 'token.actions.githubusercontent.com' ? GITHUB_EXTRAS : p === 'gitlab.com' ? GITLAB_EXTRAS : []
  for (const name of extras) put(`${p}:${name}`, claim(name))
  out['aws:FederatedProvider'] = provider
  // Always present: whether the token's roles claim names the requested role.
  const roles = claim('https://aws.amazon.com/roles')
  out['sts:RoleAuthorizedByIdp'] = roles.includes(roleArn) ? 'true' : 'false'
  return out
}

/** Session tags, transitive keys and source identity from the `https://aws.amazon.com/tags` and source-identity claims. */
export function webIdentitySupplied(token: WebIdentityToken): IdpSupplied {
  const c = token.claims
  const tagsClaim = Object.hasOwn(c, 'https://aws.amazon.com/tags') ? c['https://aws.amazon.com/tags'] : undefined
  const tags: SessionTag[] = []
  let transitive: string[] = []
  if (isJsonObject(tagsClaim)) {
    const principal = getMember(tagsClaim, 'principal_tags')
    if (isJsonObject(principal)) {
      for (const key of Object.keys(principal)) {
        const values = claimStrings(getMember(principal, key))
        tags.push({ key, value: values[0] ?? '' })
      }
    }
    transitive = claimStrings(getMember(tagsClaim, 'transitive_tag_keys'))
  }
  const source = claimStrings(Object.hasOwn(c, 'https://aws.amazon.com/source_identity') ? c['https://aws.amazon.com/source_identity'] : undefined)[0]
  return { tags, transitiveTagKeys: transitive, ...(source !== undefined ? { sourceIdentity: source } : {}) }
}

const AWS_SAML = 'https://aws.amazon.com/SAML/Attributes/'
const EDUPERSON = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.'
const EDUORG = 'urn:oid:1.3.6.1.4.1.5923.1.2.1.'

/** SAML attribute names (OIDs) AWS maps to `saml:` keys. */
const SAML_ATTRIBUTE_KEYS: ReadonlyMap<string, string> = new Map([
  [`${EDUPERSON}1`, 'saml:edupersonaffiliation'],
  [`${EDUPERSON}2`, 'saml:edupersonnickname'],
  [`${EDUPERSON}3`, 'saml:edupersonorgdn'],
  [`${EDUPERSON}4`, 'saml:edupersonorgunitdn'],
  [`${EDUPERSON}5`, 'saml:edupersonprimaryaffiliation'],
  [`${EDUPERSON}6`, 'saml:edupersonprincipalname'],
  [`${EDUPERSON}7`, 'saml:edupersonentitlement'],
  [`${EDUPERSON}8`, 'saml:edupersonprimaryorgunitdn'],
  [`${EDUPERSON}9`, 'saml:edupersonscopedaffiliation'],
  [`${EDUPERSON}10`, 'saml:edupersontargetedid'],
  [`${EDUPERSON}11`, 'saml:edupersonassurance'],
  [`${EDUORG}2`, 'saml:eduorghomepageuri'],
  [`${EDUORG}3`, 'saml:eduorgidentityauthnpolicyuri'],
  [`${EDUORG}4`, 'saml:eduorglegalname'],
  [`${EDUORG}5`, 'saml:eduorgsuperioruri'],
  [`${EDUORG}6`, 'saml:eduorgwhitepagesuri'],
  ['urn:oid:2.5.4.3', 'saml:cn'],
  ['urn:oid:2.5.4.4', 'saml:surname'],
  ['urn:oid:2.5.4.42', 'saml:givenname'],
  ['urn:oid:2.5.4.41', 'saml:name'],
  ['urn:oid:2.5.4.45', 'saml:x500uniqueidentifier'],
  ['urn:oid:0.9.2342.19200300.100.1.1', 'saml:uid'],
  ['urn:oid:0.9.2342.19200300.100.1.3', 'saml:mail'],
])
const SAML_KEY_NAMES: ReadonlySet<string> = new Set([...SAML_ATTRIBUTE_KEYS.values(), 'saml:commonname', 'saml:organizationstatus', 'saml:primarygroupsid'])

const NAMEID_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:'

/**
 * The SAML keys of an AssumeRoleWithSAML call (`providerArn` is the SAML provider ARN): saml:aud
 * (Recipient), saml:iss, saml:sub, saml:sub_type, saml:doc, saml:namequalifier and attribute keys.
 *
 * @example
 * samlKeys('arn:aws:iam::111122223333:saml-provider/Okta', { recipient: 'https://signin.aws.amazon.com/saml', attributes: new Map() })
 * // { 'saml:aud': 'https://signin.aws.amazon.com/saml', 'saml:doc': '111122223333/Okta' }
 */
export function samlKeys(providerArn: string, assertion: SamlAssertion): KeyValues {
  const out = Object.create(null) as KeyValues
  const provider = classifyPrincipalArn(providerArn)
  const account = provider?.account
  const name = provider?.kind === 'samlProvider' ? provider.name : undefined
  if (assertion.recipient !== undefined) out['saml:aud'] = assertion.recipient
  if (assertion.issuer !== undefined) out['saml:iss'] = assertion.issuer
  if (assertion.subject !== undefined) out['saml:sub'] = assertion.subject
  if (assertion.subjectType !== undefined) {
    const t = assertion.subjectType
    out['saml:sub_type'] = t.startsWith(NAMEID_PREFIX) ? t.slice(NAMEID_PREFIX.length) : t
  }
  if (account !== undefined && name !== undefined) {
    out['saml:doc'] = `${account}/${name}`
    // BASE64(SHA1(issuer + account + "/" + provider name)), only when every input is known.
    if (assertion.issuer !== undefined) out['saml:namequalifier'] = samlNameQualifier(assertion.issuer, account, name)
  }
  for (const [attr, values] of assertion.attributes) {
    const key = SAML_ATTRIBUTE_KEYS.get(attr) ?? friendlyKey(attr)
    if (key === undefined || values.length === 0) continue
    out[key] = values.length === 1 && !isListKey(key) ? (values[0] as string) : values
  }
  return out
}

function friendlyKey(attr: string): string | undefined {
  const lower = attr.toLowerCase()
  const key = lower.startsWith('saml:') ? lower : `saml:${lower}`
  return SAML_KEY_NAMES.has(key) ? key : undefined
}

function isListKey(key: string): boolean {
  return key !== 'saml:edupersonprimaryaffiliation' && key !== 'saml:edupersonprincipalname' && key !== 'saml:edupersonorgdn' && key !== 'saml:edupersonprimaryorgunitdn'
}

/**
 * saml:namequalifier as AWS documents it: BASE64(SHA1(issuer + account + "/" + provider name)).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
 *
 * @example
 * samlNameQualifier('https://example.com/saml', '123456789012', 'MySAMLIdP') // '1uAJanUnBc2XeUkHURMht+xam2c='
 */
export function samlNameQualifier(issuer: string, account: string, providerName: string): string {
  return base64Encode(sha1(utf8Encode(`${issuer}${account}/${providerName}`)))
}

/** Session tags, transitive keys, source identity, session name and duration from AWS's SAML attributes. */
export function samlSupplied(assertion: SamlAssertion): IdpSupplied {
  const tags: SessionTag[] = []
  let transitive: readonly string[] = []
  let sourceIdentity: string | undefined
  let roleSessionName: string | undefined
  let sessionDuration: number | undefined
  for (const [attr, values] of assertion.attributes) {
    if (!attr.startsWith(AWS_SAML)) continue
    const rest = attr.slice(AWS_SAML.length)
    if (rest.startsWith('PrincipalTag:')) tags.push({ key: rest.slice('PrincipalTag:'.length), value: values[0] ?? '' })
    else if (rest === 'TransitiveTagKeys') transitive = values
    else if (rest === 'SourceIdentity') sourceIdentity = values[0]
    else if (rest === 'RoleSessionName') roleSessionName = values[0]
    else if (rest === 'SessionDuration' && values[0] !== undefined) sessionDuration = /^\d+$/.test(values[0]) ? Number(values[0]) : Number.NaN
  }
  return {
    tags,
    transitiveTagKeys: transitive,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...(roleSessionName !== undefined ? { roleSessionName } : {}),
    ...(sessionDuration !== undefined ? { sessionDuration } : {}),
  }
}
