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
}

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
  return { value, positionOf: () => undefined, numberTextOf: () => undefined }
}

/** The JSON type name of a value, for messages. */
export function jsonTypeName(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}
