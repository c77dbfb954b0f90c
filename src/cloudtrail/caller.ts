/**
 * Who made the request, from `userIdentity` and the snapshot: the request principal, the snapshot
 * user or role behind it, how its credentials were obtained (MFA, issue time, source identity), and
 * what the record cannot tell about it, as unknowns.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { getMember } from '../json/jsonValue.js'
import type { RequestPrincipal } from '../request/types.js'
import { err, ok } from '../result.js'
import type { Result } from '../result.js'
import type { Snapshot, SnapshotPrincipal, SnapshotRole, SnapshotUser } from '../snapshot/types.js'
import { located } from './readEvents.js'
import type { CloudTrailRecord, Unknown } from './types.js'

/** What the record says about MFA on the caller's credentials. */
type MfaState =
  | { readonly state: 'present'; readonly authenticatedAt?: string }
  | { readonly state: 'false' }
  | { readonly state: 'absent' }
  | { readonly state: 'unknown' }

/**
 * The caller, reconstructed.
 *
 * @example
 * const c = reconstructCaller(record, snapshot)
 * if (c.ok) c.value.kind // 'roleSession'; c.value.role?.arn
 */
export interface ReconstructedCaller {
  readonly kind: 'user' | 'roleSession' | 'federatedUser' | 'root' | 'service' | 'webIdentity' | 'saml'
  readonly principal: RequestPrincipal
  /** ARN, service or provider, for people. */
  readonly label: string
  readonly account?: string
  /** The user (or the user that called GetFederationToken). */
  readonly user?: SnapshotUser
  /** A role session's role. */
  readonly role?: SnapshotRole
  readonly roleArn?: string
  readonly roleId?: string
  readonly sessionName?: string
  readonly mfa: MfaState
  readonly sourceIdentity?: string
  /** When the caller's temporary credentials were issued (aws:TokenIssueTime). */
  readonly tokenIssueTime?: string
  /** The web-identity or SAML provider (ARN, or a built-in IdP name). */
  readonly provider?: string
  /** True when the snapshot does not describe the caller (its policies are unknown). */
  readonly outside: boolean
  readonly unknowns: readonly Unknown[]
}

const USERIDENTITY = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html'

/** CloudTrail writes creationDate in ISO 8601, extended (`2019-10-02T21:50:54Z`) or basic (`20131102T010628Z`). */
export function parseCloudTrailTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text)
  const ms = basic !== null ? Date.parse(`${basic[1]}-${basic[2]}-${basic[3]}T${basic[4]}:${basic[5]}:${basic[6]}Z`) : Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

function mfaOf(record: CloudTrailRecord): MfaState {
  const ui = record.userIdentity
  const attributes = ui.sessionContext?.attributes
  const flag = attributes?.mfaAuthenticated?.toLowerCase()
  const created = attributes?.creationDate
  if (flag === 'true') return created !== undefined ? { state: 'present', authenticatedAt: created } : { state: 'present' }
  if (flag === 'false') return { state: 'false' }
  // Long-term access keys (AKIA…) carry no MFA keys at all. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
  if (ui.accessKeyId?.startsWith('AKIA') === true) return { state: 'absent' }
  return { state: 'unknown' }
}

function byIdOrArn(snapshot: Snapshot, arn: string | undefined, id: string | undefined): SnapshotPrincipal | undefined {
  if (arn !== undefined) {
    const p = snapshot.principals.get(arn)
    if (p !== undefined) return p
  }
  const key = id?.split(':')[0]
  const found = key !== undefined ? snapshot.byId.get(key) : undefined
  return found !== undefined ? snapshot.principals.get(found) : undefined
}

function notInSnapshot(snapshot: Snapshot, what: string, account: string | undefined): Unknown {
  const described = account !== undefined && snapshot.accounts.get(account)?.described === true
  return {
    code: 'cloudtrail.principal-not-in-snapshot',
    message: described
      ? `${what} is not in the snapshot of account ${account ?? ''} (deleted or renamed since the event, or the snapshot is stale): its policies are unknown`
      : `${what} is in account ${account ?? '(unknown)'}, which the snapshot does not describe: its policies are unknown`,
    decisive: true,
    assumed: described ? 'no policies (fail closed)' : 'its own policies allow the call: the answer covers the snapshot\'s side only',
  }
}

/**
 * Reconstructs the caller of a record.
 *
 * @example
 * const c = reconstructCaller(record, snapshot)
 * if (!c.ok) c.errors[0].code // 'cloudtrail.unsupported-identity' for an IAM Identity Center user
 */
