/**
 * Lints a set of text inputs: policy files, account snapshots, CloudFormation templates (JSON or YAML) and
 * Terraform plans. Each input is classified from its content; every policy found is linted and every
 * finding is located in the original file. A bad input is an input error for that file only.
 */
import type { SourcePosition } from '../diagnostics.js'
import type { PolicyKind } from '../policy/types.js'
import { effectiveSeverity, findSuppression, isIgnored, toPosix, type LintConfig } from './config.js'
import { findingFingerprint } from './fingerprint.js'
import { PLACEHOLDER_OWN_ACCOUNT } from './identity.js'
import { lintDocument } from './lintPolicy.js'
import { isOrganizationFile, organizationMembers, organizationPolicies, withOrganizationZone } from './organizationFile.js'
import { SESSION_DURATION_RULE, UNRESOLVED_RULE } from './registry.js'
import { levelOf } from './severity.js'
import { isTemplate, templatePolicies } from './sources/cloudformation.js'
import { embed, isEmbedded, type EmbeddedPolicy, type UnknownPolicy } from './sources/embedded.js'
import type { HostDocument } from './sources/host.js'
import { readJsonHost } from './sources/jsonHost.js'
import { isSnapshot, snapshotPolicies } from './sources/snapshot.js'
import { isPlan, planPolicies } from './sources/terraformPlan.js'
import { sessionDurations } from './sources/roleSettings.js'
import { readYamlHost } from './sources/yamlHost.js'
import type { LintFinding, LintInputError, LintSource } from './types.js'

/** Options for {@link lintSources}. */
export interface LintSourcesOptions {
  readonly config?: LintConfig
  /** Kind of plain policy files (otherwise from the file name, then from the content). */
  readonly kind?: PolicyKind
  /** Fingerprints of accepted findings: matching findings are reported as suppressed. */
  readonly baseline?: ReadonlySet<string>
  /** Today as `YYYY-MM-DD`, for suppression expiry (default: the current date). */
  readonly today?: string
}

/** What a lint run produced. */
export interface LintReport {
  readonly findings: readonly LintFinding[]
  readonly errors: readonly LintInputError[]
  /** Files linted (ignored files excluded). */
  readonly files: number
  /** Policies linted. */
  readonly policies: number
}

/** What an input file is. */
export type InputFormat = 'policy' | 'snapshot' | 'cloudformation' | 'terraform-plan'

/**
 * Policy kind from a file-name convention: a kind suffix (`deploy.trust.json`, `ci.identity.json`,
 * `guardrails.scp.json`) or a `trust-policy*` / `assume-role-policy*` prefix. Other names say nothing.
 *
 * @example
 * kindFromFileName('policies/guardrails.scp.json') // 'scp'
 * kindFromFileName('notes.json') // undefined
 */
export function kindFromFileName(path: string): PolicyKind | undefined {
  const base = (toPosix(path).split('/').pop() ?? '').toLowerCase()
  if (base.startsWith('trust-policy') || base.startsWith('assume-role-policy')) return 'trust'
  const suffix = /\.(trust|identity|resource|boundary|session|scp|rcp)\.json$/.exec(base)?.[1]
  return suffix as PolicyKind | undefined
}

/**
 * Lints every source. Never throws.
 *
 * @example
 * const report = lintSources([{ path: 'infra/deploy.trust.json', text }], { config: { zone: { accounts: ['111122223333'] } } })
 * for (const f of report.findings) console.log(`${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)
 */
export function lintSources(sources: readonly LintSource[], options: LintSourcesOptions = {}): LintReport {
  const findings: LintFinding[] = []
  const errors: LintInputError[] = []
  let files = 0
  let policies = 0
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const inputs = sources.filter((source) => !isIgnored(options.config, source.path)).map((source) => ({ source, read: readHost(source) }))
  // An organization file puts its accounts and organization inside the zone of trust of the whole run.
  const config = withOrganizationZone(
    options.config,
    inputs.flatMap(({ read }) => ('error' in read || read.format !== 'json' || !isOrganizationFile(read.host.value) ? [] : [organizationMembers(read.host.value)])),
  )
  for (const { source, read } of inputs) {
    files++
    if ('error' in read) {
      errors.push(read.error)
      continue
    }
    const { host, format } = read
    const found = extract(host, format, source.path, options.kind)
    if (found === undefined) {
      errors.push({ code: 'input.not-a-policy', file: source.path, pointer: '', message: 'the file is not a policy, snapshot, CloudFormation template or Terraform plan', position: { line: 1, column: 1 } })
      continue
    }
    findings.push(...durationFindings(host, source.path, config))
    for (const item of found) {
      if (!isEmbedded(item)) {
        findings.push(unresolvedFinding(source.path, item))
        continue
      }
      policies++
      findings.push(...lintEmbedded(source.path, item, config))
    }
  }
  const marked = findings.map((f) => {
    if (f.suppressed !== undefined) return f
    const suppression = findSuppression(options.config, f, today)
    if (suppression !== undefined) return { ...f, suppressed: { kind: 'external' as const, by: 'config' as const, justification: suppression.reason } }
    if (options.baseline?.has(f.fingerprint) === true) return { ...f, suppressed: { kind: 'external' as const, by: 'baseline' as const, justification: 'in baseline' } }
    return f
  })
  marked.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) : a.file < b.file ? -1 : 1))
  return { findings: marked, errors, files, policies }
}

