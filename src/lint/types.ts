/**
 * Types of the linter: rules, their findings, the zone of trust, and the inputs the core accepts.
 * The core never reads files: callers hand in `{ path, text }` pairs and get findings back.
 */
import type { SourcePosition } from '../diagnostics.js'
import type { Policy, PolicyKind } from '../policy/types.js'

/** Finding severity: security opinion (critical…info) or `error` (AWS rejects or ignores the element). */
export type LintSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info' | 'error'

/** SARIF result level, also used by `--fail-on`. */
export type LintLevel = 'error' | 'warning' | 'note'

/** Static description of a rule, as declared in SARIF `tool.driver.rules`. */
export interface RuleMeta {
  /** Stable id, never renamed (e.g. `trust-github-no-sub`). */
  readonly id: string
  /** PascalCase name for SARIF. */
  readonly name: string
  readonly severity: LintSeverity
  /** One line: what the rule flags. */
  readonly summary: string
  /** Why it matters. */
  readonly description: string
  /** How to fix it. */
  readonly help: string
  /** The AWS documentation page the rule is based on. */
  readonly helpUri: string
  readonly tags: readonly string[]
}

/** One place a rule fires, relative to the policy document. */
export interface RuleHit {
  /** JSON pointer into the policy document. */
  readonly pointer: string
  /** One line naming the offending element. */
  readonly message: string
}

/** Your zone of trust: accounts, organizations and CI identities you control. */
export interface TrustZone {
  readonly accounts: readonly string[]
  readonly organizations: readonly string[]
  readonly githubOrganizations: readonly string[]
  readonly terraformOrganizations: readonly string[]
  readonly gitlabGroups: readonly string[]
}

/** Tunables that rules read. */
export interface RuleOptions {
  readonly zone: TrustZone
  /** Service principals that never send aws:SourceArn/aws:SourceAccount (no `trust-service-no-source` for them). */
  readonly servicesWithoutSourceKeys: readonly string[]
  /** Role trust policy length quota in characters, whitespace excluded (AWS default 2048). */
  readonly trustPolicySizeLimit: number
}

/** What a rule sees: one parsed policy. */
export interface RuleContext {
  readonly policy: Policy
  readonly kind: PolicyKind
  readonly options: RuleOptions
  /** The account that owns the role or policy, when the input says so (snapshot ARN, plan). */
  readonly ownAccount?: string
  /** Canonical text length of the document without whitespace, when known. */
  readonly compactLength?: number
  /** True for a pointer (policy-relative) whose value is unknown (CloudFormation intrinsic, plan unknown). */
  isUnknown(pointer: string): boolean
  /** Records that a check could not decide because of an unknown value at `pointer`. */
  undecided(ruleId: string, pointer: string): void
}

/** A rule: metadata plus its check over a parsed policy. */
export interface LintRule extends RuleMeta {
  /** Policy kinds the rule applies to. */
  readonly kinds: readonly PolicyKind[]
  check(ctx: RuleContext): readonly RuleHit[]
}

/** A suppression applied to a finding (SARIF `suppressions`). */
export interface FindingSuppression {
  /** `inSource`: declared in the linted file (CloudFormation `Metadata`); `external`: config or baseline. */
  readonly kind: 'inSource' | 'external'
  readonly by: 'source' | 'config' | 'baseline'
  readonly justification?: string
}

/** One lint finding, located in the original file. */
export interface LintFinding {
  readonly ruleId: string
  readonly severity: LintSeverity
  readonly level: LintLevel
  readonly message: string
  /** The input path as given (forward slashes in SARIF). */
  readonly file: string
  /** JSON pointer in the file (for embedded policies: host pointer + policy pointer). */
  readonly pointer: string
  /** 1-based line and column in the original file. */
  readonly line: number
  readonly column: number
  /** Display name of the policy (role name, logical id, resource address...). */
  readonly policyName?: string
  /** Stable across runs and line moves: rule, file, policy name and pointer. */
  readonly fingerprint: string
  readonly suppressed?: FindingSuppression
  /** For `iac-unresolved-value`: the checks the unresolved value kept from being decided (`*`: every check). */
  readonly prevents?: readonly string[]
}

/** A problem that kept a file (or part of it) from being linted. */
export interface LintInputError {
  readonly code: string
  readonly file: string
  readonly message: string
  readonly pointer: string
  readonly position?: SourcePosition
}

/** One text input to the linter. */
export interface LintSource {
  readonly path: string
  readonly text: string
}
