/**
 * CloudFormation intrinsic functions, resolved as far as the template alone allows: parameter defaults,
 * pseudo parameters of the stack's own account, `Ref`/`Fn::GetAtt` to IAM resources (and S3 buckets) of
 * the same template, `Fn::Sub` (both forms), `Fn::Join`, `Fn::Split`, `Fn::Select`, `Fn::FindInMap`,
 * `Fn::ToJsonString`, and `Fn::If` for one assignment of the template's conditions. Everything else is
 * an unknown value with the reason, never a guess.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
import { childPointer } from '../../diagnostics.js'
import { getMember, isJsonArray, isJsonObject, type JsonObject, type JsonValue } from '../../json/jsonValue.js'
import { PLACEHOLDER_OWN_ACCOUNT } from '../identity.js'
import { concat, materialize, scalar, unknown, UNKNOWN_TEXT, unresolvedIn, type Built, type Unresolved } from './built.js'

/** The parts of a template intrinsic functions read. */
export interface CfnTemplate {
  readonly parameters: JsonObject
  readonly resources: JsonObject
  readonly mappings: JsonObject
}

/** One resolution: the branch chosen for each condition, and the conditions met that it does not fix. */
export interface ResolveState {
  readonly assignment: ReadonlyMap<string, boolean>
  readonly needed: Set<string>
  /** `logicalId.attribute` being resolved (a reference cycle resolves to unknown). */
  readonly visiting: Set<string>
  /** Values of `logicalId.attribute` already resolved (so that shared references cost one resolution). */
  readonly cache?: Map<string, Built>
}

/** The template's parts, each an object (empty when missing). */
export function templateParts(template: JsonObject): CfnTemplate {
  const part = (key: string): JsonObject => {
    const v = getMember(template, key)
    return isJsonObject(v) ? v : (Object.create(null) as JsonObject)
  }
  return { parameters: part('Parameters'), resources: part('Resources'), mappings: part('Mappings') }
}

/** True for a CloudFormation intrinsic function object (`{"Ref": ...}`, `{"Fn::Sub": ...}`). */
export function isIntrinsic(value: JsonValue | undefined): value is JsonObject {
  if (!isJsonObject(value)) return false
  const keys = Object.keys(value)
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] as string).startsWith('Fn::') || keys[0] === 'Condition')
}

const DEPLOY_TIME = 'known only when the stack is deployed'

/** Pseudo parameters: the stack's own account is known to be the own account; the rest are deployment facts. */
function pseudo(name: string, at: string): Built | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return scalar(PLACEHOLDER_OWN_ACCOUNT, at)
    case 'AWS::Partition':
      return scalar('aws', at)
    case 'AWS::URLSuffix':
      return scalar('amazonaws.com', at)
    case 'AWS::NoValue':
      return { k: 'none', at }
    case 'AWS::Region':
    case 'AWS::StackName':
    case 'AWS::StackId':
    case 'AWS::NotificationARNs':
      return unknown(at, `Ref ${name}`, DEPLOY_TIME)
    default:
      return undefined
  }
}

/** Resolves a template value at host pointer `at`. */
export function resolve(t: CfnTemplate, value: JsonValue, at: string, s: ResolveState): Built {
  if (isIntrinsic(value)) return intrinsic(t, value, at, s)
  if (isJsonArray(value)) return { k: 'list', items: value.map((v, i) => resolve(t, v, childPointer(at, i), s)), at }
  if (isJsonObject(value)) {
    return { k: 'object', members: Object.keys(value).map((key) => ({ key, keyAt: childPointer(at, key), value: resolve(t, value[key] as JsonValue, childPointer(at, key), s) })), at }
  }
  return scalar(value, at)
}

/** An intrinsic's value; what it leaves unresolved is located at the function name (`!Ref`, `"Fn::Sub"`). */
function intrinsic(t: CfnTemplate, value: JsonObject, at: string, s: ResolveState): Built {
  const b = intrinsicValue(t, value, at, s)
  if (b.k !== 'scalar' && b.k !== 'unknown') return b
  const fnAt = childPointer(at, Object.keys(value)[0] as string)
  return b.unresolved.some((u) => u.at === at) ? { ...b, unresolved: b.unresolved.map((u) => (u.at === at ? { ...u, at: fnAt } : u)) } : b
}

