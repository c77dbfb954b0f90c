/**
 * CloudFormation templates (JSON or YAML): the policies of IAM roles, users, groups and policies, of the
 * resource policies iamtrace lints, and of SAM functions and state machines. Intrinsic functions are
 * resolved as far as the template allows (see `cfnResolve.ts`); each `Fn::If` is resolved both ways and
 * every combination of branches is linted; what stays unknown is listed with its location.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
 */
import { childPointer } from '../../diagnostics.js'
import { readJsonText } from '../../json/readJson.js'
import { getMember, isJsonArray, isJsonObject, type JsonObject, type JsonValue } from '../../json/jsonValue.js'
import type { PolicyKind } from '../../policy/types.js'
import { detectKind } from '../lintPolicy.js'
import { PLACEHOLDER_OWN_ACCOUNT } from '../identity.js'
import { materialize, originNear, pointersWithUnknown, unresolvedIn, type Built, type Unresolved } from './built.js'
import { resolve, templateParts, type CfnTemplate } from './cfnResolve.js'
import { embed, type EmbeddedPolicy, type PolicyOwner, type UnknownPolicy, type UnresolvedNote } from './embedded.js'
import type { HostDocument } from './host.js'
import { eachAssignment, type Assignment } from './variants.js'

/** The stack's account (`AWS::AccountId`): unknown by number, but known to be the role's own account. */
const STACK_ACCOUNT = PLACEHOLDER_OWN_ACCOUNT

type Site = { readonly property: string; readonly kind: PolicyKind; readonly shape: 'document' | 'inline' | 'sam' }

const doc = (property: string, kind: PolicyKind): Site => ({ property, kind, shape: 'document' })
const IDENTITY: readonly Site[] = [doc('PolicyDocument', 'identity')]
const INLINE: Site = { property: 'Policies', kind: 'identity', shape: 'inline' }
const SAM: Site = { property: 'Policies', kind: 'identity', shape: 'sam' }

/** Where each resource type keeps its policies. */
const SITES: Readonly<Record<string, readonly Site[]>> = {
  'AWS::IAM::Role': [doc('AssumeRolePolicyDocument', 'trust'), INLINE],
  'AWS::IAM::User': [INLINE],
  'AWS::IAM::Group': [INLINE],
  'AWS::IAM::ManagedPolicy': IDENTITY,
  'AWS::IAM::Policy': IDENTITY,
  'AWS::IAM::RolePolicy': IDENTITY,
  'AWS::IAM::UserPolicy': IDENTITY,
  'AWS::IAM::GroupPolicy': IDENTITY,
  // Resource policies. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html
  'AWS::S3::BucketPolicy': [doc('PolicyDocument', 'resource')],
  'AWS::S3::AccessPoint': [doc('Policy', 'resource')],
  'AWS::SQS::QueuePolicy': [doc('PolicyDocument', 'resource')],
  'AWS::SQS::QueueInlinePolicy': [doc('PolicyDocument', 'resource')],
  'AWS::SNS::TopicPolicy': [doc('PolicyDocument', 'resource')],
  'AWS::SNS::TopicInlinePolicy': [doc('PolicyDocument', 'resource')],
  'AWS::KMS::Key': [doc('KeyPolicy', 'resource')],
  'AWS::SecretsManager::ResourcePolicy': [doc('ResourcePolicy', 'resource')],
  'AWS::ECR::Repository': [doc('RepositoryPolicyText', 'resource')],
  'AWS::Logs::ResourcePolicy': [doc('PolicyDocument', 'resource')],
  'AWS::OpenSearchService::Domain': [doc('AccessPolicies', 'resource')],
  'AWS::Elasticsearch::Domain': [doc('AccessPolicies', 'resource')],
  'AWS::EFS::FileSystem': [doc('FileSystemPolicy', 'resource')],
  'AWS::Backup::BackupVault': [doc('AccessPolicy', 'resource')],
  'AWS::ApiGateway::RestApi': [doc('Policy', 'resource')],
  // SAM: the trust policy and inline statements of the role SAM creates for the function.
  'AWS::Serverless::Function': [doc('AssumeRolePolicyDocument', 'trust'), SAM],
  'AWS::Serverless::StateMachine': [SAM],
}

const NAME_PROPERTY: Readonly<Record<string, string>> = { 'AWS::IAM::Role': 'RoleName', 'AWS::IAM::User': 'UserName', 'AWS::IAM::Group': 'GroupName', 'AWS::IAM::ManagedPolicy': 'ManagedPolicyName', 'AWS::IAM::Policy': 'PolicyName' }

