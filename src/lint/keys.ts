/**
 * What iamtrace knows about condition keys in trust policies: which are documented, their types, and
 * which identify the caller (binding keys) as opposed to values the caller chooses.
 * Global keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * STS / IdP keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import { BUILTIN_IDPS } from '../policy/classifyPrincipal.js'
import type { PrincipalEntry } from '../policy/types.js'

/** Documented global keys (lowercased); tag keys are matched by prefix. */
const GLOBAL_KEYS: ReadonlySet<string> = new Set(
  [
    'aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast', 'aws:CurrentTime', 'aws:EpochTime', 'aws:FederatedProvider',
    'aws:MultiFactorAuthAge', 'aws:MultiFactorAuthPresent', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalIsAWSService',
    'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalServiceName', 'aws:PrincipalServiceNamesList', 'aws:PrincipalType',
    'aws:Referer', 'aws:RequestedRegion', 'aws:ResourceAccount', 'aws:ResourceOrgID', 'aws:ResourceOrgPaths', 'aws:SecureTransport',
    'aws:SourceAccount', 'aws:SourceArn', 'aws:SourceIdentity', 'aws:SourceIp', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceVpc',
    'aws:SourceVpce', 'aws:SourceVpcArn', 'aws:TagKeys', 'aws:TokenIssueTime', 'aws:UserAgent', 'aws:userid', 'aws:username',
    'aws:ViaAWSService', 'aws:VpcSourceIp', 'aws:VpceAccount', 'aws:VpceOrgID', 'aws:VpceOrgPaths', 'aws:AssumedRoot',
    'aws:Ec2InstanceSourceVpc', 'aws:Ec2InstanceSourcePrivateIPv4', 'aws:ARN',
    'sts:ExternalId', 'sts:RoleSessionName', 'sts:SourceIdentity', 'sts:TransitiveTagKeys', 'sts:RequestContextProviders',
    'sts:RoleAuthorizedByIdp', 'sts:AWSServiceName', 'sts:DurationSeconds',
  ].map((k) => k.toLowerCase()),
)
const TAG_PREFIXES = ['aws:principaltag/', 'aws:requesttag/', 'aws:resourcetag/', 'iam:resourcetag/', 'sts:requestcontext/']

/** Deprecated keys and their replacement. */
export const DEPRECATED_KEYS: ReadonlyMap<string, string> = new Map([['aws:arn', 'aws:PrincipalArn']])

/** Built-in IdP claim keys. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif */
const BUILTIN_IDP_KEYS: ReadonlySet<string> = new Set([
  'cognito-identity.amazonaws.com:aud', 'cognito-identity.amazonaws.com:amr', 'cognito-identity.amazonaws.com:sub',
  'accounts.google.com:aud', 'accounts.google.com:oaud', 'accounts.google.com:sub', 'accounts.google.com:email',
  'graph.facebook.com:app_id', 'graph.facebook.com:id', 'www.amazon.com:app_id', 'www.amazon.com:user_id',
])

/** The issuer part of a claim key (`token.actions.githubusercontent.com:sub` → `token.actions.githubusercontent.com`). */
export function keyPrefix(keyLower: string): string {
  const colon = keyLower.lastIndexOf(':')
  return colon < 0 ? keyLower : keyLower.slice(0, colon)
}

/** The claim part of a key (`…:sub` → `sub`). */
export function keyClaim(keyLower: string): string {
  return keyLower.slice(keyLower.lastIndexOf(':') + 1)
}

/** True when AWS documents the key, or it is a claim of an identity provider the policy trusts. */
export function isKnownKey(keyLower: string, providerHosts: ReadonlySet<string>): boolean {
  if (GLOBAL_KEYS.has(keyLower) || BUILTIN_IDP_KEYS.has(keyLower)) return true
  if (TAG_PREFIXES.some((p) => keyLower.startsWith(p) && keyLower.length > p.length)) return true
  if (keyLower.startsWith('saml:')) return true
  return providerHosts.has(keyPrefix(keyLower))
}

