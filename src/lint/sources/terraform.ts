/**
 * Terraform configurations (`.tf`), read as modules: the `.tf` files of one directory together. Policies
 * of IAM roles (`assume_role_policy`, `inline_policy`), IAM policies, inline role/user/group policies and
 * the resource policies iamtrace lints, written as `jsonencode(...)`, as JSON text (heredoc or string),
 * or as `data.aws_iam_policy_document.NAME.json`. A data source's policy is linted once, as the kind of
 * policy it is used for; every finding carries the `.tf` file and line.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role
 */
import type { SourcePosition } from '../../diagnostics.js'
import { readJsonText } from '../../json/readJson.js'
import type { JsonValue } from '../../json/jsonValue.js'
import type { PolicyKind } from '../../policy/types.js'
import { PLACEHOLDER_OWN_ACCOUNT } from '../identity.js'
import { detectKind, positionNear } from '../lintPolicy.js'
import type { LintInputError, LintSource } from '../types.js'
import { concat, materialize, originNear, pointersWithUnknown, scalar, unknown, unresolvedIn, type Built, type Origin, type Unresolved } from './built.js'
import type { EmbeddedPolicy, PolicyOwner, UnknownPolicy, UnresolvedNote } from './embedded.js'
import type { HclExpression, HclParser } from './hclSyntax.js'
import { lineStarts, offsetOf } from './host.js'
import { originAt, TfEvaluator, type TfFile, type TfModule, type TfResource } from './terraformEval.js'
import { dataReference, policyDocument } from './terraformPolicyDocument.js'
import type { SessionDurationSetting } from './roleSettings.js'

/** True for a Terraform configuration file. */
export function isTerraformFile(path: string): boolean {
  return /\.tf$/i.test(path)
}

/** Groups `.tf` sources by directory: each group is one module. */
export function terraformModules(sources: readonly LintSource[]): LintSource[][] {
  const groups = new Map<string, LintSource[]>()
  for (const s of sources) {
    const dir = s.path.replace(/\\/g, '/').replace(/\/[^/]*$/, '') || '.'
    const key = s.path.includes('/') || s.path.includes('\\') ? dir : '.'
    groups.set(key, [...(groups.get(key) ?? []), s])
  }
  return [...groups.values()]
}

type Site = readonly [attribute: string, kind: PolicyKind]

/** Where each resource type keeps its policies. */
const SITES: Readonly<Record<string, readonly Site[]>> = {
  aws_iam_role: [['assume_role_policy', 'trust']],
  aws_iam_policy: [['policy', 'identity']],
  aws_iam_role_policy: [['policy', 'identity']],
  aws_iam_user_policy: [['policy', 'identity']],
  aws_iam_group_policy: [['policy', 'identity']],
  aws_s3_bucket_policy: [['policy', 'resource']],
  aws_s3_access_point: [['policy', 'resource']],
  aws_sqs_queue_policy: [['policy', 'resource']],
  aws_sqs_queue: [['policy', 'resource']],
  aws_sns_topic_policy: [['policy', 'resource']],
  aws_sns_topic: [['policy', 'resource']],
  aws_kms_key: [['policy', 'resource']],
  aws_kms_key_policy: [['policy', 'resource']],
  aws_secretsmanager_secret_policy: [['policy', 'resource']],
  aws_secretsmanager_secret: [['policy', 'resource']],
  aws_ecr_repository_policy: [['policy', 'resource']],
  aws_cloudwatch_log_resource_policy: [['policy_document', 'resource']],
  aws_opensearch_domain_policy: [['access_policies', 'resource']],
  aws_elasticsearch_domain_policy: [['access_policies', 'resource']],
  aws_efs_file_system_policy: [['policy', 'resource']],
  aws_backup_vault_policy: [['policy', 'resource']],
  aws_api_gateway_rest_api_policy: [['policy', 'resource']],
  aws_glacier_vault: [['access_policy', 'resource']],
}

