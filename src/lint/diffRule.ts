/**
 * `diff-trust-new-access`: the changes of a `diff` between a base version and the linted files, as lint
 * findings. Each new access (`gained`) is an error on the AFTER line that grants it, with the witness
 * request in the message; new access the inputs cannot rule out (`uncertain`) is a warning. The diff
 * itself is `iamtrace diff`'s (the CLI runs it); this module only turns its report into findings.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { DiffChange, DiffReport } from '../diff/types.js'
import { findingFingerprint } from './fingerprint.js'
import type { LintFinding, LintLevel, RuleMeta } from './types.js'

/** The rule's metadata (SARIF `tool.driver.rules`). */
export const DIFF_TRUST_RULE: RuleMeta = {
  id: 'diff-trust-new-access',
  name: 'DiffTrustNewAccess',
  severity: 'high',
  summary: 'compared with the base version, a principal can now assume a role (or make a request) it could not before',
  description:
    'With `--baseline-ref REF` (or `--diff-base PATH`), lint compares every linted file with its base version as `iamtrace diff` does: by meaning, with a witness request that the linted version allows and the base version denies, both decided by the evaluator. A change the engine cannot decide is reported as a warning, never dropped.',
  help: 'Check that the new access is intended; the message gives the witness request. Narrow the principal or conditions otherwise.',
  helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html',
  tags: ['security', 'diff'],
}

function who(p: DiffChange['principal']): string {
  if (typeof p === 'string') return p === '*' ? 'any AWS principal' : p
  if ('account' in p) return `principals of account ${p.account}`
  if ('service' in p) return `service ${p.service}`
  return `federated ${p.federated}`
}

/**
 * The findings of a diff report: one per `gained` (error) and `uncertain` (warning) change that has a
 * location in the linted files.
 *
 * @example
 * const findings = diffFindings(diffSources(base, current).report)
 */
export function diffFindings(report: DiffReport): LintFinding[] {
  const out: LintFinding[] = []
  for (const c of report.changes) {
    if (c.kind !== 'gained' && c.kind !== 'uncertain') continue
    const l = c.location
    const file = l?.file ?? report.after
    const what = c.action !== undefined ? `${c.action} on ${c.resource ?? '*'}` : `assume ${c.role}`
    const message =
      c.kind === 'gained'
        ? `${who(c.principal)} can now ${what}${c.via !== undefined ? ` via ${c.via.join(' → ')}` : ''}; witness (allowed now, ${c.witness?.beforeDecision ?? 'denied'} in the base version): ${JSON.stringify(c.witness?.request)}`
        : `${who(c.principal)} may now ${what}: ${(c.uncertain ?? []).map((r) => `[${r.code}] ${r.message}`).join('; ')}`
    const level: LintLevel = c.kind === 'gained' ? 'error' : 'warning'
    const pointer = l?.pointer ?? ''
    out.push({
      ruleId: DIFF_TRUST_RULE.id,
      severity: c.kind === 'gained' ? DIFF_TRUST_RULE.severity : 'medium',
      level,
      message,
      file,
      pointer,
      line: l?.line ?? 1,
      column: l?.column ?? 1,
      policyName: c.role,
      fingerprint: findingFingerprint({ ruleId: DIFF_TRUST_RULE.id, file, policyName: c.role, pointer: `${c.kind}|${JSON.stringify(c.principal)}|${c.action ?? ''}`, message: '' }),
    })
  }
  return out
}
