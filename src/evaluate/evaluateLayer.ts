/**
 * Evaluates the policies of one layer (or one SCP/RCP level): which Deny statements apply and which
 * Allow statements grant. Statements are ORed within and across the layer's policies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { CompiledPolicy, CompiledStatement } from '../compile/compilePolicy.js'
import type { GrantStrength, LayerKind, PolicyTrace, StatementRef, StatementTrace } from '../trace/types.js'
import type { StatementMemo } from '../compile/statementMemo.js'
import { evaluateStatement } from './evaluateStatement.js'
import type { PreparedRequest, StatementResult } from './evaluateStatement.js'

/** An Allow statement that applies, with how it reaches the caller (resource policies only). */
export interface Grant {
  readonly ref: StatementRef
  readonly strength?: GrantStrength
  /** A wildcard principal narrowed by an aws:PrincipalArn condition. */
  readonly byPrincipalArn?: boolean
}

/** What one layer says. */
export interface LayerResult {
  readonly denies: readonly StatementRef[]
  readonly allows: readonly Grant[]
  readonly policies?: readonly PolicyTrace[]
}

const NONE: readonly never[] = Object.freeze([])
const EMPTY: LayerResult = { denies: NONE, allows: NONE }

/** Evaluation switches shared by every layer. */
export interface LayerOptions {
  readonly trace: boolean
  /** Evaluate every statement instead of the service index (for differential tests). */
  readonly unindexed: boolean
}

/** Evaluates every policy of a layer (given as a list, or as its one policy: no array made for it). */
export function evaluateLayer(policies: readonly CompiledPolicy[] | CompiledPolicy, layer: LayerKind, req: PreparedRequest, options: LayerOptions): LayerResult {
  let denies: StatementRef[] | undefined
  let allows: Grant[] | undefined
  // PERF: while one Allow applies, its statement's shared result (no grant, array or result made).
  let single: LayerResult | undefined
  const traces: PolicyTrace[] | undefined = options.trace ? [] : undefined
  const indexed = !options.trace && !options.unindexed
  const stamp = options.trace ? 0 : req.stamp
  // PERF: an indexed loop (the lists are frozen arrays and fresh one-element ones: no iterator).
  const list = Array.isArray(policies) ? (policies as readonly CompiledPolicy[]) : undefined
  const count = list !== undefined ? list.length : 1
  for (let p = 0; p < count; p++) {
    const policy = list !== undefined ? (list[p] as CompiledPolicy) : (policies as CompiledPolicy)
    // Without a trace, a statement whose Action rules the request out cannot apply: skip it (index),
    // and the Action result of the others is already known.
    const index = indexed ? policy.actionIndex(req.actionLower) : undefined
    const statements = index !== undefined ? index.statements : policy.statements
    const stmtTraces: StatementTrace[] | undefined = traces !== undefined ? [] : undefined
    let outcome: PolicyTrace['outcome'] = 'noMatch'
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i] as CompiledStatement
      // PERF: a statement that repeats another's content is decided once per request (untraced).
      const memo = stamp !== 0 ? (s.memo as StatementMemo<StatementResult> | undefined) : undefined
      let r = memo?.read(stamp)
      if (r === undefined) {
        r = evaluateStatement(s, layer, req, options.trace, index?.results[i])
        memo?.write(stamp, r)
      }
      if (stmtTraces !== undefined && r.trace !== undefined) stmtTraces.push(r.trace)
      // Fail closed (an undecidable Deny applies, an undecidable Allow does not) unless an analysis reads it.
      const applies = r.applies === 'unknown' && req.unknownStatement !== undefined ? req.unknownStatement(s, layer) : s.effect === 'Deny' ? r.applies !== 'false' : r.applies === 'true'
      if (applies) {
        if (s.effect === 'Deny') {
          // PERF: the first one in an array of its own size (an empty array's first push allocates more).
          if (denies === undefined) denies = [s.ref]
          else denies.push(s.ref)
          outcome = 'deny'
        } else {
          const only = grantResult(s, r)
          if (allows !== undefined) allows.push(only.allows[0] as Grant)
          else if (single === undefined) single = only
          else allows = [single.allows[0] as Grant, only.allows[0] as Grant]
          if (outcome === 'noMatch') outcome = 'allow'
        }
      }
    }
    if (traces !== undefined && stmtTraces !== undefined) traces.push({ policy: policy.name, outcome, statements: stmtTraces })
  }
  if (allows === undefined && single !== undefined) {
    if (denies === undefined && traces === undefined) return single
    allows = [single.allows[0] as Grant]
  }
  if (denies === undefined && allows === undefined && traces === undefined) return EMPTY
  return traces !== undefined ? { denies: denies ?? NONE, allows: allows ?? NONE, policies: traces } : { denies: denies ?? NONE, allows: allows ?? NONE }
}

/**
 * The untraced result of a layer in which `s` alone applies, granting as `r` says: made the first
 * time and kept on the statement (frozen, as it is shared by every request).
 */
function grantResult(s: CompiledStatement, r: StatementResult): LayerResult {
  const strength = r.strength
  const slot = strength === undefined ? 0 : r.byPrincipalArn === true ? 1 : STRENGTH_SLOT[strength]
  const found = (s.grantResults as (LayerResult | undefined)[] | undefined)?.[slot]
  if (found !== undefined) return found
  const grant: Grant = strength === undefined ? { ref: s.ref } : r.byPrincipalArn === true ? { ref: s.ref, strength, byPrincipalArn: true } : { ref: s.ref, strength }
  const made: LayerResult = Object.freeze({ denies: NONE, allows: Object.freeze([Object.freeze(grant)]) })
  try {
    ;(s.grantResults ??= [])[slot] = made
  } catch {
    // A compiled policy its user froze keeps no memo: the result is made for each request instead.
  }
  return made
}

// Slots 0 and 1: no strength, and `"*"` narrowed by aws:PrincipalArn.
const STRENGTH_SLOT: Readonly<Record<GrantStrength, number>> = Object.freeze({ session: 2, user: 3, role: 4, wildcard: 5, account: 6, service: 7, federated: 8 })
