/**
 * Reads an STS call file: one AssumeRole / AssumeRoleWithWebIdentity / AssumeRoleWithSAML / AssumeRoot /
 * GetSessionToken / GetFederationToken call, or a `chain` of calls where each later hop is signed with
 * the previous hop's credentials. The shape is checked
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
import { ROLE_APIS, UNSIGNED_APIS } from './apis.js'
import { STS_LIMITS } from './limits.js'
import { roleArnReadable } from './parameterRules.js'
import { CallReader, readCaller, readContext, readFollowUps, readParameters, readRole, tagMap } from './readCallParts.js'
import type { AssumeCall, AssumeCallFile, CallCaller, CallExpect, CallRole, StsApi } from './types.js'

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
      if (call === undefined) return
      if (calls[calls.length - 1]?.api === 'AssumeRoot') r.error(`/chain/${i}`, 'calls made with an AssumeRoot session are not modelled')
      calls.push(call)
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
  // A later hop is signed with the previous hop's credentials; the request rules decide whether those
  // credentials may call its API (GetSessionToken credentials call only AssumeRole, for instance).
  if (!first && UNSIGNED_APIS.has(api)) r.error(`${pointer}/api`, `${api} is not signed with AWS credentials, so it cannot be a later hop of a chain`)
  if (caller !== undefined) checkCaller(r, api, caller, `${pointer}/caller`)
  const role = readCallRole(r, api, isJsonObject(roleValue) ? readRole(r, roleValue, `${pointer}/role`) : undefined, parameters.RoleArn, pointer)
  if (api === 'AssumeRoleWithWebIdentity' && parameters.WebIdentityToken === undefined) r.error(`${pointer}/parameters`, 'AssumeRoleWithWebIdentity needs `WebIdentityToken`')
  if (api === 'AssumeRoleWithSAML' && parameters.SAMLAssertion === undefined) r.error(`${pointer}/parameters`, 'AssumeRoleWithSAML needs `SAMLAssertion`')
  if (parameters.PrincipalArn !== undefined && caller?.federated !== undefined && parameters.PrincipalArn !== caller.federated) r.error(`${pointer}/parameters/PrincipalArn`, 'PrincipalArn differs from `caller.federated`')
  const now = getMember(obj, 'now')
  if (typeof now === 'string' && Number.isNaN(Date.parse(now))) r.error(`${pointer}/now`, `\`${now}\` is not an ISO 8601 date`)
  const then = readFollowUps(r, getMember(obj, 'then'), `${pointer}/then`)
  if (api === 'AssumeRoot' && then.length > 0) r.error(`${pointer}/then`, 'follow-up requests of an AssumeRoot session (the member account\'s root user scoped by a task policy) are not modelled')
  const expect = readExpect(getMember(obj, 'expect'))
  return {
    api,
    ...(caller !== undefined ? { caller } : {}),
    ...(role !== undefined ? { role } : {}),
    parameters,
    ...(typeof now === 'string' ? { now } : {}),
    context: readContext(getMember(obj, 'context')),
    then,
    ...(expect !== undefined ? { expect } : {}),
    pointer,
  }
}

/**
 * The role of a call: `role` with its `arn`, or `parameters.RoleArn` alone (a role known only by its
 * ARN has no trust policy here, so nothing allows assuming it). Both may be written if they agree.
 */
function readCallRole(r: CallReader, api: StsApi, role: CallRole | undefined, roleArn: string | undefined, pointer: string): CallRole | undefined {
  if (!ROLE_APIS.has(api)) {
    if (role !== undefined) r.error(`${pointer}/role`, `${api} assumes no role`)
    return undefined
  }
  if (role !== undefined && role.arn !== '' && roleArn !== undefined && role.arn !== roleArn) r.error(`${pointer}/parameters/RoleArn`, 'RoleArn differs from `role.arn`')
  const arn = role !== undefined && role.arn !== '' ? role.arn : roleArn
  if (arn === undefined) {
    r.error(pointer === '' ? '' : pointer, `${api} needs the role: \`role.arn\` or \`parameters.RoleArn\``)
    return undefined
  }
  // A RoleArn outside STS's length or character set is a request-rule violation, not a file error.
  if (classifyPrincipalArn(arn)?.kind !== 'role' && roleArnReadable(arn)) r.error(roleArn !== undefined ? `${pointer}/parameters/RoleArn` : `${pointer}/role/arn`, `\`${arn}\` is not an IAM role ARN`)
  return role !== undefined ? { ...role, arn } : { arn, trust: null, maxSessionDuration: STS_LIMITS.defaultMaxSessionDuration, tags: [], identity: [], boundary: null, scps: [], rcps: [] }
}

function inferApi(federated: string | undefined): StsApi {
  if (federated === undefined) return 'AssumeRole'
  return classifyPrincipalArn(federated)?.kind === 'samlProvider' ? 'AssumeRoleWithSAML' : 'AssumeRoleWithWebIdentity'
}

function checkCaller(r: CallReader, api: StsApi, caller: CallCaller, pointer: string): void {
  const { arn, federated } = caller
  if (UNSIGNED_APIS.has(api)) {
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
    return
  }
  // Which credentials sign: an IAM user or the root user has long-term keys or GetSessionToken
  // credentials; sessions carry their own kind in their ARN.
  if (caller.credentials !== undefined && kind !== 'user' && kind !== 'root') r.error(`${pointer}/credentials`, '`credentials` describes an IAM user or the root user; a session\'s ARN already says which credentials it holds')
  if (caller.mfa !== undefined && (kind === 'user' || kind === 'root') && caller.credentials !== 'GetSessionToken')
    r.error(`${pointer}/mfa`, 'long-term access keys carry no MFA facts: write `"credentials": "GetSessionToken"` for credentials obtained from GetSessionToken')
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

