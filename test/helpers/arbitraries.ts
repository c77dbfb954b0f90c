/**
 * fast-check generators for property and differential tests: wildcard patterns, policies for every
 * layer (with every condition operator family, IfExists, set qualifiers, variables), contexts and
 * requests over a small shared vocabulary, so that generated values often match and often do not.
 * `IAMTRACE_PROPERTY_RUNS=N` sets how many cases each property runs (default 100).
 */
import fc from 'fast-check'
import type { ContextValue, Request, RequestPrincipal } from '../../src/request/types.js'

/** How many cases each property runs: `IAMTRACE_PROPERTY_RUNS`, default 100. */
export function propertyRuns(fallback = 100): number {
  const raw = Number(process.env['IAMTRACE_PROPERTY_RUNS'])
  return Number.isInteger(raw) && raw > 0 ? raw : fallback
}

/** The seed CI uses, so that a CI run is repeatable. */
export const CI_SEED = 20_250_601

/**
 * The seed of every property: `IAMTRACE_PROPERTY_SEED` when set, the fixed CI seed under `CI=true`,
 * otherwise a fresh one. fast-check prints it with any counterexample; rerun with
 * `IAMTRACE_PROPERTY_SEED=<seed>` to get the same cases.
 */
export function propertySeed(): number {
  const raw = Number(process.env['IAMTRACE_PROPERTY_SEED'])
  if (Number.isInteger(raw)) return raw
  return process.env['CI'] === 'true' ? CI_SEED : Math.floor(Math.random() * 2 ** 31)
}

/** fast-check parameters shared by every property. */
export function propertyParams(fallback = 100): fc.Parameters<unknown> {
  return { numRuns: propertyRuns(fallback), seed: propertySeed() }
}

// ---------- wildcard patterns ----------

/** Pattern text over a small alphabet (with `*`, `?`, `:`, `/`, case and a few non-ASCII characters). */
export const patternText = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '*', '?', ':', '/', 'ß', 'İ', 'é'), maxLength: 10 })
/** Text to match, over the same alphabet plus U+0000 (which request text may hold). */
export const matchText = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', ':', '/', 'ß', 'İ', 'i', '*', '?', '\u0000'), maxLength: 12 })

// ---------- vocabulary ----------

export const A1 = '111111111111'
export const A2 = '222222222222'

export const CALLERS: readonly RequestPrincipal[] = [
  { kind: 'aws', arn: `arn:aws:iam::${A1}:user/alice` },
  { kind: 'aws', arn: `arn:aws:iam::${A2}:user/dev/bob` },
  { kind: 'aws', arn: `arn:aws:sts::${A1}:assumed-role/R1/s1` },
  { kind: 'aws', arn: `arn:aws:sts::${A2}:assumed-role/R2/s2` },
  { kind: 'aws', arn: `arn:aws:sts::${A1}:federated-user/fed` },
  { kind: 'aws', arn: `arn:aws:iam::${A1}:root` },
  { kind: 'aws', arn: `arn:aws:iam::${A1}:role/R1` },
  { kind: 'aws', arn: `arn:aws-cn:iam::${A1}:user/alice` },
  { kind: 'service', service: 'ec2.amazonaws.com' },
  { kind: 'federated', provider: `arn:aws:iam::${A1}:oidc-provider/token.actions.githubusercontent.com` },
  { kind: 'federated', provider: `arn:aws:iam::${A1}:saml-provider/Okta` },
  { kind: 'federated', provider: 'cognito-identity.amazonaws.com' },
  { kind: 'anonymous' },
]

const ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 's3:GetObject', 's3:PutObject', 'iam:ListUsers', 'kms:Decrypt']
const RESOURCES = [`arn:aws:iam::${A1}:role/Target`, `arn:aws:iam::${A2}:role/ops/Target2`, 'arn:aws:s3:::bucket/key/a.txt', 'arn:aws:s3:::bucket', `arn:aws:iam::${A1}:user/alice`, `arn:aws:sns:us-east-1:${A1}:topic:sub`, `arn:aws:kms:us-east-1:${A1}:key/k1`, '*']

