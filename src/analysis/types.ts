/**
 * The answers of an analysis: `allowed`, `conditional` (with the conditions under which it holds),
 * `uncertain` (the inputs cannot decide; access is possible, with the reasons) or `denied`. The
 * evaluator decides every concrete request; an analysis asks it about requests whose context is partly
 * unknown and never turns "cannot tell" into "no access".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { CompiledCondition } from '../conditions/types.js'
import type { DiagnosticCode } from '../diagnostics.js'
import type { CompiledPolicySet, CompiledRequest, EvaluateOptions, EvaluationResult } from '../evaluate/evaluate.js'
import type { RequestInput } from '../request/readRequest.js'
import type { ContextValue } from '../request/types.js'
import type { Tri } from '../trace/types.js'
import type { Atom, AtomTable, Literal } from './atoms.js'

/**
 * What an analysis says about access.
 *
 * @example
 * const exitCode = (a: Access): number => (a === 'allowed' ? 0 : a === 'denied' ? 2 : 4)
 */
export type Access = 'allowed' | 'conditional' | 'uncertain' | 'denied'

/**
 * The decision of an analysis: the three answers, and for `denied` which kind of deny.
 *
 * @example
 * const d: AnalysisDecision = answer.decision // 'allowed' | 'conditional' | 'uncertain' | 'explicitDeny' | 'implicitDeny'
 */
export type AnalysisDecision = 'allowed' | 'conditional' | 'uncertain' | 'explicitDeny' | 'implicitDeny'

/**
 * The access an analysis decision stands for.
 *
 * @example
 * accessOf('explicitDeny') // 'denied'
 */
export function accessOf(decision: AnalysisDecision): Access {
  return decision === 'explicitDeny' || decision === 'implicitDeny' ? 'denied' : decision
}

/**
 * Why an answer is `uncertain`: a stable code, a one-line message, and where the cause is.
 *
 * @example
 * const r: UncertainReason = { code: 'analysis.empty-condition', message: '…', pointer: '/Statement/0/Condition' }
 */
export interface UncertainReason {
  readonly code: DiagnosticCode
  readonly message: string
  /** The input file, when known (snapshot gaps, policies of a snapshot). */
  readonly file?: string
  /** JSON pointer of the statement or element inside its policy (or inside the file for snapshot gaps). */
  readonly pointer?: string
  /** The policy the statement belongs to, when the reason is a statement. */
  readonly policy?: string
}

/** A residual: the allowing assignments as OR of ANDs of literals. */
export interface Residual {
  readonly terms: readonly (readonly Literal[])[]
  /** True when there were too many atoms to enumerate: the terms are a sufficient condition, not the exact one. */
  readonly approximate: boolean
}

/**
 * A concrete request, in the request shape of scenario files, that the evaluator itself decides as
 * `allowed`: proof that the access an answer reports exists.
 *
 * @example
 * const w: Witness = { principal: 'arn:aws:iam::111111111111:user/alice', action: 'sts:AssumeRole',
 *   resource: 'arn:aws:iam::222222222222:role/Admin', context: { 'aws:MultiFactorAuthPresent': 'true' } }
 */
export interface Witness {
  /** An AWS principal ARN, or `{service}` / `{federated}` as in scenario files. */
  readonly principal: string | { readonly service: string } | { readonly federated: string } | { readonly anonymous: true }
  readonly action: string
  readonly resource: string
  readonly resourceAccount?: string
  readonly context: Readonly<Record<string, ContextValue>>
}

/**
 * Which context keys a question leaves open, and how open keys become atoms.
 *
 * @example
 * const open: OpenKeys = { isOpen: (k) => k === 'aws:multifactorauthpresent', variable: (k) => k }
 */
export interface OpenKeys {
  /** True when the question does not know the key (lowercased). */
  isOpen(keyLower: string): boolean
  /** The atom variable for a key in this question (hop-scoped; shared for keys carried along a chain). */
  variable(keyLower: string): string
  /**
   * For a key whose value is only partly known (aws:userid of a role session: `AROA…:<session>`): the
   * condition's results over representative values; a condition that comes out the same in all of
   * them is decided.
   */
  probe?(keyLower: string, condition: CompiledCondition): readonly Tri[] | undefined
}

/**
 * One question for an analysis: a request whose context may leave keys open, and the policies.
 *
 * @example
 * const q: AccessQuestion = { request, policies, keys: { isOpen: (k) => k === 'sts:externalid', variable: (k) => k } }
 */
export interface AccessQuestion {
  /** The request in any shape `evaluateCompiled` takes (a value that is not a request is denied, with errors). */
  readonly request: RequestInput | CompiledRequest
  readonly policies: CompiledPolicySet
  readonly keys: OpenKeys
  /** Reasons that cap the answer at `uncertain` whatever the policies say (e.g. a snapshot gap). */
  readonly gaps?: readonly UncertainReason[]
  /** Values a witness may give some open keys (e.g. `aws:userid` of a role session: `ROLEID:SESSION`). */
  readonly domain?: KeyDomain
}

/**
 * Candidate values of one key for witness search (`undefined` = the key is absent).
 *
 * @example
 * const outsiders: KeyDomain = (k) => (k === 'aws:principalorgid' ? [undefined, ['o-outsider']] : undefined)
 */
export type KeyDomain = (keyLower: string) => readonly (readonly string[] | undefined)[] | undefined

/** Options for {@link analyzeAccess}. */
export interface AnalysisOptions {
  readonly evaluate?: Omit<EvaluateOptions, 'conditionOverride' | 'unknownStatement' | 'trace'>
  /** Enumerate at most this many atoms (default 12, at most 16); beyond, the answer is conservative. */
  readonly maxAtoms?: number
  /** Share atoms with other questions (paths). */
  readonly atoms?: AtomTable
  /** Record the trace of a representative evaluation. */
  readonly trace?: boolean
  /** Evaluate every assignment instead of inferring monotone ones (differential testing). */
  readonly exhaustive?: boolean
  /** Search a witness request (default true). */
  readonly witness?: boolean
  /** Restrict the values tried for some keys in the witness search. */
  readonly domain?: KeyDomain
}

/**
 * The answer of an analysis.
 *
 * @example
 * const a = analyzeAccess(question)
 * if (a.decision === 'conditional') renderDnf(a.conditions?.terms ?? []) // e.g. 'sts:ExternalId = "7f3c"'
 * if (a.decision === 'uncertain') a.uncertain.map((r) => r.code) // e.g. ['analysis.empty-condition']
 */
export interface AccessAnswer {
  readonly decision: AnalysisDecision
  readonly access: Access
  /**
   * `conditional`: exactly when access holds. `uncertain`: when access is possible. Null otherwise
   * (and for `uncertain` when no condition is involved).
   */
  readonly conditions: Residual | null
  /** For `uncertain`: every reason, with code and location. Empty otherwise. */
  readonly uncertain: readonly UncertainReason[]
  readonly atoms: readonly Atom[]
  /** A representative evaluation (for conditional/uncertain answers one allowing case), traced on request. */
  readonly evaluation: EvaluationResult
  /** For `allowed` and `conditional`: a request the evaluator confirms as allowed (null when none was found). */
  readonly witness: Witness | null
  /** Notes on conservative answers. */
  readonly notes: readonly string[]
}
