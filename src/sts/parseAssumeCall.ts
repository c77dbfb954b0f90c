/**
 * Reads an STS call file: one AssumeRole / AssumeRoleWithWebIdentity / AssumeRoleWithSAML /
 * GetSessionToken / GetFederationToken call, or a `chain` of AssumeRole calls. The shape is checked
 * with ajv against {@link ASSUME_CALL_SCHEMA}; every problem is a diagnostic with the file, JSON pointer
 * and line/column. Values outside AWS's limits are not shape errors: the request rules report them.
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { getMember, isJsonArray, isJsonObject } from '../json/jsonValue.js'
import type { JsonObject } from '../json/jsonValue.js'
import { readDocument } from '../json/readDocument.js'
import { schemaDiagnostics } from '../json/schemaDiagnostics.js'
import type { Decision } from '../trace/types.js'
import { ASSUME_CALL_SCHEMA } from './callSchema.js'
// ASSUME_CALL_SCHEMA precompiled by scripts/build-validators.ts: no code generation at run time.
// PERF: the one validator module this file needs, not the index of all of them (a CLI command loads only its own).
import { validateAssumeCall } from '../generated/validateAssumeCall.js'
import { CallReader, readCaller, readContext, readFollowUps, readParameters, readRole, tagMap } from './readCallParts.js'
import type { AssumeCall, AssumeCallFile, CallExpect, StsApi } from './types.js'

/** The outcome of reading a call file. */
export type AssumeCallParseResult =
  | { readonly ok: true; readonly value: AssumeCallFile; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly [Diagnostic, ...Diagnostic[]]; readonly diagnostics: readonly Diagnostic[] }

/**
 * Reads an STS call file from JSON text or an already-parsed object. Never throws.
 *
 * @example
 * const parsed = parseAssumeCall(fs.readFileSync('corpus/assume/github/exact-sub.json', 'utf8'), { file: 'exact-sub.json' })
 * if (parsed.ok) evaluateAssumeCallFile(parsed.value).calls[0]?.decision // 'allowed'
 */
export function parseAssumeCall(input: unknown, options: { readonly file?: string } = {}): AssumeCallParseResult {
  const file = options.file
  const read = readDocument(input, file)
  if (!read.ok) return failed(read.errors)
  const doc = read.value
  const r = new CallReader(doc, file)
  const validate = validateAssumeCall
  if (!validate(doc.value)) {
    return failed(schemaDiagnostics(validate.errors ?? [], 'sts.invalid-call', doc, file))
  }
  const root = doc.value as JsonObject
  const chainValue = getMember(root, 'chain')
  const chain = isJsonArray(chainValue)
  const calls: AssumeCall[] = []
  if (chain) {
    chainValue.forEach((hop, i) => {
      const call = readCall(r, hop as JsonObject, `/chain/${i}`, i === 0)
      if (call !== undefined) calls.push(call)
    })
  } else {
    const call = readCall(r, root, '', true)
    if (call !== undefined) calls.push(call)
  }
  if (r.errors.length > 0) return failed(r.errors)
  const description = getMember(root, 'description')
  const source = getMember(root, 'source')
  const value: AssumeCallFile = {
    ...(file !== undefined ? { file } : {}),
    ...(typeof description === 'string' ? { description } : {}),
    ...(typeof source === 'string' ? { source } : {}),
    calls,
    chain,
    diagnostics: r.warnings,
  }
  return { ok: true, value, diagnostics: r.warnings }
}

const SESSION_POLICY = ['DurationSeconds', 'Policy', 'PolicyArns']
/** Which parameters each API takes. https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html */
const PARAMETERS_BY_API: Readonly<Record<StsApi, ReadonlySet<string>>> = {
  AssumeRole: new Set(['RoleArn', 'RoleSessionName', 'ExternalId', 'Tags', 'TransitiveTagKeys', 'SourceIdentity', 'SerialNumber', 'TokenCode', ...SESSION_POLICY]),
  AssumeRoleWithWebIdentity: new Set(['RoleArn', 'RoleSessionName', 'WebIdentityToken', 'ProviderId', ...SESSION_POLICY]),
  AssumeRoleWithSAML: new Set(['RoleArn', 'PrincipalArn', 'SAMLAssertion', ...SESSION_POLICY]),
  GetSessionToken: new Set(['DurationSeconds', 'SerialNumber', 'TokenCode']),
  GetFederationToken: new Set(['Name', 'Tags', ...SESSION_POLICY]),
}