const ACTION_PATTERNS = [...ACTIONS, '*', 's3:*', 's3:Get*', 'S3:getobject', 'sts:Assume*', 'sts:*', 'iam:List?sers', '*:GetObject', 'iam:*', 'ec2:*', 'sts:assumerole', 'sts:AssumeRole?', 's?s:*']
const RESOURCE_PATTERNS = [
  ...RESOURCES.filter((r) => r !== '*'),
  '*',
  `arn:aws:iam::*:role/*`,
  `arn:aws:iam::${A1}:role/target`,
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::*',
  'arn:aws:*',
  `arn:aws:iam::${A1}:*`,
  'arn:*:iam::*:role/Target*',
  'arn:aws:s3:::${aws:username}/*',
  'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*',
  "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'key'}/*",
  `arn:aws:iam::${A1}:role/\${*}`,
  `arn:aws:iam::${A2}:role/ops/*`,
  'arn:aws:s?:::bucket*',
  'arn:aws:s3:::bucket/key/?.txt',
  `arn:aws:iam::1111*`,
  `arn:aws:sns:*:${A1}:topic`,
  `arn:aws:sns:us-east-1:*:topic:*`,
  'arn:aws:s3:::bucket/${aws:userid',
]

const PRINCIPAL_VALUES: readonly [string, string][] = [
  ['AWS', '*'],
  ['AWS', A1],
  ['AWS', A2],
  ['AWS', `arn:aws:iam::${A1}:root`],
  ['AWS', `arn:aws:iam::${A2}:root`],
  ['AWS', `arn:aws:iam::${A1}:user/alice`],
  ['AWS', `arn:aws:iam::${A2}:user/dev/bob`],
  ['AWS', `arn:aws:iam::${A1}:role/R1`],
  ['AWS', `arn:aws:iam::${A1}:role/path/R1`],
  ['AWS', `arn:aws:iam::${A2}:role/R2`],
  ['AWS', `arn:aws:sts::${A1}:assumed-role/R1/s1`],
  ['AWS', `arn:aws:sts::${A1}:federated-user/fed`],
  ['AWS', 'AIDAEXAMPLEUSERID1234'],
  ['AWS', 'AROAEXAMPLEROLEID1234'],
  ['AWS', `arn:aws:iam::${A1}:user/*`],
  ['AWS', 'not-a-principal'],
  ['Service', 'ec2.amazonaws.com'],
  ['Service', 'lambda.amazonaws.com'],
  ['Federated', `arn:aws:iam::${A1}:oidc-provider/token.actions.githubusercontent.com`],
  ['Federated', 'cognito-identity.amazonaws.com'],
  ['Federated', `arn:aws:iam::${A1}:saml-provider/Okta`],
  ['CanonicalUser', 'a'.repeat(64)],
]

