/**
 * The authorizer: every layer is evaluated once, then an ordered table of small pure rules reads the
 * results. Each rule cites the AWS page it comes from, records its own trace step, and either decides
 * or passes on to the next; when none decides, the request is implicitly denied (AWS's default deny).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { Caller } from '../request/caller.js'
import type { RequestContext } from '../request/context.js'
import type { Decision, DecisionStep, StatementRef } from '../trace/types.js'
import type { EvaluateOptions } from './evaluate.js'
import type { Grant } from './evaluateLayer.js'
import type { LayerResults } from './layers.js'
import type { ProtectedResource } from '../request/resourceFacts.js'

/** What every rule reads: the request as prepared once, and every layer's result. */
export interface Situation {
  readonly caller: Caller
  /** The action as written in the request (for messages). */
  readonly action: string
  readonly actionLower: string
  readonly service: string
  /** The resource ARN's partition, when the resource is an ARN. */
  readonly resourcePartition: string | undefined
  /** The account that owns the resource, when known. */
  readonly resourceAccount: string | undefined
  /** An AssumeRole-family action on a role: the role's trust policy must allow the caller itself. */
  readonly roleTrust: boolean
  /** A KMS request on a key: the key policy must allow the caller itself. */
  readonly keyPolicy: boolean
  /** What AWS protects about the resource, whatever the policies say. */
  readonly protectedResource: ProtectedResource | undefined
  /** The caller is known to be a service-linked role. */
  readonly serviceLinked: boolean
  /** The request context (condition keys), for rules that read request parameters. */
  readonly context: RequestContext
  readonly layers: LayerResults
  readonly options: EvaluateOptions
}

/** Records one decision step; absent when the trace is off, so that no message is ever built then. */
export type StepSink = (rule: string, outcome: DecisionStep['outcome'], message: string, source: string) => void

/** A rule's decision. */
export interface Verdict {
  readonly decision: Decision
  /** The statements that decided: the applicable Denies, or the Allows that granted. */
  readonly determining: readonly StatementRef[]
}

/**
 * One rule of the authorizer: a named pure function with its AWS source.
 *
 * @example
 * const rule: AuthorizerRule = { name: 'explicit-deny', source: URL, decide: (s, step) => undefined }
 */
export interface AuthorizerRule {
  /** The rule's name. Its trace steps name what decided (`trust-policy`, `boundary`, …), which several rules share. */
  readonly name: string
  /** The AWS documentation page the rule comes from. */
  readonly source: string
  /** The decision, or undefined to pass on to the next rule. */
  readonly decide: (s: Situation, step: StepSink | undefined) => Verdict | undefined
}

/** AWS's default: nothing allowed the request. */
export const DEFAULT_DENY: Verdict = Object.freeze({ decision: 'implicitDeny', determining: Object.freeze([]) as readonly StatementRef[] })

/** Runs the rules in order; the first that decides wins, and without one the request is implicitly denied. */
export function authorize(s: Situation, rules: readonly AuthorizerRule[], step: StepSink | undefined): Verdict {
  for (const rule of rules) {
    const verdict = rule.decide(s, step)
    if (verdict !== undefined) return verdict
  }
  return DEFAULT_DENY
}

/** An allowed verdict. */
export function allowedBy(determining: readonly StatementRef[]): Verdict {
  return { decision: 'allowed', determining }
}

/** The Allow statements of the resource policy that reach the caller. */
export function grantsOf(s: Situation): readonly Grant[] {
  return s.layers.resourcePolicy?.allows ?? NO_GRANTS
}

const NO_GRANTS: readonly Grant[] = Object.freeze([])

/**
 * The statements that allowed, in the order they are reported: every RCP level, then every SCP level,
 * then the parts given (`grants`: resource-policy grants; `'identity'`: identity policies, boundary and
 * session policies), each in order. PERF: one array of the right size (counted first: an array grown by
 * push allocates room for many), no intermediate ones (two fixed parameters, not a rest parameter,
 * which would be an array per call).
 */
export function allowedRefs(s: Situation, first?: readonly Grant[] | 'identity', second?: readonly Grant[] | 'identity'): StatementRef[] {
  const out = new Array<StatementRef>(visitRefs(s, first, second, undefined))
  visitRefs(s, first, second, out)
  return out
}

/** Counts the statements `allowedRefs` reports, writing them into `out` when given; returns how many. */
function visitRefs(s: Situation, first: readonly Grant[] | 'identity' | undefined, second: readonly Grant[] | 'identity' | undefined, out: StatementRef[] | undefined): number {
  // PERF: indexed loops throughout (the lists are often frozen, where for-of takes a slower path).
  const { rcps, scps } = s.layers
  let n = 0
  for (let i = 0; i < rcps.length; i++) n = addGrants(out, n, rcps[i])
  for (let i = 0; i < scps.length; i++) n = addGrants(out, n, scps[i])
  if (first !== undefined) n = addPart(out, n, s, first)
  if (second !== undefined) n = addPart(out, n, s, second)
  return n
}

function addPart(out: StatementRef[] | undefined, n: number, s: Situation, part: readonly Grant[] | 'identity'): number {
  if (part === 'identity') {
    const { identity, boundary, session } = s.layers
    return addGrants(out, addGrants(out, addGrants(out, n, identity), boundary), session)
  }
  if (out === undefined) return n + part.length
  for (let i = 0; i < part.length; i++) out[n++] = (part[i] as Grant).ref
  return n
}

function addGrants(out: StatementRef[] | undefined, n: number, layer: { readonly allows: readonly Grant[] } | undefined): number {
  if (layer === undefined) return n
  const allows = layer.allows
  if (out === undefined) return n + allows.length
  for (let i = 0; i < allows.length; i++) out[n++] = (allows[i] as Grant).ref
  return n
}
