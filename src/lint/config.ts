/**
 * `.iamtrace.json`: rule severities, disabled rules, path ignores, the zone of trust and suppressions.
 * Validated with ajv against {@link CONFIG_SCHEMA}; a bad config is an input error with its pointer.
 */
import type { ErrorObject } from 'ajv'
import { readJsonText } from '../json/readJson.js'
import { compilePathGlob } from '../matching/pathGlob.js'
import { CONFIG_SCHEMA } from './configSchema.js'
// CONFIG_SCHEMA precompiled by scripts/build-validators.ts: no code generation at run time.
// PERF: the one validator module this file needs, not the index of all of them (a CLI command loads only its own).
import { validateLintConfig } from '../generated/validateLintConfig.js'
import type { LintFinding, LintInputError, LintSeverity, RuleOptions, TrustZone } from './types.js'

/** A suppression entry. */
export interface Suppression {
  readonly rule: string
  readonly paths?: readonly string[]
  readonly policy?: string
  readonly pointer?: string
  readonly reason: string
  readonly expires?: string
}

/** The configuration as written (every field optional). */
export interface LintConfig {
  readonly zone?: Partial<TrustZone>
  readonly rules?: Readonly<Record<string, LintSeverity | 'off'>>
  readonly ignore?: readonly string[]
  readonly suppressions?: readonly Suppression[]
  readonly servicesWithoutSourceKeys?: readonly string[]
  readonly trustPolicySizeLimit?: number
  /** Longest role session allowed without a finding (default 3600 seconds). */
  readonly maxSessionDurationSeconds?: number
}

/** Services that do not send source keys when assuming a role for a customer (EC2 instance profiles, Lambda execution roles). */
const DEFAULT_SERVICES_WITHOUT_SOURCE_KEYS: readonly string[] = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'edgelambda.amazonaws.com']

/** Rule options with defaults filled in. */
export function ruleOptions(config: LintConfig | undefined): RuleOptions {
  const z = config?.zone
  return {
    zone: {
      accounts: z?.accounts ?? [],
      organizations: z?.organizations ?? [],
      githubOrganizations: z?.githubOrganizations ?? [],
      terraformOrganizations: z?.terraformOrganizations ?? [],
      gitlabGroups: z?.gitlabGroups ?? [],
    },
    servicesWithoutSourceKeys: config?.servicesWithoutSourceKeys ?? DEFAULT_SERVICES_WITHOUT_SOURCE_KEYS,
    trustPolicySizeLimit: config?.trustPolicySizeLimit ?? 2048,
  }
}

/** The severity a rule reports with under `config`, or `off`. */
export function effectiveSeverity(config: LintConfig | undefined, ruleId: string, fallback: LintSeverity): LintSeverity | 'off' {
  const rules = config?.rules
  return rules !== undefined && Object.hasOwn(rules, ruleId) ? (rules[ruleId] as LintSeverity | 'off') : fallback
}

/** True when `path` matches an `ignore` glob. */
export function isIgnored(config: LintConfig | undefined, path: string): boolean {
  const p = toPosix(path)
  return (config?.ignore ?? []).some((g) => compilePathGlob(g)(p))
}

/** The suppression that applies to a finding, if any (expired ones do not apply). */
export function findSuppression(config: LintConfig | undefined, finding: LintFinding, today: string): Suppression | undefined {
  for (const s of config?.suppressions ?? []) {
    if (s.rule !== '*' && s.rule !== finding.ruleId) continue
    if (s.expires !== undefined && s.expires < today) continue
    if (s.paths !== undefined && !s.paths.some((g) => compilePathGlob(g)(toPosix(finding.file)))) continue
    if (s.policy !== undefined && s.policy !== finding.policyName) continue
    if (s.pointer !== undefined && !(finding.pointer === s.pointer || finding.pointer.startsWith(`${s.pointer}/`))) continue
    return s
  }
  return undefined
}

/** Forward slashes, no leading `./`. */
export function toPosix(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '')
}

/**
 * Reads and validates a config file. Errors carry the JSON pointer of the offending member and its line.
 *
 * @example
 * const r = parseLintConfig('{"zone":{"accounts":["111122223333"]}}', '.iamtrace.json')
 * if (r.ok) lintSources(sources, { config: r.value })
 */
export function parseLintConfig(text: string, file: string): { ok: true; value: LintConfig } | { ok: false; errors: LintInputError[] } {
  const read = readJsonText(text)
  if (read.document === undefined || read.diagnostics.length > 0) {
    return {
      ok: false,
      errors: read.diagnostics.map((d) => ({ code: d.code, file, message: d.message, pointer: d.pointer, ...(d.position !== undefined ? { position: d.position } : {}) })),
    }
  }
  const doc = read.document
  const validate = validateLintConfig
  // ajv reads plain objects; the reader's null-prototype objects are converted through JSON.
  const value: unknown = JSON.parse(JSON.stringify(doc.value))
  if (validate(value)) return { ok: true, value: value as LintConfig }
  const errors = (validate.errors ?? []).map((e: ErrorObject) => {
    const pointer = e.keyword === 'additionalProperties' ? `${e.instancePath}/${String((e.params as { additionalProperty?: string }).additionalProperty)}` : e.instancePath
    const position = positionNear(doc.positionOf, pointer)
    return { code: 'config.invalid', file, message: `${pointer === '' ? 'the config' : `\`${pointer}\``} ${e.message ?? 'is invalid'}`, pointer, ...(position !== undefined ? { position } : {}) }
  })
  return { ok: false, errors }
}

function positionNear(positionOf: (p: string) => { line: number; column: number } | undefined, pointer: string): { line: number; column: number } | undefined {
  let p = pointer
  for (;;) {
    const found = positionOf(p)
    if (found !== undefined || p === '') return found
    p = p.slice(0, p.lastIndexOf('/'))
  }
}
