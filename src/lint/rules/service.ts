/**
 * Group D: service principals and the cross-service confused deputy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
import { describeWitness, outsiderReach } from '../adversary.js'
import { DOCS } from '../docs.js'
import { allows, denies, principalEntries, q, rule } from '../facts.js'
import { SERVICE_SOURCE_BINDING } from '../keys.js'
import { insideSet, serviceProfile } from '../profiles.js'
import type { LintRule, RuleHit } from '../types.js'
import type { Statement } from '../../policy/types.js'

const TRUST = ['trust'] as const
const PRINCIPAL_KEYS = ['aws:principalorgid', 'aws:principalaccount', 'aws:principalarn', 'aws:principalorgpaths', 'aws:userid']
const POD_IDENTITY = 'pods.eks.amazonaws.com'
/**
 * Session tags EKS Pod Identity sets on every AssumeRole it makes: conditions on them name the cluster,
 * namespace and service account that may use the role. https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 */
const POD_IDENTITY_TAGS = ['eks-cluster-arn', 'eks-cluster-name', 'kubernetes-namespace', 'kubernetes-service-account'].map((t) => `aws:requesttag/${t}`)

/**
 * The global name of a service principal: partition variants (`ec2.amazonaws.com.cn` in the China
 * Regions) follow the same rules as the name they stand for. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
 */
function globalServiceName(service: string): string {
  const lower = service.toLowerCase()
  return lower.endsWith('.amazonaws.com.cn') ? lower.slice(0, -'.cn'.length) : lower
}

/** True when a statement binds where the service acts from: source keys, or Pod Identity's documented session tags. */
function bindsSource(s: Statement, service: string): boolean {
  if (s.conditions.some((c) => SERVICE_SOURCE_BINDING.has(c.keyLower))) return true
  if (globalServiceName(service) !== POD_IDENTITY) return false
  return s.conditions.some((c) => POD_IDENTITY_TAGS.includes(c.keyLower) && !c.negated && !c.ifExists && c.family === 'string' && c.values.some((v) => !/^\*+$/.test(v.value)))
}

/** Rules of group D. */
export const SERVICE_RULES: readonly LintRule[] = [
  rule(
    {
      id: 'trust-service-no-source', name: 'TrustServiceNoSource', severity: 'medium', kinds: TRUST, tags: ['security', 'confused-deputy'],
      summary: 'a service principal is trusted without aws:SourceAccount / aws:SourceArn / aws:SourceOrgID',
      description: 'Without a source condition, a resource in another account can make the service use your role (cross-service confused deputy).',
      help: 'Add `StringEquals aws:SourceAccount` (and `ArnLike aws:SourceArn`) naming your resources. Services that never send source keys can be listed in `servicesWithoutSourceKeys`.',
      helpUri: DOCS.CONFUSED,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      const exempt = new Set(ctx.options.servicesWithoutSourceKeys.map(globalServiceName))
      for (const s of allows(ctx.policy)) {
        // aws:ResourceAccount in a trust policy is the role's own account: it says nothing about the source.
        const resourceOnly = s.conditions.some((c) => c.keyLower === 'aws:resourceaccount') ? ' (`aws:ResourceAccount` is the role\'s own account here: it binds no source)' : ''
        for (const e of principalEntries(s)) {
          if (e.type !== 'Service' || e.form !== 'service' || exempt.has(globalServiceName(e.value)) || bindsSource(s, e.value)) continue
          hits.push({ pointer: e.pointer, message: `service ${q(e.value)} is trusted with no source account, ARN or organization condition${resourceOnly}` })
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-service-weak-source', name: 'TrustServiceWeakSource', severity: 'medium', kinds: TRUST, tags: ['security', 'confused-deputy'],
      summary: 'the source condition on a service principal admits resources of other accounts',
      description: 'IfExists without a Null guard, negated operators, wildcard accounts and ARNs without an account (S3) let another account\'s resource satisfy the condition. iamtrace evaluates the conditions for a resource in an outside account.',
      help: 'Use `StringEquals aws:SourceAccount` with your account id, and ArnLike `aws:SourceArn` with the account field set.',
      helpUri: DOCS.CONFUSED,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      const profile = serviceProfile(ctx.ownAccount)
      for (const s of allows(ctx.policy)) {
        if (!s.conditions.some((c) => SERVICE_SOURCE_BINDING.has(c.keyLower))) continue
        const entry = principalEntries(s).find((e) => e.type === 'Service')
        if (entry === undefined) continue
        const reach = outsiderReach(ctx.policy, s, denies(ctx.policy), profile, insideSet(ctx.options.zone, ctx.ownAccount, s, profile), (p) => ctx.isUnknown(p))
        if (reach.kind === 'outsider') hits.push({ pointer: entry.pointer, message: `service ${q(entry.value)}: a resource outside your accounts with ${describeWitness(reach.witness)} satisfies every condition` })
        else if (reach.kind === 'unknown') ctx.undecided('trust-service-weak-source', reach.pointer)
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-service-key-choice', name: 'TrustServiceKeyChoice', severity: 'error', kinds: TRUST, tags: ['correctness'],
      summary: 'a service-principal statement tests a key services do not send (aws:PrincipalOrgID, aws:PrincipalArn...)',
      description: 'A service principal has no customer account, organization or ARN; conditions on those keys never match (or, negated, always do).',
      help: 'Use `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID` or `aws:SourceOrgPaths` instead.',
      helpUri: DOCS.AA,
    },
    (ctx) =>
      allows(ctx.policy).flatMap((s) => {
        const entries = principalEntries(s)
        if (entries.length === 0 || !entries.every((e) => e.type === 'Service')) return []
        return s.conditions.filter((c) => PRINCIPAL_KEYS.includes(c.keyLower)).map((c) => ({ pointer: c.pointer, message: `key ${q(c.key)} is not set when a service principal assumes the role` }))
      }),
  ),
]