function intrinsicValue(t: CfnTemplate, value: JsonObject, at: string, s: ResolveState): Built {
  const fn = Object.keys(value)[0] as string
  const arg = value[fn] as JsonValue
  const argAt = childPointer(at, fn)
  switch (fn) {
    case 'Ref':
      return typeof arg === 'string' ? ref(t, arg, at, s) : unknown(at, 'Ref', 'its argument is not a name')
    case 'Fn::GetAtt':
      return getAtt(t, arg, argAt, at, s)
    case 'Fn::Sub':
      return sub(t, arg, argAt, at, s)
    case 'Fn::Join': {
      if (!isJsonArray(arg) || arg.length !== 2) return unknown(at, fn, 'its argument is not [delimiter, list]')
      const delimiter = resolve(t, arg[0] as JsonValue, childPointer(argAt, 0), s)
      const list = resolve(t, arg[1] as JsonValue, childPointer(argAt, 1), s)
      if (delimiter.k !== 'scalar' || list.k !== 'list') return { k: 'unknown', at, unresolved: withFallback([...unresolvedIn(delimiter), ...unresolvedIn(list)], at, fn) }
      const parts: Built[] = []
      list.items.filter((i) => i.k !== 'none').forEach((item, i) => {
        if (i > 0) parts.push(delimiter)
        parts.push(item)
      })
      return concat(parts, at)
    }
    case 'Fn::Split': {
      if (!isJsonArray(arg) || arg.length !== 2) return unknown(at, fn, 'its argument is not [delimiter, string]')
      const delimiter = resolve(t, arg[0] as JsonValue, childPointer(argAt, 0), s)
      const source = resolve(t, arg[1] as JsonValue, childPointer(argAt, 1), s)
      if (delimiter.k !== 'scalar' || delimiter.unresolved.length > 0 || typeof delimiter.value !== 'string' || delimiter.value === '' || source.k !== 'scalar') {
        return { k: 'unknown', at, unresolved: withFallback([...unresolvedIn(delimiter), ...unresolvedIn(source)], at, fn) }
      }
      const pieces = String(source.value).split(delimiter.value)
      return { k: 'list', items: pieces.map((p) => scalar(p, at, p.includes(UNKNOWN_TEXT) ? source.unresolved : [])), at }
    }
    case 'Fn::Select': {
      if (!isJsonArray(arg) || arg.length !== 2) return unknown(at, fn, 'its argument is not [index, list]')
      const index = resolve(t, arg[0] as JsonValue, childPointer(argAt, 0), s)
      const list = resolve(t, arg[1] as JsonValue, childPointer(argAt, 1), s)
      const n = index.k === 'scalar' && index.unresolved.length === 0 ? Number(index.value) : NaN
      if (!Number.isInteger(n) || list.k !== 'list') return { k: 'unknown', at, unresolved: withFallback([...unresolvedIn(index), ...unresolvedIn(list)], at, fn) }
      const items = list.items.filter((i) => i.k !== 'none')
      return items[n] ?? unknown(at, fn, `the list has no element ${n}`)
    }
    case 'Fn::If':
      return fnIf(t, arg, argAt, at, s)
    case 'Fn::FindInMap':
      return findInMap(t, arg, argAt, at, s)
    case 'Fn::ToJsonString': {
      // AWS::LanguageExtensions: the value as JSON text. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ToJsonString.html
      const inner = resolve(t, arg, argAt, s)
      const m = materialize(inner)
      return m.value === undefined ? unknown(at, fn, 'its value is AWS::NoValue') : scalar(JSON.stringify(m.value), at, unresolvedIn(inner))
    }
    case 'Fn::ImportValue':
      return unknown(at, `Fn::ImportValue ${describe(arg)}`, 'exports of other stacks are known only at deployment')
    case 'Fn::GetAZs':
      return unknown(at, fn, 'the Availability Zones are known only at deployment')
    case 'Fn::Base64':
      return unknown(at, fn, 'a base64 value is not an IAM policy value iamtrace decodes')
    case 'Fn::Cidr':
      return unknown(at, fn, 'address blocks are computed at deployment')
    case 'Fn::Transform':
      return unknown(at, `Fn::Transform ${describe(isJsonObject(arg) ? getMember(arg, 'Name') : arg)}`, 'macros change the template at deployment')
    case 'Condition':
      return unknown(at, `Condition ${describe(arg)}`, 'a condition value is decided at deployment')
    default:
      return unknown(at, fn, 'iamtrace does not evaluate this function')
  }
}

