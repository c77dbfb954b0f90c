/**
 * `iamtrace eval FILE...`: evaluates scenario files and prints the decision and its trace.
 * Exit 0 when every file was evaluated, 1 when any file is invalid.
 */
import { renderAnnotatedPolicy } from '../../trace/renderAnnotatedPolicy.js'
import { renderText } from '../../trace/renderText.js'
import type { TraceView } from '../../trace/renderText.js'
import type { EvaluationResult } from '../../evaluate/evaluate.js'
import type { Scenario } from '../../scenario/parseScenario.js'
import { scenarioPolicyTraces } from '../../scenario/policyTraces.js'
import { compileScenario } from '../../scenario/compileScenario.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, UsageError } from '../args.js'
import type { Io } from '../io.js'
import { formatDiagnostic, reportMissing } from '../io.js'
import { loadScenarios } from '../scenarioFiles.js'

export const evalHelp = `usage: iamtrace eval FILE... [--format text|json] [--explain decisive|fails|full] [--fix]

Evaluates each scenario file and prints AWS's decision with the reasons.
  --format   text (default) or json (one JSON object per file)
  --explain  decisive (default): the steps and deciding statements; fails: only what failed;
             full: every layer, policy, statement and check; annotated: each policy's JSON
             with the result beside every line
  --fix      for a denied request, search the smallest changes that allow it (context the caller
             supplies, JSON patches against the scenario's named policies), each verified by
             re-evaluating with the change applied
Exit codes: 0 every file evaluated, 1 an input error.`

export async function runEval(args: ParsedArgs, io: Io): Promise<number> {
  checkFlags(args, ['format', 'explain', 'fix'])
  const wantFixes = args.flags.has('fix')
  const format = choice(args, 'format', ['text', 'json'] as const, 'text')
  const view = choice<TraceView | 'annotated'>(args, 'explain', ['decisive', 'fails', 'full', 'annotated'], 'decisive')
  if (args.positionals.length === 0) throw new UsageError('eval needs at least one scenario file')
  const { loaded, missing } = loadScenarios(args.positionals)
  // PERF: the fix search (and its renderer) loads only when asked for, so a plain eval starts faster.
  const fixing = wantFixes ? await import('./evalFixes.js') : undefined
  let exit = 0
  if (missing.length > 0) exit = 1
  reportMissing(io, format, missing)
  for (const { file, result } of loaded) {
    if (!result.ok) {
      exit = 1
      const first = result.errors[0]
      if (format === 'json') {
        io.out(`${JSON.stringify({ file, error: { code: first.code, pointer: first.pointer, message: first.message, ...(first.position !== undefined ? { line: first.position.line, column: first.position.column } : {}) }, errors: result.errors })}\n`)
      } else {
        for (const d of result.errors) io.err(`${formatDiagnostic(d, file)}\n`)
      }
      continue
    }
    const evaluation = compileScenario(result.value).evaluate(undefined, { trace: true })
    const fixes = fixing !== undefined && evaluation.decision !== 'allowed' ? fixing.fixScenario(result.value) : undefined
    const warnings = result.diagnostics
    if (format === 'json') {
      io.out(
        `${JSON.stringify({
          file,
          decision: evaluation.decision,
          ...(result.value.expect !== undefined ? { expected: result.value.expect.decision } : {}),
          determining: evaluation.determining,
          missingContextKeys: evaluation.missingContextKeys,
          diagnostics: warnings,
          trace: evaluation.trace,
          ...(fixes !== undefined ? { fixes } : {}),
        })}\n`,
      )
    } else {
      if (loaded.length > 1) io.out(`── ${file}\n`)
      for (const d of warnings) io.err(`${formatDiagnostic(d, file)}\n`)
      if (view === 'annotated') {
        io.out(renderText(evaluation, 'decisive'))
        io.out(annotatedPolicies(result.value, evaluation))
      } else io.out(renderText(evaluation, view))
      if (fixes !== undefined && fixing !== undefined) io.out(fixing.renderFixes(fixes))
    }
  }
  return exit
}

/** Every evaluated policy of the scenario, annotated with its checks. */
function annotatedPolicies(scenario: Scenario, evaluation: EvaluationResult): string {
  return scenarioPolicyTraces(scenario, evaluation)
    .map((p) => `\n${p.layer}${p.level !== undefined ? ` level ${p.level}` : ''} policy "${p.trace.policy}":\n${renderAnnotatedPolicy(p.policy.policy, p.trace)}`)
    .join('')
}
