/**
 * Lints a set of text inputs: policy files, account snapshots, CloudFormation templates (JSON or YAML),
 * Terraform configurations (`.tf`) and plans. Each input is classified from its content; every policy found is linted and every
 * finding is located in the original file. A bad input is an input error for that file only.
 */
import type { SourcePosition } from '../diagnostics.js'
import type { PolicyKind } from '../policy/types.js'
import { effectiveSeverity, findSuppression, isIgnored, toPosix, type LintConfig } from './config.js'
import { finding, lintEmbedded, mergeVariants, unreadDocument, type VariantFinding } from './lintEmbedded.js'
import { isOrganizationFile, organizationMembers, organizationPolicies, withOrganizationZone } from './organizationFile.js'
import { SESSION_DURATION_RULE, UNRESOLVED_RULE } from './registry.js'
import { SNAPSHOT_GAP_RULE, snapshotGaps } from './snapshotGaps.js'
import { isTemplate, templatePolicies } from './sources/cloudformation.js'
import { embed, isEmbedded, type EmbeddedPolicy, type UnknownPolicy } from './sources/embedded.js'
import { parseHcl } from './sources/hclParse.js'
import type { HclParser } from './sources/hclSyntax.js'
import type { HostDocument } from './sources/host.js'
import { readHost } from './sources/readHost.js'
import { isTerraformFile, readTerraformModule, terraformModules } from './sources/terraform.js'
import { isSnapshot, snapshotPolicies } from './sources/snapshot.js'
import { isPlan, planPolicies } from './sources/terraformPlan.js'
import { sessionDurations, type SessionDurationSetting } from './sources/roleSettings.js'
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
  /** Parser for Terraform `.tf` files (default: iamtrace's own). */
  readonly parseHcl?: HclParser
}

/** What a lint run produced. */
export interface LintReport {
  readonly findings: readonly LintFinding[]
  readonly errors: readonly LintInputError[]
  /** Files linted (ignored files and files that could not be read excluded). */
  readonly files: number
  /** Files that could not be read or hold nothing iamtrace lints (each has an entry in `errors`). */
  readonly unreadable: number
  /** Policies linted. */
  readonly policies: number
}

