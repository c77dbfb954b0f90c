/**
 * What the evaluator needs to know about a request's resource, read from its ARN once: partition,
 * account, whether it is a role (trust policies decide) or a KMS key (key policies decide), and
 * whether AWS protects it whatever the policies say.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 */
import { classifyPrincipalArn, parseArn } from '../arn/arn.js'
import type { Arn } from '../arn/arn.js'
import { isRoleArnParts } from './roleTrust.js'

/** What AWS protects about a resource, whatever the policies say. */
export type ProtectedResource =
  /** `arn:PARTITION:iam::aws:policy/…`. */
  | { readonly kind: 'awsManagedPolicy' }
  /** A role under `/aws-service-role/SERVICE/`; `service` is the service principal the path names. */
  | { readonly kind: 'serviceLinkedRole'; readonly service: string | undefined }
  /** A role under `/aws-reserved/`. */
  | { readonly kind: 'reservedRole' }

/** Facts about a resource ARN (or `*`). */
export interface ResourceFacts {
  /** The resource as given. */
  readonly resource: string
  /** The resource lowercased, for the case-insensitive reading of resource patterns. */
  readonly lower: string
  /** The ARN's partition; undefined when the resource is not an ARN. */
  readonly partition: string | undefined
  /** The ARN's account; undefined when it names none (S3) or the resource is not an ARN. */
  readonly account: string | undefined
  /** An IAM role ARN. */
  readonly isRole: boolean
  /** A KMS key ARN, whose key policy must allow access itself. */
  readonly isKmsKey: boolean
  /** What AWS protects about the resource. */
  readonly protectedResource: ProtectedResource | undefined
}

/**
 * Reads a resource ARN once.
 *
 * @example
 * resourceFactsOf('arn:aws:iam::111122223333:role/Deploy').isRole // true
 */
export function resourceFactsOf(resource: string): ResourceFacts {
  const arn = parseArn(resource)
  return {
    resource,
    lower: resource.toLowerCase(),
    partition: arn?.partition,
    account: arn !== undefined && arn.account !== '' ? arn.account : undefined,
    isRole: isRoleArnParts(arn),
    isKmsKey: arn !== undefined && arn.service === 'kms' && arn.resource.startsWith('key/'),
    protectedResource: protectedArn(arn, resource),
  }
}

/**
 * Classifies a resource ARN, or returns undefined when AWS does not protect it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 *
 * @example
 * protectedResourceOf('arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing')
 * // { kind: 'serviceLinkedRole', service: 'elasticloadbalancing.amazonaws.com' }
 */
export function protectedResourceOf(resource: string): ProtectedResource | undefined {
  return protectedArn(parseArn(resource), resource)
}

function protectedArn(arn: Arn | undefined, resource: string): ProtectedResource | undefined {
  if (arn === undefined || arn.service !== 'iam') return undefined
  if (arn.account === 'aws' && arn.region === '' && arn.resource.startsWith('policy/')) return MANAGED_POLICY
  const role = classifyPrincipalArn(resource)
  if (role?.kind !== 'role') return undefined
  if (role.path.startsWith('/aws-service-role/')) {
    const service = role.path.slice('/aws-service-role/'.length).split('/')[0]
    return { kind: 'serviceLinkedRole', service: service === '' ? undefined : service }
  }
  if (role.path.startsWith('/aws-reserved/')) return RESERVED_ROLE
  return undefined
}

const MANAGED_POLICY: ProtectedResource = Object.freeze({ kind: 'awsManagedPolicy' })
const RESERVED_ROLE: ProtectedResource = Object.freeze({ kind: 'reservedRole' })
