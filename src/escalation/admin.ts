/**
 * Who is an administrator. "Allowed every action on every resource" cannot be checked action by
 * action, so the engine is asked a fixed set of probe requests, each on a fresh resource of the
 * principal's account (after its boundary and SCPs, with open context keys as conditions):
 *
 * - an action of a service that does not exist, on a resource of that service: only a statement whose
 *   Action is `*` (or a NotAction that leaves it out) and whose Resource is `*` (or a NotResource that
 *   leaves it out) allows it, so it stands for "every action on every resource";
 * - the IAM actions that control the account's identities (write a policy, attach one, create keys,
 *   pass a role, rewrite a trust policy, add a policy version): carving IAM out of `*` leaves a
 *   principal that is not in control;
 * - data and compute actions of the services most often carved out (S3, EC2, Lambda, Secrets
 *   Manager, DynamoDB).
 *
 * A principal allowed everything passes every probe, so no administrator is missed. A principal that
 * passes them may still be denied actions or resources no probe touches (an organization guardrail
 * such as "never stop CloudTrail"): it is still reported as an administrator, as security tools and
 * AWS's own AdministratorAccess naming do.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { SnapshotPrincipal } from '../snapshot/types.js'
import { actionQuestion, partitionOf } from './actionQuestion.js'
import type { CallerPolicies, QuestionEnv } from './actionQuestion.js'
import { allOf, decide, DENIED, uncertain } from './decide.js'
import { ALLOW_EVERYTHING, compileFixed } from './fixedPolicy.js'
import { mayAllowOn } from './prefilter.js'
import { principalGaps } from './types.js'
import type { Answer } from './types.js'

/** One probe: an action on a fresh resource of the principal's account. */
interface Probe {
  readonly action: string
  readonly resource: (partition: string, account: string) => string
  /** For ARNs that name no account (S3): the owning account. */
  readonly ownAccount?: boolean
}

const FRESH = 'iamtrace-admin-probe'

/**
 * The probe requests, in the order they are asked (the cheapest refutation first).
 *
 * @example
 * ADMIN_PROBES.map((p) => p.action) // ['iamtrace:ProbeEveryAction', 'iam:PutRolePolicy', …]
 */
export const ADMIN_PROBES: readonly Probe[] = [
  { action: 'iamtrace:ProbeEveryAction', resource: (p, a) => `arn:${p}:iamtrace:us-east-1:${a}:probe/${FRESH}` },
  { action: 'iam:PutRolePolicy', resource: (p, a) => `arn:${p}:iam::${a}:role/${FRESH}` },
  { action: 'iam:AttachUserPolicy', resource: (p, a) => `arn:${p}:iam::${a}:user/${FRESH}` },
  { action: 'iam:CreateAccessKey', resource: (p, a) => `arn:${p}:iam::${a}:user/${FRESH}` },
  { action: 'iam:PassRole', resource: (p, a) => `arn:${p}:iam::${a}:role/${FRESH}` },
  { action: 'iam:UpdateAssumeRolePolicy', resource: (p, a) => `arn:${p}:iam::${a}:role/${FRESH}` },
  { action: 'iam:CreatePolicyVersion', resource: (p, a) => `arn:${p}:iam::${a}:policy/${FRESH}` },
  { action: 's3:GetObject', resource: (p) => `arn:${p}:s3:::${FRESH}/${FRESH}`, ownAccount: true },
  { action: 's3:PutBucketPolicy', resource: (p) => `arn:${p}:s3:::${FRESH}`, ownAccount: true },
  { action: 'ec2:RunInstances', resource: (p, a) => `arn:${p}:ec2:us-east-1:${a}:instance/i-0${FRESH}` },
  { action: 'lambda:UpdateFunctionCode', resource: (p, a) => `arn:${p}:lambda:us-east-1:${a}:function:${FRESH}` },
  { action: 'secretsmanager:GetSecretValue', resource: (p, a) => `arn:${p}:secretsmanager:us-east-1:${a}:secret:${FRESH}-AbCdEf` },
  { action: 'dynamodb:Scan', resource: (p, a) => `arn:${p}:dynamodb:us-east-1:${a}:table/${FRESH}` },
]

let adminDocument: CompiledPolicy | undefined
/**
 * The policy a grant writes or attaches: allow every action on every resource (the document of AWS's
 * AdministratorAccess managed policy).
 */
export function adminPolicy(): CompiledPolicy {
  adminDocument ??= compileFixed(ALLOW_EVERYTHING, 'identity', 'identity', 'AdministratorAccess (written by the escalation)')
  return adminDocument
}

let adminBoundaryDocument: CompiledPolicy | undefined
/** AdministratorAccess used as a permissions boundary (it bounds nothing). */
export function adminBoundary(): CompiledPolicy {
  adminBoundaryDocument ??= compileFixed(ALLOW_EVERYTHING, 'boundary', 'boundary', 'AdministratorAccess (set as boundary by the escalation)')
  return adminBoundaryDocument
}

/**
 * Whether `p` (with `policies` in place of its own, when given) is an administrator: every probe
 * allowed, possibly under conditions. A principal the snapshot does not describe fully (a policy or
 * group it lacks, a policy that does not parse) is `uncertain` rather than denied: what is missing may
 * grant everything.
 */
export function adminAnswer(env: QuestionEnv, p: SnapshotPrincipal, policies?: CallerPolicies): Answer {
  const partition = partitionOf(p.arn)
  const answers: Answer[] = []
  for (const [i, probe] of ADMIN_PROBES.entries()) {
    const arn = probe.resource(partition, p.account)
    // PERF: no Allow statement names the probe: denied without a question.
    const a = mayAllowOn(p, probe.action, arn, policies?.identity ?? p.identity, policies !== undefined ? policies.boundary : p.boundary)
      ? decide(actionQuestion(env, p, probe.action, { arn, ...(probe.ownAccount === true ? { account: p.account } : {}) }, {}, `admin${i}`, policies))
      : DENIED
    answers.push(a)
    if (a.access === 'denied') break
  }
  const result = allOf(answers)
  if (result.access === 'denied' && policies === undefined) {
    const gaps = principalGaps(env.snapshot, p)
    if (gaps.length > 0) return uncertain(gaps)
  }
  return result
}
