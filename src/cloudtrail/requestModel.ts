/**
 * The model of any other management event (and of a service assuming a role): the caller's identity
 * policies, boundary and SCPs, the target's RCPs and — for a role — its trust policy, evaluated by the
 * engine with the context the record and the snapshot give. Every key neither gives is unknown.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { classifyPrincipalArn, parseArn } from '../arn/arn.js'
import { compilePolicy } from '../compile/compilePolicy.js'
import { evaluateCompiled } from '../evaluate/evaluate.js'
import type { CompiledPolicySet } from '../evaluate/evaluate.js'
import type { FixAttempt, PolicySlot } from '../fix/types.js'
import type { Policy } from '../policy/types.js'
import type { ContextValue } from '../request/types.js'
import type { Snapshot } from '../snapshot/types.js'
import type { ReconstructedCaller } from './caller.js'
import { parseCloudTrailTime } from './caller.js'
import { allSlots, callerSlots, resolveSlot, targetSlots } from './callerSide.js'
import type { EventModel, EventOutcome, RunOptions } from './model.js'
import { UnknownKeys } from './model.js'
import type { RecordContext } from './recordContext.js'
import { isoTime } from './recordContext.js'
import { actionOf, RESOURCE_POLICY_SERVICES, resourceOf } from './requestTarget.js'
import { callerPrincipalOf, ownTags, principalTagsUnknown, supplyText } from './supply.js'
import type { CloudTrailRecord, Unknown } from './types.js'

const ASSUME = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity'])
// Keys the engine derives from the principal and the resource.
const DERIVED = new Set(['aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:principalisawsservice', 'aws:username', 'aws:userid', 'aws:principalservicename', 'aws:principalservicenameslist', 'aws:federatedprovider', 'aws:resourceaccount'])

function compiled(s: PolicySlot, policies: ReadonlyMap<string, Policy>) {
  return compilePolicy(resolveSlot(s, policies), s.layer, s.name, s.level)
}

/**
 * Builds the model of a non-STS event.
 *
 * @example
 * const model = requestModel(record, caller, snapshot, recordContext(record))
 * model.request.action // 's3:ListAllMyBuckets'
 */
