/**
 * The minimal-fix search: breadth-first over candidate changes read from the traces, re-evaluating
 * the model after each one. The fixes returned are those with the fewest changes that turn the
 * outcome into `allowed`; each is verified by that re-evaluation, none is offered on faith.
 */
import { blockers, candidatesFor } from './candidates.js'
import type { Candidate } from './candidates.js'
import type { FixAttempt, Fix, FixChange, FixKind, FixProblem, ModelOutcome } from './types.js'

/** Options for {@link searchFixes}. */
export interface FixSearchOptions {
  /** The most changes one fix may combine (default 3). */
  readonly maxChanges?: number
  /** The most fixes returned (default 6). */
  readonly maxFixes?: number
  /** The most re-evaluations spent (default 400). */
  readonly maxEvaluations?: number
}

/**
 * An attempt that changes nothing: the question as it stands.
 *
 * @example
 * problem.evaluate(EMPTY_ATTEMPT).allowed // the current outcome
 */
export const EMPTY_ATTEMPT: FixAttempt = { policies: new Map(), added: [], context: {}, parameters: {} }

interface Node {
  readonly attempt: FixAttempt
  readonly changes: readonly FixChange[]
  readonly outcome: ModelOutcome
}

// Fixes that ask less of the account come first: context the caller supplies, then a parameter, then
// the narrowest policy.
const ORDER: readonly FixKind[] = ['context', 'parameter', 'trust-policy', 'resource-policy', 'identity-policy', 'boundary', 'session-policy', 'rcp', 'scp']

function rank(changes: readonly FixChange[]): number[] {
  return [changes.length, ...changes.map((c) => ORDER.indexOf(c.kind)).sort((a, b) => a - b)]
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1)
    if (d !== 0) return d
  }
  return 0
}

/** Patches of one policy made in sequence become one change with the operations in order. */
function merge(changes: readonly FixChange[]): FixChange[] {
  const out: FixChange[] = []
  for (const c of changes) {
    const prev = out.find((o) => o.policy !== undefined && c.policy !== undefined && o.policy.name === c.policy.name && o.policy.layer === c.policy.layer && o.policy.level === c.policy.level && o.patch !== undefined && c.patch !== undefined)
    if (prev === undefined || prev.patch === undefined || c.patch === undefined) {
      out.push(c)
      continue
    }
    out[out.indexOf(prev)] = { ...prev, description: `${prev.description}; then ${c.description}`, patch: [...prev.patch, ...c.patch] }
  }
  return out
}

function toFix(changes: readonly FixChange[]): Fix | undefined {
  const [first, ...rest] = merge(changes)
  if (first === undefined) return undefined
  return { ...first, ...(rest.length > 0 ? { with: rest } : {}), verified: true }
}

/**
 * Finds the smallest verified fixes for a denied question; empty when it is allowed or nothing found works.
 *
 * @example
 * const fixes = searchFixes(problem)
 * fixes[0]?.kind // 'context' — e.g. { 'aws:MultiFactorAuthPresent': 'true' }
 */
export function searchFixes(problem: FixProblem, options: FixSearchOptions = {}): Fix[] {
  const maxChanges = options.maxChanges ?? 3
  const maxFixes = options.maxFixes ?? 6
  const budget = { left: options.maxEvaluations ?? 400 }
  const start = problem.evaluate(EMPTY_ATTEMPT)
  budget.left--
  if (start.allowed) return []
  let frontier: Node[] = [{ attempt: EMPTY_ATTEMPT, changes: [], outcome: start }]
  const found: FixChange[][] = []
  const seen = new Set<string>()
  for (let depth = 1; depth <= maxChanges && found.length === 0 && frontier.length > 0; depth++) {
    const next: Node[] = []
    for (const node of frontier) {
      const before = blockers(node.outcome)
      for (const cand of candidatesFor(problem, node.outcome, node.attempt)) {
        if (budget.left <= 0) break
        const step = expand(problem, node, cand, before, budget)
        if (step === undefined) continue
        const key = JSON.stringify(step.changes.map((c) => [c.kind, c.description, c.context ?? null, c.parameters ?? null]).sort())
        if (seen.has(key)) continue
        seen.add(key)
        if (step.outcome.allowed) found.push([...step.changes])
        else next.push(step)
      }
    }
    frontier = next
  }
  return found
    .sort((a, b) => compareRanks(rank(a), rank(b)))
    .slice(0, maxFixes)
    .flatMap((changes) => {
      const fix = toFix(changes)
      return fix === undefined ? [] : [fix]
    })
}

/** Applies a candidate and re-evaluates; keeps the step only when it removed the blocker it aimed at. */
function expand(problem: FixProblem, node: Node, cand: Candidate, before: ReadonlySet<string>, budget: { left: number }): Node | undefined {
  const attempt = cand.apply(node.attempt)
  if (attempt === undefined) return undefined
  budget.left--
  const outcome = problem.evaluate(attempt)
  const changes = [...node.changes, ...cand.changes]
  if (outcome.allowed) return { attempt, changes, outcome }
  // Progress means the blocker the step aimed at is gone (a later layer may now be the one that fails).
  if (blockers(outcome).has(cand.target) && before.has(cand.target)) return undefined
  return { attempt, changes, outcome }
}
