/**
 * Lint on snapshots never passes silently over what it could not read: truncated pages and attached
 * policies the snapshot lacks are findings with the gap code; a complete set of pages is not.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
import { describe, expect, it } from 'vitest'
import { lintSources } from '../../../src/lint/lintSources.js'

const A = '111122223333'
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] }
const role = (name: string, extra: Record<string, unknown> = {}) => ({ Path: '/', RoleName: name, RoleId: `AROA${name.toUpperCase()}XXXXXXXXXXXXXXX`, Arn: `arn:aws:iam::${A}:role/${name}`, AssumeRolePolicyDocument: trust, RolePolicyList: [], AttachedManagedPolicies: [], Tags: [], InstanceProfileList: [], ...extra })
const page1 = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [role('R1')], Policies: [], IsTruncated: true, Marker: 'next' }
const page2 = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [role('R2')], Policies: [], IsTruncated: false }
const gaps = (sources: { path: string; value: unknown }[]) =>
  lintSources(sources.map((s) => ({ path: s.path, text: JSON.stringify(s.value) }))).findings.filter((f) => f.ruleId === 'snapshot-incomplete').map((f) => [f.file, f.message.split(']')[0]])

describe('snapshot gaps in lint', () => {
  it('a truncated page without its last page is a finding naming the file and the code', () => {
    expect(gaps([{ path: 'page1.json', value: page1 }])).toEqual([['page1.json', '[snapshot.truncated-page']])
  })
  it('pages given together are complete', () => {
    expect(gaps([{ path: 'page1.json', value: page1 }, { path: 'page2.json', value: page2 }])).toEqual([])
  })
  it('a snapshot collected with --filter Role lacks the attached managed policies', () => {
    const filtered = { RoleDetailList: [role('R', { AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] })] }
    expect(gaps([{ path: 'roles.json', value: filtered }])).toEqual([['roles.json', '[snapshot.missing-managed-policy']])
  })
})
