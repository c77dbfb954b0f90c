/**
 * The diff of an identity policy (or a permissions boundary, session policy or SCP) between two
 * versions: which requests its holder can make after the change and not before. The `Action` and
 * `Resource` patterns of both versions cut the space of requests into regions — every combination of
 * "this pattern matches, that one does not" that some action or resource reaches (`languages.ts`,
 * exact) — and one question per region is compared by meaning (`joint.ts`), with every request value
 * open (the holder is not known: its ARN, tags and the request's keys are all open). The resource is
 * in the holder's account: a resource policy is not part of the question.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { UncertainReason } from '../analysis/types.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicySet } from '../evaluate/evaluate.js'
import type { Request } from '../request/types.js'
import { changeOf } from './changes.js'
import type { PolicyUnit } from './inputs.js'
import { PLACEHOLDER_ACCOUNT } from './inputs.js'
import { compareAccess } from './joint.js'
import type { CompareOptions } from './joint.js'
import { explore, looseGlob, strictResourceGlob } from './languages.js'
import type { Glob, Language } from './languages.js'
import { callerIdentityPolicy } from './trustSide.js'
import type { Side } from './side.js'
import type { DiffChange } from './types.js'

/** How the holder of an identity policy is reported (the policy does not name it). */
const POLICY_HOLDER = 'holder of the policy'

/** Questions asked at most per policy (action regions × resource regions). */
const MAX_QUESTIONS = 4096

const ANY: Glob['tokens'][number] = { t: 'star', colon: false }
const ONE: Glob['tokens'][number] = { t: 'one', colon: false }
const COLON: Glob['tokens'][number] = { t: 'lit', c: ':' }
/** Requests AWS receives: an action `service:name`, a resource ARN `arn:partition:service:region:account:resource`. */
const VALID_ACTION: Language = [{ tokens: [ONE, ANY, COLON, ONE, ANY], fold: true }]
// The holder is in the `aws` partition: access never crosses partitions.
const ARN: Glob['tokens'][number][] = [...'arn:aws:'].map((c) => ({ t: 'lit', c }))
const VALID_RESOURCE: Language = [{ tokens: [...ARN, ONE, ANY, COLON, ANY, COLON, ANY, COLON, ONE, { t: 'star', colon: true }], fold: false }]

/**
 * Every combination of pattern matches that a well-formed action or resource reaches, with the shortest
 * such text (exact when `complete`).
 */
function validRegions(languages: readonly Language[], valid: Language): { regions: Map<string, string>; complete: boolean } {
  const found = new Map<string, string>()
  const outcome = explore([...languages, valid], (reached, text) => {
    if (reached.accepts[languages.length] !== true) return false
    const key = reached.accepts.slice(0, languages.length).map((a) => (a ? '1' : '0')).join('')
    if (!found.has(key)) found.set(key, text())
    return false
  })
  return { regions: found, complete: outcome.kind !== 'gaveUp' }
}

function patternsOf(p: CompiledPolicy | undefined, element: 'action' | 'resource'): string[] {
  const out: string[] = []
  for (const s of p?.policy.statements ?? []) {
    const e = s[element]
    for (const v of e?.patterns ?? []) out.push(v.value)
  }
  return out
}

function policySet(unit: PolicyUnit): CompiledPolicySet {
  switch (unit.kind) {
    case 'boundary':
      return { identity: [callerIdentityPolicy()], boundary: unit.policy }
    case 'session':
      return { identity: [callerIdentityPolicy()], session: [unit.policy] }
    case 'scp':
      return { identity: [callerIdentityPolicy()], scps: [[unit.policy]] }
    default:
      return { identity: [unit.policy] }
  }
}

