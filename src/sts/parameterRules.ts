/**
 * Request rules on parameters beyond durations, names and tags: which parameters an API has, the
 * length and character set of every ARN parameter, ProviderId, ProvidedContexts, and AssumeRoot's
 * target principal, task policy and duration. Values come from the STS API reference (the `arnType`,
 * `urlType`, `contextAssertionType`, `TargetPrincipalType` and `RootDurationSecondsType` shapes).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html
 */
import { isAccountId, parseArn } from '../arn/arn.js'
import type { DiagnosticCode } from '../diagnostics.js'
import { STS_API_PARAMETERS } from './apis.js'
import { firstInvalidArnCharacter, ROOT_TASK_POLICIES, STS_LIMITS as L, STS_SOURCES as S } from './limits.js'
import type { AssumeCall } from './types.js'
import type { Violations } from './violations.js'

/**
 * A parameter the call's API does not have is a violation (AWS rejects the request), not a malformed
 * call file: the file says what the caller sent. https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html
 */
export function checkSupportedParameters(v: Violations, call: AssumeCall, source: string): void {
  const allowed = STS_API_PARAMETERS[call.api]
  for (const name of call.parameters.given) {
    if (!allowed.has(name)) v.add('sts.parameter-not-supported', `${call.pointer}/parameters/${name}`, name, `the parameters of ${call.api}`, `${call.api} has no parameter \`${name}\``, source)
  }
}

/** Length 20-2048 and STS's ARN character set; `code` is the length code (RoleArn keeps its own). */
function checkArn(v: Violations, pointer: string, parameter: string, value: string, source: string, code: DiagnosticCode = 'sts.arn-length'): void {
  if (!v.length(code, pointer, parameter, value, L.arn.min, L.arn.max, source)) return
  const bad = firstInvalidArnCharacter(value)
  if (bad >= 0) {
    const c = value.codePointAt(bad) ?? 0
    v.add('sts.arn-characters', pointer, parameter, 'TAB, LF, CR, U+0020-U+007E, U+0085, U+00A0-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF', `has U+${c.toString(16).toUpperCase().padStart(4, '0')} at offset ${bad}`, source)
  }
}

/** True when the ARN parameters of the role are readable (length and characters): the role ARN check can go on. */
export function roleArnReadable(arn: string): boolean {
  return arn.length >= L.arn.min && arn.length <= L.arn.max && firstInvalidArnCharacter(arn) < 0
}

/** Every ARN parameter of the call: RoleArn, PrincipalArn, PolicyArns, ProvidedContexts' ProviderArn, TaskPolicyArn. */
export function checkArnParameters(v: Violations, call: AssumeCall, source: string): void {
  const p = call.parameters
  const at = `${call.pointer}/parameters`
  if (call.role !== undefined) {
    const pointer = p.RoleArn !== undefined ? `${at}/RoleArn` : `${call.pointer}/role/arn`
    checkArn(v, pointer, 'RoleArn', call.role.arn, source, 'sts.role-arn-length')
  }
  if (call.api === 'AssumeRoleWithSAML') {
    const principal = p.PrincipalArn ?? call.caller?.federated
    if (principal !== undefined) checkArn(v, p.PrincipalArn !== undefined ? `${at}/PrincipalArn` : `${call.pointer}/caller/federated`, 'PrincipalArn', principal, source)
  }
  for (const m of p.PolicyArns) checkArn(v, `${m.pointer}/arn`, 'PolicyArns', m.arn, source)
  for (const c of p.ProvidedContexts ?? []) checkArn(v, `${c.pointer}/ProviderArn`, 'ProviderArn', c.ProviderArn, S.AR)
  if (p.TaskPolicyArn !== undefined) checkArn(v, `${p.TaskPolicyArn.pointer}/arn`, 'TaskPolicyArn', p.TaskPolicyArn.arn, S.ASSUMEROOT)
}

