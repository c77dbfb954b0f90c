/**
 * `iamtrace assume FILE...`: evaluates STS call files (AssumeRole, AssumeRoleWithWebIdentity,
 * AssumeRoleWithSAML, GetSessionToken, GetFederationToken, or a chain of AssumeRole calls) and prints
 * the decision of every required action with its trace, every request-rule violation, the resulting
 * session and the follow-up decisions.
 * Exit 0 every call succeeds, 2 a call is denied or breaks a request rule, 1 an input error.
 */
import { readFileSync } from 'node:fs'
import { checkAssumeExpectations } from '../../sts/checkExpect.js'
import { evaluateAssumeCallFile } from '../../sts/evaluateAssumeCall.js'
import { parseAssumeCall } from '../../sts/parseAssumeCall.js'
import { assumeResultToJson, renderAssumeText } from '../../sts/renderAssume.js'
import type { TraceView } from '../../trace/renderText.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, UsageError } from '../args.js'
import { expandPaths } from '../files.js'
import type { Io } from '../io.js'
import { formatDiagnostic, reportMissing } from '../io.js'

export const assumeHelp = `usage: iamtrace assume FILE... [--format text|json] [--explain decisive|fails|full]

Evaluates STS call files: who calls, which role, the call's parameters (RoleSessionName,
DurationSeconds, ExternalId, Tags, TransitiveTagKeys, Policy, PolicyArns, SourceIdentity,
SerialNumber, TokenCode, WebIdentityToken, SAMLAssertion), and follow-up requests by the session.
Prints the decision of each required action (sts:AssumeRole*, sts:TagSession,
sts:SetSourceIdentity) with its trace, every request-rule violation, the resulting session and
the follow-up decisions. Schema: schemas/assume-call.schema.json.
  --format   text (default) or json (one JSON object per file)
  --explain  decisive (default), fails or full (every layer, statement and check)
Exit codes: 0 every call succeeds, 2 a call is denied or rejected by a request rule, 1 an input error.`

export function runAssume(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['format', 'explain'])
  const format = choice(args, 'format', ['text', 'json'] as const, 'text')
  const view = choice<TraceView>(args, 'explain', ['decisive', 'fails', 'full'], 'decisive')
  if (args.positionals.length === 0) throw new UsageError('assume needs at least one call file')
  const { files, missing } = expandPaths(args.positionals)
  let inputError = missing.length > 0
  let denied = false
  reportMissing(io, format, missing)
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      inputError = true
      io.err(`${file}: error file.unreadable: the file could not be read\n`)
      continue
    }
    const parsed = parseAssumeCall(text, { file })
    if (!parsed.ok) {
      inputError = true
      const first = parsed.errors[0]
      if (format === 'json') {
        const position = first.position !== undefined ? { line: first.position.line, column: first.position.column } : {}
        io.out(`${JSON.stringify({ file, error: { code: first.code, pointer: first.pointer, message: first.message, ...position }, errors: parsed.errors })}\n`)
      } else for (const d of parsed.errors) io.err(`${formatDiagnostic(d, file)}\n`)
      continue
    }
    for (const d of parsed.diagnostics) io.err(`${formatDiagnostic(d, file)}\n`)
    const result = evaluateAssumeCallFile(parsed.value, { trace: true })
    if (!result.succeeds) denied = true
    const mismatches = checkAssumeExpectations(parsed.value, result)
    if (format === 'json') {
      io.out(
        `${JSON.stringify({
          file,
          ...(parsed.value.description !== undefined ? { description: parsed.value.description } : {}),
          succeeds: result.succeeds,
          calls: result.calls.map(assumeResultToJson),
          notReached: result.notReached,
          expectMismatches: mismatches,
          diagnostics: parsed.diagnostics,
        })}\n`,
      )
    } else {
      if (files.length > 1) io.out(`── ${file}\n`)
      io.out(renderAssumeText(result, view))
      const hasExpect = parsed.value.calls.some((c) => c.expect !== undefined || c.then.some((t) => t.expect !== undefined))
      if (hasExpect) {
        if (mismatches.length === 0) io.out('expectations: all hold\n')
        else for (const m of mismatches) io.out(`expectation ✗ ${m.pointer}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}\n`)
      }
    }
  }
  return inputError ? 1 : denied ? 2 : 0
}
