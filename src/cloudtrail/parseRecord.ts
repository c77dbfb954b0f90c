/**
 * A raw record → {@link CloudTrailRecord}: field names matched case-insensitively (Athena and Lake
 * exports lowercase them), fields that exports store as JSON text (`requestParameters`,
 * `responseElements`) decoded, and every missing or mistyped field iamtrace needs reported with its
 * pointer. Never throws.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { getMember, isJsonArray, isJsonObject, newJsonObject } from '../json/jsonValue.js'
import type { JsonObject, JsonValue } from '../json/jsonValue.js'
import { readJsonText } from '../json/readJson.js'
import { err, ok } from '../result.js'
import type { Result } from '../result.js'
import type { LocatedRecord } from './readEvents.js'
import { located } from './readEvents.js'
import type { CloudTrailRecord, SessionContext, UserIdentity } from './types.js'

/** Canonical spellings, nested: `null` marks a leaf kept as it is. */
interface Shape {
  readonly [lower: string]: readonly [string, Shape | null]
}

function shape(names: readonly (string | readonly [string, Shape])[]): Shape {
  const out: Record<string, readonly [string, Shape | null]> = Object.create(null) as Record<string, readonly [string, Shape | null]>
  for (const n of names) {
    if (typeof n === 'string') out[n.toLowerCase()] = [n, null]
    else out[n[0].toLowerCase()] = [n[0], n[1]]
  }
  return out
}

const SESSION_CONTEXT = shape([
  ['attributes', shape(['mfaAuthenticated', 'creationDate'])],
  ['sessionIssuer', shape(['type', 'principalId', 'arn', 'accountId', 'userName'])],
  'sourceIdentity',
  ['webIdFederationData', shape(['federatedProvider', 'attributes'])],
  'ec2RoleDelivery',
  'assumedRoot',
])
const USER_IDENTITY = shape(['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy', 'identityProvider', ['sessionContext', SESSION_CONTEXT], 'onBehalfOf', 'credentialId', 'inScopeOf'])
const RESOURCE = shape(['ARN', 'accountId', 'type'])
const RECORD = shape([
  'eventVersion',
  ['userIdentity', USER_IDENTITY],
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'readOnly',
  'resources',
  'eventType',
  'managementEvent',
  'recipientAccountId',
  'sharedEventID',
  'vpcEndpointId',
  'vpcEndpointAccountId',
  'eventCategory',
  'tlsDetails',
])
// Fields exports store as JSON text.
const JSON_TEXT = new Set(['requestParameters', 'responseElements', 'additionalEventData', 'tlsDetails'])

/** Renames keys to their canonical spelling (unknown keys are kept as written). */
function canonical(value: JsonObject, s: Shape): JsonObject {
  const out = newJsonObject()
  for (const key of Object.keys(value)) {
    const entry = s[key.toLowerCase()]
    const name = entry?.[0] ?? key
    let v = value[key] as JsonValue
    const nested = entry?.[1]
    if (nested != null && isJsonObject(v)) v = canonical(v, nested)
    if (name === 'resources' && isJsonArray(v)) v = v.map((r) => (isJsonObject(r) ? canonical(r, RESOURCE) : r))
    out[name] = v
  }
  return out
}

function text(o: JsonObject | undefined, key: string): string | undefined {
  const v = o === undefined ? undefined : getMember(o, key)
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return undefined
}

function object(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = o === undefined ? undefined : getMember(o, key)
  return isJsonObject(v) ? v : undefined
}

/** A field held as an object, or as JSON text in an export; null stays null. */
function jsonField(o: JsonObject, key: string, at: string, out: Diagnostic[]): JsonObject | null {
  const v = getMember(o, key)
  if (v === undefined || v === null || v === '') return null
  if (isJsonObject(v)) return v
  if (typeof v === 'string' && JSON_TEXT.has(key)) {
    const read = readJsonText(v, { maxLength: 4 * 1024 * 1024, maxDepth: 64 })
    if (read.document !== undefined && isJsonObject(read.document.value)) return read.document.value
  }
  out.push(diagnostic('cloudtrail.invalid-record', `${at}/${key}`, `\`${key}\` is not an object`))
  return null
}

