/**
 * SARIF 2.1.0 output as GitHub code scanning accepts it: every rule declared in `tool.driver.rules` (so
 * fixed alerts close), results with `ruleId`/`ruleIndex`/`level`, a repository-relative
 * `physicalLocation`, `partialFingerprints`, and `suppressions` for suppressed findings. Input errors are
 * `toolExecutionNotifications`; the invocation's properties count files linted and files not read.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support
 */
import { toPosix } from './config.js'
import type { LintReport } from './lintSources.js'
import { RULES } from './registry.js'
import { levelOf, securitySeverity } from './severity.js'
import type { RuleMeta } from './types.js'

/** Tool identity written into the SARIF log. */
export interface SarifTool {
  readonly version: string
  readonly informationUri?: string
}

/** A SARIF 2.1.0 log (the subset iamtrace writes). */
export interface SarifLog {
  readonly $schema: string
  readonly version: '2.1.0'
  readonly runs: readonly Record<string, unknown>[]
}

function ruleDescriptor(rule: RuleMeta): Record<string, unknown> {
  const score = securitySeverity(rule.severity)
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.description },
    help: { text: `${rule.help} ${rule.helpUri}`, markdown: `${rule.description}\n\n**Fix:** ${rule.help}\n\n[AWS documentation](${rule.helpUri})` },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: levelOf(rule.severity) },
    properties: {
      tags: [...rule.tags, rule.severity],
      precision: 'high',
      'problem.severity': levelOf(rule.severity) === 'note' ? 'recommendation' : levelOf(rule.severity),
      ...(score !== undefined ? { 'security-severity': score } : {}),
    },
  }
}

/**
 * Converts a lint report to a SARIF 2.1.0 log with one run.
 *
 * @example
 * const log = toSarif(lintSources(sources), { version: '0.1.0' })
 * writeFileSync('results.sarif', JSON.stringify(log, null, 2))
 */
export function toSarif(report: LintReport, tool: SarifTool): SarifLog {
  const index = new Map(RULES.map((r, i) => [r.id, i]))
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? -1,
    level: f.level,
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(toPosix(f.file)) },
          region: { startLine: f.line, startColumn: f.column },
        },
        ...(f.policyName !== undefined ? { logicalLocations: [{ name: f.policyName, fullyQualifiedName: `${f.policyName}${f.pointer === '' ? '' : ` ${f.pointer}`}`, kind: 'object' }] } : {}),
      },
    ],
    partialFingerprints: { 'iamtraceFingerprint/v1': f.fingerprint, primaryLocationLineHash: `${f.fingerprint}:1` },
    properties: { severity: f.severity, pointer: f.pointer },
    ...(f.suppressed !== undefined ? { suppressions: [{ kind: f.suppressed.kind, status: 'accepted', ...(f.suppressed.justification !== undefined ? { justification: f.suppressed.justification } : {}) }] } : {}),
  }))
  const notifications = report.errors.map((e) => ({
    level: 'error',
    message: { text: `${e.code}: ${e.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(toPosix(e.file)) },
          ...(e.position !== undefined ? { region: { startLine: e.position.line, startColumn: e.position.column } } : {}),
        },
      },
    ],
    descriptor: { id: e.code },
  }))
  return sarifLog(
    { version: tool.version, semanticVersion: tool.version, informationUri: tool.informationUri ?? IAMTRACE_URI, rules: RULES.map(ruleDescriptor) },
    {
      automationDetails: { id: 'iamtrace/lint/' },
      invocations: [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications: notifications, properties: { filesLinted: report.files, filesNotRead: report.unreadable, policies: report.policies } }],
      columnKind: 'utf16CodeUnits',
      results,
    },
  )
}

const IAMTRACE_URI = 'https://github.com/iamtrace/iamtrace'

/**
 * The SARIF 2.1.0 log of one iamtrace run: the envelope `lint` and `diff` share. `driver` holds the
 * tool's version and rules; `run` the run's other members (results, invocations, ...).
 *
 * @example
 * sarifLog({ version: '0.1.0', rules: [] }, { results: [] }).runs[0].tool.driver.name // 'iamtrace'
 */
export function sarifLog(driver: { readonly version: string; readonly semanticVersion?: string; readonly informationUri?: string; readonly rules: readonly unknown[] }, run: Readonly<Record<string, unknown>>): { $schema: string; version: '2.1.0'; runs: Record<string, unknown>[] } {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'iamtrace', ...driver, informationUri: driver.informationUri ?? IAMTRACE_URI } }, ...run }],
  }
}

/** A relative path as a URI reference: segments percent-encoded, slashes kept. */
function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}
