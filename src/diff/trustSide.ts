/**
 * The question "can this class of callers assume this role?" when only the role's trust policy is known
 * (a policy file, a template). The caller's own account is assumed to let it call STS (the trust policy
 * is what changes); keys the engine derives from the caller (its ARN, account, type) are known for a
 * named principal; for a class standing for an account's other principals its ARN is open but stays in
 * that account and differs from every named principal; tags, organization, session and request values
 * are open. Web-identity, SAML and service callers carry no MFA context.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
import type { OpenKeys } from '../analysis/types.js'
import { classifyPrincipalArn } from '../arn/arn.js'
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { CompiledCondition } from '../conditions/types.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import type { Policy } from '../policy/types.js'
import type { ContextValue, Request, RequestPrincipal } from '../request/types.js'
import type { CallerClass } from './classes.js'
import type { Side } from './side.js'

/** A role as a diff sees it: its ARN and its trust policy. */
export interface TrustTarget {
  readonly role: string
  readonly trust: CompiledPolicy
}

let callerIdentity: CompiledPolicy | undefined
/** The caller's own account policies: outside the input, assumed to allow the call. */
export function callerIdentityPolicy(): CompiledPolicy {
  callerIdentity ??= compilePolicy(parsed({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] }, 'identity'), 'identity', "the caller's own account policies (not in the input; assumed to allow)")
  return callerIdentity
}

function parsed(document: unknown, kind: 'identity' | 'trust'): Policy {
  const r = parsePolicy(document, { kind })
  return r.ok ? r.value : (r.recovered as Policy)
}

/** Conditions built by the diff itself (constraints on the caller's own values). */
function conditions(block: Record<string, Record<string, string | string[]>>): readonly CompiledCondition[] {
  const p = compilePolicy(parsed({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: block }] }, 'identity'), 'identity', 'caller constraints')
  return p.statements[0]?.conditions ?? []
}

const MFA = new Set(['aws:multifactorauthpresent', 'aws:multifactorauthage'])
const PRINCIPAL_PREFIX = 'aws:principal'

/** Keys known for a class (derived by the engine from the caller, or absent for it); the rest are open. */
function known(c: CallerClass): (k: string) => boolean {
  switch (c.kind) {
    case 'arn':
      return (k) => k === 'aws:principalarn' || k === 'aws:principalaccount' || k === 'aws:principaltype' || k === 'aws:principalisawsservice' || (k === 'aws:username' && c.arn.includes(':user/'))
    case 'account':
    case 'anyone':
      return (k) => k === 'aws:principalaccount' || k === 'aws:principalisawsservice'
    case 'uniqueId':
      return (k) => k === 'aws:userid' || k === 'aws:principalisawsservice'
    case 'service':
    case 'federated':
      // No AWS identity behind these callers: principal keys and MFA are absent; aws:FederatedProvider is set below.
      return (k) => k.startsWith(PRINCIPAL_PREFIX) || MFA.has(k) || k === 'aws:userid' || k === 'aws:username' || k === 'aws:federatedprovider'
  }
}

function principalOf(c: CallerClass): RequestPrincipal {
  switch (c.kind) {
    case 'arn':
      return { kind: 'aws', arn: c.arn }
    case 'account':
    case 'anyone':
      return { kind: 'aws', arn: `arn:aws:iam::${c.account}:role/iamtrace-any-principal` }
    case 'uniqueId':
      return { kind: 'aws', arn: c.id.startsWith('AIDA') ? `arn:aws:iam::${c.account}:user/iamtrace-unique-id` : `arn:aws:iam::${c.account}:role/iamtrace-unique-id` }
    case 'service':
      return { kind: 'service', service: c.service }
    case 'federated':
      return { kind: 'federated', provider: c.provider }
  }
}

/** The STS action a class calls. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html */
function assumeActionOf(c: CallerClass): string {
  if (c.kind !== 'federated') return 'sts:AssumeRole'
  return c.provider.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity'
}

/** Named principal ARNs of the same account: the account's class stands for its other principals. */
export type NamedArns = readonly string[]

/**
 * The question for `caller` assuming `target` (one version).
 *
 * @example
 * const side = trustSide({ role: 'arn:aws:iam::000011112222:role/Deploy', trust }, { kind: 'account', account: '111122223333' }, [])
 */
export function trustSide(target: TrustTarget, caller: CallerClass, named: NamedArns): Side {
  const context: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>
  if (caller.kind === 'uniqueId') context['aws:userid'] = caller.id.startsWith('AIDA') ? caller.id : `${caller.id}:iamtrace-session`
  if (caller.kind === 'federated') context['aws:FederatedProvider'] = caller.provider
  const request: Request = { principal: principalOf(caller), action: assumeActionOf(caller), resource: target.role, context }
  const isKnown = known(caller)
  const keys: OpenKeys = { isOpen: (k) => k !== 'aws:resourceaccount' && !isKnown(k), variable: (k) => k }
  const aws = caller.kind === 'arn' || caller.kind === 'account' || caller.kind === 'anyone' || caller.kind === 'uniqueId'
  const policies = { identity: aws ? [callerIdentityPolicy()] : [], resource: target.trust }
  const base: Side = { question: { request, policies, keys } }
  if (caller.kind !== 'account' && caller.kind !== 'anyone') return base
  // The class's principals are in its account, and are none of the principals named on their own.
  const sameAccount = conditions({
    ArnLike: { 'aws:PrincipalArn': [`arn:*:iam::${caller.account}:*`, `arn:*:sts::${caller.account}:*`] },
    ...(named.length > 0 ? { ArnNotEquals: { 'aws:PrincipalArn': [...named] } } : {}),
  })
  return {
    ...base,
    constraints: sameAccount,
    prefer: (k) => (k === 'aws:principalarn' ? [`arn:aws:iam::${caller.account}:role/iamtrace-any-principal`] : undefined),
    normalize: (r) => principalFromArn(r, caller.account),
  }
}

/** A witness whose `aws:PrincipalArn` names a user or role of the account: that principal makes the call. */
function principalFromArn(r: Request, account: string): Request {
  const context = { ...(r.context ?? {}) }
  const key = Object.keys(context).find((k) => k.toLowerCase() === 'aws:principalarn')
  const value = key === undefined ? undefined : context[key]
  if (key === undefined || typeof value !== 'string') return r
  const arn = classifyPrincipalArn(value)
  if (arn === undefined || (arn.kind !== 'user' && arn.kind !== 'role') || arn.account !== account) return r
  delete context[key]
  for (const k of Object.keys(context)) if (k.toLowerCase() === 'aws:principaltype' && context[k] === (arn.kind === 'user' ? 'User' : 'AssumedRole')) delete context[k]
  return { ...r, principal: { kind: 'aws', arn: value }, context }
}
