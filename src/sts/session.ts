/**
 * The session an STS call creates: its ARN and aws:userid, principal tags, transitive keys, source
 * identity, chaining, expiry, and `evaluate` for follow-up requests made with it (the role's identity
 * policies ∩ the session policies of the call, under the role's boundary and its account's SCPs).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
import { classifyPrincipalArn } from '../arn/arn.js'
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { evaluateCompiled } from '../evaluate/evaluate.js'
import type { EvaluateOptions, EvaluationResult } from '../evaluate/evaluate.js'
import type { Policy } from '../policy/types.js'
import type { CallerFacts, EffectiveRequest } from './effectiveRequest.js'
import { oidcKeyPrefix } from './federation.js'
import { assumeRootTarget } from './parameterRules.js'
import type { KeyValues } from './federation.js'
import { STS_LIMITS } from './limits.js'
import type { AssumeCall, CallCaller, CallPolicy, SessionTag } from './types.js'

/** A request made with the resulting session. */
export interface SessionRequest {
  readonly action: string
  readonly resource: string
  readonly resourceAccount?: string
  readonly context?: Readonly<Record<string, string | readonly string[]>>
  /** The target resource's resource-based policy. */
  readonly resourcePolicy?: CallPolicy
}

/** The credentials an STS call returns, as the principal they act as. */
export interface AssumedSession {
  /** `assumedRole` for AssumeRole*, `federatedUser` for GetFederationToken, `sessionToken` for GetSessionToken, `rootSession` for AssumeRoot. */
  readonly kind: 'assumedRole' | 'federatedUser' | 'sessionToken' | 'rootSession'
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (role path dropped, the role's account). */
  readonly arn: string
  /** The role ARN with its path (aws:PrincipalArn of later requests). */
  readonly roleArn?: string
  /** aws:userid: `ROLEID:SESSION`, when the role's unique id is known. */
  readonly userId?: string
  readonly sessionName?: string
  /** Principal tags: role tags, overridden by inherited transitive tags and session tags (keys compared case-insensitively). */
  readonly tags: readonly SessionTag[]
  /** Keys carried into the next chained session. */
  readonly transitiveTagKeys: readonly string[]
  readonly sourceIdentity?: string
  /** True when created by a role session (role chaining). */
  readonly chained: boolean
  readonly durationSeconds: number
  /** ISO 8601, when the call gives `now`. */
  readonly issuedAt?: string
  /** ISO 8601: issued-at + duration, capped by a SAML assertion's SessionNotOnOrAfter. */
  readonly expiration?: string
  /** Managed session policies whose document was not given: follow-ups are capped by them fail-closed. */
  readonly unknownSessionPolicies: readonly string[]
  /** Evaluates a follow-up request made with this session. */
  evaluate(request: SessionRequest, options?: EvaluateOptions): EvaluationResult
  /** This session as the caller of a chained AssumeRole call. */
  asCaller(pointer: string): CallCaller
}

/** Merges tags: later lists override earlier ones with the same key compared case-insensitively. */
export function mergeTags(...lists: (readonly SessionTag[])[]): SessionTag[] {
  const out = new Map<string, SessionTag>()
  for (const list of lists) for (const tag of list) out.set(tag.key.toLowerCase(), tag)
  return [...out.values()]
}

const EMPTY_SESSION_POLICY: Policy = { kind: 'session', pointer: '', variablesEnabled: true, statements: [] }

/** The session policies of a call; a managed ARN without a document becomes a policy that allows nothing (fail closed). */
function sessionPolicies(call: AssumeCall): { policies: CallPolicy[]; unknown: string[] } {
  const policies: CallPolicy[] = []
  const unknown: string[] = []
  const inline = call.parameters.Policy?.policy
  if (inline !== undefined) policies.push(inline)
  for (const m of call.parameters.PolicyArns) {
    if (m.policy !== undefined) policies.push(m.policy)
    else {
      unknown.push(m.arn)
      policies.push({ name: `${m.arn} (document not given)`, policy: EMPTY_SESSION_POLICY, pointer: m.pointer })
    }
  }
  return { policies, unknown }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

/** Builds the session of a successful call. */
export function createSession(call: AssumeCall, caller: CallCaller, facts: CallerFacts, request: EffectiveRequest, callContext: KeyValues = {}): AssumedSession {
  const { policies: sessionList, unknown } = sessionPolicies(call)
  let duration = request.durationSeconds
  if ((call.api === 'GetSessionToken' || call.api === 'GetFederationToken') && facts.kind === 'root') duration = Math.min(duration, STS_LIMITS.rootTokenMaxDuration)
  const issuedMs = call.now !== undefined ? Date.parse(call.now) : undefined
  let expiresMs = issuedMs !== undefined ? issuedMs + duration * 1000 : undefined
  const notAfter = call.parameters.SAMLAssertion?.sessionNotOnOrAfter
  if (call.api === 'AssumeRoleWithSAML' && expiresMs !== undefined && notAfter !== undefined && !Number.isNaN(Date.parse(notAfter))) expiresMs = Math.min(expiresMs, Date.parse(notAfter))
  const timing = {
    durationSeconds: duration,
    ...(issuedMs !== undefined ? { issuedAt: iso(issuedMs) } : {}),
    ...(expiresMs !== undefined ? { expiration: iso(expiresMs) } : {}),
  }
  const role = call.role
  if (call.api === 'AssumeRoot') return rootSession(call, timing)
  if (role === undefined) return tokenSession(call, caller, facts, request, sessionList, unknown, timing)

  const parsed = classifyPrincipalArn(role.arn)
  const roleName = parsed?.kind === 'role' ? parsed.name : role.arn
  const account = parsed?.account ?? ''
  const partition = parsed?.partition ?? 'aws'
  const sessionName = request.roleSessionName ?? ''
  const arn = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`
  const userId = role.roleId !== undefined ? `${role.roleId}:${sessionName}` : undefined
  const inheritedKeys = facts.inheritedTransitive.map((t) => t.key)
  const tags = mergeTags(role.tags, facts.inheritedTransitive, request.tags)
  const transitiveTagKeys = dedupeKeys([...inheritedKeys, ...request.transitiveTagKeys])
  const sourceIdentity = caller.sourceIdentity ?? request.sourceIdentity
  const carried = carriedKeys(call, callContext, caller)
  // AssumeRole called with MFA returns credentials that can make MFA-protected requests.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
  const mfaAge = callContext['aws:MultiFactorAuthAge']
  const assumedWithMfa = call.api === 'AssumeRole' && callContext['aws:MultiFactorAuthPresent'] === 'true'
  const derived = (): Record<string, string | readonly string[]> => {
    const ctx = Object.assign(Object.create(null) as Record<string, string | readonly string[]>, carried)
    if (assumedWithMfa) {
      ctx['aws:MultiFactorAuthPresent'] = 'true'
      if (typeof mfaAge === 'string') ctx['aws:MultiFactorAuthAge'] = mfaAge
    }
    for (const t of tags) ctx[`aws:PrincipalTag/${t.key}`] = t.value
    if (sourceIdentity !== undefined) ctx['aws:SourceIdentity'] = sourceIdentity
    if (userId !== undefined) ctx['aws:userid'] = userId
    ctx['aws:PrincipalArn'] = role.arn
    if (call.now !== undefined) ctx['aws:TokenIssueTime'] = iso(Date.parse(call.now))
    return ctx
  }
  const compiled = compileLayers(role, sessionList)
  return {
    kind: 'assumedRole',
    arn,
    roleArn: role.arn,
    ...(userId !== undefined ? { userId } : {}),
    sessionName,
    tags,
    transitiveTagKeys,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    chained: facts.chained,
    ...timing,
    unknownSessionPolicies: unknown,
    evaluate: (req, options) => evaluateFollowUp(arn, req, derived(), compiled, unknown, options),
    asCaller: (pointer) => ({
      arn,
      roleArn: role.arn,
      ...(role.roleId !== undefined ? { roleId: role.roleId } : {}),
      identity: role.identity,
      boundary: role.boundary,
      session: sessionList,
      scps: role.scps,
      tags,
      transitiveTagKeys,
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      ...(Object.keys(carried).length > 0 ? { carriedContext: carried } : {}),
      ...(assumedWithMfa ? { mfa: { present: true, ...(typeof mfaAge === 'string' && /^\d+$/.test(mfaAge) ? { ageSeconds: Number(mfaAge) } : {}) } } : {}),
      pointer,
    }),
  }
}

/**
 * Identity-provider keys that stay available in the session's later requests: OIDC aud, sub, amr and
 * aws:FederatedProvider; SAML namequalifier, sub and sub_type. A chained session keeps its caller's.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 */
function carriedKeys(call: AssumeCall, context: KeyValues, caller: CallCaller): KeyValues {
  const out = Object.assign(Object.create(null) as KeyValues, caller.carriedContext ?? {})
  if (call.api === 'AssumeRoleWithWebIdentity' && caller.federated !== undefined) {
    const p = oidcKeyPrefix(caller.federated)
    for (const key of [`${p}:aud`, `${p}:sub`, `${p}:amr`, 'aws:FederatedProvider']) if (context[key] !== undefined) out[key] = context[key] as string | readonly string[]
  }
  if (call.api === 'AssumeRoleWithSAML') for (const key of ['saml:namequalifier', 'saml:sub', 'saml:sub_type']) if (context[key] !== undefined) out[key] = context[key] as string | readonly string[]
  return out
}

interface CompiledLayers {
  readonly identity: CompiledPolicy[]
  readonly boundary: CompiledPolicy | null
  readonly session: CompiledPolicy[]
  readonly scps: CompiledPolicy[][]
}

function compileLayers(owner: { identity: readonly CallPolicy[]; boundary: CallPolicy | null; scps: readonly (readonly CallPolicy[])[] }, session: readonly CallPolicy[]): CompiledLayers {
  return {
    identity: owner.identity.map((p) => compilePolicy(p.policy, 'identity', p.name)),
    boundary: owner.boundary !== null ? compilePolicy(owner.boundary.policy, 'boundary', owner.boundary.name) : null,
    session: session.map((p) => compilePolicy(p.policy, 'session', p.name)),
    scps: owner.scps.map((level, l) => level.map((p) => compilePolicy(p.policy, 'scp', p.name, l))),
  }
}

function evaluateFollowUp(principalArn: string, req: SessionRequest, derived: Record<string, string | readonly string[]>, layers: CompiledLayers, unknown: readonly string[], options?: EvaluateOptions): EvaluationResult {
  // Keys the request gives win over derived ones only for keys the session does not define.
  const context = Object.assign(Object.create(null) as Record<string, string | readonly string[]>, req.context ?? {}, derived)
  const result = evaluateCompiled(
    { principal: { kind: 'aws', arn: principalArn }, action: req.action, resource: req.resource, ...(req.resourceAccount !== undefined ? { resourceAccount: req.resourceAccount } : {}), context },
    {
      identity: layers.identity,
      boundary: layers.boundary,
      session: layers.session,
      scps: layers.scps,
      resource: req.resourcePolicy !== undefined ? compilePolicy(req.resourcePolicy.policy, 'resource', req.resourcePolicy.name) : null,
    },
    options,
  )
  if (unknown.length === 0) return result
  const notes: Diagnostic[] = unknown.map((arn) => diagnostic('sts.invalid-call', '', `the document of managed session policy \`${arn}\` was not given: it allows nothing here (fail closed)`))
  return { ...result, errors: [...result.errors, ...notes] }
}

