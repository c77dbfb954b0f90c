/**
 * Scenario files (contract v1): a request, every policy AWS consults for it, and the expected
 * decision. Reading collects every problem with its JSON pointer and line/column; nothing throws.
 */
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { getMember, isJsonArray, isJsonObject } from '../json/jsonValue.js'
import type { JsonObject, JsonValue } from '../json/jsonValue.js'
import { readDocument } from '../json/readDocument.js'
import { schemaDiagnostics } from '../json/schemaDiagnostics.js'
import { parseEmbeddedPolicy } from '../policy/parseEmbeddedPolicy.js'
import type { EmbeddedPolicy } from '../policy/parseEmbeddedPolicy.js'
import type { PolicyKind } from '../policy/types.js'
import { isNonEmpty } from '../result.js'
import { checkRequest } from '../request/checkRequest.js'
import { isRoleTrustRequest } from '../request/roleTrust.js'
import type { ContextValue, Request, RequestPrincipal } from '../request/types.js'
import type { Decision } from '../trace/types.js'
// The scenario schema (./schema.ts) precompiled by scripts/build-validators.ts: no code generation at run time.
// PERF: the one validator module this file needs, not the index of all of them (a CLI command loads only its own).
import { validateScenario } from '../generated/validateScenario.js'

/**
 * A policy with the name traces show and where it sits in the scenario file.
 *
 * @example
 * if (r.ok) r.value.principalPolicies.identity.map((p) => `${p.name} at ${p.pointer}`)
 */
export type NamedPolicy = EmbeddedPolicy

/**
 * A parsed scenario.
 *
 * @example
 * const r = parseScenario(readFileSync('corpus/examples/cross-account-admin-with-mfa.json', 'utf8'))
 * if (r.ok) r.value.expect?.decision // 'allowed'
 */
export interface Scenario {
  readonly file?: string
  readonly description?: string
  readonly source?: string
  readonly request: Request
  readonly principalPolicies: {
    readonly identity: readonly NamedPolicy[]
    readonly boundary: NamedPolicy | null
    readonly session: readonly NamedPolicy[]
    readonly scps: readonly (readonly NamedPolicy[])[]
  }
  readonly resourcePolicies: {
    readonly resource: NamedPolicy | null
    readonly rcps: readonly (readonly NamedPolicy[])[]
  }
  /**
   * The expected decision, and optionally the rule of the decision step that decided it (see
   * `decidingStep`): `trust-policy`, `protected-role`, `explicit-deny`, …
   */
  readonly expect?: { readonly decision: Decision; readonly rule?: string }
  /** Warnings, and policy errors that evaluation handles fail-closed (e.g. an unknown operator). */
  readonly diagnostics: readonly Diagnostic[]
}

/**
 * The outcome of reading a scenario: the scenario, or every error found.
 *
 * @example
 * const r: ScenarioParseResult = parseScenario(text)
 * if (!r.ok) r.errors[0].pointer // e.g. '/principalPolicies/identity/0/document/Statement/2/Effect'
 */
export type ScenarioParseResult =
  | { readonly ok: true; readonly value: Scenario; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly [Diagnostic, ...Diagnostic[]]; readonly diagnostics: readonly Diagnostic[] }

/**
 * Reads a scenario from JSON text or an already-parsed object.
 *
 * @example
 * const r = parseScenario(fs.readFileSync('corpus/sts/x.json', 'utf8'), { file: 'corpus/sts/x.json' })
 * if (r.ok) compileScenario(r.value).evaluate().decision
 */
