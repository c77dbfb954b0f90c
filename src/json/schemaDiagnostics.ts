/**
 * Turns the errors of a precompiled JSON-schema validator into located diagnostics: one per pointer
 * and message, the pointer of an unknown field naming the field itself.
 */
import type { ErrorObject } from 'ajv'
import { diagnostic, escapePointerToken } from '../diagnostics.js'
import type { Diagnostic, DiagnosticCode } from '../diagnostics.js'
import type { JsonDocument } from './jsonValue.js'

/**
 * Converts validator errors into diagnostics with `code`, positioned in `doc`.
 *
 * @example
 * if (!validateScenario(doc.value)) schemaDiagnostics(validateScenario.errors ?? [], 'scenario.invalid', doc, 'a.json')
 */
export function schemaDiagnostics(errors: readonly ErrorObject[], code: DiagnosticCode, doc: JsonDocument, file: string | undefined): Diagnostic[] {
  const seen = new Set<string>()
  const out: Diagnostic[] = []
  for (const e of errors) {
    const pointer = e.instancePath
    const where = `\`${pointer || '/'}\``
    const params = e.params as { missingProperty?: unknown; additionalProperty?: unknown; allowedValues?: unknown[] }
    let message = `${where} ${e.message ?? 'is not valid'}`
    if (e.keyword === 'required') message = `${where} must have the field \`${String(params.missingProperty)}\``
    if (e.keyword === 'additionalProperties') message = `${where} has an unknown field \`${String(params.additionalProperty)}\``
    if (e.keyword === 'enum') message = `${where} must be one of ${(params.allowedValues ?? []).map((v) => `\`${String(v)}\``).join(', ')}`
    const at = e.keyword === 'additionalProperties' ? `${pointer}/${escapePointerToken(String(params.additionalProperty))}` : pointer
    const key = `${at}|${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(diagnostic(code, at, message, { position: doc.positionOf(at), ...(file !== undefined ? { file } : {}) }))
  }
  return out
}
