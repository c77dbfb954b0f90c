/**
 * The rule registry: every rule iamtrace can report, with stable ids. Rules computed from the AST live in
 * `rules/`; parser diagnostics are reported under a catalog rule when one covers them (e.g.
 * `policy.resource-not-allowed` in a trust policy is `trust-resource-element`) and under their own code
 * otherwise. https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from '../diagnostics.js'
import type { PolicyKind } from '../policy/types.js'
import { DOCS } from './docs.js'
import { DIFF_TRUST_RULE } from './diffRule.js'
import { SNAPSHOT_GAP_RULE } from './snapshotGaps.js'
import { BREADTH_RULES } from './rules/breadth.js'
import { CONDITION_RULES } from './rules/conditions.js'
import { FEDERATION_RULES } from './rules/federation.js'
import { IDENTITY_RULES } from './rules/identityPolicy.js'
import { SERVICE_RULES } from './rules/service.js'
import { STRUCTURE_RULES } from './rules/structure.js'
import type { LintRule, LintSeverity, RuleMeta } from './types.js'

/** Rules fed by parser diagnostics. */
interface MappedRule extends RuleMeta {
  readonly codes: readonly DiagnosticCode[]
  /** Only for principal values under this map key (from the pointer). */
  readonly principalType?: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'
  /** Only in trust policies (condition structure applies to every kind). */
  readonly trustOnly: boolean
}

const mapped = (m: Omit<MappedRule, 'name' | 'tags' | 'trustOnly'> & { tags?: readonly string[]; trustOnly?: boolean }): MappedRule => ({
  ...m,
  name: m.id.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(''),
  tags: m.tags ?? ['correctness'],
  trustOnly: m.trustOnly ?? true,
})

const MAPPED_RULES: readonly MappedRule[] = [
  mapped({ id: 'trust-resource-element', severity: 'error', codes: ['policy.resource-not-allowed'], summary: '`Resource` or `NotResource` in a trust statement', description: 'A trust policy applies to its own role; IAM rejects the element ("Has prohibited field Resource").', help: 'Remove Resource / NotResource from the statement.', helpUri: DOCS.AA }),
  mapped({ id: 'trust-notprincipal', severity: 'error', codes: ['policy.not-principal-not-allowed'], tags: ['security', 'correctness'], summary: '`NotPrincipal` in a role trust policy', description: 'NotPrincipal is not supported in trust policies; with Allow it would admit everyone else, anonymous callers included.', help: 'Name the trusted principals with Principal.', helpUri: DOCS.NOTPRIN }),
  mapped({ id: 'trust-principal-bare-star', severity: 'error', codes: ['principal.bare-wildcard-in-trust'], tags: ['security', 'correctness'], summary: '`"Principal": "*"` in a role trust policy', description: 'IAM rejects the bare wildcard in a role trust policy; `{"AWS":"*"}` is the form that evaluates (and is public).', help: 'Name the trusted principals.', helpUri: DOCS.AA }),
  mapped({ id: 'trust-principal-partial-wildcard', severity: 'error', codes: ['principal.partial-wildcard', 'principal.service-wildcard'], summary: 'a wildcard inside a principal value', description: 'Principal values are not patterns: `*` is allowed only as the whole AWS value.', help: 'Use `"AWS": "*"` with an `ArnLike aws:PrincipalArn` condition instead.', helpUri: DOCS.PRIN }),
  mapped({ id: 'trust-missing-principal', severity: 'error', codes: ['policy.missing-principal'], summary: 'a trust statement has no Principal', description: 'Trust statements must name who may assume the role.', help: 'Add a Principal element.', helpUri: DOCS.AA }),
  mapped({ id: 'trust-missing-action', severity: 'error', codes: ['policy.missing-action'], summary: 'a statement has neither Action nor NotAction', description: 'Action is required.', help: 'Add the assume action, e.g. `sts:AssumeRole`.', helpUri: DOCS.AA }),
  mapped({ id: 'trust-invalid-principal-key', severity: 'error', codes: ['principal.invalid-key'], summary: 'a principal key other than AWS, Service or Federated', description: 'Unknown principal keys make IAM reject the policy.', help: 'Use AWS, Service or Federated (keys are case-sensitive).', helpUri: DOCS.PRIN }),
  mapped({ id: 'trust-invalid-principal-format', severity: 'error', principalType: 'AWS', codes: ['principal.invalid-account', 'principal.invalid-arn', 'principal.invalid-value'], summary: 'a malformed account id or principal ARN', description: 'Malformed AWS principals are rejected or never match.', help: 'Use a 12-digit account id or a user, role, assumed-role or root ARN.', helpUri: DOCS.PRIN }),
  mapped({ id: 'trust-invalid-service-principal', severity: 'error', principalType: 'Service', codes: ['principal.invalid-value', 'principal.invalid-arn', 'principal.invalid-account'], summary: 'a service principal is not an AWS service name', description: 'Service principals are DNS names such as `ec2.amazonaws.com`.', help: 'Use the documented service principal.', helpUri: DOCS.PRIN }),
  mapped({ id: 'trust-invalid-federated-principal', severity: 'error', principalType: 'Federated', codes: ['principal.invalid-value', 'principal.invalid-arn', 'principal.invalid-account'], summary: 'a Federated principal is not a provider ARN or built-in identity provider', description: 'Federated principals are `oidc-provider/…` or `saml-provider/…` ARNs, or a built-in IdP such as `cognito-identity.amazonaws.com`.', help: 'Use the provider ARN of your IAM identity provider.', helpUri: DOCS.AA }),
  mapped({ id: 'trust-sid', severity: 'low', codes: ['policy.invalid-sid', 'policy.duplicate-sid'], tags: ['maintainability'], summary: 'a duplicate Sid or one with characters other than letters and digits', description: 'IAM policies accept only `[A-Za-z0-9]` Sids, unique within the policy.', help: 'Rename the Sid.', helpUri: DOCS.SID, trustOnly: false }),
  mapped({ id: 'trust-empty-elements', severity: 'info', codes: ['policy.empty-array', 'condition.empty'], tags: ['maintainability'], summary: 'an empty principal, action or condition', description: 'Empty elements match nothing: the statement has no effect.', help: 'Fill the element or remove the statement.', helpUri: DOCS.AA }),
  mapped({ id: 'cond-structure', severity: 'error', codes: ['condition.duplicate-key-case', 'condition.null-if-exists', 'condition.unknown-operator'], summary: 'a condition IAM rejects: unknown operator, NullIfExists, or a key repeated with different case', description: 'IAM rejects these conditions; iamtrace evaluates them fail-closed.', help: 'Use an operator from AWS\'s list and write each key once.', helpUri: DOCS.OPS, trustOnly: false }),
]

