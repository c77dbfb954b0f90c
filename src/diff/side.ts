/**
 * One version of a question, evaluated under chosen outcomes of its open conditions. The conditions of
 * both versions become shared atoms when they read the same open key (the same request value decides
 * them); each atom is true, false, or unknown (a value of the wrong type, which the evaluator reads
 * fail-closed: an Allow does not apply, a Deny does). Statements the engine cannot decide are shared
 * too, by content: the same undecidable statement in both versions applies in both or in neither.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { AtomTable } from '../analysis/atoms.js'
import { conditionClassifier } from '../analysis/classify.js'
import type { Atom } from '../analysis/atoms.js'
import type { AccessQuestion, Witness } from '../analysis/types.js'
import { witnessPrincipal } from '../analysis/witness.js'
import type { CompiledStatement } from '../compile/compilePolicy.js'
import type { CompiledCondition } from '../conditions/types.js'
import { compileRequest, evaluateCompiled } from '../evaluate/evaluate.js'
import { Evaluation } from '../evaluate/evaluationState.js'
import { preparedOf, RequestMemo } from '../evaluate/prepareRequest.js'
import type { CompiledRequest, EvaluationResult } from '../evaluate/evaluate.js'
import type { RequestContext } from '../request/context.js'
import type { ContextValue, Request } from '../request/types.js'
import type { Decision } from '../trace/types.js'

/** One version of a question, with what the diff knows about its caller. */
export interface Side {
  readonly question: AccessQuestion & { readonly request: Request }
  /** Conditions the caller's own values always satisfy (a principal ARN in the caller's account). */
  readonly constraints?: readonly CompiledCondition[]
  /** Values to try first for a key. */
  readonly prefer?: (keyLower: string) => readonly string[] | undefined
  /** Rewrites a witness into its natural form (the principal named by `aws:PrincipalArn`); confirmed again. */
  readonly normalize?: (request: Request) => Request
}

/** An atom's outcome in one assignment. */
export type Outcome = 'T' | 'F' | 'U'

/** How an undecidable statement is read: fail-closed, or as the assignment of shared statements says. */
type StatementReading = { readonly mode: 'certain' } | { readonly mode: 'possible'; readonly applies: (key: string, s: CompiledStatement) => boolean }

/** A prepared side: classification of its conditions into atoms, and evaluation under assignments. */
export interface PreparedSide {
  readonly side: Side
  readonly request: CompiledRequest
  /** The context with derived keys, for conditions that read known keys. */
  readonly context: RequestContext
  evaluate(outcome: (atom: Atom) => Outcome, reading: StatementReading, seen?: { atoms: Set<Atom>; statements: Map<string, CompiledStatement> }): EvaluationResult
  /** Open keys of this side that a condition reads. */
  openKeys(c: CompiledCondition): readonly string[]
}

const STATEMENT_KEYS = new WeakMap<CompiledStatement, string>()

/** A statement by content (no positions): equal for the same statement in two versions of a policy. */
function statementKey(s: CompiledStatement): string {
  let key = STATEMENT_KEYS.get(s)
  if (key === undefined) {
    const drop = new Set(['pointer', 'line', 'column', 'index', 'position', 'sid'])
    key = `${s.ref.layer}|${JSON.stringify(s.statement, (k, v: unknown) => (drop.has(k) ? undefined : v))}`
    STATEMENT_KEYS.set(s, key)
  }
  return key
}

const EMPTY: RequestContext = { get: () => undefined }

/**
 * Prepares a side: atoms come from `table`, shared with the other side. A condition reading one open key
 * is an atom of that key (shared); one reading several (policy variables) is an atom of this side alone,
 * as the other keys it reads may hold other values in the other version.
 */
export function prepareSide(side: Side, table: AtomTable, tag: string): PreparedSide {
  const request = compileRequest(side.question.request)
  const keys = side.question.keys
  const openKeys = (c: CompiledCondition): readonly string[] => c.keysRead.filter((k) => keys.isOpen(k))
  const classify = conditionClassifier(table, keys, (c, open) => (c.keysRead.length === 1 ? `key:${open[0] as string}` : `${tag}:${c.keysRead.join(',')}`))
  return {
    side,
    request,
    context: requestContext(request) ?? EMPTY,
    openKeys,
    evaluate(outcome, reading, seen) {
      return evaluateCompiled(request, side.question.policies, {
        conditionOverride: (c, s) => {
          const k = classify(c, s)
          if (k === null) return undefined
          if (typeof k === 'string') return k
          seen?.atoms.add(k)
          const o = outcome(k)
          // A value of the wrong type: the evaluator reads the statement fail-closed.
          if (o === 'U') return s.effect === 'Allow' ? 'false' : 'true'
          return o === 'T' ? 'true' : 'false'
        },
        unknownStatement: (s) => {
          const key = statementKey(s)
          seen?.statements.set(key, s)
          return reading.mode === 'certain' ? s.effect === 'Deny' : reading.applies(key, s)
        },
      })
    },
  }
}

/** The context of a request with the keys AWS derives from it (undefined for a request that cannot be read). */
export function requestContext(r: Request | CompiledRequest): RequestContext | undefined {
  const p = preparedOf(r, new RequestMemo())
  return p instanceof Evaluation ? p.context : undefined
}

/** The request of a side with chosen values for its open keys (absent keys removed). */
export function requestWith(side: Side, values: ReadonlyMap<string, readonly string[] | undefined>): Request {
  const given = side.question.request.context ?? {}
  const keys = side.question.keys
  const context: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>
  for (const k of Object.keys(given)) {
    const v = given[k]
    if (v !== undefined && !keys.isOpen(k.toLowerCase())) context[k] = v
  }
  const spelled = spellings(side)
  for (const [k, v] of values) {
    if (!keys.isOpen(k) || v === undefined) continue
    context[spelled.get(k) ?? k] = v.length === 1 ? (v[0] as string) : v
  }
  return { ...side.question.request, context }
}

const SPELLINGS = new WeakMap<Side, Map<string, string>>()
/** Keys as the side's policies write them (witnesses read as the policy does: `aws:PrincipalOrgID`, not `aws:principalorgid`). */
function spellings(side: Side): Map<string, string> {
  let m = SPELLINGS.get(side)
  if (m === undefined) {
    m = new Map()
    const p = side.question.policies
    for (const policy of [...(p.identity ?? []), p.boundary, ...(p.session ?? []), ...(p.scps ?? []).flat(), p.resource, ...(p.rcps ?? []).flat()]) {
      for (const s of policy?.statements ?? []) for (const c of s.conditions) if (!m.has(c.node.keyLower)) m.set(c.node.keyLower, c.node.key)
    }
    SPELLINGS.set(side, m)
  }
  return m
}

/** A request in the scenario-file shape. */
export function witnessOf(r: Request): Witness {
  return {
    principal: witnessPrincipal(r.principal),
    action: r.action,
    resource: r.resource,
    ...(r.resourceAccount !== undefined ? { resourceAccount: r.resourceAccount } : {}),
    context: { ...(r.context ?? {}) },
  }
}

/** The evaluator's own decision of a side's request (no hooks). */
export function decide(side: Side, request: Request): Decision {
  return evaluateCompiled(request, side.question.policies).decision
}

export { AtomTable }