function tokenSession(
  call: AssumeCall,
  caller: CallCaller,
  facts: CallerFacts,
  request: EffectiveRequest,
  sessionList: CallPolicy[],
  unknown: string[],
  timing: { durationSeconds: number; issuedAt?: string; expiration?: string },
): AssumedSession {
  const account = facts.account ?? ''
  const gft = call.api === 'GetFederationToken'
  const arn = gft ? `arn:aws:sts::${account}:federated-user/${call.parameters.Name ?? ''}` : (caller.arn ?? '')
  const tags = gft ? [...request.tags] : [...caller.tags]
  const compiled = compileLayers(caller, gft ? sessionList : [])
  const withMfa = !gft && call.parameters.SerialNumber !== undefined && call.parameters.TokenCode !== undefined
  const derived = (): Record<string, string | readonly string[]> => {
    const ctx = Object.create(null) as Record<string, string | readonly string[]>
    for (const t of tags) ctx[`aws:PrincipalTag/${t.key}`] = t.value
    if (!gft && caller.userId !== undefined) ctx['aws:userid'] = caller.userId
    // GetSessionToken with MFA: later requests carry the MFA facts of this call.
    if (withMfa) ctx['aws:MultiFactorAuthPresent'] = 'true'
    else if (!gft) ctx['aws:MultiFactorAuthPresent'] = 'false'
    return ctx
  }
  const evaluate = (req: SessionRequest, options?: EvaluateOptions): EvaluationResult => {
    const result = evaluateFollowUp(arn, req, derived(), compiled, unknown, options)
    return gft ? result : limitSessionToken(result, req.action, withMfa)
  }
  return {
    kind: gft ? 'federatedUser' : 'sessionToken',
    arn,
    tags,
    transitiveTagKeys: [],
    chained: false,
    ...timing,
    unknownSessionPolicies: unknown,
    evaluate,
    asCaller: (pointer) => ({
      arn,
      ...(!gft ? { credentials: 'GetSessionToken' as const } : {}),
      ...(caller.userId !== undefined ? { userId: caller.userId } : {}),
      identity: caller.identity,
      boundary: caller.boundary,
      session: gft ? sessionList : [],
      scps: caller.scps,
      tags,
      transitiveTagKeys: [],
      ...(!gft ? { mfa: { present: withMfa, ...(withMfa ? { ageSeconds: 0 } : {}) } } : {}),
      pointer,
    }),
  }
}

