/**
 * The reference's reading of a policy document: `JSON.parse`, then each statement's elements as the
 * grammar page lists them. Anything AWS would refuse to store (an unknown element, a Principal in an
 * identity policy, a Resource in a role trust policy, a bad Version, a NotPrincipal outside a
 * resource policy…) marks the statement invalid: such a statement never grants, and denies unless
 * another of its elements rules the request out.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 */

/** Where a policy is attached; decides which elements it may hold. */
export type RefLayer = 'identity' | 'boundary' | 'session' | 'scp' | 'trust' | 'resource' | 'rcp'

/** A list element (Action/NotAction, Resource/NotResource); `unreadable` when AWS would refuse it here. */
export interface RefList {
  readonly not: boolean
  readonly values: readonly string[]
  readonly unreadable: boolean
}

/** One Principal entry; `valid` false when AWS would refuse it here. */
export interface RefPrincipalEntry {
  readonly type: string
  readonly value: string
  readonly valid: boolean
}

/** A Principal or NotPrincipal element. */
export interface RefPrincipalElement {
  readonly not: boolean
  /** The bare string `"*"`. */
  readonly star: boolean
  readonly entries: readonly RefPrincipalEntry[]
  readonly unreadable: boolean
}

/** One `operator: { key: values }` pair of a Condition block. */
export interface RefCondition {
  readonly operator: string
  readonly key: string
  readonly values: readonly string[]
  readonly valid: boolean
}

/** One statement as read. */
export interface RefStatement {
  readonly effect: 'Allow' | 'Deny'
  /** Why AWS would refuse this statement as a whole; empty when it would not. */
  readonly invalid: readonly string[]
  readonly action: RefList | undefined
  /** Undefined: no Resource element (the resource the policy is attached to). */
  readonly resource: RefList | undefined
  readonly principal: RefPrincipalElement | undefined
  readonly conditions: readonly RefCondition[]
  /** `"Condition": {}`. */
  readonly emptyCondition: boolean
}

/** A policy as read. */
export interface RefPolicy {
  readonly layer: RefLayer
  /** Policy variables are expanded only under Version 2012-10-17. */
  readonly variables: boolean
  readonly statements: readonly RefStatement[]
}

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'])
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser'])

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A JSON scalar as policy text: strings as they are, numbers and booleans in their JSON spelling. */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return undefined
}

/** A string or a list of strings; undefined when neither. */
function strings(v: unknown): string[] | undefined {
  const list = Array.isArray(v) ? v : [v]
  const out: string[] = []
  for (const item of list) {
    const s = scalar(item)
    if (s === undefined) return undefined
    out.push(s)
  }
  return out
}

// IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF in a policy.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
function refused(text: string): boolean {
  return /[^\t\n\r\u0020-\u00ff]/.test(text)
}

function readList(s: Record<string, unknown>, name: string): RefList | undefined {
  const has = Object.hasOwn(s, name)
  const hasNot = Object.hasOwn(s, `Not${name}`)
  if (!has && !hasNot) return undefined
  const values = strings(has ? s[name] : s[`Not${name}`])
  return { not: !has, values: values ?? [], unreadable: (has && hasNot) || values === undefined || values.some(refused) }
}

function readPrincipal(s: Record<string, unknown>, layer: RefLayer): RefPrincipalElement | undefined {
  const has = Object.hasOwn(s, 'Principal')
  const hasNot = Object.hasOwn(s, 'NotPrincipal')
  if (!has && !hasNot) return undefined
  const raw = has ? s['Principal'] : s['NotPrincipal']
  // NotPrincipal: Deny only, in resource-based policies other than role trust policies and RCPs.
  let unreadable = (has && hasNot) || (hasNot && !has && (layer !== 'resource' || s['Effect'] !== 'Deny'))
  if (raw === '*') return { not: !has, star: true, entries: [], unreadable }
  if (!isObject(raw)) return { not: !has, star: false, entries: [], unreadable: true }
  const entries: RefPrincipalEntry[] = []
  for (const [type, value] of Object.entries(raw)) {
    const values = strings(value)
    if (values === undefined) unreadable = true
    // Federated principals belong in role trust policies only.
    for (const v of values ?? []) entries.push({ type, value: v, valid: PRINCIPAL_TYPES.has(type) && !refused(v) && !(type === 'Federated' && layer !== 'trust') })
    if (!PRINCIPAL_TYPES.has(type) && (values === undefined || values.length === 0)) entries.push({ type, value: '', valid: false })
  }
  // RCPs scope principals with conditions: Principal must be "*".
  if (layer === 'rcp') unreadable = true
  return { not: !has, star: false, entries, unreadable }
}

