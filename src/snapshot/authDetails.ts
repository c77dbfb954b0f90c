/**
 * Reads `aws iam get-account-authorization-details` output (one page or all pages merged) into raw
 * records; policies are compiled later, once every file's managed policies are known.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
import { parseArn } from '../arn/arn.js'
import { childPointer } from '../diagnostics.js'
import type { SourcePosition } from '../diagnostics.js'
import type { JsonValue } from '../json/jsonValue.js'
import { documentMember, FileReader } from './fields.js'
import type { Node } from './fields.js'
import type { PolicyLocation } from './loadPolicy.js'
import type { Tag } from './types.js'

/** An inline policy: its name and document. */
export interface RawInline {
  readonly name: string
  readonly document: JsonValue
  readonly at: PolicyLocation
}

/** An attached managed policy reference. */
export interface RawAttachment {
  readonly arn: string
  readonly name: string
  readonly pointer: string
  readonly file: string
  readonly position?: SourcePosition
}

interface RawEntityBase {
  readonly arn: string
  readonly name: string
  readonly id: string
  readonly path: string
  readonly tags: Map<string, Tag>
  readonly inline: readonly RawInline[]
  readonly attached: readonly RawAttachment[]
  readonly boundary?: RawAttachment
  readonly file: string
  readonly pointer: string
  readonly position?: SourcePosition
}

/** A user as read. */
export interface RawUser extends RawEntityBase {
  readonly groups: readonly string[]
}

/** A role as read. */
export interface RawRole extends RawEntityBase {
  readonly trust?: { readonly document: JsonValue; readonly at: PolicyLocation }
  readonly maxSessionDuration?: number
  readonly instanceProfiles: readonly string[]
}

/** A group as read. */
interface RawGroup {
  readonly name: string
  readonly arn: string
  readonly inline: readonly RawInline[]
  readonly attached: readonly RawAttachment[]
  readonly file: string
  readonly pointer: string
}

/** A stored version of a managed policy. */
interface RawPolicyVersion {
  readonly id: string
  readonly isDefault: boolean
  readonly document: JsonValue
  readonly at: PolicyLocation
}

/** A managed policy: its default version's document, and every stored version. */
export interface RawManaged {
  readonly arn: string
  readonly name: string
  readonly document?: JsonValue
  readonly at: PolicyLocation
  readonly defaultVersionId?: string
  /** Every stored version (authorization details list them; a supplied AWS managed policy has none). */
  readonly versions?: readonly RawPolicyVersion[]
}

/** One authorization-details file. */
export interface AuthDetailsPiece {
  readonly file: string
  readonly account: string | undefined
  readonly users: RawUser[]
  readonly roles: RawRole[]
  readonly groups: RawGroup[]
  readonly policies: RawManaged[]
  /** The page says more follow: `"IsTruncated": true`, or a `Marker` for the next page. */
  readonly truncated: boolean
}

/** True when a top-level object looks like authorization details. */
export function isAuthDetails(keys: readonly string[]): boolean {
  return keys.some((k) => k === 'UserDetailList' || k === 'GroupDetailList' || k === 'RoleDetailList' || k === 'Policies')
}

