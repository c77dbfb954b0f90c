/**
 * A request read once into the typed facts every rule reads: the caller model, the action and the
 * resource parsed once, and a context whose derived keys are built only when a condition reads them.
 * `compileRequest` keeps such a request to evaluate many times; a compiled policy set keeps a small
 * memo of principal, action and resource facts, so that plain request objects naming the same
 * principal are not parsed again.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { serviceOf } from '../compile/matchAction.js'
import { isMultivaluedKey } from '../conditions/multivaluedKeys.js'
import type { Diagnostic } from '../diagnostics.js'
import { BuiltContext } from '../request/buildContext.js'
import { callerFromPrincipal } from '../request/caller.js'
import { isServiceAction, requestProblems } from '../request/checkRequest.js'
import type { Caller, CallerResult } from '../request/caller.js'
import { readRequest } from '../request/readRequest.js'
import type { RequestInput } from '../request/readRequest.js'
import { resourceFactsOf } from '../request/resourceFacts.js'
import type { ResourceFacts } from '../request/resourceFacts.js'
import { isRoleTrustAction } from '../request/roleTrust.js'
import type { ContextValue, Request, RequestPrincipal } from '../request/types.js'
import { isServiceLinkedRole } from './callerRules.js'
import { uncertainKeys } from './uncertainKeys.js'
import type { UncertainKeys } from './uncertainKeys.js'

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

/** What evaluation derives from a request alone, independent of the policies. */
export class PreparedFacts {
  readonly request: Request
  readonly caller: Caller
  readonly action: ActionFacts
  readonly resource: ResourceFacts
  readonly context: BuiltContext
  /** The account that owns the resource (`resourceAccount`, the ARN's account, or the caller's for `*`). */
  readonly resourceAccount: string | undefined
  /** An AssumeRole-family action on a role: the role's trust policy must allow the caller itself. */
  readonly roleTrust: boolean
  /** A KMS request on a key: the key policy must allow the caller itself. */
  readonly keyPolicy: boolean
  #serviceLinked: boolean | undefined
  #uncertain: UncertainKeys | null | undefined
  #userId: string | null | undefined

  constructor(request: Request, caller: Caller, action: ActionFacts, resource: ResourceFacts) {
    this.request = request
    this.caller = caller
    this.action = action
    this.resource = resource
    this.context = new BuiltContext(request.context, caller, request.resource, request.resourceAccount ?? resource.account, isMultivaluedKey)
    // A request on `*` (actions without resource-level permissions) stays in the caller's account.
    this.resourceAccount = request.resourceAccount ?? (request.resource === '*' ? caller.account : resource.account)
    this.roleTrust = action.roleTrust && resource.isRole
    this.keyPolicy = action.service === 'kms' && resource.isKmsKey
  }

