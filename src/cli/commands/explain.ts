/**
 * `iamtrace explain EVENT... --snapshot ...`: explains CloudTrail records — the request AWS saw, the
 * decision and trace against the snapshot, agreement with the recorded outcome, and verified fixes.
 * Exit 0 every event explained and agreeing, 3 a recorded outcome the model does not reproduce, 1 an
 * input error.
 */
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { explainEvents } from '../../cloudtrail/explainEvent.js'
import { explanationToJson, renderExplainText } from '../../cloudtrail/renderExplain.js'
import type { Diagnostic } from '../../diagnostics.js'
import type { TraceView } from '../../trace/renderText.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, flag, UsageError } from '../args.js'
import { expandPaths } from '../files.js'
import type { Io } from '../io.js'
import { formatDiagnostic, reportMissing } from '../io.js'
import { readSnapshot } from './graph.js'

export const explainHelp = `usage: iamtrace explain EVENT... --snapshot FILE|DIR... [--format text|json]
                       [--explain decisive|fails|full] [--fixes N]

Explains CloudTrail records against a snapshot: the request AWS saw (caller, action, resource and
the context keys AWS would have had), the decision with its trace, whether it agrees with the
recorded outcome (and which missing data could explain a difference), what the record cannot tell,
and for a denied request the smallest changes that would allow it, each verified by re-evaluating.
An EVENT is a record, a trail log file ({"Records": [...]}, gzipped or not), aws cloudtrail
lookup-events output, CloudTrail Lake query results, or JSON lines; a directory is read for
.json, .json.gz, .jsonl and .ndjson files (files named *.expect.json are skipped).
  --format   text (default) or json (one JSON object per event)
  --explain  decisive (default), fails or full (every layer, statement and check)
  --fixes    the most fixes shown per event (default 6; 0 turns the search off)
Exit codes: 0 every event explained and agreeing, 3 a recorded outcome the model does not
reproduce, 1 an input error.`

const EXTENSIONS = ['.json', '.json.gz', '.jsonl', '.ndjson', '.jsonl.gz']

/** Reads an event file, undoing gzip (trail log files are delivered as .json.gz). */
function readEventFile(file: string): string {
  const bytes = readFileSync(file)
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8')
}

function errorJson(file: string, d: Diagnostic): string {
  const position = d.position !== undefined ? { line: d.position.line, column: d.position.column } : {}
  return JSON.stringify({ file, error: { code: d.code, pointer: d.pointer, message: d.message, ...position } })
}

/** Runs \`iamtrace explain\`. */
export function runExplain(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['snapshot', 'format', 'explain', 'fixes'])
  const format = choice(args, 'format', ['text', 'json'] as const, 'text')
  const view = choice<TraceView>(args, 'explain', ['decisive', 'fails', 'full'], 'decisive')
  const maxFixes = Number(flag(args, 'fixes', '6'))
  if (!Number.isInteger(maxFixes) || maxFixes < 0) throw new UsageError(`--fixes takes a number, not \`${flag(args, 'fixes') ?? ''}\``)
  if (args.positionals.length === 0) throw new UsageError('explain needs at least one event file')
  const snapshot = readSnapshot(args, io)
  const { files: found, missing } = expandPaths(args.positionals, EXTENSIONS)
  const files = found.filter((f) => !f.endsWith('.expect.json') || args.positionals.includes(f))
  let inputError = missing.length > 0
  let disagreement = false
  reportMissing(io, format, missing)
  for (const file of files) {
    let text: string
    try {
      text = readEventFile(file)
    } catch {
      inputError = true
      if (format === 'json') io.out(`${JSON.stringify({ file, error: { code: 'file.unreadable', pointer: '', message: 'the file could not be read or decompressed' } })}\n`)
      else io.err(`${file}: error file.unreadable: the file could not be read or decompressed\n`)
      continue
    }
    const { items, diagnostics } = explainEvents(text, file, snapshot, { fixes: maxFixes > 0, maxFixes: Math.max(maxFixes, 1) })
    for (const d of diagnostics) {
      if (d.severity === 'error') inputError = true
      if (format === 'json') io.out(`${errorJson(file, d)}\n`)
      else io.err(`${formatDiagnostic(d, file)}\n`)
    }
    for (const item of items) {
      if (!item.result.ok) {
        inputError = true
        for (const d of item.result.errors) {
          if (format === 'json') io.out(`${errorJson(file, d)}\n`)
          else io.err(`${formatDiagnostic(d, file)}\n`)
        }
        continue
      }
      const e = item.result.value
      if (!e.agrees) disagreement = true
      if (format === 'json') io.out(`${JSON.stringify(explanationToJson(e, file))}\n`)
      else io.out(renderExplainText(e, view))
    }
  }
  return inputError ? 1 : disagreement ? 3 : 0
}
