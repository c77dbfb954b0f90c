/**
 * One version of a diff's input, read from `{ path, text }` pairs: plain policy files (trust or
 * identity), CloudFormation templates, Terraform modules and plans (through `readTemplates`), or
 * snapshot files (account authorization details and organization files). Every role becomes a
 * {@link TrustUnit} keyed the way the other version is matched: a policy file by its path inside the
 * version, a template role by its logical id or Terraform address, a snapshot role by its ARN. What
 * could not be read is kept, with file and location, so that nothing unread passes as "no change".
 */
import type { UncertainReason } from '../analysis/types.js'
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { JsonValue } from '../json/jsonValue.js'
import { getMember, isJsonArray, isJsonObject } from '../json/jsonValue.js'
import { PLACEHOLDER_OWN_ACCOUNT } from '../lint/identity.js'
import { detectKind } from '../lint/lintPolicy.js'
import { kindFromFileName } from '../lint/lintSources.js'
import { isOrganizationFile } from '../lint/organizationFile.js'
import { readHost } from '../lint/sources/readHost.js'
import type { IacPolicy } from '../lint/sources/readTemplates.js'
import { readTemplates } from '../lint/sources/readTemplates.js'
import { isSnapshot } from '../lint/sources/snapshot.js'
import { isTemplate } from '../lint/sources/cloudformation.js'
import { isPlan } from '../lint/sources/terraformPlan.js'
import { isTerraformFile } from '../lint/sources/terraform.js'
import type { LintInputError, LintSource } from '../lint/types.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import type { Policy, PolicyKind } from '../policy/types.js'
import { blockText } from './blockText.js'
import type { TrustUnit } from './trustDiff.js'
import type { ChangeLocation } from './types.js'

/** The kinds of input a version can be. */
export type InputKind = 'policy' | 'cloudformation' | 'terraform' | 'terraform-plan' | 'snapshot'

/** A source inside a version: its path as given, and the key it is matched by (its path inside the version). */
export interface VersionSource extends LintSource {
  readonly key: string
  /**
   * Found inside a directory given as the version: a file that is no IAM input is skipped, and one that
   * cannot be read is named as unread (compared with the other version) rather than an input error.
   */
  readonly inDirectory?: boolean
}

/** An identity (or other non-trust) policy file of a version. */
export interface PolicyUnit {
  readonly key: string
  readonly file: string
  readonly kind: PolicyKind
  readonly policy: CompiledPolicy
  readonly locate: (pointer: string) => ChangeLocation | undefined
}

/** A trust policy whose document holds values the reader could not resolve, by statement. */
export interface UnresolvedStatements {
  /** For each statement pointer: its content and the unresolved expressions in it (compared across versions). */
  readonly statements: ReadonlyMap<string, string>
  /** Unresolved notes, located. */
  readonly notes: readonly UncertainReason[]
  /** True when the whole document is unknown. */
  readonly whole: boolean
}

/** One role of a version. */
export interface RoleUnit extends TrustUnit {
  readonly file: string
  readonly unresolved?: UnresolvedStatements
  /** The document did not parse fully: the parts the engine read, and why. */
  readonly invalid?: readonly UncertainReason[]
  /** Terraform: the text of the blocks the trust policy is read from (see `blockText.ts`). */
  readonly sourceText?: string
}

/** What one version holds. */
export interface VersionRead {
  readonly kinds: ReadonlySet<InputKind>
  readonly roles: ReadonlyMap<string, RoleUnit>
  readonly policies: ReadonlyMap<string, PolicyUnit>
  /** Snapshot and organization files, read by the snapshot loader. */
  readonly snapshotFiles: readonly VersionSource[]
  /** Inputs, or parts of inputs, not read (policies hidden behind a transform, a module call, ...). */
  readonly unread: readonly UncertainReason[]
  /** Files that could not be read at all: input errors. */
  readonly errors: readonly LintInputError[]
  /** Files of a directory that are no IAM input (an event sample, a Kubernetes manifest), skipped. */
  readonly skipped: readonly string[]
}

/** The account of role ARNs when the source does not say: the one templates' `AWS::AccountId` resolves to. */
export const PLACEHOLDER_ACCOUNT = PLACEHOLDER_OWN_ACCOUNT