/** What an input file is. */
export type InputFormat = 'policy' | 'snapshot' | 'cloudformation' | 'terraform-plan' | 'terraform'

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
 * Lints every source. Never throws. Terraform `.tf` files of one directory are read together, as the
 * module they form.
 *
 * @example
 * const report = lintSources([{ path: 'infra/deploy.trust.json', text }], { config: { zone: { accounts: ['111122223333'] } } })
 * for (const f of report.findings) console.log(`${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)
 */
export function lintSources(sources: readonly LintSource[], options: LintSourcesOptions = {}): LintReport {
  const findings: LintFinding[] = []
  const variants: VariantFinding[] = []
  const errors: LintInputError[] = []
  const linted = new Set<string>()
  const snapshots: LintSource[] = []
  let policies = 0
  const sites = new Set<string>()
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const active = sources.filter((s) => !isIgnored(options.config, s.path))
  const terraform = active.filter((s) => isTerraformFile(s.path))
  const inputs = active.filter((s) => !isTerraformFile(s.path)).map((source) => ({ source, read: readHost(source) }))
  // An organization file puts its accounts and organization inside the zone of trust of the whole run.
  const config = withOrganizationZone(
    options.config,
    inputs.flatMap(({ read }) => ('error' in read || read.format !== 'json' || !isOrganizationFile(read.host.value) ? [] : [organizationMembers(read.host.value)])),
  )
  const lintItems = (path: string, items: readonly (EmbeddedPolicy | UnknownPolicy)[]): void => {
    for (const item of items) {
      if (!isEmbedded(item)) {
        findings.push(unreadDocument(path, item))
        continue
      }
      // The Fn::If variants of one policy count as one policy.
      if (item.variant === undefined || !sites.has(item.variant.site)) policies++
      if (item.variant !== undefined) sites.add(item.variant.site)
      const r = lintEmbedded(path, item, config)
      findings.push(...r.findings)
      variants.push(...r.variants)
    }
  }
  for (const { source, read } of inputs) {
    if ('error' in read) {
      errors.push(read.error)
      continue
    }
    const { host, format } = read
    const found = extract(host, format, source.path, options.kind)
    if (found === undefined) {
      errors.push({ code: 'input.not-a-policy', file: source.path, pointer: '', message: 'the file is not a policy, snapshot, CloudFormation template, Terraform configuration or plan', position: { line: 1, column: 1 } })
      continue
    }
    if (format === 'json' && isSnapshot(host.value)) snapshots.push(source)
    linted.add(source.path)
    findings.push(...durationFindings(host, source.path, config))
    lintItems(source.path, found)
  }
  for (const module of terraformModules(terraform)) {
    const read = readTerraformModule(module, options.parseHcl ?? parseHcl)
    errors.push(...read.errors)
    for (const f of read.read) linted.add(f)
    const [first] = module
    lintItems(first?.path ?? '', read.items)
    for (const d of read.durations) findings.push(...durationFinding(d, first?.path ?? '', undefined, config))
  }
  findings.push(...mergeVariants(variants))
  // What the snapshot files could not give (truncated pages, missing policies) is named, never silent.
  const gapSeverity = effectiveSeverity(config, SNAPSHOT_GAP_RULE.id, SNAPSHOT_GAP_RULE.severity)
  if (gapSeverity !== 'off') for (const g of snapshotGaps(snapshots)) findings.push(finding({ file: g.file, ruleId: SNAPSHOT_GAP_RULE.id, severity: gapSeverity, message: g.message, pointer: g.pointer, position: { line: 1, column: 1 }, policyName: 'snapshot', policyPointer: '' }))
  const marked = mergeNotes(findings).map((f) => {
    if (f.suppressed !== undefined) return f
    const suppression = findSuppression(options.config, f, today)
    if (suppression !== undefined) return { ...f, suppressed: { kind: 'external' as const, by: 'config' as const, justification: suppression.reason } }
    if (options.baseline?.has(f.fingerprint) === true) return { ...f, suppressed: { kind: 'external' as const, by: 'baseline' as const, justification: 'in baseline' } }
    return f
  })
  marked.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) : a.file < b.file ? -1 : 1))
  const unreadable = new Set(errors.map((e) => e.file).filter((f) => !linted.has(f))).size
  return { findings: marked, errors, files: linted.size, unreadable, policies }
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

/** `role-max-session-duration` for the roles of a template, plan or get-role output. */
function durationFindings(host: HostDocument, file: string, config: LintConfig | undefined): LintFinding[] {
  const v = host.value
  const format = isTemplate(v) ? 'cloudformation' : isPlan(v) ? 'terraform' : isSnapshot(v) ? 'snapshot' : undefined
  if (format === undefined) return []
  return sessionDurations(host, format).flatMap((d) => durationFinding(d, file, host.positionOf(d.hostPointer), config))
}

/** The finding for one role's maximum session duration: over the limit, or a note when it is unresolved. */
function durationFinding(d: SessionDurationSetting, file: string, position: SourcePosition | undefined, config: LintConfig | undefined): LintFinding[] {
  const severity = effectiveSeverity(config, SESSION_DURATION_RULE.id, SESSION_DURATION_RULE.severity)
  if (severity === 'off') return []
  const limit = config?.maxSessionDurationSeconds ?? 3600
  const at = { file: d.file ?? file, pointer: d.hostPointer, position: d.position ?? position ?? { line: 1, column: 1 }, policyName: d.name, policyPointer: '/MaxSessionDuration' }
  if (d.seconds === undefined) {
    const u = d.unresolved ?? { what: 'MaxSessionDuration', why: 'it is not a number' }
    return [finding({ ...at, ruleId: UNRESOLVED_RULE.id, severity: UNRESOLVED_RULE.severity, message: `\`${u.what}\` is unresolved (${u.why}); not decided: ${SESSION_DURATION_RULE.id}`, prevents: [SESSION_DURATION_RULE.id] })]
  }
  if (d.seconds <= limit) return []
  return [finding({ ...at, ruleId: SESSION_DURATION_RULE.id, severity, message: `role ${d.name} allows sessions of ${d.seconds} seconds, more than ${limit}` })]
}


/**
 * One note per unresolved value: a value read by several policies (a data source merged into another)
 * is reported once, with every check it leaves undecided. Identical findings at one place are one.
 */
function mergeNotes(findings: readonly LintFinding[]): LintFinding[] {
  const out: LintFinding[] = []
  const notes = new Map<string, number>()
  const seen = new Set<string>()
  for (const f of findings) {
    if (f.ruleId !== UNRESOLVED_RULE.id || f.prevents === undefined) {
      // Statements a dynamic block makes share their lines: the same finding there is shown once.
      const key = [f.file, f.line, f.column, f.ruleId, f.policyName, f.message].join('\u0000')
      if (seen.has(key)) continue
      seen.add(key)
      out.push(f)
      continue
    }
    const key = [f.file, f.line, f.column, f.message.split('; not decided')[0]].join('\u0000')
    const at = notes.get(key)
    const first = at === undefined ? undefined : out[at]
    if (first === undefined) {
      notes.set(key, out.length)
      out.push(f)
    } else if (at !== undefined) out[at] = { ...first, prevents: [...new Set([...(first.prevents ?? []), ...f.prevents])].sort() }
  }
  return out
}