function sessionContext(o: JsonObject | undefined): SessionContext | undefined {
  if (o === undefined) return undefined
  const attributes = object(o, 'attributes')
  const issuer = object(o, 'sessionIssuer')
  const web = object(o, 'webIdFederationData')
  const pick = (src: JsonObject | undefined, keys: readonly string[]): Record<string, string> => {
    const r: Record<string, string> = {}
    for (const k of keys) {
      const v = text(src, k)
      if (v !== undefined) r[k] = v
    }
    return r
  }
  const sourceIdentity = text(o, 'sourceIdentity')
  const webAttributes = object(web, 'attributes')
  return {
    ...(attributes !== undefined ? { attributes: pick(attributes, ['mfaAuthenticated', 'creationDate']) } : {}),
    ...(issuer !== undefined ? { sessionIssuer: pick(issuer, ['type', 'principalId', 'arn', 'accountId', 'userName']) } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...(web !== undefined ? { webIdFederationData: { ...pick(web, ['federatedProvider']), ...(webAttributes !== undefined ? { attributes: webAttributes } : {}) } } : {}),
  }
}

/**
 * Reads one located raw record.
 *
 * @example
 * const { records } = readEvents(text, 'event.json')
 * const r = parseRecord(records[0]!)
 * if (r.ok) r.value.userIdentity.type // 'IAMUser'
 */
export function parseRecord(input: LocatedRecord): Result<CloudTrailRecord, Diagnostic> {
  const at = input.location.pointer
  const raw = canonical(input.value, RECORD)
  const out: Diagnostic[] = []
  const need = (key: string): string | undefined => {
    const v = text(raw, key)
    if (v === undefined || v === '') out.push(diagnostic('cloudtrail.invalid-record', `${at}/${key}`, `the record has no \`${key}\``))
    return v
  }
  const eventName = need('eventName')
  const eventSource = need('eventSource')
  const eventTime = need('eventTime')
  if (eventTime !== undefined && Number.isNaN(Date.parse(eventTime))) out.push(diagnostic('cloudtrail.invalid-record', `${at}/eventTime`, `\`eventTime\` is not a date: \`${eventTime}\``))
  const ui = object(raw, 'userIdentity')
  const type = text(ui, 'type')
  if (ui === undefined) out.push(diagnostic('cloudtrail.invalid-record', `${at}/userIdentity`, 'the record has no `userIdentity` object'))
  else if (type === undefined) out.push(diagnostic('cloudtrail.invalid-record', `${at}/userIdentity/type`, 'the record\'s `userIdentity` has no `type`'))
  const requestParameters = jsonField(raw, 'requestParameters', at, out)
  const responseElements = jsonField(raw, 'responseElements', at, out)
  const tls = jsonField(raw, 'tlsDetails', at, out)
  const [first, ...rest] = out.map((d) => located(d, input.location))
  if (first !== undefined) return err(first, ...rest)
  const sc = sessionContext(object(ui, 'sessionContext'))
  const userIdentity: UserIdentity = { type: type as string }
  const identityFields = ['principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy', 'identityProvider'] as const
  const identity: Record<string, string> = {}
  for (const k of identityFields) {
    const v = text(ui, k)
    if (v !== undefined) identity[k] = v
  }
  const resources = getMember(raw, 'resources')
  const optional = (key: string): Record<string, string> => {
    const v = text(raw, key)
    return v !== undefined && v !== '' ? { [key]: v } : {}
  }
  return ok({
    location: input.location,
    eventName: eventName as string,
    eventSource: eventSource as string,
    eventTime: eventTime as string,
    ...optional('eventID'),
    ...optional('awsRegion'),
    ...optional('sourceIPAddress'),
    ...optional('userAgent'),
    ...optional('errorCode'),
    ...optional('errorMessage'),
    ...optional('vpcEndpointId'),
    ...optional('recipientAccountId'),
    ...optional('eventType'),
    userIdentity: { ...userIdentity, ...identity, ...(sc !== undefined ? { sessionContext: sc } : {}) },
    requestParameters,
    responseElements,
    ...(tls !== null ? { tlsDetails: tls } : {}),
    resources: isJsonArray(resources)
      ? resources.flatMap((r) => (isJsonObject(r) ? [{ ...(text(r, 'ARN') !== undefined ? { arn: text(r, 'ARN') as string } : {}), ...(text(r, 'accountId') !== undefined ? { accountId: text(r, 'accountId') as string } : {}), ...(text(r, 'type') !== undefined ? { type: text(r, 'type') as string } : {}) }] : []))
      : [],
  })
}
