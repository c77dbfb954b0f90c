/**
 * Soundness of the analyses against the evaluator, on generated snapshots (two accounts, users and roles
 * with identity policies, boundaries, tags and sometimes a managed policy the snapshot lacks; an
 * organization with SCPs and RCPs; a target role whose trust policy names accounts, `*`, users, roles,
 * role sessions, providers, with conditions on MFA, external id, source IP, tags, aws:userid,
 * aws:PrincipalArn, the organization, and sometimes `"Condition": {}` or a bare ARN principal):
 * (a) every principal that the evaluator allows for SOME concrete request consistent with the snapshot
 *     is reported by who-can-assume as allowed, conditional or uncertain — never missing;
 * (b) a `conditional` answer's witness (its conditions filled in) is a request the evaluator allows.
 * The mix of answers is printed. `IAMTRACE_PROPERTY_RUNS=N` scales the runs (default 100).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { compilePolicy } from '../../src/compile/compilePolicy.js'
import type { CompiledPolicy } from '../../src/compile/compilePolicy.js'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import type { CompiledPolicySet } from '../../src/evaluate/evaluate.js'
import { askTrust } from '../../src/graph/canAssume.js'
import { buildQuestion } from '../../src/graph/question.js'
import { whoCanAssume } from '../../src/graph/whoCanAssume.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import type { Policy } from '../../src/policy/types.js'
import type { ContextValue, Request, RequestPrincipal } from '../../src/request/types.js'
import { loadSnapshot } from '../../src/snapshot/loadSnapshot.js'
import type { Snapshot, SnapshotPrincipal, SnapshotRole } from '../../src/snapshot/types.js'
import { propertyParams, propertyRuns } from '../helpers/arbitraries.js'

const A1 = '111111111111'
const A2 = '222222222222'
const ORG = 'o-test12345'
const OIDC = `arn:aws:iam::${A1}:oidc-provider/token.actions.githubusercontent.com`
type J = Record<string, unknown>

const CONDITIONS: readonly J[] = [
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringEquals: { 'sts:ExternalId': 'ext1' } },
  { StringNotEquals: { 'sts:ExternalId': 'ext2' } },
  { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringLike: { 'aws:userid': 'AIDA*' } },
  { StringLike: { 'aws:userid': 'AROA*:*' } },
  { StringLike: { 'aws:userid': '*:s1' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A1}:role/team/*` } },
  { StringEquals: { 'aws:PrincipalAccount': A1 } },
  { StringEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main' } },
]
const conditionArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: fc.subarray([...CONDITIONS], { minLength: 1, maxLength: 2 }).map((list) => Object.assign({}, ...list.map((c) => structuredClone(c))) as J) },
  { weight: 1, arbitrary: fc.constant({} as J) },
)

const TRUST_PRINCIPALS: readonly unknown[] = [
  { AWS: `arn:aws:iam::${A1}:root` },
  { AWS: `arn:aws:iam::${A2}:root` },
  { AWS: '*' },
  { AWS: `arn:aws:iam::${A1}:user/u1` },
  { AWS: `arn:aws:iam::${A1}:role/team/r1` },
  { AWS: `arn:aws:sts::${A1}:assumed-role/r1/s1` },
  { Federated: OIDC },
  { Service: 'ec2.amazonaws.com' },
  `arn:aws:iam::${A2}:root`,
]

const trustStatementArb = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
  principal: fc.constantFrom(...TRUST_PRINCIPALS),
  condition: conditionArb,
})

const identityArb = fc.record({ allow: fc.constantFrom(true, true, true, false), condition: conditionArb, deny: fc.constantFrom(false, false, false, true), denyCondition: conditionArb })

const principalArb = fc.record({
  identity: identityArb,
  boundary: fc.constantFrom('none', 'none', 'allows', 'blocks'),
  tag: fc.constantFrom('red', 'blue'),
  missingPolicy: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
})

const caseArb = fc.record({
  trust: fc.array(trustStatementArb, { minLength: 1, maxLength: 3 }),
  users: fc.tuple(principalArb, principalArb),
  roles: fc.tuple(principalArb, principalArb),
  org: fc.constantFrom('none', 'full', 'denyNoMfa', 'rcpOrgOnly'),
})
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never
type PrincipalSpec = Case['users'][0]

function statement(effect: string, action: unknown, condition: J | undefined, extra: J = {}): J {
  return { Effect: effect, Action: action, ...extra, ...(condition !== undefined ? { Condition: condition } : {}) }
}

function identityDoc(p: PrincipalSpec): J {
  const list: J[] = []
  if (p.identity.allow) list.push(statement('Allow', 'sts:AssumeRole', p.identity.condition, { Resource: '*' }))
  if (p.identity.deny) list.push(statement('Deny', 'sts:AssumeRole', p.identity.denyCondition ?? { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, { Resource: '*' }))
  return { Version: '2012-10-17', Statement: list.length > 0 ? list : [statement('Allow', 's3:GetObject', undefined, { Resource: '*' })] }
}

function entity(kind: 'user' | 'role', account: string, name: string, path: string, p: PrincipalSpec, i: number): J {
  const base = {
    Path: path,
    Arn: `arn:aws:iam::${account}:${kind}${path}${name}`,
    Tags: [{ Key: 'team', Value: p.tag }],
    AttachedManagedPolicies: p.missingPolicy ? [{ PolicyName: 'Gone', PolicyArn: `arn:aws:iam::${account}:policy/Gone` }] : [],
    ...(p.boundary !== 'none' ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${account}:policy/${p.boundary === 'allows' ? 'BoundaryAllows' : 'BoundaryBlocks'}` } } : {}),
  }
  const inline = [{ PolicyName: 'p', PolicyDocument: identityDoc(p) }]
  if (kind === 'user') return { ...base, UserName: name, UserId: `AIDA${name.toUpperCase()}${i}XXXXXXXXXXXX`, UserPolicyList: inline, GroupList: [] }
  return { ...base, RoleName: name, RoleId: `AROA${name.toUpperCase()}${i}XXXXXXXXXXXX`, RolePolicyList: inline, InstanceProfileList: [], AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A1}:root` }, Action: 'sts:AssumeRole' }] } }
}

function managed(account: string): J[] {
  const version = (doc: J): J => ({ VersionId: 'v1', IsDefaultVersion: true, Document: doc })
  return [
    { PolicyName: 'BoundaryAllows', Arn: `arn:aws:iam::${account}:policy/BoundaryAllows`, DefaultVersionId: 'v1', PolicyVersionList: [version({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] })] },
    { PolicyName: 'BoundaryBlocks', Arn: `arn:aws:iam::${account}:policy/BoundaryBlocks`, DefaultVersionId: 'v1', PolicyVersionList: [version({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })] },
  ]
}

function snapshotOf(c: Case): Snapshot {
  const trust = { Version: '2012-10-17', Statement: c.trust.map((t) => statement(t.effect, ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'], t.condition, { Principal: t.principal })) }
  const target = { Path: '/', RoleName: 'Target', RoleId: 'AROATARGETXXXXXXXXXXX', Arn: `arn:aws:iam::${A1}:role/Target`, AssumeRolePolicyDocument: trust, RolePolicyList: [], AttachedManagedPolicies: [], Tags: [], InstanceProfileList: [] }
  const a1 = { UserDetailList: [entity('user', A1, 'u1', '/', c.users[0], 1)], GroupDetailList: [], RoleDetailList: [entity('role', A1, 'r1', '/team/', c.roles[0], 1), target], Policies: managed(A1) }
  const a2 = { UserDetailList: [entity('user', A2, 'u2', '/', c.users[1], 2)], GroupDetailList: [], RoleDetailList: [entity('role', A2, 'r2', '/', c.roles[1], 2)], Policies: managed(A2) }
  const files: { file: string; value: unknown }[] = [
    { file: 'a1.json', value: a1 },
    { file: 'a2.json', value: a2 },
  ]
  if (c.org !== 'none') {
    const policies: J = { 'p-full': { name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } }
    const attached = ['p-full']
    if (c.org === 'denyNoMfa') {
      policies['p-mfa'] = { name: 'DenyNoMfa', type: 'SERVICE_CONTROL_POLICY', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] } }
      attached.push('p-mfa')
    }
    if (c.org === 'rcpOrgOnly') {
      policies['p-rcp'] = { name: 'OrgOnly', type: 'RESOURCE_CONTROL_POLICY', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }] } }
      attached.push('p-rcp')
    }
    files.push({ file: 'org.json', value: { organization: { id: ORG, managementAccountId: '999999999999', policies, root: { id: 'r-ab12', policies: attached, accounts: [{ id: A1, policies: ['p-full'] }, { id: A2, policies: ['p-full'] }], children: [] } } } })
  }
  return loadSnapshot(files)
}

let allowAll: CompiledPolicy | undefined
/** One content the missing managed policy may have: allow everything. */
function standIn(): CompiledPolicy {
  if (allowAll === undefined) {
    const r = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, { kind: 'identity' })
    allowAll = compilePolicy((r.ok ? r.value : r.recovered) as Policy, 'identity', 'Gone (as it may be)')
  }
  return allowAll
}

