/**
 * The model of one STS call as iamtrace reads it from a call file: who calls, which role, the
 * parameters under their documented AWS names, and what the resulting session should look like.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import type { Diagnostic } from '../diagnostics.js'
import type { JsonValue } from '../json/jsonValue.js'
import type { EmbeddedPolicy } from '../policy/parseEmbeddedPolicy.js'
import type { Decision } from '../trace/types.js'

/** The STS APIs a call file can describe. */
export type StsApi = 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'AssumeRoleWithSAML' | 'AssumeRoot' | 'GetSessionToken' | 'GetFederationToken'

/**
 * The credentials an IAM user or the root user signs with: long-term access keys, or the temporary
 * credentials GetSessionToken returned (which call only AssumeRole and GetCallerIdentity among STS
 * operations, and IAM only with MFA). https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
type CallerCredentials = 'long-term' | 'GetSessionToken'

/** A parsed policy with the name traces show and where it sits in the call file. */
export type CallPolicy = EmbeddedPolicy

/** One session tag (case of the key preserved; keys compare case-insensitively). */
export interface SessionTag {
  readonly key: string
  readonly value: string
}

/** What the caller's credentials say about MFA. */
export interface MfaFacts {
  readonly present: boolean
  /** Seconds since the MFA authentication (aws:MultiFactorAuthAge). */
  readonly ageSeconds?: number
  /** When MFA was used (ISO 8601); with `now`, gives the age. */
  readonly authenticatedAt?: string
}

/** The caller of an STS call. */
export interface CallCaller {
  /** AWS principal ARN (user, root, assumed-role session, federated user), for signed calls. */
  readonly arn?: string
  /** OIDC/SAML provider ARN or built-in IdP name, for AssumeRoleWithWebIdentity / AssumeRoleWithSAML. */
  readonly federated?: string
  /** For a role-session caller: the role ARN with its path (aws:PrincipalArn). */
  readonly roleArn?: string
  /** For a role-session caller: the role's unique id (AROA…), giving aws:userid `ROLEID:SESSION`. */
  readonly roleId?: string
  /** For an IAM user caller: the user's unique id (AIDA…), aws:userid. */
  readonly userId?: string
  readonly identity: readonly CallPolicy[]
  readonly boundary: CallPolicy | null
  /** Session policies of the caller's own session. */
  readonly session: readonly CallPolicy[]
  /** SCPs of the caller's account, one array per organization level. */
  readonly scps: readonly (readonly CallPolicy[])[]
  /** The caller's principal tags (for a session: role tags with session and inherited tags applied). */
  readonly tags: readonly SessionTag[]
  /** Transitive tag keys the caller's session carries (role chaining). */
  readonly transitiveTagKeys: readonly string[]
  /** The source identity the caller's session carries. */
  readonly sourceIdentity?: string
  /**
   * Identity-provider keys a web-identity or SAML session keeps in later requests and chained trust
   * evaluations (`<provider>:aud|sub|amr`, aws:FederatedProvider, saml:namequalifier|sub|sub_type).
   */
  readonly carriedContext?: Readonly<Record<string, string | readonly string[]>>
  /** For an IAM user or the root user: long-term access keys (default) or GetSessionToken credentials. */
  readonly credentials?: CallerCredentials
  /**
   * MFA facts of temporary credentials: GetSessionToken credentials, or a role session created with
   * MFA. Absent for long-term access keys, which carry no MFA keys.
   */
  readonly mfa?: MfaFacts
  readonly orgId?: string
  readonly orgPaths?: readonly string[]
  /** Pointer of the caller object in the call file. */
  readonly pointer: string
}

/** The role to assume. */
export interface CallRole {
  readonly arn: string
  readonly roleId?: string
  readonly trust: CallPolicy | null
  /** MaxSessionDuration in seconds (default 3600). */
  readonly maxSessionDuration: number
  readonly tags: readonly SessionTag[]
  readonly identity: readonly CallPolicy[]
  readonly boundary: CallPolicy | null
  /** SCPs of the role's account (apply to the resulting session's requests). */
  readonly scps: readonly (readonly CallPolicy[])[]
  /** RCPs of the role's account (apply to the assume call). */
  readonly rcps: readonly (readonly CallPolicy[])[]
}

/** A managed session policy named in PolicyArns, with its document when the call file gives it. */
export interface ManagedSessionPolicy {
  readonly arn: string
  readonly policy?: CallPolicy
  readonly pointer: string
}

/** An OIDC token: its claims, and its length when the raw token was given. */
export interface WebIdentityToken {
  /** Null-prototype record of claims (`iss`, `sub`, `aud`, `azp`, `amr`, `email`, custom claims). */
  readonly claims: Readonly<Record<string, JsonValue>>
  /** Length of the raw token text, when given. */
  readonly length?: number
}

