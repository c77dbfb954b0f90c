/**
 * The numbers AWS documents for the AssumeRole family, each with the page it comes from. One table so
 * the request rules, their tests and the call-file schema read the same values.
 */

/**
 * AWS documentation pages cited by the STS rules.
 *
 * @example
 * STS_SOURCES.AR // 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html'
 */
export const STS_SOURCES = {
  AR: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
  WI: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html',
  SAML: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html',
  GST: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html',
  GFT: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html',
  TAG: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_Tag.html',
  TAGS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html',
  SRCID: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html',
  ROLES: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html',
  QUOTAS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  CREATEROLE: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
  MFA: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html',
  GKEYS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  STSKEYS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html',
  STSCMP: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html',
  IDS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html',
  POLICIES: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session',
  BOUND: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  SAMLROLE: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html',
  OIDCROLE: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
  ROOT: 'https://github.com/aws/copilot-cli/issues/1690',
  ASSUMEROOT: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html',
  ROOTTASK: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
  STSREF: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html',
  OPERATIONS: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html',
} as const

/**
 * Limits of the AssumeRole family (seconds, characters, counts).
 *
 * @example
 * STS_LIMITS.chainedMaxDuration // 3600
 */
export const STS_LIMITS = {
  /** DurationSeconds minimum for every AssumeRole* API. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html */
  minDuration: 900,
  /** Role MaxSessionDuration range and default. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
  minMaxSessionDuration: 3600,
  maxMaxSessionDuration: 43200,
  defaultMaxSessionDuration: 3600,
  /** Default DurationSeconds of AssumeRole*. */
  defaultDuration: 3600,
  /** Role chaining caps a session at one hour. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html */
  chainedMaxDuration: 3600,
  /** GetSessionToken / GetFederationToken. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html */
  tokenMinDuration: 900,
  tokenMaxDuration: 129600,
  tokenDefaultDuration: 43200,
  /** Root sessions from GetSessionToken / GetFederationToken last at most one hour (longer requests are cut to one hour). */
  rootTokenMaxDuration: 3600,
  roleArn: { min: 20, max: 2048 },
  /** Every ARN parameter (RoleArn, PrincipalArn, PolicyArns, ProviderArn, TaskPolicyArn): arnType. */
  arn: { min: 20, max: 2048 },
  /** AssumeRoleWithWebIdentity ProviderId (urlType). https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html */
  providerId: { min: 4, max: 2048 },
  /** AssumeRole ProvidedContexts: 1-5 assertions of 4-2048 characters. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html */
  providedContexts: { min: 1, max: 5 },
  contextAssertion: { min: 4, max: 2048 },
  /** AssumeRoot. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html */
  targetPrincipal: { min: 12, max: 2048 },
  rootDuration: { min: 0, max: 900 },
  rootDefaultDuration: 900,
  /** The SAML SessionDuration attribute. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html */
  samlSessionDuration: { min: 900, max: 43200 },
  roleSessionName: { min: 2, max: 64 },
  externalId: { min: 2, max: 1224 },
  sourceIdentity: { min: 2, max: 64 },
  serialNumber: { min: 9, max: 256 },
  /** Inline + managed session policy plaintext. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html */
  sessionPolicyChars: 2048,
  policyArns: 10,
  tags: 50,
  tagKey: { min: 1, max: 128 },
  tagValue: { min: 0, max: 256 },
  transitiveTagKeys: 50,
  webIdentityToken: { min: 4, max: 20000 },
  samlAssertion: { min: 4, max: 100000 },
} as const

/** `[\w+=,.@-]*`: RoleSessionName and SourceIdentity. */
export const SESSION_NAME_CHARS = /^[\w+=,.@-]*$/
/** `[\w+=,.@:/-]*`: ExternalId. */
export const EXTERNAL_ID_CHARS = /^[\w+=,.@:/-]*$/
/** `[\w+=/:,.@-]*`: SerialNumber. */
export const SERIAL_NUMBER_CHARS = /^[\w+=/:,.@-]*$/
/** Exactly six digits: TokenCode. */
export const TOKEN_CODE = /^[\d]{6}$/
/** Tag key and value characters. https://docs.aws.amazon.com/STS/latest/APIReference/API_Tag.html */
export const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

/**
 * The AWS managed policies AssumeRoot accepts as `TaskPolicyArn` (under `arn:PARTITION:iam::aws:policy/root-task/`).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html
 */
export const ROOT_TASK_POLICIES: readonly string[] = ['IAMAuditRootUserCredentials', 'IAMCreateRootUserPassword', 'IAMDeleteRootUserCredentials', 'S3UnlockBucketPolicy', 'SQSUnlockQueuePolicy']

/**
 * Offset of the first character outside STS's ARN character set (`arnType`: tab, LF, CR, U+0020-U+007E,
 * U+0085, U+00A0-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF; a lone surrogate is outside), or -1.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 *
 * @example
 * firstInvalidArnCharacter('arn:aws:iam::111122223333:role/a\u0000b') // 31
 */
export function firstInvalidArnCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i) as number
    if (c > 0xffff) {
      i++
      continue
    }
    const ok = c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0x7e) || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd)
    if (!ok) return i
  }
  return -1
}
