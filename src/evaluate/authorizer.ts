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
  return s.layers.resource?.allows ?? NO_GRANTS
}

const NO_GRANTS: readonly Grant[] = Object.freeze([])

/**
 * The statements that allowed, in the order they are reported: every RCP level, then every SCP level,
 * then the parts given (`grants`: resource-policy grants; `'identity'`: identity policies, boundary and
 * session policies), each in order. PERF: one array, no intermediate ones (two fixed parameters, not a
 * rest parameter, which would be an array per call).
 */
export function allowedRefs(s: Situation, first?: readonly Grant[] | 'identity', second?: readonly Grant[] | 'identity'): StatementRef[] {
  // PERF: indexed loops throughout (the lists are often frozen, where for-of takes a slower path).
  const out: StatementRef[] = []
  const { rcps, scps } = s.layers
  for (let i = 0; i < rcps.length; i++) pushGrants(out, rcps[i])
  for (let i = 0; i < scps.length; i++) pushGrants(out, scps[i])
  if (first !== undefined) pushPart(out, s, first)
  if (second !== undefined) pushPart(out, s, second)
  return out
}

function pushPart(out: StatementRef[], s: Situation, part: readonly Grant[] | 'identity'): void {
  if (part !== 'identity') {
    for (let i = 0; i < part.length; i++) out.push((part[i] as Grant).ref)
    return
  }
  const { identity, boundary, session } = s.layers
  pushGrants(out, identity)
  pushGrants(out, boundary)
  pushGrants(out, session)
}

function pushGrants(out: StatementRef[], layer: { readonly allows: readonly Grant[] } | undefined): void {
  if (layer === undefined) return
  const allows = layer.allows
  for (let i = 0; i < allows.length; i++) out.push((allows[i] as Grant).ref)
}