/** What a module holds: one entry per document to lint, and who uses each. */
export interface TerraformRead {
  /** Documents to lint: a data source's policy once, however many resources use it. */
  readonly items: readonly (EmbeddedPolicy | UnknownPolicy)[]
  /** Every policy of every resource, with its owner (a data source's policy appears once per user). */
  readonly uses: readonly { readonly owner: PolicyOwner; readonly kind: PolicyKind; readonly policy: EmbeddedPolicy | UnknownPolicy }[]
  readonly errors: readonly LintInputError[]
  /** Files read without error. */
  readonly read: readonly string[]
  /** `max_session_duration` of each role that sets it. */
  readonly durations: readonly SessionDurationSetting[]
}

/** Reads the `.tf` files of one module. */
export function readTerraformModule(sources: readonly LintSource[], parse: HclParser): TerraformRead {
  const errors: LintInputError[] = []
  const files: TfFile[] = []
  for (const s of sources) {
    const r = parse(s.text)
    if (r.ok) files.push({ path: s.path, text: s.text, body: r.body, index: files.length })
    else {
      const position = lineStarts(s.text)(r.errors[0]?.offset ?? 0)
      errors.push({ code: 'input.invalid-hcl', file: s.path, pointer: '', message: r.errors[0]?.message ?? 'invalid HCL', position })
    }
  }
  const module = declarations(files)
  const reader = new ModuleReader(module)
  return { ...reader.read(), durations: reader.durations(), errors, read: files.map((f) => f.path) }
}

function declarations(files: readonly TfFile[]): TfModule {
  const variables = new Map<string, { block: import('./hclSyntax.js').HclBlock; file: TfFile }>()
  const locals = new Map<string, { attribute: import('./hclSyntax.js').HclAttribute; file: TfFile }>()
  const resources = new Map<string, TfResource>()
  for (const file of files) {
    for (const b of file.body.blocks) {
      if (b.type === 'variable' && b.labels[0] !== undefined) variables.set(b.labels[0], { block: b, file })
      else if (b.type === 'locals') for (const a of b.body.attributes) locals.set(a.name, { attribute: a, file })
      else if ((b.type === 'resource' || b.type === 'data') && b.labels.length === 2) {
        const [type, name] = b.labels as [string, string]
        const address = `${b.type === 'data' ? 'data.' : ''}${type}.${name}`
        resources.set(address, { address, type, name, mode: b.type === 'data' ? 'data' : 'managed', block: b, file })
      }
    }
  }
  return { files, variables, locals, resources }
}

class ModuleReader {
  private readonly ev: TfEvaluator
  private readonly documents = new Map<string, Built>()
  private readonly building = new Set<string>()
  private readonly positions: ((offset: number) => SourcePosition)[]

  constructor(private readonly module: TfModule) {
    this.ev = new TfEvaluator(module, (r, a) => this.model(r, a))
    this.positions = module.files.map((f) => lineStarts(f.text))
  }

  /** A data source's policy, built once. */
  private documentOf(address: string): Built | undefined {
    const r = this.module.resources.get(address)
    if (r === undefined || r.type !== 'aws_iam_policy_document' || r.mode !== 'data') return undefined
    const done = this.documents.get(address)
    if (done !== undefined) return done
    if (this.building.has(address)) return unknown(originAt(r.file, r.block.from), address, 'the documents merge each other in a cycle')
    this.building.add(address)
    const doc = policyDocument(this.ev, r, (a) => this.documentOf(a))
    this.building.delete(address)
    this.documents.set(address, doc)
    return doc
  }

