/**
 * The request context AWS builds for an AssumeRole* call: only keys AWS documents as present for
 * this caller and these parameters, never invented ones. The same context is used for every action
 * the call needs (sts:AssumeRole*, sts:TagSession, sts:SetSourceIdentity).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 */
import type { CallerFacts, EffectiveRequest } from './effectiveRequest.js'
import { samlKeys, webIdentityKeys } from './federation.js'
import type { KeyValues } from './federation.js'
import { STS_SOURCES } from './limits.js'
import type { AssumeCall, CallCaller } from './types.js'

/** The built context and notes on keys deliberately left out. */
export interface CallContext {
  readonly context: KeyValues
  /** Why some keys are absent or conservative, each with its source. */
  readonly notes: readonly string[]
}

/** Builds the context of one call for `caller` (for a chain hop, the previous session). */
export function buildCallContext(call: AssumeCall, caller: CallCaller, facts: CallerFacts, request: EffectiveRequest): CallContext {
  const out = Object.create(null) as KeyValues
  const notes: string[] = []
  // Extra keys the file supplies (aws:SourceIp, aws:RequestedRegion, ...); derived keys below take precedence.
  for (const key of Object.keys(call.context)) out[key] = call.context[key] as string | readonly string[]
  const set = (key: string, value: string | readonly string[] | undefined): void => {
    if (value !== undefined) out[key] = value
  }
  if (call.now !== undefined) {
    set('aws:CurrentTime', call.now)
    set('aws:EpochTime', String(Math.floor(Date.parse(call.now) / 1000)))
  }
  const signed = facts.kind !== 'webIdentity' && facts.kind !== 'saml'
  if (request.roleSessionName !== undefined && call.role !== undefined) set('sts:RoleSessionName', request.roleSessionName)
  set('sts:ExternalId', call.parameters.ExternalId)
  // AssumeRoot: the task policy the caller asks for. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html
  if (call.api === 'AssumeRoot') set('sts:TaskPolicyArn', call.parameters.TaskPolicyArn?.arn)
  mfaKeys(call, caller, facts, set, notes)

  // Tags passed in this call (API parameters or identity-provider attributes).
  if (request.tags.length > 0) {
    for (const tag of request.tags) set(`aws:RequestTag/${tag.key}`, tag.value)
    set('aws:TagKeys', request.tags.map((t) => t.key))
  }
  if (request.transitiveTagKeys.length > 0) set('sts:TransitiveTagKeys', [...request.transitiveTagKeys])
  set('sts:SourceIdentity', request.sourceIdentity)
  set('aws:SourceIdentity', caller.sourceIdentity)

  // Facts about a signed caller; unsigned web/SAML calls carry none of them.
  if (signed) {
    for (const tag of caller.tags) set(`aws:PrincipalTag/${tag.key}`, tag.value)
    if (facts.kind === 'roleSession') {
      set('aws:PrincipalArn', caller.roleArn)
      const session = caller.arn?.split('/').slice(2).join('/')
      if (caller.roleId !== undefined && session !== undefined) set('aws:userid', `${caller.roleId}:${session}`)
    }
    if (facts.kind === 'user') set('aws:userid', caller.userId)
    for (const key of Object.keys(caller.carriedContext ?? {})) set(key, caller.carriedContext?.[key])
    set('aws:PrincipalOrgID', caller.orgId)
    if (caller.orgPaths !== undefined) set('aws:PrincipalOrgPaths', [...caller.orgPaths])
  }
  const role = call.role
  if (role !== undefined) {
    // The target role's own tags; inherited transitive tags replace them only in the new session.
    for (const tag of role.tags) {
      set(`aws:ResourceTag/${tag.key}`, tag.value)
      set(`iam:ResourceTag/${tag.key}`, tag.value)
    }
    if (call.api === 'AssumeRoleWithWebIdentity' && caller.federated !== undefined && call.parameters.WebIdentityToken !== undefined) {
      Object.assign(out, webIdentityKeys(caller.federated, call.parameters.WebIdentityToken, role.arn))
    }
    if (call.api === 'AssumeRoleWithSAML' && caller.federated !== undefined && call.parameters.SAMLAssertion !== undefined) {
      Object.assign(out, samlKeys(caller.federated, call.parameters.SAMLAssertion))
      if (call.parameters.SAMLAssertion.issuer === undefined) notes.push(`saml:namequalifier and saml:iss are absent: the assertion's Issuer was not given [${STS_SOURCES.STSKEYS}]`)
    }
  }
  return { context: out, notes }
}

/**
 * aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge: absent for long-term keys and for web/SAML
 * calls; from SerialNumber + TokenCode in this call; from the caller's temporary credentials when
 * they were obtained with MFA (GetSessionToken or AssumeRole with SerialNumber + TokenCode); a role
 * session that was not created with MFA carries none.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
function mfaKeys(call: AssumeCall, caller: CallCaller, facts: CallerFacts, set: (key: string, value: string | undefined) => void, notes: string[]): void {
  if (facts.kind === 'webIdentity' || facts.kind === 'saml') return
  const p = call.parameters
  if (call.api === 'AssumeRole' && p.SerialNumber !== undefined && p.TokenCode !== undefined) {
    set('aws:MultiFactorAuthPresent', 'true')
    set('aws:MultiFactorAuthAge', String(caller.mfa?.ageSeconds ?? 0))
    return
  }
  if (facts.kind === 'roleSession' && caller.mfa?.present !== true) {
    notes.push(`MFA keys are absent: the calling role session was not created with MFA [${STS_SOURCES.MFA}]`)
    return
  }
  // GetSessionToken credentials always carry aws:MultiFactorAuthPresent: true with MFA, false without.
  const mfa = caller.mfa ?? (facts.sessionToken ? { present: false } : undefined)
  if (mfa === undefined) return
  set('aws:MultiFactorAuthPresent', mfa.present ? 'true' : 'false')
  if (!mfa.present) return
  if (mfa.ageSeconds !== undefined) set('aws:MultiFactorAuthAge', String(mfa.ageSeconds))
  else if (mfa.authenticatedAt !== undefined && call.now !== undefined) {
    const age = Math.floor((Date.parse(call.now) - Date.parse(mfa.authenticatedAt)) / 1000)
    if (Number.isFinite(age) && age >= 0) set('aws:MultiFactorAuthAge', String(age))
  }
}
