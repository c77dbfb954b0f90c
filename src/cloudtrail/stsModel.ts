/**
 * The model of an STS-family event (AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML,
 * GetSessionToken, GetFederationToken): the record becomes an STS call — caller, role and parameters
 * from the snapshot and the record — evaluated by the STS model (`evaluateAssumeCall`), which applies
 * STS's request rules, decides every action the call needs and builds the context AWS would send.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import type { FixAttempt, ModelViolation, ParameterFix, PolicySlot } from '../fix/types.js'
import type { Policy } from '../policy/types.js'
import type { ContextValue } from '../request/types.js'
import { evaluateAssumeCall } from '../sts/evaluateAssumeCall.js'
import { oidcKeyPrefix } from '../sts/federation.js'
import { STS_LIMITS } from '../sts/limits.js'
import { mergeTags } from '../sts/session.js'
import type { AssumeCall, CallCaller, CallParameters, CallPolicy, CallRole, MfaFacts, SessionTag, StsApi } from '../sts/types.js'
import type { Snapshot, SnapshotRole } from '../snapshot/types.js'
import type { ReconstructedCaller } from './caller.js'
import { parseCloudTrailTime } from './caller.js'
import { allSlots, callerSlots, resolveSlot, targetSlots } from './callerSide.js'
import type { EventModel, EventOutcome, RunOptions } from './model.js'
import type { RecordContext } from './recordContext.js'
import { isoTime } from './recordContext.js'
import { readStsParameters, tagMap } from './stsParameters.js'
import type { CloudTrailRecord, Unknown } from './types.js'
import { callerPrincipalOf, ownTags, principalTagsUnknown, supplyText } from './supply.js'

function asCall(s: PolicySlot, policies: ReadonlyMap<string, Policy>): CallPolicy {
  return { name: s.name, policy: resolveSlot(s, policies), pointer: '' }
}

function mfaFacts(caller: ReconstructedCaller): MfaFacts | undefined {
  const m = caller.mfa
  if (m.state === 'present') {
    const at = parseCloudTrailTime(m.authenticatedAt)
    return { present: true, ...(at !== undefined ? { authenticatedAt: isoTime(at) } : {}) }
  }
  return m.state === 'false' ? { present: false } : undefined
}

interface Mutable {
  parameters: { -readonly [K in keyof CallParameters]: CallParameters[K] }
  tags: SessionTag[]
  mfa: MfaFacts | undefined
  context: Record<string, ContextValue>
}

/** Puts a context key the fix search supplies where the STS call carries it. */
function supplyKey(m: Mutable, api: StsApi, caller: ReconstructedCaller, key: string, value: ContextValue): void {
  const k = key.toLowerCase()
  const v = typeof value === 'string' ? value : (value[0] ?? '')
  const p = m.parameters
  const token = p.WebIdentityToken
  const assertion = p.SAMLAssertion
  const prefix = caller.provider !== undefined ? `${oidcKeyPrefix(caller.provider).toLowerCase()}:` : undefined
  if (k === 'sts:externalid') p.ExternalId = v
  else if (k === 'aws:multifactorauthpresent' || k === 'aws:multifactorauthage') {
    const age = k === 'aws:multifactorauthage' ? Number(v) : 0
    if (api === 'AssumeRole' && caller.kind === 'user' && k === 'aws:multifactorauthpresent') {
      const user = caller.user?.name ?? 'user'
      p.SerialNumber ??= `arn:aws:iam::${caller.account ?? ''}:mfa/${user}`
      p.TokenCode = '000000'
    } else m.mfa = { present: v !== 'false', ageSeconds: Number.isFinite(age) ? age : 0 }
  } else if (k === 'sts:rolesessionname') p.RoleSessionName = v
  else if (k === 'sts:sourceidentity' && token !== undefined) p.WebIdentityToken = { ...token, claims: { ...token.claims, 'https://aws.amazon.com/source_identity': v } }
  else if (k === 'sts:sourceidentity' && assertion !== undefined) p.SAMLAssertion = { ...assertion, attributes: new Map([...assertion.attributes, ['https://aws.amazon.com/SAML/Attributes/SourceIdentity', [v]]]) }
  else if (k === 'sts:sourceidentity') p.SourceIdentity = v
  else if (k.startsWith('aws:requesttag/')) p.Tags = mergeTags(p.Tags, [{ key: key.slice('aws:requesttag/'.length), value: v }])
  else if (k.startsWith('aws:principaltag/')) m.tags = mergeTags(m.tags, [{ key: key.slice('aws:principaltag/'.length), value: v }])
  else if (token !== undefined && prefix !== undefined && k.startsWith(prefix)) {
    const claim = key.slice(prefix.length)
    const claims = { ...token.claims, [claim]: value as string | string[] }
    if (claim === 'aud') delete claims['azp']
    p.WebIdentityToken = { ...token, claims }
  } else if (assertion !== undefined && (k === 'saml:aud' || k === 'saml:iss' || k === 'saml:sub' || k === 'saml:sub_type')) {
    const field = k === 'saml:aud' ? 'recipient' : k === 'saml:iss' ? 'issuer' : k === 'saml:sub' ? 'subject' : 'subjectType'
    p.SAMLAssertion = { ...assertion, [field]: v }
  } else m.context[key] = value
}