function sideOf(unit: PolicyUnit | null, action: string, resource: string): Side | null {
  if (unit === null) return null
  const request: Request = { principal: { kind: 'aws', arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:user/iamtrace-policy-holder` }, action, resource, resourceAccount: PLACEHOLDER_ACCOUNT, context: {} }
  return { question: { request, policies: policySet(unit), keys: { isOpen: (k) => k !== 'aws:resourceaccount', variable: (k) => k } } }
}

function describe(patterns: readonly string[], bits: string, name: string): string {
  const yes = patterns.filter((_, i) => bits[i] === '1')
  const no = patterns.filter((_, i) => bits[i] === '0')
  if (yes.length === 0) return `${name} matching none of ${no.join(', ') || '(no pattern)'}`
  return `${name} ${yes.join(' and ')}${no.length > 0 ? ` but not ${no.join(', ')}` : ''}`
}

/**
 * Every region of requests that the policy allows in one version and not in the other (null: the file
 * does not exist in that version). Resource policies and RCPs name principals and are not compared
 * here: they are reported as not compared.
 *
 * @example
 * diffIdentity(before, after).filter((c) => c.kind === 'gained').map((c) => [c.action, c.resource])
 */
export function diffIdentity(before: PolicyUnit | null, after: PolicyUnit | null, options: CompareOptions & { readonly scenarios?: boolean } = {}): DiffChange[] {
  const unit = after ?? before
  if (unit === null) return []
  if (unit.kind === 'resource' || unit.kind === 'rcp' || unit.kind === 'trust') {
    const reason: UncertainReason = { code: 'diff.unread-policy', message: `${unit.kind} policy files are compared only as role trust policies: the changes of ${unit.key} are not compared`, file: unit.file }
    return after === null ? [] : [{ role: unit.key, kind: 'uncertain', principal: '*', before: null, after: { access: 'uncertain', conditions: null, uncertain: [reason] }, uncertain: [reason], location: { file: unit.file } }]
  }
  if (before !== null && after !== null && JSON.stringify(before.policy.policy, stripPositions) === JSON.stringify(after.policy.policy, stripPositions)) return []
  const actions = [...new Set([...patternsOf(before?.policy, 'action'), ...patternsOf(after?.policy, 'action')])].sort()
  const resources = [...new Set([...patternsOf(before?.policy, 'resource'), ...patternsOf(after?.policy, 'resource')])].sort()
  const a = validRegions(actions.map((p) => [looseGlob(p)]), VALID_ACTION)
  const r = validRegions(resources.map((p) => [strictResourceGlob(p)]), VALID_RESOURCE)
  const reasons: UncertainReason[] = []
  if (!a.complete || !r.complete) reasons.push({ code: 'diff.too-many-conditions', message: 'the Action and Resource patterns of the two versions could not all be told apart: a new access cannot be ruled out', file: unit.file })
  if ([...actions, ...resources].some((p) => p.includes('${'))) reasons.push({ code: 'diff.undecided-conditions', message: 'a pattern holds a policy variable: requests are compared for the regions its text cuts, not for every value of the variable', file: unit.file })
  const out: DiffChange[] = []
  if (a.regions.size * r.regions.size > MAX_QUESTIONS) reasons.push({ code: 'diff.too-many-conditions', message: `${a.regions.size * r.regions.size} regions of actions and resources, more than ${MAX_QUESTIONS}: a new access cannot be ruled out`, file: unit.file })
  else {
    for (const [abits, action] of a.regions) {
      for (const [rbits, resource] of r.regions) {
        const sB = sideOf(before, action, resource)
        const sA = sideOf(after, action, resource)
        const res = compareAccess(sB, sA, options)
        const change = changeOf(res, {
          role: unit.key,
          principal: POLICY_HOLDER,
          before: sB?.question.policies ?? null,
          after: sA?.question.policies ?? null,
          locate: (ref, version) => {
            const u = version === 'after' ? after : before
            return u !== null && ref.policy === u.policy.name ? u.locate(ref.pointer) : undefined
          },
          fallback: { file: unit.file },
          ...(options.scenarios !== undefined ? { scenarios: options.scenarios } : {}),
          extra: {
            action,
            resource,
            scope: `${describe(actions, abits, 'Action')}; ${describe(resources, rbits, 'Resource')}`,
            ...(before === null ? { roleChange: 'added' as const } : after === null ? { roleChange: 'removed' as const } : {}),
          },
        })
        if (change !== undefined) out.push(change)
      }
    }
  }
  if (reasons.length > 0 && after !== null && !out.some((c) => c.kind === 'gained' || c.kind === 'uncertain')) {
    out.push({ role: unit.key, kind: 'uncertain', principal: POLICY_HOLDER, before: null, after: { access: 'uncertain', conditions: null, uncertain: reasons }, uncertain: reasons, location: { file: unit.file } })
  }
  return out
}

function stripPositions(key: string, value: unknown): unknown {
  return key === 'position' || key === 'pointer' ? undefined : value
}
