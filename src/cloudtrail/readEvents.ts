/**
 * Finds the CloudTrail records in an event file, whatever shape it has: one record, a trail log file
 * (`{"Records": [...]}`), `aws cloudtrail lookup-events` output (`Events[].CloudTrailEvent` holding each
 * record as a JSON string), CloudTrail Lake query results (`QueryResultRows`), a JSON array, or JSON
 * lines (one record per line, as CloudTrail Lake and Athena exports write them). Gzip is undone by the
 * caller (the CLI). Never throws; every problem is a located diagnostic.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html
 * https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/lookup-events.html
 */
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { getMember, isJsonArray, isJsonObject, newJsonObject } from '../json/jsonValue.js'
import type { JsonObject, JsonValue } from '../json/jsonValue.js'
import { readJsonText } from '../json/readJson.js'
import type { RecordLocation } from './types.js'

/** A raw record and where it was found. */
export interface LocatedRecord {
  readonly value: JsonObject
  readonly location: RecordLocation
}

/** The records found, and the problems met on the way. */
export interface ReadEventsResult {
  readonly records: readonly LocatedRecord[]
  readonly diagnostics: readonly Diagnostic[]
}

/** Trail log files can be large: up to 512 MiB of text per file. */
const MAX_FILE_LENGTH = 512 * 1024 * 1024
/** One record (or one line) is small: CloudTrail caps an event at 256 KB. */
const MAX_RECORD_LENGTH = 4 * 1024 * 1024
const MAX_DEPTH = 64

function isRecordLike(v: JsonValue | undefined): v is JsonObject {
  return isJsonObject(v) && Object.keys(v).some((k) => k.toLowerCase() === 'eventname' || k.toLowerCase() === 'eventjson')
}

/** A record held as a JSON string (lookup-events, Lake's `eventJson`). */
function fromString(text: string, location: RecordLocation, out: Diagnostic[]): LocatedRecord | undefined {
  const read = readJsonText(text, { maxLength: MAX_RECORD_LENGTH, maxDepth: MAX_DEPTH })
  const fatal = read.diagnostics.find((d) => d.severity === 'error' && d.code !== 'json.duplicate-key')
  if (read.document === undefined || fatal !== undefined) {
    out.push(located(diagnostic('cloudtrail.unreadable', location.pointer, `the record text is not JSON: ${fatal?.message ?? 'unreadable'}`), location))
    return undefined
  }
  const value = read.document.value
  if (!isJsonObject(value)) {
    out.push(located(diagnostic('cloudtrail.invalid-record', location.pointer, 'the record is not a JSON object'), location))
    return undefined
  }
  return unwrap(value, location, out)
}

/** CloudTrail Lake rows may carry the whole record in `eventJson`. */
function unwrap(value: JsonObject, location: RecordLocation, out: Diagnostic[]): LocatedRecord | undefined {
  const keys = Object.keys(value)
  const wrapped = keys.find((k) => k.toLowerCase() === 'eventjson')
  const inner = wrapped !== undefined ? getMember(value, wrapped) : undefined
  if (typeof inner === 'string' && !keys.some((k) => k.toLowerCase() === 'eventname')) return fromString(inner, { ...location, pointer: `${location.pointer}/${wrapped ?? ''}` }, out)
  return { value, location }
}

/** Lake `get-query-results` rows are arrays of one-key objects: merge each row into one object. */
function mergeRow(row: JsonValue): JsonObject | undefined {
  if (!isJsonArray(row)) return undefined
  const out = newJsonObject()
  for (const cell of row) if (isJsonObject(cell)) for (const k of Object.keys(cell)) out[k] = cell[k] as JsonValue
  return out
}

/** Adds the location's file and line to a diagnostic. */
export function located(d: Diagnostic, location: RecordLocation): Diagnostic {
  return { ...d, ...(location.file !== undefined ? { file: location.file } : {}), ...(location.line !== undefined ? { position: { line: location.line, column: 1 } } : {}) }
}

