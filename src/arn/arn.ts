/**
 * ARN parsing: `arn:partition:service:region:account-id:resource`, where the resource part may itself
 * contain `:` and `/`. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 */

/** The six parts of an ARN. */
export interface Arn {
  readonly partition: string
  readonly service: string
  readonly region: string
  readonly account: string
  /** Everything after the fifth colon. */
  readonly resource: string
}

/** Splits an ARN into its parts, or returns undefined when it has fewer than six parts or does not start with `arn:`. */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined
  const parts = splitArnParts(text)
  if (parts === undefined) return undefined
  const [, partition, service, region, account, resource] = parts as [string, string, string, string, string, string]
  if (partition === '' || service === '') return undefined
  return { partition, service, region, account, resource }
}

/** Splits text at its first five colons into six parts; undefined when it has fewer than five colons. */
export function splitArnParts(text: string): string[] | undefined {
  const parts: string[] = []
  let start = 0
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start)
    if (colon < 0) return undefined
    parts.push(text.slice(start, colon))
    start = colon + 1
  }
  parts.push(text.slice(start))
  return parts
}

/** True for a 12-digit AWS account id. */
export function isAccountId(text: string): boolean {
  if (text.length !== 12) return false
  for (let i = 0; i < 12; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** The principal an ARN names, classified. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html */
export type PrincipalArnKind =
  | { readonly kind: 'root'; readonly partition: string; readonly account: string }
  | { readonly kind: 'user'; readonly partition: string; readonly account: string; readonly path: string; readonly name: string }
  | { readonly kind: 'role'; readonly partition: string; readonly account: string; readonly path: string; readonly name: string }
  | { readonly kind: 'assumedRole'; readonly partition: string; readonly account: string; readonly roleName: string; readonly sessionName: string }
  | { readonly kind: 'federatedUser'; readonly partition: string; readonly account: string; readonly name: string }
  | { readonly kind: 'oidcProvider'; readonly partition: string; readonly account: string; readonly host: string }
  | { readonly kind: 'samlProvider'; readonly partition: string; readonly account: string; readonly name: string }

/** Classifies an IAM/STS principal ARN, or returns undefined when it is not one. */
export function classifyPrincipalArn(text: string): PrincipalArnKind | undefined {
  const arn = parseArn(text)
  if (arn === undefined || !isAccountId(arn.account) || arn.region !== '') return undefined
  const { partition, account, resource } = arn
  if (arn.service === 'iam') {
    if (resource === 'root') return { kind: 'root', partition, account }
    const slash = resource.indexOf('/')
    if (slash <= 0) return undefined
    const type = resource.slice(0, slash)
    const rest = resource.slice(slash + 1)
    if (rest === '') return undefined
    if (type === 'user' || type === 'role') {
      const last = rest.lastIndexOf('/')
      const name = rest.slice(last + 1)
      if (name === '') return undefined
      const path = last < 0 ? '/' : `/${rest.slice(0, last + 1)}`
      return { kind: type, partition, account, path, name }
    }
    if (type === 'oidc-provider') return { kind: 'oidcProvider', partition, account, host: rest }
    if (type === 'saml-provider') return { kind: 'samlProvider', partition, account, name: rest }
    return undefined
  }
  if (arn.service === 'sts') {
    if (resource.startsWith('assumed-role/')) {
      const rest = resource.slice('assumed-role/'.length)
      const slash = rest.indexOf('/')
      if (slash <= 0 || slash === rest.length - 1) return undefined
      return { kind: 'assumedRole', partition, account, roleName: rest.slice(0, slash), sessionName: rest.slice(slash + 1) }
    }
    if (resource.startsWith('federated-user/')) {
      const name = resource.slice('federated-user/'.length)
      if (name === '') return undefined
      return { kind: 'federatedUser', partition, account, name }
    }
  }
  return undefined
}
