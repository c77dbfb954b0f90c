/**
 * Resources AWS protects whatever the policies say. AWS managed policies belong to AWS: nobody creates,
 * versions, tags or deletes them. Service-linked roles (`/aws-service-role/`) are changed only by their
 * service, and only their service assumes them; roles under `/aws-reserved/` (IAM Identity Center's
 * permission-set roles) are changed only by AWS. An analysis can therefore never pass through them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html
 */
import { isRoleTrustAction } from '../request/roleTrust.js'
import { DEFAULT_DENY } from './authorizer.js'
import type { AuthorizerRule } from './authorizer.js'

const MANAGED = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies'
const TAG_POLICY = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagPolicy.html'
const SLR = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html'
const SLR_UPDATE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-service-linked-role.html'
const RESERVED = 'https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html'
const NOT_ATTACHABLE = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html'

/** The IAM operations on a policy that change it (the policy ARN is their resource). */
const POLICY_CHANGES: ReadonlySet<string> = new Set([
  'iam:createpolicy',
  'iam:createpolicyversion',
  'iam:deletepolicy',
  'iam:deletepolicyversion',
  'iam:setdefaultpolicyversion',
  'iam:tagpolicy',
  'iam:untagpolicy',
])

/**
 * The IAM operations on a role that change its permissions, its trust or its existence. Editing a
 * service-linked role's description stays open ("You can edit the description of any role").
 */
const ROLE_CHANGES: ReadonlySet<string> = new Set([
  'iam:deleterole',
  'iam:updateassumerolepolicy',
  'iam:attachrolepolicy',
  'iam:detachrolepolicy',
  'iam:putrolepolicy',
  'iam:deleterolepolicy',
  'iam:putrolepermissionsboundary',
  'iam:deleterolepermissionsboundary',
])

/** On `/aws-reserved/` roles, AWS refuses every change made through IAM, the role's settings included. */
const RESERVED_ROLE_CHANGES: ReadonlySet<string> = new Set([...ROLE_CHANGES, 'iam:updaterole', 'iam:updateroledescription'])

/** Operations that attach a managed policy, or set one as a permissions boundary, named by a request key. */
const ATTACH_KEYS: ReadonlyMap<string, string> = new Map([
  ['iam:attachrolepolicy', 'iam:policyarn'],
  ['iam:attachuserpolicy', 'iam:policyarn'],
  ['iam:attachgrouppolicy', 'iam:policyarn'],
  ['iam:putrolepermissionsboundary', 'iam:permissionsboundary'],
  ['iam:putuserpermissionsboundary', 'iam:permissionsboundary'],
])

/** AWS managed policies cannot be created, versioned, tagged or deleted by anyone. */
export const awsManagedPolicy: AuthorizerRule = {
  name: 'aws-managed-policy',
  source: MANAGED,
  decide(s, step) {
    if (s.protectedResource?.kind !== 'awsManagedPolicy' || !POLICY_CHANGES.has(s.actionLower)) return undefined
    const tagging = s.actionLower === 'iam:tagpolicy' || s.actionLower === 'iam:untagpolicy'
    step?.('aws-managed-policy', 'fail', `${s.action} on an AWS managed policy: AWS managed policies are created and changed by AWS only, whatever the policies allow`, tagging ? TAG_POLICY : MANAGED)
    return DEFAULT_DENY
  },
}

/**
 * Service-linked roles are changed or deleted only by their service, roles under `/aws-reserved/`
 * only by AWS: no principal edits their trust, attaches or writes their policies, sets their
 * boundary or deletes them, whatever the policies allow. The service itself (a service caller, or
 * a service-linked role's session) is not bound.
 */
export const protectedRole: AuthorizerRule = {
  name: 'protected-role',
  source: SLR,
  decide(s, step) {
    const p = s.protectedResource
    if (p === undefined || p.kind === 'awsManagedPolicy') return undefined
    if (!(p.kind === 'reservedRole' ? RESERVED_ROLE_CHANGES : ROLE_CHANGES).has(s.actionLower)) return undefined
    if (s.caller.kind === 'service' || s.serviceLinked) return undefined
    step?.(
      'protected-role',
      'fail',
      p.kind === 'serviceLinkedRole'
        ? `${s.action} on a service-linked role: only ${p.service ?? 'its service'} can change or delete it, whatever the policies allow`
        : `${s.action} on a role under /aws-reserved/: only AWS (IAM Identity Center) can change it, whatever the policies allow`,
      p.kind === 'serviceLinkedRole' ? SLR_UPDATE : RESERVED,
    )
    return DEFAULT_DENY
  },
}

/** Only its service assumes a service-linked role (or passes session tags, source identity or context to it). */
export const serviceLinkedRoleTrust: AuthorizerRule = {
  name: 'service-linked-role-trust',
  source: SLR,
  decide(s, step) {
    if (s.protectedResource?.kind !== 'serviceLinkedRole' || !isRoleTrustAction(s.actionLower) || s.caller.kind === 'service') return undefined
    step?.('service-linked-role-trust', 'fail', `only ${s.protectedResource.service ?? 'its service'} can assume a service-linked role; its trust policy is defined by the service and cannot be edited`, SLR)
    return DEFAULT_DENY
  },
}

/**
 * AWS service-role policies (`arn:aws:iam::aws:policy/aws-service-role/…`) are attached only to their
 * service's service-linked role: attaching one to a user, group or role, or using it as a boundary,
 * fails (PolicyNotAttachable). Read from `iam:PolicyARN` / `iam:PermissionsBoundary` when the request gives them.
 */
export const serviceRolePolicyAttachment: AuthorizerRule = {
  name: 'service-role-policy',
  source: NOT_ATTACHABLE,
  decide(s, step) {
    const key = ATTACH_KEYS.get(s.actionLower)
    if (key === undefined || s.caller.kind === 'service' || s.serviceLinked) return undefined
    const values = s.context.get(key)?.values
    const named = values?.find((v) => /^arn:[^:]+:iam::aws:policy\/aws-service-role\//.test(v))
    if (named === undefined) return undefined
    step?.('service-role-policy', 'fail', `\`${named}\` is an AWS service-role policy: it can be attached only to its service's service-linked role`, NOT_ATTACHABLE)
    return DEFAULT_DENY
  },
}
