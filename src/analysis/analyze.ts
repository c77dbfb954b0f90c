/**
 * Partial evaluation on top of the engine, with three answers. A context key the question does not give
 * is unknown, not absent: conditions that read such keys become atoms, and the engine is run through
 * `EvaluateOptions.conditionOverride` for assignments of the atoms. A statement the engine itself cannot
 * decide is read twice, through `EvaluateOptions.unknownStatement`: fail closed (certain access) and as
 * possibly applying when an Allow, possibly not when a Deny (possible access). Access that is possible but
 * not certain is `uncertain`, with the statements that make it so.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { CompiledStatement } from '../compile/compilePolicy.js'
import { evaluateCompiled } from '../evaluate/evaluate.js'
import { memoOf } from '../evaluate/policySetCheck.js'
import { compileRequestWith } from '../evaluate/prepareRequest.js'
import type { CompiledRequest, EvaluationResult } from '../evaluate/evaluate.js'
import type { Tri } from '../trace/types.js'
import { AtomTable, conjunctionSatisfiable } from './atoms.js'
import { conditionClassifier } from './classify.js'
import type { Atom, Literal } from './atoms.js'
import { minimizeDnf } from './minimize.js'
import { reasonsOf } from './reasons.js'
import { accessOf } from './types.js'
import type { AccessAnswer, AccessQuestion, AnalysisDecision, AnalysisOptions, Residual, UncertainReason } from './types.js'
import { findWitness } from './witness.js'

/**
 * Default number of atoms enumerated.
 *
 * @example
 * analyzeAccess(question, { maxAtoms: DEFAULT_MAX_ATOMS })
 */
export const DEFAULT_MAX_ATOMS = 12
/**
 * Largest number of atoms enumerated: assignments are bit masks of 32-bit integers and 2^16 evaluations
 * (twice, when statements are undecidable) is the most a question may cost.
 *
 * @example
 * clampMaxAtoms(MAX_ATOMS_LIMIT + 1) === MAX_ATOMS_LIMIT // true
 */
export const MAX_ATOMS_LIMIT = 16

/**
 * The number of atoms to enumerate for a requested `maxAtoms`: integers from 0 to {@link MAX_ATOMS_LIMIT};
 * anything else (negative, fractional, NaN, larger) is clamped, never trusted.
 *
 * @example
 * clampMaxAtoms(40) // 16
 * clampMaxAtoms(undefined) // 12
 */
export function clampMaxAtoms(requested: number | undefined): number {
  if (requested === undefined || Number.isNaN(requested)) return DEFAULT_MAX_ATOMS
  return Math.max(0, Math.min(MAX_ATOMS_LIMIT, Math.floor(requested)))
}

type Mode = 'certain' | 'possible'
interface Run {
  readonly result: EvaluationResult
  /** Statements the engine could not decide in this run. */
  readonly undecided: readonly CompiledStatement[]
}

/**
 * Answers an access question: `allowed`, `conditional` with the exact residual over open keys,
 * `uncertain` with its reasons, or a deny. Never throws.
 *
 * @example
 * const q: AccessQuestion = { request, policies, keys: { isOpen: (k) => k === 'aws:multifactorauthpresent', variable: (k) => k } }
 * const a = analyzeAccess(q)
 * a.decision // 'conditional' when the answer depends on MFA; a.conditions says on what; a.witness is one allowed request
 */
