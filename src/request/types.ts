/**
 * The request model: who calls, what action, on which resource, with which context keys.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/** The caller of a request. */
export type RequestPrincipal =
  /** An AWS principal ARN: IAM user, IAM role, assumed-role session, federated user, or account root. */
  | { readonly kind: 'aws'; readonly arn: string }
  /** An AWS service principal, e.g. `ec2.amazonaws.com`. */
  | { readonly kind: 'service'; readonly service: string }
  /** A web-identity or SAML caller, by provider ARN or built-in IdP name. */
  | { readonly kind: 'federated'; readonly provider: string }
  /** An unauthenticated caller. */
  | { readonly kind: 'anonymous' }

/** A context value as given: one string, or several for a multivalued key. */
export type ContextValue = string | readonly string[]

/** A request to evaluate. */
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