/** Condition keys by operator family, with policy values that sometimes match the context values below. */
const FAMILIES: Readonly<Record<string, { operators: readonly string[]; keys: readonly string[]; values: readonly string[] }>> = {
  string: {
    operators: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
    keys: ['aws:PrincipalTag/team', 'sts:ExternalId', 'aws:username', 'aws:TagKeys', 'aws:PrincipalType'],
    values: ['dev', 'ops', 'DEV', 'd*', '?ev', '${aws:username}', 'alice', 'team', 'User', 'AssumedRole', "${aws:PrincipalTag/team, 'dev'}", '${bad'],
  },
  numeric: {
    operators: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
    keys: ['s3:max-keys', 'sts:DurationSeconds'],
    values: ['10', '5.5', '-1', '3600', 'abc'],
  },
  date: {
    operators: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
    keys: ['aws:CurrentTime', 'aws:TokenIssueTime', 'aws:EpochTime'],
    values: ['2024-01-01T00:00:00Z', '2030-01-01', '1700000000', 'notadate', '2024-01-01T00:00:00+02:00'],
  },
  bool: { operators: ['Bool'], keys: ['aws:MultiFactorAuthPresent', 'aws:SecureTransport', 'aws:PrincipalIsAWSService'], values: ['true', 'false', 'maybe'] },
  binary: { operators: ['BinaryEquals'], keys: ['aws:BinKey'], values: ['dGVzdA==', 'b3RoZXI=', '!!!'] },
  ip: { operators: ['IpAddress', 'NotIpAddress'], keys: ['aws:SourceIp'], values: ['10.0.0.0/8', '10.1.2.3', '2001:db8::/32', '999.1.1.1', '192.168.0.0/33'] },
  arn: {
    operators: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
    keys: ['aws:SourceArn', 'aws:PrincipalArn'],
    values: [`arn:aws:iam::${A1}:role/*`, `arn:aws:sns:us-east-1:${A1}:topic`, `arn:aws:iam::${A1}:user/alice`, 'arn:*', 'not-an-arn', `arn:aws:iam::${A1}:role/R1`],
  },
  null: { operators: ['Null'], keys: ['aws:PrincipalTag/team', 'sts:ExternalId', 'aws:TagKeys', 'aws:SourceIp'], values: ['true', 'false'] },
  unknown: { operators: ['StringEqualz', 'stringequals', 'ForAnyValue:Foo'], keys: ['aws:username'], values: ['alice'] },
}

/** Request context values for the keys above. */
const CONTEXT_VALUES: Readonly<Record<string, readonly ContextValue[]>> = {
  'aws:PrincipalTag/team': ['dev', 'DEV', 'ops', 'd*'],
  'aws:principaltag/TEAM': ['dev'],
  'sts:ExternalId': ['dev', 'alice'],
  'aws:username': ['alice', 'bob'],
  'aws:TagKeys': [['team'], ['team', 'project'], [], ['Team']],
  's3:max-keys': ['10', '3', '20', 'x'],
  'sts:DurationSeconds': ['3600', '900'],
  'aws:CurrentTime': ['2025-06-01T00:00:00Z', '2020-01-01T00:00:00Z', 'garbage'],
  'aws:TokenIssueTime': ['2024-01-01T00:00:00Z'],
  'aws:EpochTime': ['1800000000', '1600000000'],
  'aws:MultiFactorAuthPresent': ['true', 'false', ['true', 'false']],
  'aws:SecureTransport': ['true', 'TRUE'],
  'aws:BinKey': ['dGVzdA==', 'xyz'],
  'aws:SourceIp': ['10.1.2.3', '192.168.1.1', '2001:db8::1', 'bad-ip'],
  'aws:SourceArn': [`arn:aws:sns:us-east-1:${A1}:topic`, `arn:aws:iam::${A1}:role/R9`],
  'aws:PrincipalArn': [`arn:aws:iam::${A1}:role/R1`, `arn:aws:iam::${A1}:role/aws-service-role/ec2.amazonaws.com/R1`],
  'aws:userid': ['AIDAEXAMPLEUSERID1234', 'AROAEXAMPLEROLEID1234:s1'],
}

// ---------- JSON documents ----------

/** A plain JSON value (what a policy file holds). */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json }
export type JsonObject = { [key: string]: Json }

const oneOrMany = <T extends Json>(arb: fc.Arbitrary<T>, max = 3): fc.Arbitrary<Json> =>
  fc.oneof(arb, fc.uniqueArray(arb, { minLength: 1, maxLength: max, comparator: (a, b) => JSON.stringify(a) === JSON.stringify(b) }))

const conditionArb: fc.Arbitrary<[string, string, Json]> = fc.constantFrom(...Object.keys(FAMILIES)).chain((family) => {
  const f = FAMILIES[family] as (typeof FAMILIES)[string]
  return fc.tuple(
    fc.constantFrom(...f.operators),
    fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:'),
    fc.boolean(),
    fc.constantFrom(...f.keys),
    oneOrMany(fc.constantFrom(...f.values)),
  ).map(([op, qualifier, ifExists, key, values]): [string, string, Json] => [
    `${op.includes(':') || family === 'unknown' ? '' : qualifier}${op}${ifExists && family !== 'null' && family !== 'unknown' ? 'IfExists' : ''}`,
    key,
    values,
  ])
})

