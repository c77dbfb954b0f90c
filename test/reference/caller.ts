/**
 * Who calls, and the context keys AWS sets from the caller and the resource — including the ones
 * whose value a request need not show: a user's unique id (`AIDA…`), a role session's `aws:userid`
 * (`AROA…:session`) and the role path in its `aws:PrincipalArn`, the account that owns an S3 bucket.
 * Those get several candidate values (see world.ts).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 */
import { ACCOUNT_ID, ROLE_SESSION_ID, USER_ID, patternTexts, roleArnWithPath, sessionId, valuesFor } from './candidates.js'
import type { ValueForm } from './candidates.js'
import type { RefPrincipal, RefRequest } from './types.js'

/** A caller as the reference sees it. */
export type RefCaller =
  | { readonly kind: 'root'; readonly partition: string; readonly account: string; readonly arn: string }
  | { readonly kind: 'user'; readonly partition: string; readonly account: string; readonly arn: string; readonly name: string }
  /** A role ARN given as the caller: some session of that role. */
  | { readonly kind: 'role'; readonly partition: string; readonly account: string; readonly arn: string; readonly roleName: string }
  | { readonly kind: 'roleSession'; readonly partition: string; readonly account: string; readonly arn: string; readonly roleName: string; readonly session: string }
  | { readonly kind: 'federatedUser'; readonly partition: string; readonly account: string; readonly arn: string; readonly name: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'webIdentity'; readonly provider: string }
  | { readonly kind: 'saml'; readonly provider: string }
  | { readonly kind: 'anonymous' }

/** A caller that signs its requests with AWS credentials. */
export type SignedCaller = Extract<RefCaller, { account: string }>

/** The six parts of an ARN, the last keeping its colons; undefined when the text is not an ARN. */
export interface ArnParts {
  readonly partition: string
  readonly service: string
  readonly region: string
  readonly account: string
  readonly resource: string
}

/** Splits an ARN at its first five colons. */
export function arnParts(text: string): ArnParts | undefined {
  const parts = text.split(':')
  if (parts.length < 6 || parts[0] !== 'arn' || parts[1] === '' || parts[2] === '') return undefined
  return { partition: parts[1] as string, service: parts[2] as string, region: parts[3] as string, account: parts[4] as string, resource: parts.slice(5).join(':') }
}

const ACCOUNT = /^\d{12}$/
// IAM names: user and role names [\w+=,.@-]; session names the same. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const NAME = /^[\w+=,.@-]+$/

/** What an IAM or STS principal ARN names; undefined when it names no principal. */
export function principalOfArn(text: string): SignedCaller | { kind: 'provider'; partition: string; account: string } | undefined {
  const arn = arnParts(text)
  if (arn === undefined || arn.region !== '' || !ACCOUNT.test(arn.account)) return undefined
  const base = { partition: arn.partition, account: arn.account, arn: text }
  const r = arn.resource
  if (arn.service === 'iam') {
    if (r === 'root') return { ...base, kind: 'root' }
    const segments = r.split('/')
    const type = segments[0]
    const name = segments[segments.length - 1] as string
    if (segments.length >= 2 && NAME.test(name) && segments.slice(1, -1).every((s) => s !== '')) {
      if (type === 'user') return { ...base, kind: 'user', name }
      if (type === 'role') return { ...base, kind: 'role', roleName: name }
    }
    if ((type === 'oidc-provider' || type === 'saml-provider') && segments.length >= 2 && segments.slice(1).every((s) => s !== '')) return { kind: 'provider', partition: arn.partition, account: arn.account }
    return undefined
  }
  if (arn.service === 'sts') {
    const segments = r.split('/')
    // An assumed-role ARN holds the role name without its path, then the session name.
    if (segments[0] === 'assumed-role' && segments.length === 3 && NAME.test(segments[1] as string) && NAME.test(segments[2] as string)) {
      return { ...base, kind: 'roleSession', roleName: segments[1] as string, session: segments[2] as string }
    }
    if (segments[0] === 'federated-user' && segments.length === 2 && NAME.test(segments[1] as string)) return { ...base, kind: 'federatedUser', name: segments[1] as string }
  }
  return undefined
}

/** The caller of a request; undefined when the principal names nobody AWS could authenticate. */
export function readCaller(p: RefPrincipal): RefCaller | undefined {
  switch (p.kind) {
    case 'anonymous':
      return { kind: 'anonymous' }
    case 'service':
      return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(p.service) ? { kind: 'service', service: p.service } : undefined
    case 'federated': {
      if (p.provider.startsWith('arn:')) {
        const named = principalOfArn(p.provider)
        if (named?.kind !== 'provider') return undefined
        return { kind: (arnParts(p.provider) as ArnParts).resource.startsWith('saml-provider/') ? 'saml' : 'webIdentity', provider: p.provider }
      }
      // A built-in web identity provider by host name (cognito-identity.amazonaws.com, accounts.google.com…).
      return /^[a-z0-9.-]+\.[a-z]+$/.test(p.provider) ? { kind: 'webIdentity', provider: p.provider } : undefined
    }
    case 'aws': {
      const named = principalOfArn(p.arn)
      return named === undefined || named.kind === 'provider' ? undefined : named
    }
  }
}