const ROLE_APIS: ReadonlySet<StsApi> = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'])

function readCall(r: CallReader, obj: JsonObject, pointer: string, first: boolean): AssumeCall | undefined {
  const callerValue = getMember(obj, 'caller')
  const roleValue = getMember(obj, 'role')
  const paramsValue = getMember(obj, 'parameters')
  const caller = isJsonObject(callerValue) ? readCaller(r, callerValue, `${pointer}/caller`) : undefined
  const parameters = readParameters(r, isJsonObject(paramsValue) ? paramsValue : (Object.create(null) as JsonObject), `${pointer}/parameters`)
  const apiValue = getMember(obj, 'api')
  const api = typeof apiValue === 'string' ? (apiValue as StsApi) : inferApi(caller?.federated)
  if (caller === undefined && first) r.error(pointer === '' ? '' : pointer, 'the call needs a `caller`')
  if (caller !== undefined && !first) r.error(`${pointer}/caller`, 'a chain hop after the first has no `caller`: the previous session calls')
  if (!first && api !== 'AssumeRole') r.error(`${pointer}/api`, 'every hop of a chain after the first is an AssumeRole call')
  if (caller !== undefined) checkCallerForApi(r, api, caller.arn, caller.federated, `${pointer}/caller`)
  const role = isJsonObject(roleValue) ? readRole(r, roleValue, `${pointer}/role`) : undefined
  if (ROLE_APIS.has(api) && role === undefined) r.error(pointer === '' ? '' : pointer, `${api} needs a \`role\``)
  if (role !== undefined && !ROLE_APIS.has(api)) r.error(`${pointer}/role`, `${api} assumes no role`)
  if (role !== undefined && classifyPrincipalArn(role.arn)?.kind !== 'role' && role.arn.length >= 20 && role.arn.length <= 2048) {
    r.error(`${pointer}/role/arn`, `\`${role.arn}\` is not an IAM role ARN`)
  }
  if (isJsonObject(paramsValue)) {
    const allowed = PARAMETERS_BY_API[api]
    for (const key of Object.keys(paramsValue)) if (!allowed.has(key)) r.error(`${pointer}/parameters/${key}`, `${api} has no parameter \`${key}\``)
  }
  const roleArnParam = isJsonObject(paramsValue) ? getMember(paramsValue, 'RoleArn') : undefined
  if (typeof roleArnParam === 'string' && role !== undefined && roleArnParam !== role.arn) r.error(`${pointer}/parameters/RoleArn`, 'RoleArn differs from `role.arn`')
  if (api === 'AssumeRoleWithWebIdentity' && parameters.WebIdentityToken === undefined) r.error(`${pointer}/parameters`, 'AssumeRoleWithWebIdentity needs `WebIdentityToken`')
  if (api === 'AssumeRoleWithSAML' && parameters.SAMLAssertion === undefined) r.error(`${pointer}/parameters`, 'AssumeRoleWithSAML needs `SAMLAssertion`')
  const principalArn = isJsonObject(paramsValue) ? getMember(paramsValue, 'PrincipalArn') : undefined
  if (typeof principalArn === 'string' && caller?.federated !== undefined && principalArn !== caller.federated) r.error(`${pointer}/parameters/PrincipalArn`, 'PrincipalArn differs from `caller.federated`')
  const now = getMember(obj, 'now')
  if (typeof now === 'string' && Number.isNaN(Date.parse(now))) r.error(`${pointer}/now`, `\`${now}\` is not an ISO 8601 date`)
  const expect = readExpect(getMember(obj, 'expect'))
  return {
    api,
    ...(caller !== undefined ? { caller } : {}),
    ...(role !== undefined ? { role } : {}),
    parameters,
    ...(typeof now === 'string' ? { now } : {}),
    context: readContext(getMember(obj, 'context')),
    then: readFollowUps(r, getMember(obj, 'then'), `${pointer}/then`),
    ...(expect !== undefined ? { expect } : {}),
    pointer,
  }
}

