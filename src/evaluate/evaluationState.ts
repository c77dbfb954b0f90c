/**
 * The state of one evaluation: the prepared request as statements read it (with the caller facts that
 * principal matching needs), the context keys found missing, and, once the layers are evaluated, the
 * situation the authorizer's rules read. One object with fixed fields, so that the hot path allocates
 * little and stays monomorphic.
 */
import type { PrincipalFacts } from '../compile/matchPrincipal.js'
import { nextStamp } from '../compile/statementMemo.js'
import type { Caller } from '../request/caller.js'
import type { BuiltContext } from '../request/buildContext.js'
import { derivedKeySpelling } from '../request/buildContext.js'
import type { ProtectedResource } from '../request/resourceFacts.js'
import type { Situation } from './authorizer.js'
import type { CompiledPolicySet, EvaluateOptions } from './evaluate.js'
import type { ConditionOverride, PreparedRequest, UnknownStatementHook } from './evaluateStatement.js'
import type { LayerResults } from './layers.js'
import type { PreparedFacts } from './prepareRequest.js'
import type { UncertainKeys } from './uncertainKeys.js'

const NONE: readonly string[] = Object.freeze([])

const NO_LAYERS: LayerResults = Object.freeze({ scps: NONE, rcps: NONE, identity: undefined, boundary: undefined, session: undefined, resource: undefined }) as unknown as LayerResults

/** One evaluation of a prepared request against a policy set. */
export class Evaluation implements PreparedRequest, PrincipalFacts, Situation {
  readonly caller: Caller
  readonly action: string
  readonly actionLower: string
  readonly service: string
  readonly resource: string
  readonly resourceLower: string
  readonly resourcePartition: string | undefined
  readonly resourceAccount: string | undefined
  readonly roleTrust: boolean
  readonly keyPolicy: boolean
  readonly protectedResource: ProtectedResource | undefined
  readonly hasBoundary: boolean
  readonly conditionOverride: ConditionOverride | undefined
  readonly unknownStatement: UnknownStatementHook | undefined
  readonly options: EvaluateOptions
  readonly stamp: number
  /** Every layer's result, set once they are evaluated (the rules read them). */
  layers: LayerResults = NO_LAYERS
  readonly #prepared: PreparedFacts
  /** Lowercased key → the spelling reported (AWS's for keys AWS sets, else the first one read). */
  #missing: Map<string, string> | undefined

  constructor(prepared: PreparedFacts, policies: CompiledPolicySet, options: EvaluateOptions, conditionOverride: ConditionOverride | undefined) {
    this.#prepared = prepared
    this.caller = prepared.caller
    this.action = prepared.action.action
    this.actionLower = prepared.action.lower
    this.service = prepared.action.service
    this.resource = prepared.resourceArn
    this.resourceLower = prepared.resource.lower
    this.resourcePartition = prepared.resource.partition
    this.resourceAccount = prepared.resourceAccount
    this.roleTrust = prepared.roleTrust
    this.keyPolicy = prepared.keyPolicy
    this.protectedResource = prepared.resource.protectedResource
    this.hasBoundary = policies.boundary != null
    this.conditionOverride = conditionOverride
    this.unknownStatement = options.unknownStatement
    this.options = options
    this.stamp = conditionOverride === undefined ? nextStamp() : 0
  }

  /** The caller facts principal matching reads: this evaluation itself. */
  get facts(): PrincipalFacts {
    return this
  }

  get context(): BuiltContext {
    return this.#prepared.context
  }

  get userId(): string | undefined {
    return this.#prepared.userId
  }

  get uncertain(): UncertainKeys | undefined {
    return this.#prepared.uncertain
  }

  get serviceLinked(): boolean {
    return this.#prepared.serviceLinked
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
