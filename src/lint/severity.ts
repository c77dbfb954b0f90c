/**
 * Severity scale and its mapping to SARIF levels and GitHub's `security-severity`.
 * https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support
 */
import type { LintLevel, LintSeverity } from './types.js'

/** SARIF level of a severity: critical/high/error → error, medium/low → warning, info → note. */
export function levelOf(severity: LintSeverity): LintLevel {
  if (severity === 'critical' || severity === 'high' || severity === 'error') return 'error'
  if (severity === 'medium' || severity === 'low') return 'warning'
  return 'note'
}

/** GitHub `security-severity` score (>9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low); undefined for info. */
export function securitySeverity(severity: LintSeverity): string | undefined {
  switch (severity) {
    case 'critical':
      return '9.5'
    case 'high':
      return '8.0'
    case 'error':
      return '7.0'
    case 'medium':
      return '5.5'
    case 'low':
      return '3.0'
    default:
      return undefined
  }
}

const LEVEL_RANK: Readonly<Record<LintLevel, number>> = { error: 3, warning: 2, note: 1 }

/** True when `level` is at or above the `--fail-on` threshold (`none` never fails). */
export function atOrAbove(level: LintLevel, threshold: LintLevel | 'none'): boolean {
  return threshold !== 'none' && LEVEL_RANK[level] >= LEVEL_RANK[threshold]
}

