/**
 * The state of one evaluation: the prepared request as statements read it (with the caller facts that
 * principal matching needs), the context keys found missing, and the situation the authorizer's rules
 * read. Classes with fixed fields, so that the hot path allocates little and stays monomorphic.
 */
import type { PrincipalFacts } from '../compile/matchPrincipal.js'
import type { Caller } from '../request/caller.js'
import type { BuiltContext } from '../request/buildContext.js'
import type { ProtectedResource } from '../request/resourceFacts.js'
import type { Situation } from './authorizer.js'
import type { CompiledPolicySet, EvaluateOptions } from './evaluate.js'
import type { ConditionOverride, PreparedRequest } from './evaluateStatement.js'
import type { LayerResults } from './layers.js'
import type { PreparedFacts } from './prepareRequest.js'
import type { UncertainKeys } from './uncertainKeys.js'

const NONE: readonly string[] = Object.freeze([])

/** A request as its statements read it during one evaluation. */
export class EvaluationState implements PreparedRequest, PrincipalFacts {
  readonly actionLower: string
  readonly service: string
  readonly resource: string
  readonly resourceLower: string
  readonly context: BuiltContext
  readonly caller: Caller
  readonly hasBoundary: boolean
  readonly conditionOverride: ConditionOverride | undefined
  readonly #prepared: PreparedFacts
  #missing: Set<string> | undefined

  constructor(prepared: PreparedFacts, policies: CompiledPolicySet, conditionOverride: ConditionOverride | undefined) {
    this.#prepared = prepared
    this.actionLower = prepared.action.lower
    this.service = prepared.action.service
    this.resource = prepared.request.resource
    this.resourceLower = prepared.resource.lower
    this.context = prepared.context
    this.caller = prepared.caller
    this.hasBoundary = policies.boundary != null
    this.conditionOverride = conditionOverride
  }

  /** The caller facts principal matching reads: this state itself. */
  get facts(): PrincipalFacts {
    return this
  }

  get userId(): string | undefined {
    return this.#prepared.userId
  }

  get uncertain(): UncertainKeys | undefined {
    return this.#prepared.uncertain
  }

  missing(key: string): void {
    ;(this.#missing ??= new Set()).add(key)
  }

  /** The context keys conditions read but the request lacked, sorted. */
  missingKeys(): readonly string[] {
    return this.#missing === undefined ? NONE : [...this.#missing].sort()
  }
}

/** What the authorizer's rules read, built once per evaluation. */
export class EvaluationSituation implements Situation {
  readonly caller: Caller
  readonly action: string
  readonly actionLower: string
  readonly service: string
  readonly resourcePartition: string | undefined
  readonly resourceAccount: string | undefined
  readonly roleTrust: boolean
  readonly keyPolicy: boolean
  readonly protectedResource: ProtectedResource | undefined
  readonly context: BuiltContext
  readonly layers: LayerResults
  readonly options: EvaluateOptions
  readonly #prepared: PreparedFacts

  constructor(prepared: PreparedFacts, layers: LayerResults, options: EvaluateOptions) {
    this.#prepared = prepared
    this.caller = prepared.caller
    this.action = prepared.request.action
    this.actionLower = prepared.action.lower
    this.service = prepared.action.service
    this.resourcePartition = prepared.resource.partition
    this.resourceAccount = prepared.resourceAccount
    this.roleTrust = prepared.roleTrust
    this.keyPolicy = prepared.keyPolicy
    this.protectedResource = prepared.resource.protectedResource
    this.context = prepared.context
    this.layers = layers
    this.options = options
  }

  get serviceLinked(): boolean {
    return this.#prepared.serviceLinked
  }
}
