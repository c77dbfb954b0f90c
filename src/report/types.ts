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
  /** The policy a statement belongs to, when the reason is a statement. */
  readonly policy?: string
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

/**
 * One hop of a privilege-escalation path: `from` obtains the permissions of `to` (a node), or becomes an
 * administrator (`to` is `admin`) by changing the permissions of a principal it controls.
 */
export interface ReportEscalationHop {
  readonly from: number
  readonly to: number | 'admin'
  /** Technique id of the catalogue (`ec2-run-instances`); techniques used together are joined with `+`. */
  readonly t: string
  /** The actions the hop needs, in order, each with the resource it was decided on. */
  readonly actions: readonly (readonly [action: string, resource: string])[]
  readonly a: ReportAccess
  readonly c?: number
  readonly u?: readonly ReportReason[]
  /** The principal that makes the calls when it is not `from` (a grant made by the previous principal). */
  readonly by?: number
  /** Note indices: what the snapshot cannot show and the technique still needs. */
  readonly n?: readonly number[]
}

/** A shortest privilege-escalation path from principal `p` to an administrator. */
export interface ReportEscalationPath {
  readonly p: number
  readonly a: ReportAccess
  /** The conditions of every hop together. */
  readonly c?: number
  readonly u?: readonly ReportReason[]
  readonly hops: readonly ReportEscalationHop[]
}

/** A principal that is an administrator (allowed every probe action on every probe resource), possibly only under conditions. */
export interface ReportAdministrator {
  readonly p: number
  readonly a: ReportAccess
  readonly c?: number
  readonly u?: readonly ReportReason[]
}

/** A technique of the escalation catalogue, as the page explains it. */
export interface ReportTechnique {
  readonly title: string
  readonly summary: string
  /** AWS pages documenting its actions and mechanism. */
  readonly sources: readonly string[]
}

/** The escalation analysis of the snapshot: administrators, and who can become one and how. */
export interface ReportEscalationAnalysis {
  readonly status: 'analysed'
  readonly administrators: readonly ReportAdministrator[]
  /** Up to `limits.maxPaths` shortest paths per principal, grouped by principal, most certain first. */
  readonly paths: readonly ReportEscalationPath[]
  /** The techniques the paths use, by id. */
  readonly techniques: Readonly<Record<string, ReportTechnique>>
  /** False when an input the analysis needs is missing (an inventory, a policy) or a search was cut: see `gaps`. */
  readonly complete: boolean
  /** What the analysis could not read or decide: missing inventories, snapshot gaps, paths cut at `maxDepth`. */
  readonly gaps: readonly ReportReason[]
  /** The time requests were assumed to be made from (ISO), or null when unknown. */
  readonly at: string | null
  readonly limits: { readonly maxPaths: number; readonly maxDepth: number }
}

/** Escalation paths: the analysis, or why it did not run. */
export type ReportEscalations = { readonly status: 'not-analysed'; readonly reason: string } | ReportEscalationAnalysis

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
  /** Administrators, or null when escalations were not analysed. */
  readonly administrators: number | null
  /** Principals (of the snapshot or outside it) with an escalation path to an administrator, or null when not analysed. */
  readonly escalating: number | null
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
