/**
 * Does an identity policy, on its own, let its holder escalate? Decided by the evaluator, not by reading
 * the text: each action a technique of the catalogue needs is requested by a stand-in caller (an IAM user
 * of the policy's account) on a target it does not already control — any role, any other user, any group
 * or customer managed policy, a resource it creates — with the condition values the technique fixes
 * (`iam:PassedToService`, `iam:PolicyARN`…). Conditions on keys the caller or its setup chooses (source IP,
 * MFA, its own tags…) are taken as satisfiable in an Allow and as evaded in a Deny; conditions on the
 * technique's keys and on the target's tags are evaluated. A Deny that applies, or a Resource or condition
 * that leaves the target out, removes the finding; specific roles, users and policies are left to
 * `iamtrace escalations`, which knows what they can do.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { parseArn } from '../arn/arn.js'
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import type { ConditionOverride } from '../evaluate/evaluateStatement.js'
import { evaluateCompiled } from '../evaluate/evaluate.js'
import { ADMIN_POLICY_ARN, RESOURCE_KINDS, TECHNIQUES } from '../escalation/techniques.js'
import type { ResourceKind, Technique, TechniqueAction } from '../escalation/techniques.js'
import type { Policy } from '../policy/types.js'
import type { StatementRef } from '../trace/types.js'
import { PLACEHOLDER_OWN_ACCOUNT } from './identity.js'

/** Techniques an identity policy alone can show: not those that need an inventory of existing resources. */
export const LINTED_TECHNIQUES: readonly Technique[] = TECHNIQUES.filter((t) => t.category !== 'existing-resource' && t.id !== 'assume-role')

/** A technique the policy allows, with the statement that allows its first action. */
interface EscalationHit {
  readonly technique: Technique
  /** The Allow statements that grant the technique's actions. */
  readonly statements: readonly StatementRef[]
  /** True when the target the policy allows is its holder itself (a user granting itself a policy). */
  readonly self: boolean
}

/** What the probe found in one policy. */
export interface EscalationProbe {
  /** Statements that allow every action on every resource; empty when the policy is not administrator access. */
  readonly admin: readonly StatementRef[]
  readonly hits: readonly EscalationHit[]
  /** Allowing statements per single action request (`iam:PassRole` to any service, `sts:AssumeRole`…) on a generic target. */
  allows(action: string, resourceKind: ResourceKind, context?: Readonly<Record<string, string>>): readonly StatementRef[]
}

const CALLER_NAME = 'iamtrace-caller'
const PROBE_SERVICE = 'iamtrace-probe.amazonaws.com'
/** Managed policies a caller who may attach or set policies would pick (AWS managed, or one it wrote). */
const GRANT_POLICIES = (account: string): string[] => [ADMIN_POLICY_ARN, 'arn:aws:iam::aws:policy/IAMFullAccess', 'arn:aws:iam::aws:policy/PowerUserAccess', `arn:aws:iam::${account}:policy/iamtrace-any-policy`]
/** Every key a technique fixes: evaluated with the request's value (absent when the action does not carry it). */
const TECHNIQUE_KEYS: ReadonlySet<string> = new Set(TECHNIQUES.flatMap((t) => t.actions.flatMap((a) => Object.keys(a.context ?? {}).map((k) => k.toLowerCase()))))

/** A generic resource of a kind in `account`, named so no policy pins it. */
function genericArn(kind: ResourceKind, account: string, self: boolean): string {
  if (self && kind === 'user') return `arn:aws:iam::${account}:user/${CALLER_NAME}`
  return RESOURCE_KINDS[kind].replace(/\$\{([A-Za-z]+)\}/g, (_, name: string) => (name === 'Partition' ? 'aws' : name === 'Region' ? 'us-east-1' : name === 'Account' ? (kind === 'image' ? '' : account) : `iamtrace-any-${name.toLowerCase()}`))
}

/**
 * Conditions the probe evaluates: the technique's keys and the target's tags. Every other condition is
 * satisfiable in an Allow (the caller chooses its IP, uses MFA, holds the tags it needs) and evaded in a
 * Deny (never under-report).
 */
const override: ConditionOverride = (condition, statement) => {
  const key = condition.node.keyLower
  if (TECHNIQUE_KEYS.has(key) || key.startsWith('aws:resourcetag/') || key.startsWith('iam:resourcetag/')) return undefined
  return statement.effect === 'Allow' ? 'true' : 'false'
}

/** Accounts the probe tries: the policy's own, and every account its Resource patterns name. */
function accountsOf(policy: Policy, ownAccount: string | undefined): string[] {
  const out = new Set<string>([ownAccount ?? PLACEHOLDER_OWN_ACCOUNT])
  for (const s of policy.statements) {
    for (const p of s.resource?.patterns ?? []) {
      const account = parseArn(p.value)?.account
      if (account !== undefined && /^\d{12}$/.test(account)) out.add(account)
    }
  }
  return [...out]
}

/** A role trust policy that trusts its own account. */
function accountTrust(account: string): CompiledPolicy {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] }, { kind: 'trust' })
  // The document is fixed and valid; an unreadable one would trust nobody (fail closed).
  const policy: Policy = parsed.ok ? parsed.value : { kind: 'trust', pointer: '', variablesEnabled: true, statements: [] }
  return compilePolicy(policy, 'resource', 'role trusting its account')
}

const cache = new WeakMap<Policy, Map<string, EscalationProbe>>()

