/**
 * `iamtrace test PATH...`: runs scenario files and compares each decision with its `expect`.
 * Prints one line per failure and the closing line `N passed, N failed`.
 * Exit 0 all pass, 3 a mismatch, 1 an input error.
 */
import { compileScenario } from '../../scenario/compileScenario.js'
import { decidingStep } from '../../trace/decidingStep.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, UsageError } from '../args.js'
import type { Io } from '../io.js'
import { formatDiagnostic } from '../io.js'
import { loadScenarios } from '../scenarioFiles.js'

export const testHelp = `usage: iamtrace test PATH... [--format text|json]

Runs every scenario file under PATH (files, directories, globs) and compares the decision with
the file's "expect" (and, when "expect" names a "rule", the rule of the step that decided). Prints one line per failure, then "N passed, N failed"
(with --format json: one object per file, then {"summary": {"passed": N, "failed": N}}).
Exit codes: 0 all pass, 3 a mismatch, 1 an input error.`

export function runTest(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['format'])
  const format = choice(args, 'format', ['text', 'json'] as const, 'text')
  if (args.positionals.length === 0) throw new UsageError('test needs at least one path')
  const { loaded, missing } = loadScenarios(args.positionals)
  let passed = 0
  let failed = 0
  let invalid = missing.length
  for (const m of missing) io.err(`${m.path}: error ${m.code}: ${m.message}\n`)
  for (const { file, result } of loaded) {
    if (!result.ok) {
      invalid++
      failed++
      for (const d of result.errors) io.err(`${formatDiagnostic(d, file)}\n`)
      if (format === 'json') io.out(`${JSON.stringify({ file, status: 'error', errors: result.errors })}\n`)
      continue
    }
    const expected = result.value.expect?.decision
    if (expected === undefined) {
      invalid++
      failed++
      io.err(`${file}: error scenario.invalid: the scenario has no "expect" to test against\n`)
      continue
    }
    const expectedRule = result.value.expect?.rule
    const evaluation = compileScenario(result.value).evaluate(undefined, expectedRule !== undefined ? { trace: true } : {})
    const rule = expectedRule !== undefined ? decidingStep(evaluation)?.rule : undefined
    const ok = evaluation.decision === expected && rule === expectedRule
    if (ok) passed++
    else {
      failed++
      if (format === 'text') io.out(`FAIL ${file}: expected ${expected}${expectedRule !== undefined ? ` by ${expectedRule}` : ''}, got ${evaluation.decision}${expectedRule !== undefined ? ` by ${rule ?? '(no step)'}` : ''}\n`)
    }
    if (format === 'json')
      io.out(`${JSON.stringify({ file, status: ok ? 'pass' : 'fail', expected, decision: evaluation.decision, ...(expectedRule !== undefined ? { expectedRule, rule: rule ?? null } : {}), determining: evaluation.determining })}\n`)
  }
  // JSON output stays one JSON object per line: the closing count is an object too.
  io.out(format === 'json' ? `${JSON.stringify({ summary: { passed, failed } })}\n` : `${passed} passed, ${failed} failed\n`)
  return invalid > 0 ? 1 : failed > 0 ? 3 : 0
}
