/**
 * Which requests a role's trust policy decides: the AssumeRole family and the permission-only actions
 * that ride along with it (session tags, source identity, context), on an IAM role. One definition for
 * the evaluator, the scenario reader and the linter.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
 */
import { parseArn } from '../arn/arn.js'
import type { Arn } from '../arn/arn.js'

/** The actions a role trust policy allows, lowercased: the three assume APIs first, then the permission-only actions. */
export const ROLE_TRUST_ACTIONS = [
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
] as const

/** One of the three AssumeRole APIs, lowercased. */
export type AssumeRoleAction = (typeof ROLE_TRUST_ACTIONS)[0 | 1 | 2]

const TRUST_ACTIONS: ReadonlySet<string> = new Set(ROLE_TRUST_ACTIONS)

/**
 * Whether a lowercased action is one a role trust policy decides.
 *
 * @example
 * isRoleTrustAction('sts:tagsession') // true
 */
export function isRoleTrustAction(actionLower: string): boolean {
  return TRUST_ACTIONS.has(actionLower)
}

/**
 * Whether a lowercased action is one of the AssumeRole APIs (not TagSession and the other
 * permission-only actions).
 *
 * @example
 * isAssumeRoleAction('sts:assumerolewithsaml') // true
 */
export function isAssumeRoleAction(actionLower: string): actionLower is AssumeRoleAction {
  return actionLower === 'sts:assumerole' || actionLower === 'sts:assumerolewithsaml' || actionLower === 'sts:assumerolewithwebidentity'
}

/**
 * Whether an ARN names an IAM role.
 *
 * @example
 * isRoleArn('arn:aws:iam::111122223333:role/ops/Deploy') // true
 */
function isRoleArn(arn: string): boolean {
  return isRoleArnParts(parseArn(arn))
}

/**
 * Whether parsed ARN parts name an IAM role.
 *
 * @example
 * isRoleArnParts(parseArn('arn:aws:iam::111122223333:role/Deploy')) // true
 */
export function isRoleArnParts(arn: Arn | undefined): boolean {
  return arn !== undefined && arn.service === 'iam' && arn.resource.startsWith('role/')
}

/**
 * Whether a request is decided by a role's trust policy: a trust action (any case) on a role ARN.
 *
 * @example
 * isRoleTrustRequest('sts:AssumeRole', 'arn:aws:iam::111122223333:role/Deploy') // true
 * isRoleTrustRequest('sts:AssumeRole', '*') // false
 */
export function isRoleTrustRequest(action: string, resource: string): boolean {
  return isRoleTrustAction(action.toLowerCase()) && isRoleArn(resource)
}
