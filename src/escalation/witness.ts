/**
 * Resource names for resources the caller creates itself (a function, an instance, a stack) or picks
 * among AWS's (an AMI, an SSM document): the caller chooses the name, the region and often more, so the
 * question is whether *some* name is allowed. The candidates are a generic name and, for each Resource
 * pattern of the caller's Allow statements for the actions, a name that pattern matches; the engine
 * decides each. Patterns are instantiated, never compiled into regular expressions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */
import { splitArnParts } from '../arn/arn.js'
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { compileWildcard } from '../matching/wildcard.js'
import type { Statement } from '../policy/types.js'
import type { SnapshotPrincipal } from '../snapshot/types.js'
import { RESOURCE_KINDS } from './techniques.js'
import type { ResourceKind } from './techniques.js'

/** The region a generic witness names; conditions on aws:RequestedRegion stay open whatever it is. */
const REGION = 'us-east-1'
const NAME = 'iamtrace-escalation'
/** At most this many candidates per resource: the generic one first. */
const MAX_CANDIDATES = 16

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

/** A concrete value a wildcard field stands for: the first `*` takes the given name, the others nothing, `?` an `x`. */
function fill(field: string, whole: string): string {
  if (field === '*' || field === '') return whole
  let first = true
  return field.replace(/\*/g, () => {
    if (!first) return ''
    first = false
    return whole
  }).replace(/\?/g, 'x')
}

/**
 * A name both wildcard patterns match, when their fixed prefixes and suffixes agree: the longer
 * prefix, then every literal piece of both, then the longer suffix, with wildcards between (`dev-*`
 * and `*-test` give `dev-*-test`). A pattern without `*` is a name itself, kept when the other
 * matches it. Undefined when no pattern is found (the two may still share a name).
 */
function merge(p: string, q: string): string | undefined {
  if (!p.includes('*')) return compileWildcard(q).matches(p.replace(/\?/g, 'x')) ? p.replace(/\?/g, 'x') : undefined
  if (!q.includes('*')) return merge(q, p)
  const pieces = (x: string): string[] => x.replace(/\?/g, 'x').split('*')
  const a = pieces(p)
  const b = pieces(q)
  const [a0, b0] = [a[0] as string, b[0] as string]
  const [an, bn] = [a[a.length - 1] as string, b[b.length - 1] as string]
  const prefix = a0.startsWith(b0) ? a0 : b0.startsWith(a0) ? b0 : undefined
  const suffix = an.endsWith(bn) ? an : bn.endsWith(an) ? bn : undefined
  if (prefix === undefined || suffix === undefined) return undefined
  return [prefix, ...a.slice(1, -1), ...b.slice(1, -1), suffix].join('*')
}

/** A Resource pattern's region and name part (after `function:`, `instance/`, …), wildcards kept. */
interface NamePattern {
  readonly region: string
  readonly name: string
}

/** At most this many combinations of patterns are merged into candidates. */
const MAX_COMBINATIONS = 64

/**
 * Candidate ARNs for a resource of `kind` the caller names: the generic one, then one per Resource
 * pattern of the Allow statements that can match one of `actions`, then names that satisfy every
 * policy layer at once — for each action and each layer (identity, boundary, each SCP level) that
 * allows it only on some names, one pattern of that layer, merged. `layers` lists the caller's
 * policies by layer.
 */
export function witnessCandidates(caller: SnapshotPrincipal, layers: readonly (readonly CompiledPolicy[])[], actions: readonly string[], kind: ResourceKind, account: string, partition: string): string[] {
  const generic = genericArn(kind, partition, account)
  if (kind === '*') return ['*']
  const out = [generic]
  const [, , service] = splitArnParts(generic) ?? []
  const prefix = resourcePrefix(kind)
  const arnOf = (region: string, name: string): string => ['arn', partition, service, region, account, `${prefix}${name}`].join(':')
  const add = (arn: string): void => {
    if (out.length < MAX_CANDIDATES && !out.includes(arn)) out.push(arn)
  }
  // Per action and layer, the patterns that layer allows it on; a layer that allows every name adds no constraint.
  const constraints: NamePattern[][] = []
  for (const action of actions) {
    for (const layer of layers) {
      const patterns: NamePattern[] = []
      let everyName = false
      for (const policy of layer) {
        for (const s of policy.forAction(action.toLowerCase())) {
          if (s.effect !== 'Allow') continue
          if (s.resource === undefined || s.resource.negated) {
            everyName = true
            continue
          }
          for (const source of s.resource.sources) {
            if (source === '*') everyName = true
            const parts = source === '*' ? undefined : splitArnParts(resolveVariables(source, caller))
            if (parts === undefined) continue
            const [, , svc, region, acct, resource] = parts as [string, string, string, string, string, string]
            if (svc !== service && svc !== '*') continue
            // A pattern for another account names resources the caller cannot create.
            if (account !== '' && !/[*?]/.test(acct) && acct !== '' && acct !== account) continue
            const name = resource.startsWith(prefix) ? resource.slice(prefix.length) : resource.startsWith('*') ? resource : undefined
            if (name !== undefined && !patterns.some((x) => x.region === region && x.name === name)) patterns.push({ region, name })
          }
        }
      }
      if (!everyName && patterns.length > 0) constraints.push(patterns)
    }
  }
  // One pattern per constraint, merged into one name (the first combinations); then each pattern alone.
  let combos: NamePattern[][] = [[]]
  for (const list of constraints) {
    const next: NamePattern[][] = []
    for (const c of combos) for (const x of list) if (next.length < MAX_COMBINATIONS) next.push([...c, x])
    combos = next
  }
  for (const combo of constraints.length > 1 ? combos : []) {
    let name: string | undefined = '*'
    const regions = new Set<string>()
    for (const x of combo) {
      name = name === undefined ? undefined : merge(name, x.name)
      if (!/[*?]/.test(x.region) && x.region !== '') regions.add(x.region)
    }
    if (name !== undefined && regions.size <= 1) add(arnOf([...regions][0] ?? REGION, fill(name, NAME)))
  }
  for (const list of constraints) for (const x of list) add(arnOf(fill(x.region, REGION), fill(x.name, NAME)))
  return out
}

const NAME_FREE = new WeakMap<CompiledPolicy, CompiledPolicy>()

/**
 * The policy as it reads for a resource whose name the caller picks freely, in the caller's favour:
 * every Allow's Resource matches, and a Deny applies only when it names every resource (`*`). A
 * request this reading denies is denied whatever the name.
 */
export function nameFree(p: CompiledPolicy): CompiledPolicy {
  let free = NAME_FREE.get(p)
  if (free === undefined) {
    const statements: Statement[] = []
    for (const s of p.policy.statements) {
      const r = s.resource
      if (s.effect === 'Deny') {
        if (r === undefined || (r.kind === 'resource' && r.patterns.some((x) => x.value === '*'))) statements.push(s)
      } else statements.push({ ...s, ...(r !== undefined ? { resource: { ...r, kind: 'resource', patterns: [{ value: '*', pointer: r.pointer }] } } : {}) })
    }
    free = compilePolicy({ ...p.policy, statements }, p.layer, p.name, p.statements[0]?.ref.level)
    NAME_FREE.set(p, free)
  }
  return free
}
