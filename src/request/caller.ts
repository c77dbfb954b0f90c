/**
 * The caller model: what the evaluator knows about who signs a request, derived once from the
 * request principal. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import type { RequestPrincipal } from './types.js'

/** What kind of caller makes the request. */
type CallerKind = 'root' | 'user' | 'role' | 'roleSession' | 'federatedUser' | 'service' | 'webIdentity' | 'saml' | 'anonymous'

/** Facts about the caller, derived from the request principal. Every field is present (PERF: one shape). */
export interface Caller {
  readonly kind: CallerKind
  /** The principal as written in the request (ARN, service name or provider). */
  readonly display: string
  readonly partition: string | undefined
  readonly account: string | undefined
  /** The caller's own ARN: user, session, federated-user or root ARN. */
  readonly arn: string | undefined
  /** For role sessions (and a bare role ARN): the role's name. */
  readonly roleName: string | undefined
  /**
   * For role sessions (and a bare role ARN): the role's ARN, which AWS gives as aws:PrincipalArn. A
   * session ARN does not show the role's path, so a session's role ARN is written without one.
   */
  readonly roleArn: string | undefined
  /** For a bare role ARN: the role's path (a session ARN does not show it). */
  readonly rolePath: string | undefined
  /** For role sessions: the session name. */
  readonly sessionName: string | undefined
  /** For users: the user name. */
  readonly userName: string | undefined
  /** For federated users: the federated-user name. */
  readonly federatedName: string | undefined
  /** For service callers: the service principal. */
  readonly service: string | undefined
  /** For web-identity and SAML callers: the provider ARN or built-in IdP name. */
  readonly provider: string | undefined
  /** True when the request is signed with AWS credentials (identity policies, SCPs and boundaries can apply). */
  readonly signed: boolean
}

/** The fields a kind of caller has; the others are undefined. */
type CallerFields = Partial<Omit<Caller, 'kind' | 'display' | 'signed'>>

function caller(kind: CallerKind, display: string, signed: boolean, f: CallerFields): Caller {
  return {
    kind,
    display,
    partition: f.partition,
    account: f.account,
    arn: f.arn,
    roleName: f.roleName,
    roleArn: f.roleArn,
    rolePath: f.rolePath,
    sessionName: f.sessionName,
    userName: f.userName,
    federatedName: f.federatedName,
    service: f.service,
    provider: f.provider,
    signed,
  }
}

/** Result of reading a request principal. */
export type CallerResult = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly message: string }

/** Derives the caller model, or says why the principal is not usable. */
export function callerFromPrincipal(principal: RequestPrincipal): CallerResult {
  switch (principal.kind) {
    case 'service':
      if (principal.service === '') return { ok: false, message: 'service principal is empty' }
      return { ok: true, caller: caller('service', principal.service, false, { service: principal.service }) }
    case 'anonymous':
      return ANONYMOUS
    case 'federated': {
      const provider = principal.provider
      if (provider === '') return { ok: false, message: 'federated provider is empty' }
      const arn = classifyPrincipalArn(provider)
      if (arn?.kind === 'samlProvider') return { ok: true, caller: caller('saml', provider, false, { provider, partition: arn.partition, account: arn.account }) }
      if (arn?.kind === 'oidcProvider') return { ok: true, caller: caller('webIdentity', provider, false, { provider, partition: arn.partition, account: arn.account }) }
      if (provider.startsWith('arn:')) return { ok: false, message: `\`${provider}\` is not an OIDC or SAML provider ARN` }
      return { ok: true, caller: caller('webIdentity', provider, false, { provider }) }
    }
    case 'aws':
      return awsCaller(principal.arn)
    default:
      return { ok: false, message: 'the principal is not one of the request principal kinds' }
  }
}

// PERF: one anonymous caller, made once (callers are read-only).
const ANONYMOUS: CallerResult = Object.freeze({ ok: true, caller: Object.freeze(caller('anonymous', 'anonymous', false, {})) })

/** The caller an AWS principal ARN names: a user, role, role session, federated user or root. */
function awsCaller(text: string): CallerResult {
  const arn = classifyPrincipalArn(text)
  if (arn === undefined) return { ok: false, message: `\`${text}\` is not a user, role, assumed-role, federated-user or root ARN` }
  const base = { partition: arn.partition, account: arn.account, arn: text }
  switch (arn.kind) {
    case 'root':
      return { ok: true, caller: caller('root', text, true, base) }
    case 'user':
      return { ok: true, caller: caller('user', text, true, { ...base, userName: arn.name }) }
    case 'role':
      return { ok: true, caller: caller('role', text, true, { ...base, roleName: arn.name, rolePath: arn.path, roleArn: text }) }
    case 'assumedRole':
      // A session name never holds `/` ([\w+=,.@-]), and the assumed-role ARN has no role path: a
      // third segment means the ARN was written with a path and would name the wrong role.
      // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
      if (arn.sessionName.includes('/')) return { ok: false, message: `\`${text}\` is not an assumed-role ARN: it is assumed-role/ROLE-NAME/SESSION-NAME, without the role path` }
      return { ok: true, caller: caller('roleSession', text, true, { ...base, roleName: arn.roleName, sessionName: arn.sessionName, roleArn: `arn:${arn.partition}:iam::${arn.account}:role/${arn.roleName}` }) }
    case 'federatedUser':
      return { ok: true, caller: caller('federatedUser', text, true, { ...base, federatedName: arn.name }) }
    default:
      return { ok: false, message: `\`${text}\` is an identity provider, not a caller; use {"federated": ...}` }
  }
}
