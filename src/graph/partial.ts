/**
 * Partial evaluation on top of the engine: a context key the question does not give is unknown, not
 * absent. Conditions that read such keys become atoms; the engine is run through
 * `EvaluateOptions.conditionOverride` for assignments of the atoms, and the allowing assignments are
 * simplified into a residual in disjunctive normal form.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { CompiledStatement } from '../compile/compilePolicy.js'
import type { CompiledCondition } from '../conditions/types.js'
import { compileRequest, evaluateCompiled } from '../evaluate/evaluate.js'
import type { CompiledPolicySet, CompiledRequest, EvaluateOptions, EvaluationResult } from '../evaluate/evaluate.js'
import type { RequestInput } from '../request/readRequest.js'
import type { Tri } from '../trace/types.js'
import { AtomTable, conjunctionSatisfiable } from './atoms.js'
import type { Atom, Literal } from './atoms.js'
import { minimizeDnf } from './minimize.js'

/** The answer of a partial evaluation. */
export type PartialDecision = 'allowed' | 'conditional' | 'explicitDeny' | 'implicitDeny'

/** A residual: the allowing assignments as OR of ANDs of literals. */
export interface Residual {
  readonly terms: readonly (readonly Literal[])[]
  /** True when there were too many atoms to enumerate: the terms are a sufficient condition, not the exact one. */
  readonly approximate: boolean
}

/** How a question treats context keys. */
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

/** Options for {@link evaluatePartial}. */
export interface PartialOptions {
  readonly evaluate?: EvaluateOptions
  /** Enumerate at most this many atoms (default 12); beyond, the answer is conservative. */
  readonly maxAtoms?: number
  /** Share atoms with other questions (paths). */
  readonly atoms?: AtomTable
  /** Record the trace of a representative evaluation. */
  readonly trace?: boolean
  /** Evaluate every assignment instead of inferring monotone ones (differential testing). */
  readonly exhaustive?: boolean
}

/** The result of a partial evaluation. */
export interface PartialResult {
  readonly decision: PartialDecision
  /** The residual for `conditional`; null otherwise. */
  readonly residual: Residual | null
  readonly atoms: readonly Atom[]
  /** A representative evaluation (for a conditional answer: one allowing assignment), traced on request. */
  readonly evaluation: EvaluationResult
  /** Notes on conservative answers. */
  readonly notes: readonly string[]
}

const DEFAULT_MAX_ATOMS = 12

/**
 * Evaluates a request whose context leaves keys open. Never throws.
 *
 * @example
 * const open: OpenKeys = { isOpen: (k) => k === 'aws:multifactorauthpresent', variable: (k) => k }
 * const r = evaluatePartial(request, policies, open)
 * r.decision // 'conditional' when the answer depends on the open key; r.residual says on what
 */
