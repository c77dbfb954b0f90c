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
  /** The ARN of the permissions boundary policy, when one is attached. */
  readonly boundaryArn?: string
  /** ARNs of the managed policies attached to the entity itself (not through groups). */
  readonly managed: readonly string[]
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

/** An IAM group: its policies reach its members. */
export interface SnapshotGroup {
  readonly arn: string
  readonly name: string
  readonly account: string
  /** Inline and attached managed policies, compiled (shared with the members' `identity`). */
  readonly identity: readonly CompiledPolicy[]
  /** ARNs of the attached managed policies. */
  readonly managed: readonly string[]
  /** ARNs of the users in the group. */
  readonly members: readonly string[]
  readonly origin: Origin
}

/** A stored version of a managed policy. */
export interface SnapshotPolicyVersion {
  readonly id: string
  readonly isDefault: boolean
  /** The version's document as read (object or URL-encoded string). */
  readonly document: unknown
  readonly origin: Origin
}

/** A managed policy (customer or AWS managed) with every stored version. */
export interface SnapshotManagedPolicy {
  readonly arn: string
  readonly name: string
  /** `arn:aws:iam::aws:policy/…`: AWS owns it and nobody else can change it. */
  readonly awsManaged: boolean
  readonly defaultVersionId?: string
  readonly versions: readonly SnapshotPolicyVersion[]
  /**
   * The default version compiled as an identity policy: the very object in the `identity` of every
   * principal and group that attaches it (undefined when nothing attaches it or it does not parse).
   */
  readonly identity?: CompiledPolicy
}

/** The kinds of resource inventory a snapshot can carry besides IAM. */
export type InventoryKind = 'ec2' | 'lambda' | 'cloudformation' | 'glue' | 'codebuild' | 'sagemaker'

/** A compute resource that runs with an IAM role, read from an inventory file. */
export interface InventoryResource {
  readonly kind: InventoryKind
  /** The resource ARN (e.g. `arn:aws:ec2:us-east-1:111122223333:instance/i-0abc…`). */
  readonly arn: string
  readonly name: string
  readonly account: string
  readonly region?: string
  /** The role the resource runs with (execution, service or instance-profile role), when it has one. */
  readonly role?: string
  /** EC2: the instance profile ARN, when the instance has one. */
  readonly instanceProfile?: string
  /** The resource's tags; undefined when the inventory does not list them. */
  readonly tags?: ReadonlyMap<string, Tag>
  readonly origin: Origin
}

/** Resource inventory (optional files): what runs with which role, and which accounts each inventory covers. */
export interface Inventory {
  readonly resources: readonly InventoryResource[]
  /** Per inventory kind, the accounts (and regions seen) its files cover. */
  readonly coverage: ReadonlyMap<InventoryKind, ReadonlyMap<string, ReadonlySet<string>>>
}

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
  /** Every group by ARN. */
  readonly groups: ReadonlyMap<string, SnapshotGroup>
  /** Every managed policy the snapshot lists, by ARN. */
  readonly policies: ReadonlyMap<string, SnapshotManagedPolicy>
  /** Resource inventory read from optional files (EC2 instances, Lambda functions, stacks, …). */
  readonly inventory: Inventory
  readonly diagnostics: readonly Diagnostic[]
  /** What the snapshot could not read fully; empty when complete. */
  readonly gaps: readonly SnapshotGap[]
  /** True when no input was left unread (no gap). */
  readonly complete: boolean
}
