/**
 * Which action and resource an event's API call is authorized as: the IAM action from `eventSource`
 * and `eventName`, and the resource ARN from `resources` or the request parameters. Where the record
 * does not say, the resource is `*` and an unknown says so.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { getMember } from '../json/jsonValue.js'
import type { JsonObject } from '../json/jsonValue.js'
import type { Snapshot } from '../snapshot/types.js'
import type { CloudTrailRecord } from './types.js'

// eventSource hosts whose IAM service prefix differs.
const PREFIX: Readonly<Record<string, string>> = { monitoring: 'cloudwatch', email: 'ses', tagging: 'tag', 'sso-directory': 'sso-directory' }
// Event names that are not the IAM action's name. https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
const ACTION: Readonly<Record<string, string>> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadObject': 's3:GetObject',
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjects': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
  's3:DeleteObjects': 's3:DeleteObject',
  'lambda:Invoke': 'lambda:InvokeFunction',
}

/** Services whose resources can carry a resource-based policy the snapshot does not hold. */
export const RESOURCE_POLICY_SERVICES: ReadonlySet<string> = new Set(['s3', 'sqs', 'sns', 'kms', 'lambda', 'secretsmanager', 'ecr', 'glacier', 'es', 'logs', 'events', 'backup', 'execute-api', 'dynamodb', 'elasticfilesystem', 'codeartifact', 'ssm-incidents', 'cloudtrail'])

/** The IAM service prefix of an event source (`s3.amazonaws.com` → `s3`). */
function servicePrefix(eventSource: string): string {
  const host = eventSource.toLowerCase().replace(/\.amazonaws\.com$/, '')
  return PREFIX[host] ?? host
}

/** Strips API-version suffixes such as `20150331` or `20150331v2` (Lambda, CloudFront). */
function withoutVersion(name: string): string {
  let end = name.length
  let v = end
  while (v > 0 && /\d/.test(name[v - 1] ?? '')) v--
  if (v > 0 && v < end && name[v - 1] === 'v') end = v - 1
  let d = end
  while (d > 0 && /\d/.test(name[d - 1] ?? '')) d--
  return end - d === 8 && d > 0 ? name.slice(0, d) : name
}

/**
 * The IAM action of an event.
 *
 * @example
 * actionOf({ eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' }) // { action: 's3:ListAllMyBuckets', exact: true }
 */
export function actionOf(record: Pick<CloudTrailRecord, 'eventSource' | 'eventName'>): { readonly action: string; readonly service: string } {
  const service = servicePrefix(record.eventSource)
  const plain = `${service}:${withoutVersion(record.eventName)}`
  return { action: ACTION[plain] ?? plain, service }
}

function param(rp: JsonObject | null, key: string): string | undefined {
  const v = rp !== null ? getMember(rp, key) : undefined
  return typeof v === 'string' && v !== '' ? v : undefined
}

/**
 * The resource of an event, or undefined when the record does not tell.
 *
 * @example
 * resourceOf(record, snapshot, 's3', '111122223333') // 'arn:aws:s3:::my-bucket'
 */
export function resourceOf(record: CloudTrailRecord, snapshot: Snapshot, service: string, account: string | undefined): string | undefined {
  const listed = record.resources.find((r) => r.arn !== undefined)?.arn
  if (listed !== undefined) return listed
  const rp = record.requestParameters
  const region = record.awsRegion ?? ''
  const acct = account ?? ''
  const arnOr = (value: string | undefined, build: (v: string) => string): string | undefined => (value === undefined ? undefined : value.startsWith('arn:') ? value : build(value))
  switch (service) {
    case 's3': {
      const bucket = param(rp, 'bucketName')
      const key = param(rp, 'key')
      return bucket === undefined ? undefined : key !== undefined ? `arn:aws:s3:::${bucket}/${key}` : `arn:aws:s3:::${bucket}`
    }
    case 'iam': {
      const role = param(rp, 'roleName')
      if (role !== undefined) return [...snapshot.roles.values()].find((r) => r.account === acct && r.name === role)?.arn ?? `arn:aws:iam::${acct}:role/${role}`
      const user = param(rp, 'userName')
      if (user !== undefined) return [...snapshot.principals.values()].find((p) => p.kind === 'user' && p.account === acct && p.name === user)?.arn ?? `arn:aws:iam::${acct}:user/${user}`
      return param(rp, 'policyArn') ?? arnOr(param(rp, 'groupName'), (g) => `arn:aws:iam::${acct}:group/${g}`)
    }
    case 'sts':
      return param(rp, 'roleArn')
    case 'lambda':
      return arnOr(param(rp, 'functionName'), (f) => `arn:aws:lambda:${region}:${acct}:function:${f}`)
    case 'kms': {
      const key = param(rp, 'keyId')
      return key !== undefined && !key.startsWith('alias/') ? arnOr(key, (k) => `arn:aws:kms:${region}:${acct}:key/${k}`) : undefined
    }
    case 'sns':
      return param(rp, 'topicArn')
    case 'sqs': {
      const url = param(rp, 'queueUrl')
      const name = url?.split('/').pop()
      return name !== undefined && name !== '' ? `arn:aws:sqs:${region}:${acct}:${name}` : undefined
    }
    case 'dynamodb':
      return arnOr(param(rp, 'tableName'), (t) => `arn:aws:dynamodb:${region}:${acct}:table/${t}`)
    case 'secretsmanager': {
      const id = param(rp, 'secretId')
      return id !== undefined && id.startsWith('arn:') ? id : undefined
    }
    default:
      // An ARN among the parameters may name another resource (a role passed, a key used): not guessed.
      return undefined
  }
}