export function evaluatePartial(input: RequestInput | CompiledRequest, policies: CompiledPolicySet, keys: OpenKeys, options: PartialOptions = {}): PartialResult {
  // PERF: the request is checked and its context built once for every assignment evaluated below.
  const request = compileRequest(input)
  const table = options.atoms ?? new AtomTable()
  const base = options.evaluate ?? {}
  const maxAtoms = options.maxAtoms ?? DEFAULT_MAX_ATOMS
  // Per condition: undefined = decided by the engine; an atom = open.
  const classified = new Map<CompiledCondition, Atom | Tri | null>()
  const classify = (c: CompiledCondition, s: CompiledStatement): Atom | Tri | null => {
    const known = classified.get(c)
    if (known !== undefined) {
      if (known !== null && typeof known === 'object') table.atomFor(c, s.ref, s.effect, known.variable)
      return known
    }
    let result: Atom | Tri | null = null
    const open = c.keysRead.filter((k) => keys.isOpen(k))
    if (open.length > 0) {
      const outcomes = open.length === 1 ? keys.probe?.(open[0] as string, c) : undefined
      if (outcomes !== undefined && outcomes.length > 0 && outcomes.every((o) => o === outcomes[0])) result = outcomes[0] as Tri
      else result = table.atomFor(c, s.ref, s.effect, keys.variable(open[0] as string))
    }
    classified.set(c, result)
    return result
  }
  const run = (assign: (atom: Atom, s: CompiledStatement) => Tri, trace = false): EvaluationResult =>
    evaluateCompiled(request, policies, {
      ...base,
      trace,
      conditionOverride: (c, s) => {
        const k = classify(c, s)
        if (k === null) return undefined
        return typeof k === 'string' ? k : assign(k, s)
      },
    })

  // Monotone bounds: Allow atoms true and Deny atoms false is the most permissive reading; the reverse the least.
  const optimistic = run((_, s) => (s.effect === 'Allow' ? 'true' : 'false'))
  if (optimistic.decision !== 'allowed') {
    // PERF: most candidates end here, after one evaluation.
    return finish(optimistic.decision, null, [], options.trace === true ? run((_, s) => (s.effect === 'Allow' ? 'true' : 'false'), true) : optimistic, [])
  }
  const seen = new Set<Atom>()
  // Collect every atom a matching statement reads (all true never stops a statement early).
  const allTrue = run((a) => {
    seen.add(a)
    return 'true'
  })
  const atoms = [...seen].sort((a, b) => a.id - b.id)
  if (atoms.length === 0) return finish('allowed', null, atoms, options.trace === true ? run(() => 'true', true) : optimistic, [])
  if (atoms.length > maxAtoms) {
    const pessimistic = run((_, s) => (s.effect === 'Allow' ? 'false' : 'true'))
    if (pessimistic.decision === 'allowed') {
      return finish('allowed', null, atoms, options.trace === true ? run((_, s) => (s.effect === 'Allow' ? 'false' : 'true'), true) : pessimistic, [])
    }
    // Conservative: every atom of an allowing statement true, every atom of a denying one false.
    const literals: Literal[] = atoms.map((atom) => ({ atom, value: atom.sources.some((s) => s.effect === 'Allow') }))
    const note = `${atoms.length} open conditions (more than ${maxAtoms}): the residual is a sufficient condition, not the exact one`
    return finish('conditional', { terms: [literals], approximate: true }, atoms, options.trace === true ? run((_, s) => (s.effect === 'Allow' ? 'true' : 'false'), true) : optimistic, [note])
  }

  const index = new Map(atoms.map((a, i) => [a, i]))
  const on: number[] = []
  const dontCare: number[] = []
  let explicit = 0
  let feasible = 0
  // The decision is monotone: an atom read only by Allow statements can only help when true, one read
  // only by Deny statements only when false. An assignment at least as permissive as an allowed one is
  // allowed, and one at most as permissive as a denied one is denied; those are not re-evaluated.
  let up = 0 // bits of atoms read only by Allow statements
  let down = 0 // bits of atoms read only by Deny statements
  atoms.forEach((a, i) => {
    if (a.sources.every((s) => s.effect === 'Allow')) up |= 1 << i
    else if (a.sources.every((s) => s.effect === 'Deny')) down |= 1 << i
  })
  const fixed = ((1 << atoms.length) - 1) & ~up & ~down
  // `a` at least as permissive as `b`.
  const covers = (a: number, b: number): boolean => ((a ^ b) & fixed) === 0 && (b & ~a & up) === 0 && (a & ~b & down) === 0
  // The two runs above are assignments too: every atom true, and (without mixed atoms) the optimistic one.
  const decided: { mask: number; decision: EvaluationResult['decision'] }[] = options.exhaustive === true ? [] : [{ mask: (1 << atoms.length) - 1, decision: allTrue.decision }]
  if (fixed === 0 && options.exhaustive !== true) decided.push({ mask: up, decision: optimistic.decision })
  for (let mask = 0; mask < 1 << atoms.length; mask++) {
    const literals = atoms.map((atom, i) => ({ atom, value: (mask & (1 << i)) !== 0 }))
    if (!conjunctionSatisfiable(literals)) {
      dontCare.push(mask)
      continue
    }
    feasible++
    let decision = options.exhaustive === true ? undefined : decided.find((d) => (d.decision === 'allowed' ? covers(mask, d.mask) : covers(d.mask, mask)))?.decision
    if (decision === undefined) {
      decision = run((a) => ((mask & (1 << (index.get(a) ?? 0))) !== 0 ? 'true' : 'false')).decision
      decided.push({ mask, decision })
    }
    if (decision === 'allowed') on.push(mask)
    else if (decision === 'explicitDeny') explicit++
  }
  const assignTrace = (mask: number): EvaluationResult => run((a) => ((mask & (1 << (index.get(a) ?? 0))) !== 0 ? 'true' : 'false'), options.trace === true)
  if (on.length === 0) {
    const decision = explicit === feasible && feasible > 0 ? 'explicitDeny' : 'implicitDeny'
    return finish(decision, null, atoms, options.trace === true ? run((_, s) => (s.effect === 'Allow' ? 'true' : 'false'), true) : optimistic, [])
  }
  if (on.length === feasible) return finish('allowed', null, atoms, assignTrace(on[0] as number), [])
  const terms = minimizeDnf(atoms.length, on, dontCare).map((imp) => {
    const lits: Literal[] = []
    atoms.forEach((atom, i) => {
      if ((imp.care & (1 << i)) !== 0) lits.push({ atom, value: (imp.value & (1 << i)) !== 0 })
    })
    return lits
  })
  return finish('conditional', { terms, approximate: false }, atoms, assignTrace(on[0] as number), [])
}

function finish(decision: PartialDecision, residual: Residual | null, atoms: readonly Atom[], evaluation: EvaluationResult, notes: readonly string[]): PartialResult {
  return { decision, residual, atoms, evaluation, notes }
}