function compiled(value: JsonValue, kind: PolicyKind, name: string): { policy: Policy; invalid: UncertainReason[] } | undefined {
  const r = parsePolicy(value, { kind })
  if (r.ok) return { policy: r.value, invalid: [] }
  if (r.recovered === undefined) return undefined
  return { policy: r.recovered, invalid: r.errors.map((d) => ({ code: 'diff.invalid-policy', message: d.message, pointer: d.pointer, policy: name })) }
}

function policyLocator(policy: Policy, file: string): (pointer: string) => ChangeLocation | undefined {
  return (pointer) => {
    const s = policy.statements.find((x) => x.pointer === pointer) ?? policy.statements.find((x) => pointer.startsWith(`${x.pointer}/`))
    const at = s?.position
    return { file, ...(at !== undefined ? { line: at.line, column: at.column } : {}), pointer }
  }
}

function roleName(key: string): string {
  const base = key.split('/').pop() ?? key
  return base.replace(/\.(trust|identity)?\.?json$/i, '').replace(/[^\w+=,.@-]/g, '-') || 'role'
}

/** A statement's content and the unresolved expressions under it: equal in two versions means the same value. */
function unresolvedOf(p: IacPolicy): UnresolvedStatements | undefined {
  if (p.unresolved.length === 0 && p.unknownPointers.size === 0) return undefined
  const whole = p.unresolved.some((n) => n.pointer === '') || p.unknownPointers.has('')
  const raw = isJsonObject(p.document) ? getMember(p.document, 'Statement') : undefined
  const list: { pointer: string; value: JsonValue }[] = isJsonArray(raw) ? raw.map((value, i) => ({ pointer: `/Statement/${i}`, value })) : raw !== undefined ? [{ pointer: '/Statement', value: raw }] : []
  const statements = new Map<string, string>()
  for (const { pointer, value } of list) {
    const inside = (q: string): boolean => q === pointer || q.startsWith(`${pointer}/`)
    const whats = p.unresolved.filter((n) => inside(n.pointer)).map((n) => n.what)
    if (whats.length === 0 && ![...p.unknownPointers].some(inside)) continue
    statements.set(pointer, `${JSON.stringify(value)}|${whats.sort().join('|')}`)
  }
  const notes: UncertainReason[] = p.unresolved.map((n) => {
    const at = p.locate(n.pointer)
    return { code: 'diff.unresolved-value', message: `${n.what}: ${n.why}`, ...(at !== undefined ? { file: at.file } : {}), pointer: p.sourcePointer(n.pointer), policy: p.owner.id }
  })
  return { statements, notes, whole }
}

function classify(value: JsonValue, path: string): InputKind | 'organization' | undefined {
  if (isSnapshot(value)) return 'snapshot'
  if (isOrganizationFile(value)) return 'organization'
  if (isTemplate(value)) return 'cloudformation'
  if (isPlan(value)) return 'terraform-plan'
  if (isJsonObject(value) && (Object.hasOwn(value, 'Statement') || kindFromFileName(path) !== undefined)) return 'policy'
  return undefined
}

/**
 * Reads one version. `kind` forces the kind of plain policy files (otherwise the file name, then the
 * content: a `Principal` with an `sts:Assume*` action is a trust policy).
 *
 * @example
 * const v = readVersion([{ path: 'before/deploy.trust.json', key: 'deploy.trust.json', text }])
 * v.roles.get('deploy.trust.json')?.trust.statements.length
 */
