/**
 * The snapshot model: accounts (from `aws iam get-account-authorization-details`) and organizations,
 * with every policy compiled once. Contract: snapshot-format v1.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { Diagnostic, DiagnosticCode, SourcePosition } from '../diagnostics.js'

/** One input file, already read: text (positions are reported) or a parsed JSON value. */
export interface SnapshotInput {
  /** The file name, copied into diagnostics. */
  readonly file: string
  readonly text?: string
  readonly value?: unknown
}

/** An IAM tag; keys compare case-insensitively in condition keys. */
export interface Tag {
  readonly key: string
  readonly value: string
}

/** Where an entity was read from (for diagnostics and output). */
interface Origin {
  readonly file: string
  readonly pointer: string
}

/** A user or role: something that signs requests with its identity policies. */
interface EntityBase {
  readonly arn: string
  readonly name: string
  /** AIDA… / AROA… */
  readonly id: string
  readonly account: string
  readonly path: string
  /** Lowercased tag key → tag. */
  readonly tags: ReadonlyMap<string, Tag>
  /** Identity policies: inline, attached managed and (users) the groups'. Shared compiled objects. */
  readonly identity: readonly CompiledPolicy[]
  /** The permissions boundary, or null when none is attached. */
  readonly boundary: CompiledPolicy | null
  readonly origin: Origin
}

/** An IAM user. */
export interface SnapshotUser extends EntityBase {
  readonly kind: 'user'
  readonly groups: readonly string[]
}

/** An IAM role. */
export interface SnapshotRole extends EntityBase {
  readonly kind: 'role'
  /** The trust policy; null when missing or unreadable (nobody can assume the role). */
  readonly trust: CompiledPolicy | null
  /** Seconds; undefined when the snapshot does not say (the command does not print it). */
  readonly maxSessionDuration?: number
  readonly instanceProfiles: readonly string[]
  /** Path `/aws-service-role/`: SCPs and RCPs do not apply to it. */
  readonly serviceLinked: boolean
}

/** A principal the snapshot describes. */
export type SnapshotPrincipal = SnapshotUser | SnapshotRole

/** Where an account sits in an organization. */
export interface OrgPlacement {
  readonly orgId: string
  readonly managementAccountId: string
  /** `o-…/r-…/ou-…/…/` (aws:PrincipalOrgPaths / aws:ResourceOrgPaths). */
  readonly path: string
  /** True for the management account: SCPs and RCPs never apply to it. */
  readonly management: boolean
  /** SCPs per level, root first, account last (empty for the management account). */
  readonly scps: readonly (readonly CompiledPolicy[])[]
  /** RCPs per level, root first (empty for the management account). */
  readonly rcps: readonly (readonly CompiledPolicy[])[]
  readonly name?: string
  /** Where the account appears in the organization file. */
  readonly origin?: Origin & { readonly position?: SourcePosition }
}

/** One account. */
export interface SnapshotAccount {
  readonly id: string
  /** False when only the organization file names the account. */
  readonly described: boolean
  readonly users: readonly SnapshotUser[]
  readonly roles: readonly SnapshotRole[]
  readonly org?: OrgPlacement
}

/**
 * An input the snapshot could not read fully: a truncated page, an attached policy or group it lacks, an
 * account of the organization without authorization details, a file it could not read. Every answer
 * the gap can affect is at most `uncertain`.
 *
 * @example
 * if (!snapshot.complete) for (const g of snapshot.gaps) console.log(g.code, g.file, g.accounts, g.principals)
 */
export interface SnapshotGap {
  readonly code: DiagnosticCode
  readonly message: string
  readonly file?: string
  readonly pointer?: string
  /** Accounts whose answers the gap affects (empty with `principals` empty: every answer). */
  readonly accounts: readonly string[]
  /** Users and roles (ARNs) whose answers the gap affects. */
  readonly principals: readonly string[]
}

/** A loaded snapshot. */
export interface Snapshot {
  readonly accounts: ReadonlyMap<string, SnapshotAccount>
  /** Every user and role by ARN. */
  readonly principals: ReadonlyMap<string, SnapshotPrincipal>
  /** Every role by ARN. */
  readonly roles: ReadonlyMap<string, SnapshotRole>
  /** Unique ids (AIDA…/AROA…) → ARN. */
  readonly byId: ReadonlyMap<string, string>
  /** Organization placement of accounts named in an organization file (described or not). */
  readonly orgAccounts: ReadonlyMap<string, OrgPlacement>
  readonly diagnostics: readonly Diagnostic[]
  /** What the snapshot could not read fully; empty when complete. */
  readonly gaps: readonly SnapshotGap[]
  /** True when no input was left unread (no gap). */
  readonly complete: boolean
}
