/**
 * Evaluates the policies of one layer (or one SCP/RCP level): which Deny statements apply and which
 * Allow statements grant. Statements are ORed within and across the layer's policies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { CompiledPolicy, CompiledStatement } from '../compile/compilePolicy.js'
import type { GrantStrength, LayerKind, PolicyTrace, StatementRef, StatementTrace } from '../trace/types.js'
import type { StatementMemo } from '../compile/statementMemo.js'
import { statementApplies, traceStatement } from './evaluateStatement.js'
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

/**
 * Evaluates every policy of a layer (given as a list, or as its one policy: no array made for it).
 * With `options.trace`, every statement is evaluated and recorded (see `traceLayer`).
 */
export function evaluateLayer(policies: readonly CompiledPolicy[] | CompiledPolicy, layer: LayerKind, req: PreparedRequest, options: LayerOptions): LayerResult {
  if (options.trace) return traceLayer(policies, layer, req)
  let denies: StatementRef[] | undefined
  let allows: Grant[] | undefined
  // PERF: while one Allow applies, its statement's shared result (no grant, array or result made).
  let single: LayerResult | undefined
  const indexed = !options.unindexed
  const stamp = req.stamp
  // PERF: an indexed loop (the lists are frozen arrays and fresh one-element ones: no iterator).
  const list = Array.isArray(policies) ? (policies as readonly CompiledPolicy[]) : undefined
  const count = list !== undefined ? list.length : 1
  for (let p = 0; p < count; p++) {
    const policy = list !== undefined ? (list[p] as CompiledPolicy) : (policies as CompiledPolicy)
    // A statement whose Action rules the request out cannot apply: skip it (index), and the Action
    // result of the others is already known.
    const index = indexed ? policy.actionIndex(req.actionLower) : undefined
    const statements = index !== undefined ? index.statements : policy.statements
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i] as CompiledStatement
      // PERF: a statement that repeats another's content is decided once per request.
      const memo = stamp !== 0 ? (s.memo as StatementMemo<StatementResult> | undefined) : undefined
      let r = memo?.read(stamp)
      if (r === undefined) {
        r = statementApplies(s, layer, req, index?.results[i])
        memo?.write(stamp, r)
      }
      if (!applies(s, r, layer, req)) continue
      if (s.effect === 'Deny') {
        // PERF: the first one in an array of its own size (an empty array's first push allocates more).
        if (denies === undefined) denies = [s.ref]
        else denies.push(s.ref)
      } else {
        const only = grantResult(s, r)
        if (allows !== undefined) allows.push(only.allows[0] as Grant)
        else if (single === undefined) single = only
        else allows = [single.allows[0] as Grant, only.allows[0] as Grant]
      }
    }
  }
  if (allows === undefined && single !== undefined) {
    if (denies === undefined) return single
    allows = [single.allows[0] as Grant]
  }
  if (denies === undefined && allows === undefined) return EMPTY
  return { denies: denies ?? NONE, allows: allows ?? NONE }
}

/** Evaluates every statement of every policy of a layer and records each one (no index, no memo). */
function traceLayer(policies: readonly CompiledPolicy[] | CompiledPolicy, layer: LayerKind, req: PreparedRequest): LayerResult {
  const denies: StatementRef[] = []
  const allows: Grant[] = []
  const traces: PolicyTrace[] = []
  for (const policy of Array.isArray(policies) ? (policies as readonly CompiledPolicy[]) : [policies as CompiledPolicy]) {
    const statements: StatementTrace[] = []
    let outcome: PolicyTrace['outcome'] = 'noMatch'
    for (const s of policy.statements) {
      const r = traceStatement(s, layer, req)
      if (r.trace !== undefined) statements.push(r.trace)
      if (!applies(s, r, layer, req)) continue
      if (s.effect === 'Deny') {
        denies.push(s.ref)
        outcome = 'deny'
      } else {
        allows.push(grantResult(s, r).allows[0] as Grant)
        if (outcome === 'noMatch') outcome = 'allow'
      }
    }
    traces.push({ policy: policy.name, outcome, statements })
  }
  return { denies, allows, policies: traces }
}

/** Whether a statement's result makes it apply: fail closed (an undecidable Deny applies, an undecidable Allow does not) unless an analysis reads it. */
function applies(s: CompiledStatement, r: StatementResult, layer: LayerKind, req: PreparedRequest): boolean {
  return r.applies === 'unknown' && req.unknownStatement !== undefined ? req.unknownStatement(s, layer) : s.effect === 'Deny' ? r.applies !== 'false' : r.applies === 'true'
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
