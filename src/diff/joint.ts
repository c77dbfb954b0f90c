/**
 * Does the AFTER version allow a request that the BEFORE version denies? Both versions of one question
 * (one caller, one role) are analysed together: the open conditions of both become shared atoms, every
 * assignment of them that some request can produce (decided by `solve`) is evaluated in both versions,
 * and an assignment AFTER allows and BEFORE denies is turned into a concrete request that the evaluator
 * then decides in both versions, with no hook: only a request it confirms is a witness. Conditions are
 * compared by what they admit, never by their text, so reordered or split statements, a list versus
 * separate statements, or an `ArnLike` pattern written another way change nothing, and a narrowed
 * pattern is a loss, never a gain.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { analyzeAccess } from '../analysis/analyze.js'
import { nextCombination } from '../analysis/witness.js'
import type { Atom } from '../analysis/atoms.js'
import type { AccessAnswer, AnalysisOptions, UncertainReason, Witness } from '../analysis/types.js'
import type { CompiledStatement } from '../compile/compilePolicy.js'
import { evaluateCompiled } from '../evaluate/evaluate.js'
import type { Request } from '../request/types.js'
import type { Decision } from '../trace/types.js'
import { AtomTable, decide, prepareSide, requestContext, requestWith, witnessOf } from './side.js'
import type { Outcome, PreparedSide, Side } from './side.js'
import { solve } from './solve.js'
import type { Solution, Value, ValueLiteral } from './solve.js'

/** A request that one version allows and the other denies, each version's form of it confirmed by the evaluator. */
export interface JointWitness {
  /** The request as the AFTER version sees it (the BEFORE form differs only in facts the versions disagree on). */
  readonly request: Witness
  readonly beforeRequest: Witness
  readonly beforeDecision: Decision
  readonly afterDecision: Decision
}

/** `confirmed`: a witness exists; `possible`: cannot be ruled out; `none`: ruled out. */
type Difference = 'none' | 'possible' | 'confirmed'

/** The comparison of one question in two versions. */
export interface JointResult {
  readonly before: AccessAnswer | null
  readonly after: AccessAnswer | null
  /** Some request AFTER allows and BEFORE denies. */
  readonly gain: Difference
  readonly gainWitness?: JointWitness
  /** Some request BEFORE allows and AFTER denies. */
  readonly loss: Difference
  readonly lossWitness?: JointWitness
  /** Why a gain is only possible (undecidable statements, gaps, no witness found). */
  readonly reasons: readonly UncertainReason[]
}

/** Options of {@link compareAccess}. */
export interface CompareOptions {
  readonly analysis?: AnalysisOptions
  /** Assignments enumerated at most (default 4096); beyond, the comparison is conservative. */
  readonly maxAssignments?: number
}

const DEFAULT_MAX_ASSIGNMENTS = 4096

/** Families whose conditions a value of the wrong type makes unknown. */
const TYPED = new Set(['arn', 'bool', 'numeric', 'date', 'ip', 'binary'])

/** True when the request's own values satisfy the side's constraints on its caller. */
function holdsConstraints(s: Side, r: Request): boolean {
  if (s.constraints === undefined || s.constraints.length === 0) return true
  const context = requestContext(r)
  return context !== undefined && s.constraints.every((c) => c.evaluate(context, false).result === 'true')
}

function witnessPair(before: Side, after: Side, values: ReadonlyMap<string, Value>, direction: 'gain' | 'loss'): JointWitness | undefined {
  // A witness in its natural form (the principal its values name) or not at all: a request whose context
  // contradicts its principal is no proof.
  const normalize = (s: Side, r: Request): Request => s.normalize?.(r) ?? r
  const t = { b: normalize(before, requestWith(before, values)), a: normalize(after, requestWith(after, values)) }
  if (holdsConstraints(before, t.b) && holdsConstraints(after, t.a)) {
    const bd = decide(before, t.b)
    const ad = decide(after, t.a)
    // The evaluator denies what it cannot decide (fail closed); the version that must deny must deny
    // even where its undecidable statements are read in favour of access, or the difference is only possible.
    const ok = direction === 'gain' ? ad === 'allowed' && bd !== 'allowed' && !mayAllow(before, t.b) : bd === 'allowed' && ad !== 'allowed' && !mayAllow(after, t.a)
    if (ok) return { request: witnessOf(t.a), beforeRequest: witnessOf(t.b), beforeDecision: bd, afterDecision: ad }
  }
  return undefined
}