/** A Condition block: 1-3 (operator, key) pairs, never two keys equal up to case in one block. */
const conditionBlockArb: fc.Arbitrary<JsonObject> = fc.array(conditionArb, { minLength: 1, maxLength: 3 }).map((entries) => {
  const block: Record<string, JsonObject> = {}
  for (const [op, key, values] of entries) {
    const inner = (block[op] ??= {})
    if (Object.keys(inner).some((k) => k.toLowerCase() === key.toLowerCase())) continue
    inner[key] = values
  }
  return block
})

const principalArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('*') },
  {
    weight: 6,
    arbitrary: fc.uniqueArray(fc.constantFrom(...PRINCIPAL_VALUES), { minLength: 1, maxLength: 3 }).map((entries) => {
      const out: Record<string, string[]> = {}
      for (const [type, value] of entries) (out[type] ??= []).push(value)
      return out
    }),
  },
)

/** The layers of a policy set. */
export type LayerName = 'identity' | 'boundary' | 'session' | 'scp' | 'resource' | 'rcp'

/** Values of the request that statements should often name, so that many statements match. */
export interface Focus {
  readonly action: string
  readonly resource: string
  readonly principal: readonly [string, string] | undefined
}

/** The principal entry naming the caller itself, when there is one. */
function ownEntry(p: RequestPrincipal): [string, string] | undefined {
  switch (p.kind) {
    case 'aws':
      return ['AWS', p.arn]
    case 'service':
      return ['Service', p.service]
    case 'federated':
      return ['Federated', p.provider]
    default:
      return undefined
  }
}

/** The focus of a request. */
export function focusOf(request: Request): Focus {
  return { action: request.action, resource: request.resource, principal: ownEntry(request.principal) }
}

const focusedPrincipalArb = (focus: Focus | undefined): fc.Arbitrary<Json> =>
  focus?.principal === undefined ? principalArb : fc.oneof(principalArb, fc.constant({ [focus.principal[0]]: focus.principal[1] }))

/** One statement for a layer; with a focus, its action, resource and principal often name the request's. */
export function statementArb(layer: LayerName, focus?: Focus): fc.Arbitrary<JsonObject> {
  const resourceLayer = layer === 'resource' || layer === 'rcp'
  const actions = focus === undefined ? ACTION_PATTERNS : [...ACTION_PATTERNS, ...Array<string>(ACTION_PATTERNS.length).fill(focus.action)]
  const resources = focus === undefined ? RESOURCE_PATTERNS : [...RESOURCE_PATTERNS, ...Array<string>(RESOURCE_PATTERNS.length).fill(focus.resource)]
  return fc
    .record({
      effect: layer === 'rcp' ? fc.constantFrom('Deny', 'Deny', 'Allow') : fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
      notAction: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      actions: oneOrMany(fc.constantFrom(...actions)),
      resourceMode: fc.integer({ min: 0, max: 9 }),
      resources: oneOrMany(fc.constantFrom(...resources)),
      notPrincipal: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      principal: focusedPrincipalArb(focus),
      condition: fc.integer({ min: 0, max: 29 }),
      block: conditionBlockArb,
    })
    .map((r) => {
      const s: JsonObject = { Effect: r.effect }
      if (resourceLayer) s[r.notPrincipal ? 'NotPrincipal' : 'Principal'] = r.principal
      s[r.notAction ? 'NotAction' : 'Action'] = r.actions
      // Trust policies usually omit Resource; other layers need Resource or NotResource.
      if (!(layer === 'resource' && r.resourceMode < 5)) s[r.resourceMode === 9 ? 'NotResource' : 'Resource'] = r.resources
      if (r.condition === 0) s['Condition'] = {}
      else if (r.condition < 10) s['Condition'] = r.block
      return s
    })
}

