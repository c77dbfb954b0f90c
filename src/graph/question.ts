/**
 * Builds one trust question — "can this caller assume this role?" — for the engine: the request, the
 * policies AWS consults (caller's identity policies, boundary and SCPs; the role's trust policy and
 * its account's RCPs), and which context keys are known from the snapshot and which are open.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { CompiledCondition } from '../conditions/types.js'
import { isMultivaluedKey } from '../conditions/multivaluedKeys.js'
import type { CompiledPolicySet } from '../evaluate/evaluate.js'
import { memoOf, sealPolicySet } from '../evaluate/policySetCheck.js'
import { RequestMemo } from '../evaluate/prepareRequest.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import { buildContext } from '../request/buildContext.js'
import { callerFromPrincipal } from '../request/caller.js'
import type { ContextValue, Request, RequestPrincipal } from '../request/types.js'
import type { OrgPlacement, Snapshot, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import type { Tri } from '../trace/types.js'
import { sessionNamesToTry } from '../analysis/probe.js'
import type { AccessQuestion, KeyDomain, OpenKeys, UncertainReason } from '../analysis/types.js'
import { gapsAffecting } from '../snapshot/gaps.js'
import { sessionTagsOpen } from './sessionTags.js'

/**
 * Who asks. A snapshot user or role (a role means its sessions; `session` names one session), or outside
 * the snapshot: a whole account, one ARN, a service, an identity provider, or anyone.
 */
export type CallerSpec =
  | { readonly kind: 'principal'; readonly principal: SnapshotPrincipal; readonly session?: string }
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'arn'; readonly arn: string; readonly account: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'federated'; readonly provider: string }
  | { readonly kind: 'anyone' }

/** Where in a chain the question sits. */
export interface HopState {
  /** 0 for the first call. */
  readonly hop: number
}

/** A built question. */
export interface Question extends AccessQuestion {
  readonly request: Request
  readonly policies: CompiledPolicySet
  readonly keys: OpenKeys
}

/** The ARN of a session of a snapshot role: `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION` (no path). */
export function sessionArn(role: SnapshotRole, session: string): string {
  const partition = role.arn.split(':')[1] ?? 'aws'
  return `arn:${partition}:sts::${role.account}:assumed-role/${role.name}/${session}`
}

// Keys AWS derives for the caller or the role: known from the snapshot (absent when the snapshot has no value).
const PRINCIPAL_KEYS = new Set(['aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:username', 'aws:userid', 'aws:principalisawsservice', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalservicename', 'aws:principalservicenameslist', 'aws:federatedprovider'])
const RESOURCE_KEYS = new Set(['aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'])
// For a caller outside the snapshot only these principal keys are known.
const ACCOUNT_KNOWN = new Set(['aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalisawsservice'])
const CARRIED = new Set(['aws:sourceidentity', 'sts:sourceidentity'])

const MEMOS = new WeakMap<Snapshot, RequestMemo>()

/**
 * The request memo shared by every question about a snapshot. PERF: each question has a policy set of
 * its own; with one memo, what a caller's ARN says is read once for all the roles it is asked about.
 */
function memoOfSnapshot(snapshot: Snapshot): RequestMemo {
  let memo = MEMOS.get(snapshot)
  if (memo === undefined) MEMOS.set(snapshot, (memo = new RequestMemo()))
  return memo
}

let externalIdentity: CompiledPolicy | undefined
/** Stands for the caller's own account policies outside the snapshot: "whose own account's policies allow it". */
function externalIdentityPolicy(): CompiledPolicy {
  if (externalIdentity === undefined) {
    const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] }, { kind: 'identity' })
    externalIdentity = compilePolicy(parsed.ok ? parsed.value : (parsed.recovered as NonNullable<typeof parsed.recovered>), 'identity', "the caller's own account policies (outside the snapshot; assumed to allow)")
  }
  return externalIdentity
}

/** The STS action a caller uses. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html */
function actionFor(caller: CallerSpec): string {
  if (caller.kind !== 'federated') return 'sts:AssumeRole'
  return caller.provider.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity'
}

function orgOf(snapshot: Snapshot, account: string | undefined): OrgPlacement | undefined {
  return account === undefined ? undefined : snapshot.orgAccounts.get(account)
}

