/**
 * What a principal value denotes, per map key (`AWS`, `Service`, `Federated`, `CanonicalUser`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * Unique-id prefixes: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
import { classifyPrincipalArn, isAccountId, parseArn } from '../arn/arn.js'
import type { PrincipalArnKind } from '../arn/arn.js'
import type { DiagnosticCode } from '../diagnostics.js'
import type { PrincipalForm, PrincipalType } from './types.js'

/** The classification of one value, with the problem to report when it is invalid. */
export interface PrincipalClassification {
  readonly form: PrincipalForm
  readonly account?: string
  readonly arn?: PrincipalArnKind
  readonly problem?: { readonly code: DiagnosticCode; readonly message: string }
}

/** Built-in web identity providers, written without a provider ARN. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html */
export const BUILTIN_IDPS: ReadonlySet<string> = new Set([
  'cognito-identity.amazonaws.com',
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
])

/** Unique-id prefixes that can act as principals: users (AIDA) and roles (AROA). */
const PRINCIPAL_ID_PREFIXES = ['AIDA', 'AROA']
/** Documented prefixes of entities that can never be principals (groups, instance profiles, policies, keys...). */
const OTHER_ID_PREFIXES = ['ABIA', 'ACCA', 'AGPA', 'AIPA', 'AKIA', 'ANPA', 'ANVA', 'APKA', 'ASCA', 'ASIA']

const invalid = (code: DiagnosticCode, message: string): PrincipalClassification => ({ form: 'invalid', problem: { code, message } })

function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?')
}

/** Classifies `value` written under principal key `type`. Never throws. */
export function classifyPrincipal(type: PrincipalType, value: string): PrincipalClassification {
  if (value !== '*' && hasWildcard(value)) {
    return invalid('principal.partial-wildcard', 'a principal may use `*` only as the whole value')
  }
  switch (type) {
    case 'AWS':
      return classifyAws(value)
    case 'Service':
      return classifyService(value)
    case 'Federated':
      return classifyFederated(value)
    case 'CanonicalUser':
      return /^[0-9a-f]{64}$/i.test(value)
        ? { form: 'canonicalUser' }
        : invalid('principal.invalid-value', 'a canonical user id is 64 hexadecimal characters')
  }
}

function classifyAws(value: string): PrincipalClassification {
  if (value === '*') return { form: 'wildcard' }
  if (isAccountId(value)) return { form: 'account', account: value }
  if (/^\d+$/.test(value)) return invalid('principal.invalid-account', 'an account id is exactly 12 digits')
  if (value.startsWith('arn:')) {
    const named = classifyPrincipalArn(value)
    if (named !== undefined && named.kind !== 'oidcProvider' && named.kind !== 'samlProvider') {
      return { form: named.kind, account: named.account, arn: named }
    }
    const arn = parseArn(value)
    if (arn !== undefined && (arn.service === 'iam' || arn.service === 'sts') && !isAccountId(arn.account)) {
      return invalid('principal.invalid-account', 'the account in a principal arn is exactly 12 digits')
    }
    return invalid('principal.invalid-arn', 'an aws principal arn names an account root, user, role, assumed-role session or federated user')
  }
  const prefix = value.slice(0, 4)
  if (/^[A-Z0-9]{16,128}$/.test(value)) {
    if (PRINCIPAL_ID_PREFIXES.includes(prefix)) return { form: 'uniqueId' }
    if (OTHER_ID_PREFIXES.includes(prefix)) return invalid('principal.invalid-value', 'only user (AIDA) and role (AROA) unique ids can be principals')
  }
  return invalid('principal.invalid-value', 'an aws principal is `*`, a 12-digit account id, a principal arn or a unique id')
}

function classifyService(value: string): PrincipalClassification {
  if (value === '*') return invalid('principal.service-wildcard', '`"Service": "*"` is not allowed')
  // Service principals are DNS names such as ec2.amazonaws.com or s3.ap-east-1.amazonaws.com.
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(value)) return { form: 'service' }
  return invalid('principal.invalid-value', 'a service principal is a name such as `ec2.amazonaws.com`')
}

function classifyFederated(value: string): PrincipalClassification {
  if (value === '*') return invalid('principal.invalid-value', 'a federated principal names an identity provider, not `*`')
  if (BUILTIN_IDPS.has(value)) return { form: 'builtinIdp' }
  if (value.startsWith('arn:')) {
    const named = classifyPrincipalArn(value)
    if (named?.kind === 'oidcProvider' || named?.kind === 'samlProvider') return { form: named.kind, account: named.account, arn: named }
    const arn = parseArn(value)
    if (arn !== undefined && arn.service === 'iam' && !isAccountId(arn.account)) {
      return invalid('principal.invalid-account', 'the account in a provider arn is exactly 12 digits')
    }
    return invalid('principal.invalid-arn', 'a federated principal arn names an oidc-provider or saml-provider')
  }
  return invalid('principal.invalid-value', 'a federated principal is a provider arn or a built-in identity provider')
}
