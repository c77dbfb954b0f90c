/**
 * Reads an input file's JSON from text (with positions) or from an already-parsed value, naming the
 * file in every diagnostic. Shared by the scenario and STS call-file readers.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { Result } from '../result.js'
import { err } from '../result.js'
import { fromPlainValue } from './fromPlainValue.js'
import { documentWithoutPositions } from './jsonValue.js'
import type { JsonDocument } from './jsonValue.js'
import { parseJsonText } from './readJson.js'

/** Largest input file read, in characters. */
const MAX_INPUT_LENGTH = 16 * 1024 * 1024

/**
 * Reads JSON text or a plain value into a document.
 *
 * @example
 * const r = readDocument('{"request": {}}', 'a.json')
 * if (r.ok) r.value.positionOf('/request') // { line: 1, column: 2 }
 */
export function readDocument(input: unknown, file?: string): Result<JsonDocument, Diagnostic> {
  const located = (d: Diagnostic): Diagnostic => (file !== undefined && d.file === undefined ? { ...d, file } : d)
  if (typeof input === 'string') {
    const read = parseJsonText(input, { maxLength: MAX_INPUT_LENGTH })
    return read.ok ? read : err(located(read.errors[0]), ...read.errors.slice(1).map(located))
  }
  const converted = fromPlainValue(input)
  return converted.ok ? { ok: true, value: documentWithoutPositions(converted.value) } : err(located(converted.errors[0]), ...converted.errors.slice(1).map(located))
}
