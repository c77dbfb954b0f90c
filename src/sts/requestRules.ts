/**
 * The request rules STS applies before any policy: parameter lengths and character sets, durations,
 * session-policy size, tag counts, transitive keys, source identity, and who may call. Each violation
 * is a diagnostic with a stable `sts.*` code, the parameter, the limit, and the AWS page it comes from.
 * AWS rejects a call with any violation, whatever the policies say.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import { parseArn } from '../arn/arn.js'
import type { CallerFacts, EffectiveRequest } from './effectiveRequest.js'
import { EXTERNAL_ID_CHARS, SERIAL_NUMBER_CHARS, SESSION_NAME_CHARS, STS_LIMITS as L, STS_SOURCES as S, TAG_CHARS, TOKEN_CODE } from './limits.js'
import type { AssumeCall } from './types.js'
import { checkArnParameters, checkAssumeRoot, checkProviderParameters, checkSupportedParameters } from './parameterRules.js'
import { Violations } from './violations.js'
import type { RequestViolation } from './violations.js'

export type { RequestViolation } from './violations.js'

const ASSUME_APIS = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'])

const SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration'

const API_SOURCE: Readonly<Record<AssumeCall['api'], string>> = {
  AssumeRole: S.AR,
  AssumeRoleWithWebIdentity: S.WI,
  AssumeRoleWithSAML: S.SAML,
  AssumeRoot: S.ASSUMEROOT,
  GetSessionToken: S.GST,
  GetFederationToken: S.GFT,
}

/**
 * Every request rule the call breaks. `caller` describes who calls (for a chain hop, the previous
 * session); `request` is the call merged with what its identity provider supplies.
 *
 * @example
 * checkRequestRules(call, callerFacts(call.caller, call.api), effectiveRequest(call)).map((v) => v.code)
 * // ['sts.duration-exceeds-chaining-limit']
 */
export function checkRequestRules(call: AssumeCall, caller: CallerFacts, request: EffectiveRequest): RequestViolation[] {
  const v = new Violations()
  const p = call.parameters
  const at = `${call.pointer}/parameters`
  const apiSource = API_SOURCE[call.api]
  checkCaller(v, call, caller)
  checkSupportedParameters(v, call, apiSource)
  checkArnParameters(v, call, apiSource)
  checkProviderParameters(v, call)
  if (ASSUME_APIS.has(call.api)) checkAssume(v, call, caller, request, apiSource)
  else if (call.api === 'AssumeRoot') checkAssumeRoot(v, call)
  else checkTokenApi(v, call, caller, request)
  if (call.api !== 'GetSessionToken' && call.api !== 'AssumeRoot') checkSessionPolicies(v, call, apiSource)
  if (call.api === 'AssumeRole' || call.api === 'GetSessionToken') checkMfa(v, p.SerialNumber, p.TokenCode, at, apiSource)
  if (call.api === 'AssumeRole' || call.api === 'GetFederationToken' || request.tagsFrom === 'idp') checkTags(v, call, caller, request)
  return v.list
}

function checkCaller(v: Violations, call: AssumeCall, caller: CallerFacts): void {
  const at = call.caller?.pointer ?? `${call.pointer}/caller`
  if (call.api === 'AssumeRole' && caller.kind === 'root') v.add('sts.root-cannot-assume', at, 'caller', 'IAM users and role sessions', 'the root user cannot call AssumeRole', S.STSCMP)
  if (call.api === 'AssumeRoot' && caller.kind === 'root') v.add('sts.caller-cannot-call', at, 'caller', 'IAM users and role sessions of the management or delegated administrator account', 'root user credentials cannot call AssumeRoot', S.ASSUMEROOT)
  if (caller.kind === 'federatedUser') v.add('sts.caller-cannot-call', at, 'caller', 'GetCallerIdentity only', `credentials from GetFederationToken cannot call ${call.api}`, S.GFT)
  else if (caller.sessionToken && call.api !== 'AssumeRole')
    v.add('sts.caller-cannot-call', at, 'caller', 'AssumeRole and GetCallerIdentity', `credentials from GetSessionToken cannot call ${call.api}`, S.GST)
  if (caller.kind === 'roleSession' && (call.api === 'GetSessionToken' || call.api === 'GetFederationToken'))
    v.add('sts.caller-cannot-call', at, 'caller', 'IAM users and the root user', `role-session credentials cannot call ${call.api}`, call.api === 'GetSessionToken' ? S.GST : S.GFT)
}