function withFallback(list: Unresolved[], at: string, fn: string): Unresolved[] {
  return list.length > 0 ? list : [{ at, what: fn, why: 'its arguments have an unexpected shape' }]
}

/** A short text for an argument in a note. */
function describe(v: JsonValue | undefined): string {
  if (typeof v === 'string') return v
  if (isIntrinsic(v)) return Object.keys(v)[0] as string
  return JSON.stringify(v ?? null).slice(0, 60)
}

function ref(t: CfnTemplate, name: string, at: string, s: ResolveState): Built {
  const p = pseudo(name, at)
  if (p !== undefined) return p
  const parameter = getMember(t.parameters, name)
  if (isJsonObject(parameter)) return parameterValue(name, parameter, at)
  const resource = getMember(t.resources, name)
  if (isJsonObject(resource)) return resourceValue(t, name, resource, undefined, at, s)
  return unknown(at, `Ref ${name}`, 'the template has no parameter or resource of this name')
}

/**
 * A parameter's value is its Default (a deployment may pass another: documented); without one it is
 * unknown. SSM parameter types hold the parameter's name, not its value.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 */
function parameterValue(name: string, parameter: JsonObject, at: string): Built {
  const type = getMember(parameter, 'Type')
  const dflt = getMember(parameter, 'Default')
  if (typeof type === 'string' && type.startsWith('AWS::SSM::Parameter::Value')) return unknown(at, `Ref ${name}`, 'the value is read from SSM Parameter Store at deployment')
  if (dflt === undefined || isJsonObject(dflt)) return unknown(at, `Ref ${name}`, 'the parameter has no Default; its value is given at deployment')
  const text = isJsonArray(dflt) ? dflt.map(String).join(',') : String(dflt)
  if (typeof type === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<'))) return { k: 'list', items: text.split(',').map((p) => scalar(p.trim(), at)), at }
  return scalar(typeof dflt === 'number' || typeof dflt === 'boolean' ? dflt : text, at)
}

function getAtt(t: CfnTemplate, arg: JsonValue, argAt: string, at: string, s: ResolveState): Built {
  let logicalId: string | undefined
  let attribute: Built | undefined
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.')
    if (dot > 0) {
      logicalId = arg.slice(0, dot)
      attribute = scalar(arg.slice(dot + 1), at)
    }
  } else if (isJsonArray(arg) && arg.length === 2 && typeof arg[0] === 'string') {
    logicalId = arg[0]
    attribute = resolve(t, arg[1] as JsonValue, childPointer(argAt, 1), s)
  }
  if (logicalId === undefined || attribute === undefined) return unknown(at, 'Fn::GetAtt', 'its argument is not [resource, attribute]')
  if (attribute.k !== 'scalar' || attribute.unresolved.length > 0) return { k: 'unknown', at, unresolved: withFallback(unresolvedIn(attribute), at, `Fn::GetAtt ${logicalId}`) }
  const resource = getMember(t.resources, logicalId)
  if (!isJsonObject(resource)) return unknown(at, `Fn::GetAtt ${logicalId}.${String(attribute.value)}`, 'the template has no resource of this name')
  return resourceValue(t, logicalId, resource, String(attribute.value), at, s)
}

/**
 * What `Ref` (attribute undefined) or `Fn::GetAtt` returns for IAM resources and S3 buckets. A name
 * CloudFormation generates is shown as the logical id: it has no wildcard and belongs to the stack's
 * account, which is all a check needs. Other resources' values are unknown.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html#aws-resource-iam-role-return-values
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-oidcprovider.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-samlprovider.html
 */
function resourceValue(t: CfnTemplate, logicalId: string, resource: JsonObject, attribute: string | undefined, at: string, s: ResolveState): Built {
  const key = `${logicalId}.${attribute ?? ''}`
  const cached = s.cache?.get(key)
  if (cached !== undefined) return relocate(cached, at)
  const value = resourceValueOnce(t, logicalId, resource, attribute, at, s)
  s.cache?.set(key, value)
  return value
}

