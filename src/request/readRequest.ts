/**
 * Reads whatever a JavaScript caller hands in as a request: the typed shape
 * (`{ principal: { kind: 'aws', arn } }`) or the scenario file's shape (`"principal": "arn:…"`,
 * `{ "service": … }`, `{ "federated": … }`, `{ "aws": … }`, `{ "anonymous": true }`, context values
 * as strings, numbers, booleans or arrays of them). Anything else is an error value with a code and a
 * pointer; nothing here throws, and nothing here trusts a prototype.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { diagnostic, exceptionDiagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { invalidAction, isServiceAction } from './checkRequest.js'
import type { ContextValue, Request, RequestPrincipal } from './types.js'

/**
 * A request as the scenario file writes it (see docs/scenario-format.md), accepted wherever a
 * `Request` is.
 *
 * @example
 * const fromFile: FileRequest = { principal: 'arn:aws:iam::111122223333:user/alice', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/Admin' }
 */
export interface FileRequest {
  readonly principal: string | { readonly aws: string } | { readonly service: string } | { readonly federated: string } | { readonly anonymous: true }
  readonly action: string
  readonly resource: string
  readonly resourceAccount?: string
  readonly context?: Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>>
}

/**
 * Any request iamtrace accepts: the typed shape or the scenario file's shape.
 *
 * @example
 * const a: RequestInput = { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole', resource: roleArn }
 * const b: RequestInput = { principal: { service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole', resource: roleArn }
 */
export type RequestInput = Request | FileRequest

/** The outcome of reading a request. */
export type ReadRequestResult = { readonly ok: true; readonly value: Request } | { readonly ok: false; readonly errors: readonly [Diagnostic, ...Diagnostic[]] }

const INVALID_PRINCIPAL = 'the principal is an ARN string, {"kind": "aws" | "service" | "federated" | "anonymous", …}, or one of {"aws"}, {"service"}, {"federated"}, {"anonymous": true}'

/**
 * Reads a request from any value. A typed request whose fields are already in shape is returned as
 * is (PERF: no copy on the evaluation path); anything else is normalised into a new object.
 *
 * @example
 * readRequest({ principal: 'arn:aws:iam::111122223333:user/alice', action: 'sts:AssumeRole', resource: '*' }).ok // true
 * readRequest(42).ok // false: errors[0].code === 'request.invalid'
 */
export function readRequest(input: unknown): ReadRequestResult {
  try {
    return read(input)
  } catch (caught) {
    // A getter or proxy trap threw, or a fault: never an exception out of the library.
    return { ok: false, errors: [exceptionDiagnostic(caught, '/request', 'reading the request')] }
  }
}

function read(input: unknown): ReadRequestResult {
  if (!isRecord(input)) return fail(diagnostic('request.invalid', '/request', `a request is an object with principal, action and resource, not ${typeName(input)}`))
  const errors: Diagnostic[] = []
  const plain = plainFields(input)
  const rawPrincipal = plain ? input.principal : own(input, 'principal')
  const principal = readPrincipal(rawPrincipal)
  if (principal === undefined) errors.push(diagnostic('request.invalid-principal', '/request/principal', INVALID_PRINCIPAL))
  const action = plain ? input.action : own(input, 'action')
  if (typeof action !== 'string') errors.push(diagnostic('request.invalid-action', '/request/action', `the action is a \`service:Action\` string, not ${typeName(action)}`))
  const resource = plain ? input.resource : own(input, 'resource')
  if (typeof resource !== 'string' || resource === '') errors.push(diagnostic('request.invalid-resource', '/request/resource', `the resource is a non-empty string (an ARN or \`*\`), not ${typeName(resource)}`))
  const resourceAccount = plain ? input.resourceAccount : own(input, 'resourceAccount')
  if (resourceAccount !== undefined && typeof resourceAccount !== 'string') errors.push(diagnostic('request.invalid', '/request/resourceAccount', `resourceAccount is a string, not ${typeName(resourceAccount)}`))
  const rawContext = plain ? input.context : own(input, 'context')
  const context = readContext(rawContext, errors)
  if (errors.length > 0) {
    // A request that cannot be read is never evaluated, so the action's form is checked here too:
    // every problem is reported at once.
    if (typeof action === 'string' && !isServiceAction(action.toLowerCase())) errors.splice(principal === undefined ? 1 : 0, 0, invalidAction(action))
    return { ok: false, errors: errors as [Diagnostic, ...Diagnostic[]] }
  }
  const typedPrincipal = principal as RequestPrincipal
  // PERF: a typed request already in shape is used as it is.
  if (typedPrincipal === rawPrincipal && context === rawContext) return { ok: true, value: input as unknown as Request }
  return {
    ok: true,
    value: {
      principal: typedPrincipal,
      action: action as string,
      resource: resource as string,
      ...(resourceAccount !== undefined ? { resourceAccount: resourceAccount as string } : {}),
      ...(context !== undefined ? { context } : {}),
    },
  }
}