function requestPrincipal(caller: CallerSpec): RequestPrincipal {
  switch (caller.kind) {
    case 'principal':
      return { kind: 'aws', arn: caller.session !== undefined && caller.principal.kind === 'role' ? sessionArn(caller.principal, caller.session) : caller.principal.arn }
    case 'account':
      return { kind: 'aws', arn: `arn:aws:iam::${caller.account}:role/iamtrace-any-principal` }
    case 'arn':
      return { kind: 'aws', arn: caller.arn }
    case 'anyone':
      return { kind: 'aws', arn: 'arn:aws:iam::000000000000:role/iamtrace-any-principal' }
    case 'service':
      return { kind: 'service', service: caller.service }
    case 'federated':
      return { kind: 'federated', provider: caller.provider }
  }
}

/** Builds the question for `caller` assuming `role`; `given` are the keys the user supplied (--context). */
export function buildQuestion(snapshot: Snapshot, caller: CallerSpec, role: SnapshotRole, hop: HopState, given: Readonly<Record<string, ContextValue>> = {}): Question {
  const context: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>
  const givenLower = new Set(Object.keys(given).map((k) => k.toLowerCase()))
  const set = (key: string, value: ContextValue | undefined): void => {
    if (value !== undefined && !givenLower.has(key.toLowerCase())) context[key] = value
  }
  // The role side: its tags and its account's organization. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourcetag
  for (const tag of role.tags.values()) {
    set(`aws:ResourceTag/${tag.key}`, tag.value)
    set(`iam:ResourceTag/${tag.key}`, tag.value)
  }
  const roleOrg = orgOf(snapshot, role.account)
  set('aws:ResourceOrgID', roleOrg?.orgId)
  set('aws:ResourceOrgPaths', roleOrg === undefined ? undefined : [roleOrg.path])

  const callerAccount = caller.kind === 'principal' ? caller.principal.account : caller.kind === 'account' || caller.kind === 'arn' ? caller.account : undefined
  const callerOrg = orgOf(snapshot, callerAccount)
  if (caller.kind === 'principal' || caller.kind === 'account' || caller.kind === 'arn') {
    set('aws:PrincipalOrgID', callerOrg?.orgId)
    set('aws:PrincipalOrgPaths', callerOrg === undefined ? undefined : [callerOrg.path])
  }
  let sessionProbe = false
  if (caller.kind === 'principal') {
    const p = caller.principal
    for (const tag of p.tags.values()) set(`aws:PrincipalTag/${tag.key}`, tag.value)
    if (p.kind === 'user') set('aws:userid', p.id)
    else {
      // A role session: aws:userid is `RoleId:session`; the session name is open unless known. Its
      // aws:PrincipalArn is the role's ARN, path included (the session ARN has no path).
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
      set('aws:PrincipalArn', p.arn)
      const session = caller.session
      sessionProbe = session === undefined
      set('aws:userid', `${p.id}:${session ?? 'iamtrace-session'}`)
      // Whether a role session carries MFA depends on how it was created (AssumeRole with MFA returns
      // credentials that make MFA-protected requests), so aws:MultiFactorAuthPresent stays open.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
    }
  }
  if (caller.kind === 'federated') set('aws:FederatedProvider', caller.provider)
  for (const key of Object.keys(given)) {
    const v = given[key]
    if (v !== undefined) context[key] = v
  }

  const request: Request = { principal: requestPrincipal(caller), action: actionFor(caller), resource: role.arn, context }
  const known = new Set(Object.keys(context).map((k) => k.toLowerCase()))
  // Session tags passed when the caller's session was created, or inherited as transitive tags, override
  // the role's tags (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html).
  const tagsOpen = caller.kind === 'principal' && sessionTagsOpen(snapshot, caller.principal)
  const principalKnown = (k: string): boolean => {
    switch (caller.kind) {
      case 'principal':
        return !(tagsOpen && k.startsWith('aws:principaltag/'))
      case 'service':
      case 'federated':
        return true
      case 'account':
        return ACCOUNT_KNOWN.has(k)
      case 'arn':
        return ACCOUNT_KNOWN.has(k) || k === 'aws:principalarn' || k === 'aws:principaltype' || k === 'aws:username'
      case 'anyone':
        return k === 'aws:principalisawsservice'
    }
  }
  const keys: OpenKeys = {
    isOpen(k) {
      if (givenLower.has(k)) return false
      // Web-identity, SAML and service calls never carry AWS MFA context: the key is absent, not unknown.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
      if ((caller.kind === 'federated' || caller.kind === 'service') && (k === 'aws:multifactorauthpresent' || k === 'aws:multifactorauthage')) return false
      // An IAM user's own credentials never carry a source identity; only role sessions can.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
      if (k === 'aws:sourceidentity' && caller.kind === 'principal' && caller.principal.kind === 'user') return false
      if (sessionProbe && k === 'aws:userid') return true
      if (RESOURCE_KEYS.has(k) || k.startsWith('aws:resourcetag/') || k.startsWith('iam:resourcetag/')) return false
      if (PRINCIPAL_KEYS.has(k) || k.startsWith('aws:principaltag/')) return !principalKnown(k)
      return !known.has(k)
    },
    variable: (k) => (CARRIED.has(k) ? 'chain:sourceidentity' : `hop${hop.hop}:${k}`),
    ...(sessionProbe && caller.kind === 'principal'
      ? { probe: (k: string, c: CompiledCondition) => (k === 'aws:userid' ? userIdProbe(request, caller.principal.id, c) : undefined) }
      : {}),
  }

  const p = caller.kind === 'principal' ? caller.principal : undefined
  const serviceLinked = p?.kind === 'role' && p.serviceLinked
  // SCPs bind the caller's account (never a service-linked role); RCPs the role's account, except for
  // service-linked callers. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
  const policies: CompiledPolicySet = sealPolicySet(
    {
      identity: p !== undefined ? p.identity : caller.kind === 'account' || caller.kind === 'arn' || caller.kind === 'anyone' ? [externalIdentityPolicy()] : [],
      boundary: p !== undefined ? p.boundary : null,
      scps: serviceLinked || callerOrg === undefined ? [] : callerOrg.scps,
      resource: role.trust,
      rcps: serviceLinked || roleOrg === undefined ? [] : roleOrg.rcps,
    },
    memoOfSnapshot(snapshot),
  )
  // Inputs the snapshot could not read fully about this caller or this role cap the answer at uncertain.
  const gaps: UncertainReason[] = gapsAffecting(snapshot, [...(p !== undefined ? [p.arn] : []), role.arn], [...(callerAccount !== undefined ? [callerAccount] : []), role.account]).map((g) => ({
    code: g.code,
    message: g.message,
    ...(g.file !== undefined ? { file: g.file } : {}),
    ...(g.pointer !== undefined ? { pointer: g.pointer } : {}),
  }))
  // A witness gives a role session's aws:userid as `ROLEID:SESSION`, with a session name that matters.
  const roleId = caller.kind === 'principal' && sessionProbe ? caller.principal.id : undefined
  const domain: KeyDomain | undefined = roleId === undefined ? undefined : (k) => (k === 'aws:userid' ? sessionNamesToTry(roleId, userIdValues(policies)).map((s) => [`${roleId}:${s}`]) : undefined)
  return { request, policies, keys, ...(gaps.length > 0 ? { gaps } : {}), ...(domain !== undefined ? { domain } : {}) }
}

