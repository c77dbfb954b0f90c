/**
 * A CloudTrail record as iamtrace reads it: the fields that say who asked for what, when, from where,
 * and what AWS answered. Field names follow CloudTrail's record contents.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
import type { DiagnosticCode } from '../diagnostics.js'
import type { JsonObject } from '../json/jsonValue.js'

/**
 * Where a record sits in its input: the file, the JSON pointer in the file, and for JSON lines the line.
 *
 * @example
 * const at: RecordLocation = { file: 'trail.json', pointer: '/Records/3' }
 */
export interface RecordLocation {
  readonly file?: string
  readonly pointer: string
  /** 1-based line of a JSON-lines record. */
  readonly line?: number
}

/**
 * `userIdentity.sessionContext`: how temporary credentials were obtained.
 *
 * @example
 * const mfa = record.userIdentity.sessionContext?.attributes?.mfaAuthenticated // 'true' | 'false' | undefined
 */
export interface SessionContext {
  readonly attributes?: { readonly mfaAuthenticated?: string; readonly creationDate?: string }
  readonly sessionIssuer?: { readonly type?: string; readonly principalId?: string; readonly arn?: string; readonly accountId?: string; readonly userName?: string }
  readonly sourceIdentity?: string
  readonly webIdFederationData?: { readonly federatedProvider?: string; readonly attributes?: JsonObject }
}

/**
 * `userIdentity`: who made the request and with which credentials.
 *
 * @example
 * if (record.userIdentity.type === 'AssumedRole') record.userIdentity.sessionContext?.sessionIssuer?.arn
 */
export interface UserIdentity {
  /** IAMUser, AssumedRole, FederatedUser, Root, AWSService, AWSAccount, SAMLUser, WebIdentityUser, IdentityCenterUser, Unknown. */
  readonly type: string
  readonly principalId?: string
  readonly arn?: string
  readonly accountId?: string
  readonly accessKeyId?: string
  readonly userName?: string
  readonly invokedBy?: string
  readonly identityProvider?: string
  readonly sessionContext?: SessionContext
}

/**
 * One CloudTrail record.
 *
 * @example
 * const r: CloudTrailRecord = parsed.value
 * `${r.eventSource} ${r.eventName} at ${r.eventTime}: ${r.errorCode ?? 'success'}`
 */
export interface CloudTrailRecord {
  readonly location: RecordLocation
  readonly eventID?: string
  readonly eventName: string
  readonly eventSource: string
  /** ISO 8601. */
  readonly eventTime: string
  readonly awsRegion?: string
  readonly sourceIPAddress?: string
  readonly userAgent?: string
  readonly userIdentity: UserIdentity
  readonly requestParameters: JsonObject | null
  readonly responseElements: JsonObject | null
  readonly errorCode?: string
  readonly errorMessage?: string
  readonly vpcEndpointId?: string
  readonly tlsDetails?: JsonObject
  readonly recipientAccountId?: string
  readonly resources: readonly { readonly arn?: string; readonly accountId?: string; readonly type?: string }[]
  readonly eventType?: string
}

/**
 * Something AWS knew when it decided that the record does not tell, and what it could change.
 *
 * @example
 * for (const u of unknowns) console.log(u.code, u.key ?? '', u.decisive ? '(could change the decision)' : '')
 */
export interface Unknown {
  readonly code: DiagnosticCode
  /** The context key, for an unknown request value. */
  readonly key?: string
  readonly message: string
  /** True when some value of it would change the decision. */
  readonly decisive: boolean
  /** How iamtrace read it meanwhile (e.g. `absent`, `taken to allow`). */
  readonly assumed?: string
}
