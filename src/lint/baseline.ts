/**
 * Baseline files: the fingerprints of findings accepted at some date, so CI fails only on new findings.
 */
import { getMember, isJsonArray, isJsonObject } from '../json/jsonValue.js'
import { readJsonText } from '../json/readJson.js'
import type { LintFinding, LintInputError } from './types.js'

/**
 * Builds the baseline text for the current (unsuppressed) findings.
 *
 * @example
 * writeFileSync('.iamtrace-baseline.json', writeBaseline(report.findings))
 */
export function writeBaseline(findings: readonly LintFinding[]): string {
  const entries = findings
    .filter((f) => f.suppressed === undefined || f.suppressed.by === 'baseline')
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file.replace(/\\/g, '/'), pointer: f.pointer }))
    .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))
  return `${JSON.stringify({ version: 1, tool: 'iamtrace', findings: entries }, null, 2)}\n`
}

/**
 * Reads a baseline file into its set of fingerprints.
 *
 * @example
 * const b = readBaseline(readFileSync('.iamtrace-baseline.json', 'utf8'), '.iamtrace-baseline.json')
 * if (b.ok) findings.filter((f) => !b.value.has(f.fingerprint))
 */
export function readBaseline(text: string, file: string): { ok: true; value: ReadonlySet<string> } | { ok: false; error: LintInputError } {
  const read = readJsonText(text)
  const doc = read.document
  const bad = (message: string, pointer = ''): { ok: false; error: LintInputError } => ({ ok: false, error: { code: 'baseline.invalid', file, pointer, message } })
  if (doc === undefined) return bad(read.diagnostics[0]?.message ?? 'the baseline is not JSON')
  if (!isJsonObject(doc.value) || getMember(doc.value, 'version') !== 1) return bad('a baseline is an object with `"version": 1`', '/version')
  const list = getMember(doc.value, 'findings')
  if (!isJsonArray(list)) return bad('`findings` is an array', '/findings')
  const set = new Set<string>()
  list.forEach((item) => {
    const fp = isJsonObject(item) ? getMember(item, 'fingerprint') : undefined
    if (typeof fp === 'string') set.add(fp)
  })
  return { ok: true, value: set }
}
