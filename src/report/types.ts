/**
 * The report model: everything the HTML report shows, gathered once from the analyses and inlined into
 * the page as JSON. The page's script only draws it; it decides nothing. Versioned (`version: 1`).
 *
 * Principals are nodes, referred to by index (`ReportNode.id`) so that a principal reaching hundreds of
 * roles is written once; conditions and notes are interned the same way.
 */

/**
 * An answer of an analysis: allowed whatever the unknown request values, allowed exactly under the
 * listed conditions, or undecided by the inputs (access is possible).
 */
export type ReportAccess = 'allowed' | 'conditional' | 'uncertain'

/** Why an answer is `uncertain`, or what an input lacked. */
export interface ReportReason {
  readonly code: string
  readonly message: string
  readonly file?: string
  readonly pointer?: string
}

/** What a node is. `account`, `principal` (an ARN), `service`, `federated` and `anyone` are outside the snapshot. */
type ReportNodeKind = 'user' | 'role' | 'account' | 'principal' | 'service' | 'federated' | 'anyone'

/** A principal or role of the graph, referred to by its index in {@link ReportModel.nodes}. */
export interface ReportNode {
  readonly kind: ReportNodeKind
  /** Short name for the picture (`Deploy`, `codebuild.amazonaws.com`, `account 444455556666`). */
  readonly label: string
  /** The full ARN, service name, provider ARN, account id or `*`. */
  readonly ref: string
  /** The owning account, when known. */
  readonly account?: string
  /** Set for principals the snapshot does not describe. */
  readonly external?: true
  /** For federated principals: an OpenID Connect or SAML provider. */
  readonly provider?: 'oidc' | 'saml'
  /** Indices into {@link ReportModel.findings} of findings in this principal's policies. */
  readonly findings?: readonly number[]
  /** Indices into {@link ReportModel.gaps} of problems reading this principal. */
  readonly gaps?: readonly number[]
}

/**
 * Principals that can assume a role with the same answer. Short keys: a large organization has tens of
 * thousands of answers, and principals with the same policies share one entry. `p` principal nodes,
 * `a` access, `c` condition index, `u` uncertain reasons, `v` roles passed through (nodes, in order),
 * `n` note indices.
 */
export interface ReportEntry {
  readonly p: readonly number[]
  readonly a: ReportAccess
  readonly c?: number
  readonly u?: readonly ReportReason[]
  readonly v?: readonly number[]
  readonly n?: readonly number[]
}

/** A role with who can assume it. */
export interface ReportRole {
  readonly node: number
  readonly name: string
  readonly arn: string
  readonly account: string
  readonly path: string
  readonly serviceLinked: boolean
  readonly maxSessionSeconds?: number
  /** The trust policy as the snapshot has it (URL-encoded documents decoded), or null when it could not be read. */
  readonly trust: ReportJson | null
  /** Who can assume the role in one call (the edges of the graph). */
  readonly direct: readonly ReportEntry[]
  /** Who can reach it only through other roles (`v` set), from the engine's path search. */
  readonly chains: readonly ReportEntry[]
  /** True when {@link chains} stopped at the report's limit: more principals may reach the role. */
  readonly chainsCut: boolean
  /** Principals outside the snapshot that the trust policy names but that cannot assume the role. */
  readonly denied: readonly { readonly p: number; readonly decision: string }[]
  /** Set when who can assume the role cannot be decided at all (e.g. its trust policy is unreadable). */
  readonly uncertain?: readonly ReportReason[]
}

/** A JSON value (a policy document). */
export type ReportJson = string | number | boolean | null | readonly ReportJson[] | { readonly [key: string]: ReportJson }

/** An interned condition (a residual): an OR (`anyOf`) of ANDs of literals (indices into {@link ReportModel.literals}). */
export interface ReportCondition {
  readonly text: string
  /** True when the conditions are sufficient but not exact (too many to enumerate). */
  readonly approximate: boolean
  readonly anyOf: readonly (readonly number[])[]
}

/** One condition on a request value, with the statements it comes from (indices into {@link ReportModel.sources}). */
export interface ReportLiteral {
  readonly text: string
  readonly sources: readonly number[]
}

