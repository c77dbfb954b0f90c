/**
 * The caller model: what the evaluator knows about who signs a request, derived once from the
 * request principal. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import type { RequestPrincipal } from './types.js'

/** What kind of caller makes the request. */
type CallerKind = 'root' | 'user' | 'role' | 'roleSession' | 'federatedUser' | 'service' | 'webIdentity' | 'saml' | 'anonymous'

/** Facts about the caller, derived from the request principal. */
export interface Caller {
  readonly kind: CallerKind
  /** The principal as written in the request (ARN, service name or provider). */
  readonly display: string
  readonly partition?: string
  readonly account?: string
  /** The caller's own ARN: user, session, federated-user or root ARN. */
  readonly arn?: string
  /** For role sessions (and a bare role ARN): the role's name. */
  readonly roleName?: string
  /** For role sessions: the session name. */
  readonly sessionName?: string
  /** For users: the user name. */
  readonly userName?: string
  /** For federated users: the federated-user name. */
  readonly federatedName?: string
  /** For service callers: the service principal. */
  readonly service?: string
  /** For web-identity and SAML callers: the provider ARN or built-in IdP name. */
  readonly provider?: string
  /** True when the request is signed with AWS credentials (identity policies, SCPs and boundaries can apply). */
  readonly signed: boolean
}

/** Result of reading a request principal. */
export type CallerResult = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly message: string }

/** Derives the caller model, or says why the principal is not usable. */
export function callerFromPrincipal(principal: RequestPrincipal): CallerResult {
  switch (principal.kind) {
    case 'service':
      if (principal.service === '') return { ok: false, message: 'service principal is empty' }
      return { ok: true, caller: { kind: 'service', display: principal.service, service: principal.service, signed: false } }
    case 'anonymous':
      return { ok: true, caller: { kind: 'anonymous', display: 'anonymous', signed: false } }
    case 'federated': {
      const provider = principal.provider
      if (provider === '') return { ok: false, message: 'federated provider is empty' }
      const arn = classifyPrincipalArn(provider)
      if (arn?.kind === 'samlProvider') {
        return { ok: true, caller: { kind: 'saml', display: provider, provider, partition: arn.partition, account: arn.account, signed: false } }
      }
      if (arn?.kind === 'oidcProvider') {
        return { ok: true, caller: { kind: 'webIdentity', display: provider, provider, partition: arn.partition, account: arn.account, signed: false } }
      }
      if (provider.startsWith('arn:')) return { ok: false, message: `\`${provider}\` is not an OIDC or SAML provider ARN` }
      return { ok: true, caller: { kind: 'webIdentity', display: provider, provider, signed: false } }
    }
    case 'aws': {
      const arn = classifyPrincipalArn(principal.arn)
      if (arn === undefined) return { ok: false, message: `\`${principal.arn}\` is not a user, role, assumed-role, federated-user or root ARN` }
      const base = { display: principal.arn, partition: arn.partition, account: arn.account, arn: principal.arn, signed: true }
      switch (arn.kind) {
        case 'root':
          return { ok: true, caller: { ...base, kind: 'root' } }
        case 'user':
          return { ok: true, caller: { ...base, kind: 'user', userName: arn.name } }
        case 'role':
          return { ok: true, caller: { ...base, kind: 'role', roleName: arn.name } }
        case 'assumedRole':
          // A session name never holds `/` ([\w+=,.@-]), and the assumed-role ARN has no role path: a
          // third segment means the ARN was written with a path and would name the wrong role.
          // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
          if (arn.sessionName.includes('/')) return { ok: false, message: `\`${principal.arn}\` is not an assumed-role ARN: it is assumed-role/ROLE-NAME/SESSION-NAME, without the role path` }
          return { ok: true, caller: { ...base, kind: 'roleSession', roleName: arn.roleName, sessionName: arn.sessionName } }
        case 'federatedUser':
          return { ok: true, caller: { ...base, kind: 'federatedUser', federatedName: arn.name } }
        default:
          return { ok: false, message: `\`${principal.arn}\` is an identity provider, not a caller; use {"federated": ...}` }
      }
    }
  }
}

/** The role ARN behind a role session (path unknown from the session ARN, so it is omitted). */
export function sessionRoleArn(caller: Caller): string | undefined {
  if ((caller.kind === 'roleSession' || caller.kind === 'role') && caller.partition !== undefined && caller.account !== undefined && caller.roleName !== undefined) {
    return caller.kind === 'role' ? caller.arn : `arn:${caller.partition}:iam::${caller.account}:role/${caller.roleName}`
  }
  return undefined
}
