/**
 * Cases built toward each decision path. Random statements alone rarely grant (an Allow needs the
 * right action, resource, principal and conditions at once, in every layer that must allow), so most
 * cases here are assembled on purpose: a caller, a target (same account, another account, a role to
 * assume, a KMS key, an S3 object whose owner is not given, "*"), and for each layer a policy that
 * allows, withholds or denies — plus resource-policy grants by every principal form, NotPrincipal
 * denies, conditions on keys AWS sets but the request may not show, and random statements as noise.
 * `caseArb` mixes these with fully random cases.
 */
import fc from 'fast-check'
import type { Request, RequestPrincipal } from '../../src/request/types.js'
import { A1, A2, contextArb, FULL_ACCESS, focusOf, randomCaseArb, RCP_FULL_ACCESS, statementArb } from './arbitraries.js'
import type { Json, JsonObject, LayerName, RawCase, RawPolicies } from './arbitraries.js'

/** A caller of the vocabulary, with what a policy can name it by. */
interface Caller {
  readonly principal: RequestPrincipal
  readonly kind: 'user' | 'session' | 'role' | 'federatedUser' | 'root' | 'service' | 'webIdentity' | 'saml' | 'anonymous'
  readonly account?: string
  /** Its own ARN (signed callers). */
  readonly arn?: string
  /** Role ARNs that name it (sessions and roles); the first is the role's real ARN. */
  readonly roleArns?: readonly string[]
  /** The session name (role sessions). */
  readonly session?: string
  /** A unique id that names it, and the aws:userid the request would then show. */
  readonly uniqueId?: readonly [string, string]
}

const CALLERS: readonly Caller[] = [
  { principal: { kind: 'aws', arn: `arn:aws:iam::${A1}:user/alice` }, kind: 'user', account: A1, arn: `arn:aws:iam::${A1}:user/alice`, uniqueId: ['AIDAEXAMPLEUSERID1234', 'AIDAEXAMPLEUSERID1234'] },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${A2}:user/dev/bob` }, kind: 'user', account: A2, arn: `arn:aws:iam::${A2}:user/dev/bob`, uniqueId: ['AIDABOBEXAMPLEID5678', 'AIDABOBEXAMPLEID5678'] },
  {
    principal: { kind: 'aws', arn: `arn:aws:sts::${A1}:assumed-role/R1/s1` },
    kind: 'session',
    account: A1,
    arn: `arn:aws:sts::${A1}:assumed-role/R1/s1`,
    roleArns: [`arn:aws:iam::${A1}:role/path/R1`, `arn:aws:iam::${A1}:role/R1`],
    session: 's1',
    uniqueId: ['AROAEXAMPLEROLEID1234', 'AROAEXAMPLEROLEID1234:s1'],
  },
  {
    principal: { kind: 'aws', arn: `arn:aws:sts::${A2}:assumed-role/R2/s2` },
    kind: 'session',
    account: A2,
    arn: `arn:aws:sts::${A2}:assumed-role/R2/s2`,
    roleArns: [`arn:aws:iam::${A2}:role/R2`],
    session: 's2',
    uniqueId: ['AROAR2EXAMPLEROLEID9', 'AROAR2EXAMPLEROLEID9:s2'],
  },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${A1}:role/R1` }, kind: 'role', account: A1, arn: `arn:aws:iam::${A1}:role/R1`, roleArns: [`arn:aws:iam::${A1}:role/R1`] },
  { principal: { kind: 'aws', arn: `arn:aws:sts::${A1}:federated-user/fed` }, kind: 'federatedUser', account: A1, arn: `arn:aws:sts::${A1}:federated-user/fed` },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${A1}:root` }, kind: 'root', account: A1, arn: `arn:aws:iam::${A1}:root` },
  { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, kind: 'service' },
  { principal: { kind: 'federated', provider: `arn:aws:iam::${A1}:oidc-provider/token.actions.githubusercontent.com` }, kind: 'webIdentity' },
  { principal: { kind: 'federated', provider: `arn:aws:iam::${A1}:saml-provider/Okta` }, kind: 'saml' },
  { principal: { kind: 'federated', provider: 'cognito-identity.amazonaws.com' }, kind: 'webIdentity' },
  { principal: { kind: 'anonymous' }, kind: 'anonymous' },
]

/** Signed callers are weighted up: they go through the most rules. */
const callerArb: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...CALLERS.filter((c) => c.account !== undefined)) },
  { weight: 1, arbitrary: fc.constantFrom(...CALLERS.filter((c) => c.account === undefined)) },
)

type Target = 'sameAccount' | 'crossAccount' | 'role' | 'roleOther' | 'kms' | 's3NoOwner' | 'star'
type Side = 'none' | 'allow' | 'block' | 'deny'
type Grant = 'none' | 'arn' | 'account' | 'role' | 'star' | 'awsStar' | 'starPrincipalArn' | 'uniqueId' | 'own'
type UnknownKey = 'none' | 'userid' | 'principalArn' | 'resourceAccount'

/** The knobs of one assembled case. */
interface Plan {
  readonly caller: Caller
  readonly target: Target
  readonly tagSession: boolean
  readonly identity: Side
  readonly boundary: Side
  readonly session: Side
  readonly scps: 'none' | 'full' | 'narrow' | 'gap' | 'deny'
  readonly scpLevels: number
  readonly rcps: 'none' | 'full' | 'deny' | 'perimeter'
  readonly grant: Grant
  readonly notPrincipal: number
  readonly unknownKey: UnknownKey
  readonly unknownInDeny: boolean
  readonly revealKey: boolean
  readonly randomContext: Readonly<Record<string, Json>>
  readonly noise: readonly { layer: LayerName; statement: JsonObject }[]
  readonly options: RawCase['options']
}

const other = (account: string | undefined): string => (account === A1 ? A2 : A1)

/** The request a plan asks: its action, resource and the resource's owner. */
function requestOf(p: Plan): Request {
  const c = p.caller
  const own = c.account ?? A1
  const context = p.randomContext as Request['context']
  const api = c.kind === 'webIdentity' ? 'sts:AssumeRoleWithWebIdentity' : c.kind === 'saml' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRole'
  const base = { principal: c.principal, context: context ?? {} }
  switch (p.target) {
    case 'role':
      return { ...base, action: p.tagSession ? 'sts:TagSession' : api, resource: `arn:aws:iam::${own}:role/Target` }
    case 'roleOther':
      return { ...base, action: p.tagSession ? 'sts:TagSession' : api, resource: `arn:aws:iam::${other(c.account)}:role/ops/Target2` }
    case 'sameAccount':
      return p.tagSession ? { ...base, action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${own}:topic` } : { ...base, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key/a.txt', resourceAccount: own }
    case 'crossAccount':
      return p.tagSession ? { ...base, action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${other(c.account)}:topic` } : { ...base, action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/key/a.txt', resourceAccount: other(c.account) }
    case 'kms':
      return { ...base, action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${p.tagSession ? other(c.account) : own}:key/k1` }
    case 's3NoOwner':
      return { ...base, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key/a.txt' }
    case 'star':
      return { ...base, action: 'iam:ListUsers', resource: '*' }
  }
}