function checkAssume(v: Violations, call: AssumeCall, caller: CallerFacts, r: EffectiveRequest, source: string): void {
  const p = call.parameters
  const at = `${call.pointer}/parameters`
  const role = call.role
  if (role !== undefined) {
    if (role.maxSessionDuration < L.minMaxSessionDuration || role.maxSessionDuration > L.maxMaxSessionDuration)
      v.add('sts.max-session-duration', `${call.pointer}/role/maxSessionDuration`, 'MaxSessionDuration', `${L.minMaxSessionDuration}-${L.maxMaxSessionDuration} seconds`, `is ${role.maxSessionDuration}`, S.CREATEROLE)
  }
  // DurationSeconds: 900 up to the role's MaxSessionDuration, and at most one hour when chaining.
  if (p.DurationSeconds !== undefined) {
    const d = p.DurationSeconds
    const dAt = `${at}/DurationSeconds`
    if (d < L.minDuration) v.add('sts.duration-too-short', dAt, 'DurationSeconds', `at least ${L.minDuration} seconds`, `is ${d}`, source)
    const max = Math.min(role?.maxSessionDuration ?? L.defaultMaxSessionDuration, L.maxMaxSessionDuration)
    if (d > max) v.add('sts.duration-exceeds-role-max', dAt, 'DurationSeconds', `the role MaxSessionDuration, ${max} seconds`, `is ${d}`, source)
    if (caller.chained && d > L.chainedMaxDuration)
      v.add('sts.duration-exceeds-chaining-limit', dAt, 'DurationSeconds', `${L.chainedMaxDuration} seconds when chaining roles`, `is ${d} and the caller is a role session`, S.ROLES)
  }
  // RoleSessionName: required by AssumeRole and AssumeRoleWithWebIdentity; SAML carries it as an attribute.
  if (r.roleSessionName === undefined) v.add('sts.role-session-name', r.roleSessionNamePointer, 'RoleSessionName', 'required', 'is missing', source)
  else v.text('sts.role-session-name', r.roleSessionNamePointer, 'RoleSessionName', r.roleSessionName, L.roleSessionName.min, L.roleSessionName.max, SESSION_NAME_CHARS, '[\\w+=,.@-]', source)
  if (p.ExternalId !== undefined) v.text('sts.external-id', `${at}/ExternalId`, 'ExternalId', p.ExternalId, L.externalId.min, L.externalId.max, EXTERNAL_ID_CHARS, '[\\w+=,.@:/-]', S.AR)
  if (r.sourceIdentity !== undefined) {
    const s = r.sourceIdentity
    v.text('sts.source-identity', r.sourceIdentityPointer, 'SourceIdentity', s, L.sourceIdentity.min, L.sourceIdentity.max, SESSION_NAME_CHARS, '[\\w+=,.@-]', S.AR)
    if (s.toLowerCase().startsWith('aws:')) v.add('sts.source-identity-prefix', r.sourceIdentityPointer, 'SourceIdentity', 'no `aws:` prefix', `\`${s}\` starts with the reserved prefix \`aws:\``, S.AR)
    // Once set, a source identity can never change along a chain.
    if (caller.sourceIdentity !== undefined && caller.sourceIdentity !== s)
      v.add('sts.source-identity-changed', r.sourceIdentityPointer, 'SourceIdentity', `the value set earlier, \`${caller.sourceIdentity}\``, `\`${s}\` would change it`, S.SRCID)
  }
  const token = p.WebIdentityToken
  if (call.api === 'AssumeRoleWithWebIdentity' && token?.length !== undefined && (token.length < L.webIdentityToken.min || token.length > L.webIdentityToken.max))
    v.add('sts.web-identity-token-length', `${at}/WebIdentityToken`, 'WebIdentityToken', `${L.webIdentityToken.min}-${L.webIdentityToken.max} characters`, `has ${token.length} characters`, S.WI)
  const saml = p.SAMLAssertion
  if (call.api === 'AssumeRoleWithSAML' && saml !== undefined) {
    if (saml.length !== undefined && (saml.length < L.samlAssertion.min || saml.length > L.samlAssertion.max))
      v.add('sts.saml-assertion-length', `${at}/SAMLAssertion`, 'SAMLAssertion', `${L.samlAssertion.min}-${L.samlAssertion.max} characters`, `has ${saml.length} characters`, S.SAML)
    const d = r.samlSessionDuration
    if (d !== undefined && !(d >= L.samlSessionDuration.min && d <= L.samlSessionDuration.max))
      v.add('sts.saml-session-duration', `${at}/SAMLAssertion/Attributes/${SESSION_DURATION_ATTRIBUTE.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'SessionDuration', `${L.samlSessionDuration.min}-${L.samlSessionDuration.max} seconds`, `is ${Number.isNaN(d) ? 'not a whole number of seconds' : d}`, S.SAMLROLE)
    if (call.now !== undefined && saml.sessionNotOnOrAfter !== undefined && Date.parse(call.now) >= Date.parse(saml.sessionNotOnOrAfter))
      v.add('sts.saml-assertion-expired', `${at}/SAMLAssertion/SessionNotOnOrAfter`, 'SAMLAssertion', 'before SessionNotOnOrAfter', `the assertion expired at ${saml.sessionNotOnOrAfter}`, S.SAML)
  }
}

/** GetSessionToken / GetFederationToken durations: 900-129600; root sessions are cut to one hour. */
function checkTokenApi(v: Violations, call: AssumeCall, caller: CallerFacts, r: EffectiveRequest): void {
  const at = `${call.pointer}/parameters`
  const gst = call.api === 'GetSessionToken'
  const code = gst ? 'sts.get-session-token-duration' : 'sts.get-federation-token-duration'
  if (r.durationGiven && (r.durationSeconds < L.tokenMinDuration || r.durationSeconds > L.tokenMaxDuration))
    v.add(code, `${at}/DurationSeconds`, 'DurationSeconds', `${L.tokenMinDuration}-${L.tokenMaxDuration} seconds${caller.kind === 'root' ? ' (root sessions end after 3600)' : ''}`, `is ${r.durationSeconds}`, gst ? S.GST : S.GFT)
  if (!gst) {
    const name = call.parameters.Name
    if (name === undefined) v.add('sts.federated-user-name', `${at}/Name`, 'Name', 'required', 'is missing', S.GFT)
    else v.text('sts.federated-user-name', `${at}/Name`, 'Name', name, 2, 32, SESSION_NAME_CHARS, '[\\w+=,.@-]', S.GFT)
  }
}

function checkMfa(v: Violations, serial: string | undefined, code: string | undefined, at: string, source: string): void {
  if (serial !== undefined) v.text('sts.serial-number', `${at}/SerialNumber`, 'SerialNumber', serial, L.serialNumber.min, L.serialNumber.max, SERIAL_NUMBER_CHARS, '[\\w+=/:,.@-]', source)
  if (code !== undefined && !TOKEN_CODE.test(code)) v.add('sts.token-code', `${at}/TokenCode`, 'TokenCode', 'exactly 6 digits', `\`${code}\` is not six digits`, source)
  if ((serial === undefined) !== (code === undefined)) v.add('sts.mfa-incomplete', `${at}/${serial === undefined ? 'TokenCode' : 'SerialNumber'}`, serial === undefined ? 'TokenCode' : 'SerialNumber', 'SerialNumber and TokenCode together', 'is given without its pair', source)
}

/** Inline + managed session policies: characters, 2048 plaintext characters combined, at most 10 ARNs in the role's account. */
function checkSessionPolicies(v: Violations, call: AssumeCall, source: string): void {
  const p = call.parameters
  const at = `${call.pointer}/parameters`
  const inline = p.Policy
  if (inline !== undefined) {
    for (let i = 0; i < inline.text.length; i++) {
      const c = inline.text.charCodeAt(i)
      if (!(c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xff))) {
        v.add('sts.session-policy-characters', inline.pointer, 'Policy', 'TAB, LF, CR and U+0020-U+00FF', `has U+${c.toString(16).toUpperCase().padStart(4, '0')} at offset ${i}`, source)
        break
      }
    }
    const bad = inline.diagnostics.find((d) => d.severity === 'error' && d.code !== 'policy.invalid-character')
    if (bad !== undefined) v.add('sts.session-policy-malformed', bad.pointer, 'Policy', 'a valid session policy', `${bad.code}: ${bad.message}`, source)
  }
  const plaintext = (inline?.text.length ?? 0) + p.PolicyArns.reduce((n, a) => n + a.arn.length, 0)
  if (plaintext > L.sessionPolicyChars)
    v.add('sts.session-policy-size', inline?.pointer ?? `${at}/PolicyArns`, 'Policy', `${L.sessionPolicyChars} plaintext characters for inline and managed session policies`, `has ${plaintext} characters`, source)
  if (p.PolicyArns.length > L.policyArns) v.add('sts.policy-arns-count', `${at}/PolicyArns`, 'PolicyArns', `${L.policyArns} ARNs`, `has ${p.PolicyArns.length}`, source)
  const account = call.api === 'GetFederationToken' ? parseArn(call.caller?.arn ?? '')?.account : parseArn(call.role?.arn ?? '')?.account
  for (const m of p.PolicyArns) {
    const arn = parseArn(m.arn)
    if (arn === undefined || arn.service !== 'iam' || !arn.resource.startsWith('policy/')) {
      v.add('sts.policy-arn-invalid', `${m.pointer}/arn`, 'PolicyArns', 'arn:PARTITION:iam::ACCOUNT:policy/NAME', `\`${m.arn}\` is not a managed policy ARN`, source)
    } else if (arn.account !== 'aws' && account !== undefined && arn.account !== account) {
      v.add('sts.policy-arn-account', `${m.pointer}/arn`, 'PolicyArns', `policies in account ${account}`, `\`${m.arn}\` is in account ${arn.account}`, source)
    }
  }
}

