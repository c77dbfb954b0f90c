/**
 * The template readers as a library: for each CloudFormation template, Terraform module (the `.tf` files
 * of one directory) or Terraform plan, every policy with its owner (logical id or address, resource type,
 * role name when known), its kind, where each of its elements is in the source, and what could not be
 * resolved. The linter and `diff` read templates through it.
 */
import type { SourcePosition } from '../../diagnostics.js'
import type { JsonValue } from '../../json/jsonValue.js'
import type { PolicyKind } from '../../policy/types.js'
import type { LintInputError, LintSource } from '../types.js'
import { isTemplate, templatePolicies } from './cloudformation.js'
import { isEmbedded, type EmbeddedPolicy, type PolicyOwner, type UnknownPolicy, type UnresolvedNote } from './embedded.js'
import { parseHcl } from './hclParse.js'
import type { HclParser } from './hclSyntax.js'
import { readHost } from './readHost.js'
import { isPlan, planPolicies } from './terraformPlan.js'
import { isTerraformFile, readTerraformModule, terraformModules } from './terraform.js'

/** A place in a source file. */
export interface SourceLocation extends SourcePosition {
  readonly file: string
}

/** A policy read from infrastructure code. */
export interface IacPolicy {
  readonly owner: PolicyOwner
  readonly kind: PolicyKind
  /** The document as JSON; unknown values are the text `iamtrace-unresolved-value`. */
  readonly document: JsonValue
  /** Policy pointers whose value is unknown, whole or in part. */
  readonly unknownPointers: ReadonlySet<string>
  /** What could not be resolved inside the document, located. */
  readonly unresolved: readonly UnresolvedNote[]
  /**
   * CloudFormation: the `Fn::If` branches under which the template yields this document (one entry per
   * assignment of conditions); absent when the document has no `Fn::If`.
   */
  readonly when?: readonly Readonly<Record<string, boolean>>[]
  /** Terraform: the data source the document comes from when several resources may share it. */
  readonly source?: string
  /** Where an element of the document is written. */
  locate(pointer: string): SourceLocation | undefined
  /** A pointer into the source for an element (CloudFormation: a JSON pointer into the template). */
  sourcePointer(pointer: string): string
}

/** A policy whose document could not be read at all, or a construct that hides policies (a transform, a module call). */
export interface UnreadPolicy {
  readonly owner?: PolicyOwner
  readonly name: string
  readonly why: string
  readonly location?: SourceLocation
  readonly unresolved: readonly UnresolvedNote[]
}

/** What one template, module or plan holds. */
export interface TemplateRead {
  readonly format: 'cloudformation' | 'terraform' | 'terraform-plan'
  readonly files: readonly string[]
  readonly policies: readonly IacPolicy[]
  readonly unread: readonly UnreadPolicy[]
  /** Files of the input that could not be read. */
  readonly errors: readonly LintInputError[]
}

function toIac(file: string, p: EmbeddedPolicy, owner: PolicyOwner, kind: PolicyKind, source?: string): IacPolicy {
  return {
    owner,
    kind,
    document: p.input,
    unknownPointers: p.unknownPointers,
    unresolved: p.unresolved ?? [],
    ...(p.variant !== undefined ? { when: p.variant.assignments.map((a) => Object.fromEntries(a)) } : {}),
    ...(source !== undefined ? { source } : {}),
    locate: (pointer) => {
      const at = p.locate(pointer)
      return at === undefined ? undefined : { file: p.fileOf?.(pointer) ?? file, ...at }
    },
    sourcePointer: (pointer) => p.mapPointer?.(pointer) ?? p.hostPointer + pointer,
  }
}

function toUnread(file: string, u: UnknownPolicy): UnreadPolicy {
  return { ...(u.owner !== undefined ? { owner: u.owner } : {}), name: u.name, why: u.why, ...(u.position !== undefined ? { location: { file: u.file ?? file, ...u.position } } : {}), unresolved: u.unresolved ?? [] }
}

function split(file: string, items: readonly (EmbeddedPolicy | UnknownPolicy)[]): { policies: IacPolicy[]; unread: UnreadPolicy[] } {
  const policies: IacPolicy[] = []
  const unread: UnreadPolicy[] = []
  for (const item of items) {
    if (isEmbedded(item)) policies.push(toIac(file, item, item.owner ?? { id: item.name, type: 'unknown' }, item.kind))
    else unread.push(toUnread(file, item))
  }
  return { policies, unread }
}

/**
 * Reads CloudFormation templates, Terraform modules and plans. Other inputs (policy files, snapshots)
 * are left out; files that cannot be read are returned as errors of a read with no policies.
 *
 * @example
 * for (const t of readTemplates([{ path: 'stack.yaml', text }])) {
 *   for (const p of t.policies) console.log(p.owner.id, p.kind, p.locate('/Statement/0')?.line)
 * }
 */
export function readTemplates(sources: readonly LintSource[], options: { readonly parseHcl?: HclParser } = {}): TemplateRead[] {
  const out: TemplateRead[] = []
  for (const source of sources) {
    if (isTerraformFile(source.path)) continue
    const read = readHost(source)
    if ('error' in read) {
      out.push({ format: 'cloudformation', files: [source.path], policies: [], unread: [], errors: [read.error] })
      continue
    }
    const v = read.host.value
    const format = isTemplate(v) ? 'cloudformation' : read.format === 'json' && isPlan(v) ? 'terraform-plan' : undefined
    if (format === undefined) continue
    const items = format === 'cloudformation' ? templatePolicies(read.host) : planPolicies(read.host)
    out.push({ format, files: [source.path], ...split(source.path, items), errors: [] })
  }
  for (const module of terraformModules(sources.filter((s) => isTerraformFile(s.path)))) {
    const read = readTerraformModule(module, options.parseHcl ?? parseHcl)
    const file = module[0]?.path ?? ''
    const policies = read.uses.flatMap((u) => (isEmbedded(u.policy) ? [toIac(file, u.policy, u.owner, u.kind, u.policy.owner?.type === 'aws_iam_policy_document' ? u.policy.owner.id : undefined)] : []))
    // Data sources nobody in the module uses are still policies of the module.
    const used = new Set(read.uses.map((u) => u.policy))
    for (const item of read.items) if (isEmbedded(item) && !used.has(item)) policies.push(toIac(file, item, item.owner ?? { id: item.name, type: 'unknown' }, item.kind))
    const unread = [...read.uses.flatMap((u) => (isEmbedded(u.policy) ? [] : [toUnread(file, { ...u.policy, owner: u.owner })])), ...read.items.filter((i) => !isEmbedded(i) && !read.uses.some((u) => u.policy === i)).map((i) => toUnread(file, i as UnknownPolicy))]
    out.push({ format: 'terraform', files: module.map((m) => m.path), policies, unread, errors: read.errors })
  }
  return out
}
