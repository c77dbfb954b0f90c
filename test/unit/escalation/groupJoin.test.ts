/**
 * A user allowed iam:AddUserToGroup takes on the policies of the group it joins: a group that is not an
 * administrator's but lets its members write policies, pass roles or change trust policies is the
 * first hop of a longer path. The join itself is decided by the engine (a Deny or a resource constraint
 * on the group removes it).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
 */
import { describe, expect, it } from 'vitest'
import { EscalationGraph } from '../../../src/escalation/escalationGraph.js'
import { escalationEdges, escalationPaths } from '../../../src/escalation/escalationPaths.js'
import { findEscalations } from '../../../src/escalation/findEscalations.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import type { Snapshot } from '../../../src/snapshot/types.js'

const A = '111111111111'
const V = '2012-10-17'
const OPS = `arn:aws:iam::${A}:group/ops`

function user(name: string, statements: unknown[], groups: string[] = []): unknown {
  return {
    UserName: name, UserId: `AIDAJOIN${name.toUpperCase().padEnd(12, '0').slice(0, 12)}`, Arn: `arn:aws:iam::${A}:user/${name}`, Path: '/', GroupList: groups, Tags: [], AttachedManagedPolicies: [],
    UserPolicyList: statements.length === 0 ? [] : [{ PolicyName: 'p', PolicyDocument: { Version: V, Statement: statements } }],
  }
}

const JOIN = [{ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: '*' }]
const ROLE = `arn:aws:iam::${A}:role/Deploy`

/** A snapshot with `joiner`, the group `ops` (and its member `operator`) and a role `Deploy` that trusts the account. */
function snapshotOf(statements: unknown[], opsStatements: unknown[]): Snapshot {
  return loadSnapshot([{
    file: 'account.json',
    value: {
      UserDetailList: [user('joiner', statements), user('operator', [], ['ops'])],
      GroupDetailList: [{ GroupName: 'ops', GroupId: 'AGPAJOINTEST00000001', Arn: OPS, Path: '/', AttachedManagedPolicies: [], GroupPolicyList: [{ PolicyName: 'ops', PolicyDocument: { Version: V, Statement: opsStatements } }] }],
      RoleDetailList: [{
        RoleName: 'Deploy', RoleId: 'AROAJOINTEST00000001', Arn: ROLE, Path: '/', Tags: [], AttachedManagedPolicies: [], RolePolicyList: [], InstanceProfileList: [],
        AssumeRolePolicyDocument: { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] },
      }],
      Policies: [],
    },
  }])
}

/** The paths of `joiner` (technique ids per hop), in a snapshot where the group `ops` may write user policies. */
function paths(statements: unknown[], opsStatements: unknown[] = [{ Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: '*' }]): string[] {
  const snapshot = snapshotOf(statements, opsStatements)
  const r = findEscalations(snapshot, { from: 'joiner' })
  if (!r.ok) throw new Error('unexpected')
  return r.value.escalations.map((e) => `${e.access}: ${e.path.map((h) => `${h.technique}(${h.resources.join(',')})→${h.to === 'admin' ? 'admin' : h.to.split('/').pop() ?? ''}`).join(' ')}`)
}

describe('joining a group, then going on with its permissions', () => {
  it('a user that may join a group whose members may write user policies reaches admin in two hops', () => {
    expect(paths([{ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: '*' }])).toEqual([`allowed: add-user-to-group(${OPS})→joiner put-user-policy(arn:aws:iam::${A}:user/joiner)→admin`])
  })

  it('a condition on the join is carried to the path', () => {
    expect(paths([{ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: OPS, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }])).toEqual([
      `conditional: add-user-to-group(${OPS})→joiner put-user-policy(arn:aws:iam::${A}:user/joiner)→admin`,
    ])
  })

  it('no path when a Deny covers the join, the Allow names another group, or the group grants nothing useful', () => {
    expect(paths([{ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: '*' }, { Effect: 'Deny', Action: 'iam:AddUserToGroup', Resource: OPS }])).toEqual([])
    expect(paths([{ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: `arn:aws:iam::${A}:group/readers` }])).toEqual([])
    expect(paths([{ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: '*' }], [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])).toEqual([])
  })

  it('paths --via all follows a join then an AssumeRole the group allows; graph --via all draws it as one edge', () => {
    const snapshot = snapshotOf(JOIN, [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }])
    const graph = new EscalationGraph(snapshot)
    const joiner = snapshot.principals.get(`arn:aws:iam::${A}:user/joiner`)
    const deploy = snapshot.principals.get(ROLE)
    if (joiner === undefined || deploy === undefined) throw new Error('unexpected')
    expect(escalationPaths(graph, joiner, deploy).map((p) => p.path.map((h) => h.technique))).toEqual([['add-user-to-group', 'assume-role']])
    expect(escalationEdges(graph, [joiner]).map((e) => `${e.to} ${e.technique} ${e.access}`)).toEqual([`${ROLE} add-user-to-group → assume-role allowed`])
  })
})
