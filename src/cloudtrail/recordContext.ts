/**
 * The request-wide context keys a record shows: time, region, source address or VPC endpoint, TLS,
 * whether a service called on the principal's behalf — and the keys it cannot show, as unknowns.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://repost.aws/knowledge-center/iam-restrict-access-policy (aws:SourceIp is absent through a VPC endpoint)
 */
import { parseIp } from '../conditions/ip.js'
import type { ContextValue } from '../request/types.js'
import type { CloudTrailRecord } from './types.js'

/**
 * Keys and unknowns read from the record itself.
 *
 * @example
 * const c = recordContext(record)
 * c.context['aws:SourceIp'] // '192.0.2.101'
 */
export interface RecordContext {
  readonly context: Record<string, ContextValue>
  /** Key (as AWS spells it) → why its value is unknown. */
  readonly unknown: ReadonlyMap<string, string>
}

/** `2019-10-02T22:12:29Z` → the same instant as ISO 8601 without milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

/**
 * Reads the record's request-wide keys.
 *
 * @example
 * recordContext(record).unknown.get('aws:SecureTransport') // set when the record has no tlsDetails
 */
export function recordContext(record: CloudTrailRecord): RecordContext {
  const context: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>
  const unknown = new Map<string, string>()
  const ms = Date.parse(record.eventTime)
  if (!Number.isNaN(ms)) {
    context['aws:CurrentTime'] = isoTime(ms)
    context['aws:EpochTime'] = String(Math.floor(ms / 1000))
  }
  if (record.awsRegion !== undefined) context['aws:RequestedRegion'] = record.awsRegion
  const source = record.sourceIPAddress
  const isIp = source !== undefined && parseIp(source) !== undefined
  if (record.vpcEndpointId !== undefined) {
    // Through a VPC endpoint AWS sends aws:SourceVpce and aws:VpcSourceIp, not aws:SourceIp.
    context['aws:SourceVpce'] = record.vpcEndpointId
    if (isIp) context['aws:VpcSourceIp'] = source
    unknown.set('aws:SourceVpc', 'the VPC of the endpoint is not in the record')
  } else if (isIp) {
    context['aws:SourceIp'] = source
  } else {
    unknown.set('aws:SourceIp', `the record's source is \`${source ?? '(none)'}\`, not an IP address`)
  }
  const via = record.userIdentity.invokedBy !== undefined && record.userIdentity.type !== 'AWSService'
  const serviceSource = source !== undefined && !isIp && (source.endsWith('.amazonaws.com') || source === 'AWS Internal')
  context['aws:ViaAWSService'] = via || serviceSource ? 'true' : 'false'
  if (via || serviceSource) unknown.set('aws:CalledVia', 'the services that called on the principal\'s behalf are not all in the record')
  if (record.tlsDetails !== undefined) context['aws:SecureTransport'] = 'true'
  else unknown.set('aws:SecureTransport', 'the record has no tlsDetails')
  return { context, unknown }
}
