/**
 * Grants: a caller changes the permissions of a principal it controls (itself, or one it can become)
 * so that the principal becomes an administrator in one step — write or attach an admin policy to the
 * principal or to one of its groups, add it to a group that makes it one, rewrite (or roll back) a
 * customer managed policy it holds, and, where a permissions boundary stands in the way, remove or
 * replace the boundary as well. Each candidate change is decided twice by the engine: may the caller
 * make the calls, and is the changed principal an administrator (the probes of `admin.ts`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import type { ContextValue } from '../request/types.js'
import type { SnapshotManagedPolicy, SnapshotPolicyVersion, SnapshotPrincipal } from '../snapshot/types.js'
import { actionQuestion } from './actionQuestion.js'
import type { CallerPolicies, ResourceFacts } from './actionQuestion.js'
import { adminBoundary, adminPolicy } from './admin.js'
import { mayAllowOn } from './prefilter.js'
import { allOf, compareAnswers, decide } from './decide.js'
import type { TechniqueEnv } from './evaluateTechnique.js'
import { isProtectedPolicy } from './targets.js'
import { ADMIN_POLICY_ARN, techniqueById } from './techniques.js'
import type { TechniqueId } from './techniques.js'
import type { Answer } from './types.js'

/** One call of a grant. */
interface GrantCall {
  readonly action: string
  readonly resource: ResourceFacts
  readonly context: Readonly<Record<string, ContextValue | null>>
}

/** A change to a principal's policies, and the calls that make it. */
interface Change {
  readonly techniques: readonly TechniqueId[]
  readonly calls: readonly GrantCall[]
  /** The identity policies after the change (undefined: unchanged). */
  readonly identity?: readonly CompiledPolicy[]
  /** The boundary after the change (undefined: unchanged). */
  readonly boundary?: CompiledPolicy | null
  /** Changes with the same key give the same policies (the admin answer is shared). */
  readonly key: string
}

/** The best grant found: how, and how sure. */
export interface GrantAnswer {
  readonly technique: string
  readonly actions: readonly string[]
  readonly resources: readonly string[]
  readonly answer: Answer
  readonly notes: readonly string[]
}

/** Is the changed principal an administrator? (memoized by the caller of {@link bestGrant}). */
export type AdminOf = (p: SnapshotPrincipal, policies: CallerPolicies, key: string) => Answer

const versionCache = new WeakMap<SnapshotPolicyVersion, CompiledPolicy | null>()
function compiledVersion(v: SnapshotPolicyVersion, name: string): CompiledPolicy | null {
  let c = versionCache.get(v)
  if (c === undefined) {
    const parsed = parsePolicy(v.document, { kind: 'identity', name })
    const policy = parsed.ok ? parsed.value : undefined
    c = policy === undefined ? null : compilePolicy(policy, 'identity', `${name} (version ${v.id})`)
    versionCache.set(v, c)
  }
  return c
}

/** True when a policy set may allow every action (a wildcard or NotAction Allow): only then can joining a group make an administrator. */
function mayAllowEverything(policies: readonly CompiledPolicy[]): boolean {
  return policies.some((p) => p.forAction('iamtrace:probeeveryaction').some((s) => s.effect === 'Allow'))
}

/** Whether the caller's identity policies have an Allow that can match the action at all (a cheap first filter). */
export function mayAllow(caller: SnapshotPrincipal, action: string): boolean {
  const lower = action.toLowerCase()
  return caller.identity.some((p) => p.forAction(lower).some((s) => s.effect === 'Allow'))
}

function entityFacts(p: SnapshotPrincipal): ResourceFacts {
  return { arn: p.arn, tags: p.tags, boundaryArn: p.boundaryArn ?? null }
}