/** Parameter changes that clear a request-rule violation. */
function parameterFixes(role: SnapshotRole | undefined) {
  return (v: ModelViolation): ParameterFix[] => {
    switch (v.code) {
      case 'sts.duration-exceeds-chaining-limit':
        return [{ parameters: { DurationSeconds: STS_LIMITS.chainedMaxDuration }, description: `ask for DurationSeconds ${STS_LIMITS.chainedMaxDuration} or less: a role session can get at most one hour when chaining roles` }]
      case 'sts.duration-exceeds-role-max': {
        const max = role?.maxSessionDuration ?? STS_LIMITS.defaultMaxSessionDuration
        return [{ parameters: { DurationSeconds: max }, description: `ask for DurationSeconds ${max} or less (the role's MaxSessionDuration)` }]
      }
      case 'sts.duration-too-short':
        return [{ parameters: { DurationSeconds: STS_LIMITS.minDuration }, description: `ask for DurationSeconds ${STS_LIMITS.minDuration} or more` }]
      default:
        return []
    }
  }
}

/**
 * Builds the model of an STS-family event.
 *
 * @example
 * const model = stsModel(record, caller, snapshot, recordContext(record))
 * model.run(EMPTY_ATTEMPT).allowed
 */
export function stsModel(record: CloudTrailRecord, caller: ReconstructedCaller, snapshot: Snapshot, base: RecordContext): EventModel {
  const api = record.eventName as StsApi
  const rp = record.requestParameters
  const roleArn = rp !== null && typeof rp['roleArn'] === 'string' ? rp['roleArn'] : undefined
  const role = roleArn !== undefined ? snapshot.roles.get(roleArn) : undefined
  const roleAccount = roleArn !== undefined ? classifyPrincipalArn(roleArn)?.account : undefined
  const signedCaller = caller.kind !== 'webIdentity' && caller.kind !== 'saml'
  const side = callerSlots(snapshot, caller)
  const target = roleArn !== undefined ? targetSlots(snapshot, roleAccount, role) : { rcps: [], unknowns: [] }
  const read = readStsParameters(record, api, caller.provider)
  const unknowns: Unknown[] = [...caller.unknowns, ...(signedCaller ? side.unknowns : []), ...target.unknowns, ...read.unknowns]
  if (roleArn !== undefined && role === undefined) {
    const described = roleAccount !== undefined && snapshot.accounts.get(roleAccount)?.described === true
    unknowns.push({ code: 'cloudtrail.role-not-in-snapshot', message: `the role ${roleArn} is not in the snapshot${described ? ' (deleted or renamed since the event, or the snapshot is stale)' : `: account ${roleAccount ?? '(unknown)'} is not described`}; its trust policy is unknown`, decisive: true, assumed: 'no trust policy (nobody can assume it)' })
  }
  if (role !== undefined && role.maxSessionDuration === undefined && (read.parameters.DurationSeconds ?? 0) > STS_LIMITS.defaultMaxSessionDuration) {
    unknowns.push({ code: 'cloudtrail.unknown-value', message: `the snapshot does not give the MaxSessionDuration of ${role.arn}`, decisive: true, assumed: `${STS_LIMITS.maxMaxSessionDuration} seconds` })
  }
  if (caller.kind === 'roleSession') unknowns.push({ code: 'cloudtrail.session-policy-unknown', message: 'session policies passed when the calling session was created are not in this record', decisive: false, assumed: 'none' })
  const keys = read.keys
  for (const [k, m] of base.unknown) keys.key(k, m)
  if (signedCaller && caller.mfa.state === 'unknown') keys.key('aws:MultiFactorAuthPresent', 'the record does not say whether the credentials were obtained with MFA').key('aws:MultiFactorAuthAge', 'the record does not say whether the credentials were obtained with MFA')
  const incoming = rp !== null ? tagMap(rp['incomingTransitiveTags']) : []
  if (caller.kind === 'roleSession' && principalTagsUnknown(caller.role)) keys.prefix('aws:PrincipalTag/', 'the session tags of the calling session are not in this record', incoming.map((t) => `aws:PrincipalTag/${t.key}`))
  const slots = { ...side, ...target }
  const account = caller.account ?? roleAccount

  const run = (attempt: FixAttempt, options: RunOptions = {}): EventOutcome => {
    const policies = attempt.policies
    const m: Mutable = {
      parameters: { ...read.parameters },
      tags: mergeTags(ownTags(caller), incoming),
      mfa: mfaFacts(caller),
      context: { ...base.context },
    }
    for (const key of Object.keys(attempt.context)) supplyKey(m, api, caller, key, attempt.context[key] as ContextValue)
    for (const key of Object.keys(attempt.parameters)) {
      const v = attempt.parameters[key]
      if (key === 'DurationSeconds' && typeof v === 'number') m.parameters.DurationSeconds = v
    }
    const added = attempt.added.filter((a) => a.layer === 'identity').map((a): CallPolicy => ({ name: a.name, policy: a.policy, pointer: '' }))
    const callCaller: CallCaller = signedCaller
      ? {
          arn: caller.principal.kind === 'aws' ? caller.principal.arn : '',
          ...(caller.roleArn !== undefined ? { roleArn: caller.roleArn } : {}),
          ...(caller.roleId !== undefined ? { roleId: caller.roleId } : {}),
          ...(caller.user !== undefined && caller.kind === 'user' ? { userId: caller.user.id } : {}),
          identity: [...side.identity.map((s) => asCall(s, policies)), ...added],
          boundary: side.boundary !== undefined ? asCall(side.boundary, policies) : null,
          session: [],
          scps: side.scps.map((level) => level.map((s) => asCall(s, policies))),
          tags: m.tags,
          transitiveTagKeys: incoming.map((t) => t.key),
          ...(caller.sourceIdentity !== undefined ? { sourceIdentity: caller.sourceIdentity } : {}),
          ...(m.mfa !== undefined ? { mfa: m.mfa } : {}),
          ...(side.org !== undefined ? { orgId: side.org.orgId, orgPaths: [side.org.path] } : {}),
          pointer: '/userIdentity',
        }
      : { federated: caller.provider ?? '', identity: [], boundary: null, session: [], scps: [], tags: [], transitiveTagKeys: [], pointer: '/userIdentity' }
    const callRole: CallRole | undefined =
      roleArn === undefined
        ? undefined
        : {
            arn: roleArn,
            ...(role !== undefined ? { roleId: role.id } : {}),
            trust: target.trust !== undefined ? asCall(target.trust, policies) : null,
            maxSessionDuration: role?.maxSessionDuration ?? STS_LIMITS.maxMaxSessionDuration,
            tags: role !== undefined ? [...role.tags.values()] : [],
            identity: (role?.identity ?? []).map((c) => ({ name: c.name, policy: c.policy, pointer: '' })),
            boundary: role?.boundary != null ? { name: role.boundary.name, policy: role.boundary.policy, pointer: '' } : null,
            scps: (target.org?.scps ?? []).map((level) => level.map((c) => ({ name: c.name, policy: c.policy, pointer: '' }))),
            rcps: target.rcps.map((level) => level.map((s) => asCall(s, policies))),
          }
    const call: AssumeCall = { api, caller: callCaller, ...(callRole !== undefined ? { role: callRole } : {}), parameters: m.parameters, now: record.eventTime, context: m.context, then: [], pointer: '' }
    const r = evaluateAssumeCall(call, { trace: options.trace ?? true, ...(options.override !== undefined ? { conditionOverride: options.override } : {}) })
    const resource = roleArn ?? `arn:aws:sts::${account ?? ''}:federated-user/${m.parameters.Name ?? ''}`
    return {
      allowed: r.succeeds,
      checks: r.actions.map((a) => ({ action: a.action, resource, result: a.result })),
      violations: r.violations.map((v) => ({ code: v.code, parameter: v.parameter, limit: v.limit, message: v.message })),
      context: r.context,
      notes: r.notes,
    }
  }
  const first = run({ policies: new Map(), added: [], context: {}, parameters: {} })
  const principal = callerPrincipalOf(caller)
  return {
    request: {
      principal: caller.label,
      action: api === 'GetSessionToken' ? 'sts:GetSessionToken' : `sts:${api}`,
      resource: roleArn ?? `arn:aws:sts::${account ?? ''}:federated-user/${read.parameters.Name ?? ''}`,
      api,
      context: first.context,
      parameters: read.logged,
    },
    unknowns,
    unknownKey: (k) => keys.get(k),
    unknownKeys: keys,
    run,
    slots: allSlots(slots),
    evaluate: (attempt) => run(attempt),
    supply: (k, v) => supplyText(k.toLowerCase(), v, { api, caller }),
    ...(principal !== undefined ? { callerPrincipal: principal } : {}),
    ...((caller.kind === 'user' || caller.kind === 'roleSession') && !caller.outside ? { exemptionArn: caller.roleArn ?? caller.label } : {}),
    ...(caller.user !== undefined && caller.kind === 'user' ? { identityOwner: `user ${caller.user.arn}` } : caller.role !== undefined ? { identityOwner: `role ${caller.role.arn}` } : {}),
    parameterFixes: parameterFixes(role),
  }
}