/** The value type AWS documents for a key, when iamtrace knows it. */
export type KeyType = 'string' | 'arn' | 'bool' | 'numeric' | 'date' | 'ip' | 'dateOrNumeric'

const KEY_TYPES: ReadonlyMap<string, KeyType> = new Map<string, KeyType>([
  ['aws:principalarn', 'arn'], ['aws:sourcearn', 'arn'], ['sts:requestcontextproviders', 'arn'], ['aws:sourcevpcarn', 'arn'],
  ['aws:multifactorauthpresent', 'bool'], ['aws:securetransport', 'bool'], ['aws:principalisawsservice', 'bool'],
  ['aws:viaawsservice', 'bool'], ['aws:assumedroot', 'bool'], ['sts:roleauthorizedbyidp', 'bool'],
  ['aws:multifactorauthage', 'numeric'], ['sts:durationseconds', 'numeric'], ['aws:epochtime', 'dateOrNumeric'],
  ['aws:currenttime', 'date'], ['aws:tokenissuetime', 'date'], ['aws:sourceip', 'ip'], ['aws:vpcsourceip', 'ip'],
  ['aws:principalaccount', 'string'], ['aws:principalorgid', 'string'], ['aws:sourceaccount', 'string'], ['aws:userid', 'string'],
  ['sts:externalid', 'string'], ['sts:rolesessionname', 'string'], ['sts:sourceidentity', 'string'], ['aws:principaltype', 'string'],
])

/** The documented type of a key, or undefined when unknown. OIDC and SAML claims are strings. */
export function keyType(keyLower: string): KeyType | undefined {
  const known = KEY_TYPES.get(keyLower)
  if (known !== undefined) return known
  if (keyLower.endsWith(':sub') || keyLower.endsWith(':aud')) return 'string'
  return undefined
}

/** What an identity value names, used to tell insiders from outsiders. */
export type IdentityKind =
  | 'account'
  | 'org'
  | 'orgPaths'
  | 'arn'
  | 'sourceArn'
  | 'userid'
  | 'githubSub'
  | 'githubRepo'
  | 'githubOwner'
  | 'numericId'
  | 'tfcSub'
  | 'gitlabSub'
  | 'opaque'

/** Which family an OIDC provider belongs to. */
export type ProviderFamily = 'github' | 'terraform' | 'gitlab' | 'eks' | 'cognito' | 'google' | 'facebook' | 'amazon' | 'generic'

/** An identity provider a statement trusts. */
export interface Provider {
  readonly family: ProviderFamily
  /** Lowercased host (and path) used as the condition-key prefix. */
  readonly host: string
  readonly entry: PrincipalEntry
  readonly saml: boolean
}

/** Classifies a Federated principal entry; undefined for unreadable values. */
export function providerOf(entry: PrincipalEntry): Provider | undefined {
  if (entry.type !== 'Federated') return undefined
  if (BUILTIN_IDPS.has(entry.value)) {
    const family: ProviderFamily =
      entry.value === 'cognito-identity.amazonaws.com' ? 'cognito' : entry.value === 'accounts.google.com' ? 'google' : entry.value === 'graph.facebook.com' ? 'facebook' : 'amazon'
    return { family, host: entry.value, entry, saml: false }
  }
  const arn = classifyPrincipalArn(entry.value)
  if (arn?.kind === 'samlProvider') return { family: 'generic', host: `saml-provider/${arn.name}`.toLowerCase(), entry, saml: true }
  if (arn?.kind !== 'oidcProvider') return undefined
  const host = arn.host.toLowerCase()
  return { family: familyOfHost(host), host, entry, saml: false }
}

/** Provider family from an OIDC issuer host. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc_secure-by-default.html */
function familyOfHost(host: string): ProviderFamily {
  if (host === 'token.actions.githubusercontent.com' || host.startsWith('token.actions.githubusercontent.com/')) return 'github'
  if (host === 'app.terraform.io') return 'terraform'
  if (host === 'gitlab.com') return 'gitlab'
  if (/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/.test(host)) return 'eks'
  return 'generic'
}

