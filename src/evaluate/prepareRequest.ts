/**
 * A request read once into the typed facts every rule reads: the caller model, the action and the
 * resource parsed once, and a context whose derived keys are built only when a condition reads them.
 * `compileRequest` keeps such a request to evaluate many times; a compiled policy set keeps a small
 * memo of principal, action and resource facts, so that plain request objects naming the same
 * principal are not parsed again.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { serviceOf } from '../compile/matchAction.js'
import type { Diagnostic } from '../diagnostics.js'
import { callerFromPrincipal } from '../request/caller.js'
import { isServiceAction, requestProblems } from '../request/checkRequest.js'
import type { Caller, CallerResult } from '../request/caller.js'
import { filePrincipal, plainFields, readRequest } from '../request/readRequest.js'
import type { RequestFields, RequestInput } from '../request/readRequest.js'
import { resourceFactsOf } from '../request/resourceFacts.js'
import type { ResourceFacts } from '../request/resourceFacts.js'
import { isRoleTrustAction } from '../request/roleTrust.js'
import type { ContextValue, Request, RequestPrincipal } from '../request/types.js'
import { Evaluation } from './evaluationState.js'
import type { ActionFacts } from './evaluationState.js'
import type { UncertainKeys } from './uncertainKeys.js'

/** Why a request cannot be evaluated. */
export interface RequestErrors {
  readonly errors: readonly [Diagnostic, ...Diagnostic[]]
}

/**
 * A per-engine memo of what a principal ARN, an action or a resource ARN says: bounded, so that a
 * stream of distinct requests cannot grow it.
 */
export class RequestMemo {
  static readonly SIZE = 2048
  readonly #callers = new Map<string, CallerResult>()
  readonly #services = new Map<string, CallerResult>()
  readonly #providers = new Map<string, CallerResult>()
  readonly #actions = new Map<string, ActionFacts>()
  readonly #resources = new Map<string, ResourceFacts>()
  readonly #valuesByOwner = new WeakMap<object, Map<string, readonly string[]>>()
  readonly #uncertainByCaller = new WeakMap<Caller, (UncertainKeys | undefined)[]>()
  // PERF: the last answer of each kind, which requests repeat: a comparison (often of the very same
  // string) instead of a hash lookup.
  #lastArn: string | undefined
  #lastCaller: CallerResult | undefined
  #lastAction: string | undefined
  #lastActionFacts: ActionFacts | undefined
  #lastResource: string | undefined
  #lastResourceFacts: ResourceFacts | undefined

