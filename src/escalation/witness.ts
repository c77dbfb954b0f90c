/**
 * Resource names for resources the caller creates itself (a function, an instance, a stack) or picks
 * among AWS's (an AMI, an SSM document): the caller chooses the name, the region and often more, so the
 * question is whether *some* name is allowed. The candidates are a generic name and, for each Resource
 * pattern of the caller's Allow statements for the actions, a name that pattern matches; the engine
 * decides each. Patterns are instantiated, never compiled into regular expressions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */
import { splitArnParts } from '../arn/arn.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { SnapshotPrincipal } from '../snapshot/types.js'
import { RESOURCE_KINDS } from './techniques.js'
import type { ResourceKind } from './techniques.js'

/** The region a generic witness names; conditions on aws:RequestedRegion stay open whatever it is. */
const REGION = 'us-east-1'
const NAME = 'iamtrace-escalation'
/** At most this many candidates per resource: the generic one first. */
const MAX_CANDIDATES = 8

const NAMES: Partial<Record<ResourceKind, Readonly<Record<string, string>>>> = {
  image: { ImageId: 'ami-0iamtrace' },
  instance: { InstanceId: 'i-0iamtrace' },
  stack: { StackName: NAME, Id: '00000000-0000-0000-0000-000000000000' },
  'task-definition': { TaskDefinitionFamilyName: NAME, TaskDefinitionRevisionNumber: '1' },
  document: { DocumentName: 'AWS-RunShellScript' },
}

/** The generic ARN of a resource kind in an account (an empty account for resources AWS owns). */
export function genericArn(kind: ResourceKind, partition: string, account: string): string {
  const names = NAMES[kind] ?? {}
  return RESOURCE_KINDS[kind].replace(/\$\{(\w+)\}/g, (_, v: string) => {
    if (v === 'Partition') return partition
    if (v === 'Region') return REGION
    if (v === 'Account') return account
    return names[v] ?? NAME
  })
}

/** The resource part's fixed prefix for a kind (`function:`, `instance/`, …): a pattern must keep it to name that kind. */
function resourcePrefix(kind: ResourceKind): string {
  const resource = splitArnParts(RESOURCE_KINDS[kind])?.[5] ?? ''
  const cut = resource.indexOf('${')
  return cut < 0 ? resource : resource.slice(0, cut)
}

/** Replaces the policy variables a pattern may use with the caller's values; unknown ones with a plain name. */
function resolveVariables(pattern: string, caller: SnapshotPrincipal): string {
  return pattern.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    const lower = name.toLowerCase()
    if (lower === 'aws:username') return caller.kind === 'user' ? caller.name : NAME
    if (lower === 'aws:userid') return caller.id
    if (lower === 'aws:principalaccount') return caller.account
    if (lower.startsWith('aws:principaltag/')) return caller.tags.get(lower.slice('aws:principaltag/'.length))?.value ?? NAME
    if (name === '*' || name === '?' || name === '$') return name === '$' ? '$' : NAME
    return NAME
  })
}

/** A concrete value a wildcard field stands for: whole-field wildcards take the given default. */
function fill(field: string, whole: string): string {
  if (field === '*' || field === '') return whole
  return field.replace(/\*/g, NAME).replace(/\?/g, 'x')
}

/**
 * Candidate ARNs for a resource of `kind` the caller names: the generic one, then one per Resource
 * pattern of the caller's identity and boundary Allow statements that can match one of `actions`.
 */
export function witnessCandidates(caller: SnapshotPrincipal, policies: readonly CompiledPolicy[], actions: readonly string[], kind: ResourceKind, account: string, partition: string): string[] {
  const generic = genericArn(kind, partition, account)
  if (kind === '*') return ['*']
  const out = [generic]
  const [, , service] = splitArnParts(generic) ?? []
  const prefix = resourcePrefix(kind)
  for (const policy of policies) {
    for (const action of actions) {
      for (const s of policy.forAction(action.toLowerCase())) {
        if (s.effect !== 'Allow' || s.resource === undefined || s.resource.negated) continue
        for (const source of s.resource.sources) {
          if (out.length >= MAX_CANDIDATES) return out
          if (source === '*') continue
          const parts = splitArnParts(resolveVariables(source, caller))
          if (parts === undefined) continue
          const [, p, svc, region, acct, resource] = parts as [string, string, string, string, string, string]
          if (svc !== service && svc !== '*') continue
          // A pattern for another account names resources the caller cannot create.
          if (account !== '' && !/[*?]/.test(acct) && acct !== '' && acct !== account) continue
          const arn = ['arn', fill(p, partition), service, fill(region, REGION), account === '' ? '' : fill(acct, account), fill(resource, `${prefix}${NAME}`)].join(':')
          if (!arn.split(':').slice(5).join(':').startsWith(prefix)) continue
          if (!out.includes(arn)) out.push(arn)
        }
      }
    }
  }
  return out
}
