/**
 * What the caller of an event can change about its own request, in words: how it would supply a
 * context key (MFA, an external id, a session tag, a token claim, a network) — the context fixes the
 * fix search may offer. Keys the caller cannot choose (its ARN, its account, the organization) have
 * no entry, so no fix asks for them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { ContextValue } from '../request/types.js'
import { oidcKeyPrefix } from '../sts/federation.js'
import type { SessionTag } from '../sts/types.js'
import type { SnapshotRole } from '../snapshot/types.js'
import type { ReconstructedCaller } from './caller.js'

/** The caller's own tags from the snapshot (a session's role tags). */
export function ownTags(caller: ReconstructedCaller): SessionTag[] {
  const owner = caller.user ?? caller.role
  return owner !== undefined ? [...owner.tags.values()] : []
}

/** True when the role's trust policy lets some caller pass session tags (sts:TagSession), so its sessions' tags are not the role's alone. */
export function principalTagsUnknown(role: SnapshotRole | undefined): boolean {
  if (role === undefined) return true
  return role.trust?.forAction('sts:tagsession').some((s) => s.effect === 'Allow') === true
}

/** The caller as a principal-element entry, for trust and resource policy patches. */
export function callerPrincipalOf(caller: ReconstructedCaller): { readonly type: 'AWS' | 'Service' | 'Federated'; readonly value: string; readonly label: string } | undefined {
  if (caller.outside) return undefined
  switch (caller.kind) {
    case 'user':
      return { type: 'AWS', value: caller.label, label: `the user ${caller.label}` }
    case 'roleSession':
      return caller.roleArn !== undefined ? { type: 'AWS', value: caller.roleArn, label: `the role ${caller.roleArn}` } : undefined
    case 'service':
      return { type: 'Service', value: caller.label, label: `the service ${caller.label}` }
    case 'webIdentity':
    case 'saml':
      return caller.provider !== undefined ? { type: 'Federated', value: caller.provider, label: `the identity provider ${caller.provider}` } : undefined
    default:
      return undefined
  }
}

function show(v: ContextValue): string {
  return typeof v === 'string' ? `\`${v}\`` : v.map((x) => `\`${x}\``).join(', ')
}

/**
 * How the caller supplies a key, or undefined when it cannot choose its value.
 *
 * @example
 * supplyText('sts:externalid', '7f3c9a2e', { api: 'AssumeRole', caller }) // 'pass ExternalId `7f3c9a2e`'
 */
export function supplyText(keyLower: string, value: ContextValue, at: { readonly api?: string; readonly caller: ReconstructedCaller }): string | undefined {
  const { api, caller } = at
  const signed = caller.kind !== 'webIdentity' && caller.kind !== 'saml' && caller.kind !== 'service'
  const v = show(value)
  if (keyLower === 'aws:multifactorauthpresent' || keyLower === 'aws:multifactorauthage') {
    if (!signed || (keyLower === 'aws:multifactorauthpresent' && value !== 'true')) return undefined
    if (caller.kind === 'user' && api === 'AssumeRole') return `authenticate with MFA: call AssumeRole with SerialNumber and TokenCode (aws:MultiFactorAuthPresent = ${v})`
    if (caller.kind === 'roleSession') return `use a role session created with MFA (AssumeRole with SerialNumber and TokenCode) (${keyLower === 'aws:multifactorauthage' ? `aws:MultiFactorAuthAge = ${v}` : 'aws:MultiFactorAuthPresent = `true`'})`
    return `sign in with MFA, or use credentials from GetSessionToken with SerialNumber and TokenCode (${keyLower === 'aws:multifactorauthage' ? `aws:MultiFactorAuthAge = ${v}` : 'aws:MultiFactorAuthPresent = `true`'})`
  }
  if (keyLower === 'sts:externalid') return api === 'AssumeRole' ? `pass ExternalId ${v}` : undefined
  if (keyLower === 'sts:rolesessionname') return api !== undefined && api.startsWith('AssumeRole') ? `use RoleSessionName ${v}` : undefined
  if (keyLower === 'sts:sourceidentity') {
    if (caller.sourceIdentity !== undefined) return undefined
    if (caller.kind === 'webIdentity') return `use a token whose https://aws.amazon.com/source_identity claim is ${v}`
    if (caller.kind === 'saml') return `use an assertion whose SourceIdentity attribute is ${v}`
    return api === 'AssumeRole' ? `pass SourceIdentity ${v}` : undefined
  }
  if (keyLower.startsWith('aws:requesttag/')) {
    const key = keyLower.slice('aws:requesttag/'.length)
    if (caller.kind === 'webIdentity') return `use a token whose https://aws.amazon.com/tags claim passes the session tag ${key}=${v}`
    if (caller.kind === 'saml') return `use an assertion that passes the session tag ${key}=${v}`
    return `pass the tag ${key}=${v}`
  }
  if (keyLower.startsWith('aws:principaltag/')) {
    const key = keyLower.slice('aws:principaltag/'.length)
    if (caller.kind === 'user' && caller.user !== undefined) return `tag the user ${caller.user.arn} with ${key}=${v} (iam:TagUser)`
    if (caller.kind === 'roleSession' && caller.role !== undefined) return `tag the role ${caller.role.arn} with ${key}=${v} (iam:TagRole)`
    return undefined
  }
  if (keyLower === 'aws:sourceip') return signed ? `call from ${v}, an address the condition accepts` : undefined
  if (keyLower === 'aws:sourcevpce') return signed ? `call through the VPC endpoint ${v}` : undefined
  if (keyLower === 'aws:requestedregion') return `call the endpoint of region ${v}`
  if (keyLower === 'aws:securetransport') return value === 'true' ? 'call over HTTPS' : undefined
  const prefix = caller.kind === 'webIdentity' && caller.provider !== undefined ? `${oidcKeyPrefix(caller.provider).toLowerCase()}:` : undefined
  if (prefix !== undefined && keyLower.startsWith(prefix)) return `use a token whose ${keyLower.slice(prefix.length)} claim is ${v} (${keyLower})`
  if (caller.kind === 'saml' && keyLower.startsWith('saml:')) return `use an assertion whose ${keyLower} is ${v}`
  return undefined
}
