/**
 * What a call actually asks STS for once the identity provider's contributions are merged in: the
 * session name, tags, transitive keys, source identity and duration, each with the place in the
 * call file it came from, plus the facts about the caller the rules depend on.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import { webIdentitySupplied, samlSupplied } from './federation.js'
import type { IdpSupplied } from './federation.js'
import { STS_LIMITS } from './limits.js'
import type { AssumeCall, CallCaller, SessionTag } from './types.js'

/** The caller kinds STS distinguishes. */
export type StsCallerKind = 'root' | 'user' | 'roleSession' | 'federatedUser' | 'webIdentity' | 'saml' | 'unknown'

/** Facts about the caller that the request rules and the context need. */
export interface CallerFacts {
  readonly kind: StsCallerKind
  /** True when a role session calls AssumeRole (role chaining). */
  readonly chained: boolean
  /**
   * True when an IAM user or the root user signs with GetSessionToken credentials: among STS
   * operations they call only AssumeRole and GetCallerIdentity.
   * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
   */
  readonly sessionToken: boolean
  /** The caller's tags that are transitive (carried into the new session). */
  readonly inheritedTransitive: readonly SessionTag[]
  readonly sourceIdentity?: string
  readonly account?: string
}

/** The merged request. */
export interface EffectiveRequest {
  readonly roleSessionName?: string
  readonly roleSessionNamePointer: string
  readonly tags: readonly SessionTag[]
  readonly tagsPointer: string
  /** Where the tags came from: the API parameters, or the identity provider. */
  readonly tagsFrom: 'parameters' | 'idp'
  readonly transitiveTagKeys: readonly string[]
  readonly transitivePointer: string
  readonly sourceIdentity?: string
  readonly sourceIdentityPointer: string
  /** The session's duration: DurationSeconds (or the API's default), shortened by a SAML SessionDuration. */
  readonly durationSeconds: number
  /** True when the call passes DurationSeconds. */
  readonly durationGiven: boolean
  /** The SAML SessionDuration attribute, when the assertion has one. */
  readonly samlSessionDuration?: number
}

/**
 * Derives the facts about a caller that the request rules need (kind, chaining, inherited transitive tags).
 *
 * @example
 * callerFacts({ arn: 'arn:aws:sts::111122223333:assumed-role/A/s', ...rest }, 'AssumeRole').chained // true
 */
export function callerFacts(caller: CallCaller, api: AssumeCall['api']): CallerFacts {
  const inheritedTransitive = caller.tags.filter((t) => caller.transitiveTagKeys.some((k) => k.toLowerCase() === t.key.toLowerCase()))
  const base = { inheritedTransitive, ...(caller.sourceIdentity !== undefined ? { sourceIdentity: caller.sourceIdentity } : {}) }
  if (caller.federated !== undefined) {
    const kind = classifyPrincipalArn(caller.federated)?.kind === 'samlProvider' ? 'saml' : 'webIdentity'
    return { ...base, kind, chained: false, sessionToken: false }
  }
  const arn = classifyPrincipalArn(caller.arn ?? '')
  const kind: StsCallerKind =
    arn?.kind === 'root' ? 'root' : arn?.kind === 'user' ? 'user' : arn?.kind === 'assumedRole' ? 'roleSession' : arn?.kind === 'federatedUser' ? 'federatedUser' : 'unknown'
  const sessionToken = (kind === 'user' || kind === 'root') && caller.credentials === 'GetSessionToken'
  return { ...base, kind, chained: kind === 'roleSession' && api === 'AssumeRole', sessionToken, ...(arn !== undefined ? { account: arn.account } : {}) }
}

/** What the identity provider supplies for this call (nothing for signed calls). */
function idpSupplied(call: AssumeCall): IdpSupplied | undefined {
  const p = call.parameters
  if (call.api === 'AssumeRoleWithWebIdentity' && p.WebIdentityToken !== undefined) return webIdentitySupplied(p.WebIdentityToken)
  if (call.api === 'AssumeRoleWithSAML' && p.SAMLAssertion !== undefined) return samlSupplied(p.SAMLAssertion)
  return undefined
}

/**
 * Merges the call's parameters with what its identity provider supplies (SAML PrincipalTag attributes,
 * the OIDC `https://aws.amazon.com/tags` claim, source identity, session name, duration).
 *
 * @example
 * effectiveRequest(call).tags // [{ key: 'project', value: 'blue' }]
 */
export function effectiveRequest(call: AssumeCall): EffectiveRequest {
  const p = call.parameters
  const at = `${call.pointer}/parameters`
  const idp = idpSupplied(call)
  const tokenPointer = call.api === 'AssumeRoleWithSAML' ? `${at}/SAMLAssertion` : `${at}/WebIdentityToken`
  const fromIdp = idp !== undefined
  const sessionName = p.RoleSessionName ?? idp?.roleSessionName
  const sourceIdentity = p.SourceIdentity ?? idp?.sourceIdentity
  // The SAML SessionDuration attribute bounds console sessions; in an AssumeRoleWithSAML call it can
  // only shorten the credentials, never extend them past DurationSeconds (default one hour).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html#saml_role-session-duration
  const requested = p.DurationSeconds ?? defaultDuration(call.api)
  const samlDuration = idp?.sessionDuration
  const shortens = samlDuration !== undefined && samlDuration >= STS_LIMITS.samlSessionDuration.min && samlDuration <= STS_LIMITS.samlSessionDuration.max && samlDuration < requested
  return {
    ...(sessionName !== undefined ? { roleSessionName: sessionName } : {}),
    roleSessionNamePointer: p.RoleSessionName !== undefined || !fromIdp ? `${at}/RoleSessionName` : tokenPointer,
    tags: fromIdp ? idp.tags : p.Tags,
    tagsPointer: fromIdp ? tokenPointer : `${at}/Tags`,
    tagsFrom: fromIdp ? 'idp' : 'parameters',
    transitiveTagKeys: fromIdp ? idp.transitiveTagKeys : p.TransitiveTagKeys,
    transitivePointer: fromIdp ? tokenPointer : `${at}/TransitiveTagKeys`,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    sourceIdentityPointer: p.SourceIdentity !== undefined || !fromIdp ? `${at}/SourceIdentity` : tokenPointer,
    durationSeconds: shortens ? samlDuration : requested,
    durationGiven: p.DurationSeconds !== undefined,
    ...(samlDuration !== undefined ? { samlSessionDuration: samlDuration } : {}),
  }
}

function defaultDuration(api: AssumeCall['api']): number {
  if (api === 'AssumeRoot') return STS_LIMITS.rootDefaultDuration
  return api === 'GetSessionToken' || api === 'GetFederationToken' ? STS_LIMITS.tokenDefaultDuration : STS_LIMITS.defaultDuration
}
