/**
 * Loads a snapshot from already-read files: account authorization details (one or many accounts,
 * pages merged) and organization files, recognized by their shape. Each managed policy is compiled
 * once per layer and shared by every principal that attaches it. Never throws.
 */
import { parseArn } from '../arn/arn.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic, SourcePosition } from '../diagnostics.js'
import { fromPlainValue } from '../json/fromPlainValue.js'
import { documentWithoutPositions, isJsonObject } from '../json/jsonValue.js'
import type { JsonDocument } from '../json/jsonValue.js'
import { readJsonText } from '../json/readJson.js'
import type { PolicyKind } from '../policy/types.js'
import type { LayerKind } from '../trace/types.js'
import { isAuthDetails, readAuthDetails } from './authDetails.js'
import type { AuthDetailsPiece, RawAttachment, RawInline, RawManaged, RawRole, RawUser } from './authDetails.js'
import { FileReader } from './fields.js'
import { inventoryKind, mergeInventory, readInventory } from './inventory.js'
import type { InventoryPiece } from './inventory.js'
import { emptyPolicy, loadPolicy } from './loadPolicy.js'
import { isOrganization, readOrganization } from './organization.js'
import type { OrgPlacement, Snapshot, SnapshotAccount, SnapshotGroup, SnapshotInput, SnapshotManagedPolicy, SnapshotPrincipal, SnapshotRole, SnapshotUser } from './types.js'

/** Snapshot files are larger than policies: allow up to 256 MiB of text per file. */
const MAX_FILE_LENGTH = 256 * 1024 * 1024

/** Options for {@link loadSnapshot}. */
export interface LoadSnapshotOptions {
  /** Called now and then with a short progress message (e.g. to draw progress on a terminal). */
  readonly progress?: (message: string) => void
}

/**
 * Loads snapshot files. Files that cannot be read, or are neither shape, are reported and skipped;
 * everything else is analysed. Nothing that failed to load grants access.
 *
 * @example
 * const snapshot = loadSnapshot([{ file: 'prod.json', text: prodText }, { file: 'org.json', text: orgText }])
 * snapshot.roles.get('arn:aws:iam::111111111111:role/Deploy')?.trust
 * snapshot.diagnostics // warnings and errors with file and pointer
 */
export function loadSnapshot(inputs: readonly SnapshotInput[], options: LoadSnapshotOptions = {}): Snapshot {
  const out: Diagnostic[] = []
  const pieces: AuthDetailsPiece[] = []
  const orgAccounts = new Map<string, OrgPlacement>()
  const inventory: InventoryPiece[] = []
  for (const input of inputs) {
    options.progress?.(`reading ${input.file}`)
    const doc = readDocument(input, out)
    if (doc === undefined) continue
    const root = doc.value
    const r = new FileReader(input.file, doc, out)
    const keys = isJsonObject(root) ? Object.keys(root) : []
    if (isJsonObject(root) && isOrganization(keys)) {
      for (const [id, placement] of readOrganization(r, { value: root, pointer: '' })) orgAccounts.set(id, placement)
    } else if (isJsonObject(root) && isAuthDetails(keys)) {
      pieces.push(readAuthDetails(r, { value: root, pointer: '' }))
    } else if (isJsonObject(root) && inventoryKind(keys) !== undefined) {
      inventory.push(readInventory(r, { value: root, pointer: '' }, inventoryKind(keys) as NonNullable<ReturnType<typeof inventoryKind>>))
    } else {
      out.push(diagnostic('snapshot.unknown-shape', '', 'the file is neither `get-account-authorization-details` output, an organization file, nor a resource inventory', { file: input.file }))
    }
  }
  options.progress?.('compiling policies')
  return build(pieces, orgAccounts, inventory, out)
}

function readDocument(input: SnapshotInput, out: Diagnostic[]): JsonDocument | undefined {
  if (input.text !== undefined) {
    const read = readJsonText(input.text, { maxLength: MAX_FILE_LENGTH, maxDepth: 64 })
    for (const d of read.diagnostics) out.push({ ...d, file: input.file })
    return read.diagnostics.some((d) => d.severity === 'error') ? undefined : read.document
  }
  const converted = fromPlainValue(input.value)
  if (!converted.ok) {
    for (const d of converted.errors) out.push({ ...d, file: input.file })
    return undefined
  }
  return documentWithoutPositions(converted.value)
}

function where(e: { readonly file: string; readonly position?: SourcePosition }): { file: string; position?: SourcePosition } {
  return e.position === undefined ? { file: e.file } : { file: e.file, position: e.position }
}