/** Reads one authorization-details document. */
export function readAuthDetails(r: FileReader, root: Node): AuthDetailsPiece {
  const accounts = new Set<string>()
  const noteAccount = (arn: string | undefined): void => {
    const parsed = arn === undefined ? undefined : parseArn(arn)
    if (parsed !== undefined && /^\d{12}$/.test(parsed.account)) accounts.add(parsed.account)
  }
  const at = (pointer: string): { file: string; pointer: string; position?: SourcePosition } => {
    const position = r.doc.positionOf(pointer)
    return position === undefined ? { file: r.file, pointer } : { file: r.file, pointer, position }
  }
  const inline = (node: Node, key: string): RawInline[] =>
    r.objects(node, key).flatMap((p) => {
      const name = r.string(p, 'PolicyName')
      const document = documentMember(p, 'PolicyDocument')
      if (name === undefined || document === undefined) {
        if (document === undefined) r.report(childPointer(p.pointer, 'PolicyDocument'), 'an inline policy has no `PolicyDocument`')
        return []
      }
      return [{ name, document, at: { file: r.file, doc: r.doc, pointer: childPointer(p.pointer, 'PolicyDocument') } }]
    })
  const attached = (node: Node): RawAttachment[] =>
    r.objects(node, 'AttachedManagedPolicies').flatMap((a) => {
      const arn = r.string(a, 'PolicyArn')
      return arn === undefined ? [] : [{ arn, name: r.string(a, 'PolicyName', false) ?? arn, ...at(a.pointer) }]
    })
  const boundary = (node: Node): RawAttachment | undefined => {
    const b = r.object(node, 'PermissionsBoundary')
    const arn = b === undefined ? undefined : r.string(b, 'PermissionsBoundaryArn')
    return b === undefined || arn === undefined ? undefined : { arn, name: arn.slice(arn.lastIndexOf('/') + 1), ...at(b.pointer) }
  }
  const base = (node: Node, nameKey: string, idKey: string): Omit<RawEntityBase, 'inline'> | undefined => {
    const arn = r.string(node, 'Arn')
    const name = r.string(node, nameKey)
    const id = r.string(node, idKey)
    if (arn === undefined || name === undefined || id === undefined) return undefined
    noteAccount(arn)
    const b = boundary(node)
    return { arn, name, id, path: r.string(node, 'Path', false) ?? '/', tags: r.tags(node), attached: attached(node), ...(b !== undefined ? { boundary: b } : {}), ...at(node.pointer) }
  }

  const users: RawUser[] = []
  for (const u of r.objects(root, 'UserDetailList')) {
    const b = base(u, 'UserName', 'UserId')
    if (b !== undefined) users.push({ ...b, inline: inline(u, 'UserPolicyList'), groups: r.strings(u, 'GroupList') })
  }
  const roles: RawRole[] = []
  for (const n of r.objects(root, 'RoleDetailList')) {
    const b = base(n, 'RoleName', 'RoleId')
    if (b === undefined) continue
    const trustDoc = documentMember(n, 'AssumeRolePolicyDocument')
    const max = n.value.MaxSessionDuration
    const profiles = r.objects(n, 'InstanceProfileList').flatMap((p) => {
      const arn = r.string(p, 'Arn', false)
      return arn === undefined ? [] : [arn]
    })
    roles.push({
      ...b,
      inline: inline(n, 'RolePolicyList'),
      ...(trustDoc !== undefined ? { trust: { document: trustDoc, at: { file: r.file, doc: r.doc, pointer: childPointer(n.pointer, 'AssumeRolePolicyDocument') } } } : {}),
      ...(typeof max === 'number' && Object.hasOwn(n.value, 'MaxSessionDuration') ? { maxSessionDuration: max } : {}),
      instanceProfiles: profiles,
    })
  }
  const groups: RawGroup[] = []
  for (const g of r.objects(root, 'GroupDetailList')) {
    const name = r.string(g, 'GroupName')
    const arn = r.string(g, 'Arn')
    if (name === undefined || arn === undefined) continue
    noteAccount(arn)
    groups.push({ name, arn, inline: inline(g, 'GroupPolicyList'), attached: attached(g), file: r.file, pointer: g.pointer })
  }
  const policies: RawManaged[] = []
  for (const p of r.objects(root, 'Policies')) {
    const arn = r.string(p, 'Arn')
    if (arn === undefined) continue
    noteAccount(arn)
    const name = r.string(p, 'PolicyName', false) ?? arn
    const defaultVersion = r.string(p, 'DefaultVersionId', false)
    const versions = r.objects(p, 'PolicyVersionList')
    const chosen = versions.find((v) => v.value.IsDefaultVersion === true) ?? versions.find((v) => defaultVersion !== undefined && v.value.VersionId === defaultVersion)
    const document = chosen === undefined ? undefined : documentMember(chosen, 'Document')
    const pointer = chosen === undefined ? p.pointer : childPointer(chosen.pointer, 'Document')
    if (document === undefined) r.report(pointer, `the managed policy \`${name}\` has no default version document`)
    const stored = versions.flatMap((v) => {
      const id = r.string(v, 'VersionId', false)
      const doc = documentMember(v, 'Document')
      return id === undefined || doc === undefined ? [] : [{ id, isDefault: v === chosen, document: doc, at: { file: r.file, doc: r.doc, pointer: childPointer(v.pointer, 'Document') } }]
    })
    const defaultVersionId = chosen === undefined ? defaultVersion : (r.string(chosen, 'VersionId', false) ?? defaultVersion)
    policies.push({ arn, name, ...(document !== undefined ? { document } : {}), at: { file: r.file, doc: r.doc, pointer }, ...(defaultVersionId !== undefined ? { defaultVersionId } : {}), versions: stored })
  }
  if (accounts.size === 0 && (users.length > 0 || roles.length > 0 || groups.length > 0)) {
    r.report('', 'no account id can be read from the ARNs in this file', 'snapshot.no-account')
  }
  // A page of the raw API carries `IsTruncated` and, when more pages follow, the `Marker` to ask for them.
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
  const truncated = root.value.IsTruncated === true || (typeof root.value.Marker === 'string' && root.value.Marker !== '')
  return { file: r.file, account: [...accounts].sort()[0], users, roles, groups, policies, truncated }
}
