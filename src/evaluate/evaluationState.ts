/**
 * One evaluation: the request's facts (read once: the caller model, the action and the resource, a
 * context whose derived keys are built only when a condition reads them), the state of its evaluation
 * against a policy set (the context keys found missing, each layer's result) and the situation the
 * authorizer's rules read. PERF: one object with fixed fields per request, so that the hot path
 * allocates little and stays monomorphic. A compiled request keeps one as its facts; each evaluation of
 * it is a fork that shares what the facts read lazily (the context, the uncertain keys).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { PrincipalFacts } from '../compile/matchPrincipal.js'
import { nextStamp } from '../compile/statementMemo.js'
import { isMultivaluedKey } from '../conditions/multivaluedKeys.js'
import { BuiltContext, derivedKeySpelling } from '../request/buildContext.js'
import type { Caller } from '../request/caller.js'
import type { ProtectedResource, ResourceFacts } from '../request/resourceFacts.js'
import type { ContextValue } from '../request/types.js'
import type { Situation } from './authorizer.js'
import { isServiceLinkedRole } from './callerRules.js'
import type { CompiledPolicySet, EvaluateOptions } from './evaluate.js'
import type { LayerResult } from './evaluateLayer.js'
import type { ConditionOverride, PreparedRequest, UnknownStatementHook } from './evaluateStatement.js'
import type { LayerResults } from './layers.js'
import { uncertainKeys } from './uncertainKeys.js'
import type { UncertainKeys, ValueMemo } from './uncertainKeys.js'

/** Facts about the request's action, read once. */
export interface ActionFacts {
  /** As written in the request. */
  readonly action: string
  readonly lower: string
  /** The lowercased service prefix. */
  readonly service: string
  /** `service:Action`: anything else is never evaluated. */
  readonly valid: boolean
  /** A trust action (AssumeRole*, TagSession, SetSourceIdentity, SetContext). */
  readonly roleTrust: boolean
}

const NONE: readonly string[] = Object.freeze([])
const NO_LEVELS: readonly (LayerResult | undefined)[] = Object.freeze([])
const NO_OPTIONS: EvaluateOptions = Object.freeze({})

/** One evaluation of a request: its facts, then (from `begin`) its evaluation against a policy set. */
export class Evaluation implements PreparedRequest, PrincipalFacts, Situation, LayerResults {
  // The request's facts, independent of the policies.
  readonly caller: Caller
  readonly actionFacts: ActionFacts
  readonly resourceFacts: ResourceFacts
  /** The action as written in the request. */
  readonly action: string
  readonly actionLower: string
  readonly service: string
  /** The resource as the request gives it. */
  readonly resource: string
  readonly resourceLower: string
  readonly resourcePartition: string | undefined
  readonly protectedResource: ProtectedResource | undefined
  /** `resourceAccount` as the request gives it. */
  readonly givenResourceAccount: string | undefined
  /** The request's own context keys (values strings or arrays of strings). */
  readonly givenContext: Readonly<Record<string, ContextValue>> | undefined
  /** The account that owns the resource (`resourceAccount`, the ARN's account, or the caller's for `*`). */
  readonly resourceAccount: string | undefined
  /** An AssumeRole-family action on a role: the role's trust policy must allow the caller itself. */
  readonly roleTrust: boolean
  /** A KMS request on a key: the key policy must allow the caller itself. */
  readonly keyPolicy: boolean
  /** Its context keys, when read already. */
  readonly #givenKeys: readonly string[] | undefined
  readonly #memo: ValueMemo
  /** The evaluation these facts were forked from: what it reads lazily is read there, once. */
  readonly #source: Evaluation | undefined
  #context: BuiltContext | undefined = undefined
  #serviceLinked: boolean | undefined = undefined
  #uncertain: UncertainKeys | null | undefined = undefined
  #userId: string | null | undefined = undefined

  // The evaluation against a policy set (set by `begin`).
  hasBoundary = false
  conditionOverride: ConditionOverride | undefined = undefined
  unknownStatement: UnknownStatementHook | undefined = undefined
  options: EvaluateOptions = NO_OPTIONS
  stamp = 0
  /** Lowercased key → the spelling reported (AWS's for keys AWS sets, else the first one read). */
  #missing: Map<string, string> | undefined = undefined

  // Every layer's result, set once they are evaluated (the rules read them; see LayerResults).
  scps: readonly (LayerResult | undefined)[] = NO_LEVELS
  rcps: readonly (LayerResult | undefined)[] = NO_LEVELS
  identity: LayerResult | undefined = undefined
  boundary: LayerResult | undefined = undefined
  session: LayerResult | undefined = undefined
  resourcePolicy: LayerResult | undefined = undefined

