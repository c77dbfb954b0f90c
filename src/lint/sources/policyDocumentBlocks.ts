/**
 * Rebuilds the policy of a `data.aws_iam_policy_document` from its statement blocks when the rendered
 * `json` is known only after apply but the blocks are known. Each element of the rebuilt policy remembers
 * the plan pointer of the block it came from, so findings point at the block in the plan.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 */
import { childPointer } from '../../diagnostics.js'
import { getMember, isJsonArray, isJsonObject, newJsonObject, type JsonObject, type JsonValue } from '../../json/jsonValue.js'

/** A rebuilt document and, per policy pointer, the plan pointer it came from. */
export interface RebuiltDocument {
  readonly document: JsonObject
  readonly origins: ReadonlyMap<string, string>
}

function strings(value: JsonValue | undefined): string[] | undefined {
  if (!isJsonArray(value)) return undefined
  const out = value.filter((v): v is string => typeof v === 'string')
  return out.length === value.length && out.length > 0 ? out : undefined
}

/**
 * The document, or undefined when it cannot be rebuilt faithfully (source or override documents to merge,
 * no statements, or blocks of an unexpected shape).
 */
export function rebuildPolicyDocument(values: JsonObject, valuesPointer: string): RebuiltDocument | undefined {
  for (const merged of ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']) {
    const v = getMember(values, merged)
    if ((isJsonArray(v) && v.length > 0) || (typeof v === 'string' && v !== '')) return undefined
  }
  const blocks = getMember(values, 'statement')
  if (!isJsonArray(blocks) || blocks.length === 0) return undefined
  const origins = new Map<string, string>()
  const statements: JsonValue[] = []
  const document = newJsonObject()
  const version = getMember(values, 'version')
  document['Version'] = typeof version === 'string' && version !== '' ? version : '2012-10-17'
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]
    if (!isJsonObject(block)) return undefined
    const at = childPointer(childPointer(valuesPointer, 'statement'), i)
    const sp = `/Statement/${i}`
    origins.set(sp, at)
    const statement = newJsonObject()
    const sid = getMember(block, 'sid')
    if (typeof sid === 'string' && sid !== '') {
      statement['Sid'] = sid
      origins.set(`${sp}/Sid`, `${at}/sid`)
    }
    const effect = getMember(block, 'effect')
    statement['Effect'] = typeof effect === 'string' && effect !== '' ? effect : 'Allow'
    origins.set(`${sp}/Effect`, `${at}/effect`)
    for (const [tf, iam] of [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']] as const) {
      const list = strings(getMember(block, tf))
      if (list === undefined) continue
      statement[iam] = list
      origins.set(`${sp}/${iam}`, `${at}/${tf}`)
      list.forEach((_, k) => origins.set(`${sp}/${iam}/${k}`, `${at}/${tf}/${k}`))
    }
    for (const [tf, iam] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
      const principals = getMember(block, tf)
      if (!isJsonArray(principals) || principals.length === 0) continue
      const map = newJsonObject()
      origins.set(`${sp}/${iam}`, `${at}/${tf}`)
      for (let j = 0; j < principals.length; j++) {
        const p = principals[j]
        const type = isJsonObject(p) ? getMember(p, 'type') : undefined
        const ids = isJsonObject(p) ? strings(getMember(p, 'identifiers')) : undefined
        if (typeof type !== 'string' || ids === undefined) return undefined
        if (type === '*') {
          statement[iam] = '*'
          continue
        }
        const existing = map[type]
        const list = isJsonArray(existing) ? [...(existing as string[])] : []
        const typePointer = childPointer(`${sp}/${iam}`, type)
        if (!origins.has(typePointer)) origins.set(typePointer, `${at}/${tf}/${j}`)
        ids.forEach((id, k) => {
          origins.set(childPointer(typePointer, list.length), `${at}/${tf}/${j}/identifiers/${k}`)
          list.push(id)
        })
        map[type] = list
      }
      if (statement[iam] !== '*') statement[iam] = map
    }
    const conditions = getMember(block, 'condition')
    if (isJsonArray(conditions) && conditions.length > 0) {
      const condition = newJsonObject()
      origins.set(`${sp}/Condition`, `${at}/condition`)
      for (let k = 0; k < conditions.length; k++) {
        const c = conditions[k]
        const test = isJsonObject(c) ? getMember(c, 'test') : undefined
        const variable = isJsonObject(c) ? getMember(c, 'variable') : undefined
        const vals = isJsonObject(c) ? strings(getMember(c, 'values')) : undefined
        if (typeof test !== 'string' || typeof variable !== 'string' || vals === undefined) return undefined
        const operator = isJsonObject(condition[test]) ? (condition[test] as JsonObject) : newJsonObject()
        const opPointer = childPointer(`${sp}/Condition`, test)
        if (!origins.has(opPointer)) origins.set(opPointer, `${at}/condition/${k}`)
        const keyPointer = childPointer(opPointer, variable)
        origins.set(keyPointer, `${at}/condition/${k}`)
        vals.forEach((_, n) => origins.set(childPointer(keyPointer, n), `${at}/condition/${k}/values/${n}`))
        ;(operator as Record<string, JsonValue>)[variable] = vals
        condition[test] = operator
      }
      statement['Condition'] = condition
    }
    statements.push(statement)
  }
  document['Statement'] = statements
  return { document, origins }
}

/** The plan pointer for a policy pointer: the nearest ancestor that has an origin. */
export function originOf(origins: ReadonlyMap<string, string>, pointer: string, fallback: string): string {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = origins.get(p)
    if (found !== undefined) return found
    if (p === '') return fallback
  }
}