/** The policies AWS would consult for a concrete request of `p` (the missing policy filled in as allowing everything). */
function concretePolicies(s: Snapshot, p: SnapshotPrincipal, role: SnapshotRole): CompiledPolicySet {
  const missing = s.gaps.some((g) => g.principals.includes(p.arn))
  return {
    identity: [...p.identity, ...(missing ? [standIn()] : [])],
    boundary: p.boundary,
    scps: s.orgAccounts.get(p.account)?.scps ?? [],
    resource: role.trust,
    rcps: s.orgAccounts.get(role.account)?.rcps ?? [],
  }
}

const OPEN: readonly (readonly [string, readonly (string | undefined)[]])[] = [
  ['aws:MultiFactorAuthPresent', [undefined, 'true', 'false']],
  ['sts:ExternalId', [undefined, 'ext1', 'ext2']],
  ['aws:SourceIp', ['203.0.113.5', '198.51.100.1']],
]

function* contexts(): Generator<Record<string, ContextValue>> {
  const index = OPEN.map(() => 0)
  for (;;) {
    const ctx: Record<string, ContextValue> = {}
    OPEN.forEach(([k, values], i) => {
      const v = values[index[i] as number]
      if (v !== undefined) ctx[k] = v
    })
    yield ctx
    let i = OPEN.length - 1
    while (i >= 0) {
      index[i] = (index[i] as number) + 1
      if ((index[i] as number) < (OPEN[i] as readonly [string, readonly unknown[]])[1].length) break
      index[i] = 0
      i--
    }
    if (i < 0) return
  }
}

