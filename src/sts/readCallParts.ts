/**
 * Readers for the parts of an STS call file (caller, role, parameters, follow-up requests) after the
 * schema has checked their shape. Policies go through the policy parser with their kind; problems
 * are collected with their JSON pointer and line/column, never thrown.
 */
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { getMember, isJsonArray, isJsonObject } from '../json/jsonValue.js'
import type { JsonDocument, JsonObject, JsonValue } from '../json/jsonValue.js'
import { parseJsonText } from '../json/readJson.js'
import { parseEmbeddedPolicy } from '../policy/parseEmbeddedPolicy.js'
import type { PolicyKind } from '../policy/types.js'
import { base64Decode, utf8Decode } from './encoding.js'
import type { CallCaller, CallParameters, CallPolicy, CallRole, FollowUpRequest, ManagedSessionPolicy, MfaFacts, SamlAssertion, SessionTag, WebIdentityToken } from './types.js'

/** Collects problems while reading one file. */
export class CallReader {
  readonly errors: Diagnostic[] = []
  readonly warnings: Diagnostic[] = []
  constructor(
    readonly doc: JsonDocument,
    readonly file: string | undefined,
  ) {}

  /** Location extras for a diagnostic at `pointer`. */
  at(pointer: string): { position?: NonNullable<Diagnostic['position']>; file?: string } {
    const position = this.doc.positionOf(pointer)
    return { ...(position !== undefined ? { position } : {}), ...(this.file !== undefined ? { file: this.file } : {}) }
  }

  error(pointer: string, message: string): void {
    this.errors.push(diagnostic('sts.invalid-call', pointer, message, this.at(pointer)))
  }

  /** Parses a policy (`document` form or bare); `sink` receives its diagnostics instead of the file's lists. */
  policy(value: JsonValue | undefined, pointer: string, kind: PolicyKind, defaultName: string, sink?: Diagnostic[]): CallPolicy | undefined {
    if (value === undefined || value === null) return undefined
    const r = parseEmbeddedPolicy(this.doc, value, pointer, kind, defaultName, this.file)
    if (sink !== undefined) sink.push(...r.warnings, ...r.errors)
    else {
      this.warnings.push(...r.warnings)
      this.errors.push(...r.errors)
    }
    return r.policy
  }

  policies(value: JsonValue | undefined, pointer: string, kind: PolicyKind, label: string): CallPolicy[] {
    if (!isJsonArray(value)) return []
    const out: CallPolicy[] = []
    value.forEach((v, i) => {
      const p = this.policy(v, `${pointer}/${i}`, kind, `${label}[${i}]`)
      if (p !== undefined) out.push(p)
    })
    return out
  }

  levels(value: JsonValue | undefined, pointer: string, kind: PolicyKind, label: string): CallPolicy[][] {
    return isJsonArray(value) ? value.map((level, i) => this.policies(level, `${pointer}/${i}`, kind, `${label} level ${i}`)) : []
  }
}

function str(obj: JsonObject, key: string): string | undefined {
  const v = getMember(obj, key)
  return typeof v === 'string' ? v : undefined
}

function strings(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value]
  return isJsonArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Reads a `{key: value}` tag map in file order. */
export function tagMap(value: JsonValue | undefined): SessionTag[] {
  if (!isJsonObject(value)) return []
  return Object.keys(value).flatMap((key) => {
    const v = getMember(value, key)
    return typeof v === 'string' ? [{ key, value: v }] : []
  })
}

/** Reads the caller object. */
export function readCaller(r: CallReader, obj: JsonObject, pointer: string): CallCaller {
  const arn = str(obj, 'arn')
  const federated = str(obj, 'federated')
  const mfaValue = getMember(obj, 'mfa')
  let mfa: MfaFacts | undefined
  if (isJsonObject(mfaValue)) {
    const age = getMember(mfaValue, 'ageSeconds')
    const at = str(mfaValue, 'authenticatedAt')
    mfa = { present: getMember(mfaValue, 'present') === true, ...(typeof age === 'number' ? { ageSeconds: age } : {}), ...(at !== undefined ? { authenticatedAt: at } : {}) }
  }
  const optional = (key: 'roleArn' | 'roleId' | 'userId' | 'sourceIdentity' | 'orgId') => {
    const v = str(obj, key)
    return v !== undefined ? { [key]: v } : {}
  }
  const paths = getMember(obj, 'orgPaths')
  const credentials = str(obj, 'credentials')
  return {
    ...(credentials === 'GetSessionToken' || credentials === 'long-term' ? { credentials } : {}),
    ...(arn !== undefined ? { arn } : {}),
    ...(federated !== undefined ? { federated } : {}),
    ...optional('roleArn'),
    ...optional('roleId'),
    ...optional('userId'),
    ...optional('sourceIdentity'),
    ...optional('orgId'),
    ...(isJsonArray(paths) ? { orgPaths: strings(paths) } : {}),
    identity: r.policies(getMember(obj, 'identityPolicies'), `${pointer}/identityPolicies`, 'identity', 'caller identity'),
    boundary: r.policy(getMember(obj, 'permissionsBoundary'), `${pointer}/permissionsBoundary`, 'boundary', 'caller boundary') ?? null,
    session: r.policies(getMember(obj, 'sessionPolicies'), `${pointer}/sessionPolicies`, 'session', 'caller session policy'),
    scps: r.levels(getMember(obj, 'scps'), `${pointer}/scps`, 'scp', 'caller scp'),
    tags: tagMap(getMember(obj, 'tags')),
    transitiveTagKeys: strings(getMember(obj, 'transitiveTagKeys')),
    ...(mfa !== undefined ? { mfa } : {}),
    pointer,
  }
}