/** A lint finding, located in its snapshot file. */
export interface ReportFinding {
  readonly rule: string
  readonly severity: string
  readonly level: 'error' | 'warning' | 'note'
  readonly message: string
  readonly file: string
  readonly line: number
  readonly column: number
  /** JSON pointer in the file. */
  readonly pointer: string
  /** JSON pointer inside the policy document (for trust policies: into {@link ReportRole.trust}). */
  readonly policyPointer?: string
  readonly policy?: string
  /** The principal whose policy it is, when the finding is in a user's or role's own policy. */
  readonly node?: number
  readonly suppressed?: string
}

/** A problem with the input: a file that could not be read, a policy the snapshot lacks, … */
export interface ReportGap {
  readonly code: string
  readonly severity: string
  readonly message: string
  readonly file?: string
  readonly pointer?: string
  readonly line?: number
  readonly column?: number
  readonly node?: number
}

/** An account of the snapshot or of its organization. */
interface ReportAccount {
  readonly id: string
  readonly name?: string
  /** False when only the organization file names it. */
  readonly described: boolean
  readonly orgId?: string
  readonly orgPath?: string
  readonly management: boolean
  readonly users: number
  readonly roles: number
}

/** One step of a privilege-escalation path. */
interface ReportEscalationStep {
  /** Technique id (e.g. `iam-pass-role`, `assume-role`). */
  readonly technique: string
  readonly description: string
  readonly action?: string
  readonly resource?: string
  readonly c?: number
}

/** A privilege-escalation path from a principal to administrator or to a role. */
interface ReportEscalationPath {
  readonly p: number
  /** `administrator`, or the node of the role reached. */
  readonly target: 'administrator' | number
  readonly a: ReportAccess
  readonly c?: number
  readonly u?: readonly ReportReason[]
  readonly steps: readonly ReportEscalationStep[]
}

/** Escalation paths: filled in when the escalation analysis runs, otherwise said to be not analysed. */
type ReportEscalations = { readonly status: 'not-analysed'; readonly reason: string } | { readonly status: 'analysed'; readonly paths: readonly ReportEscalationPath[] }

/** Counts shown at the top of the page. */
interface ReportSummary {
  readonly accounts: number
  readonly roles: number
  readonly users: number
  /** Users and roles of the snapshot. */
  readonly principals: number
  /** Distinct principals outside the snapshot that can assume some role. */
  readonly externalPrincipals: number
  /** (role, external principal) pairs with access. */
  readonly externalTrusts: number
  /** Answers (and roles) whose access the inputs cannot decide. */
  readonly uncertain: number
  readonly gaps: number
  readonly findings: number
  /** (role, principal) pairs with direct access. */
  readonly edges: number
}

/** The whole report. */
export interface ReportModel {
  readonly format: 'iamtrace-report'
  readonly version: 1
  /** `iamtrace 0.1.0`. */
  readonly generator: string
  /** ISO time the report was made, or null (reproducible output). */
  readonly generatedAt: string | null
  readonly title: string
  /** The input files, in order. */
  readonly files: readonly string[]
  /** False when some input could not be read fully: answers may be missing. */
  readonly complete: boolean
  readonly summary: ReportSummary
  readonly accounts: readonly ReportAccount[]
  readonly nodes: readonly ReportNode[]
  readonly roles: readonly ReportRole[]
  readonly conditions: readonly ReportCondition[]
  readonly literals: readonly ReportLiteral[]
  /** Statements conditions come from: `identity policy "AssumeProd" statement #0 (Sid) at /Statement/0/Condition/…`. */
  readonly sources: readonly string[]
  readonly notes: readonly string[]
  readonly findings: readonly ReportFinding[]
  readonly gaps: readonly ReportGap[]
  readonly escalations: ReportEscalations
  /** The limits the analysis ran with. */
  readonly limits: { readonly maxDepth: number; readonly maxChainsPerRole: number }
  /** Context keys the analysis fixed (`--context`). */
  readonly context: Readonly<Record<string, string | readonly string[]>>
}
