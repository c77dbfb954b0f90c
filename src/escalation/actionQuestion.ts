/**
 * Builds the engine question for one action a snapshot principal makes on one resource: its identity
 * policies, boundary and SCPs, the context keys the snapshot knows (who the caller is, the resource's
 * account, organization and tags, the values the technique fixes), and every other key left open —
 * request parameters the caller chooses (tags on a new resource, the region, the name of the resource)
 * as much as facts of the moment (source IP, MFA). An open key becomes a condition in the answer.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicySet } from '../evaluate/evaluate.js'
import type { CompiledCondition } from '../conditions/types.js'
import type { OpenKeys } from '../analysis/types.js'
import type { ContextEntry } from '../request/context.js'
import type { Tri } from '../trace/types.js'
import { sessionTagsOpen } from '../graph/sessionTags.js'
import type { ContextValue, Request } from '../request/types.js'
import type { Snapshot, SnapshotPrincipal, Tag } from '../snapshot/types.js'
import type { ActionQuestion } from './decide.js'

/** What the question knows about the resource. */
export interface ResourceFacts {
  readonly arn: string
  /** The account owning the resource when its ARN names none (S3). */
  readonly account?: string
  /** The resource's tags; undefined when unknown (a new resource, or an inventory that does not list them). */
  readonly tags?: ReadonlyMap<string, Tag>
  /** The resource-based policy AWS consults, when the question needs one (a trust policy). */
  readonly policy?: CompiledPolicy | null
  /** The resource account's RCPs apply (only for services RCPs cover). */
  readonly rcps?: boolean
  /** A user or role: the ARN of its permissions boundary, or null when it has none (iam:PermissionsBoundary). */
  readonly boundaryArn?: string | null
}

/**
 * IAM actions on a user or role whose iam:PermissionsBoundary key is the entity's current boundary
 * (PutUserPermissionsBoundary and PutRolePermissionsBoundary read the new one instead).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PermissionsBoundary
 */
const CURRENT_BOUNDARY_ACTIONS = new Set(['iam:attachrolepolicy', 'iam:attachuserpolicy', 'iam:deleterolepermissionsboundary', 'iam:deleteuserpermissionsboundary', 'iam:putrolepolicy', 'iam:putuserpolicy', 'iam:updateassumerolepolicy'])

/** What every question of one analysis shares. */
export interface QuestionEnv {
  readonly snapshot: Snapshot
  /**
   * The time of the analysis (milliseconds since the epoch). When given, requests are made from then
   * on: aws:CurrentTime is at or after it and aws:TokenIssueTime at most 36 hours before it (the
   * longest session STS issues), so a condition that no such time satisfies is decided, not open.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tokenissuetime
   */
  readonly now?: number
}

/** The caller's policies, when a question asks about them changed (a grant). */
export interface CallerPolicies {
  readonly identity: readonly CompiledPolicy[]
  readonly boundary: CompiledPolicy | null
  /** The SCP levels in place of the caller's account's (default: those). */
  readonly scps?: readonly (readonly CompiledPolicy[])[]
}