function resourceValueOnce(t: CfnTemplate, logicalId: string, resource: JsonObject, attribute: string | undefined, at: string, s: ResolveState): Built {
  const what = attribute === undefined ? `Ref ${logicalId}` : `Fn::GetAtt ${logicalId}.${attribute}`
  const key = `${logicalId}.${attribute ?? ''}`
  if (s.visiting.has(key)) return unknown(at, what, 'the reference is circular')
  if (s.visiting.size > 200) return unknown(at, what, 'the chain of references is deeper than 200')
  const type = getMember(resource, 'Type')
  const rawProps = getMember(resource, 'Properties')
  const props = isJsonObject(rawProps) ? rawProps : undefined
  const base = childPointer(childPointer('/Resources', logicalId), 'Properties')
  s.visiting.add(key)
  try {
    // Values computed from the resource's properties are located where they are used.
    const prop = (name: string): Built | undefined => {
      if (props === undefined || !Object.hasOwn(props, name)) return undefined
      return relocate(resolve(t, props[name] as JsonValue, childPointer(base, name), s), at)
    }
    const name = (property: string): Built => prop(property) ?? scalar(logicalId, at)
    const path = (): Built => prop('Path') ?? scalar('/', at)
    const iamArn = (resourceType: string, named: Built, withPath = true): Built =>
      concat([scalar(`arn:aws:iam::${PLACEHOLDER_OWN_ACCOUNT}:${resourceType}`, at), withPath ? path() : scalar('/', at), named], at)
    switch (type) {
      case 'AWS::IAM::Role':
        if (attribute === undefined) return name('RoleName')
        if (attribute === 'Arn') return iamArn('role', name('RoleName'))
        break
      case 'AWS::IAM::User':
        if (attribute === undefined) return name('UserName')
        if (attribute === 'Arn') return iamArn('user', name('UserName'))
        break
      case 'AWS::IAM::Group':
        if (attribute === undefined) return name('GroupName')
        if (attribute === 'Arn') return iamArn('group', name('GroupName'))
        break
      case 'AWS::IAM::InstanceProfile':
        if (attribute === undefined) return name('InstanceProfileName')
        if (attribute === 'Arn') return iamArn('instance-profile', name('InstanceProfileName'))
        break
      case 'AWS::IAM::ManagedPolicy':
        if (attribute === undefined || attribute === 'PolicyArn') return iamArn('policy', name('ManagedPolicyName'))
        break
      case 'AWS::IAM::OIDCProvider':
        if (attribute === undefined || attribute === 'Arn') {
          const url = prop('Url')
          if (url === undefined) return unknown(at, what, 'the provider has no Url')
          if (url.k !== 'scalar') return { k: 'unknown', at, unresolved: withFallback(unresolvedIn(url), at, what) }
          const host = scalar(String(url.value).replace(/^https:\/\//i, ''), at, url.unresolved)
          return iamArn('oidc-provider', host, false)
        }
        break
      case 'AWS::IAM::SAMLProvider':
        if (attribute === undefined || attribute === 'Arn') return iamArn('saml-provider', name('Name'), false)
        break
      case 'AWS::S3::Bucket':
        if (attribute === undefined) return name('BucketName')
        if (attribute === 'Arn') return concat([scalar('arn:aws:s3:::', at), name('BucketName')], at)
        break
      default:
        break
    }
    return unknown(at, what, `the ${typeof type === 'string' ? type : 'resource'} value is ${DEPLOY_TIME}`)
  } finally {
    s.visiting.delete(key)
  }
}

/** The same value, located at `at` (a resource property used elsewhere is reported where it is used). */
function relocate(b: Built, at: string): Built {
  switch (b.k) {
    case 'list':
      return { k: 'list', items: b.items.map((i) => relocate(i, at)), at }
    case 'object':
      return { k: 'object', members: b.members.map((m) => ({ ...m, keyAt: at, value: relocate(m.value, at) })), at }
    default:
      return { ...b, at }
  }
}

function sub(t: CfnTemplate, arg: JsonValue, argAt: string, at: string, s: ResolveState): Built {
  let template: JsonValue | undefined = arg
  let vars: JsonObject | undefined
  if (isJsonArray(arg)) {
    template = arg[0]
    const v = arg[1]
    vars = isJsonObject(v) ? v : undefined
  }
  if (typeof template !== 'string') return unknown(at, 'Fn::Sub', 'its template is not a string')
  const parts: Built[] = []
  let last = 0
  const re = /\$\{([^}]*)\}/g
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    parts.push(scalar(template.slice(last, m.index), at))
    last = m.index + m[0].length
    const name = (m[1] as string).trim()
    if (name.startsWith('!')) {
      parts.push(scalar(`\${${name.slice(1)}}`, at))
      continue
    }
    if (vars !== undefined && Object.hasOwn(vars, name)) {
      parts.push(relocate(resolve(t, vars[name] as JsonValue, childPointer(childPointer(argAt, 1), name), s), at))
      continue
    }
    const dot = name.indexOf('.')
    if (dot > 0 && !name.startsWith('AWS::')) {
      const resource = getMember(t.resources, name.slice(0, dot))
      parts.push(isJsonObject(resource) ? resourceValue(t, name.slice(0, dot), resource, name.slice(dot + 1), at, s) : unknown(at, `\${${name}}`, 'the template has no resource of this name'))
      continue
    }
    const value = ref(t, name, at, s)
    parts.push(value.k === 'unknown' ? { ...value, unresolved: value.unresolved.map((u) => ({ ...u, what: `\${${name}}` })) } : value)
  }
  parts.push(scalar(template.slice(last), at))
  return concat(parts, at)
}

