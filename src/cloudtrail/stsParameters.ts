/**
 * An STS call's parameters, read from a record's `requestParameters` (and, for web identity and SAML,
 * what `userIdentity` and `responseElements` reveal of the token or assertion), in the STS call model's
 * terms. CloudTrail never logs the MFA TokenCode, the web-identity token or the SAML assertion: what
 * they held beyond the logged fields is unknown, and said so.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
 */
import { getMember, isJsonArray, isJsonObject, newJsonObject } from '../json/jsonValue.js'
import type { JsonObject, JsonValue } from '../json/jsonValue.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import { STS_API_PARAMETERS } from '../sts/apis.js'
import { oidcKeyPrefix } from '../sts/federation.js'
import type { CallParameters, ManagedSessionPolicy, SamlAssertion, SessionTag, StsApi, WebIdentityToken } from '../sts/types.js'
import { UnknownKeys } from './model.js'
import type { CloudTrailRecord, Unknown } from './types.js'

/** The STS APIs whose records iamtrace reconstructs as STS calls. */
export const STS_APIS: ReadonlySet<string> = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'GetSessionToken', 'GetFederationToken'])

/** Parameters, the unknowns they leave, and the keys whose values the record does not show. */
export interface ReadParameters {
  readonly parameters: CallParameters
  readonly unknowns: readonly Unknown[]
  readonly keys: UnknownKeys
  /** The logged parameters, for output. */
  readonly logged: Readonly<Record<string, JsonValue>>
}

function str(o: JsonObject, key: string): string | undefined {
  const v = getMember(o, key)
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined
}

function num(o: JsonObject, key: string): number | undefined {
  const v = getMember(o, key)
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined
  return n !== undefined && Number.isFinite(n) ? n : undefined
}

function strings(v: JsonValue | undefined): string[] {
  return isJsonArray(v) ? v.flatMap((x) => (typeof x === 'string' ? [x] : [])) : []
}

/** `tags: [{key, value}]` (CloudTrail's spelling) or `[{Key, Value}]`. */
function tagList(v: JsonValue | undefined): SessionTag[] {
  if (!isJsonArray(v)) return []
  return v.flatMap((t) => {
    if (!isJsonObject(t)) return []
    const key = str(t, 'key') ?? str(t, 'Key')
    const value = str(t, 'value') ?? str(t, 'Value') ?? ''
    return key !== undefined ? [{ key, value }] : []
  })
}

/** `principalTags` / `incomingTransitiveTags`: `{Key: Value}`. */
export function tagMap(v: JsonValue | undefined): SessionTag[] {
  if (!isJsonObject(v)) return []
  return Object.keys(v).flatMap((key) => {
    const value = v[key]
    return typeof value === 'string' ? [{ key, value }] : []
  })
}

/** The audience of a web-identity call: logged in the response, or inside principalId (`<provider>:<aud>:<sub>`). */
function audienceOf(record: CloudTrailRecord, sub: string | undefined): string | undefined {
  const logged = record.responseElements !== null ? str(record.responseElements, 'audience') : undefined
  if (logged !== undefined) return logged
  const { principalId, identityProvider } = record.userIdentity
  if (principalId === undefined || identityProvider === undefined || sub === undefined) return undefined
  const head = `${identityProvider}:`
  const tail = `:${sub}`
  if (!principalId.startsWith(head) || !principalId.endsWith(tail) || principalId.length <= head.length + tail.length) return undefined
  return principalId.slice(head.length, principalId.length - tail.length)
}

function webIdentity(record: CloudTrailRecord, rp: JsonObject, provider: string, keys: UnknownKeys): WebIdentityToken {
  const prefix = oidcKeyPrefix(provider)
  const response = record.responseElements
  const sub = (response !== null ? str(response, 'subjectFromWebIdentityToken') : undefined) ?? record.userIdentity.userName
  const aud = audienceOf(record, sub)
  const claims = newJsonObject()
  const known: string[] = []
  if (sub !== undefined) {
    claims['sub'] = sub
    known.push(`${prefix}:sub`)
  }
  if (aud !== undefined) {
    claims['aud'] = aud
    known.push(`${prefix}:aud`)
  }
  const tags = tagMap(getMember(rp, 'principalTags'))
  const transitive = strings(getMember(rp, 'transitiveTagKeys'))
  if (tags.length > 0 || transitive.length > 0) {
    const principal = newJsonObject()
    for (const t of tags) principal[t.key] = [t.value]
    const claim = newJsonObject()
    claim['principal_tags'] = principal
    claim['transitive_tag_keys'] = transitive
    claims['https://aws.amazon.com/tags'] = claim
  }
  const source = str(rp, 'sourceIdentity')
  if (source !== undefined) claims['https://aws.amazon.com/source_identity'] = source
  keys.prefix(`${prefix}:`, `the web-identity token is not logged: only its \`sub\` and \`aud\` appear in the record`, known, true)
  keys.key('sts:RoleAuthorizedByIdp', 'the token\'s `https://aws.amazon.com/roles` claim is not logged', true)
  return { claims }
}

