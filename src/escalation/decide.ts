/**
 * The seam between the escalation analysis and the analysis module: every action an escalation needs is
 * decided here, by the engine (`evaluate/`) through `analyzeAccess`, into allowed / conditional /
 * uncertain / denied. A statement the engine cannot decide makes an Allow possibly apply and a Deny
 * possibly not (uncertain, with the statement named).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { analyzeAccess } from '../analysis/analyze.js'
import type { Literal } from '../analysis/atoms.js'
import type { OpenKeys, Residual } from '../analysis/types.js'
import type { CompiledPolicySet } from '../evaluate/evaluate.js'
import type { Request } from '../request/types.js'
import type { Answer, UncertainReason } from './types.js'

/** One request for the engine, with the context keys the question leaves open. */
export interface ActionQuestion {
  readonly request: Request
  readonly policies: CompiledPolicySet
  readonly keys: OpenKeys
}

/** A residual AND-ed across requests keeps at most this many terms; beyond, it is a sufficient condition. */
const MAX_TERMS = 64

/** The answer `denied`. */
export const DENIED: Answer = { access: 'denied', conditions: null, uncertain: [] }
/** The answer `allowed`. */
export const ALLOWED: Answer = { access: 'allowed', conditions: null, uncertain: [] }

/** An `uncertain` answer for these reasons. */
export function uncertain(reasons: readonly UncertainReason[], conditions: Residual | null = null): Answer {
  return { access: 'uncertain', conditions, uncertain: reasons }
}

/**
 * Decides one request: the engine's decision, with open context keys turned into a residual and
 * undecidable statements into an uncertain answer. No witness is searched: a hop's conditions are
 * combined with others before anyone needs a request. Never throws.
 */
export function decide(q: ActionQuestion, maxAtoms?: number): Answer {
  const r = analyzeAccess({ request: q.request, policies: q.policies, keys: q.keys }, { witness: false, ...(maxAtoms !== undefined ? { maxAtoms } : {}) })
  if (r.access === 'allowed') return ALLOWED
  if (r.access === 'conditional') return { access: 'conditional', conditions: r.conditions, uncertain: [] }
  if (r.access === 'uncertain') return { access: 'uncertain', conditions: r.conditions, uncertain: r.uncertain }
  return DENIED
}

const RANK: Readonly<Record<Answer['access'], number>> = { allowed: 0, conditional: 1, uncertain: 2, denied: 3 }

/** Orders answers from most to least certain access (allowed, conditional, uncertain, denied). */
export function compareAnswers(a: Answer, b: Answer): number {
  return RANK[a.access] - RANK[b.access]
}

/** The conjunction of answers: every request must be allowed. `uncertain` reasons accumulate. */
export function allOf(answers: readonly Answer[]): Answer {
  let conditions: Residual | null = null
  const reasons: UncertainReason[] = []
  let worst: Answer['access'] = 'allowed'
  for (const a of answers) {
    if (a.access === 'denied') return DENIED
    if (RANK[a.access] > RANK[worst]) worst = a.access
    conditions = andResidual(conditions, a.conditions)
    for (const r of a.uncertain) if (!reasons.some((x) => x.code === r.code && x.message === r.message)) reasons.push(r)
  }
  if (worst === 'allowed') return ALLOWED
  return { access: worst, conditions, uncertain: reasons }
}

/**
 * ANDs two residuals (DNF product); literals of the same condition (same statement) required the same
 * way merge. Terms are never dropped as contradictory: two residuals may read the same condition of
 * two different requests.
 */
function andResidual(a: Residual | null, b: Residual | null): Residual | null {
  if (a === null) return b
  if (b === null) return a
  const terms: Literal[][] = []
  let approximate = a.approximate || b.approximate
  outer: for (const x of a.terms) {
    for (const y of b.terms) {
      const term: Literal[] = [...x]
      // The same condition of the same statement, required the same way, is written once.
      for (const l of y) if (!term.some((t) => (t.atom === l.atom || t.atom.condition === l.atom.condition) && t.value === l.value)) term.push(l)
      terms.push(term)
      if (terms.length >= MAX_TERMS) {
        approximate = true
        break outer
      }
    }
  }
  return { terms, approximate }
}
