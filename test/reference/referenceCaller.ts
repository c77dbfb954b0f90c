/**
 * The reference evaluator's own reading of the request: who calls, and the context keys AWS derives
 * from the caller. Written from the documentation tables, independently of `src/request`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { isMultivaluedKey } from '../../src/conditions/multivaluedKeys.js'
import type { ContextEntry, RequestContext } from '../../src/request/context.js'
import type { Request, RequestPrincipal } from '../../src/request/types.js'

/** A caller as the reference sees it. */
export interface RefCaller {
  readonly kind: 'root' | 'user' | 'role' | 'roleSession' | 'federatedUser' | 'service' | 'webIdentity' | 'saml' | 'anonymous'
  readonly partition?: string
  readonly account?: string
  readonly arn?: string
  readonly name?: string
  readonly roleName?: string
  readonly service?: string
  readonly provider?: string
}

/** A naively split ARN. */
export interface RefArn {
  readonly partition: string
  readonly service: string
  readonly region: string
  readonly account: string
  readonly resource: string
}

/** Splits `arn:partition:service:region:account:resource` on its colons. */
export function splitArn(text: string): RefArn | undefined {
  const parts = text.split(':')
  if (parts.length < 6 || parts[0] !== 'arn' || parts[1] === '' || parts[2] === '') return undefined
  return { partition: parts[1] as string, service: parts[2] as string, region: parts[3] as string, account: parts[4] as string, resource: parts.slice(5).join(':') }
}

const ACCOUNT = /^\d{12}$/

/** What an IAM/STS principal ARN names, or undefined. */
export function principalArn(text: string): { kind: RefCaller['kind'] | 'provider'; partition: string; account: string; name: string; roleName?: string } | undefined {
  const arn = splitArn(text)
  if (arn === undefined || arn.region !== '' || !ACCOUNT.test(arn.account)) return undefined
  const base = { partition: arn.partition, account: arn.account }
  const r = arn.resource
  if (arn.service === 'iam') {
    if (r === 'root') return { ...base, kind: 'root', name: '' }
    const [type, ...rest] = r.split('/')
    const name = rest[rest.length - 1] ?? ''
    if ((type === 'user' || type === 'role') && rest.length > 0 && name !== '') return { ...base, kind: type, name }
    if ((type === 'oidc-provider' || type === 'saml-provider') && rest.join('/') !== '') return { ...base, kind: 'provider', name: type }
    return undefined
  }
  if (arn.service === 'sts') {
    if (r.startsWith('assumed-role/')) {
      const rest = r.slice('assumed-role/'.length)
      const slash = rest.indexOf('/')
      // Session names never hold "/" ([\w+=,.@-]): an assumed-role ARN has no role path.
      if (slash <= 0 || slash === rest.length - 1 || rest.indexOf('/', slash + 1) >= 0) return undefined
      return { ...base, kind: 'roleSession', roleName: rest.slice(0, slash), name: rest.slice(slash + 1) }
    }
    if (r.startsWith('federated-user/') && r.length > 'federated-user/'.length) return { ...base, kind: 'federatedUser', name: r.slice('federated-user/'.length) }
  }
  return undefined
}

/** The caller of a request, or undefined when the principal is not usable. */
export function refCaller(p: RequestPrincipal): RefCaller | undefined {
  switch (p.kind) {
    case 'anonymous':
      return { kind: 'anonymous' }
    case 'service':
      return p.service === '' ? undefined : { kind: 'service', service: p.service }
    case 'federated': {
      if (p.provider === '') return undefined
      const arn = splitArn(p.provider)
      if (arn === undefined) return p.provider.startsWith('arn:') ? undefined : { kind: 'webIdentity', provider: p.provider }
      const named = principalArn(p.provider)
      if (named?.kind !== 'provider') return undefined
      return { kind: arn.resource.startsWith('saml-provider/') ? 'saml' : 'webIdentity', provider: p.provider, partition: named.partition, account: named.account }
    }
    case 'aws': {
      const named = principalArn(p.arn)
      if (named === undefined || named.kind === 'provider') return undefined
      return { kind: named.kind, partition: named.partition, account: named.account, arn: p.arn, name: named.name, ...(named.roleName !== undefined ? { roleName: named.roleName } : named.kind === 'role' ? { roleName: named.name } : {}) }
    }
  }
}

/** True for callers that sign with AWS credentials. */
export function isSigned(c: RefCaller): boolean {
  return c.kind === 'root' || c.kind === 'user' || c.kind === 'role' || c.kind === 'roleSession' || c.kind === 'federatedUser'
}

/** The request context with the keys AWS derives from the caller added when the request leaves them out. */
export function refContext(request: Request, caller: RefCaller): RequestContext {
  const map = new Map<string, ContextEntry>()
  for (const [key, value] of Object.entries(request.context ?? {})) {
    const lower = key.toLowerCase()
    map.set(lower, typeof value === 'string' ? { values: [value], multi: isMultivaluedKey(lower) } : { values: [...value], multi: true })
  }
  const derive = (key: string, value: string | undefined): void => {
    if (value !== undefined && !map.has(key.toLowerCase())) map.set(key.toLowerCase(), { values: [value], multi: false })
  }
  if (isSigned(caller)) {
    const roleArn = caller.kind === 'role' ? caller.arn : `arn:${caller.partition}:iam::${caller.account}:role/${caller.roleName}`
    derive('aws:PrincipalArn', caller.kind === 'roleSession' || caller.kind === 'role' ? roleArn : caller.arn)
    derive('aws:PrincipalAccount', caller.account)
    const type = { root: 'Account', user: 'User', role: 'AssumedRole', roleSession: 'AssumedRole', federatedUser: 'FederatedUser' } as const
    derive('aws:PrincipalType', type[caller.kind as keyof typeof type])
    derive('aws:PrincipalIsAWSService', 'false')
    if (caller.kind === 'user') derive('aws:username', caller.name)
    if (caller.kind === 'root') derive('aws:userid', caller.account)
    if (caller.kind === 'federatedUser') derive('aws:userid', `${caller.account}:${caller.name}`)
  }
  if (caller.kind === 'service') {
    derive('aws:PrincipalIsAWSService', 'true')
    derive('aws:PrincipalServiceName', caller.service)
  }
  if (caller.kind === 'anonymous') {
    derive('aws:PrincipalType', 'Anonymous')
    derive('aws:userid', 'anonymous')
  }
  const account = request.resourceAccount ?? splitArn(request.resource)?.account
  if (account !== undefined && account !== '') derive('aws:ResourceAccount', account)
  return { get: (keyLower) => map.get(keyLower) }
}
