/**
 * `Principal` / `NotPrincipal`: the bare string `"*"`, or a map from `AWS`, `Service`, `Federated`,
 * `CanonicalUser` to a value or list of values.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { childPointer } from '../diagnostics.js'
import { isJsonArray, isJsonObject, jsonTypeName, type JsonContainer, type JsonValue } from '../json/jsonValue.js'
import { classifyPrincipal } from './classifyPrincipal.js'
import { quote, type ParseContext } from './parseContext.js'
import type { PrincipalElement, PrincipalEntry, PrincipalType } from './types.js'

const PRINCIPAL_TYPES: ReadonlySet<string> = new Set<PrincipalType>(['AWS', 'Service', 'Federated', 'CanonicalUser'])

/** Parses a principal element, the member `key` of `parent`; undefined when its shape is unusable (a diagnostic was reported). */
export function parsePrincipal(
  ctx: ParseContext,
  value: JsonValue | undefined,
  pointer: string,
  kind: PrincipalElement['kind'],
  parent: JsonContainer,
  key: string,
): PrincipalElement | undefined {
  const base = { ...ctx.located(pointer, parent, key), kind }
  if (typeof value === 'string') {
    if (value === '*') return { ...base, bareWildcard: true, entries: [] }
    ctx.report('principal.invalid-value', pointer, `${quote(value)} is not a principal; write \`"*"\` or a map such as \`{"AWS": ...}\``)
    // Kept as an unreadable entry, not dropped: evaluation then fails closed on it (an Allow never
    // grants, a Deny applies) wherever the statement is evaluated, identity-style policies included.
    return { ...base, bareWildcard: false, entries: [{ ...ctx.located(pointer, parent, key), type: 'AWS', value, form: 'invalid' }] }
  }
  if (isJsonArray(value) && value.length === 0) {
    // AWS: an empty principal matches nothing, so the statement has no effect.
    ctx.report('policy.empty-array', pointer, 'the principal is empty and matches nothing')
    return { ...base, bareWildcard: false, entries: [] }
  }
  if (!isJsonObject(value)) {
    ctx.report('policy.wrong-type', pointer, `a principal is \`"*"\` or an object, not ${jsonTypeName(value)}`)
    return undefined
  }
  const keys = Object.keys(value)
  if (keys.length === 0) ctx.report('policy.empty-array', pointer, 'the principal map is empty and matches nothing')
  const entries: PrincipalEntry[] = []
  for (const typeKey of keys) {
    const keyPointer = childPointer(pointer, typeKey)
    if (!PRINCIPAL_TYPES.has(typeKey)) {
      ctx.report('principal.invalid-key', keyPointer, `${quote(typeKey)} is not a principal type; use AWS, Service, Federated or CanonicalUser`)
      continue
    }
    const type = typeKey as PrincipalType
    const raw = value[typeKey]
    const items: { value: JsonValue | undefined; pointer: string; parent: JsonContainer; key: string | number }[] = isJsonArray(raw)
      ? raw.map((v, i) => ({ value: v, pointer: childPointer(keyPointer, i), parent: raw, key: i }))
      : [{ value: raw, pointer: keyPointer, parent: value, key: typeKey }]
    if (isJsonArray(raw) && raw.length === 0) ctx.report('policy.empty-array', keyPointer, `the ${type} principal list is empty`)
    for (const item of items) {
      const text = ctx.scalarText(item.value, item.parent, item.key)
      if (text === undefined) {
        ctx.report('policy.wrong-type', item.pointer, `a principal value is a string, not ${jsonTypeName(item.value)}`)
          continue
      }
      const found = classifyPrincipal(type, text)
      if (found.problem !== undefined) {
        ctx.report(found.problem.code, item.pointer, `${quote(text)}: ${found.problem.message}`)
      }
      // Federated principals are valid only in role trust policies (validateKind reports the error); in any
      // other resource policy the entry is unreadable, so evaluation fails closed on it.
      const form = type === 'Federated' && ctx.kind === 'resource' ? 'invalid' : found.form
      const entry: PrincipalEntry = { ...ctx.located(item.pointer, item.parent, item.key), type, value: text, form }
      entries.push({ ...entry, ...(found.account !== undefined ? { account: found.account } : {}), ...(found.arn !== undefined && form !== 'invalid' ? { arn: found.arn } : {}) })
    }
  }
  return { ...base, bareWildcard: false, entries }
}