/** True when the value looks like a CloudFormation template. */
export function isTemplate(value: JsonValue): boolean {
  if (!isJsonObject(value)) return false
  if (Object.hasOwn(value, 'AWSTemplateFormatVersion')) return true
  const resources = getMember(value, 'Resources')
  return isJsonObject(resources) && Object.keys(resources).some((k) => {
    const r = resources[k]
    return isJsonObject(r) && typeof getMember(r, 'Type') === 'string'
  })
}

/** What a template holds: its policies, and what it leaves unread (a transform, an unresolved document). */
export function templatePolicies(host: HostDocument): (EmbeddedPolicy | UnknownPolicy)[] {
  const out: (EmbeddedPolicy | UnknownPolicy)[] = []
  if (!isJsonObject(host.value)) return out
  const t = templateParts(host.value)
  out.push(...transformNotes(host, host.value))
  const boundaries = boundaryPolicies(t.resources)
  for (const logicalId of Object.keys(t.resources)) {
    const resource = t.resources[logicalId]
    if (!isJsonObject(resource)) continue
    const type = getMember(resource, 'Type')
    const props = getMember(resource, 'Properties')
    if (typeof type !== 'string' || !isJsonObject(props)) continue
    const sites = SITES[type]
    if (sites === undefined) continue
    const at = childPointer(childPointer('/Resources', logicalId), 'Properties')
    const ignore = metadataIgnores(resource)
    const found: (EmbeddedPolicy | UnknownPolicy)[] = []
    for (const site of sites) {
      if (!Object.hasOwn(props, site.property)) continue
      const kind = site.kind === 'identity' && type === 'AWS::IAM::ManagedPolicy' && boundaries.has(logicalId) ? 'boundary' : site.kind
      found.push(...sitePolicies(host, t, props, at, logicalId, type, { ...site, kind }))
    }
    out.push(...found.map((item) => (ignore.length > 0 && 'input' in item ? { ...item, inSource: ignore } : item)))
  }
  return out
}

/** Managed policies of the template used as a permissions boundary (`PermissionsBoundary: !Ref P`). */
function boundaryPolicies(resources: JsonObject): Set<string> {
  const out = new Set<string>()
  for (const id of Object.keys(resources)) {
    const r = resources[id]
    const props = isJsonObject(r) ? getMember(r, 'Properties') : undefined
    const b = isJsonObject(props) ? getMember(props, 'PermissionsBoundary') : undefined
    const ref = isJsonObject(b) ? getMember(b, 'Ref') : undefined
    if (typeof ref === 'string') out.add(ref)
  }
  return out
}

/** A template-level `Transform` (SAM or a macro): what it generates is not in the template iamtrace reads. */
function transformNotes(host: HostDocument, template: JsonObject): UnknownPolicy[] {
  const transform = getMember(template, 'Transform')
  if (transform === undefined) return []
  const names = (isJsonArray(transform) ? transform : [transform]).map((t) => (typeof t === 'string' ? t : isJsonObject(t) ? String(getMember(t, 'Name') ?? 'a macro') : 'a macro'))
  return names.map((name, i) => {
    const pointer = isJsonArray(transform) ? `/Transform/${i}` : '/Transform'
    const sam = name.startsWith('AWS::Serverless')
    const why = sam
      ? 'SAM creates resources at deployment (roles of functions without AssumeRolePolicyDocument, policy templates); iamtrace reads the trust policies and inline statements written in the template'
      : name === 'AWS::LanguageExtensions'
        ? 'the language extensions rewrite the template at deployment (Fn::ForEach, Fn::Length); iamtrace reads the template as written'
        : 'a macro rewrites the template at deployment; iamtrace reads the template as written'
    const position = host.positionOf(pointer)
    return { name: `Transform ${name}`, hostPointer: pointer, owner: { id: name, type: 'Transform' }, ...(position !== undefined ? { position } : {}), why, unresolved: [{ pointer: '', what: `Transform ${name}`, why, hostPointer: pointer, ...(position !== undefined ? { position } : {}) }] }
  })
}

interface Found {
  readonly key: string
  readonly name: string
  readonly owner: PolicyOwner
  readonly kind: PolicyKind
  readonly built: Built
  readonly hostPointer: string
}