/** Session tags and transitive keys (API parameters or identity-provider attributes). */
function checkTags(v: Violations, call: AssumeCall, caller: CallerFacts, r: EffectiveRequest): void {
  const source = call.api === 'AssumeRole' ? S.AR : S.TAGS
  if (r.tags.length > L.tags) v.add('sts.tags-count', r.tagsPointer, 'Tags', `${L.tags} tags`, `has ${r.tags.length}`, source)
  const seen = new Map<string, number>()
  r.tags.forEach((tag, i) => {
    const at = r.tagsFrom === 'parameters' ? `${r.tagsPointer}/${i}` : r.tagsPointer
    if (tag.key.length < L.tagKey.min || tag.key.length > L.tagKey.max) v.add('sts.tag-key-length', `${at}${r.tagsFrom === 'parameters' ? '/Key' : ''}`, 'Tags', `key ${L.tagKey.min}-${L.tagKey.max} characters`, `key has ${tag.key.length} characters`, S.TAG)
    else if (!TAG_CHARS.test(tag.key) || tag.key.toLowerCase().startsWith('aws:')) v.add('sts.tag-characters', `${at}${r.tagsFrom === 'parameters' ? '/Key' : ''}`, 'Tags', 'letters, digits, spaces and _.:/=+-@, no `aws:` prefix', `key \`${tag.key}\` is not accepted`, S.TAG)
    if (tag.value.length > L.tagValue.max) v.add('sts.tag-value-length', `${at}${r.tagsFrom === 'parameters' ? '/Value' : ''}`, 'Tags', `value ${L.tagValue.min}-${L.tagValue.max} characters`, `value has ${tag.value.length} characters`, S.TAG)
    else if (!TAG_CHARS.test(tag.value)) v.add('sts.tag-characters', `${at}${r.tagsFrom === 'parameters' ? '/Value' : ''}`, 'Tags', 'letters, digits, spaces and _.:/=+-@', `value of \`${tag.key}\` is not accepted`, S.TAG)
    const lower = tag.key.toLowerCase()
    if (seen.has(lower)) v.add('sts.tag-duplicate-key', at, 'Tags', 'one value per key (keys compare case-insensitively)', `\`${tag.key}\` repeats tag #${seen.get(lower) ?? 0}`, S.TAGS)
    else seen.set(lower, i)
    // A passed tag may not replace a tag the caller's session carries transitively.
    if (caller.inheritedTransitive.some((t) => t.key.toLowerCase() === lower))
      v.add('sts.tag-collides-with-transitive', at, 'Tags', 'no key of an inherited transitive tag', `\`${tag.key}\` is an inherited transitive tag`, source)
  })
  if (r.transitiveTagKeys.length === 0) return
  if (call.api === 'GetFederationToken') return
  if (r.transitiveTagKeys.length > L.transitiveTagKeys) v.add('sts.transitive-tag-keys-count', r.transitivePointer, 'TransitiveTagKeys', `${L.transitiveTagKeys} keys`, `has ${r.transitiveTagKeys.length}`, source)
  r.transitiveTagKeys.forEach((key, i) => {
    const at = r.tagsFrom === 'parameters' ? `${r.transitivePointer}/${i}` : r.transitivePointer
    if (key.length < L.tagKey.min || key.length > L.tagKey.max) v.add('sts.transitive-tag-key-length', at, 'TransitiveTagKeys', `${L.tagKey.min}-${L.tagKey.max} characters`, `\`${key}\` has ${key.length} characters`, source)
    else if (!seen.has(key.toLowerCase())) v.add('sts.transitive-tag-key-not-passed', at, 'TransitiveTagKeys', 'keys of tags passed in the same call', `\`${key}\` is not a session tag of this call`, S.TAGS)
  })
}
