/**
 * Decides one technique for one caller and one target: every action it needs, each asked of the engine
 * on its concrete resource (the target role or user, an inventoried resource, or a resource the caller
 * names), plus — for a role handed to a service — the role's trust in that service. The answer is the
 * conjunction; the hop lists each action with the resource it was decided on.
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { ContextValue } from '../request/types.js'
import type { InventoryResource, SnapshotPrincipal, SnapshotRole } from '../snapshot/types.js'
import { actionQuestion, partitionOf } from './actionQuestion.js'
import { mayAllowOn } from './prefilter.js'
import type { CallerPolicies, QuestionEnv, ResourceFacts } from './actionQuestion.js'
import { allOf, compareAnswers, decide, DENIED, uncertain } from './decide.js'
import { compileFixed } from './fixedPolicy.js'
import type { Targets } from './targets.js'
import { ADMIN_POLICY_ARN } from './techniques.js'
import type { Technique, TechniqueAction } from './techniques.js'
import type { Answer } from './types.js'
import { nameFree, witnessCandidates } from './witness.js'

/** One technique decided for a caller and a target: the answer and what it was decided on. */
export interface TechniqueAnswer {
  readonly answer: Answer
  readonly actions: readonly string[]
  readonly resources: readonly string[]
  /** What the answer rests on besides the actions (the instance profile used). */
  readonly notes?: readonly string[]
}

/** What a technique is decided against besides caller and target. */
export interface TechniqueSite {
  /** An inventoried resource that runs with the target role. */
  readonly existing?: InventoryResource
  /** An instance profile holding the target role (EC2 techniques). */
  readonly instanceProfile?: string
  /** Stands for an existing resource the snapshot has no inventory of: its generic ARN. */
  readonly placeholder?: string
}

/** Everything shared by the technique questions of one analysis. */
export interface TechniqueEnv extends QuestionEnv {
  readonly targets: Targets
}

const trustCache = new WeakMap<SnapshotPrincipal, CompiledPolicy>()
/**
 * The trust policy an `iam:UpdateAssumeRolePolicy` caller writes: it names the caller itself.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function trustNaming(caller: SnapshotPrincipal): CompiledPolicy {
  let c = trustCache.get(caller)
  if (c === undefined) {
    c = compileFixed({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: caller.arn }, Action: 'sts:AssumeRole' }] }, 'trust', 'resource', 'trust policy written by the caller')
    trustCache.set(caller, c)
  }
  return c
}

/**
 * The technique's fixed keys with their values. A key whose value is the name of a resource the caller
 * creates (`{function}`) stays open: the caller picks that name, so the condition is one it controls.
 */
function substitute(context: Readonly<Record<string, string | null>> | undefined, values: Readonly<Record<string, string>>): Record<string, ContextValue | null> {
  const out: Record<string, ContextValue | null> = Object.create(null) as Record<string, ContextValue | null>
  for (const [k, v] of Object.entries(context ?? {})) {
    if (v === null) out[k] = null
    else if (!v.includes('{function}')) out[k] = v.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m)
  }
  return out
}

const NOTHING: TechniqueAnswer = { answer: DENIED, actions: [], resources: [] }
const NEEDED = new WeakMap<Technique, readonly TechniqueAction[]>()
/** The actions a technique cannot do without. */
function neededActions(t: Technique): readonly TechniqueAction[] {
  let list = NEEDED.get(t)
  if (list === undefined) {
    list = t.actions.filter((a) => a.optional !== true)
    NEEDED.set(t, list)
  }
  return list
}

/**
 * Decides `technique` for `caller` on `target`. Returns the answer (possibly `denied`) with the actions
 * and the resource each was decided on. `policies` replaces the caller's own (a caller after a grant).
 */
