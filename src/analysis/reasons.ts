/**
 * Why an analysis is `uncertain`: each statement the engine could not decide, with the check that made
 * it undecidable, named by a stable code. `"Condition": {}` is its own case: Access Analyzer says the
 * empty block "does not affect the policy" and that the statement "has no effect on the policy", two
 * readings that disagree (unconditional, or never applying); the engine fails closed, an analysis says
 * access is possible.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import type { CompiledStatement } from '../compile/compilePolicy.js'
import type { DiagnosticCode } from '../diagnostics.js'
import type { EvaluationResult } from '../evaluate/evaluate.js'
import type { CheckTrace, StatementTrace } from '../trace/types.js'
import type { UncertainReason } from './types.js'

/** The Access Analyzer text an empty condition block is reported with. */
const EMPTY_CONDITION_TEXT =
  'Access Analyzer: "This condition block is empty and it does not affect the policy" / "the statement has no effect on the policy"'

function describe(s: CompiledStatement): string {
  const where = s.ref.layer === 'resource' ? '' : `${s.ref.layer} policy `
  return `${s.effect} ${where}"${s.ref.policy}" statement #${s.ref.index}${s.ref.sid !== undefined ? ` (${s.ref.sid})` : ''}`
}

function effectText(s: CompiledStatement): string {
  return s.effect === 'Allow' ? 'it may grant' : 'it may not apply'
}

function codeOf(check: CheckTrace): DiagnosticCode {
  switch (check.kind) {
    case 'principal':
      return 'analysis.undecidable-principal'
    case 'condition':
      return 'analysis.undecidable-condition'
    default:
      return 'analysis.undecidable-statement'
  }
}

function noteOf(check: CheckTrace): string {
  if (check.kind === 'action') return 'the action pattern cannot be read'
  if ('note' in check && check.note !== undefined) return check.note
  if (check.kind === 'condition') return `\`${check.operator}\` on \`${check.key}\` cannot be decided (${check.reason})`
  return 'undocumented case'
}

/** One reason for an undecidable statement, from its trace when there is one. */
function reasonFor(s: CompiledStatement, trace: StatementTrace | undefined): UncertainReason {
  const base = { policy: s.ref.policy }
  if (s.statement.emptyConditionBlock) {
    return { ...base, code: 'analysis.empty-condition', pointer: `${s.ref.pointer}/Condition`, message: `${describe(s)} has \`"Condition": {}\`; ${EMPTY_CONDITION_TEXT}; ${effectText(s)}` }
  }
  const check = trace?.checks.find((c) => (c.kind === 'action' ? false : c.result === 'unknown'))
  if (check === undefined) return { ...base, code: 'analysis.undecidable-statement', pointer: s.ref.pointer, message: `${describe(s)} cannot be decided; ${effectText(s)}` }
  return { ...base, code: codeOf(check), pointer: check.pointer, message: `${describe(s)}: ${noteOf(check)}; ${effectText(s)}` }
}

/** The reasons of a traced run: one per undecidable statement, in evaluation order, without repeats. */
export function reasonsOf(run: { readonly result: EvaluationResult; readonly undecided: readonly CompiledStatement[] }): UncertainReason[] {
  const traces = new Map<string, StatementTrace>()
  for (const layer of run.result.trace?.layers ?? []) for (const p of layer.policies) for (const st of p.statements) traces.set(`${st.ref.layer}|${st.ref.level ?? ''}|${st.ref.policy}|${st.ref.index}`, st)
  const out: UncertainReason[] = []
  const seen = new Set<CompiledStatement>()
  for (const s of run.undecided) {
    if (seen.has(s)) continue
    seen.add(s)
    out.push(reasonFor(s, traces.get(`${s.ref.layer}|${s.ref.level ?? ''}|${s.ref.policy}|${s.ref.index}`)))
  }
  return out
}