/** The parts of a SAML assertion AWS reads. */
export interface SamlAssertion {
  readonly issuer?: string
  /** `Recipient` of SubjectConfirmationData: the value of saml:aud. */
  readonly recipient?: string
  readonly audience?: readonly string[]
  /** NameID. */
  readonly subject?: string
  /** NameID Format (full URI or short form). */
  readonly subjectType?: string
  readonly sessionNotOnOrAfter?: string
  /** Attribute name → values. */
  readonly attributes: ReadonlyMap<string, readonly string[]>
  /** Length of the base64 assertion, when given. */
  readonly length?: number
}

/** One trusted context assertion of `ProvidedContexts`. */
interface ProvidedContext {
  readonly ProviderArn: string
  readonly ContextAssertion: string
  readonly pointer: string
}

/** The call's parameters, under AWS's names. */
export interface CallParameters {
  /** The parameter names the call file gives, in file order (checked against the API's parameters). */
  readonly given: readonly string[]
  /** The role ARN as written under `parameters` (the role is `role.arn` when this is absent). */
  readonly RoleArn?: string
  /** AssumeRoleWithSAML: the SAML provider ARN (the caller's `federated` when absent). */
  readonly PrincipalArn?: string
  /** AssumeRoleWithWebIdentity: the OAuth 2.0 provider host (www.amazon.com, graph.facebook.com). */
  readonly ProviderId?: string
  /** AssumeRole: trusted context assertions (need sts:SetContext). */
  readonly ProvidedContexts?: readonly ProvidedContext[]
  /** AssumeRoot: the member account id or its root user ARN. */
  readonly TargetPrincipal?: string
  /** AssumeRoot: the AWS managed root-task policy that scopes the session. */
  readonly TaskPolicyArn?: ManagedSessionPolicy
  readonly RoleSessionName?: string
  readonly DurationSeconds?: number
  readonly ExternalId?: string
  readonly Tags: readonly SessionTag[]
  readonly TransitiveTagKeys: readonly string[]
  /** The inline session policy: its plaintext, and the parsed policy when it parses. */
  readonly Policy?: { readonly text: string; readonly policy?: CallPolicy; readonly diagnostics: readonly Diagnostic[]; readonly pointer: string }
  readonly PolicyArns: readonly ManagedSessionPolicy[]
  readonly SourceIdentity?: string
  readonly SerialNumber?: string
  readonly TokenCode?: string
  readonly WebIdentityToken?: WebIdentityToken
  readonly SAMLAssertion?: SamlAssertion
  /** GetFederationToken: the federated user's name. */
  readonly Name?: string
}

/** A follow-up request made with the resulting session. */
export interface FollowUpRequest {
  readonly action: string
  readonly resource: string
  readonly resourceAccount?: string
  readonly context?: Readonly<Record<string, string | readonly string[]>>
  /** The resource-based policy of the target resource, if any. */
  readonly resourcePolicy?: CallPolicy
  readonly expect?: { readonly decision: Decision }
  readonly pointer: string
}

/** Expected session fields (for tests). */
export interface ExpectedSession {
  readonly arn?: string
  readonly userId?: string
  readonly tags?: Readonly<Record<string, string>>
  readonly transitiveTagKeys?: readonly string[]
  readonly sourceIdentity?: string | null
  readonly chained?: boolean
  readonly expiration?: string
  readonly durationSeconds?: number
}

/** What a call file expects. */
export interface CallExpect {
  readonly decision?: Decision
  readonly succeeds?: boolean
  readonly violations?: readonly string[]
  /** Per required action, its decision (e.g. `{"sts:TagSession": "implicitDeny"}`). */
  readonly actions?: Readonly<Record<string, Decision>>
  readonly session?: ExpectedSession
}

/** One parsed STS call. */
export interface AssumeCall {
  readonly api: StsApi
  /** The caller; absent in a chain hop after the first, where the previous session calls. */
  readonly caller?: CallCaller
  /** The role; absent only for GetSessionToken and GetFederationToken. */
  readonly role?: CallRole
  readonly parameters: CallParameters
  /** Request time (ISO 8601), for expiry, aws:CurrentTime and MFA age. */
  readonly now?: string
  /** Extra request keys AWS would send (aws:SourceIp, aws:RequestedRegion, …). */
  readonly context: Readonly<Record<string, string | readonly string[]>>
  readonly then: readonly FollowUpRequest[]
  readonly expect?: CallExpect
  /** Pointer of this call in its file (`` or `/chain/2`). */
  readonly pointer: string
}

/** A parsed call file: one call, or a chain of calls where each caller is the previous session. */
export interface AssumeCallFile {
  readonly file?: string
  readonly description?: string
  readonly source?: string
  readonly calls: readonly AssumeCall[]
  /** True when the file used `chain`. */
  readonly chain: boolean
  /** Warnings and policy problems evaluated fail-closed. */
  readonly diagnostics: readonly Diagnostic[]
}