const doc = (...statements: JsonObject[]): JsonObject => ({ Version: '2012-10-17', Statement: statements })
const serviceOf = (action: string): string => action.slice(0, action.indexOf(':'))

/** An identity-style policy that allows the request, withholds it, or denies it. */
function sidePolicy(side: Side, r: Request): JsonObject | undefined {
  switch (side) {
    case 'none':
      return undefined
    case 'allow':
      return doc({ Effect: 'Allow', Action: [r.action, `${serviceOf(r.action)}:*`], Resource: r.resource === '*' ? '*' : [r.resource, '*'] })
    case 'block':
      return doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })
    case 'deny':
      return doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: r.action, Resource: '*' })
  }
}

/** The Principal (and condition) of a resource-policy grant naming the caller in the planned form. */
function grantPrincipal(g: Grant, c: Caller): { principal: Json; condition?: JsonObject } | undefined {
  switch (g) {
    case 'none':
      return undefined
    case 'own':
      if (c.kind === 'service') return { principal: { Service: (c.principal as { service: string }).service } }
      if (c.kind === 'webIdentity' || c.kind === 'saml') return { principal: { Federated: (c.principal as { provider: string }).provider } }
      return c.arn === undefined ? { principal: '*' } : { principal: { AWS: c.arn } }
    case 'arn':
      return c.arn === undefined ? undefined : { principal: { AWS: c.arn } }
    case 'account':
      return c.account === undefined ? undefined : { principal: { AWS: c.account === A1 ? c.account : `arn:aws:iam::${c.account}:root` } }
    case 'role':
      return c.roleArns === undefined ? undefined : { principal: { AWS: c.roleArns } }
    case 'star':
      return { principal: '*' }
    case 'awsStar':
      return { principal: { AWS: '*' } }
    case 'starPrincipalArn': {
      const named = c.roleArns?.[0] ?? c.arn
      return named === undefined ? undefined : { principal: '*', condition: { ArnEquals: { 'aws:PrincipalArn': named } } }
    }
    case 'uniqueId':
      return c.uniqueId === undefined ? undefined : { principal: { AWS: c.uniqueId[0] } }
  }
}