export function evaluateTechnique(env: TechniqueEnv, caller: SnapshotPrincipal, technique: Technique, target: SnapshotPrincipal, site: TechniqueSite = {}, policies?: CallerPolicies): TechniqueAnswer {
  const { snapshot } = env
  const needed = neededActions(technique)
  const identity = policies?.identity ?? caller.identity
  const boundary = policies !== undefined ? policies.boundary : caller.boundary
  // PERF: a request on a known resource that no Allow statement can match is denied without a question.
  for (const a of needed) {
    const arn = a.on === 'target' ? target.arn : a.on === 'existing' ? site.existing?.arn : undefined
    if (arn !== undefined && a.action !== 'sts:AssumeRole' && !mayAllowOn(caller, a.action, arn, identity, boundary)) return NOTHING
  }
  const partition = partitionOf(caller.arn)
  const values: Record<string, string> = { target: target.arn, adminPolicy: ADMIN_POLICY_ARN, ...(site.instanceProfile !== undefined ? { instanceProfile: site.instanceProfile } : {}) }
  const answers: Answer[] = []
  const resources = new Map<TechniqueAction, string>()
  const ask = (a: TechniqueAction, facts: ResourceFacts, i: number): Answer =>
    decide(actionQuestion(env, caller, a.action, facts, substitute(a.context, values), `${technique.id}${i}`, policies))

  // The role must trust the service it is handed to (resources that already run with it evidently do).
  if (technique.service !== undefined && technique.category === 'pass-role' && target.kind === 'role') {
    const trust = env.targets.trustsService(target as SnapshotRole, technique.service)
    if (trust.access === 'denied') return NOTHING
    answers.push(trust)
  }

  // Resources the caller names: one name must serve every action on the same new resource.
  const groups = new Map<string, { actions: TechniqueAction[]; indexes: number[] }>()
  needed.forEach((a, i) => {
    if (a.on !== 'new' && a.on !== 'aws') return
    const key = `${a.on}|${a.resource}`
    const g = groups.get(key) ?? { actions: [], indexes: [] }
    g.actions.push(a)
    g.indexes.push(i)
    groups.set(key, g)
  })

  // Fixed resources first: the target and existing resources are the most selective questions.
  const fixed = (): Answer | undefined => {
    for (const [i, a] of needed.entries()) {
      if (a.on === 'new' || a.on === 'aws') continue
      let facts: ResourceFacts
      if (a.on === 'target') facts = { arn: target.arn, tags: target.tags, boundaryArn: target.boundaryArn ?? null, ...(a.action === 'sts:AssumeRole' ? { policy: trustNaming(caller), rcps: true } : {}) }
      else if (a.on === 'existing') facts = site.existing !== undefined ? { arn: site.existing.arn, ...(site.existing.tags !== undefined ? { tags: site.existing.tags } : {}) } : { arn: site.placeholder ?? '*' }
      else facts = { arn: '*', account: caller.account }
      resources.set(a, facts.arn)
      const answer = ask(a, facts, i)
      if (answer.access === 'denied') return DENIED
      answers.push(answer)
    }
    return undefined
  }
  if (fixed() !== undefined) return NOTHING

  const layers = [identity, ...(boundary !== null ? [[boundary]] : []), ...(snapshot.orgAccounts.get(caller.account)?.scps ?? [])]
  for (const g of groups.values()) {
    const first = g.actions[0] as TechniqueAction
    const account = first.on === 'aws' ? '' : caller.account
    const candidates = witnessCandidates(caller, layers, g.actions.map((a) => a.action), first.resource, account, partition)
    let best: { answer: Answer; arn: string } | undefined
    for (const arn of candidates) {
      const parts = g.actions.map((a, j) => ask(a, { arn, ...(account === '' ? { account: caller.account } : {}) }, g.indexes[j] as number))
      const joint = allOf(parts)
      if (best === undefined || compareAnswers(joint, best.answer) < 0) best = { answer: joint, arn }
      if (joint.access === 'allowed') break
    }
    if (best === undefined || best.answer.access === 'denied') {
      // No tried name is allowed for every action. Read the policies in the caller's favour (every
      // Allow's Resource matches, only Denies on `*` apply): denied then means denied whatever the name.
      const org = snapshot.orgAccounts.get(caller.account)
      const free: CallerPolicies = { identity: identity.map(nameFree), boundary: boundary === null ? null : nameFree(boundary), scps: (org?.scps ?? []).map((level) => level.map(nameFree)) }
      const arn = candidates[0] as string
      const optimistic = allOf(g.actions.map((a, j) => decide(actionQuestion(env, caller, a.action, { arn, ...(account === '' ? { account: caller.account } : {}) }, substitute(a.context, values), `${technique.id}free${g.indexes[j] as number}`, free))))
      if (optimistic.access === 'denied') return NOTHING
      best = { answer: uncertain([{ code: 'escalation.resource-names-differ', message: `${g.actions.map((a) => a.action).join(', ')}: iamtrace found no ${first.resource} name that the policies allow for all of them, and cannot rule one out` }], optimistic.conditions), arn }
    }
    for (const a of g.actions) resources.set(a, best.arn)
    answers.push(best.answer)
  }

  const answer = allOf(answers)
  return {
    answer,
    actions: needed.map((a) => a.action),
    resources: needed.map((a) => resources.get(a) ?? '*'),
    ...(site.instanceProfile !== undefined ? { notes: [`instance profile ${site.instanceProfile}`] } : {}),
  }
}