export function parseScenario(input: unknown, options: { readonly file?: string } = {}): ScenarioParseResult {
  const file = options.file
  const read = readDocument(input, file)
  if (!read.ok) return failed(read.errors)
  const doc = read.value
  const root = doc.value
  const errors: Diagnostic[] = []
  const warnings: Diagnostic[] = []
  const at = (pointer: string) => ({ position: doc.positionOf(pointer), ...(file !== undefined ? { file } : {}) })
  const validate = validateScenario
  if (!validate(root)) {
    return failed(schemaDiagnostics(validate.errors ?? [], 'scenario.invalid', doc, file))
  }
  const obj = root as JsonObject
  warnUnknownFields(obj, warnings, at)
  const request = readRequest(getMember(obj, 'request') as JsonObject, errors, at)
  if (request !== undefined) checkRequestFields(request, errors, at)

  const readPolicy = (value: JsonValue | undefined, pointer: string, kind: PolicyKind, defaultName: string): NamedPolicy | undefined => {
    if (value === undefined || value === null) return undefined
    const r = parseEmbeddedPolicy(doc, value, pointer, kind, defaultName, file)
    warnings.push(...r.warnings)
    errors.push(...r.errors)
    return r.policy
  }
  const list = (value: JsonValue | undefined, pointer: string, kind: PolicyKind, label: string): NamedPolicy[] => {
    if (!isJsonArray(value)) return []
    const out: NamedPolicy[] = []
    value.forEach((v, i) => {
      const p = readPolicy(v, `${pointer}/${i}`, kind, `${label}[${i}]`)
      if (p !== undefined) out.push(p)
    })
    return out
  }
  const levels = (value: JsonValue | undefined, pointer: string, kind: PolicyKind, label: string): NamedPolicy[][] =>
    isJsonArray(value) ? value.map((level, i) => list(level, `${pointer}/${i}`, kind, `${label} level ${i}`)) : []

  const pp = getMember(obj, 'principalPolicies')
  const rp = getMember(obj, 'resourcePolicies')
  const ppObj = isJsonObject(pp) ? pp : undefined
  const rpObj = isJsonObject(rp) ? rp : undefined
  const isTrust = request !== undefined && isRoleTrustRequest(request.action, request.resource)
  const principalPolicies = {
    identity: list(ppObj && getMember(ppObj, 'identity'), '/principalPolicies/identity', 'identity', 'identity'),
    boundary: readPolicy(ppObj && getMember(ppObj, 'boundary'), '/principalPolicies/boundary', 'boundary', 'boundary') ?? null,
    session: list(ppObj && getMember(ppObj, 'session'), '/principalPolicies/session', 'session', 'session'),
    scps: levels(ppObj && getMember(ppObj, 'scps'), '/principalPolicies/scps', 'scp', 'scp'),
  }
  const resourcePolicies = {
    resource: readPolicy(rpObj && getMember(rpObj, 'resource'), '/resourcePolicies/resource', isTrust ? 'trust' : 'resource', isTrust ? 'trust policy' : 'resource policy') ?? null,
    rcps: levels(rpObj && getMember(rpObj, 'rcps'), '/resourcePolicies/rcps', 'rcp', 'rcp'),
  }
  if (isNonEmpty(errors) || request === undefined) return failed(errors.length > 0 ? errors : [diagnostic('scenario.invalid', '/request', 'the request is not valid', at('/request'))])

  const expect = getMember(obj, 'expect')
  const description = getMember(obj, 'description')
  const source = getMember(obj, 'source')
  const scenario: Scenario = {
    ...(file !== undefined ? { file } : {}),
    ...(typeof description === 'string' ? { description } : {}),
    ...(typeof source === 'string' ? { source } : {}),
    request,
    principalPolicies,
    resourcePolicies,
    ...(isJsonObject(expect) ? { expect: expectationOf(expect) } : {}),
    diagnostics: warnings,
  }
  return { ok: true, value: scenario, diagnostics: warnings }
}

function expectationOf(expect: JsonObject): { readonly decision: Decision; readonly rule?: string } {
  const rule = getMember(expect, 'rule')
  return { decision: getMember(expect, 'decision') as Decision, ...(typeof rule === 'string' ? { rule } : {}) }
}

