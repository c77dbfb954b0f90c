/**
 * The policy of a `data "aws_iam_policy_document"` block, built from its `statement` blocks (and
 * `dynamic "statement"` blocks over known collections), merged with `source_policy_documents` and
 * `override_policy_documents` as the provider merges them. Every element keeps the origin of the block or
 * attribute it came from, so findings point at the `.tf` line.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 */
import { scalar, unknown, type Built, type BuiltMember, type Origin } from './built.js'
import type { HclBlock, HclBody, HclExpression } from './hclSyntax.js'
import { originAt, type TfEvaluator, type TfFile, type TfResource } from './terraformEval.js'

type Scope = ReadonlyMap<string, Built>

/** Blocks of `type` in a body, `dynamic "type"` blocks expanded over their known `for_each`. */
function blocksOf(ev: TfEvaluator, body: HclBody, file: TfFile, type: string, scope: Scope): ({ body: HclBody; scope: Scope; at: Origin } | { unknown: Built })[] {
  const out: ({ body: HclBody; scope: Scope; at: Origin } | { unknown: Built })[] = []
  for (const b of body.blocks) {
    if (b.type === type) out.push({ body: b.body, scope, at: originAt(file, b.from) })
    else if (b.type === 'dynamic' && b.labels[0] === type) out.push(...dynamicBlocks(ev, b, file, type, scope))
  }
  return out
}

/** https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks */
function dynamicBlocks(ev: TfEvaluator, b: HclBlock, file: TfFile, type: string, scope: Scope): ({ body: HclBody; scope: Scope; at: Origin } | { unknown: Built })[] {
  const at = originAt(file, b.from)
  const forEach = b.body.attributes.find((a) => a.name === 'for_each')
  const content = b.body.blocks.find((c) => c.type === 'content')
  if (forEach === undefined || content === undefined) return [{ unknown: unknown(at, `dynamic "${type}"`, 'it has no for_each or content') }]
  const collection = ev.evaluate(forEach.value, file, scope)
  const iteratorAttr = b.body.attributes.find((a) => a.name === 'iterator')
  const iterator = iteratorAttr?.value.kind === 'variable' ? iteratorAttr.value.name : type
  const entries = collection.k === 'list' ? collection.items.map((v, i) => [scalar(i, at), v] as const) : collection.k === 'object' ? collection.members.map((m) => [scalar(m.key, m.keyAt), m.value] as const) : undefined
  // No blocks only because of the variables' defaults: what the caller passes is not known.
  if (entries !== undefined && entries.length === 0 && /\b(var|local)\./.test(ev.source(file, forEach.value))) {
    return [{ unknown: unknown(at, ev.source(file, forEach.value), `it makes no \`${type}\` block with the variables' defaults; the blocks a caller's values make are not read`) }]
  }
  if (entries === undefined) {
    const unresolved = collection.k === 'unknown' || collection.k === 'scalar' ? collection.unresolved : []
    return [{ unknown: { k: 'unknown', at, unresolved: unresolved.length > 0 ? unresolved.map((u) => ({ ...u, why: `${u.why}; the \`dynamic "${type}"\` blocks it makes are not read` })) : [{ at, what: ev.source(file, forEach.value), why: `for_each is not a collection; the \`dynamic "${type}"\` blocks it makes are not read` }] } }]
  }
  return entries.map(([key, value]) => {
    const inner = new Map(scope)
    inner.set(iterator, { k: 'object', members: [{ key: 'key', keyAt: at, value: key }, { key: 'value', keyAt: at, value }], at })
    return { body: content.body, scope: inner, at: originAt(file, content.from) }
  })
}

function attr(ev: TfEvaluator, body: HclBody, file: TfFile, name: string, scope: Scope): { value: Built; keyAt: Origin } | undefined {
  const a = body.attributes.find((x) => x.name === name)
  return a === undefined ? undefined : { value: ev.evaluate(a.value, file, scope), keyAt: originAt(file, a.from) }
}

const absent = (b: Built): boolean => b.k === 'none' || (b.k === 'scalar' && (b.value === null || b.value === '')) || (b.k === 'list' && b.items.length === 0)