  /** The caller a request principal names (service and federated callers kept by name, as ARNs are). */
  callerOf(principal: RequestPrincipal): CallerResult {
    switch (principal.kind) {
      case 'aws':
        return this.callerOfArn(principal.arn)
      case 'service':
        return memoized(this.#services, principal.service, serviceCaller)
      case 'federated':
        return memoized(this.#providers, principal.provider, providerCaller)
      default:
        return callerFromPrincipal(principal)
    }
  }

  /** The caller an AWS principal ARN names. */
  callerOfArn(arn: string): CallerResult {
    if (arn === this.#lastArn && this.#lastCaller !== undefined) return this.#lastCaller
    const found = memoized(this.#callers, arn, callerOfArn)
    this.#lastArn = arn
    return (this.#lastCaller = found)
  }

  action(action: string): ActionFacts {
    if (action === this.#lastAction && this.#lastActionFacts !== undefined) return this.#lastActionFacts
    const found = memoized(this.#actions, action, actionFactsOf)
    this.#lastAction = action
    return (this.#lastActionFacts = found)
  }

  resource(resource: string): ResourceFacts {
    if (resource === this.#lastResource && this.#lastResourceFacts !== undefined) return this.#lastResourceFacts
    const found = memoized(this.#resources, resource, resourceFactsOf)
    this.#lastResource = resource
    return (this.#lastResourceFacts = found)
  }

  /** Values tried for a compiled condition or Resource element and a caller's form (see uncertainKeys.ts), built once. */
  valuesFor(owner: object, key: string, build: () => readonly string[]): readonly string[] {
    let byKey = this.#valuesByOwner.get(owner)
    if (byKey === undefined) this.#valuesByOwner.set(owner, (byKey = new Map()))
    return memoized(byKey, key, build)
  }

  uncertainOf(caller: Caller, situation: number): UncertainKeys | undefined {
    return this.#uncertainByCaller.get(caller)?.[situation]
  }

  keepUncertain(caller: Caller, situation: number, keys: UncertainKeys): UncertainKeys {
    let bySituation = this.#uncertainByCaller.get(caller)
    if (bySituation === undefined) this.#uncertainByCaller.set(caller, (bySituation = []))
    bySituation[situation] = keys
    return keys
  }
}

/** The value kept for `key`, or `make(key)` kept now (the map is emptied when full). */
function memoized<T>(map: Map<string, T>, key: string, make: (key: string) => T): T {
  let found = map.get(key)
  if (found === undefined) {
    found = make(key)
    if (map.size >= RequestMemo.SIZE) map.clear()
    map.set(key, found)
  }
  return found
}

const serviceCaller = (service: string): CallerResult => callerFromPrincipal({ kind: 'service', service })
const providerCaller = (provider: string): CallerResult => callerFromPrincipal({ kind: 'federated', provider })

function callerOfArn(arn: string): CallerResult {
  return callerFromPrincipal({ kind: 'aws', arn })
}

function actionFactsOf(action: string): ActionFacts {
  const lower = action.toLowerCase()
  return { action, lower, service: serviceOf(lower), valid: isServiceAction(lower), roleTrust: isRoleTrustAction(lower) }
}

/**
 * Reads and prepares a request (any value a caller passes), or says why it cannot be evaluated.
 * `memo` belongs to the engine (a compiled policy set) evaluating it, or to this one evaluation. PERF: a request already in
 * shape (the typed one, or the scenario file's with a principal ARN string or one-member principal
 * object, and string context values)
 * is read field by field into the prepared facts, with no intermediate objects; anything else goes
 * through `readRequest`, which normalises it or says why it cannot.
 */
function prepareRequest(input: unknown, memo: RequestMemo): Evaluation | RequestErrors {
  if (typeof input === 'object' && input !== null && plainFields(input)) {
    const { principal, action, resource, resourceAccount, context } = input
    const inShape = typeof action === 'string' && typeof resource === 'string' && resource !== '' && (resourceAccount === undefined || typeof resourceAccount === 'string')
    // PERF: the context's keys, read once here, are the context's own (no second Object.keys).
    const contextKeys = !inShape ? undefined : context === undefined ? NO_KEYS : stringValuedKeys(context)
    if (contextKeys !== undefined) {
      let caller: CallerResult | undefined
      if (typeof principal === 'string') caller = principal === '' ? undefined : memo.callerOfArn(principal)
      else if (isRecord(principal) && plainFields(principal)) caller = principal.kind === undefined ? fileFormCaller(principal, memo) : readsAsTyped(principal) ? memo.callerOf(principal as unknown as RequestPrincipal) : undefined
      if (caller !== undefined) return prepareParts(caller, action as string, resource as string, resourceAccount as string | undefined, context as Readonly<Record<string, ContextValue>> | undefined, contextKeys, memo)
    }
  }
  const read = readRequest(input)
  if (!read.ok) return { errors: read.errors }
  return prepareRead(read.value, memo)
}

/** Prepares a request already read. */
function prepareRead(request: Request, memo: RequestMemo): Evaluation | RequestErrors {
  const caller = memo.callerOf(request.principal)
  return prepareParts(caller, request.action, request.resource, request.resourceAccount, request.context, undefined, memo)
}

function prepareParts(
  caller: CallerResult,
  actionText: string,
  resourceArn: string,
  resourceAccount: string | undefined,
  context: Readonly<Record<string, ContextValue>> | undefined,
  /** `Object.keys(context)` when the caller has it already (an array no one else holds). */
  contextKeys: readonly string[] | undefined,
  memo: RequestMemo,
): Evaluation | RequestErrors {
  const action = memo.action(actionText)
  if (!caller.ok || !action.valid) return { errors: requestProblems(caller, actionText, action.valid) as [Diagnostic, ...Diagnostic[]] }
  const resource = memo.resource(resourceArn)
  return new Evaluation(caller.caller, action, resource, resourceAccount, context, contextKeys, memo, undefined)
}

/** A typed principal whose fields are in shape (`p` passed `plainFields`). */
function readsAsTyped(p: RequestFields): boolean {
  switch (p.kind) {
    case 'aws':
      return typeof p.arn === 'string'
    case 'service':
      return typeof p['service'] === 'string'
    case 'federated':
      return typeof p['provider'] === 'string'
    case 'anonymous':
      return true
    default:
      return false
  }
}

/**
 * The caller of a scenario file's one-member principal (`{"aws"}`, `{"service"}`, `{"federated"}`,
 * `{"anonymous": true}`) read as `readRequest` reads it; undefined for any other value, which is then
 * read (and reported) by `readRequest`. `p` passed `plainFields` and has no `kind`.
 */
function fileFormCaller(p: Readonly<Record<string, unknown>>, memo: RequestMemo): CallerResult | undefined {
  const principal = filePrincipal(p)
  return principal === undefined ? undefined : memo.callerOf(principal)
}

/** The keys of a context object whose values are all strings or arrays of strings, else undefined. */
function stringValuedKeys(context: unknown): readonly string[] | undefined {
  if (!isRecord(context) || Array.isArray(context)) return undefined
  // Inherited enumerable keys would be read by for-in only: a context with any is read by readRequest.
  const keys = Object.keys(context)
  for (let i = 0; i < keys.length; i++) {
    const v = (context as Readonly<Record<string, unknown>>)[keys[i] as string]
    if (typeof v === 'string') continue
    if (!Array.isArray(v)) return undefined
    for (const item of v as readonly unknown[]) if (typeof item !== 'string') return undefined
  }
  return keys
}

const NO_KEYS: readonly string[] = Object.freeze([])

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null
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
  readonly #prepared: Evaluation | undefined

  constructor(request: Request | undefined, errors: readonly Diagnostic[], prepared: Evaluation | undefined) {
    this.request = request
    this.errors = errors
    this.#prepared = prepared
  }

  /** The prepared facts of a genuine compiled request; undefined for anything else. */
  static preparedOf(input: unknown): Evaluation | RequestErrors | undefined {
    if (!(typeof input === 'object' && input !== null && #prepared in input)) return undefined
    const genuine = input as CompiledRequestImpl
    return genuine.#prepared ?? { errors: genuine.errors as [Diagnostic, ...Diagnostic[]] }
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
  return compileRequestWith(input, undefined)
}

/**
 * {@link compileRequest} with the memo of the engine that will evaluate it (a compiled policy set's):
 * what the principal ARN, the action and the resource say is then read once for every request that
 * repeats them.
 */
export function compileRequestWith(input: RequestInput | CompiledRequest, memo: RequestMemo | undefined): CompiledRequest {
  // A compiled request stays itself; one that only looks compiled is read from the request it holds.
  if (CompiledRequestImpl.preparedOf(input) !== undefined) return input as CompiledRequest
  const read = readRequest(looksCompiled(input) ? (input as { request?: unknown }).request : input)
  if (!read.ok) return new CompiledRequestImpl(undefined, read.errors, undefined)
  const request = copyRequest(read.value)
  const prepared = prepareRead(request, memo ?? new RequestMemo())
  return prepared instanceof Evaluation ? new CompiledRequestImpl(request, [], prepared) : new CompiledRequestImpl(request, prepared.errors, undefined)
}

/**
 * A new evaluation of a request given in any form: of a genuine compiled request's own facts (sharing
 * what they read lazily), or of the request read and prepared now. An object that only looks like a
 * compiled request is read as the request it holds (its `request` field), so it cannot smuggle in
 * prepared facts.
 */
export function preparedOf(input: unknown, memo: RequestMemo | undefined): Evaluation | RequestErrors {
  const genuine = CompiledRequestImpl.preparedOf(input)
  if (genuine !== undefined) return genuine instanceof Evaluation ? genuine.fork() : genuine
  // PERF: a memo for this one evaluation only when the request must be read (not for a compiled one).
  return prepareRequest(looksCompiled(input) ? (input as { request?: unknown }).request : input, memo ?? new RequestMemo())
}

function looksCompiled(input: unknown): boolean {
  // PERF: the cheap read first; the own-property check only for what claims to be compiled.
  return typeof input === 'object' && input !== null && (input as { kind?: unknown }).kind === 'compiledRequest' && Object.hasOwn(input, 'kind')
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