/** True for callers that sign with AWS credentials. */
export function isSigned(c: RefCaller): c is SignedCaller {
  return 'account' in c
}

/** True for a role session, or a role given as the caller (some session of it). */
export function isRoleSession(c: RefCaller): c is Extract<RefCaller, { roleName: string }> {
  return c.kind === 'role' || c.kind === 'roleSession'
}

/** Every string in a JSON value (to learn which candidate values a policy could tell apart). */
export function stringsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value)
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out)
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) stringsIn(v, stringsIn(k, out))
  return out
}

/**
 * Concrete values a policy text could single out: the text and its pieces (split at separators), with
 * each wildcard replaced by nothing, a letter, or one of the caller's own names.
 */
function instances(text: string, fillers: readonly string[]): string[] {
  const out = new Set<string>()
  const fill = (t: string, depth: number): void => {
    const star = t.search(/[*?]/)
    if (star < 0 || depth > 3) {
      out.add(t.replace(/[*?]/g, 'X'))
      return
    }
    for (const f of t[star] === '?' ? ['X', '0'] : fillers) fill(t.slice(0, star) + f + t.slice(star + 1), depth + 1)
  }
  fill(text, 0)
  for (const piece of text.split(/[/:*?,\s${}'"]+/)) if (piece !== '') out.add(piece)
  return [...out]
}

/**
 * The context keys of the request: those it gives (keys are case-insensitive; a key given twice in
 * different case has either value), then those AWS derives from the caller and the resource when the
 * request leaves them out. `mentioned` holds the strings of the policies, so that a key whose value is
 * not shown gets a candidate for each value a policy could single out, and one that none names: values
 * of the key's form built from the texts (instances, pick), and for each text one value of the form
 * that the text matches as a pattern or literally and one that it does not, where there are such
 * values (candidates.ts). A condition on one text therefore meets each answer AWS could give it;
 * conditions that combine several texts on one key may still miss the one value that tells them apart.
 */
export function contextFacts(request: RefRequest, caller: RefCaller, mentioned: ReadonlySet<string>): Map<string, (readonly string[] | undefined)[]> {
  const facts = new Map<string, (readonly string[] | undefined)[]>()
  for (const [key, value] of Object.entries(request.context ?? {})) {
    const lower = key.toLowerCase()
    const values = typeof value === 'string' ? [value] : [...value]
    facts.set(lower, [...(facts.get(lower) ?? []), values])
  }
  // Candidates are worked out only for keys the request leaves out.
  const setWorlds = (key: string, candidates: () => (readonly string[])[]): void => {
    if (!facts.has(key.toLowerCase())) facts.set(key.toLowerCase(), candidates())
  }
  const set = (key: string, values: () => readonly string[]): void => setWorlds(key, () => [...new Set(values())].map((v) => [v]))
  const known = (key: string, value: string): void => set(key, () => [value])
  const own = isSigned(caller) ? [caller.account, 'name' in caller ? caller.name : '', 'roleName' in caller ? caller.roleName : '', 'session' in caller ? caller.session : ''] : []
  const fillers = [...new Set(['', 'X', ...own])]
  const sources = [...mentioned, request.resource]
  let texts: string[] | undefined
  let patterns: string[] | undefined
  const pick = (shape: RegExp, fresh: string[], compose: (t: string) => string = (t) => t): string[] => {
    texts ??= [...new Set(sources.flatMap((t) => instances(t, fillers)))]
    return [...fresh, ...texts.map(compose).filter((t) => shape.test(t))]
  }
  const matching = (...forms: ValueForm[]): string[] => {
    const found = (patterns ??= patternTexts(sources))
    return forms.flatMap((form) => found.flatMap((t) => valuesFor(t, form)))
  }
  // Every run of the request's resource (or of it upper-cased) that has the key's form: a Resource
  // element that substitutes the key matches the resource only with such a value. `start` is how
  // each begins; `length`, the lengths they may have.
  const within = (shape: RegExp, start: RegExp, length: { min: number; max: number }): string[] => {
    const out: string[] = []
    for (const text of new Set([request.resource, request.resource.toUpperCase()])) {
      for (let i = 0; i < text.length; i++) {
        if (!start.test(text.slice(i, i + 4))) continue
        for (let j = i + length.min; j <= Math.min(text.length, i + length.max); j++) if (shape.test(text.slice(i, j))) out.push(text.slice(i, j))
      }
    }
    return out
  }

  if (isSigned(caller)) {
    known('aws:PrincipalAccount', caller.account)
    known('aws:PrincipalIsAWSService', 'false')
    known('aws:PrincipalType', caller.kind === 'root' ? 'Account' : caller.kind === 'user' ? 'User' : caller.kind === 'federatedUser' ? 'FederatedUser' : 'AssumedRole')
    const roleArn = `arn:${caller.partition}:iam::${caller.account}:role`
    switch (caller.kind) {
      case 'root':
        known('aws:PrincipalArn', caller.arn)
        known('aws:userid', caller.account)
        break
      case 'user':
        known('aws:PrincipalArn', caller.arn)
        known('aws:username', caller.name)
        // The user's unique id: AIDA followed by letters and digits.
        set('aws:userid', () => [...pick(/^AIDA[A-Z0-9]+$/, ['AIDAREFERENCEFRESHID00']), ...matching(USER_ID), ...within(/^AIDA[A-Z0-9]+$/, /^AIDA/, { min: 5, max: 128 })])
        break
      case 'federatedUser':
        known('aws:PrincipalArn', caller.arn)
        known('aws:userid', `${caller.account}:${caller.name}`)
        break
      case 'role':
        // aws:PrincipalArn of a role session is the role's ARN, path included.
        known('aws:PrincipalArn', caller.arn)
        set('aws:userid', () => [
          ...pick(/^AROA[A-Z0-9]+:[\w+=,.@-]+$/, ['AROAREFERENCEFRESHID00:reference-session']),
          ...pick(/^AROA[A-Z0-9]+:reference-session$/, [], (t) => `${t}:reference-session`),
          ...matching(ROLE_SESSION_ID),
          ...within(/^AROA[A-Z0-9]+:[\w+=,.@-]+$/, /^AROA/, { min: 7, max: 200 }),
        ])
        break
      case 'roleSession': {
        // The session's ARN drops the role path: any path is possible (path characters \u0021-\u007E).
        const escaped = caller.roleName.replace(/[.+]/g, '\\$&')
        const shape = new RegExp(`^${roleArn.replace(/[.+]/g, '\\$&')}(/[\\u0021-\\u007E]+)*/${escaped}$`)
        set('aws:PrincipalArn', () => [...pick(shape, [`${roleArn}/${caller.roleName}`, `${roleArn}/reference-path/${caller.roleName}`]), ...matching(...roleArnWithPath(roleArn, caller.roleName)), ...within(shape, /^arn:/, { min: roleArn.length + caller.roleName.length + 1, max: 1024 })])
        const session = new RegExp(`^AROA[A-Z0-9]+:${caller.session.replace(/[.+]/g, '\\$&')}$`)
        set('aws:userid', () => [...pick(session, [`AROAREFERENCEFRESHID00:${caller.session}`]), ...pick(session, [], (t) => `${t}:${caller.session}`), ...matching(sessionId(caller.session)), ...within(session, /^AROA/, { min: 7, max: 200 })])
        break
      }
    }
  }
  if (caller.kind === 'service') {
    known('aws:PrincipalIsAWSService', 'true')
    known('aws:PrincipalServiceName', caller.service)
    // Every name of the service: this one, and maybe regional ones.
    const [prefix] = caller.service.split('.')
    setWorlds('aws:PrincipalServiceNamesList', () => [[caller.service], [caller.service, `${prefix ?? ''}.reference-region-1.amazonaws.com`]])
  }
  // The identity provider of a web-identity call: the provider ARN, or the built-in provider's name.
  if (caller.kind === 'webIdentity') known('aws:FederatedProvider', caller.provider)
  if (caller.kind === 'anonymous') {
    known('aws:PrincipalType', 'Anonymous')
    known('aws:userid', 'anonymous')
  }
  const account = resourceAccount(request)
  if (account !== undefined) known('aws:ResourceAccount', account)
  else set('aws:ResourceAccount', () => [...pick(ACCOUNT, ['999999999999', ...(isSigned(caller) ? [caller.account] : [])]), ...matching(ACCOUNT_ID), ...within(ACCOUNT, /^\d/, { min: 12, max: 12 })])
  return facts
}

/** The account that owns the resource, when the request or the ARN shows it. */
export function resourceAccount(request: RefRequest): string | undefined {
  if (request.resourceAccount !== undefined) return request.resourceAccount
  const account = arnParts(request.resource)?.account
  return account !== undefined && ACCOUNT.test(account) ? account : undefined
}