export function readVersion(sources: readonly VersionSource[], options: { readonly kind?: PolicyKind } = {}): VersionRead {
  const kinds = new Set<InputKind>()
  const roles = new Map<string, RoleUnit>()
  const policies = new Map<string, PolicyUnit>()
  const snapshotFiles: VersionSource[] = []
  const unread: UncertainReason[] = []
  const errors: LintInputError[] = []
  const templateSources: VersionSource[] = []
  const skipped: string[] = []
  const fail = (source: VersionSource, e: LintInputError): void => {
    if (source.inDirectory === true) unread.push({ code: 'diff.unreadable', message: `${source.key}: ${e.code}: ${e.message}`, file: e.file, ...(e.pointer !== '' ? { pointer: e.pointer } : {}) })
    else errors.push(e)
  }
  for (const source of sources) {
    if (isTerraformFile(source.path)) {
      templateSources.push(source)
      kinds.add('terraform')
      continue
    }
    const read = readHost(source)
    if ('error' in read) {
      fail(source, read.error)
      continue
    }
    const kind = classify(read.host.value, source.path)
    if (kind === undefined && source.inDirectory === true) {
      skipped.push(source.path)
      continue
    }
    if (kind === undefined) {
      errors.push({ code: 'input.not-a-policy', file: source.path, pointer: '', message: 'the file is not a policy, snapshot, organization file, CloudFormation template or Terraform plan', position: { line: 1, column: 1 } })
      continue
    }
    if (kind === 'snapshot' || kind === 'organization') {
      kinds.add('snapshot')
      snapshotFiles.push(source)
      continue
    }
    kinds.add(kind)
    if (kind !== 'policy') {
      templateSources.push(source)
      continue
    }
    const policyKind = options.kind ?? kindFromFileName(source.path) ?? detectKind(read.host.value)
    const parsed = parsePolicy(source.text, { kind: policyKind })
    const policy = parsed.ok ? parsed.value : parsed.recovered
    if (policy === undefined) {
      const d = parsed.ok ? undefined : parsed.errors[0]
      fail(source, { code: d?.code ?? 'diff.invalid-policy', file: source.path, pointer: d?.pointer ?? '', message: d?.message ?? 'the policy cannot be read', ...(d?.position !== undefined ? { position: d.position } : {}) })
      continue
    }
    const locate = policyLocator(policy, source.path)
    const invalid = parsed.ok ? [] : parsed.errors.map((d) => ({ code: 'diff.invalid-policy' as const, message: d.message, pointer: d.pointer, file: source.path }))
    if (policyKind === 'trust') {
      const name = `trust policy in ${source.key}`
      roles.set(source.key, { role: source.key, file: source.path, roleArn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/${roleName(source.key)}`, trust: compilePolicy(policy, 'resource', name), locate, ...(invalid.length > 0 ? { invalid } : {}) })
    } else {
      policies.set(source.key, { key: source.key, file: source.path, kind: policyKind, policy: compilePolicy(policy, policyKind === 'boundary' ? 'boundary' : 'identity', source.key), locate })
      if (invalid.length > 0) unread.push(...invalid)
    }
  }
  readTemplateRoles(templateSources, roles, policies, unread, errors)
  return { kinds, roles, policies, snapshotFiles, unread, errors, skipped }
}

function readTemplateRoles(sources: readonly VersionSource[], roles: Map<string, RoleUnit>, policies: Map<string, PolicyUnit>, unread: UncertainReason[], errors: LintInputError[]): void {
  if (sources.length === 0) return
  const keyOf = new Map(sources.map((s) => [s.path, s.key]))
  // Keys are the logical id or address alone when the version is one file or one module; else prefixed by the file's key.
  const single = new Set(sources.map((s) => (isTerraformFile(s.path) ? dirOf(s.key) : s.key))).size === 1
  for (const t of readTemplates(sources)) {
    errors.push(...t.errors)
    const file = t.files[0] ?? ''
    const prefix = single ? '' : `${t.format === 'terraform' ? dirOf(keyOf.get(file) ?? file) : (keyOf.get(file) ?? file)}#`
    for (const u of t.unread) {
      unread.push({ code: 'diff.unread-policy', message: `${u.name}: ${u.why}`, ...(u.location !== undefined ? { file: u.location.file } : { file }), ...(u.owner !== undefined ? { policy: u.owner.id } : {}) })
    }
    const variants = new Map<string, number>()
    for (const p of t.policies) if (p.kind === 'trust') variants.set(p.owner.id, (variants.get(p.owner.id) ?? 0) + 1)
    for (const p of t.policies) {
      if (p.kind !== 'trust') {
        readTemplatePolicy(p, prefix, file, policies, unread)
        continue
      }
      // Fn::If variants of one role are matched by the branches they stand for.
      const key = `${prefix}${p.owner.id}${branchesOf(p, (variants.get(p.owner.id) ?? 0) > 1)}`
      const r = compiled(p.document, 'trust', key)
      const at = p.locate('')
      if (r === undefined) {
        unread.push({ code: 'diff.unread-policy', message: `${p.owner.id}: the trust policy cannot be read`, ...(at !== undefined ? { file: at.file } : { file }), pointer: p.sourcePointer(''), policy: p.owner.id })
        continue
      }
      const unresolved = unresolvedOf(p)
      const name = `trust policy of ${p.owner.id}`
      const moduleFiles = t.format === 'terraform' ? sources.filter((s) => t.files.includes(s.path)) : []
      const sourceText = t.format === 'terraform' ? [p.owner.id, ...(p.source !== undefined ? [p.source] : [])].map((a) => blockText(moduleFiles, a) ?? '').join('|') : undefined
      roles.set(key, {
        role: key,
        file: at?.file ?? file,
        roleArn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/${p.owner.roleName !== undefined && /^[\w+=,.@-]+$/.test(p.owner.roleName) ? p.owner.roleName : roleName(p.owner.id)}`,
        trust: compilePolicy(r.policy, 'resource', name),
        locate: (pointer) => {
          const l = p.locate(pointer) ?? at
          return l === undefined ? undefined : { file: l.file, line: l.line, column: l.column, pointer: p.sourcePointer(pointer) }
        },
        ...(unresolved !== undefined ? { unresolved } : {}),
        ...(sourceText !== undefined ? { sourceText } : {}),
        ...(r.invalid.length > 0 ? { invalid: r.invalid.map((i) => ({ ...i, ...(at !== undefined ? { file: at.file } : {}), pointer: p.sourcePointer(i.pointer ?? '') })) } : {}),
      })
    }
  }
}

/** The `Fn::If` branches a policy stands for, when its owner yields several variants. */
function branchesOf(p: IacPolicy, several: boolean): string {
  return p.when !== undefined && several ? ` [${p.when.map((w) => Object.entries(w).map(([k, v]) => `${k}=${String(v)}`).join(',')).join(' | ')}]` : ''
}

/** FNV-1a of a text: names a document's content in a reason, so that an edited document never reads as unchanged. */
function digest(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h.toString(16).padStart(8, '0')
}

/**
 * A template's identity policy or boundary (inline in a role, user or group, or a policy resource) is
 * compared region by region like a policy file, keyed by its owner and name. One that holds values the
 * reader cannot resolve, or of another kind (a bucket or key policy), is named as not compared, with
 * its content's digest: the same document in both versions is listed apart, an edited one makes the
 * report incomplete, never "no change".
 */
function readTemplatePolicy(p: IacPolicy, prefix: string, file: string, policies: Map<string, PolicyUnit>, unread: UncertainReason[]): void {
  const at = p.locate('')
  const key = `${prefix}${p.owner.id}/${p.owner.policyName ?? p.sourcePointer('')}${branchesOf(p, p.when !== undefined)}`
  const where = { ...(at !== undefined ? { file: at.file } : { file }), pointer: p.sourcePointer(''), policy: p.owner.id }
  const comparable = p.kind === 'identity' || p.kind === 'boundary'
  const unresolved = p.unresolved.length > 0 || p.unknownPointers.size > 0
  const r = comparable && !unresolved ? compiled(p.document, p.kind, key) : undefined
  if (r === undefined) {
    const why = !comparable ? `${p.kind} policies in templates are not compared` : unresolved ? `it holds values the reader cannot resolve (${[...new Set(p.unresolved.map((n) => n.what))].sort().join(', ') || 'unknown values'})` : 'it cannot be read'
    unread.push({ code: 'diff.unread-policy', message: `${key}: ${why}; its access is not compared [content ${digest(JSON.stringify(p.document))}]`, ...where })
    return
  }
  for (const i of r.invalid) unread.push({ ...i, ...where, pointer: p.sourcePointer(i.pointer ?? '') })
  policies.set(key, {
    key,
    file: at?.file ?? file,
    kind: p.kind,
    policy: compilePolicy(r.policy, p.kind === 'boundary' ? 'boundary' : 'identity', key),
    locate: (pointer) => {
      const l = p.locate(pointer) ?? at
      return l === undefined ? undefined : { file: l.file, line: l.line, column: l.column, pointer: p.sourcePointer(pointer) }
    },
  })
}

function dirOf(key: string): string {
  const i = key.lastIndexOf('/')
  return i < 0 ? '.' : key.slice(0, i)
}