function accountOf(arn: string): string | undefined {
  const a = parseArn(arn)?.account
  return a !== undefined && /^\d{12}$/.test(a) ? a : undefined
}

function build(pieces: readonly AuthDetailsPiece[], orgAccounts: Map<string, OrgPlacement>, inventoryPieces: readonly InventoryPiece[], out: Diagnostic[]): Snapshot {
  // Managed policies from every file: the first copy of an ARN wins.
  const managed = new Map<string, RawManaged>()
  for (const piece of pieces) for (const p of piece.policies) if (!managed.has(p.arn)) managed.set(p.arn, p)
  const compiledManaged = new Map<string, CompiledPolicy | null>()
  const managedPolicy = (ref: RawAttachment, kind: PolicyKind, layer: LayerKind): CompiledPolicy | null => {
    const key = `${layer}|${ref.arn}`
    if (compiledManaged.has(key)) return compiledManaged.get(key) ?? null
    const raw = managed.get(ref.arn)
    let compiled: CompiledPolicy | null = null
    if (raw === undefined) {
      out.push(diagnostic('snapshot.missing-managed-policy', ref.pointer, `the managed policy \`${ref.arn}\` is not in the snapshot; it grants nothing`, where(ref)))
    } else if (raw.document !== undefined) {
      compiled = loadPolicy(raw.document, kind, layer, raw.name, raw.at, out)
    }
    compiledManaged.set(key, compiled)
    return compiled
  }
  // PERF: identical inline policies (same name and document, often copied between roles) compile once,
  // which also lets the trust graph share answers between the principals that carry them.
  const inlineCache = new Map<string, CompiledPolicy | null>()
  const inlinePolicies = (list: readonly RawInline[]): CompiledPolicy[] =>
    list.flatMap((p) => {
      const key = `${p.name}\u0000${typeof p.document === 'string' ? p.document : JSON.stringify(p.document)}`
      let c = inlineCache.get(key)
      if (c === undefined) {
        c = loadPolicy(p.document, 'identity', 'identity', p.name, p.at, out)
        inlineCache.set(key, c)
      }
      return c === null ? [] : [c]
    })
  const attachedPolicies = (list: readonly RawAttachment[]): CompiledPolicy[] =>
    list.flatMap((a) => {
      const c = managedPolicy(a, 'identity', 'identity')
      return c === null ? [] : [c]
    })
  // A boundary that is missing or unreadable allows nothing (fail closed), unlike no boundary at all.
  const boundaryOf = (b: RawAttachment | undefined): CompiledPolicy | null =>
    b === undefined ? null : (managedPolicy(b, 'boundary', 'boundary') ?? emptyPolicy('boundary', 'boundary', `${b.name} (not in the snapshot)`))

  // Groups per account, compiled once.
  const groups = new Map<string, CompiledPolicy[]>()
  const groupRecords = new Map<string, { raw: (typeof pieces)[number]['groups'][number]; identity: CompiledPolicy[]; members: string[] }>()
  for (const piece of pieces) {
    for (const g of piece.groups) {
      const key = `${accountOf(g.arn) ?? ''}|${g.name}`
      if (groups.has(key)) continue
      const identity = [...inlinePolicies(g.inline), ...attachedPolicies(g.attached)]
      groups.set(key, identity)
      groupRecords.set(key, { raw: g, identity, members: [] })
    }
  }
  const missingOf = (attached: readonly RawAttachment[]): string[] => attached.filter((a) => !managed.has(a.arn)).map((a) => a.arn)

  const principals = new Map<string, SnapshotPrincipal>()
  const roles = new Map<string, SnapshotRole>()
  const byId = new Map<string, string>()
  const users = new Map<string, SnapshotUser[]>()
  const rolesByAccount = new Map<string, SnapshotRole[]>()
  const seen = (e: RawUser | RawRole): boolean => {
    if (!principals.has(e.arn)) return false
    if (principals.get(e.arn)?.id !== e.id) out.push(diagnostic('snapshot.duplicate', e.pointer, `\`${e.arn}\` appears twice with different ids; the first is kept`, where(e)))
    return true
  }
  for (const piece of pieces) {
    for (const u of piece.users) {
      const account = accountOf(u.arn)
      if (account === undefined || seen(u)) continue
      const missing = missingOf(u.attached)
      const groupPolicies = u.groups.flatMap((name) => {
        const list = groups.get(`${account}|${name}`)
        if (list === undefined) {
          out.push(diagnostic('snapshot.missing-group', `${u.pointer}/GroupList`, `the group \`${name}\` is not in the snapshot; its policies grant nothing`, where(u)))
          missing.push(name)
        }
        const record = groupRecords.get(`${account}|${name}`)
        if (record !== undefined) {
          record.members.push(u.arn)
          missing.push(...missingOf(record.raw.attached))
        }
        return list ?? []
      })
      const user: SnapshotUser = {
        kind: 'user', arn: u.arn, name: u.name, id: u.id, account, path: u.path, tags: u.tags, groups: u.groups,
        identity: [...inlinePolicies(u.inline), ...attachedPolicies(u.attached), ...groupPolicies],
        boundary: boundaryOf(u.boundary),
        ...(u.boundary !== undefined ? { boundaryArn: u.boundary.arn } : {}),
        managed: u.attached.map((a) => a.arn),
        missing,
        origin: { file: u.file, pointer: u.pointer },
      }
      principals.set(u.arn, user)
      byId.set(u.id, u.arn)
      ;(users.get(account) ?? users.set(account, []).get(account))?.push(user)
    }
    for (const n of piece.roles) {
      const account = accountOf(n.arn)
      if (account === undefined || seen(n)) continue
      let trust: CompiledPolicy | null = null
      if (n.trust === undefined) out.push(diagnostic('snapshot.missing-trust-policy', n.pointer, `the role \`${n.arn}\` has no trust policy; nobody can assume it`, where(n)))
      else trust = loadPolicy(n.trust.document, 'trust', 'resource', `trust policy of ${n.name}`, n.trust.at, out)
      const role: SnapshotRole = {
        kind: 'role', arn: n.arn, name: n.name, id: n.id, account, path: n.path, tags: n.tags,
        identity: [...inlinePolicies(n.inline), ...attachedPolicies(n.attached)],
        boundary: boundaryOf(n.boundary),
        ...(n.boundary !== undefined ? { boundaryArn: n.boundary.arn } : {}),
        managed: n.attached.map((a) => a.arn),
        missing: missingOf(n.attached),
        trust,
        ...(n.maxSessionDuration !== undefined ? { maxSessionDuration: n.maxSessionDuration } : {}),
        instanceProfiles: n.instanceProfiles,
        serviceLinked: n.path.startsWith('/aws-service-role/'),
        origin: { file: n.file, pointer: n.pointer },
      }
      principals.set(n.arn, role)
      roles.set(n.arn, role)
      byId.set(n.id, n.arn)
      ;(rolesByAccount.get(account) ?? rolesByAccount.set(account, []).get(account))?.push(role)
    }
  }

  const accounts = new Map<string, SnapshotAccount>()
  const ids = new Set<string>([...users.keys(), ...rolesByAccount.keys(), ...pieces.flatMap((p) => (p.account !== undefined ? [p.account] : []))])
  for (const id of [...ids].sort()) {
    const org = orgAccounts.get(id)
    accounts.set(id, { id, described: true, users: users.get(id) ?? [], roles: rolesByAccount.get(id) ?? [], ...(org !== undefined ? { org } : {}) })
  }
  for (const [id, org] of orgAccounts) {
    if (accounts.has(id)) continue
    const o = org.origin
    out.push(diagnostic('snapshot.unknown-account', o?.pointer ?? '', `the organization names account \`${id}\` but no authorization-details file describes it`, o === undefined ? {} : { file: o.file, ...(o.position !== undefined ? { position: o.position } : {}) }))
    accounts.set(id, { id, described: false, users: [], roles: [], org })
  }
  const groupMap = new Map<string, SnapshotGroup>()
  for (const [key, g] of groupRecords) {
    groupMap.set(g.raw.arn, {
      arn: g.raw.arn, name: g.raw.name, account: key.slice(0, key.indexOf('|')), identity: g.identity, managed: g.raw.attached.map((a) => a.arn), members: g.members,
      origin: { file: g.raw.file, pointer: g.raw.pointer },
    })
  }
  const policies = new Map<string, SnapshotManagedPolicy>()
  for (const [arn, p] of managed) {
    const identity = compiledManaged.get(`identity|${arn}`) ?? undefined
    policies.set(arn, {
      arn, name: p.name, awsManaged: arn.split(':')[4] === 'aws', ...(p.defaultVersionId !== undefined ? { defaultVersionId: p.defaultVersionId } : {}),
      versions: p.versions.map((v) => ({ id: v.id, isDefault: v.isDefault, document: v.document, origin: { file: v.at.file, pointer: v.at.pointer } })),
      ...(identity !== undefined ? { identity } : {}),
    })
  }
  const inventory = mergeInventory(inventoryPieces, [...accounts.values()].filter((a) => a.described).map((a) => a.id), out)
  return { accounts, principals, roles, byId, orgAccounts, groups: groupMap, policies, inventory, diagnostics: out }
}
