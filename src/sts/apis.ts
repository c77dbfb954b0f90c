/**
 * What each STS API takes and needs: its request parameters, the IAM action it is authorized as, and
 * whether it assumes a role. One table so the call-file reader, the request rules and the evaluation
 * read the same facts. https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html
 */
import type { StsApi } from './types.js'

const SESSION_POLICY = ['DurationSeconds', 'Policy', 'PolicyArns']

/**
 * The request parameters of each API, under AWS's names.
 *
 * @example
 * STS_API_PARAMETERS.GetFederationToken.has('TransitiveTagKeys') // false
 */
export const STS_API_PARAMETERS: Readonly<Record<StsApi, ReadonlySet<string>>> = {
  AssumeRole: new Set(['RoleArn', 'RoleSessionName', 'ExternalId', 'Tags', 'TransitiveTagKeys', 'SourceIdentity', 'SerialNumber', 'TokenCode', 'ProvidedContexts', ...SESSION_POLICY]),
  AssumeRoleWithWebIdentity: new Set(['RoleArn', 'RoleSessionName', 'WebIdentityToken', 'ProviderId', ...SESSION_POLICY]),
  AssumeRoleWithSAML: new Set(['RoleArn', 'PrincipalArn', 'SAMLAssertion', ...SESSION_POLICY]),
  AssumeRoot: new Set(['TargetPrincipal', 'TaskPolicyArn', 'DurationSeconds']),
  GetSessionToken: new Set(['DurationSeconds', 'SerialNumber', 'TokenCode']),
  GetFederationToken: new Set(['Name', 'Tags', ...SESSION_POLICY]),
}

/** The APIs that assume a role (and so need a role ARN and a trust policy). */
export const ROLE_APIS: ReadonlySet<StsApi> = new Set<StsApi>(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'])

/** The APIs called without AWS credentials: the identity provider's token or assertion authenticates. */
export const UNSIGNED_APIS: ReadonlySet<StsApi> = new Set<StsApi>(['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'])

/**
 * The IAM action each API is authorized as; GetSessionToken needs no permission.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
 */
export const STS_API_ACTION: Readonly<Record<StsApi, string | undefined>> = {
  AssumeRole: 'sts:AssumeRole',
  AssumeRoleWithWebIdentity: 'sts:AssumeRoleWithWebIdentity',
  AssumeRoleWithSAML: 'sts:AssumeRoleWithSAML',
  AssumeRoot: 'sts:AssumeRoot',
  // No permission is needed to call GetSessionToken. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
  GetSessionToken: undefined,
  GetFederationToken: 'sts:GetFederationToken',
}