  /** The caller is a service-linked role (no SCP or RCP restricts it). */
  get serviceLinked(): boolean {
    const caller = this.caller
    if (caller.kind !== 'role' && caller.kind !== 'roleSession') return false
    return (this.#serviceLinked ??= isServiceLinkedRole(caller, this.context.isGiven('aws:principalarn') ? this.context.get('aws:principalarn')?.values[0] : undefined))
  }

  /** The request assumes a service-linked role: RCPs do not restrict it. */
  get resourceIsServiceLinkedRole(): boolean {
    return this.action.roleTrust && this.resource.protectedResource?.kind === 'serviceLinkedRole'
  }

  /** Keys AWS sets for the caller whose value the request does not reveal. */
  get uncertain(): UncertainKeys | undefined {
    if (this.#uncertain === undefined) this.#uncertain = uncertainKeys(this.caller, this.context, this.request.resource) ?? null
    return this.#uncertain ?? undefined
  }

  /** aws:userid when the request gives (or AWS derives) one value for it. */
  get userId(): string | undefined {
    if (this.#userId === undefined) {
      const entry = this.context.get('aws:userid')
      this.#userId = entry !== undefined && entry.values.length === 1 ? (entry.values[0] as string) : null
    }
    return this.#userId ?? undefined
  }
}

/** Why a request cannot be evaluated. */
export interface RequestErrors {
  readonly request: Request | undefined
  readonly errors: readonly [Diagnostic, ...Diagnostic[]]
}

/**
 * A per-engine memo of what a principal ARN, an action or a resource ARN says: bounded, so that a
 * stream of distinct requests cannot grow it.
 */
export class RequestMemo {
  static readonly SIZE = 2048
  readonly #callers = new Map<string, CallerResult>()
  readonly #actions = new Map<string, ActionFacts>()
  readonly #resources = new Map<string, ResourceFacts>()

  caller(principal: RequestPrincipal): CallerResult {
    if (principal.kind !== 'aws') return callerFromPrincipal(principal)
    return remember(this.#callers, principal.arn, () => callerFromPrincipal(principal))
  }

  action(action: string): ActionFacts {
    return remember(this.#actions, action, () => actionFactsOf(action))
  }

  resource(resource: string): ResourceFacts {
    return remember(this.#resources, resource, () => resourceFactsOf(resource))
  }
}

function remember<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key)
  if (value === undefined) {
    value = make()
    if (map.size >= RequestMemo.SIZE) map.clear()
    map.set(key, value)
  }
  return value
}

function actionFactsOf(action: string): ActionFacts {
  const lower = action.toLowerCase()
  return { action, lower, service: serviceOf(lower), valid: isServiceAction(lower), roleTrust: isRoleTrustAction(lower) }
}

/**
 * Reads and prepares a request (any value a caller passes), or says why it cannot be evaluated.
 * `memo` belongs to the engine (a compiled policy set) evaluating it.
 */
export function prepareRequest(input: unknown, memo: RequestMemo | undefined): PreparedFacts | RequestErrors {
  const read = readRequest(input)
  if (!read.ok) return { request: undefined, errors: read.errors }
  return prepareRead(read.value, memo)
}

/** Prepares a request already read. */
export function prepareRead(request: Request, memo: RequestMemo | undefined): PreparedFacts | RequestErrors {
  const caller = memo !== undefined ? memo.caller(request.principal) : callerFromPrincipal(request.principal)
  const action = memo !== undefined ? memo.action(request.action) : actionFactsOf(request.action)
  if (!caller.ok || !action.valid) return { request, errors: requestProblems(caller, request.action, action.valid) as [Diagnostic, ...Diagnostic[]] }
  const resource = memo !== undefined ? memo.resource(request.resource) : resourceFactsOf(request.resource)
  return new PreparedFacts(request, caller.caller, action, resource)
}

/**
 * A request checked and prepared once (caller model, lowercased action, parsed resource, context), to
 * evaluate against many policy sets or many times: `evaluateCompiled` accepts it in place of a request.
 * It holds a copy of the request, so later changes to the original object do not reach it. Only
 * `compileRequest` makes one: an object that merely looks like it is read as the request it holds.
 *
 * @example
 * const request: CompiledRequest = compileRequest({ principal: { kind: 'aws', arn: 'arn:aws:iam::111122223333:user/alice' },
 *   action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/Admin' })
 * if (request.errors.length === 0) evaluateCompiled(request, policies).decision
 */
export interface CompiledRequest {
  readonly kind: 'compiledRequest'
  /** The request as given (copied); absent when the input was not a request at all. */
  readonly request: Request | undefined
  /** Why the request cannot be evaluated; evaluating it is then an implicit deny with these errors. */
  readonly errors: readonly Diagnostic[]
}

class CompiledRequestImpl implements CompiledRequest {
  readonly kind = 'compiledRequest' as const
  readonly request: Request | undefined
  readonly errors: readonly Diagnostic[]
  readonly #prepared: PreparedFacts | undefined

  constructor(request: Request | undefined, errors: readonly Diagnostic[], prepared: PreparedFacts | undefined) {
    this.request = request
    this.errors = errors
    this.#prepared = prepared
  }

  /** The prepared facts of a genuine compiled request; undefined for anything else. */
  static preparedOf(input: unknown): PreparedFacts | RequestErrors | undefined {
    if (!(typeof input === 'object' && input !== null && #prepared in input)) return undefined
    const genuine = input as CompiledRequestImpl
    return genuine.#prepared ?? { request: genuine.request, errors: genuine.errors as [Diagnostic, ...Diagnostic[]] }
  }
}

/**
 * Checks and prepares a request once. PERF: evaluating a `CompiledRequest` skips reading the principal,
 * the action, the resource and the context on every evaluation. Never throws: a value that is not a
 * request gives a compiled request whose `errors` say why.
 *
 * @example
 * const request = compileRequest({ principal: 'arn:aws:iam::111122223333:user/alice', action: 'sts:AssumeRole',
 *   resource: 'arn:aws:iam::111122223333:role/Admin' })
 * for (const policies of candidateSets) evaluateCompiled(request, policies).decision
 */
export function compileRequest(input: RequestInput | CompiledRequest): CompiledRequest {
  // A compiled request stays itself; one that only looks compiled is read from the request it holds.
  if (CompiledRequestImpl.preparedOf(input) !== undefined) return input as CompiledRequest
  const read = readRequest(looksCompiled(input) ? (input as { request?: unknown }).request : input)
  if (!read.ok) return new CompiledRequestImpl(undefined, read.errors, undefined)
  const request = copyRequest(read.value)
  const prepared = prepareRead(request, undefined)
  return prepared instanceof PreparedFacts ? new CompiledRequestImpl(request, [], prepared) : new CompiledRequestImpl(request, prepared.errors, undefined)
}

/**
 * The prepared facts of a request given in any form: a genuine compiled request's own facts, or the
 * request read and prepared now. An object that only looks like a compiled request is read as the
 * request it holds (its `request` field), so it cannot smuggle in prepared facts.
 */
export function preparedOf(input: unknown, memo: RequestMemo | undefined): PreparedFacts | RequestErrors {
  const genuine = CompiledRequestImpl.preparedOf(input)
  if (genuine !== undefined) return genuine
  return prepareRequest(looksCompiled(input) ? (input as { request?: unknown }).request : input, memo)
}

function looksCompiled(input: unknown): boolean {
  return typeof input === 'object' && input !== null && Object.hasOwn(input, 'kind') && (input as { kind?: unknown }).kind === 'compiledRequest'
}

/**
 * The input to keep when a result is read later (a traced result builds its trace on first read): a
 * compiled request as it is (it holds a copy), anything else read and copied now.
 */
export function snapshotOf(input: unknown): unknown {
  if (CompiledRequestImpl.preparedOf(input) !== undefined) return input
  const read = readRequest(looksCompiled(input) ? (input as { request?: unknown }).request : input)
  return read.ok ? copyRequest(read.value) : input
}

function copyRequest(r: Request): Request {
  const context = r.context
  let copy: Record<string, ContextValue> | undefined
  if (context !== undefined) {
    copy = Object.create(null) as Record<string, ContextValue>
    for (const key of Object.keys(context)) {
      const v = context[key]
      if (v !== undefined) copy[key] = typeof v === 'string' ? v : [...v]
    }
  }
  return {
    principal: { ...r.principal },
    action: r.action,
    resource: r.resource,
    ...(r.resourceAccount !== undefined ? { resourceAccount: r.resourceAccount } : {}),
    ...(copy !== undefined ? { context: copy } : {}),
  }
}