function saml(record: CloudTrailRecord, rp: JsonObject, keys: UnknownKeys): SamlAssertion {
  const response = record.responseElements ?? newJsonObject()
  const attributes = new Map<string, string[]>()
  const aws = 'https://aws.amazon.com/SAML/Attributes/'
  for (const t of tagMap(getMember(rp, 'principalTags'))) attributes.set(`${aws}PrincipalTag:${t.key}`, [t.value])
  const transitive = strings(getMember(rp, 'transitiveTagKeys'))
  if (transitive.length > 0) attributes.set(`${aws}TransitiveTagKeys`, transitive)
  const source = str(rp, 'sourceIdentity')
  if (source !== undefined) attributes.set(`${aws}SourceIdentity`, [source])
  const issuer = str(response, 'issuer')
  const recipient = str(response, 'audience')
  const subject = str(response, 'subject') ?? record.userIdentity.userName
  const subjectType = str(response, 'subjectType')
  const known = ['saml:doc', ...(issuer !== undefined ? ['saml:iss', 'saml:namequalifier'] : []), ...(recipient !== undefined ? ['saml:aud'] : []), ...(subject !== undefined ? ['saml:sub'] : []), ...(subjectType !== undefined ? ['saml:sub_type'] : [])]
  keys.prefix('saml:', record.responseElements === null ? 'the SAML assertion is not logged and this failed call has no response: its attributes are unknown' : 'the SAML assertion is not logged: only the fields of the response appear in the record', known, true)
  return {
    ...(issuer !== undefined ? { issuer } : {}),
    ...(recipient !== undefined ? { recipient } : {}),
    ...(subject !== undefined ? { subject } : {}),
    ...(subjectType !== undefined ? { subjectType } : {}),
    attributes,
  }
}

/**
 * Reads an STS call's parameters from a record.
 *
 * @example
 * readStsParameters(record, 'AssumeRole', undefined).parameters.ExternalId // 'wrong-id'
 */
export function readStsParameters(record: CloudTrailRecord, api: StsApi, provider: string | undefined): ReadParameters {
  const rp = record.requestParameters ?? newJsonObject()
  const keys = new UnknownKeys()
  const unknowns: Unknown[] = []
  const at = `${record.location.pointer}/requestParameters`
  const signed = api === 'AssumeRole' || api === 'GetSessionToken' || api === 'GetFederationToken'
  const serial = str(rp, 'serialNumber')
  if (serial !== undefined) {
    unknowns.push({ code: 'cloudtrail.redacted', message: 'CloudTrail never logs the MFA TokenCode: it is taken as valid (AWS rejects an invalid one before any policy)', decisive: false, assumed: 'a valid code' })
  }
  const inline = str(rp, 'policy')
  let policy: CallParameters['Policy']
  if (inline !== undefined) {
    const parsed = parsePolicy(inline, { kind: 'session', name: 'inline session policy' })
    const p = parsed.ok ? parsed.value : parsed.recovered
    policy = { text: inline, ...(p !== undefined ? { policy: { name: 'inline session policy', policy: p, pointer: `${at}/policy` } } : {}), diagnostics: parsed.diagnostics, pointer: `${at}/policy` }
  }
  const arns = getMember(rp, 'policyArns')
  const policyArns: ManagedSessionPolicy[] = isJsonArray(arns)
    ? arns.flatMap((a, i) => {
        const arn = isJsonObject(a) ? str(a, 'arn') : undefined
        return arn !== undefined ? [{ arn, pointer: `${at}/policyArns/${i}` }] : []
      })
    : []
  const duration = num(rp, 'durationSeconds')
  const fields: Omit<CallParameters, 'given'> = {
    ...(str(rp, 'roleSessionName') !== undefined ? { RoleSessionName: str(rp, 'roleSessionName') as string } : {}),
    ...(duration !== undefined ? { DurationSeconds: duration } : {}),
    ...(str(rp, 'externalId') !== undefined ? { ExternalId: str(rp, 'externalId') as string } : {}),
    Tags: signed ? tagList(getMember(rp, 'tags')) : [],
    TransitiveTagKeys: signed ? strings(getMember(rp, 'transitiveTagKeys')) : [],
    ...(policy !== undefined ? { Policy: policy } : {}),
    PolicyArns: policyArns,
    ...(signed && str(rp, 'sourceIdentity') !== undefined ? { SourceIdentity: str(rp, 'sourceIdentity') as string } : {}),
    ...(serial !== undefined ? { SerialNumber: serial, TokenCode: '000000' } : {}),
    ...(str(rp, 'name') !== undefined ? { Name: str(rp, 'name') as string } : {}),
    ...(api === 'AssumeRoleWithWebIdentity' && provider !== undefined ? { WebIdentityToken: webIdentity(record, rp, provider, keys) } : {}),
    ...(api === 'AssumeRoleWithSAML' ? { SAMLAssertion: saml(record, rp, keys) } : {}),
  }
  // The API parameters the record shows (empty lists stand for parameters the caller did not send).
  // AWS accepted or refused the call as logged, so values CloudTrail derives (a SAML session's
  // RoleSessionName comes from the assertion) are not parameters the caller sent.
  const given = Object.keys(fields).filter((k) => {
    const v = fields[k as keyof typeof fields]
    return STS_API_PARAMETERS[api].has(k) && !(Array.isArray(v) && v.length === 0)
  })
  const parameters: CallParameters = { given, ...fields }
  const logged: Record<string, JsonValue> = {}
  for (const k of Object.keys(rp)) logged[k] = rp[k] as JsonValue
  return { parameters, unknowns, keys, logged }
}
