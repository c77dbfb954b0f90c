/**
 * Resources AWS protects whatever the policies say, read straight from AWS's pages:
 * - AWS managed policies (`arn:…:iam::aws:policy/…`) are created, versioned, tagged and deleted by AWS
 *   only. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
 * - A service-linked role (path `/aws-service-role/`) is assumed only by its service, and its trust,
 *   policies, boundary and existence are changed only by that service; its description may be edited.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-service-linked-role.html
 * - Roles under `/aws-reserved/` (IAM Identity Center) are changed only by AWS, their settings included.
 *   https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html
 * - An AWS service-role policy (`arn:…:iam::aws:policy/aws-service-role/…`) attaches only to its
 *   service's service-linked role (PolicyNotAttachable). https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
 */
import { arnParts } from './caller.js'
import type { RefCaller } from './caller.js'
import type { RefRequest } from './types.js'

const MANAGED_POLICY_WRITES = ['iam:createpolicy', 'iam:createpolicyversion', 'iam:deletepolicy', 'iam:deletepolicyversion', 'iam:setdefaultpolicyversion', 'iam:tagpolicy', 'iam:untagpolicy']
const ROLE_WRITES = [
  'iam:deleterole',
  'iam:updateassumerolepolicy',
  'iam:attachrolepolicy',
  'iam:detachrolepolicy',
  'iam:putrolepolicy',
  'iam:deleterolepolicy',
  'iam:putrolepermissionsboundary',
  'iam:deleterolepermissionsboundary',
]
const RESERVED_ROLE_WRITES = [...ROLE_WRITES, 'iam:updaterole', 'iam:updateroledescription']
const TRUST_ACTIONS = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext']
/** The request key that names the policy an attach (or boundary) operation uses. */
const ATTACHED_POLICY_KEY: Readonly<Record<string, string>> = {
  'iam:attachrolepolicy': 'iam:policyarn',
  'iam:attachuserpolicy': 'iam:policyarn',
  'iam:attachgrouppolicy': 'iam:policyarn',
  'iam:putrolepermissionsboundary': 'iam:permissionsboundary',
  'iam:putuserpermissionsboundary': 'iam:permissionsboundary',
}

/** The request's values for a context key (names are case-insensitive). */
function contextValues(request: RefRequest, key: string): readonly string[] {
  for (const [k, v] of Object.entries(request.context ?? {})) if (k.toLowerCase() === key) return typeof v === 'string' ? [v] : v
  return []
}

/**
 * True when AWS refuses the request whatever the policies allow. `serviceLinkedCaller`: the caller is
 * a session of a service-linked role (the service acting), which like a service caller is not bound.
 */
export function protectedRefusal(request: RefRequest, caller: RefCaller, serviceLinkedCaller: boolean): boolean {
  const action = request.action.toLowerCase()
  const target = arnParts(request.resource)
  const theService = caller.kind === 'service' || serviceLinkedCaller || (caller.kind === 'role' && arnParts(caller.arn)?.resource.startsWith('role/aws-service-role/') === true)
  if (target?.service === 'iam') {
    if (target.account === 'aws' && target.resource.startsWith('policy/') && MANAGED_POLICY_WRITES.includes(action)) return true
    if (target.resource.startsWith('role/aws-service-role/')) {
      if (TRUST_ACTIONS.includes(action) && caller.kind !== 'service') return true
      if (ROLE_WRITES.includes(action) && !theService) return true
    }
    if (target.resource.startsWith('role/aws-reserved/') && RESERVED_ROLE_WRITES.includes(action) && !theService) return true
  }
  const key = ATTACHED_POLICY_KEY[action]
  if (key !== undefined && !theService) {
    return contextValues(request, key).some((v) => {
      const policy = arnParts(v)
      return policy?.service === 'iam' && policy.account === 'aws' && policy.resource.startsWith('policy/aws-service-role/')
    })
  }
  return false
}