/**
 * The question with the caller's side taken as allowing everything: its identity policies replaced by
 * one that allows every STS action, no boundary, no SCPs. The role's trust policy and its account's
 * RCPs stay. Every policy of the caller can only take allows away (an identity policy grants at most
 * what this one does; boundaries and SCPs only limit), so when this question is denied for every
 * value of its open keys, the question itself is.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
export function roleSideQuestion(q: Question): Question {
  const policies = { identity: [externalIdentityPolicy()], boundary: null, scps: [], resource: q.policies.resource ?? null, rcps: q.policies.rcps ?? [] }
  return { ...q, policies: sealPolicySet(policies, memoOf(q.policies)) }
}

/** The values of every condition on aws:userid in the question's policies. */
function userIdValues(policies: CompiledPolicySet): string[] {
  const all = [...(policies.identity ?? []), policies.boundary, policies.resource, ...(policies.scps ?? []).flat(), ...(policies.rcps ?? []).flat()]
  return all.flatMap((p) => (p == null ? [] : p.statements.flatMap((s) => s.conditions.filter((c) => c.node.keyLower === 'aws:userid').flatMap((c) => c.node.values.map((v) => v.value)))))
}

/**
 * A condition on aws:userid of a role session, tried with a session name that makes each policy value
 * match (when one can) and with names that match none: if every result agrees, the session name does
 * not matter, so a pattern no session of this role can satisfy is decided, not a condition.
 */
function userIdProbe(request: Request, roleId: string, c: CompiledCondition): Tri[] {
  const caller = callerFromPrincipal(request.principal)
  if (!caller.ok) return []
  // A policy variable in a value cannot be probed this way: keep the condition open.
  if (c.node.values.some((v) => v.value.includes('${'))) return ['true', 'false']
  return sessionNamesToTry(roleId, c.node.values.map((v) => v.value)).map((session) => {
    const ctx = buildContext({ ...request.context, 'aws:userid': `${roleId}:${session}` }, caller.caller, request.resource, undefined, isMultivaluedKey)
    return c.evaluate(ctx, false).result
  })
}