function readHost(source: LintSource): { host: HostDocument; format: 'json' | 'yaml' } | { error: LintInputError } {
  const yamlName = /\.(ya?ml|template)$/i.test(source.path)
  // JSON first when the text looks like JSON (CDK and JSON `.template` files); YAML files may still be flow-style.
  if (!yamlName || /^\s*[{[]/.test(source.text)) {
    const r = readJsonHost(source.text)
    const fatal = r.diagnostics.find((d) => d.code !== 'json.duplicate-key')
    if (r.document !== undefined && fatal === undefined) return { host: r.document, format: 'json' }
    if (!yamlName) {
      const d = fatal ?? r.diagnostics[0]
      return { error: { code: d?.code ?? 'json.syntax', file: source.path, pointer: d?.pointer ?? '', message: d?.message ?? 'the text is not valid JSON', ...(d?.position !== undefined ? { position: d.position } : {}) } }
    }
  }
  const r = readYamlHost(source.text)
  if (r.document !== undefined) return { host: r.document, format: 'yaml' }
  const first = r.problems[0]
  return { error: { code: 'input.invalid-yaml', file: source.path, pointer: '', message: first?.message ?? 'invalid YAML', ...(first?.position !== undefined ? { position: first.position } : {}) } }
}

function extract(host: HostDocument, format: 'json' | 'yaml', path: string, kind: PolicyKind | undefined): (EmbeddedPolicy | UnknownPolicy)[] | undefined {
  const v = host.value
  if (isTemplate(v)) return templatePolicies(host)
  if (format === 'json' && isPlan(v)) return planPolicies(host)
  if (format === 'json' && isSnapshot(v)) return snapshotPolicies(host)
  if (format === 'json' && isOrganizationFile(v)) return organizationPolicies(host)
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, 'Statement')) {
    const name = toPosix(path).split('/').pop() ?? path
    return [embed(host, '', v, name, kind ?? kindFromFileName(path))]
  }
  return undefined
}

function lintEmbedded(file: string, policy: EmbeddedPolicy, config: LintConfig | undefined): LintFinding[] {
  const found = lintDocument(policy.input, policy.kind, {
    name: policy.name,
    unknownPointers: policy.unknownPointers,
    ...(config !== undefined ? { config } : {}),
    ...(policy.ownAccount !== undefined ? { ownAccount: policy.ownAccount } : {}),
  })
  return found.map((f) => {
    const position = policy.locate(f.pointer) ?? { line: 1, column: 1 }
    // The stack's own account has no number in a template: show it as CloudFormation writes it.
    const message = policy.ownAccount === PLACEHOLDER_OWN_ACCOUNT ? f.message.split(PLACEHOLDER_OWN_ACCOUNT).join('${AWS::AccountId}') : f.message
    const hostPointer = policy.mapPointer?.(f.pointer) ?? policy.hostPointer + f.pointer
    const found = finding(file, f.ruleId, f.severity, message, hostPointer, position, policy.name, f.pointer)
    const inSource = policy.inSource?.find((s) => s.rule === f.ruleId || s.rule === '*')
    return inSource === undefined ? found : { ...found, suppressed: { kind: 'inSource' as const, by: 'source' as const, justification: inSource.reason } }
  })
}

/** `role-max-session-duration` for the roles of a template, plan or get-role output. */
function durationFindings(host: HostDocument, file: string, config: LintConfig | undefined): LintFinding[] {
  const v = host.value
  const format = isTemplate(v) ? 'cloudformation' : isPlan(v) ? 'terraform' : isSnapshot(v) ? 'snapshot' : undefined
  if (format === undefined) return []
  const severity = effectiveSeverity(config, SESSION_DURATION_RULE.id, SESSION_DURATION_RULE.severity)
  if (severity === 'off') return []
  const limit = config?.maxSessionDurationSeconds ?? 3600
  return sessionDurations(host, format)
    .filter((d) => d.seconds > limit)
    .map((d) => {
      const message = `role ${d.name} allows sessions of ${d.seconds} seconds, more than ${limit}`
      return finding(file, SESSION_DURATION_RULE.id, severity, message, d.hostPointer, host.positionOf(d.hostPointer) ?? { line: 1, column: 1 }, d.name, '/MaxSessionDuration')
    })
}

function unresolvedFinding(file: string, item: UnknownPolicy): LintFinding {
  const message = `policy ${item.name}: ${item.why}; it was not linted`
  return finding(file, UNRESOLVED_RULE.id, UNRESOLVED_RULE.severity, message, item.hostPointer, item.position ?? { line: 1, column: 1 }, item.name, '')
}

function finding(
  file: string,
  ruleId: string,
  severity: LintFinding['severity'],
  message: string,
  pointer: string,
  position: SourcePosition,
  policyName: string,
  policyPointer: string,
): LintFinding {
  return {
    ruleId,
    severity,
    level: levelOf(severity),
    message,
    file,
    pointer,
    line: position.line,
    column: position.column,
    policyName,
    fingerprint: findingFingerprint({ ruleId, file, policyName, pointer: policyPointer, message }),
  }
}
