/**
 * The JSON value model shared by the reader and the policy parser. Objects are null-prototype records,
 * so keys such as `__proto__`, `constructor` and `prototype` are ordinary data and never reach
 * `Object.prototype`.
 */
import type { SourcePosition } from '../diagnostics.js'

/**
 * A JSON value. Objects have a null prototype; numbers keep their written text in {@link JsonDocument.numberTextOf}.
 *
 * @example
 * const r = parseJsonText('{"Statement": []}')
 * if (r.ok) { const v: JsonValue = r.value.value }
 */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject

/**
 * A JSON array.
 *
 * @example
 * const list: JsonArray = ['s3:GetObject', 's3:PutObject']
 */
export type JsonArray = readonly JsonValue[]

/**
 * A JSON object: a null-prototype record.
 *
 * @example
 * const r = parseJsonText('{"__proto__": 1}')
 * if (r.ok) Object.getPrototypeOf(r.value.value as JsonObject) // null
 */
export interface JsonObject {
  readonly [key: string]: JsonValue
}

/**
 * A read JSON document: the value plus source positions when it came from text.
 *
 * @example
 * const r = parseJsonText('{\n  "Statement": []\n}')
 * if (r.ok) r.value.positionOf('/Statement') // { line: 2, column: 3 }
 */
export interface JsonDocument {
  readonly value: JsonValue
  /**
   * Where the node at `pointer` starts: for an object member, its key; otherwise the value. Undefined
   * when the document was not read from text or the pointer names no node.
   */
  positionOf(pointer: string): SourcePosition | undefined
  /** A number exactly as written in the text (e.g. `1.50`), or undefined when not read from text. */
  numberTextOf(pointer: string): string | undefined
  /** Like {@link JsonDocument.positionOf} for the member `key` or item `key` of `parent`, a container of this document. */
  positionAt(parent: JsonContainer, key: string | number): SourcePosition | undefined
  /** Like {@link JsonDocument.numberTextOf} for the member `key` or item `key` of `parent`. */
  numberTextAt(parent: JsonContainer, key: string | number): string | undefined
  /**
   * `false` when the document was read from text and no key or string holds a character outside
   * TAB, LF, CR and U+0020–U+00FF (the characters IAM accepts); otherwise unknown (check the value).
   */
  readonly outsideIamRange?: boolean
}

/**
 * An array or an object of a document.
 *
 * @example
 * const parents: JsonContainer[] = [['a'], { a: 1 }]
 */
export type JsonContainer = JsonArray | JsonObject

/**
 * Limits applied while reading.
 *
 * @example
 * parseJsonText(text, { maxDepth: 32, maxLength: 1024 * 1024 })
 */
export interface JsonReadOptions {
  /** Maximum nesting of arrays and objects (default 64). */
  readonly maxDepth?: number
  /** Maximum length of the text in UTF-16 code units (default 2 MiB). */
  readonly maxLength?: number
}

/** Default nesting limit: policies nest about six levels deep. */
export const DEFAULT_MAX_DEPTH = 64
/** Default length limit; IAM's own policy limits are far smaller (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const DEFAULT_MAX_LENGTH = 2 * 1024 * 1024

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True for a JSON array. */
export function isJsonArray(value: JsonValue | undefined): value is JsonArray {
  return Array.isArray(value)
}

/** Own-key lookup that never consults a prototype. */
export function getMember(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined
}

/** Creates an empty null-prototype object to fill while reading. */
export function newJsonObject(): Record<string, JsonValue> {
  return Object.create(null) as Record<string, JsonValue>
}

/** A document with no source positions (for values handed in as JavaScript objects). */
export function documentWithoutPositions(value: JsonValue): JsonDocument {
  return { value, positionOf: () => undefined, numberTextOf: () => undefined, positionAt: () => undefined, numberTextAt: () => undefined }
}

/**
 * The part of `doc` at `pointer` (whose value is `value`) as a document of its own: its pointers are
 * relative to `value`, its positions those of the whole text. Nodes are shared, so lookups by node pass
 * straight through.
 */
export function documentWithin(doc: JsonDocument, pointer: string, value: JsonValue): JsonDocument {
  return {
    value,
    positionOf: (p) => (p === '' ? doc.positionOf(pointer) : locateByPointer(value, p, doc.positionAt, () => undefined)),
    numberTextOf: (p) => (p === '' ? doc.numberTextOf(pointer) : locateByPointer(value, p, doc.numberTextAt, () => undefined)),
    positionAt: doc.positionAt,
    numberTextAt: doc.numberTextAt,
    // A part of a document holds no character the whole does not.
    ...(doc.outsideIamRange === false ? { outsideIamRange: false } : {}),
  }
}

const INDEX = /^(?:0|[1-9][0-9]*)$/
const BAD_ESCAPE = /~(?![01])/

/**
 * Resolves a JSON pointer (RFC 6901) against `root` to its parent and key, and answers `at(parent, key)`,
 * or `atRoot()` for the empty pointer. Undefined when the pointer names no node.
 */
export function locateByPointer<T>(root: JsonValue, pointer: string, at: (parent: JsonContainer, key: string | number) => T | undefined, atRoot: () => T | undefined): T | undefined {
  if (pointer === '') return atRoot()
  if (pointer.charCodeAt(0) !== 47 /* / */) return undefined
  const tokens = pointer.slice(1).split('/')
  let node: JsonValue = root
  for (let t = 0; t < tokens.length; t++) {
    const raw = tokens[t] as string
    if (BAD_ESCAPE.test(raw)) return undefined
    const token = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw
    let key: string | number
    let child: JsonValue | undefined
    if (Array.isArray(node)) {
      if (!INDEX.test(token)) return undefined
      key = Number(token)
      child = (node as JsonArray)[key]
    } else if (isJsonObject(node)) {
      key = token
      child = getMember(node, token)
    } else return undefined
    if (child === undefined) return undefined
    if (t === tokens.length - 1) return at(node as JsonContainer, key)
    node = child
  }
  return undefined
}

/** The JSON type name of a value, for messages. */
export function jsonTypeName(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}