/** Every one-step change of `target`'s identity policies that `by` might make. */
function identityChanges(env: TechniqueEnv, by: SnapshotPrincipal, target: SnapshotPrincipal): Change[] {
  const { snapshot } = env
  const admin = adminPolicy()
  const plus = [...target.identity, admin]
  const out: Change[] = []
  const call = (action: string, resource: ResourceFacts, context: Readonly<Record<string, ContextValue | null>> = {}): GrantCall => ({ action, resource, context })
  const kind = target.kind === 'user' ? 'User' : 'Role'
  const put = `iam:Put${kind}Policy`
  const attach = `iam:Attach${kind}Policy`
  if (mayAllowOn(by, put, target.arn)) out.push({ techniques: [target.kind === 'user' ? 'put-user-policy' : 'put-role-policy'], calls: [call(put, entityFacts(target))], identity: plus, key: 'plus-admin' })
  if (mayAllowOn(by, attach, target.arn)) out.push({ techniques: [target.kind === 'user' ? 'attach-user-policy' : 'attach-role-policy'], calls: [call(attach, entityFacts(target), { 'iam:PolicyARN': ADMIN_POLICY_ARN })], identity: plus, key: 'plus-admin' })
  const groups = target.kind === 'user' ? target.groups.flatMap((name) => {
    const g = snapshot.groups.get(`arn:${target.arn.split(':')[1]}:iam::${target.account}:group/${name}`) ?? [...snapshot.groups.values()].find((x) => x.account === target.account && x.name === name)
    return g === undefined ? [] : [g]
  }) : []
  for (const g of groups) {
    if (mayAllowOn(by, 'iam:PutGroupPolicy', g.arn)) out.push({ techniques: ['put-group-policy'], calls: [call('iam:PutGroupPolicy', { arn: g.arn })], identity: plus, key: 'plus-admin' })
    if (mayAllowOn(by, 'iam:AttachGroupPolicy', g.arn)) out.push({ techniques: ['attach-group-policy'], calls: [call('iam:AttachGroupPolicy', { arn: g.arn }, { 'iam:PolicyARN': ADMIN_POLICY_ARN })], identity: plus, key: 'plus-admin' })
  }
  if (target.kind === 'user' && mayAllow(by, 'iam:AddUserToGroup')) {
    for (const g of snapshot.groups.values()) {
      if (g.account !== target.account || g.members.includes(target.arn) || !mayAllowEverything(g.identity) || !mayAllowOn(by, 'iam:AddUserToGroup', g.arn)) continue
      out.push({ techniques: ['add-user-to-group'], calls: [call('iam:AddUserToGroup', { arn: g.arn })], identity: [...target.identity, ...g.identity], key: `group:${g.arn}` })
    }
  }
  // Customer managed policies the target holds, directly or through its groups.
  const held = new Set([...target.managed, ...groups.flatMap((g) => g.managed)])
  const canCreate = mayAllow(by, 'iam:CreatePolicyVersion')
  const canSetDefault = mayAllow(by, 'iam:SetDefaultPolicyVersion')
  for (const arn of held) {
    const policy: SnapshotManagedPolicy | undefined = snapshot.policies.get(arn)
    if (policy === undefined || isProtectedPolicy(policy) || policy.identity === undefined) continue
    const current = policy.identity
    const replace = (next: CompiledPolicy): CompiledPolicy[] => target.identity.map((c) => (c === current ? next : c))
    if (canCreate && mayAllowOn(by, 'iam:CreatePolicyVersion', arn)) out.push({ techniques: ['create-policy-version'], calls: [call('iam:CreatePolicyVersion', { arn })], identity: replace(admin), key: `replace:${arn}` })
    if (canSetDefault && mayAllowOn(by, 'iam:SetDefaultPolicyVersion', arn)) {
      for (const v of policy.versions) {
        if (v.isDefault) continue
        const compiled = compiledVersion(v, policy.name)
        if (compiled !== null) out.push({ techniques: ['set-default-policy-version'], calls: [call('iam:SetDefaultPolicyVersion', { arn })], identity: replace(compiled), key: `version:${arn}:${v.id}` })
      }
    }
  }
  return out
}

/** The boundary changes `by` might make on `target` (none when it has no boundary). */
function boundaryChanges(by: SnapshotPrincipal, target: SnapshotPrincipal): Change[] {
  if (target.boundary === null) return []
  const kind = target.kind === 'user' ? 'User' : 'Role'
  const out: Change[] = []
  const del = `iam:Delete${kind}PermissionsBoundary`
  const put = `iam:Put${kind}PermissionsBoundary`
  if (mayAllowOn(by, del, target.arn)) out.push({ techniques: [target.kind === 'user' ? 'delete-user-permissions-boundary' : 'delete-role-permissions-boundary'], calls: [{ action: del, resource: entityFacts(target), context: {} }], boundary: null, key: 'no-boundary' })
  if (mayAllowOn(by, put, target.arn)) out.push({ techniques: [target.kind === 'user' ? 'put-user-permissions-boundary' : 'put-role-permissions-boundary'], calls: [{ action: put, resource: entityFacts(target), context: { 'iam:PermissionsBoundary': ADMIN_POLICY_ARN } }], boundary: adminBoundary(), key: 'no-boundary' })
  return out
}

/**
 * The best one-step grant by which `by` makes `target` an administrator, or undefined when none can.
 * `adminOf` decides whether the changed target is an administrator (shared across callers).
 */
export function bestGrant(env: TechniqueEnv, by: SnapshotPrincipal, target: SnapshotPrincipal, adminOf: AdminOf): GrantAnswer | undefined {
  const identity = identityChanges(env, by, target)
  const boundary = boundaryChanges(by, target)
  if (identity.length === 0 && boundary.length === 0) return undefined
  const combos: Change[][] = [...identity.map((c) => [c]), ...boundary.map((b) => [b]), ...identity.flatMap((c) => boundary.map((b) => [c, b]))]
  const callCache = new Map<GrantCall, Answer>()
  let best: GrantAnswer | undefined
  for (const combo of combos) {
    const boundaryChange = combo.find((c) => c.boundary !== undefined)
    const policies: CallerPolicies = {
      identity: combo.find((c) => c.identity !== undefined)?.identity ?? target.identity,
      boundary: boundaryChange !== undefined ? (boundaryChange.boundary as CompiledPolicy | null) : target.boundary,
    }
    const admin = adminOf(target, policies, combo.map((c) => c.key).join('+'))
    if (admin.access === 'denied') continue
    const answers: Answer[] = [admin]
    const calls = combo.flatMap((c) => c.calls)
    for (const [i, c] of calls.entries()) {
      let a = callCache.get(c)
      if (a === undefined) {
        a = decide(actionQuestion(env, by, c.action, c.resource, c.context, `grant${i}`))
        callCache.set(c, a)
      }
      answers.push(a)
      if (a.access === 'denied') break
    }
    const answer = allOf(answers)
    if (answer.access === 'denied') continue
    if (best === undefined || compareAnswers(answer, best.answer) < 0 || (compareAnswers(answer, best.answer) === 0 && calls.length < best.actions.length)) {
      const techniques = combo.flatMap((c) => c.techniques)
      best = {
        technique: techniques.join('+'),
        actions: calls.map((c) => c.action),
        resources: calls.map((c) => c.resource.arn),
        answer,
        notes: techniques.flatMap((t) => techniqueById(t).caveats ?? []),
      }
    }
  }
  return best
}