/** Principals blocks → `{"AWS": [...], "Service": [...]}` or `"*"`. */
function principals(ev: TfEvaluator, body: HclBody, file: TfFile, blockType: string, scope: Scope): Built | undefined {
  const blocks = blocksOf(ev, body, file, blockType, scope)
  if (blocks.length === 0) return undefined
  const byType = new Map<string, { keyAt: Origin; items: Built[] }>()
  let at: Origin = ''
  for (const b of blocks) {
    if ('unknown' in b) return b.unknown
    at = at === '' ? b.at : at
    const type = attr(ev, b.body, file, 'type', b.scope)
    const ids = attr(ev, b.body, file, 'identifiers', b.scope)
    if (type === undefined || ids === undefined) continue
    if (type.value.k !== 'scalar' || type.value.unresolved.length > 0) return { k: 'unknown', at: b.at, unresolved: type.value.k === 'scalar' || type.value.k === 'unknown' ? type.value.unresolved : [] }
    // `type = "*"` renders `"Principal": "*"`.
    if (type.value.value === '*') return scalar('*', type.keyAt)
    const key = String(type.value.value)
    const entry = byType.get(key) ?? { keyAt: type.keyAt, items: [] }
    if (ids.value.k === 'list') entry.items.push(...ids.value.items)
    else entry.items.push(ids.value)
    byType.set(key, entry)
  }
  return { k: 'object', members: [...byType].map(([key, e]) => ({ key, keyAt: e.keyAt, value: { k: 'list', items: e.items, at: e.keyAt } })), at }
}

/** Condition blocks → `{"StringEquals": {"key": [...]}}`. */
function conditions(ev: TfEvaluator, body: HclBody, file: TfFile, scope: Scope): Built | undefined {
  const blocks = blocksOf(ev, body, file, 'condition', scope)
  if (blocks.length === 0) return undefined
  const ops = new Map<string, { keyAt: Origin; keys: BuiltMember[] }>()
  let at: Origin = ''
  for (const b of blocks) {
    if ('unknown' in b) return b.unknown
    at = at === '' ? b.at : at
    const test = attr(ev, b.body, file, 'test', b.scope)
    const variable = attr(ev, b.body, file, 'variable', b.scope)
    const values = attr(ev, b.body, file, 'values', b.scope)
    if (test === undefined || variable === undefined || values === undefined) continue
    for (const part of [test.value, variable.value]) {
      if (part.k !== 'scalar' || part.unresolved.length > 0) return { k: 'unknown', at: b.at, unresolved: part.k === 'scalar' || part.k === 'unknown' ? part.unresolved : [] }
    }
    const op = String((test.value as { value: unknown }).value)
    const entry = ops.get(op) ?? { keyAt: test.keyAt, keys: [] }
    entry.keys.push({ key: String((variable.value as { value: unknown }).value), keyAt: variable.keyAt, value: values.value })
    ops.set(op, entry)
  }
  return { k: 'object', members: [...ops].map(([key, e]) => ({ key, keyAt: e.keyAt, value: { k: 'object', members: e.keys, at: e.keyAt } })), at }
}