/** The typed principal (the input object itself when already typed), or undefined when unreadable. */
function readPrincipal(p: unknown): RequestPrincipal | undefined {
  if (typeof p === 'string') return p === '' ? undefined : { kind: 'aws', arn: p }
  if (!isRecord(p)) return undefined
  const plain = plainFields(p)
  const kind = plain ? p.kind : own(p, 'kind')
  if (kind !== undefined) {
    switch (kind) {
      case 'aws':
        return typeof (plain ? p.arn : own(p, 'arn')) === 'string' ? (p as RequestPrincipal) : undefined
      case 'service':
        return typeof (plain ? p.service : own(p, 'service')) === 'string' ? (p as RequestPrincipal) : undefined
      case 'federated':
        return typeof (plain ? p.provider : own(p, 'provider')) === 'string' ? (p as RequestPrincipal) : undefined
      case 'anonymous':
        return p as RequestPrincipal
    }
    return undefined
  }
  return filePrincipal(p)
}

/**
 * The scenario file's object forms of a principal, exactly one of `{"aws"}`, `{"service"}`,
 * `{"federated"}`, `{"anonymous": true}`, as the typed principal; undefined for anything else.
 *
 * @example
 * filePrincipal({ service: 'ec2.amazonaws.com' }) // { kind: 'service', service: 'ec2.amazonaws.com' }
 */
export function filePrincipal(p: Readonly<Record<string, unknown>>): RequestPrincipal | undefined {
  const keys = Object.keys(p)
  if (keys.length !== 1) return undefined
  const value = own(p, keys[0] as string)
  switch (keys[0]) {
    case 'aws':
      return typeof value === 'string' && value !== '' ? { kind: 'aws', arn: value } : undefined
    case 'service':
      return typeof value === 'string' ? { kind: 'service', service: value } : undefined
    case 'federated':
      return typeof value === 'string' ? { kind: 'federated', provider: value } : undefined
    case 'anonymous':
      return value === true ? { kind: 'anonymous' } : undefined
  }
  return undefined
}

/**
 * The context with string values: the input object itself when every value already is a string or an
 * array of strings; a normalised copy (numbers and booleans as their text, as the scenario format says)
 * otherwise. Any other value is an error.
 */
function readContext(raw: unknown, errors: Diagnostic[]): Readonly<Record<string, ContextValue>> | undefined {
  if (raw === undefined || raw === null) return undefined
  if (!isRecord(raw) || Array.isArray(raw)) {
    errors.push(diagnostic('request.invalid-context', '/request/context', `the context is an object of condition keys, not ${typeName(raw)}`))
    return undefined
  }
  let copy: Record<string, ContextValue> | undefined
  const keys = Object.keys(raw)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string
    // An own key (from Object.keys): no prototype is read.
    const value = (raw as Readonly<Record<string, unknown>>)[key]
    let normal: ContextValue | undefined
    if (typeof value === 'string') normal = value
    else if (typeof value === 'number' || typeof value === 'boolean') normal = String(value)
    else if (Array.isArray(value)) normal = readValues(value)
    if (normal === undefined) {
      if (value === undefined) continue
      errors.push(diagnostic('request.invalid-context', `/request/context/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, `a context value is a string, number, boolean or an array of them, not ${typeName(value)}`))
      continue
    }
    if (copy === undefined && normal !== value) {
      // INVARIANT: a null-prototype copy, so that a key such as `__proto__` stays an own key.
      copy = Object.create(null) as Record<string, ContextValue>
      for (let j = 0; j < i; j++) copy[keys[j] as string] = (raw as Readonly<Record<string, unknown>>)[keys[j] as string] as ContextValue
    }
    if (copy !== undefined) copy[key] = normal
  }
  return copy ?? (raw as Readonly<Record<string, ContextValue>>)
}

function readValues(list: readonly unknown[]): readonly string[] | undefined {
  let strings = true
  for (const v of list) {
    if (typeof v === 'string') continue
    if (typeof v !== 'number' && typeof v !== 'boolean') return undefined
    strings = false
  }
  return strings ? (list as readonly string[]) : list.map((v) => String(v))
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null
}

/** An own property only: nothing inherited from a prototype is ever read. */
function own(o: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined
}

const OBJECT_PROTOTYPE = Object.prototype as unknown as RequestFields

/** The field names read from requests and principals (the typed and the scenario file's shapes). */
export interface RequestFields {
  readonly principal?: unknown
  readonly action?: unknown
  readonly resource?: unknown
  readonly resourceAccount?: unknown
  readonly context?: unknown
  readonly kind?: unknown
  readonly arn?: unknown
  readonly service?: unknown
  readonly provider?: unknown
}

/**
 * PERF: whether every request field of `o` may be read with a plain property read: its prototype is
 * null, or an Object.prototype that holds none of the field names (checked with named reads, which the
 * engine caches). Otherwise each field is read as an own property.
 */
export function plainFields(o: object): o is RequestFields {
  const proto: unknown = Object.getPrototypeOf(o)
  if (proto === null) return true
  const p = OBJECT_PROTOTYPE
  return (
    proto === p &&
    p.principal === undefined &&
    p.action === undefined &&
    p.resource === undefined &&
    p.resourceAccount === undefined &&
    p.context === undefined &&
    p.kind === undefined &&
    p.arn === undefined &&
    p.service === undefined &&
    p.provider === undefined
  )
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'object' ? 'an object' : v === undefined ? 'missing' : `a ${typeof v}`
}

function fail(d: Diagnostic): ReadRequestResult {
  return { ok: false, errors: [d] }
}