/** A condition on a key AWS sets for the caller or the resource, whose value the request may not show. */
function unknownKeyCondition(k: UnknownKey, c: Caller, r: Request): JsonObject | undefined {
  const account = c.account ?? A1
  switch (k) {
    case 'none':
      return undefined
    case 'userid':
      return c.kind === 'session' ? { StringLike: { 'aws:userid': `AROA*:${c.session ?? ''}` } } : { StringEquals: { 'aws:userid': c.uniqueId?.[1] ?? 'AIDAEXAMPLEUSERID1234' } }
    case 'principalArn':
      return c.kind === 'session' || c.kind === 'role' ? { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/*` } } : { ArnEquals: { 'aws:PrincipalArn': c.arn ?? `arn:aws:iam::${account}:role/R1` } }
    case 'resourceAccount':
      return { StringEquals: { 'aws:ResourceAccount': r.resourceAccount ?? account } }
  }
}

/** The value of that key, when the plan reveals it in the request. */
function revealed(k: UnknownKey, c: Caller): Record<string, string> {
  if (k === 'userid' && c.uniqueId !== undefined) return { 'aws:userid': c.uniqueId[1] }
  if (k === 'principalArn' && c.roleArns !== undefined) return { 'aws:PrincipalArn': c.roleArns[0] as string }
  return {}
}

/** Assembles the case a plan describes. */
export function assemble(p: Plan): RawCase {
  const c = p.caller
  let request = requestOf(p)
  if (p.revealKey) {
    request = { ...request, context: { ...request.context, ...revealed(p.unknownKey, c) } }
    if (p.unknownKey === 'resourceAccount' && request.resourceAccount === undefined && request.resource.startsWith('arn:aws:s3')) request = { ...request, resourceAccount: c.account ?? A1 }
  }
  const trust = p.target === 'role' || p.target === 'roleOther'
  const identity = sidePolicy(p.identity, request)
  const boundary = sidePolicy(p.boundary, request)
  const session = sidePolicy(p.session, request)
  const svc = serviceOf(request.action)
  const scpLevel = (i: number): Json[] => {
    if (p.scps === 'narrow') return [doc({ Effect: 'Allow', Action: `${svc}:*`, Resource: '*' })]
    if (p.scps === 'gap' && i === p.scpLevels - 1) return [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })]
    if (p.scps === 'deny' && i === p.scpLevels - 1) return [FULL_ACCESS, doc({ Effect: 'Deny', Action: request.action, Resource: '*' })]
    return [FULL_ACCESS]
  }
  const scps = p.scps === 'none' ? [] : Array.from({ length: p.scpLevels }, (_, i) => scpLevel(i))
  const rcpDeny: Record<string, JsonObject> = {
    deny: { Effect: 'Deny', Principal: '*', Action: request.action, Resource: '*' },
    // A data perimeter: callers from outside the two accounts, services exempt.
    perimeter: { Effect: 'Deny', Principal: '*', Action: [`${svc}:*`], Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': [A1, A2] }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } },
  }
  const rcps = p.rcps === 'none' ? [] : [[RCP_FULL_ACCESS], ...(p.rcps === 'full' ? [] : [[RCP_FULL_ACCESS, doc(rcpDeny[p.rcps] as JsonObject)]])]

  const resourceStatements: JsonObject[] = []
  // A form that cannot name this caller (a role ARN for a user…) falls back to the caller's own name.
  const g = grantPrincipal(p.grant, c) ?? (p.grant === 'none' ? undefined : grantPrincipal('own', c))
  const keyCondition = unknownKeyCondition(p.unknownKey, c, request)
  if (g !== undefined) {
    const grant: JsonObject = { Effect: 'Allow', Principal: g.principal, Action: trust ? [request.action, 'sts:TagSession'] : request.action }
    if (!trust) grant['Resource'] = request.resource === '*' ? '*' : [request.resource, 'arn:aws:s3:::bucket/*']
    const condition = { ...(g.condition ?? {}), ...(keyCondition !== undefined && !p.unknownInDeny ? keyCondition : {}) }
    if (Object.keys(condition).length > 0) grant['Condition'] = condition
    resourceStatements.push(grant)
  }
  if (keyCondition !== undefined && p.unknownInDeny) {
    const deny: JsonObject = { Effect: 'Deny', Principal: '*', Action: request.action, Condition: keyCondition }
    if (!trust) deny['Resource'] = '*'
    resourceStatements.push(deny)
  }
  if (p.notPrincipal > 0 && !trust && c.arn !== undefined) {
    // Lists the caller's own ARN, its account and (for sessions) its role, in a planned subset.
    const listed = [c.arn, `arn:aws:iam::${c.account ?? A1}:root`, ...(c.roleArns ?? []).slice(0, 1)].filter((_, i) => (p.notPrincipal >> i) & 1)
    resourceStatements.push({ Effect: 'Deny', NotPrincipal: { AWS: listed.length > 0 ? listed : [`arn:aws:iam::${A2}:root`] }, Action: request.action, Resource: '*' })
  }
  const policies: RawPolicies = {
    identity: identity === undefined ? [] : [identity],
    boundary: boundary ?? null,
    session: session === undefined ? [] : [session],
    scps,
    resource: resourceStatements.length > 0 ? doc(...resourceStatements) : null,
    rcps,
  }
  for (const n of p.noise) addStatement(policies, n.layer, n.statement)
  return { request, policies, options: p.options }
}

/** Adds a statement to the policy of a layer (creating it when there is none). */
function addStatement(p: RawPolicies, layer: LayerName, statement: JsonObject): void {
  const grow = (d: JsonObject | null): JsonObject => (d === null ? doc(statement) : { ...d, Statement: [...(Array.isArray(d['Statement']) ? (d['Statement'] as Json[]) : [d['Statement'] as Json]), statement] })
  if (layer === 'identity') p.identity = [grow(p.identity[0] ?? null), ...p.identity.slice(1)]
  else if (layer === 'session') p.session = [grow(p.session[0] ?? null), ...p.session.slice(1)]
  else if (layer === 'boundary') p.boundary = grow(p.boundary)
  else if (layer === 'resource') p.resource = grow(p.resource)
  else if (layer === 'scp') p.scps = p.scps.length === 0 ? [[doc(statement)]] : [...p.scps.slice(0, -1), [...(p.scps[p.scps.length - 1] as Json[]), doc(statement)]]
  else p.rcps = [...p.rcps, [doc(statement)]]
}

const weighted = <T>(...entries: [number, T][]): fc.Arbitrary<T> => fc.oneof(...entries.map(([weight, v]) => ({ weight, arbitrary: fc.constant(v) })))

/** A plan: each knob weighted toward paths that allow, with every rarer path well represented. */
export const planArb: fc.Arbitrary<Plan> = callerArb.chain((caller) =>
  fc
    .record({
      caller: fc.constant(caller),
      target: weighted<Target>([4, 'sameAccount'], [3, 'crossAccount'], [4, 'role'], [2, 'roleOther'], [1, 'kms'], [1, 's3NoOwner'], [1, 'star']),
      tagSession: weighted([5, false], [1, true]),
      identity: weighted<Side>([14, 'allow'], [2, 'none'], [1, 'block'], [1, 'deny']),
      boundary: weighted<Side>([6, 'none'], [3, 'allow'], [2, 'block']),
      session: weighted<Side>([6, 'none'], [3, 'allow'], [2, 'block']),
      scps: weighted<Plan['scps']>([5, 'none'], [7, 'full'], [2, 'narrow'], [1, 'gap'], [1, 'deny']),
      scpLevels: fc.integer({ min: 1, max: 3 }),
      rcps: weighted<Plan['rcps']>([7, 'none'], [4, 'full'], [1, 'deny'], [1, 'perimeter']),
      grant: weighted<Grant>([3, 'own'], [1, 'none'], [2, 'arn'], [2, 'account'], [2, 'role'], [1, 'star'], [1, 'awsStar'], [1, 'starPrincipalArn'], [1, 'uniqueId']),
      notPrincipal: weighted([24, 0], [1, 1], [1, 3], [1, 7], [1, 2]),
      unknownKey: weighted<UnknownKey>([9, 'none'], [1, 'userid'], [1, 'principalArn'], [1, 'resourceAccount']),
      unknownInDeny: weighted([3, false], [1, true]),
      revealKey: fc.boolean(),
      randomContext: fc.oneof(fc.constant({}), contextArb as fc.Arbitrary<Record<string, Json>>),
      noise: fc.constant([] as { layer: LayerName; statement: JsonObject }[]),
      options: fc.constantFrom<RawCase['options']>({}, {}, {}, { boundaryCapsDirectTrustGrants: false }, { roleGrantNeedsIdentity: true }),
    })
    .chain((plan) => {
      // Random statements, focused on the planned request, as noise in a few layers.
      const focus = focusOf(requestOf(plan))
      const layers: LayerName[] = ['identity', 'boundary', 'session', 'resource', 'scp', 'rcp']
      const noise = fc.array(fc.constantFrom(...layers).chain((layer) => statementArb(layer, focus).map((statement) => ({ layer, statement }))), { maxLength: 2 })
      return fc.oneof({ weight: 3, arbitrary: fc.constant(plan) }, { weight: 1, arbitrary: noise.map((n) => ({ ...plan, noise: n })) })
    }),
)

/** Cases assembled toward each decision path. */
export const assembledCaseArb: fc.Arbitrary<RawCase> = planArb.map(assemble)

/** Every generated case: mostly assembled toward a decision path, some fully random. */
export const caseArb: fc.Arbitrary<RawCase> = fc.oneof({ weight: 5, arbitrary: assembledCaseArb }, { weight: 1, arbitrary: randomCaseArb })