/** The documents of one property, for every assignment of the conditions they meet. */
function sitePolicies(host: HostDocument, t: CfnTemplate, props: JsonObject, at: string, logicalId: string, type: string, site: Site): (EmbeddedPolicy | UnknownPolicy)[] {
  const propertyAt = childPointer(at, site.property)
  const nameProperty = NAME_PROPERTY[type]
  const runs = eachAssignment((assignment, needed) => {
    const s = { assignment, needed, visiting: new Set<string>(), cache: new Map<string, Built>() }
    const value = resolve(t, props[site.property] as JsonValue, propertyAt, s)
    const name = nameProperty === undefined || !Object.hasOwn(props, nameProperty) ? undefined : resolve(t, props[nameProperty] as JsonValue, childPointer(at, nameProperty), s)
    const roleName = name?.k === 'scalar' && name.unresolved.length === 0 && type !== 'AWS::IAM::ManagedPolicy' && type !== 'AWS::IAM::Policy' ? String(name.value) : undefined
    const owner: PolicyOwner = { id: logicalId, type, ...(roleName !== undefined ? { roleName } : {}) }
    return documentsOf(value, site, logicalId, owner, propertyAt)
  })
  const all = runs.map((r) => r.assignment)
  // The same document in several assignments is linted once.
  const groups = new Map<string, { found: Found; assignments: Assignment[] }>()
  for (const run of runs) {
    for (const found of run.value) {
      const m = materialize(found.built)
      const key = `${found.key}\u0000${JSON.stringify(m.value ?? null)}\u0000${unresolvedIn(found.built).map((u) => `${u.at} ${u.what}`).join(',')}`
      const group = groups.get(key)
      if (group === undefined) groups.set(key, { found, assignments: [run.assignment] })
      else group.assignments.push(run.assignment)
    }
  }
  const out: (EmbeddedPolicy | UnknownPolicy)[] = []
  for (const { found, assignments } of groups.values()) {
    const policy = toPolicy(host, found)
    if (policy === undefined) continue
    out.push(all.length > 1 && 'input' in policy ? { ...policy, variant: { site: found.key, assignments, all } } : policy)
  }
  // A document unresolved in several assignments is one note.
  const seen = new Set<string>()
  return out.filter((i) => {
    if ('input' in i) return true
    const key = `${i.hostPointer}\u0000${i.why}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function member(b: Built, key: string): Built | undefined {
  return b.k === 'object' ? b.members.find((m) => m.key === key)?.value : undefined
}

function documentsOf(value: Built, site: Site, logicalId: string, owner: PolicyOwner, propertyAt: string): Found[] {
  const one = (built: Built, key: string, name: string, o: PolicyOwner, hostPointer: string): Found => ({ key, name, owner: o, kind: site.kind, built, hostPointer })
  if (site.shape === 'document') return value.k === 'none' ? [] : [one(value, propertyAt, logicalId, owner, propertyAt)]
  if (value.k === 'unknown') return [one(value, propertyAt, `${logicalId}/${site.property}`, owner, propertyAt)]
  const entries = value.k === 'list' ? value.items : site.shape === 'sam' && value.k !== 'none' ? [value] : []
  const out: Found[] = []
  entries.forEach((entry, i) => {
    if (entry.k === 'none') return
    if (site.shape === 'inline') {
      const document = member(entry, 'PolicyDocument')
      const policyName = member(entry, 'PolicyName')
      const label = policyName?.k === 'scalar' && policyName.unresolved.length === 0 ? String(policyName.value) : String(i)
      const o = { ...owner, ...(label !== String(i) ? { policyName: label } : {}) }
      if (entry.k === 'unknown') out.push(one(entry, `${propertyAt}/${i}`, `${logicalId}/${i}`, o, entry.at))
      else if (document !== undefined) out.push(one(document, `${propertyAt}/${label}`, `${logicalId}/${label}`, o, document.at))
      return
    }
    // SAM `Policies`: a managed policy name or ARN (not a document), a document, or a policy template.
    if (entry.k === 'scalar') return
    if (entry.k === 'object' && member(entry, 'Statement') !== undefined) out.push(one(entry, `${propertyAt}/${i}`, `${logicalId}/${i}`, owner, entry.at))
    else if (entry.k === 'object' && entry.members.length === 1) {
      const template = entry.members[0]?.key ?? ''
      out.push(one({ k: 'unknown', at: entry.at, unresolved: [{ at: entry.at, what: `SAM policy template ${template}`, why: 'SAM expands policy templates at deployment' }] }, `${propertyAt}/${i}`, `${logicalId}/${template}`, owner, entry.at))
    } else out.push(one(entry, `${propertyAt}/${i}`, `${logicalId}/${i}`, owner, entry.at))
  })
  return out
}

function note(host: HostDocument, pointer: string, u: Unresolved): UnresolvedNote {
  const position = host.positionOf(u.at)
  return { pointer, what: u.what, why: u.why, hostPointer: u.at, ...(position !== undefined ? { position } : {}) }
}

/** A resolved document as a policy to lint, or the note saying why it cannot be read. */
function toPolicy(host: HostDocument, found: Found): EmbeddedPolicy | UnknownPolicy | undefined {
  const { built, name, owner, kind, hostPointer } = found
  const base = { name, hostPointer, ownAccount: STACK_ACCOUNT, owner }
  if (built.k === 'none') return undefined
  if (built.k === 'unknown' || built.k === 'list' || (built.k === 'scalar' && typeof built.value !== 'string')) {
    const unresolved = unresolvedIn(built)
    const why = unresolved.length > 0 ? `the document is unresolved: ${unresolved.map((u) => `\`${u.what}\` (${u.why})`).join('; ')}` : 'the document is not an object or JSON text'
    const position = host.positionOf(built.at)
    return { ...base, hostPointer: built.at, ...(position !== undefined ? { position } : {}), why, unresolved: unresolved.map((u) => note(host, '', u)) }
  }
  if (built.k === 'scalar') {
    const text = String(built.value)
    // Written out as JSON text in the template: positions point into the string.
    if (built.unresolved.length === 0 && host.stringSpan(built.at) !== undefined && valueAt(host.value, built.at) === text) return { ...embed(host, built.at, text, name, kind, STACK_ACCOUNT), owner }
    const read = readJsonText(text)
    if (read.document === undefined) {
      const unresolved = built.unresolved.map((u) => note(host, '', u))
      const position = host.positionOf(built.at)
      return { ...base, hostPointer: built.at, ...(position !== undefined ? { position } : {}), why: unresolved.length > 0 ? `the document text is unresolved: ${unresolved.map((u) => `\`${u.what}\` (${u.why})`).join('; ')}` : 'the document text is not JSON', unresolved }
    }
    const unknownPointers = pointersWithUnknown(read.document.value)
    const [first] = [...unknownPointers]
    const position = host.positionOf(built.at)
    return {
      ...base,
      kind: kind ?? detectKind(read.document.value),
      input: read.document.value,
      unknownPointers,
      locate: () => position,
      mapPointer: () => built.at,
      unresolved: built.unresolved.map((u) => note(host, first ?? '', u)),
    }
  }
  const m = materialize(built)
  const value = m.value ?? null
  return {
    ...base,
    kind,
    input: value,
    unknownPointers: m.unknown,
    locate: (pointer) => host.positionOf(originNear(m.origins, pointer) ?? hostPointer) ?? host.positionOf(hostPointer),
    mapPointer: (pointer) => originNear(m.origins, pointer) ?? hostPointer,
    unresolved: m.unresolved.map((u) => note(host, u.pointer, u.unresolved)),
  }
}

/** The value at a JSON pointer of the host (own keys only). */
function valueAt(root: JsonValue, pointer: string): JsonValue | undefined {
  let node: JsonValue | undefined = root
  for (const token of pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (isJsonArray(node)) node = node[Number(token)]
    else if (isJsonObject(node)) node = getMember(node, token)
    else return undefined
  }
  return node
}

/**
 * In-template suppressions: `Metadata: { iamtrace: { ignore: [{ id: RULE, reason: TEXT }] } }` on a resource
 * (the convention cfn_nag and checkov use for their own rules).
 */
function metadataIgnores(resource: JsonObject): { rule: string; reason: string }[] {
  const metadata = getMember(resource, 'Metadata')
  const own = isJsonObject(metadata) ? getMember(metadata, 'iamtrace') : undefined
  const list = isJsonObject(own) ? getMember(own, 'ignore') : undefined
  if (!isJsonArray(list)) return []
  return list.flatMap((entry) => {
    if (!isJsonObject(entry)) return []
    const rule = getMember(entry, 'id') ?? getMember(entry, 'rule')
    const reason = getMember(entry, 'reason')
    return typeof rule === 'string' ? [{ rule, reason: typeof reason === 'string' ? reason : '' }] : []
  })
}