/** ProviderId (4-2048) and ProvidedContexts (1-5 assertions of 4-2048 characters). */
export function checkProviderParameters(v: Violations, call: AssumeCall): void {
  const p = call.parameters
  const at = `${call.pointer}/parameters`
  if (p.ProviderId !== undefined) v.length('sts.provider-id-length', `${at}/ProviderId`, 'ProviderId', p.ProviderId, L.providerId.min, L.providerId.max, S.WI)
  const contexts = p.ProvidedContexts
  if (contexts === undefined) return
  if (contexts.length < L.providedContexts.min || contexts.length > L.providedContexts.max)
    v.add('sts.provided-contexts-count', `${at}/ProvidedContexts`, 'ProvidedContexts', `${L.providedContexts.min}-${L.providedContexts.max} assertions`, `has ${contexts.length}`, S.AR)
  for (const c of contexts) v.length('sts.context-assertion-length', `${c.pointer}/ContextAssertion`, 'ContextAssertion', c.ContextAssertion, L.contextAssertion.min, L.contextAssertion.max, S.AR)
}

/**
 * AssumeRoot: TargetPrincipal (12-2048 characters; a member account id or its root user ARN), a
 * TaskPolicyArn among AWS's root-task policies, and DurationSeconds 0-900.
 */
export function checkAssumeRoot(v: Violations, call: AssumeCall): void {
  const p = call.parameters
  const at = `${call.pointer}/parameters`
  const target = p.TargetPrincipal
  if (target === undefined) v.add('sts.target-principal', `${at}/TargetPrincipal`, 'TargetPrincipal', 'required', 'is missing', S.ASSUMEROOT)
  else if (v.length('sts.target-principal', `${at}/TargetPrincipal`, 'TargetPrincipal', target, L.targetPrincipal.min, L.targetPrincipal.max, S.ASSUMEROOT) && assumeRootTarget(target) === undefined)
    v.add('sts.target-principal', `${at}/TargetPrincipal`, 'TargetPrincipal', 'a member account id or `arn:PARTITION:iam::ACCOUNT:root`', `\`${target}\` is neither`, S.ASSUMEROOT)
  const task = p.TaskPolicyArn
  if (task === undefined) v.add('sts.task-policy-arn', `${at}/TaskPolicyArn`, 'TaskPolicyArn', 'required', 'is missing', S.ASSUMEROOT)
  else if (!isRootTaskPolicy(task.arn)) v.add('sts.task-policy-arn', `${task.pointer}/arn`, 'TaskPolicyArn', `one of ${ROOT_TASK_POLICIES.join(', ')}`, `\`${task.arn}\` is not an AWS root-task policy`, S.ASSUMEROOT)
  if (p.DurationSeconds !== undefined && (p.DurationSeconds < L.rootDuration.min || p.DurationSeconds > L.rootDuration.max))
    v.add('sts.assume-root-duration', `${at}/DurationSeconds`, 'DurationSeconds', `${L.rootDuration.min}-${L.rootDuration.max} seconds`, `is ${p.DurationSeconds}`, S.ASSUMEROOT)
}

/**
 * The member account an AssumeRoot TargetPrincipal names (an account id or a root user ARN), or undefined.
 *
 * @example
 * assumeRootTarget('arn:aws:iam::111122223333:root') // { partition: 'aws', account: '111122223333' }
 */
export function assumeRootTarget(target: string): { readonly partition: string; readonly account: string } | undefined {
  if (isAccountId(target)) return { partition: 'aws', account: target }
  const arn = parseArn(target)
  if (arn === undefined || arn.service !== 'iam' || arn.region !== '' || arn.resource !== 'root' || !isAccountId(arn.account)) return undefined
  return { partition: arn.partition, account: arn.account }
}

function isRootTaskPolicy(arn: string): boolean {
  const parsed = parseArn(arn)
  if (parsed === undefined || parsed.service !== 'iam' || parsed.region !== '' || parsed.account !== 'aws') return false
  return ROOT_TASK_POLICIES.some((name) => parsed.resource === `policy/root-task/${name}`)
}
