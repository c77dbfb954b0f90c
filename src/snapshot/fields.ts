/**
 * Typed field access on snapshot JSON, reporting a missing or mistyped field with its pointer.
 */
import { childPointer, diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { getMember, isJsonArray, isJsonObject } from '../json/jsonValue.js'
import type { JsonArray, JsonDocument, JsonObject, JsonValue } from '../json/jsonValue.js'
import type { Tag } from './types.js'

/** A JSON object with its pointer in a file. */
export interface Node {
  readonly value: JsonObject
  readonly pointer: string
}

/** Reading state for one file. */
export class FileReader {
  constructor(
    readonly file: string,
    readonly doc: JsonDocument,
    readonly out: Diagnostic[],
  ) {}

  report(pointer: string, message: string, code: 'snapshot.invalid-field' | 'snapshot.no-account' = 'snapshot.invalid-field'): void {
    const position = this.doc.positionOf(pointer)
    this.out.push(diagnostic(code, pointer, message, { file: this.file, ...(position !== undefined ? { position } : {}) }))
  }

  /** A string field; reports it when `required` and missing or not a string. */
  string(node: Node, key: string, required = true): string | undefined {
    const v = getMember(node.value, key)
    if (typeof v === 'string') return v
    if (required || v !== undefined) this.report(childPointer(node.pointer, key), `\`${key}\` should be a string`)
    return undefined
  }

  /** The objects of an array field (absent: empty); non-objects are reported and skipped. */
  objects(node: Node, key: string): Node[] {
    const v = getMember(node.value, key)
    if (v === undefined || v === null) return []
    const pointer = childPointer(node.pointer, key)
    if (!isJsonArray(v)) {
      this.report(pointer, `\`${key}\` should be an array`)
      return []
    }
    const out: Node[] = []
    v.forEach((item, i) => {
      if (isJsonObject(item)) out.push({ value: item, pointer: childPointer(pointer, i) })
      else this.report(childPointer(pointer, i), `an item of \`${key}\` should be an object`)
    })
    return out
  }

  /** The strings of an array field (absent: empty). */
  strings(node: Node, key: string): string[] {
    const v = getMember(node.value, key)
    if (v === undefined || v === null) return []
    if (!isJsonArray(v)) {
      this.report(childPointer(node.pointer, key), `\`${key}\` should be an array of strings`)
      return []
    }
    return (v as JsonArray).filter((x): x is string => typeof x === 'string')
  }

  /** An object field, or undefined. */
  object(node: Node, key: string): Node | undefined {
    const v = getMember(node.value, key)
    if (v === undefined || v === null) return undefined
    if (!isJsonObject(v)) {
      this.report(childPointer(node.pointer, key), `\`${key}\` should be an object`)
      return undefined
    }
    return { value: v, pointer: childPointer(node.pointer, key) }
  }

  /** `Tags: [{Key, Value}]` → lowercased key → tag. */
  tags(node: Node): Map<string, Tag> {
    const tags = new Map<string, Tag>()
    for (const t of this.objects(node, 'Tags')) {
      const key = this.string(t, 'Key')
      const value = getMember(t.value, 'Value')
      if (key !== undefined && typeof value === 'string') tags.set(key.toLowerCase(), { key, value })
    }
    return tags
  }
}

/** A member that may be a policy document: object or (URL-encoded) string. */
export function documentMember(node: Node, key: string): JsonValue | undefined {
  const v = getMember(node.value, key)
  return v === null ? undefined : v
}
