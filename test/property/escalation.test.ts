/**
 * Soundness of escalation edges against the engine itself. For generated caller policies (identity,
 * boundary, SCP) over a small vocabulary of Allow and Deny statements on the actions of a technique,
 * resources (exact, patterns, NotResource) and conditions (keys the snapshot knows, keys the caller
 * chooses, keys of the moment):
 * - never under-report: when some concrete request context and resource name let the engine allow
 *   every action of the technique, the edge is not `denied`;
 * - `allowed` means allowed whatever the unknown values: every concrete context of the grid lets the
 *   engine allow every action on the resource the hop names.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { actionQuestion } from '../../src/escalation/actionQuestion.js'
import { evaluateTechnique } from '../../src/escalation/evaluateTechnique.js'
import { Targets } from '../../src/escalation/targets.js'
import { techniqueById } from '../../src/escalation/techniques.js'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import type { ContextValue } from '../../src/request/types.js'
import { loadSnapshot } from '../../src/snapshot/loadSnapshot.js'
import type { Snapshot, SnapshotPrincipal } from '../../src/snapshot/types.js'
import { propertyParams } from '../helpers/arbitraries.js'

const A = '111111111111'
const ROLE = `arn:aws:iam::${A}:role/LambdaAdminRole`
const fn = (name: string): string => `arn:aws:lambda:us-east-1:${A}:function:${name}`

const RESOURCES = {
  'iam:PassRole': ['*', ROLE, `arn:aws:iam::${A}:role/Lambda*`, `arn:aws:iam::${A}:role/app/*`],
  'lambda:CreateFunction': ['*', `arn:aws:lambda:*:${A}:function:dev-*`, `arn:aws:lambda:*:${A}:function:*-test`, fn('fixed')],
  'lambda:InvokeFunction': ['*', `arn:aws:lambda:*:${A}:function:dev-*`, `arn:aws:lambda:*:${A}:function:*-test`, fn('fixed')],
} as const
type Action = keyof typeof RESOURCES
const CONDITIONS: readonly (Record<string, Record<string, string | string[]>> | undefined)[] = [
  undefined,
  { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
  { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'web' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'data' } },
  { StringEquals: { 'aws:RequestTag/team': 'web' } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
  { Null: { 'aws:RequestTag/team': 'true' } },
]

interface Gen {
  readonly effect: 'Allow' | 'Deny'
  readonly action: Action
  readonly wildcardAction: boolean
  readonly resourceIndex: number
  readonly notResource: boolean
  readonly condition: (typeof CONDITIONS)[number]
}
const statement: fc.Arbitrary<Gen> = fc.record({
  effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
  action: fc.constantFrom<Action>('iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'),
  wildcardAction: fc.boolean(),
  resourceIndex: fc.nat(3),
  notResource: fc.constantFrom(false, false, false, true),
  condition: fc.oneof(fc.constant(undefined), fc.constantFrom(...CONDITIONS)),
})

function doc(statements: readonly Gen[]): unknown {
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Effect: s.effect,
      Action: s.wildcardAction ? `${s.action.split(':')[0] as string}:*` : s.action,
      [s.notResource && s.effect === 'Allow' ? 'NotResource' : 'Resource']: RESOURCES[s.action][s.resourceIndex] ?? '*',
      ...(s.condition !== undefined ? { Condition: s.condition } : {}),
    })),
  }
}

function snapshotOf(identity: readonly Gen[], boundary: readonly Gen[] | undefined, scp: readonly Gen[] | undefined): Snapshot {
  const all = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
  const files = [
    {
      file: 'account.json',
      value: {
        UserDetailList: [{ UserName: 'dev', UserId: 'AIDAPROPERTYDEV00001', Arn: `arn:aws:iam::${A}:user/dev`, Path: '/', GroupList: [], Tags: [{ Key: 'team', Value: 'web' }],
          UserPolicyList: [{ PolicyName: 'generated', PolicyDocument: doc(identity) }], AttachedManagedPolicies: [],
          ...(boundary !== undefined ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/boundary` } } : {}) }],
        GroupDetailList: [],
        RoleDetailList: [{ RoleName: 'LambdaAdminRole', RoleId: 'AROAPROPERTYROLE0001', Arn: ROLE, Path: '/', InstanceProfileList: [], Tags: [], RolePolicyList: [], AttachedManagedPolicies: [],
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }],
        Policies: boundary !== undefined ? [{ PolicyName: 'boundary', Arn: `arn:aws:iam::${A}:policy/boundary`, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc(boundary) }] }] : [],
      },
    },
  ]
  if (scp !== undefined) {
    files.push({
      file: 'organization.json',
      value: {
        organization: {
          id: 'o-property01', managementAccountId: '999999999999',
          policies: { full: { name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: all }, gen: { name: 'generated', type: 'SERVICE_CONTROL_POLICY', document: doc([...scp, { effect: 'Allow', action: 'iam:PassRole', wildcardAction: true, resourceIndex: 0, notResource: false, condition: undefined }, { effect: 'Allow', action: 'lambda:CreateFunction', wildcardAction: true, resourceIndex: 0, notResource: false, condition: undefined }]) } },
          root: { id: 'r-prop', policies: ['full'], children: [], accounts: [{ id: A, policies: ['gen'] }] },
        },
      } as never,
    })
  }
  return loadSnapshot(files)
}

// Concrete values for every open key, and resource names matching each pattern of the vocabulary.
const GRID: readonly Record<string, ContextValue>[] = []
for (const team of [undefined, 'web', 'data']) for (const mfa of [undefined, 'true', 'false']) for (const region of [undefined, 'us-east-1', 'eu-west-1']) {
  const c: Record<string, ContextValue> = {}
  if (team !== undefined) c['aws:RequestTag/team'] = team
  if (mfa !== undefined) c['aws:MultiFactorAuthPresent'] = mfa
  if (region !== undefined) c['aws:RequestedRegion'] = region
  ;(GRID as Record<string, ContextValue>[]).push(c)
}
const NAMES = ['dev-x', 'x-test', 'dev-x-test', 'fixed', 'other']

function concreteAllows(snapshot: Snapshot, caller: SnapshotPrincipal, action: string, resource: string, extra: Record<string, ContextValue>, context: Record<string, ContextValue>): boolean {
  const q = actionQuestion({ snapshot }, caller, action, resource === ROLE ? { arn: resource, tags: new Map() } : { arn: resource }, extra, 'concrete')
  return evaluateCompiled({ ...q.request, context: { ...q.request.context, ...context } }, q.policies).decision === 'allowed'
}

describe('escalation edges against the engine', () => {
  const technique = techniqueById('lambda-create-invoke')
  const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined })
  // One Allow per action (so that many cases come close to an escalation), then other statements.
  const allowFor = (action: Action): fc.Arbitrary<Gen> => statement.map((s) => ({ ...s, effect: 'Allow', action }))
  const identityArb = fc.tuple(allowFor('iam:PassRole'), allowFor('lambda:CreateFunction'), allowFor('lambda:InvokeFunction'), fc.array(statement, { maxLength: 3 })).map(([a, b, c, rest]) => [a, b, c, ...rest])
  it('never under-report, and allowed means allowed for every concrete context', () => {
    const seen = { runs: 0, witnessed: 0, allowed: 0, conditional: 0 }
    fc.assert(
      fc.property(identityArb, maybe(identityArb), maybe(fc.array(statement, { maxLength: 2 })), (identity, boundary, scp) => {
        const snapshot = snapshotOf(identity, boundary, scp?.map((s) => ({ ...s, effect: 'Deny' as const })))
        const caller = snapshot.principals.get(`arn:aws:iam::${A}:user/dev`) as SnapshotPrincipal
        const role = snapshot.roles.get(ROLE) as SnapshotPrincipal
        const edge = evaluateTechnique({ snapshot, targets: new Targets(snapshot) }, caller, technique, role)
        const pass = { 'iam:PassedToService': 'lambda.amazonaws.com' }
        const witnessed = GRID.some((c) => concreteAllows(snapshot, caller, 'iam:PassRole', ROLE, pass, c) && NAMES.some((n) => concreteAllows(snapshot, caller, 'lambda:CreateFunction', fn(n), {}, c) && concreteAllows(snapshot, caller, 'lambda:InvokeFunction', fn(n), {}, c)))
        seen.runs++
        if (witnessed) seen.witnessed++
        if (edge.answer.access === 'allowed') seen.allowed++
        if (edge.answer.access === 'conditional') seen.conditional++
        if (witnessed) expect(edge.answer.access).not.toBe('denied')
        if (edge.answer.access === 'allowed') {
          for (const c of GRID) edge.actions.forEach((a, i) => expect(concreteAllows(snapshot, caller, a, edge.resources[i] as string, a === 'iam:PassRole' ? pass : {}, c), `${a} ${JSON.stringify(c)}`).toBe(true))
        }
      }),
      propertyParams(),
    )
    // The property is not vacuous: escalations were found, allowed and conditional ones among them.
    expect(seen.witnessed).toBeGreaterThan(seen.runs / 20)
    expect(seen.allowed).toBeGreaterThan(0)
    expect(seen.conditional).toBeGreaterThan(0)
  })
})