/**
 * Claims whose value names who the caller is, per provider family, with the identity they carry. Claims not
 * listed (aud for CI issuers, ref, environment, workflow...) are chosen by whoever runs the workflow.
 * GitHub claims: https://docs.github.com/en/actions/reference/security/oidc ; the claim keys AWS supports:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 */
export function bindingClaims(family: ProviderFamily): ReadonlyMap<string, IdentityKind> {
  switch (family) {
    case 'github':
      return new Map<string, IdentityKind>([
        // AWS documents these GitHub claims as condition keys (not `repository_owner`): a condition on an
        // undocumented claim is treated as satisfiable rather than as binding.
        ['sub', 'githubSub'], ['repository', 'githubRepo'], ['repository_owner_id', 'numericId'],
        ['repository_id', 'numericId'], ['job_workflow_ref', 'githubRepo'], ['enterprise_id', 'numericId'],
      ])
    case 'terraform':
      return new Map<string, IdentityKind>([['sub', 'tfcSub']])
    case 'gitlab':
      return new Map<string, IdentityKind>([['sub', 'gitlabSub'], ['namespace_id', 'numericId'], ['project_id', 'numericId']])
    case 'cognito':
      return new Map<string, IdentityKind>([['aud', 'opaque']])
    case 'google':
      return new Map<string, IdentityKind>([['aud', 'opaque'], ['oaud', 'opaque'], ['sub', 'opaque']])
    case 'facebook':
    case 'amazon':
      return new Map<string, IdentityKind>([['app_id', 'opaque']])
    case 'eks':
    case 'generic':
      return new Map<string, IdentityKind>([['sub', 'opaque'], ['aud', 'opaque']])
  }
}

/** Binding keys for AWS (signed) callers. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html */
export const AWS_CALLER_BINDING: ReadonlyMap<string, IdentityKind> = new Map<string, IdentityKind>([
  ['aws:principalaccount', 'account'],
  ['aws:principalorgid', 'org'],
  ['aws:principalorgpaths', 'orgPaths'],
  ['aws:principalarn', 'arn'],
  ['aws:userid', 'userid'],
])

/** Binding keys for service principals acting for a resource. https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html */
export const SERVICE_SOURCE_BINDING: ReadonlyMap<string, IdentityKind> = new Map<string, IdentityKind>([
  ['aws:sourceaccount', 'account'],
  ['aws:sourcearn', 'sourceArn'],
  ['aws:sourceorgid', 'org'],
  ['aws:sourceorgpaths', 'orgPaths'],
])

/** Keys that describe the target role (fixed by where the policy lives, not by the caller). */
export const RESOURCE_KEYS: ReadonlySet<string> = new Set(['aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'])

/** Keys a signed caller chooses or controls (tags, session names, IP, MFA on its own devices, external id). */
export function isCallerControlled(keyLower: string): boolean {
  if (keyLower.startsWith('aws:principaltag/') || keyLower.startsWith('aws:requesttag/') || keyLower.startsWith('sts:requestcontext/')) return true
  return [
    'aws:sourceip', 'aws:multifactorauthpresent', 'aws:multifactorauthage', 'aws:tagkeys', 'aws:securetransport', 'aws:currenttime',
    'aws:epochtime', 'aws:tokenissuetime', 'aws:useragent', 'aws:referer', 'aws:requestedregion', 'aws:sourcevpc', 'aws:sourcevpce',
    'aws:vpcsourceip', 'aws:sourceidentity', 'aws:username', 'aws:principaltype', 'aws:viaawsservice', 'aws:calledvia',
    'aws:calledviafirst', 'aws:calledvialast', 'sts:externalid', 'sts:rolesessionname', 'sts:sourceidentity', 'sts:transitivetagkeys',
    'aws:principalisawsservice', 'aws:federatedprovider', 'sts:roleauthorizedbyidp', 'sts:durationseconds',
  ].includes(keyLower)
}
