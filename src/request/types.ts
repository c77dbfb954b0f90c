/**
 * The request model: who calls, what action, on which resource, with which context keys.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/**
 * The caller of a request.
 *
 * @example
 * const github: RequestPrincipal = { kind: 'federated', provider: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }
 * const ec2: RequestPrincipal = { kind: 'service', service: 'ec2.amazonaws.com' }
 */
export type RequestPrincipal =
  /** An AWS principal ARN: IAM user, IAM role, assumed-role session, federated user, or account root. */
  | { readonly kind: 'aws'; readonly arn: string }
  /** An AWS service principal, e.g. `ec2.amazonaws.com`. */
  | { readonly kind: 'service'; readonly service: string }
  /** A web-identity or SAML caller, by provider ARN or built-in IdP name. */
  | { readonly kind: 'federated'; readonly provider: string }
  /** An unauthenticated caller. */
  | { readonly kind: 'anonymous' }

/**
 * A context value as given: one string, or several for a multivalued key.
 *
 * @example
 * const context: Record<string, ContextValue> = { 'aws:SourceIp': '203.0.113.10', 'aws:TagKeys': ['team', 'project'] }
 */
export type ContextValue = string | readonly string[]

/**
 * A request to evaluate.
 *
 * @example
 * const request: Request = {
 *   principal: { kind: 'aws', arn: 'arn:aws:iam::111122223333:user/alice' },
 *   action: 'sts:AssumeRole',
 *   resource: 'arn:aws:iam::444455556666:role/Auditor',
 *   context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:TagKeys': ['team', 'project'] },
 * }
 */
export interface Request {
  readonly principal: RequestPrincipal
  /** `service:Action`, matched case-insensitively. */
  readonly action: string
  /** The resource ARN; for `sts:AssumeRole*` the role's ARN. */
  readonly resource: string
  /** The account owning the resource, for ARNs without one (S3). */
  readonly resourceAccount?: string
  /** Condition keys (any case) and their values. */
  readonly context?: Readonly<Record<string, ContextValue>>
}