/** The fields of contract v1, by object; anything else is ignored with a warning (typos must not pass silently). */
const KNOWN_FIELDS: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  ['', new Set(['description', 'source', 'request', 'principalPolicies', 'resourcePolicies', 'expect'])],
  ['/request', new Set(['principal', 'action', 'resource', 'resourceAccount', 'context'])],
  ['/principalPolicies', new Set(['identity', 'boundary', 'session', 'scps'])],
  ['/resourcePolicies', new Set(['resource', 'rcps'])],
  ['/expect', new Set(['decision', 'rule'])],
]

function warnUnknownFields(root: JsonObject, warnings: Diagnostic[], at: (pointer: string) => { position: Diagnostic['position'] }): void {
  for (const [pointer, known] of KNOWN_FIELDS) {
    const node = pointer === '' ? root : getMember(root, pointer.slice(1))
    if (!isJsonObject(node)) continue
    for (const key of Object.keys(node)) {
      if (!known.has(key)) warnings.push(diagnostic('scenario.unknown-field', `${pointer}/${key}`, `\`${key}\` is not a field of ${pointer === '' ? 'a scenario' : `\`${pointer.slice(1)}\``}; it is ignored`, at(`${pointer}/${key}`)))
    }
  }
}

function failed(errors: readonly Diagnostic[]): ScenarioParseResult {
  const list = errors.length > 0 ? errors : [diagnostic('scenario.invalid', '', 'the scenario could not be read')]
  return { ok: false, errors: list as [Diagnostic, ...Diagnostic[]], diagnostics: list }
}

function readRequest(obj: JsonObject, errors: Diagnostic[], at: (pointer: string) => { position: Diagnostic['position'] }): Request | undefined {
  const p = getMember(obj, 'principal')
  let principal: RequestPrincipal | undefined
  if (typeof p === 'string') principal = { kind: 'aws', arn: p }
  else if (isJsonObject(p)) {
    const service = getMember(p, 'service')
    const federated = getMember(p, 'federated')
    const aws = getMember(p, 'aws')
    if (typeof service === 'string') principal = { kind: 'service', service }
    else if (typeof federated === 'string') principal = { kind: 'federated', provider: federated }
    else if (typeof aws === 'string') principal = { kind: 'aws', arn: aws }
    else if (getMember(p, 'anonymous') === true) principal = { kind: 'anonymous' }
  }
  if (principal === undefined) {
    errors.push(diagnostic('request.invalid-principal', '/request/principal', 'the principal is an ARN string or one of {"service"}, {"federated"}, {"aws"}', at('/request/principal')))
    return undefined
  }
  const context: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>
  const ctx = getMember(obj, 'context')
  if (isJsonObject(ctx)) {
    for (const key of Object.keys(ctx)) {
      const v = getMember(ctx, key)
      if (isJsonArray(v)) context[key] = v.map((x) => String(x))
      else if (v !== undefined && v !== null && typeof v !== 'object') context[key] = String(v)
    }
  }
  const resourceAccount = getMember(obj, 'resourceAccount')
  return {
    principal,
    action: getMember(obj, 'action') as string,
    resource: getMember(obj, 'resource') as string,
    ...(typeof resourceAccount === 'string' ? { resourceAccount } : {}),
    context,
  }
}

/**
 * A request the engine cannot evaluate (a principal that names no caller, an action that is not
 * `service:Action`) makes the file invalid: an error, never a pass and never `allowed` (scenario
 * format, "What a consumer must do with a file that is not valid").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
function checkRequestFields(request: Request, errors: Diagnostic[], at: (pointer: string) => { position: Diagnostic['position']; file?: string }): void {
  for (const d of checkRequest(request).errors) {
    const { position, file } = at(d.pointer)
    errors.push({ ...d, ...(position !== undefined ? { position } : {}), ...(file !== undefined ? { file } : {}) })
  }
}