/** A policy document for a layer: 1-3 statements. */
export function policyDocArb(layer: LayerName, focus?: Focus): fc.Arbitrary<JsonObject> {
  return fc.tuple(fc.constantFrom('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17', undefined), fc.array(statementArb(layer, focus), { minLength: 1, maxLength: 3 })).map(([version, statements]) => {
    const doc: JsonObject = {}
    if (version !== undefined) doc['Version'] = version
    doc['Statement'] = statements.length === 1 && version === '2008-10-17' ? (statements[0] as JsonObject) : statements
    return doc
  })
}

/** FullAWSAccess, attached to every organization node by default. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html */
export const FULL_ACCESS: JsonObject = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
/** RCPFullAWSAccess, attached to every node and never detachable. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html */
export const RCP_FULL_ACCESS: JsonObject = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }
const levelArb = (layer: 'scp' | 'rcp', focus: Focus): fc.Arbitrary<Json[]> =>
  fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.array(policyDocArb(layer, focus) as fc.Arbitrary<Json>, { maxLength: 1 }))
    .map(([n, extra]) => (n === 0 ? extra : [layer === 'scp' ? FULL_ACCESS : RCP_FULL_ACCESS, ...extra]))

/** Raw generated policy documents per layer (scenario-format shape). */
export interface RawPolicies {
  identity: JsonObject[]
  boundary: JsonObject | null
  session: JsonObject[]
  scps: Json[][]
  resource: JsonObject | null
  rcps: Json[][]
}

/** A generated case: a request, raw policies, and the engine's two fail-closed switches. */
export interface RawCase {
  request: Request
  policies: RawPolicies
  options: { boundaryCapsDirectTrustGrants?: boolean; roleGrantNeedsIdentity?: boolean }
}

export const contextArb: fc.Arbitrary<Record<string, ContextValue>> = fc.subarray(Object.keys(CONTEXT_VALUES), { maxLength: 6 }).chain((keys) =>
  fc.tuple(...keys.map((k) => fc.constantFrom(...(CONTEXT_VALUES[k] as readonly ContextValue[])))).map((values) => {
    const ctx: Record<string, ContextValue> = {}
    keys.forEach((k, i) => {
      if (!Object.keys(ctx).some((x) => x.toLowerCase() === k.toLowerCase())) ctx[k] = values[i] as ContextValue
    })
    return ctx
  }),
)

/** A request over the vocabulary. */
export const requestArb: fc.Arbitrary<Request> = fc
  .record({
    principal: fc.constantFrom(...CALLERS),
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...RESOURCES),
    resourceAccount: fc.constantFrom(undefined, undefined, A1, A2),
    context: contextArb,
  })
  .map((r) => ({ principal: r.principal, action: r.action, resource: r.resource, context: r.context, ...(r.resourceAccount !== undefined && r.resource.startsWith('arn:aws:s3') ? { resourceAccount: r.resourceAccount } : {}) }))

/** Every layer's policies, focused on a request. */
export function policiesArb(focus: Focus): fc.Arbitrary<RawPolicies> {
  return fc.record({
    identity: fc.array(policyDocArb('identity', focus), { maxLength: 2 }),
    boundary: fc.option(policyDocArb('boundary', focus), { nil: null, freq: 3 }),
    session: fc.array(policyDocArb('session', focus), { maxLength: 1 }),
    scps: fc.array(levelArb('scp', focus), { maxLength: 2 }),
    resource: fc.option(policyDocArb('resource', focus), { nil: null, freq: 4 }),
    rcps: fc.array(levelArb('rcp', focus), { maxLength: 2 }),
  })
}

/** A whole case of random statements: request, every layer's policies (focused on the request), options. */
export const randomCaseArb: fc.Arbitrary<RawCase> = requestArb.chain((request) =>
  fc.record({
    request: fc.constant(request),
    policies: policiesArb(focusOf(request)),
    options: fc.constantFrom({}, {}, {}, { boundaryCapsDirectTrustGrants: false }, { roleGrantNeedsIdentity: true }),
  }),
)