// Keys AWS derives from the caller: known from the snapshot (absent when it has no value).
const PRINCIPAL_KEYS = new Set(['aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:username', 'aws:userid', 'aws:principalisawsservice', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalservicename', 'aws:principalservicenameslist', 'aws:federatedprovider'])
const RESOURCE_ORG_KEYS = new Set(['aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'])
const PRINCIPAL_TAG = 'aws:principaltag/'
const RESOURCE_TAG = ['aws:resourcetag/', 'iam:resourcetag/']

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(arn: string): string {
  return arn.split(':')[1] ?? 'aws'
}

/**
 * The question for `caller` making `action` on `resource`, with `fixed` context keys set by the
 * technique (`null`: known to be absent). `scope` names the question's open keys (each question's
 * conditions stand apart).
 */
export function actionQuestion(env: QuestionEnv, caller: SnapshotPrincipal, action: string, resource: ResourceFacts, fixed: Readonly<Record<string, ContextValue | null>>, scope: string, policies?: CallerPolicies): ActionQuestion {
  const { snapshot } = env
  const context: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>
  const callerOrg = snapshot.orgAccounts.get(caller.account)
  const tagsOpen = sessionTagsOpen(snapshot, caller)
  if (!tagsOpen) for (const tag of caller.tags.values()) context[`aws:PrincipalTag/${tag.key}`] = tag.value
  if (callerOrg !== undefined) {
    context['aws:PrincipalOrgID'] = callerOrg.orgId
    context['aws:PrincipalOrgPaths'] = [callerOrg.path]
  }
  if (caller.kind === 'user') context['aws:userid'] = caller.id
  const resourceAccount = resource.account ?? (resource.arn.split(':')[4] || caller.account)
  const resourceOrg = snapshot.orgAccounts.get(resourceAccount)
  if (resourceOrg !== undefined) {
    context['aws:ResourceOrgID'] = resourceOrg.orgId
    context['aws:ResourceOrgPaths'] = [resourceOrg.path]
  }
  if (resource.tags !== undefined) {
    for (const tag of resource.tags.values()) {
      context[`aws:ResourceTag/${tag.key}`] = tag.value
      context[`iam:ResourceTag/${tag.key}`] = tag.value
    }
  }
  const absent: string[] = []
  if (resource.boundaryArn !== undefined && CURRENT_BOUNDARY_ACTIONS.has(action.toLowerCase())) {
    if (resource.boundaryArn === null) absent.push('iam:PermissionsBoundary')
    else context['iam:PermissionsBoundary'] = resource.boundaryArn
  }
  for (const key of Object.keys(fixed)) {
    const v = fixed[key]
    if (v === null) absent.push(key)
    else if (v !== undefined) context[key] = v
  }
  const known = new Set([...Object.keys(context), ...absent].map((k) => k.toLowerCase()))
  const keys: OpenKeys = {
    isOpen(k) {
      if (known.has(k)) return false
      // An IAM user's own credentials never carry a source identity; only role sessions can.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
      if (k === 'aws:sourceidentity') return caller.kind === 'role'
      if (k.startsWith(PRINCIPAL_TAG)) return tagsOpen
      // A role session's aws:userid is `RoleId:session name`, and the caller picks the session name.
      if (k === 'aws:userid') return caller.kind === 'role'
      if (PRINCIPAL_KEYS.has(k) || RESOURCE_ORG_KEYS.has(k)) return false
      if (RESOURCE_TAG.some((p) => k.startsWith(p))) return resource.tags === undefined
      return true
    },
    variable: (k) => `${scope}:${k}`,
    ...(env.now !== undefined ? { probe: timeProbe(env.now) } : {}),
  }
  const org = callerOrg
  // SCPs bind the caller's account, never a service-linked role; RCPs the resource's account.
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
  const serviceLinked = caller.kind === 'role' && caller.serviceLinked
  const set: CompiledPolicySet = {
    identity: policies?.identity ?? caller.identity,
    boundary: policies !== undefined ? policies.boundary : caller.boundary,
    scps: serviceLinked || org === undefined ? [] : (policies?.scps ?? org.scps),
    ...(resource.policy != null ? { resource: resource.policy } : {}),
    ...(resource.rcps === true && resourceOrg !== undefined && !serviceLinked ? { rcps: resourceOrg.rcps } : {}),
  }
  const request: Request = { principal: { kind: 'aws', arn: caller.arn }, action, resource: resource.arn, ...(resource.account !== undefined ? { resourceAccount: resource.account } : {}), context }
  return { request, policies: set, keys }
}

const HOUR = 3_600_000
/** The longest session STS issues (GetSessionToken for an IAM user: 36 hours). https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html */
const LONGEST_SESSION = 36 * HOUR

/**
 * Time keys tried at representative moments from `now` on: a condition that comes out the same at
 * all of them is decided. aws:CurrentTime: now, in a day, a year and a century; aws:TokenIssueTime:
 * 36 hours before each of those, and the moment itself.
 */
function timeProbe(now: number): (keyLower: string, condition: CompiledCondition) => readonly Tri[] | undefined {
  const later = [0, 24 * HOUR, 365 * 24 * HOUR, 100 * 365 * 24 * HOUR].map((d) => now + d)
  const moments: Readonly<Record<string, readonly number[]>> = {
    'aws:currenttime': later,
    'aws:tokenissuetime': later.flatMap((t) => [t - LONGEST_SESSION, t]),
  }
  return (keyLower, condition) => {
    const at = moments[keyLower]
    if (at === undefined) return undefined
    return at.map((t) => {
      const entry: ContextEntry = { values: [new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')], multi: false }
      return condition.evaluate({ get: (k) => (k === keyLower ? entry : undefined) }, false).result
    })
  }
}