/** Whether the evaluator allows `p` (a user, or some session of a role) to assume `role` for some request. */
function concretelyAllowed(s: Snapshot, p: SnapshotPrincipal, role: SnapshotRole): boolean {
  const policies = concretePolicies(s, p, role)
  const org = s.orgAccounts.get(p.account)
  const sessions = p.kind === 'role' ? ['s1', 'other'] : [undefined]
  for (const session of sessions) {
    const principal: RequestPrincipal = { kind: 'aws', arn: session === undefined ? p.arn : `arn:aws:sts::${p.account}:assumed-role/${p.name}/${session}` }
    for (const ctx of contexts()) {
      const context: Record<string, ContextValue> = {
        ...ctx,
        'aws:userid': session === undefined ? p.id : `${p.id}:${session}`,
        'aws:PrincipalArn': p.arn,
        ...(org !== undefined ? { 'aws:PrincipalOrgID': org.orgId, 'aws:PrincipalOrgPaths': [org.path] } : {}),
      }
      for (const t of p.tags.values()) context[`aws:PrincipalTag/${t.key}`] = t.value
      const request: Request = { principal, action: 'sts:AssumeRole', resource: role.arn, context }
      if (evaluateCompiled(request, policies).decision === 'allowed') return true
    }
  }
  return false
}

const mix = { allowed: 0, conditional: 0, uncertain: 0, denied: 0, concretelyAllowed: 0, witnessesChecked: 0 }
afterAll(() => {
  const total = mix.allowed + mix.conditional + mix.uncertain + mix.denied
  console.log(`analysis property mix over ${total} principal answers: ${JSON.stringify(mix)}`)
})

describe('who-can-assume is sound against the evaluator', () => {
  it('(a) every principal the evaluator allows for some request is reported; (b) every conditional witness is allowed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const s = snapshotOf(c)
        const target = s.roles.get(`arn:aws:iam::${A1}:role/Target`) as SnapshotRole
        const who = whoCanAssume(s, target.arn)
        expect(who.ok).toBe(true)
        if (!who.ok) return
        const reported = new Map(who.value.principals.filter((e) => e.via.length === 0).map((e) => [JSON.stringify(e.principal), e]))
        for (const p of s.principals.values()) {
          if (p.arn === target.arn) continue
          const answer = askTrust(s, { kind: 'principal', principal: p }, target)
          mix[answer.access]++
          if (concretelyAllowed(s, p, target)) {
            mix.concretelyAllowed++
            const entry = reported.get(JSON.stringify(p.arn))
            expect(entry?.access, `${p.arn} is allowed by the evaluator for some request but not reported`).toBeDefined()
          }
          if (answer.access === 'conditional' || answer.access === 'allowed') {
            expect(answer.witness, `${p.arn}: ${answer.access} without a witness`).not.toBeNull()
            const w = answer.witness
            if (w === null) continue
            const q = buildQuestion(s, { kind: 'principal', principal: p }, target, { hop: 0 })
            const principal: RequestPrincipal = typeof w.principal === 'string' ? { kind: 'aws', arn: w.principal } : 'service' in w.principal ? { kind: 'service', service: w.principal.service } : 'federated' in w.principal ? { kind: 'federated', provider: w.principal.federated } : { kind: 'anonymous' }
            expect(evaluateCompiled({ principal, action: w.action, resource: w.resource, context: w.context }, q.policies).decision, `${p.arn}: witness ${JSON.stringify(w)}`).toBe('allowed')
            mix.witnessesChecked++
          }
        }
      }),
      propertyParams(100),
    )
    // Each run asks every principal and searches concrete requests: long runs need more than the default.
  }, Math.max(60_000, propertyRuns(100) * 200))
})