function fromDocument(root: JsonValue, file: string | undefined, out: Diagnostic[]): LocatedRecord[] | undefined {
  const at = (pointer: string): RecordLocation => ({ ...(file !== undefined ? { file } : {}), pointer })
  const collect = (items: readonly JsonValue[], base: string, pick: (v: JsonValue, pointer: string) => LocatedRecord | undefined): LocatedRecord[] =>
    items.flatMap((item, i) => {
      const r = pick(item, `${base}/${i}`)
      return r === undefined ? [] : [r]
    })
  const object = (v: JsonValue, p: string): LocatedRecord | undefined => {
    if (isJsonObject(v)) return unwrap(v, at(p), out)
    out.push(located(diagnostic('cloudtrail.invalid-record', p, 'the record is not a JSON object'), at(p)))
    return undefined
  }
  if (isJsonArray(root)) return collect(root, '', object)
  if (!isJsonObject(root)) return undefined
  const records = getMember(root, 'Records')
  if (isJsonArray(records)) return collect(records, '/Records', object)
  const events = getMember(root, 'Events')
  if (isJsonArray(events)) {
    return collect(events, '/Events', (v, p) => {
      const text = isJsonObject(v) ? getMember(v, 'CloudTrailEvent') : undefined
      if (typeof text === 'string') return fromString(text, at(`${p}/CloudTrailEvent`), out)
      if (isRecordLike(v)) return { value: v, location: at(p) }
      out.push(located(diagnostic('cloudtrail.invalid-record', p, 'a lookup-events entry has no `CloudTrailEvent` string'), at(p)))
      return undefined
    })
  }
  const rows = getMember(root, 'QueryResultRows')
  if (isJsonArray(rows)) {
    return collect(rows, '/QueryResultRows', (v, p) => {
      const merged = mergeRow(v)
      return merged !== undefined ? unwrap(merged, at(p), out) : undefined
    })
  }
  if (isRecordLike(root)) {
    const r = unwrap(root, at(''), out)
    return r === undefined ? [] : [r]
  }
  return undefined
}

/**
 * Reads every record of an event file's text.
 *
 * @example
 * const { records, diagnostics } = readEvents(text, 'trail.json')
 * records.map((r) => r.location.pointer) // ['/Records/0', '/Records/1']
 */
export function readEvents(text: string, file?: string): ReadEventsResult {
  const out: Diagnostic[] = []
  const where: RecordLocation = { ...(file !== undefined ? { file } : {}), pointer: '' }
  if (text.length > MAX_FILE_LENGTH) return { records: [], diagnostics: [located(diagnostic('cloudtrail.unreadable', '', `the file has ${text.length} characters, more than the limit of ${MAX_FILE_LENGTH}`), where)] }
  const whole = readJsonText(text, { maxLength: MAX_FILE_LENGTH, maxDepth: MAX_DEPTH })
  if (whole.document !== undefined) {
    const records = fromDocument(whole.document.value, file, out)
    if (records === undefined) return { records: [], diagnostics: [located(diagnostic('cloudtrail.no-records', '', 'the JSON holds no CloudTrail record: expected a record, `Records`, `Events` (lookup-events) or `QueryResultRows`'), where)] }
    if (records.length === 0 && out.length === 0) out.push(located(diagnostic('cloudtrail.no-records', '', 'the file holds no CloudTrail record'), where))
    return { records, diagnostics: out }
  }
  // Not one JSON document: JSON lines, one record per line — when the first line is a JSON object by
  // itself. Otherwise it is one document cut short or malformed: one error, where the reader stopped.
  const lines = text.split(/\r?\n/)
  const firstLine = lines.find((l) => l.trim() !== '')
  const first = whole.diagnostics[0]
  const unreadable = (): ReadEventsResult => ({
    records: [],
    diagnostics: [located(diagnostic('cloudtrail.unreadable', first?.pointer ?? '', `the file is neither JSON nor JSON lines: ${first?.message ?? 'empty'}`, first?.position !== undefined ? { position: first.position } : {}), where)],
  })
  if (firstLine === undefined || readJsonText(firstLine, { maxLength: MAX_RECORD_LENGTH, maxDepth: MAX_DEPTH }).document === undefined) return unreadable()
  const records: LocatedRecord[] = []
  let nonEmpty = 0
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    nonEmpty++
    const location: RecordLocation = { ...(file !== undefined ? { file } : {}), pointer: '', line: i + 1 }
    const r = fromString(line, location, out)
    if (r !== undefined) records.push(r)
  })
  return nonEmpty <= 1 && records.length === 0 ? unreadable() : { records, diagnostics: out }
}