function inferApi(federated: string | undefined): StsApi {
  if (federated === undefined) return 'AssumeRole'
  return classifyPrincipalArn(federated)?.kind === 'samlProvider' ? 'AssumeRoleWithSAML' : 'AssumeRoleWithWebIdentity'
}

function checkCallerForApi(r: CallReader, api: StsApi, arn: string | undefined, federated: string | undefined, pointer: string): void {
  if (api === 'AssumeRoleWithWebIdentity' || api === 'AssumeRoleWithSAML') {
    if (federated === undefined) r.error(pointer, `${api} is unsigned: the caller is \`federated\` (the identity provider), not an AWS ARN`)
    else if (api === 'AssumeRoleWithSAML' && classifyPrincipalArn(federated)?.kind !== 'samlProvider') r.error(`${pointer}/federated`, 'AssumeRoleWithSAML needs a SAML provider ARN')
    else if (api === 'AssumeRoleWithWebIdentity' && classifyPrincipalArn(federated)?.kind === 'samlProvider') r.error(`${pointer}/federated`, 'AssumeRoleWithWebIdentity needs an OIDC provider ARN or a built-in IdP name')
    return
  }
  if (arn === undefined) {
    r.error(pointer, `${api} is signed: the caller is an AWS principal \`arn\``)
    return
  }
  const kind = classifyPrincipalArn(arn)?.kind
  if (kind === undefined || kind === 'oidcProvider' || kind === 'samlProvider' || kind === 'role') {
    r.error(`${pointer}/arn`, `\`${arn}\` is not a user, root, assumed-role session or federated-user ARN`)
  }
}

function readExpect(value: unknown): CallExpect | undefined {
  if (!isJsonObject(value as never)) return undefined
  const obj = value as JsonObject
  const out: { -readonly [K in keyof CallExpect]: CallExpect[K] } = {}
  const decision = getMember(obj, 'decision')
  if (typeof decision === 'string') out.decision = decision as Decision
  const succeeds = getMember(obj, 'succeeds')
  if (typeof succeeds === 'boolean') out.succeeds = succeeds
  const violations = getMember(obj, 'violations')
  if (isJsonArray(violations)) out.violations = violations.filter((v): v is string => typeof v === 'string')
  const actions = getMember(obj, 'actions')
  if (isJsonObject(actions)) {
    const map = Object.create(null) as Record<string, Decision>
    for (const k of Object.keys(actions)) map[k] = getMember(actions, k) as Decision
    out.actions = map
  }
  const session = getMember(obj, 'session')
  if (isJsonObject(session)) {
    const s: Record<string, unknown> = Object.create(null) as Record<string, unknown>
    for (const k of ['arn', 'userId', 'expiration'] as const) if (typeof getMember(session, k) === 'string') s[k] = getMember(session, k)
    if (typeof getMember(session, 'chained') === 'boolean') s.chained = getMember(session, 'chained')
    if (typeof getMember(session, 'durationSeconds') === 'number') s.durationSeconds = getMember(session, 'durationSeconds')
    const si = getMember(session, 'sourceIdentity')
    if (si !== undefined) s.sourceIdentity = si
    const tags = getMember(session, 'tags')
    if (isJsonObject(tags)) s.tags = Object.fromEntries(tagMap(tags).map((t) => [t.key, t.value]))
    const keys = getMember(session, 'transitiveTagKeys')
    if (isJsonArray(keys)) s.transitiveTagKeys = keys.filter((k): k is string => typeof k === 'string')
    out.session = s as CallExpect['session'] & object
  }
  return out
}

function failed(errors: readonly Diagnostic[]): AssumeCallParseResult {
  const list = errors.length > 0 ? errors : [diagnostic('sts.invalid-call', '', 'the call file could not be read')]
  return { ok: false, errors: list as [Diagnostic, ...Diagnostic[]], diagnostics: list }
}