export function reconstructCaller(record: CloudTrailRecord, snapshot: Snapshot): Result<ReconstructedCaller, Diagnostic> {
  const ui = record.userIdentity
  const at = `${record.location.pointer}/userIdentity`
  const fail = (message: string, code: 'cloudtrail.invalid-record' | 'cloudtrail.unsupported-identity' = 'cloudtrail.invalid-record', pointer = at) =>
    err(located(diagnostic(code, pointer, message, { help: USERIDENTITY }), record.location))
  const mfa = mfaOf(record)
  const sc = ui.sessionContext
  const common = {
    mfa,
    ...(sc?.sourceIdentity !== undefined ? { sourceIdentity: sc.sourceIdentity } : {}),
    ...(sc?.attributes?.creationDate !== undefined ? { tokenIssueTime: sc.attributes.creationDate } : {}),
  }
  switch (ui.type) {
    case 'IAMUser': {
      const arn = ui.arn ?? (ui.accountId !== undefined && ui.userName !== undefined ? `arn:aws:iam::${ui.accountId}:user/${ui.userName}` : undefined)
      if (arn === undefined || classifyPrincipalArn(arn)?.kind !== 'user') return fail('an IAMUser identity needs a user `arn`')
      const found = byIdOrArn(snapshot, arn, ui.principalId)
      const user = found?.kind === 'user' ? found : undefined
      const account = classifyPrincipalArn(arn)?.account
      return ok({ kind: 'user', principal: { kind: 'aws', arn: user?.arn ?? arn }, label: user?.arn ?? arn, ...(account !== undefined ? { account } : {}), ...(user !== undefined ? { user } : {}), ...common, outside: user === undefined, unknowns: user === undefined ? [notInSnapshot(snapshot, `the user ${arn}`, account)] : [] })
    }
    case 'AssumedRole':
      return assumedRole(record, snapshot, common, fail)
    case 'FederatedUser': {
      const arn = ui.arn
      const parsed = arn !== undefined ? classifyPrincipalArn(arn) : undefined
      if (arn === undefined || parsed?.kind !== 'federatedUser') return fail('a FederatedUser identity needs a federated-user `arn`')
      const issuer = sc?.sessionIssuer
      const found = byIdOrArn(snapshot, issuer?.arn, issuer?.principalId)
      const user = found?.kind === 'user' ? found : undefined
      const unknowns: Unknown[] = [
        { code: 'cloudtrail.session-policy-unknown', message: 'the session policies passed to GetFederationToken are not in this record; without them a federated-user session has no permissions', decisive: true, assumed: 'none' },
      ]
      if (issuer?.type !== 'Root' && user === undefined) unknowns.push(notInSnapshot(snapshot, `the user ${issuer?.arn ?? '(unknown)'} that called GetFederationToken`, parsed.account))
      return ok({ kind: 'federatedUser', principal: { kind: 'aws', arn }, label: arn, account: parsed.account, ...(user !== undefined ? { user } : {}), ...common, outside: user === undefined && issuer?.type !== 'Root', unknowns })
    }
    case 'Root': {
      const account = ui.accountId ?? (ui.arn !== undefined ? classifyPrincipalArn(ui.arn)?.account : undefined)
      if (account === undefined) return fail('a Root identity needs `accountId` or `arn`')
      const arn = `arn:aws:iam::${account}:root`
      return ok({ kind: 'root', principal: { kind: 'aws', arn }, label: arn, account, ...common, outside: false, unknowns: [] })
    }
    case 'AWSService': {
      const service = ui.invokedBy
      if (service === undefined || service === '') return fail('an AWSService identity needs `invokedBy`')
      return ok({ kind: 'service', principal: { kind: 'service', service }, label: service, mfa: { state: 'absent' }, outside: false, unknowns: [] })
    }
    case 'AWSAccount':
      return awsAccount(record, snapshot, common, fail)
    case 'SAMLUser': {
      const provider = stringParam(record, 'principalArn')
      if (provider === undefined) return fail('a SAMLUser record needs `requestParameters.principalArn` (the SAML provider)', 'cloudtrail.invalid-record', `${record.location.pointer}/requestParameters/principalArn`)
      return ok({ kind: 'saml', principal: { kind: 'federated', provider }, label: provider, provider, mfa: { state: 'absent' }, outside: false, unknowns: [] })
    }
    case 'WebIdentityUser': {
      const provider = ui.identityProvider
      if (provider === undefined || provider === '') return fail('a WebIdentityUser identity needs `identityProvider`')
      return ok({ kind: 'webIdentity', principal: { kind: 'federated', provider }, label: provider, provider, mfa: { state: 'absent' }, outside: false, unknowns: [] })
    }
    default:
      return fail(
        ui.type === 'IdentityCenterUser'
          ? 'the request was made by an IAM Identity Center user: IAM Identity Center authorizes it, not IAM policies in the snapshot'
          : `userIdentity type \`${ui.type}\` is not one iamtrace can model`,
        'cloudtrail.unsupported-identity',
        `${at}/type`,
      )
  }
}