/** The rule meta for a diagnostic code reported under its own id. */
function grammarRule(code: DiagnosticCode): RuleMeta {
  const entry = DIAGNOSTIC_CODES[code]
  const severity: LintSeverity = entry.severity === 'error' ? 'error' : entry.severity === 'warning' ? 'low' : 'info'
  return {
    id: code,
    name: code.split(/[.-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(''),
    severity,
    summary: entry.summary,
    description: `The policy parser reports: ${entry.summary}.`,
    help: 'Fix the element at the reported location; see the policy grammar.',
    helpUri: code.startsWith('variable.') ? DOCS.VARS : code.startsWith('condition.') ? DOCS.OPS : DOCS.GRAM,
    tags: ['correctness', 'grammar'],
  }
}

const GRAMMAR_CODES = (Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]).filter((c) => /^(json|policy|principal|condition|variable)\./.test(c))

/** Rule id of the finding that iac inputs report when a value is unknown. */
export const UNRESOLVED_RULE: RuleMeta = {
  id: 'iac-unresolved-value',
  name: 'IacUnresolvedValue',
  severity: 'info',
  summary: 'a value of a template or Terraform configuration cannot be resolved; the checks it leaves undecided are named',
  description: 'iamtrace never guesses an unresolved value (an import, a parameter or variable without default, a value known only at deployment): checks do not decide on it, and this note names the checks it leaves undecided.',
  help: 'Give the parameter or variable a default, lint the rendered policy (a plan, `cdk synth` output), or review the element by hand.',
  helpUri: DOCS.CFN_INTRINSIC,
  tags: ['iac'],
}

/** Role settings outside the policy document (group H). */
export const SESSION_DURATION_RULE: RuleMeta = {
  id: 'role-max-session-duration',
  name: 'RoleMaxSessionDuration',
  severity: 'low',
  summary: 'a role allows sessions longer than the configured maximum (default one hour)',
  description: 'Longer sessions keep stolen credentials valid longer; AWS allows up to 12 hours. Role chaining is capped at one hour anyway.',
  help: 'Lower MaxSessionDuration, or raise `maxSessionDurationSeconds` in `.iamtrace.json` if the role needs it.',
  helpUri: DOCS.CFN_ROLE,
  tags: ['security', 'role'],
}

/** Every rule computed from the AST. */
export const AST_RULES: readonly LintRule[] = [...STRUCTURE_RULES, ...BREADTH_RULES, ...SERVICE_RULES, ...FEDERATION_RULES, ...CONDITION_RULES, ...IDENTITY_RULES]

/**
 * Metadata of every rule iamtrace can report, sorted by id (SARIF `tool.driver.rules`).
 *
 * @example
 * for (const rule of LINT_RULES) console.log(rule.id, rule.severity)
 */
export const RULES: readonly RuleMeta[] = (() => {
  const byId = new Map<string, RuleMeta>()
  const strip = (r: RuleMeta): RuleMeta => ({ id: r.id, name: r.name, severity: r.severity, summary: r.summary, description: r.description, help: r.help, helpUri: r.helpUri, tags: r.tags })
  for (const r of MAPPED_RULES) byId.set(r.id, strip(r))
  for (const r of AST_RULES) if (!byId.has(r.id)) byId.set(r.id, strip(r))
  for (const c of GRAMMAR_CODES) byId.set(c, grammarRule(c))
  byId.set(UNRESOLVED_RULE.id, UNRESOLVED_RULE)
  byId.set(SESSION_DURATION_RULE.id, SESSION_DURATION_RULE)
  byId.set(SNAPSHOT_GAP_RULE.id, SNAPSHOT_GAP_RULE)
  byId.set(DIFF_TRUST_RULE.id, DIFF_TRUST_RULE)
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id))
})()

const RULES_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(RULES.map((r) => [r.id, r]))

/**
 * The rule with this id, if any.
 *
 * @example
 * lintRuleById('trust-any-aws-principal')?.severity // the rule's default severity
 */
export function ruleById(id: string): RuleMeta | undefined {
  return RULES_BY_ID.get(id)
}

/** The rule a parser diagnostic is reported under, for a policy of `kind`. */
export function ruleIdForDiagnostic(d: Diagnostic, kind: PolicyKind): string {
  const principalType = /\/(?:Not)?Principal\/(AWS|Service|Federated|CanonicalUser)(?:\/|$)/.exec(d.pointer)?.[1]
  for (const m of MAPPED_RULES) {
    if (m.trustOnly && kind !== 'trust') continue
    if (!m.codes.includes(d.code)) continue
    if (m.principalType !== undefined && m.principalType !== principalType) continue
    return m.id
  }
  return d.code
}