const GST = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html'

/**
 * What GetSessionToken credentials cannot do whatever the policies say: call STS operations other than
 * AssumeRole and GetCallerIdentity, or IAM operations without MFA. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
function limitSessionToken(result: EvaluationResult, action: string, withMfa: boolean): EvaluationResult {
  const lower = action.toLowerCase()
  const message =
    lower.startsWith('sts:') && lower !== 'sts:assumerole' && lower !== 'sts:getcalleridentity'
      ? 'GetSessionToken credentials cannot call STS operations other than AssumeRole and GetCallerIdentity'
      : lower.startsWith('iam:') && !withMfa
        ? 'GetSessionToken credentials obtained without MFA cannot call IAM operations'
        : undefined
  if (message === undefined || result.decision === 'explicitDeny') return result
  const step = { rule: 'session-token-api', outcome: 'fail' as const, message, source: GST }
  return { ...result, decision: 'implicitDeny', determining: [], ...(result.trace !== undefined ? { trace: { ...result.trace, steps: [...result.trace.steps, step] } } : {}) }
}

/**
 * The session AssumeRoot returns: the member account's root user, scoped by the task policy, for at
 * most 900 seconds. What it may do next is not evaluated (the call-file reader refuses `then` here).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html
 */
function rootSession(call: AssumeCall, timing: { durationSeconds: number; issuedAt?: string; expiration?: string }): AssumedSession {
  const target = assumeRootTarget(call.parameters.TargetPrincipal ?? '')
  const arn = `arn:${target?.partition ?? 'aws'}:iam::${target?.account ?? ''}:root`
  const unmodelled = diagnostic('sts.invalid-call', call.pointer, 'requests made with an AssumeRoot session are not modelled (fail closed)')
  return {
    kind: 'rootSession',
    arn,
    tags: [],
    transitiveTagKeys: [],
    chained: false,
    ...timing,
    unknownSessionPolicies: [],
    evaluate: () => ({ decision: 'implicitDeny', determining: [], missingContextKeys: [], errors: [unmodelled] }),
    asCaller: (pointer) => ({ arn, identity: [], boundary: null, session: [], scps: [], tags: [], transitiveTagKeys: [], pointer }),
  }
}

function dedupeKeys(keys: readonly string[]): string[] {
  const seen = new Set<string>()
  return keys.filter((k) => {
    const lower = k.toLowerCase()
    if (seen.has(lower)) return false
    seen.add(lower)
    return true
  })
}