  /**
   * Attributes iamtrace knows before apply: ARNs of IAM resources named in the module, the caller's
   * account (the module's own account), the partition, a data source's rendered policy.
   */
  private model(r: TfResource, attribute: string): Built | undefined {
    const at = originAt(r.file, r.block.from)
    const written = (name: string): Built | undefined => this.ev.written(r, name)
    // A name Terraform generates (no `name`) is shown as the resource name; `name_prefix` is unknown.
    const name = (property = 'name'): Built => written(property) ?? (written(`${property}_prefix`) !== undefined ? unknown(at, `${r.address}.${property}`, 'generated from name_prefix at apply') : scalar(r.name, at))
    const iamArn = (type: string, named: Built, withPath = true): Built => concat([scalar(`arn:aws:iam::${PLACEHOLDER_OWN_ACCOUNT}:${type}`, at), withPath ? (written('path') ?? scalar('/', at)) : scalar('/', at), named], at)
    if (r.mode === 'data') {
      if (r.type === 'aws_caller_identity' && attribute === 'account_id') return scalar(PLACEHOLDER_OWN_ACCOUNT, at)
      if (r.type === 'aws_partition' && attribute === 'partition') return scalar('aws', at)
      if (r.type === 'aws_partition' && attribute === 'dns_suffix') return scalar('amazonaws.com', at)
      // The rendered policy stays a document (not text), so that it keeps its origins wherever it is used.
      if (r.type === 'aws_iam_policy_document' && (attribute === 'json' || attribute === 'minified_json')) return this.documentOf(r.address)
      return undefined
    }
    switch (`${r.type}.${attribute}`) {
      case 'aws_iam_role.arn':
        return iamArn('role', name())
      case 'aws_iam_user.arn':
        return iamArn('user', name())
      case 'aws_iam_group.arn':
        return iamArn('group', name())
      case 'aws_iam_policy.arn':
        return iamArn('policy', name())
      case 'aws_iam_role.name':
      case 'aws_iam_role.id':
      case 'aws_iam_user.name':
      case 'aws_iam_group.name':
        return name()
      case 'aws_iam_openid_connect_provider.arn': {
        const url = written('url')
        if (url === undefined || url.k !== 'scalar') return url === undefined ? undefined : { k: 'unknown', at, unresolved: unresolvedIn(url) }
        return iamArn('oidc-provider', scalar(String(url.value).replace(/^https:\/\//i, ''), at, url.unresolved), false)
      }
      case 'aws_iam_saml_provider.arn':
        return iamArn('saml-provider', name(), false)
      case 'aws_s3_bucket.arn':
        return concat([scalar('arn:aws:s3:::', at), name('bucket')], at)
      case 'aws_s3_bucket.id':
      case 'aws_s3_bucket.bucket':
        return name('bucket')
      default:
        return undefined
    }
  }

  /** `max_session_duration` of the module's roles: a number, or the unresolved value that hides it. */
  durations(): SessionDurationSetting[] {
    const out: SessionDurationSetting[] = []
    for (const r of this.module.resources.values()) {
      if (r.mode !== 'managed' || r.type !== 'aws_iam_role') continue
      const a = r.block.body.attributes.find((x) => x.name === 'max_session_duration')
      if (a === undefined) continue
      const value = this.ev.evaluate(a.value, r.file)
      const n = value.k === 'scalar' && value.unresolved.length === 0 ? Number(value.value) : NaN
      const position = this.positions[r.file.index]?.(a.value.from)
      const base = { name: r.address, hostPointer: `${r.address}.max_session_duration`, file: r.file.path, ...(position !== undefined ? { position } : {}) }
      const [u] = unresolvedIn(value)
      out.push(Number.isFinite(n) ? { ...base, seconds: n } : { ...base, seconds: undefined, unresolved: { what: u?.what ?? this.ev.source(r.file, a.value), why: u?.why ?? 'it is not a number' } })
    }
    return out
  }

  read(): Omit<TerraformRead, 'errors' | 'read' | 'durations'> {
    const uses: { owner: PolicyOwner; kind: PolicyKind; policy: EmbeddedPolicy | UnknownPolicy }[] = []
    const shared = new Map<string, { kinds: Set<PolicyKind>; users: PolicyOwner[] }>()
    const boundaries = this.boundaryPolicies()
    const direct: { owner: PolicyOwner; kind: PolicyKind; expr: HclExpression; file: TfFile; locator: string }[] = []
    for (const r of this.module.resources.values()) {
      if (r.mode !== 'managed') continue
      const roleName = this.knownName(r)
      const owner: PolicyOwner = { id: r.address, type: r.type, ...(roleName !== undefined ? { roleName } : {}) }
      const sites: { attribute: string; kind: PolicyKind; expr: HclExpression; owner: PolicyOwner }[] = []
      for (const [attribute, kind] of SITES[r.type] ?? []) {
        const a = r.block.body.attributes.find((x) => x.name === attribute)
        const k = r.type === 'aws_iam_policy' && boundaries.has(r.address) ? 'boundary' : kind
        if (a !== undefined) sites.push({ attribute, kind: k, expr: a.value, owner })
      }
      if (r.type === 'aws_iam_role') {
        r.block.body.blocks.filter((b) => b.type === 'inline_policy').forEach((b, i) => {
          const policy = b.body.attributes.find((x) => x.name === 'policy')
          const n = this.ev.written({ ...r, block: b }, 'name')
          const policyName = n?.k === 'scalar' && n.unresolved.length === 0 ? String(n.value) : String(i)
          if (policy !== undefined) sites.push({ attribute: `inline_policy.${policyName}`, kind: 'identity', expr: policy.value, owner: { ...owner, policyName } })
        })
      }
      for (const site of sites) {
        const ref = this.followToData(site.expr, r.file)
        if (ref !== undefined) {
          const entry = shared.get(ref) ?? { kinds: new Set<PolicyKind>(), users: [] }
          entry.kinds.add(site.kind)
          entry.users.push(site.owner)
          shared.set(ref, entry)
          continue
        }
        direct.push({ owner: site.owner, kind: site.kind, expr: site.expr, file: r.file, locator: `${r.address}.${site.attribute}` })
      }
    }
    const items: (EmbeddedPolicy | UnknownPolicy)[] = [...this.moduleCalls()]
    for (const d of direct) {
      const policy = this.fromExpression(d.expr, d.file, d.locator, d.owner.id + (d.owner.policyName !== undefined ? `/${d.owner.policyName}` : ''), d.kind, d.owner)
      items.push(policy)
      uses.push({ owner: d.owner, kind: d.kind, policy })
    }
    for (const r of this.module.resources.values()) {
      if (r.mode !== 'data' || r.type !== 'aws_iam_policy_document') continue
      const use = shared.get(r.address)
      const doc = this.documentOf(r.address) as Built
      // Used as a trust policy anywhere: linted as one (the strictest reading); unused: by its content.
      const kind = use === undefined ? undefined : use.kinds.has('trust') ? 'trust' : use.kinds.has('resource') ? 'resource' : use.kinds.has('boundary') ? 'boundary' : 'identity'
      const owner: PolicyOwner = { id: r.address, type: 'aws_iam_policy_document' }
      const policy = this.fromBuilt(doc, r.address, r.address, kind, owner)
      items.push(policy)
      for (const user of use?.users ?? []) uses.push({ owner: user, kind: kind ?? 'identity', policy })
    }
    return { items, uses }
  }

  /**
   * Module calls: the policies a called module creates are read in the module's own directory (with its
   * variables' defaults), not with the values passed here; each call says so.
   * https://developer.hashicorp.com/terraform/language/modules/syntax
   */
  private moduleCalls(): UnknownPolicy[] {
    const out: UnknownPolicy[] = []
    for (const file of this.module.files) {
      for (const b of file.body.blocks) {
        if (b.type !== 'module' || b.labels[0] === undefined) continue
        const source = this.ev.written({ address: `module.${b.labels[0]}`, type: 'module', name: b.labels[0], mode: 'managed', block: b, file }, 'source')
        const where = source?.k === 'scalar' ? ` (source \`${String(source.value)}\`)` : ''
        const why = `the policies module${where} creates are not read with the values passed here; lint the module's directory to read them with its defaults`
        const position = this.positions[file.index]?.(b.from)
        const name = `module.${b.labels[0]}`
        out.push({ name, hostPointer: name, owner: { id: name, type: 'module' }, why, file: file.path, ...(position !== undefined ? { position } : {}), unresolved: [{ pointer: '', what: `${name}${where}`, why, hostPointer: name, file: file.path, ...(position !== undefined ? { position } : {}) }] })
      }
    }
    return out
  }

  /** `aws_iam_policy` resources used as a permissions boundary in the module. */
  private boundaryPolicies(): Set<string> {
    const out = new Set<string>()
    for (const r of this.module.resources.values()) {
      const b = r.block.body.attributes.find((a) => a.name === 'permissions_boundary')
      let e = b?.value
      while (e !== undefined && (e.kind === 'getattr' || e.kind === 'index')) {
        if (e.kind === 'getattr' && e.target.kind === 'getattr' && e.target.target.kind === 'variable' && e.target.target.name === 'aws_iam_policy') out.add(`aws_iam_policy.${e.target.name}`)
        e = e.target
      }
    }
    return out
  }

  private knownName(r: TfResource): string | undefined {
    if (!['aws_iam_role', 'aws_iam_user', 'aws_iam_group'].includes(r.type)) return undefined
    const n = this.ev.written(r, 'name')
    return n?.k === 'scalar' && n.unresolved.length === 0 && n.value !== null ? String(n.value) : undefined
  }

  /** The data source an expression names, through locals and variable defaults. */
  private followToData(e: HclExpression, file: TfFile, depth = 0): string | undefined {
    const direct = dataReference(e)
    if (direct !== undefined || depth > 8) return direct
    if (e.kind === 'getattr' && e.target.kind === 'variable' && e.target.name === 'local') {
      const l = this.module.locals.get(e.name)
      return l === undefined ? undefined : this.followToData(l.attribute.value, l.file, depth + 1)
    }
    if (e.kind === 'parens') return this.followToData(e.expression, file, depth + 1)
    return undefined
  }

  /** The policy written at an attribute: `jsonencode(...)`, JSON text, or any expression with a string value. */
  private fromExpression(e: HclExpression, file: TfFile, locator: string, name: string, kind: PolicyKind, owner: PolicyOwner): EmbeddedPolicy | UnknownPolicy {
    let x = e
    let f = file
    // Follow locals so that positions stay on the text that holds the policy.
    for (let i = 0; i < 8 && x.kind === 'getattr' && x.target.kind === 'variable' && x.target.name === 'local'; i++) {
      const l = this.module.locals.get(x.name)
      if (l === undefined) break
      x = l.attribute.value
      f = l.file
    }
    if (x.kind === 'call' && x.name === 'jsonencode' && x.args.length === 1 && x.args[0] !== undefined) return this.fromBuilt(this.ev.evaluate(x.args[0], f), locator, name, kind, owner)
    const value = this.ev.evaluate(x, f)
    if (value.k === 'object') return this.fromBuilt(value, locator, name, kind, owner)
    if (value.k === 'scalar' && typeof value.value === 'string') return this.fromText(value, x, f, locator, name, kind, owner)
    return this.unreadable(value, locator, name, owner, originAt(f, x.from))
  }

  private place(origin: Origin | undefined): { file: TfFile; position: SourcePosition } | undefined {
    if (origin === undefined) return undefined
    const [i, offset] = origin.split(':').map(Number) as [number, number]
    const file = this.module.files[i]
    const position = this.positions[i]?.(offset)
    return file === undefined || position === undefined ? undefined : { file, position }
  }

  private note(pointer: string, u: Unresolved, locator: string): UnresolvedNote {
    const p = this.place(u.at)
    return { pointer, what: u.what, why: u.why, hostPointer: `${locator}${pointer}`, ...(p !== undefined ? { position: p.position, file: p.file.path } : {}) }
  }

  private unreadable(value: Built, locator: string, name: string, owner: PolicyOwner, at: Origin): UnknownPolicy {
    const unresolved = unresolvedIn(value)
    const p = this.place(unresolved[0]?.at ?? at) ?? this.place(at)
    const why = unresolved.length > 0 ? `the document is unresolved: ${unresolved.map((u) => `\`${u.what}\` (${u.why})`).join('; ')}` : 'the document is not an object or JSON text'
    return { name, hostPointer: locator, owner, why, ...(p !== undefined ? { position: p.position, file: p.file.path } : {}), unresolved: unresolved.map((u) => this.note('', u, locator)) }
  }

  private fromBuilt(built: Built, locator: string, name: string, kind: PolicyKind | undefined, owner: PolicyOwner): EmbeddedPolicy | UnknownPolicy {
    if (built.k !== 'object') return this.unreadable(built, locator, name, owner, built.at)
    const m = materialize(built)
    const value: JsonValue = m.value ?? null
    const at = (pointer: string): { file: TfFile; position: SourcePosition } | undefined => this.place(originNear(m.origins, pointer) ?? built.at)
    return {
      kind: kind ?? detectKind(value),
      name,
      input: value,
      hostPointer: locator,
      ownAccount: PLACEHOLDER_OWN_ACCOUNT,
      unknownPointers: m.unknown,
      owner,
      locate: (pointer) => at(pointer)?.position,
      fileOf: (pointer) => at(pointer)?.file.path,
      unresolved: m.unresolved.map((u) => this.note(u.pointer, u.unresolved, locator)),
    }
  }

  /** JSON text (a heredoc or string): positions map through the template back into the `.tf` file. */
  private fromText(value: Extract<Built, { k: 'scalar' }>, e: HclExpression, file: TfFile, locator: string, name: string, kind: PolicyKind, owner: PolicyOwner): EmbeddedPolicy | UnknownPolicy {
    const text = String(value.value)
    const read = readJsonText(text)
    if (read.document === undefined) return this.unreadable(value.unresolved.length > 0 ? value : unknown(originAt(file, e.from), this.ev.source(file, e), 'the policy text is not JSON'), locator, name, owner, originAt(file, e.from))
    const doc = read.document
    const map = this.ev.textMaps.get(value)
    const sourceOffset = (pointer: string): number => {
      const pos = positionNear(doc, pointer)
      if (map === undefined || pos === undefined) return e.from
      const off = offsetOf(text, pos)
      const seg = map.segments.find((s) => off >= s.start && off < s.start + Math.max(1, s.length))
      return seg === undefined ? e.from : seg.exact ? seg.from + (off - seg.start) : seg.from
    }
    const fileOfMap = map?.segments[0]?.file ?? file
    const unknownPointers = pointersWithUnknown(doc.value)
    const starts = [...unknownPointers].map((p) => ({ p, offset: sourceOffset(p) })).sort((a, b) => a.offset - b.offset)
    return {
      kind: kind ?? detectKind(doc.value),
      name,
      input: doc.value,
      hostPointer: locator,
      ownAccount: PLACEHOLDER_OWN_ACCOUNT,
      unknownPointers,
      owner,
      locate: (pointer) => this.positions[fileOfMap.index]?.(sourceOffset(pointer)),
      fileOf: () => fileOfMap.path,
      unresolved: value.unresolved.map((u) => {
        // The unknown string that holds the interpolation: the last one starting before it.
        const offset = Number(u.at.split(':')[1])
        const holder = starts.filter((s) => s.offset <= offset).pop() ?? starts[0]
        return this.note(holder?.p ?? '', u, locator)
      }),
    }
  }
}