  constructor(
    caller: Caller,
    action: ActionFacts,
    resource: ResourceFacts,
    resourceAccount: string | undefined,
    context: Readonly<Record<string, ContextValue>> | undefined,
    contextKeys: readonly string[] | undefined,
    memo: ValueMemo,
    source: Evaluation | undefined,
  ) {
    this.caller = caller
    this.actionFacts = action
    this.resourceFacts = resource
    this.action = action.action
    this.actionLower = action.lower
    this.service = action.service
    this.resource = resource.resource
    this.resourceLower = resource.lower
    this.resourcePartition = resource.partition
    this.protectedResource = resource.protectedResource
    this.givenResourceAccount = resourceAccount
    this.givenContext = context
    // A request on `*` (actions without resource-level permissions) stays in the caller's account.
    this.resourceAccount = resourceAccount ?? (resource.resource === '*' ? caller.account : resource.account)
    this.roleTrust = action.roleTrust && resource.isRole
    this.keyPolicy = action.service === 'kms' && resource.isKmsKey
    this.#givenKeys = contextKeys
    this.#memo = memo
    this.#source = source
  }

  /** A fresh evaluation of the same request, sharing what this one reads lazily. */
  fork(): Evaluation {
    return new Evaluation(this.caller, this.actionFacts, this.resourceFacts, this.givenResourceAccount, this.givenContext, this.#givenKeys, this.#memo, this.#source ?? this)
  }

  /** Starts the evaluation against a policy set (once, before the layers are evaluated). */
  begin(policies: CompiledPolicySet, options: EvaluateOptions, conditionOverride: ConditionOverride | undefined): this {
    this.hasBoundary = policies.boundary != null
    this.conditionOverride = conditionOverride
    this.unknownStatement = options.unknownStatement
    this.options = options
    this.stamp = conditionOverride === undefined ? nextStamp() : 0
    return this
  }

  /** The caller facts principal matching reads: this evaluation itself. */
  get facts(): PrincipalFacts {
    return this
  }

  /** What each layer says (this evaluation holds the results). */
  get layers(): LayerResults {
    return this
  }

  /** The context: the request's keys and the ones AWS derives, built when first read. */
  get context(): BuiltContext {
    return (this.#context ??= this.#source !== undefined ? this.#source.context : new BuiltContext(this.givenContext, this.#givenKeys, this.caller, this.givenResourceAccount ?? this.resourceFacts.account, isMultivaluedKey))
  }

  /** The caller is a service-linked role (no SCP or RCP restricts it). */
  get serviceLinked(): boolean {
    const caller = this.caller
    if (caller.kind !== 'role' && caller.kind !== 'roleSession') return false
    if (this.#source !== undefined) return this.#source.serviceLinked
    return (this.#serviceLinked ??= isServiceLinkedRole(caller, this.context.isGiven('aws:principalarn') ? this.context.get('aws:principalarn')?.values[0] : undefined))
  }

  /** The request assumes a service-linked role: RCPs do not restrict it. */
  get resourceIsServiceLinkedRole(): boolean {
    return this.actionFacts.roleTrust && this.protectedResource?.kind === 'serviceLinkedRole'
  }

  /** Keys AWS sets for the caller whose value the request does not reveal. */
  get uncertain(): UncertainKeys | undefined {
    if (this.#source !== undefined) return this.#source.uncertain
    if (this.#uncertain === undefined) this.#uncertain = uncertainKeys(this.caller, this.context, this.#memo) ?? null
    return this.#uncertain ?? undefined
  }

  /** aws:userid when the request gives (or AWS derives) one value for it. */
  get userId(): string | undefined {
    if (this.#source !== undefined) return this.#source.userId
    if (this.#userId === undefined) {
      const entry = this.context.get('aws:userid')
      this.#userId = entry !== undefined && entry.values.length === 1 ? (entry.values[0] as string) : null
    }
    return this.#userId ?? undefined
  }

  /** Records a context key the request should have given; key names are case-insensitive, so once per key. */
  missing(key: string): void {
    const lower = key.toLowerCase()
    const missing = (this.#missing ??= new Map())
    if (!missing.has(lower)) missing.set(lower, derivedKeySpelling(lower) ?? key)
  }

  /** The context keys conditions read but the request lacked, sorted. */
  missingKeys(): readonly string[] {
    return this.#missing === undefined ? NONE : [...this.#missing.values()].sort()
  }
}