/** Reads the role object. */
export function readRole(r: CallReader, obj: JsonObject, pointer: string): CallRole {
  const roleId = str(obj, 'roleId')
  const max = getMember(obj, 'maxSessionDuration')
  return {
    arn: str(obj, 'arn') ?? '',
    ...(roleId !== undefined ? { roleId } : {}),
    trust: r.policy(getMember(obj, 'trustPolicy'), `${pointer}/trustPolicy`, 'trust', 'trust policy') ?? null,
    maxSessionDuration: typeof max === 'number' ? max : 3600,
    tags: tagMap(getMember(obj, 'tags')),
    identity: r.policies(getMember(obj, 'identityPolicies'), `${pointer}/identityPolicies`, 'identity', 'role identity'),
    boundary: r.policy(getMember(obj, 'permissionsBoundary'), `${pointer}/permissionsBoundary`, 'boundary', 'role boundary') ?? null,
    scps: r.levels(getMember(obj, 'scps'), `${pointer}/scps`, 'scp', 'role account scp'),
    rcps: r.levels(getMember(obj, 'rcps'), `${pointer}/rcps`, 'rcp', 'rcp'),
  }
}

/** Reads the parameters object (AWS parameter names). */
export function readParameters(r: CallReader, obj: JsonObject, pointer: string): CallParameters {
  const out: { -readonly [K in keyof CallParameters]: CallParameters[K] } = { given: Object.keys(obj), Tags: [], TransitiveTagKeys: [], PolicyArns: [] }
  for (const key of ['RoleSessionName', 'ExternalId', 'SourceIdentity', 'SerialNumber', 'TokenCode', 'Name', 'RoleArn', 'PrincipalArn', 'ProviderId', 'TargetPrincipal'] as const) {
    const v = str(obj, key)
    if (v !== undefined) out[key] = v
  }
  const duration = getMember(obj, 'DurationSeconds')
  if (typeof duration === 'number') out.DurationSeconds = duration
  const tags = getMember(obj, 'Tags')
  if (isJsonArray(tags)) out.Tags = tags.flatMap((t) => (isJsonObject(t) ? [{ key: str(t, 'Key') ?? '', value: str(t, 'Value') ?? '' }] : []))
  out.TransitiveTagKeys = strings(getMember(obj, 'TransitiveTagKeys'))
  const inline = getMember(obj, 'Policy')
  if (inline !== undefined && inline !== null) {
    const diagnostics: Diagnostic[] = []
    const policy = r.policy(inline, `${pointer}/Policy`, 'session', 'inline session policy', diagnostics)
    // The plaintext AWS measures: the string as sent, or the object written compactly.
    const text = typeof inline === 'string' ? inline : JSON.stringify(inline)
    out.Policy = { text, ...(policy !== undefined ? { policy } : {}), diagnostics, pointer: `${pointer}/Policy` }
  }
  const managed = (item: JsonValue | undefined, at: string): ManagedSessionPolicy | undefined => {
    if (!isJsonObject(item)) return undefined
    const arn = str(item, 'arn') ?? ''
    const doc = getMember(item, 'document')
    const policy = doc !== undefined ? r.policy(doc, `${at}/document`, 'session', arn) : undefined
    return { arn, ...(policy !== undefined ? { policy } : {}), pointer: at }
  }
  const arns = getMember(obj, 'PolicyArns')
  if (isJsonArray(arns)) out.PolicyArns = arns.flatMap((item, i) => managed(item, `${pointer}/PolicyArns/${i}`) ?? [])
  const task = managed(getMember(obj, 'TaskPolicyArn'), `${pointer}/TaskPolicyArn`)
  if (task !== undefined) out.TaskPolicyArn = task
  const contexts = getMember(obj, 'ProvidedContexts')
  if (isJsonArray(contexts)) {
    out.ProvidedContexts = contexts.flatMap((item, i) =>
      isJsonObject(item) ? [{ ProviderArn: str(item, 'ProviderArn') ?? '', ContextAssertion: str(item, 'ContextAssertion') ?? '', pointer: `${pointer}/ProvidedContexts/${i}` }] : [],
    )
  }
  const token = getMember(obj, 'WebIdentityToken')
  if (token !== undefined) {
    const read = readToken(token, `${pointer}/WebIdentityToken`, r)
    if (read !== undefined) out.WebIdentityToken = read
  }
  const saml = getMember(obj, 'SAMLAssertion')
  if (saml !== undefined) out.SAMLAssertion = readSaml(saml)
  return out
}