function readConditions(s: Record<string, unknown>, invalid: string[]): { conditions: RefCondition[]; empty: boolean } {
  if (!Object.hasOwn(s, 'Condition')) return { conditions: [], empty: false }
  const block = s['Condition']
  if (!isObject(block)) {
    invalid.push('Condition is not an object')
    return { conditions: [], empty: false }
  }
  const conditions: RefCondition[] = []
  for (const [operator, keys] of Object.entries(block)) {
    if (!isObject(keys)) {
      invalid.push(`Condition ${operator} is not an object`)
      continue
    }
    // An operator with no keys is as empty as "Condition": {}.
    if (Object.keys(keys).length === 0) invalid.push(`Condition ${operator} has no keys`)
    for (const [key, raw] of Object.entries(keys)) {
      const values = strings(raw)
      // A condition key is a prefix (a service, or an identity provider's host and path) and a name.
      const valid = values !== undefined && /^[A-Za-z0-9._\/-]+:[^\s]+$/.test(key) && !refused(key) && !refused(operator) && !values.some(refused)
      conditions.push({ operator, key, values: values ?? [], valid })
    }
  }
  return { conditions, empty: Object.keys(block).length === 0 }
}

const RESOURCE_LAYERS: readonly RefLayer[] = ['trust', 'resource', 'rcp']

function readStatement(raw: unknown, layer: RefLayer, policyInvalid: readonly string[]): RefStatement {
  const invalid = [...policyInvalid]
  if (!isObject(raw)) return { effect: 'Deny', invalid: [...invalid, 'statement is not an object'], action: undefined, resource: undefined, principal: undefined, conditions: [], emptyCondition: false }
  for (const key of Object.keys(raw)) if (!STATEMENT_KEYS.has(key)) invalid.push(`unknown element ${key}`)
  const effectRaw = raw['Effect']
  // The Effect value is case-sensitive. An unreadable Effect may have been meant as Deny: read it so.
  const effect = effectRaw === 'Allow' ? 'Allow' : 'Deny'
  if (effectRaw !== 'Allow' && effectRaw !== 'Deny') invalid.push('Effect')
  let action = readList(raw, 'Action')
  if (action === undefined) invalid.push('no Action')
  // RCPs do not support NotAction.
  if (layer === 'rcp' && action?.not === true) action = { ...action, unreadable: true }
  let resource = readList(raw, 'Resource')
  const resourceLayer = RESOURCE_LAYERS.includes(layer)
  if (!resourceLayer && resource === undefined) invalid.push('no Resource')
  // A role trust policy names no Resource: the role it is attached to is the resource.
  if (layer === 'trust' && resource !== undefined) resource = { ...resource, unreadable: true }
  const principal = readPrincipal(raw, layer)
  if (resourceLayer && principal === undefined) invalid.push('no Principal in a resource-based policy')
  if (!resourceLayer && principal !== undefined) invalid.push('Principal outside a resource-based policy')
  const { conditions, empty } = readConditions(raw, invalid)
  return { effect, invalid, action, resource, principal: resourceLayer ? principal : undefined, conditions, emptyCondition: empty }
}

/** Reads one policy document given as JSON text. */
export function readPolicy(text: string, layer: RefLayer): RefPolicy {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    doc = undefined
  }
  const policyInvalid: string[] = []
  if (!isObject(doc)) return { layer, variables: false, statements: [{ effect: 'Deny', invalid: ['not a JSON object'], action: undefined, resource: undefined, principal: undefined, conditions: [], emptyCondition: false }] }
  const version = doc['Version']
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') policyInvalid.push('Version')
  // Organizations policies must declare Version 2012-10-17; without it (as in IAM) variables are literal
  // text, and the rest of the policy reads as written.
  for (const key of Object.keys(doc)) if (key !== 'Version' && key !== 'Id' && key !== 'Statement') policyInvalid.push(`unknown element ${key}`)
  const raw = doc['Statement']
  if (raw === undefined) policyInvalid.push('no Statement')
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  const statements = list.map((s) => readStatement(s, layer, policyInvalid))
  if (statements.length === 0 && policyInvalid.length > 0) statements.push({ effect: 'Deny', invalid: policyInvalid, action: undefined, resource: undefined, principal: undefined, conditions: [], emptyCondition: false })
  return { layer, variables: version === '2012-10-17', statements }
}