export function analyzeAccess(question: AccessQuestion, options: AnalysisOptions = {}): AccessAnswer {
  const input = question.request
  const keys = question.keys
  // PERF: the request is checked and its context built once for every assignment evaluated below.
  // The policy set's memo (when it has one) reads the caller, action and resource once for many questions.
  const request: CompiledRequest = compileRequestWith(input, memoOf(question.policies))
  const table = options.atoms ?? new AtomTable()
  const base = options.evaluate ?? {}
  const maxAtoms = clampMaxAtoms(options.maxAtoms)
  const notes: string[] = []
  if (options.maxAtoms !== undefined && maxAtoms !== options.maxAtoms) notes.push(`at most ${MAX_ATOMS_LIMIT} open conditions are enumerated (asked for ${String(options.maxAtoms)})`)
  // Per condition: null = decided by the engine; an atom = open; a Tri = decided by a probe.
  const classify = conditionClassifier(table, keys, (_c, open) => keys.variable(open[0] as string))
  const run = (assign: (atom: Atom, s: CompiledStatement) => Tri, mode: Mode, trace = false): Run => {
    const undecided: CompiledStatement[] = []
    const result = evaluateCompiled(request, question.policies, {
      ...base,
      trace,
      conditionOverride: (c, s) => {
        const k = classify(c, s)
        if (k === null) return undefined
        return typeof k === 'string' ? k : assign(k, s)
      },
      unknownStatement: (s) => {
        undecided.push(s)
        // Certain: the engine's own fail-closed reading. Possible: an Allow may apply, a Deny may not.
        return mode === 'possible' ? s.effect === 'Allow' : s.effect === 'Deny'
      },
    })
    return { result, undecided }
  }
  const optimisticAssign = (_: Atom, s: CompiledStatement): Tri => (s.effect === 'Allow' ? 'true' : 'false')
  const gaps = question.gaps ?? []
  const finish = (decision: AnalysisDecision, residual: Residual | null, atoms: readonly Atom[], evaluation: EvaluationResult, reasons: readonly UncertainReason[], witnessTerm: readonly Literal[] | null): AccessAnswer => {
    // A gap in the inputs caps every answer at uncertain: what is missing might grant, or deny, and a
    // deny may come from the fail-closed stand-in for a policy that could not be read.
    let d = decision
    let all = reasons
    if (gaps.length > 0) {
      d = 'uncertain'
      all = [...gaps, ...reasons]
    }
    const domain = options.domain ?? question.domain
    const witness = (d === 'allowed' || d === 'conditional') && options.witness !== false ? findWitness(request, question.policies, keys, atoms, witnessTerm, domain, base) : null
    if (witness === null && (d === 'allowed' || d === 'conditional') && options.witness !== false && options.domain === undefined) {
      // A condition the engine cannot decide alone (two IP ranges, dates...) may never hold together with
      // the others: without a request the evaluator allows, access is possible, not shown.
      d = 'uncertain'
      all = [{ code: 'analysis.no-witness', message: `no request satisfying ${residual === null ? 'the question' : 'the conditions'} was found that the evaluator allows: they may never hold together` }]
    }
    return { decision: d, access: accessOf(d), conditions: residual, uncertain: d === 'uncertain' ? all : [], atoms, evaluation, witness, notes }
  }
  const traced = (assign: (atom: Atom, s: CompiledStatement) => Tri, mode: Mode, fallback: EvaluationResult): EvaluationResult => (options.trace === true ? run(assign, mode, true).result : fallback)

  // Monotone bounds: Allow atoms true, Deny atoms false and undecidable statements read permissively is
  // the most permissive reading; nothing can be allowed if that is not.
  const optimistic = run(optimisticAssign, 'possible')
  if (optimistic.result.decision !== 'allowed') {
    // PERF: most candidates end here, after one evaluation.
    return finish(optimistic.result.decision, null, [], traced(optimisticAssign, 'possible', optimistic.result), [], null)
  }
  const seen = new Set<Atom>()
  // Collect every atom a matching statement reads (all true never stops a statement early), and every
  // statement the engine cannot decide (setting atoms false only makes statements false, never unknown).
  const allTrue = run((a) => {
    seen.add(a)
    return 'true'
  }, 'possible')
  const undecidable = optimistic.undecided.length > 0 || allTrue.undecided.length > 0
  const atoms = [...seen].sort((a, b) => a.id - b.id)
  const explain = (assign: (atom: Atom, s: CompiledStatement) => Tri): readonly UncertainReason[] => reasonsOf(run(assign, 'possible', true))

  if (atoms.length === 0) {
    const certain = undecidable ? run(() => 'true', 'certain') : allTrue
    if (certain.result.decision === 'allowed') return finish('allowed', null, atoms, traced(() => 'true', 'certain', certain.result), [], [])
    return finish('uncertain', null, atoms, traced(() => 'true', 'possible', allTrue.result), explain(() => 'true'), null)
  }
  if (atoms.length > maxAtoms) {
    const pessimisticAssign = (_: Atom, s: CompiledStatement): Tri => (s.effect === 'Allow' ? 'false' : 'true')
    const pessimistic = run(pessimisticAssign, 'certain')
    if (pessimistic.result.decision === 'allowed') return finish('allowed', null, atoms, traced(pessimisticAssign, 'certain', pessimistic.result), [], [])
    notes.push(`${atoms.length} open conditions (more than ${maxAtoms}): the residual is a sufficient condition, not the exact one`)
    // Conservative: every atom of an allowing statement true, every atom of a denying one false.
    const literals: Literal[] = atoms.map((atom) => ({ atom, value: atom.sources.some((s) => s.effect === 'Allow') }))
    const certainOptimistic = undecidable ? run(optimisticAssign, 'certain') : optimistic
    if (certainOptimistic.result.decision !== 'allowed') {
      return finish('uncertain', { terms: [literals], approximate: true }, atoms, traced(optimisticAssign, 'possible', optimistic.result), explain(optimisticAssign), null)
    }
    return finish('conditional', { terms: [literals], approximate: true }, atoms, traced(optimisticAssign, 'certain', certainOptimistic.result), [], literals)
  }

  const index = new Map(atoms.map((a, i) => [a, i]))
  const bit = (a: Atom): number => 1 << (index.get(a) ?? 0)
  const assignOf = (mask: number) => (a: Atom): Tri => ((mask & bit(a)) !== 0 ? 'true' : 'false')
  const full = (1 << atoms.length) - 1
  const on: number[] = []
  const maybe: number[] = []
  const dontCare: number[] = []
  let explicit = 0
  let feasible = 0
  // The decision is monotone in each mode: an atom read only by Allow statements can only help when
  // true, one read only by Deny statements only when false. An assignment at least as permissive as an
  // allowed one is allowed, and one at most as permissive as a denied one is denied; those are not
  // re-evaluated.
  let up = 0 // bits of atoms read only by Allow statements
  let down = 0 // bits of atoms read only by Deny statements
  atoms.forEach((a, i) => {
    if (a.sources.every((s) => s.effect === 'Allow')) up |= 1 << i
    else if (a.sources.every((s) => s.effect === 'Deny')) down |= 1 << i
  })
  const fixed = full & ~up & ~down
  // `a` at least as permissive as `b`.
  const covers = (a: number, b: number): boolean => ((a ^ b) & fixed) === 0 && (b & ~a & up) === 0 && (a & ~b & down) === 0
  const decider = (mode: Mode, seed: { mask: number; decision: EvaluationResult['decision'] }[]) => {
    const decided = options.exhaustive === true ? [] : seed
    return (mask: number): EvaluationResult['decision'] => {
      let decision = options.exhaustive === true ? undefined : decided.find((d) => (d.decision === 'allowed' ? covers(mask, d.mask) : covers(d.mask, mask)))?.decision
      if (decision === undefined) {
        decision = run(assignOf(mask), mode).result.decision
        decided.push({ mask, decision })
      }
      return decision
    }
  }
  // The two runs above are assignments too (possible mode): every atom true, and (without mixed atoms) the optimistic one.
  const possibleSeed = [{ mask: full, decision: allTrue.result.decision }, ...(fixed === 0 ? [{ mask: up, decision: optimistic.result.decision }] : [])]
  const possible = decider('possible', possibleSeed)
  const certain = undecidable ? decider('certain', []) : possible
  for (let mask = 0; mask <= full; mask++) {
    const literals = atoms.map((atom, i) => ({ atom, value: (mask & (1 << i)) !== 0 }))
    if (!conjunctionSatisfiable(literals)) {
      dontCare.push(mask)
      continue
    }
    feasible++
    const c = certain(mask)
    if (c === 'allowed') {
      on.push(mask)
      continue
    }
    const p = undecidable ? possible(mask) : c
    if (p === 'allowed') maybe.push(mask)
    else if (p === 'explicitDeny') explicit++
  }
  const residualOf = (masks: readonly number[]): Residual => ({
    terms: minimizeDnf(atoms.length, masks, dontCare).map((imp) => {
      const lits: Literal[] = []
      atoms.forEach((atom, i) => {
        if ((imp.care & (1 << i)) !== 0) lits.push({ atom, value: (imp.value & (1 << i)) !== 0 })
      })
      return lits
    }),
    approximate: false,
  })
  if (maybe.length > 0) {
    const first = maybe[0] as number
    const all = [...on, ...maybe]
    const residual = all.length === feasible ? null : residualOf(all)
    return finish('uncertain', residual, atoms, traced(assignOf(first), 'possible', optimistic.result), explain(assignOf(first)), null)
  }
  if (on.length === 0) {
    const decision = explicit === feasible && feasible > 0 ? 'explicitDeny' : 'implicitDeny'
    return finish(decision, null, atoms, traced(optimisticAssign, 'possible', optimistic.result), [], null)
  }
  const firstOn = on[0] as number
  const representative = (): EvaluationResult => run(assignOf(firstOn), 'certain', options.trace === true).result
  if (on.length === feasible) return finish('allowed', null, atoms, representative(), [], [])
  const residual = residualOf(on)
  return finish('conditional', residual, atoms, representative(), [], residual.terms[0] ?? [])
}