/** True when the request is allowed with every statement the engine cannot decide read in favour of access. */
function mayAllow(s: Side, r: Request): boolean {
  return evaluateCompiled(r, s.question.policies, { unknownStatement: (st) => st.effect === 'Allow' }).decision === 'allowed'
}

/** A one-sided witness: the analysis's own request for one version, decided in both. */
function crossCheck(answer: AccessAnswer, before: Side, after: Side, direction: 'gain' | 'loss'): JointWitness | undefined {
  const w = answer.witness
  if (w === null) return undefined
  const values = new Map<string, Value>(Object.entries(w.context).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? [v] : [...v]]))
  return witnessPair(before, after, values, direction)
}

/**
 * Compares one question in two versions; `null` for a version where the role (or the caller) does not
 * exist (everything is denied there). Never throws.
 *
 * @example
 * const r = compareAccess(beforeSide, afterSide)
 * if (r.gain === 'confirmed') r.gainWitness?.request // AFTER allows it, BEFORE does not
 */
export function compareAccess(before: Side | null, after: Side | null, options: CompareOptions = {}): JointResult {
  const aB = before === null ? null : analyzeAccess(before.question, options.analysis)
  const aA = after === null ? null : analyzeAccess(after.question, options.analysis)
  if (before === null || after === null) return oneSided(aB, aA)
  const ansB = aB as AccessAnswer
  const ansA = aA as AccessAnswer
  const gaps = [...(before.question.gaps ?? []), ...(after.question.gaps ?? [])]
  const gainRuledOut = ansA.access === 'denied' || (ansB.access === 'allowed' && gaps.length === 0)
  const lossRuledOut = ansB.access === 'denied' || (ansA.access === 'allowed' && gaps.length === 0)
  if (gainRuledOut && lossRuledOut) return { before: ansB, after: ansA, gain: 'none', loss: 'none', reasons: [] }
  const joint = enumerate(before, after, { gain: !gainRuledOut, loss: !lossRuledOut }, options)
  let gain = joint.gain
  let gainWitness = joint.gainWitness
  let loss = joint.loss
  let lossWitness = joint.lossWitness
  // The analyses' own witnesses, checked against the other version, settle what the search left open.
  if (gain !== 'confirmed' && !gainRuledOut) {
    const w = crossCheck(ansA, before, after, 'gain')
    if (w !== undefined) [gain, gainWitness] = ['confirmed', w]
  }
  if (loss !== 'confirmed' && !lossRuledOut) {
    const w = crossCheck(ansB, before, after, 'loss')
    if (w !== undefined) [loss, lossWitness] = ['confirmed', w]
  }
  const reasons = [...joint.reasons]
  if (gain === 'none' && gaps.length > 0 && ansA.access !== 'denied' && !(ansB.access === 'allowed' && (before.question.gaps ?? []).length === 0)) {
    gain = 'possible'
    reasons.push(...gaps)
  }
  if (gain === 'possible') reasons.push(...ansA.uncertain, ...ansB.uncertain)
  return {
    before: ansB,
    after: ansA,
    gain,
    ...(gainWitness !== undefined ? { gainWitness } : {}),
    loss,
    ...(lossWitness !== undefined ? { lossWitness } : {}),
    reasons: dedupe(reasons),
  }
}

