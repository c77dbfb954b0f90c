/**
 * Rules that depend on who calls and on what, before any policy is read: which API a caller can use to
 * assume a role, which operations policies do not control, which resources must grant themselves, and
 * which callers organization policies skip.
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import type { Caller } from '../request/caller.js'

const GCI = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html'
const GST = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html'

/** A decision AWS makes without reading policies. */
export interface PolicyFreeDecision {
  readonly allowed: boolean
  readonly message: string
  readonly source: string
}

/**
 * Operations AWS does not authorize with policies: GetCallerIdentity for any AWS principal (even under
 * an explicit Deny); GetSessionToken for the long-term credentials of an IAM user or the root user,
 * never for temporary credentials. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * and https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
export function policyFreeDecision(caller: Caller, actionLower: string, action: string): PolicyFreeDecision | undefined {
  if (!caller.signed) return undefined
  if (actionLower === 'sts:getcalleridentity') return { allowed: true, message: `${action} needs no permission and cannot be denied by a policy`, source: GCI }
  if (actionLower !== 'sts:getsessiontoken') return undefined
  if (caller.kind === 'user' || caller.kind === 'root') return { allowed: true, message: `${action} needs no permission and cannot be denied by a policy`, source: GST }
  return { allowed: false, message: 'GetSessionToken is called with the long-term credentials of an IAM user or the root user, never with temporary credentials', source: GST }
}

/**
 * A caller known to be a service-linked role: its role ARN (the caller's own, or aws:PrincipalArn given
 * in the context) sits under the reserved `/aws-service-role/` path. A session ARN alone does not show
 * the path, so such a caller stays bound by SCPs and RCPs (fail closed).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 */
export function isServiceLinkedRole(caller: Caller, principalArn: string | undefined): boolean {
  if (caller.kind !== 'role' && caller.kind !== 'roleSession') return false
  // PERF: a bare role ARN shows its own path; only a given aws:PrincipalArn needs reading.
  if (principalArn === undefined || principalArn === caller.arn) return caller.kind === 'role' && (caller.rolePath?.startsWith('/aws-service-role/') ?? false)
  const named = classifyPrincipalArn(principalArn)
  return named?.kind === 'role' && named.account === caller.account && named.name === caller.roleName && named.path.startsWith('/aws-service-role/')
}

/** The AssumeRole* action a caller can invoke, or undefined when it can invoke none. */
export function assumeApiOf(caller: Caller): string | undefined {
  switch (caller.kind) {
    case 'webIdentity':
      return 'sts:assumerolewithwebidentity'
    case 'saml':
      return 'sts:assumerolewithsaml'
    case 'anonymous':
      return undefined
    default:
      return 'sts:assumerole'
  }
}