function statement(ev: TfEvaluator, body: HclBody, file: TfFile, scope: Scope, at: Origin): Built {
  const members: BuiltMember[] = []
  const put = (key: string, v: { value: Built; keyAt: Origin } | undefined): void => {
    if (v !== undefined && !absent(v.value)) members.push({ key, keyAt: v.keyAt, value: v.value })
  }
  put('Sid', attr(ev, body, file, 'sid', scope))
  put('Effect', attr(ev, body, file, 'effect', scope) ?? { value: scalar('Allow', at), keyAt: at })
  for (const [tf, iam] of [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']] as const) put(iam, attr(ev, body, file, tf, scope))
  for (const [tf, iam] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const p = principals(ev, body, file, tf, scope)
    if (p !== undefined) members.push({ key: iam, keyAt: p.at, value: p })
  }
  const c = conditions(ev, body, file, scope)
  if (c !== undefined) members.push({ key: 'Condition', keyAt: c.at, value: c })
  return { k: 'object', members, at }
}

function sidOf(s: Built): string | undefined {
  const sid = s.k === 'object' ? s.members.find((m) => m.key === 'Sid')?.value : undefined
  return sid?.k === 'scalar' && sid.unresolved.length === 0 && sid.value !== '' && sid.value !== null ? String(sid.value) : undefined
}

function statementsOf(doc: Built): readonly Built[] | undefined {
  const s = doc.k === 'object' ? doc.members.find((m) => m.key === 'Statement')?.value : undefined
  if (s === undefined) return undefined
  return s.k === 'list' ? s.items : [s]
}

/**
 * Other documents merged in: each a data source (by reference) or JSON text; a document iamtrace cannot
 * read makes the merged policy unknown, never silently smaller.
 */
function mergedDocuments(ev: TfEvaluator, resource: TfResource, name: string, documentOf: (address: string) => Built | undefined): Built[] | undefined {
  const a = resource.block.body.attributes.find((x) => x.name === name)
  if (a === undefined) return undefined
  const at = originAt(resource.file, a.from)
  const list = a.value.kind === 'tuple' ? a.value.items : undefined
  if (list === undefined) {
    // Not written out: its evaluated documents, or one unknown document standing for them.
    const value = ev.evaluate(a.value, resource.file)
    if (value.k === 'list') return value.items.map((v) => (v.k === 'scalar' && v.unresolved.length === 0 ? fromText(String(v.value), v.at) : v.k === 'object' ? v : { k: 'unknown' as const, at: v.at, unresolved: v.k === 'unknown' || v.k === 'scalar' ? v.unresolved : [] }))
    const unresolved = value.k === 'unknown' || value.k === 'scalar' ? value.unresolved : []
    return [{ k: 'unknown', at, unresolved: unresolved.length > 0 ? unresolved : [{ at, what: ev.source(resource.file, a.value), why: `\`${name}\` is not a list of documents` }] }]
  }
  return list.map((item) => {
    const ref = dataReference(item)
    const doc = ref === undefined ? undefined : documentOf(ref)
    if (doc !== undefined) return doc
    const value = ev.evaluate(item, resource.file)
    return value.k === 'scalar' && value.unresolved.length === 0 ? fromText(String(value.value), originAt(resource.file, item.from)) : { k: 'unknown' as const, at: originAt(resource.file, item.from), unresolved: value.k === 'unknown' || value.k === 'scalar' ? value.unresolved : [{ at, what: ev.source(resource.file, item), why: 'not a policy document' }] }
  })
}

function fromText(text: string, at: Origin): Built {
  try {
    return toBuilt(JSON.parse(text) as unknown, at)
  } catch {
    return unknown(at, 'a merged policy document', 'it is not JSON text')
  }
}

function toBuilt(v: unknown, at: Origin): Built {
  if (Array.isArray(v)) return { k: 'list', items: v.map((x) => toBuilt(x, at)), at }
  if (v !== null && typeof v === 'object') return { k: 'object', members: Object.entries(v).map(([key, value]) => ({ key, keyAt: at, value: toBuilt(value, at) })), at }
  return scalar(v as string | number | boolean | null, at)
}

/** `data.aws_iam_policy_document.NAME.json` (or `minified_json`) → the data source's address. */
export function dataReference(e: HclExpression): string | undefined {
  const names: string[] = []
  let x = e
  while (x.kind === 'getattr' || x.kind === 'index') {
    if (x.kind === 'getattr') names.unshift(x.name)
    x = x.target
  }
  if (x.kind !== 'variable' || x.name !== 'data' || names[0] !== 'aws_iam_policy_document' || names.length !== 3) return undefined
  return names[2] === 'json' || names[2] === 'minified_json' ? `data.aws_iam_policy_document.${names[1]}` : undefined
}

/** Builds the policy of a data source; `documentOf` gives other data sources' policies (for merging). */
export function policyDocument(ev: TfEvaluator, resource: TfResource, documentOf: (address: string) => Built | undefined): Built {
  const { body } = resource.block
  const file = resource.file
  const at = originAt(file, resource.block.from)
  const items: Built[] = []
  for (const b of blocksOf(ev, body, file, 'statement', new Map())) items.push('unknown' in b ? b.unknown : statement(ev, b.body, file, b.scope, b.at))
  const sources = mergedDocuments(ev, resource, 'source_policy_documents', documentOf)
  const overrides = mergedDocuments(ev, resource, 'override_policy_documents', documentOf)
  const merged: Built[] = []
  // A statement with the Sid of an earlier one replaces it in place; others are appended.
  const place = (s: Built): void => {
    const sid = sidOf(s)
    const i = sid === undefined ? -1 : merged.findIndex((x) => sidOf(x) === sid)
    if (i >= 0) merged[i] = s
    else merged.push(s)
  }
  // A merged document iamtrace cannot read stays in the policy as an unknown statement: the known
  // statements are still linted, and the note names what was not read.
  const merge = (docs: readonly Built[] | undefined): void => {
    for (const doc of docs ?? []) {
      const list = statementsOf(doc)
      if (list === undefined) merged.push(doc.k === 'unknown' ? doc : unknown(doc.at, 'a merged policy document', 'it has no Statement'))
      else for (const s of list) place(s)
    }
  }
  merge(sources as Built[] | undefined)
  for (const s of items) place(s)
  merge(overrides as Built[] | undefined)
  const version = attr(ev, body, file, 'version', new Map())
  const id = attr(ev, body, file, 'policy_id', new Map())
  const members: BuiltMember[] = [{ key: 'Version', keyAt: version?.keyAt ?? at, value: version?.value ?? scalar('2012-10-17', at) }]
  if (id !== undefined) members.push({ key: 'Id', keyAt: id.keyAt, value: id.value })
  members.push({ key: 'Statement', keyAt: at, value: { k: 'list', items: merged, at } })
  return { k: 'object', members, at }
}