export function requestModel(record: CloudTrailRecord, caller: ReconstructedCaller, snapshot: Snapshot, base: RecordContext): EventModel {
  const { action, service } = actionOf(record)
  const callerAccount = caller.account ?? record.recipientAccountId
  const resource = resourceOf(record, snapshot, service, record.recipientAccountId ?? callerAccount)
  const resourceArn = resource ?? '*'
  const role = resource !== undefined ? snapshot.roles.get(resource) : undefined
  const trusted = role !== undefined && ASSUME.has(action.toLowerCase())
  const parsedResource = resource !== undefined ? parseArn(resource) : undefined
  const resourceAccount = parsedResource !== undefined && parsedResource.account !== '' ? parsedResource.account : (record.recipientAccountId ?? callerAccount)
  const signed = caller.kind !== 'service' && caller.kind !== 'webIdentity' && caller.kind !== 'saml'
  const side = callerSlots(snapshot, caller)
  const target = targetSlots(snapshot, resourceAccount, trusted ? role : undefined)
  const unknowns: Unknown[] = [...caller.unknowns, ...(signed ? side.unknowns : []), ...target.unknowns]
  unknowns.push({ code: 'cloudtrail.action-approximate', message: `the request is read as ${action}; some API calls are authorized by other or additional actions`, decisive: false })
  if (resource === undefined) unknowns.push({ code: 'cloudtrail.resource-unknown', message: 'the record does not say which resource the call was on: it is read as `*`', decisive: false, assumed: '*' })
  if (!trusted && RESOURCE_POLICY_SERVICES.has(service)) unknowns.push({ code: 'cloudtrail.resource-policy-unknown', message: `a ${service} resource can have a resource-based policy; the snapshot holds none for ${resourceArn}`, decisive: false, assumed: 'none' })
  if (caller.kind === 'roleSession') unknowns.push({ code: 'cloudtrail.session-policy-unknown', message: 'session policies passed when the calling session was created are not in this record', decisive: false, assumed: 'none' })

  const context: Record<string, ContextValue> = { ...base.context }
  const keys = new UnknownKeys()
  for (const [k, m] of base.unknown) keys.key(k, m)
  const known = new Set<string>()
  const absent = (...names: string[]): void => names.forEach((n) => known.add(n.toLowerCase()))
  const mfa = caller.mfa
  if (mfa.state === 'present') {
    context['aws:MultiFactorAuthPresent'] = 'true'
    const at = parseCloudTrailTime(mfa.authenticatedAt)
    const now = Date.parse(record.eventTime)
    if (at !== undefined && !Number.isNaN(now) && now >= at) context['aws:MultiFactorAuthAge'] = String(Math.floor((now - at) / 1000))
  } else if (mfa.state === 'false') context['aws:MultiFactorAuthPresent'] = 'false'
  else if (mfa.state === 'absent') absent('aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge')
  else keys.key('aws:MultiFactorAuthPresent', 'the record does not say whether the credentials were obtained with MFA').key('aws:MultiFactorAuthAge', 'the record does not say whether the credentials were obtained with MFA')
  const issued = parseCloudTrailTime(caller.tokenIssueTime)
  if (issued !== undefined && caller.kind !== 'user') context['aws:TokenIssueTime'] = isoTime(issued)
  for (const t of ownTags(caller)) context[`aws:PrincipalTag/${t.key}`] = t.value
  if (caller.kind === 'roleSession') {
    if (caller.roleArn !== undefined) context['aws:PrincipalArn'] = caller.roleArn
    if (caller.roleId !== undefined && caller.sessionName !== undefined) context['aws:userid'] = `${caller.roleId}:${caller.sessionName}`
    if (caller.sourceIdentity !== undefined) context['aws:SourceIdentity'] = caller.sourceIdentity
    if (principalTagsUnknown(caller.role)) keys.prefix('aws:PrincipalTag/', 'the session tags of the calling session are not in this record')
  } else if (caller.kind === 'user' && caller.user !== undefined) context['aws:userid'] = caller.user.id
  if (caller.kind !== 'roleSession') absent('aws:SourceIdentity')
  if (side.org !== undefined && signed) {
    context['aws:PrincipalOrgID'] = side.org.orgId
    context['aws:PrincipalOrgPaths'] = [side.org.path]
  }
  if (target.org !== undefined) {
    context['aws:ResourceOrgID'] = target.org.orgId
    context['aws:ResourceOrgPaths'] = [target.org.path]
  }
  const owner = resource !== undefined ? snapshot.principals.get(resource) : undefined
  if (owner !== undefined) for (const t of owner.tags.values()) context[`aws:ResourceTag/${t.key}`] = t.value
  if (caller.kind === 'service') keys.key('aws:SourceArn', 'a service caller\'s aws:SourceArn is not in the record').key('aws:SourceAccount', 'a service caller\'s aws:SourceAccount is not in the record').key('aws:SourceOrgID', 'a service caller\'s aws:SourceOrgID is not in the record')
  const given = new Set(Object.keys(context).map((k) => k.toLowerCase()))
  const unknownKey = (k: string): string | undefined => {
    const m = keys.get(k)
    if (m !== undefined || given.has(k) || known.has(k) || DERIVED.has(k)) return m
    return 'the record does not show this key'
  }
  const slots = { ...side, ...target }
  const principalArn = caller.principal.kind === 'aws' ? caller.principal.arn : undefined
  const run = (attempt: FixAttempt, options: RunOptions = {}): EventOutcome => {
    const p = attempt.policies
    const policies: CompiledPolicySet = {
      identity: [...side.identity.map((s) => compiled(s, p)), ...attempt.added.filter((a) => a.layer === 'identity').map((a) => compilePolicy(a.policy, 'identity', a.name))],
      boundary: side.boundary !== undefined ? compiled(side.boundary, p) : null,
      scps: side.scps.map((level) => level.map((s) => compiled(s, p))),
      resource: target.trust !== undefined ? compiled(target.trust, p) : null,
      rcps: target.rcps.map((level) => level.map((s) => compiled(s, p))),
    }
    const ctx = { ...context, ...attempt.context }
    const result = evaluateCompiled(
      { principal: caller.principal, action, resource: resourceArn, ...(resourceAccount !== undefined ? { resourceAccount } : {}), context: ctx },
      policies,
      { trace: options.trace ?? true, ...(options.override !== undefined ? { conditionOverride: options.override } : {}) },
    )
    return { allowed: result.decision === 'allowed', checks: [{ action, resource: resourceArn, result }], violations: [], context: ctx, notes: [] }
  }
  const principal = callerPrincipalOf(caller)
  const partition = principalArn !== undefined ? classifyPrincipalArn(principalArn)?.partition : undefined
  return {
    request: { principal: caller.label, action, resource: resourceArn, context },
    unknowns,
    unknownKey,
    unknownKeys: keys,
    run,
    slots: allSlots(slots),
    evaluate: (attempt) => run(attempt),
    supply: (k, v) => supplyText(k.toLowerCase(), v, { caller }),
    ...(principal !== undefined ? { callerPrincipal: principal } : {}),
    ...((caller.kind === 'user' || caller.kind === 'roleSession') && !caller.outside && partition !== undefined ? { exemptionArn: caller.roleArn ?? caller.label } : {}),
    ...(caller.kind === 'user' && caller.user !== undefined ? { identityOwner: `user ${caller.user.arn}` } : caller.kind === 'roleSession' && caller.role !== undefined ? { identityOwner: `role ${caller.role.arn}` } : {}),
  }
}