function oneSided(aB: AccessAnswer | null, aA: AccessAnswer | null): JointResult {
  const side = (a: AccessAnswer | null): { d: 'none' | 'possible' | 'confirmed'; w?: Witness } => {
    if (a === null || a.access === 'denied') return { d: 'none' }
    return a.witness !== null && a.access !== 'uncertain' ? { d: 'confirmed', w: a.witness } : { d: 'possible' }
  }
  const g = side(aA)
  const l = side(aB)
  const absent: Decision = 'implicitDeny'
  return {
    before: aB,
    after: aA,
    gain: g.d,
    ...(g.w !== undefined ? { gainWitness: { request: g.w, beforeRequest: g.w, beforeDecision: absent, afterDecision: 'allowed' } } : {}),
    loss: l.d,
    ...(l.w !== undefined ? { lossWitness: { request: l.w, beforeRequest: l.w, beforeDecision: 'allowed', afterDecision: absent } } : {}),
    reasons: g.d === 'possible' ? (aA?.uncertain ?? []) : [],
  }
}

function dedupe(reasons: readonly UncertainReason[]): UncertainReason[] {
  const seen = new Set<string>()
  return reasons.filter((r) => {
    const k = `${r.code}|${r.file ?? ''}|${r.policy ?? ''}|${r.pointer ?? ''}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

interface Enumerated {
  gain: Difference
  gainWitness?: JointWitness
  loss: Difference
  lossWitness?: JointWitness
  reasons: UncertainReason[]
}

/** The joint enumeration over the atoms of both versions (and the undecidable statements they share). */
function enumerate(before: Side, after: Side, want: { gain: boolean; loss: boolean }, options: CompareOptions): Enumerated {
  const table = new AtomTable()
  const pB = prepareSide(before, table, 'before')
  const pA = prepareSide(after, table, 'after')
  const atoms = new Set<Atom>()
  const statements = new Map<string, CompiledStatement>()
  // Discovery: every atom a matching statement reads, every statement the engine cannot decide.
  const permissive = { mode: 'possible' as const, applies: (_: string, s: CompiledStatement) => s.effect === 'Allow' }
  for (const p of [pB, pA]) for (const o of ['T', 'F'] as const) p.evaluate(() => o, permissive, { atoms, statements })
  const out: Enumerated = { gain: 'none', loss: 'none', reasons: [] }
  const list = [...atoms].sort((a, b) => a.id - b.id)
  const stmtKeys = [...statements.keys()]
  const domains: Outcome[][] = list.map((a) => (TYPED.has(a.condition.node.family) || a.condition.node.qualifier !== undefined ? ['T', 'F', 'U'] : ['T', 'F']))
  const total = domains.reduce((n, d) => n * d.length, 1) * 2 ** stmtKeys.length
  const max = options.maxAssignments ?? DEFAULT_MAX_ASSIGNMENTS
  if (total > max) {
    if (want.gain) {
      out.gain = 'possible'
      out.reasons.push({ code: 'diff.too-many-conditions', message: `${list.length} open conditions and ${stmtKeys.length} undecidable statements (${total} combinations, more than ${max}): a new access cannot be ruled out` })
    }
    return out
  }
  // Literals of each atom for the solver: one per side that reads it, against that side's context.
  const literalsOf = (atom: Atom, o: Outcome): ValueLiteral[] => {
    const want = o === 'T' ? 'true' : o === 'F' ? 'false' : 'unknown'
    // A shared atom reads only its open key: either side's context decides it (the side where the key is open).
    const p = atom.variable.startsWith('before:') ? pB : atom.variable.startsWith('after:') ? pA : pA.openKeys(atom.condition).length > 0 ? pA : pB
    return [{ condition: atom.condition, want, open: p.openKeys(atom.condition), base: p.context }]
  }
  const constraints = (p: PreparedSide): ValueLiteral[] => (p.side.constraints ?? []).map((c) => ({ condition: c, want: 'true', open: p.openKeys(c), base: p.context }))
  const fixed = [...constraints(pA), ...constraints(pB)].filter((l) => l.open.length > 0)
  const prefer = (k: string): readonly string[] | undefined => {
    const both = [...(after.prefer?.(k) ?? []), ...(before.prefer?.(k) ?? [])]
    return both.length === 0 ? undefined : both
  }
  const digits = list.map(() => 0)
  const sizes = domains.map((d) => d.length)
  let seenMaybe = false
  let seenNoWitness = false
  for (;;) {
    const outcome = new Map(list.map((a, i) => [a, (domains[i] as Outcome[])[digits[i] as number] as Outcome]))
    const literals = [...fixed, ...list.flatMap((a) => literalsOf(a, outcome.get(a) as Outcome))]
    const read = (a: Atom): Outcome => outcome.get(a) ?? 'F'
    let feasible: Solution | undefined
    const feasibility = (): Solution => (feasible ??= solve(literals, { prefer }))
    const certainA = pA.evaluate(read, { mode: 'certain' }).decision === 'allowed'
    const certainB = pB.evaluate(read, { mode: 'certain' }).decision === 'allowed'
    if (want.gain && out.gain !== 'confirmed') {
      const gainHere = certainA && !certainB ? true : stmtKeys.length > 0 && possiblyDiffers(pA, pB, read, stmtKeys)
      if (gainHere) {
        const s = feasibility()
        if (s.kind !== 'unsat') {
          const w = certainA && !certainB && s.kind === 'sat' ? witnessPair(before, after, s.values, 'gain') : undefined
          if (w !== undefined) {
            out.gain = 'confirmed'
            out.gainWitness = w
          } else {
            out.gain = 'possible'
            if (s.kind === 'maybe') seenMaybe = true
            else if (certainA && !certainB) seenNoWitness = true
          }
        }
      }
    }
    if (want.loss && out.loss !== 'confirmed') {
      const lossHere = certainB && !certainA ? true : stmtKeys.length > 0 && possiblyDiffers(pB, pA, read, stmtKeys)
      if (lossHere) {
        const s = feasibility()
        if (s.kind !== 'unsat') {
          const w = certainB && !certainA && s.kind === 'sat' ? witnessPair(before, after, s.values, 'loss') : undefined
          out.loss = w !== undefined ? 'confirmed' : 'possible'
          if (w !== undefined) out.lossWitness = w
        }
      }
    }
    if ((!want.gain || out.gain === 'confirmed') && (!want.loss || out.loss === 'confirmed')) break
    if (!nextCombination(digits, sizes)) break
  }
  if (out.gain === 'possible') {
    if (seenMaybe) out.reasons.push({ code: 'diff.undecided-conditions', message: 'conditions of the two versions on the same key could not be compared exactly (set operators, policy variables or mixed types): a new access cannot be ruled out' })
    if (seenNoWitness) out.reasons.push({ code: 'diff.no-witness', message: 'the analysis finds requests AFTER allows and BEFORE denies, but none it built was confirmed by the evaluator (BEFORE may allow it where the engine cannot decide a statement)' })
  }
  return out
}

/** True when some reading of the shared undecidable statements makes `x` allow and `y` deny. */
function possiblyDiffers(x: PreparedSide, y: PreparedSide, read: (a: Atom) => Outcome, keys: readonly string[]): boolean {
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    // Statements neither version shows in discovery are read to favour the difference.
    const applies = (favour: 'x' | 'y') => (key: string, s: CompiledStatement): boolean => {
      const i = keys.indexOf(key)
      if (i >= 0) return (mask & (1 << i)) !== 0
      return favour === 'x' ? s.effect === 'Allow' : s.effect === 'Deny'
    }
    const ax = x.evaluate(read, { mode: 'possible', applies: applies('x') }).decision === 'allowed'
    if (!ax) continue
    if (y.evaluate(read, { mode: 'possible', applies: applies('y') }).decision !== 'allowed') return true
  }
  return false
}