function readToken(value: JsonValue, pointer: string, r: CallReader): WebIdentityToken | undefined {
  if (typeof value === 'string') {
    // A raw JWT: header.payload.signature; only the payload's claims matter here.
    const payload = value.split('.')[1]
    const bytes = payload !== undefined ? base64Decode(payload) : undefined
    const text = bytes !== undefined ? utf8Decode(bytes) : undefined
    const read = text !== undefined ? parseJsonText(text, { maxLength: 1024 * 1024 }) : undefined
    if (read === undefined || !read.ok || !isJsonObject(read.value.value)) {
      // A value too short or too long is a request-rule violation, not an unreadable file.
      if (value.length < 4 || value.length > 20000) return { claims: Object.create(null) as Record<string, JsonValue>, length: value.length }
      r.error(pointer, 'the WebIdentityToken is not a JWT whose payload is a JSON object')
      return undefined
    }
    return { claims: read.value.value, length: value.length }
  }
  if (!isJsonObject(value)) return undefined
  const claims = Object.create(null) as Record<string, JsonValue>
  for (const key of Object.keys(value)) if (key !== 'length') claims[key] = getMember(value, key) as JsonValue
  const length = getMember(value, 'length')
  return { claims, ...(typeof length === 'number' ? { length } : {}) }
}

function readSaml(value: JsonValue): SamlAssertion {
  if (typeof value === 'string') return { attributes: new Map(), length: value.length }
  const obj = isJsonObject(value) ? value : (Object.create(null) as JsonObject)
  const attributes = new Map<string, readonly string[]>()
  const attrs = getMember(obj, 'Attributes')
  if (isJsonObject(attrs)) for (const name of Object.keys(attrs)) attributes.set(name, strings(getMember(attrs, name)))
  const pick = (key: string) => str(obj, key)
  const length = getMember(obj, 'length')
  const optional = (name: keyof SamlAssertion, v: string | undefined) => (v !== undefined ? { [name]: v } : {})
  const audience = getMember(obj, 'Audience')
  return {
    ...optional('issuer', pick('Issuer')),
    ...optional('recipient', pick('Recipient')),
    ...(audience !== undefined ? { audience: strings(audience) } : {}),
    ...optional('subject', pick('NameID')),
    ...optional('subjectType', pick('NameIDFormat')),
    ...optional('sessionNotOnOrAfter', pick('SessionNotOnOrAfter')),
    attributes,
    ...(typeof length === 'number' ? { length } : {}),
  }
}

/** Reads the `then` list of follow-up requests. */
export function readFollowUps(r: CallReader, value: JsonValue | undefined, pointer: string): FollowUpRequest[] {
  if (!isJsonArray(value)) return []
  return value.flatMap((item, i): FollowUpRequest[] => {
    if (!isJsonObject(item)) return []
    const at = `${pointer}/${i}`
    const context = Object.create(null) as Record<string, string | readonly string[]>
    const ctx = getMember(item, 'context')
    if (isJsonObject(ctx)) for (const k of Object.keys(ctx)) {
      const v = getMember(ctx, k)
      if (isJsonArray(v)) context[k] = v.map((x) => String(x))
      else if (v !== undefined && v !== null && typeof v !== 'object') context[k] = String(v)
    }
    const resourcePolicy = r.policy(getMember(item, 'resourcePolicy'), `${at}/resourcePolicy`, 'resource', 'resource policy')
    const account = str(item, 'resourceAccount')
    const expect = getMember(item, 'expect')
    const decision = isJsonObject(expect) ? str(expect, 'decision') : undefined
    return [
      {
        action: str(item, 'action') ?? '',
        resource: str(item, 'resource') ?? '',
        ...(account !== undefined ? { resourceAccount: account } : {}),
        context,
        ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
        ...(decision !== undefined ? { expect: { decision: decision as 'allowed' } } : {}),
        pointer: at,
      },
    ]
  })
}

/** Reads a flat context map (`context` of a call). */
export function readContext(value: JsonValue | undefined): Record<string, string | readonly string[]> {
  const out = Object.create(null) as Record<string, string | readonly string[]>
  if (!isJsonObject(value)) return out
  for (const k of Object.keys(value)) {
    const v = getMember(value, k)
    if (isJsonArray(v)) out[k] = v.map((x) => String(x))
    else if (v !== undefined && v !== null && typeof v !== 'object') out[k] = String(v)
  }
  return out
}