/**
 * Probes an identity policy once (cached per policy and owning account).
 *
 * @example
 * probeEscalation(policy, '111122223333').hits.map((h) => h.technique.id) // ['create-policy-version', …]
 */
export function probeEscalation(policy: Policy, ownAccount: string | undefined): EscalationProbe {
  let byAccount = cache.get(policy)
  if (byAccount === undefined) cache.set(policy, (byAccount = new Map()))
  const key = ownAccount ?? ''
  let probe = byAccount.get(key)
  if (probe === undefined) byAccount.set(key, (probe = computeProbe(policy, ownAccount)))
  return probe
}

function computeProbe(policy: Policy, ownAccount: string | undefined): EscalationProbe {
  const compiled = compilePolicy(policy, 'identity', 'policy')
  const accounts = accountsOf(policy, ownAccount)
  const trusts = new Map<string, CompiledPolicy>()
  // PERF: most policies allow none of a technique's actions: skip the evaluator when no Allow statement can match.
  const mayAllow = (action: string): boolean => compiled.forAction(action.toLowerCase()).some((s) => s.effect === 'Allow')
  const allowing = (account: string, action: string, resource: string, context: Readonly<Record<string, string>>): StatementRef[] => {
    if (!mayAllow(action)) return []
    // The caller acts in its own account, on resources AWS owns too (a public AMI has no account in its ARN).
    const request = { principal: { kind: 'aws' as const, arn: `arn:aws:iam::${account}:user/${CALLER_NAME}` }, action, resource, resourceAccount: account, context }
    // A role must trust the caller itself: the probe's roles trust their account, so the identity policy decides.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
    let trust = {}
    if (action.toLowerCase().startsWith('sts:assumerole')) {
      let resource = trusts.get(account)
      if (resource === undefined) trusts.set(account, (resource = accountTrust(account)))
      trust = { resource }
    }
    const r = evaluateCompiled(request, { identity: [compiled], ...trust }, { conditionOverride: override })
    return r.decision === 'allowed' ? [...r.determining] : []
  }
  const allows = (action: string, kind: ResourceKind, context: Readonly<Record<string, string>> = {}): StatementRef[] => {
    if (!mayAllow(action)) return []
    for (const account of accounts) {
      const refs = allowing(account, action, genericArn(kind, account, false), context)
      if (refs.length > 0) return refs
    }
    return []
  }
  const admin = accounts.flatMap((account) => allowing(account, 'iamtraceprobe:ProbeAction', `arn:aws:iamtraceprobe:us-east-1:${account}:probe/iamtrace-any`, {}))
  // PERF: a technique is tried only when every action it needs may be allowed by some statement.
  const hits = admin.length > 0 ? [] : LINTED_TECHNIQUES.filter((t) => t.actions.every((a) => a.optional === true || mayAllow(a.action))).flatMap((t) => techniqueHit(t, accounts, allowing))
  return { admin: dedupe(admin), hits, allows }
}

type Allowing = (account: string, action: string, resource: string, context: Readonly<Record<string, string>>) => StatementRef[]

/** The technique, when each of its required actions is allowed on some candidate target in one account. */
function techniqueHit(t: Technique, accounts: readonly string[], allowing: Allowing): EscalationHit[] {
  for (const account of accounts) {
    // A user granting itself more is an escalation too; taking over itself (its own access key) is not.
    const targets = t.target === 'user' && t.effect === 'grant' ? [false, true] : [false]
    for (const self of targets) {
      const refs: StatementRef[] = []
      let all = true
      for (const a of t.actions) {
        if (a.optional === true) continue
        const found = actionAllowed(a, account, self, allowing)
        if (found.length === 0) {
          all = false
          break
        }
        refs.push(...found)
      }
      if (all) return [{ technique: t, statements: dedupe(refs), self }]
    }
  }
  return []
}

function actionAllowed(a: TechniqueAction, account: string, self: boolean, allowing: Allowing): StatementRef[] {
  const target = a.on === 'target' ? genericArn(a.resource, account, self) : a.on === 'any' ? '*' : genericArn(a.resource, account, false)
  const contexts = contextsFor(a, account, target)
  for (const context of contexts) {
    const refs = allowing(account, a.action, target, context)
    if (refs.length > 0) return refs
  }
  return []
}

/** The request values the technique fixes; a policy the caller picks is tried among several. */
function contextsFor(a: TechniqueAction, account: string, target: string): Record<string, string>[] {
  // A key the technique leaves absent (null) is not sent.
  const entries = Object.entries(a.context ?? {}).filter((e): e is [string, string] => e[1] !== null)
  const grants = entries.some(([, v]) => v === '{adminPolicy}') ? GRANT_POLICIES(account) : [ADMIN_POLICY_ARN]
  return grants.map((grant) =>
    Object.fromEntries(
      entries.map(([k, v]) => [
        k,
        v
          .replace('{target}', target)
          .replace('{adminPolicy}', grant)
          .replace('{instanceProfile}', `arn:aws:iam::${account}:instance-profile/iamtrace-any-profile`)
          .replace('{function}', `arn:aws:lambda:us-east-1:${account}:function:iamtrace-any-function`),
      ]),
    ),
  )
}

function dedupe(refs: readonly StatementRef[]): StatementRef[] {
  const seen = new Set<string>()
  return refs.filter((r) => (seen.has(r.pointer) ? false : (seen.add(r.pointer), true)))
}

/** The service a probe request names when it asks whether a role can be passed to any service at all. */
export const ANY_SERVICE = PROBE_SERVICE