/**
 * `Fn::If`: the branch the assignment chooses. A condition the assignment does not fix is recorded in
 * `needed` (the caller resolves again with both branches) and the value is unknown meanwhile.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-if
 */
function fnIf(t: CfnTemplate, arg: JsonValue, argAt: string, at: string, s: ResolveState): Built {
  if (!isJsonArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return unknown(at, 'Fn::If', 'its argument is not [condition, then, else]')
  const condition = arg[0]
  const branch = s.assignment.get(condition)
  if (branch === undefined) {
    s.needed.add(condition)
    return unknown(at, `Fn::If ${condition}`, 'too many conditions to lint every combination of branches')
  }
  return resolve(t, arg[branch ? 1 : 2] as JsonValue, childPointer(argAt, branch ? 1 : 2), s)
}

/**
 * `Fn::FindInMap`: resolved when the keys are; when the top-level key is unknown but every entry holds
 * the same value, that value.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-findinmap.html
 */
function findInMap(t: CfnTemplate, arg: JsonValue, argAt: string, at: string, s: ResolveState): Built {
  if (!isJsonArray(arg) || arg.length < 3) return unknown(at, 'Fn::FindInMap', 'its argument is not [map, key, key]')
  const keys = [0, 1, 2].map((i) => resolve(t, arg[i] as JsonValue, childPointer(argAt, i), s))
  const known = keys.map((k) => (k.k === 'scalar' && k.unresolved.length === 0 ? String(k.value) : undefined))
  const what = `Fn::FindInMap [${known.map((k) => k ?? '?').join(', ')}]`
  const map = known[0] === undefined ? undefined : getMember(t.mappings, known[0])
  if (!isJsonObject(map)) return { k: 'unknown', at, unresolved: known[0] === undefined ? withFallback(unresolvedIn(keys[0] as Built), at, what) : [{ at, what, why: 'the template has no such mapping' }] }
  const tops = known[1] !== undefined ? [known[1]] : Object.keys(map)
  const values = new Set<string>()
  let found: JsonValue | undefined
  for (const top of tops) {
    const entry = getMember(map, top)
    const seconds = isJsonObject(entry) ? (known[2] !== undefined ? [known[2]] : Object.keys(entry)) : []
    for (const second of seconds) {
      const v = isJsonObject(entry) ? getMember(entry, second) : undefined
      if (v === undefined) continue
      values.add(JSON.stringify(v))
      found = v
    }
  }
  if (values.size === 1 && found !== undefined) return relocate(resolve(t, found, at, s), at)
  const unresolved = keys.flatMap((k) => unresolvedIn(k))
  if (values.size === 0 && arg.length > 3 && isJsonObject(arg[3])) {
    const dflt = getMember(arg[3], 'DefaultValue')
    if (dflt !== undefined) return resolve(t, dflt, childPointer(childPointer(argAt, 3), 'DefaultValue'), s)
  }
  return { k: 'unknown', at, unresolved: unresolved.length > 0 ? unresolved.map((u) => ({ ...u, what: `${what} (${u.what})` })) : [{ at, what, why: 'the mapping has no such entry' }] }
}