type Common = Pick<ReconstructedCaller, 'mfa' | 'sourceIdentity' | 'tokenIssueTime'>
type Fail = (message: string) => Result<ReconstructedCaller, Diagnostic>

function assumedRole(record: CloudTrailRecord, snapshot: Snapshot, common: Common, fail: Fail): Result<ReconstructedCaller, Diagnostic> {
  const ui = record.userIdentity
  const parsed = ui.arn !== undefined ? classifyPrincipalArn(ui.arn) : undefined
  if (ui.arn === undefined || parsed?.kind !== 'assumedRole') return fail('an AssumedRole identity needs an assumed-role `arn`')
  const issuer = ui.sessionContext?.sessionIssuer
  const roleArn = issuer?.arn ?? `arn:aws:iam::${parsed.account}:role/${parsed.roleName}`
  const found = byIdOrArn(snapshot, issuer?.arn, issuer?.principalId ?? ui.principalId)
  const role = found?.kind === 'role' ? found : undefined
  const unknowns: Unknown[] = []
  if (role === undefined) unknowns.push(notInSnapshot(snapshot, `the role ${roleArn}`, parsed.account))
  const roleId = role?.id ?? issuer?.principalId ?? ui.principalId?.split(':')[0]
  return ok({
    kind: 'roleSession',
    principal: { kind: 'aws', arn: ui.arn },
    label: ui.arn,
    account: parsed.account,
    ...(role !== undefined ? { role } : {}),
    roleArn: role?.arn ?? roleArn,
    ...(roleId !== undefined ? { roleId } : {}),
    sessionName: parsed.sessionName,
    ...common,
    outside: role === undefined,
    unknowns,
  })
}

/** The role account's copy of a cross-account call names only the caller's account and unique id. */
function awsAccount(record: CloudTrailRecord, snapshot: Snapshot, common: Common, fail: Fail): Result<ReconstructedCaller, Diagnostic> {
  const ui = record.userIdentity
  const account = ui.accountId
  if (account === undefined) return fail('an AWSAccount identity needs `accountId`')
  const [id, session] = (ui.principalId ?? '').split(':')
  const found = byIdOrArn(snapshot, undefined, id)
  if (found?.kind === 'user') return ok({ kind: 'user', principal: { kind: 'aws', arn: found.arn }, label: found.arn, account: found.account, user: found, ...common, outside: false, unknowns: [] })
  if (found?.kind === 'role' && session !== undefined && session !== '') {
    const arn = `arn:aws:sts::${found.account}:assumed-role/${found.name}/${session}`
    return ok({ kind: 'roleSession', principal: { kind: 'aws', arn }, label: arn, account: found.account, role: found, roleArn: found.arn, roleId: found.id, sessionName: session, ...common, outside: false, unknowns: [] })
  }
  // Only the account is known. The stand-in is a principal of that account; a trust policy that names a
  // specific principal of it cannot be decided, so the unknown is decisive.
  const isRole = id?.startsWith('AROA') === true
  const arn = isRole ? `arn:aws:sts::${account}:assumed-role/${id ?? 'unknown'}/${session ?? 'unknown'}` : `arn:aws:iam::${account}:user/${id ?? 'unknown'}`
  const unknown: Unknown = {
    code: 'cloudtrail.principal-not-in-snapshot',
    message: `the record names only account ${account} and principal id ${ui.principalId ?? '(none)'}, which the snapshot does not describe: the caller's ARN and policies are unknown`,
    decisive: true,
    assumed: `a ${isRole ? 'role session' : 'user'} of account ${account} whose own policies allow the call`,
  }
  return ok({ kind: isRole ? 'roleSession' : 'user', principal: { kind: 'aws', arn }, label: `${ui.principalId ?? 'a principal'} of account ${account}`, account, ...common, outside: true, unknowns: [unknown] })
}

function stringParam(record: CloudTrailRecord, key: string): string | undefined {
  const v = record.requestParameters !== null ? getMember(record.requestParameters, key) : undefined
  return typeof v === 'string' && v !== '' ? v : undefined
}
