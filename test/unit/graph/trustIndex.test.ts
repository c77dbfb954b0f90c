/**
 * The trust index: which callers a trust policy can admit, read from its Allow statements' principals.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { describe, expect, it } from 'vitest'
import { principalRef } from '../../../src/graph/canAssume.js'
import { candidates, TrustIndex } from '../../../src/graph/trustIndex.js'
import { whoCanAssume } from '../../../src/graph/whoCanAssume.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import { authDetails, doc, roleRecord, userRecord } from './helpers.js'

const PRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html'
const A = '111122223333'
const B = '444455556666'
const assume = { UserPolicyList: [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }] }

function snapshotWith(trustPrincipal: unknown, extraStatement?: Record<string, unknown>) {
  const statements = [{ Effect: 'Allow', Principal: trustPrincipal, Action: 'sts:AssumeRole' }, ...(extraStatement !== undefined ? [extraStatement] : [])]
  return loadSnapshot([
    { file: 'a.json', value: authDetails({ users: [userRecord(A, 'alice', assume), userRecord(A, 'bob', assume)], roles: [roleRecord(A, 'Target', doc(...statements)), roleRecord(A, 'Other', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }))] }) },
  ])
}

describe('candidates', () => {
  it.each([
    { name: 'a user ARN names that user only', principal: { AWS: `arn:aws:iam::${A}:user/alice` }, expected: [`arn:aws:iam::${A}:user/alice`] },
    { name: 'a unique id names its entity', principal: { AWS: 'AIDABOBXXXXXXXXXXXXXX' }, expected: [`arn:aws:iam::${A}:user/bob`] },
    { name: 'the account covers its users and roles', principal: { AWS: A }, expected: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:role/Target`, `arn:aws:iam::${A}:role/Other`] },
    { name: 'another account is reported as written', principal: { AWS: `arn:aws:iam::${B}:root` }, expected: [{ account: B }] },
    { name: 'a role ARN outside the snapshot is reported as written', principal: { AWS: `arn:aws:iam::${B}:role/Ci` }, expected: [`arn:aws:iam::${B}:role/Ci`] },
    { name: 'a session ARN names its role', principal: { AWS: `arn:aws:sts::${A}:assumed-role/Other/s1` }, expected: [`arn:aws:iam::${A}:role/Other`] },
    { name: 'a service and a provider', principal: { Service: 'ec2.amazonaws.com', Federated: `arn:aws:iam::${A}:saml-provider/Okta` }, expected: [{ service: 'ec2.amazonaws.com' }, { federated: `arn:aws:iam::${A}:saml-provider/Okta` }] },
    { name: '"*" covers everyone, inside and outside', principal: { AWS: '*' }, expected: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:role/Target`, `arn:aws:iam::${A}:role/Other`, '*'] },
  ])(`$name (${PRIN})`, ({ principal, expected }) => {
    const s = snapshotWith(principal)
    const role = s.roles.get(`arn:aws:iam::${A}:role/Target`)
    expect(role === undefined ? [] : candidates(role, s).map(principalRef)).toEqual(expected)
  })

  it('Deny statements add no candidates', () => {
    const s = snapshotWith({ AWS: `arn:aws:iam::${A}:user/alice` }, { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' })
    const role = s.roles.get(`arn:aws:iam::${A}:role/Target`)
    expect(role === undefined ? [] : candidates(role, s).map(principalRef)).toEqual([`arn:aws:iam::${A}:user/alice`])
  })

  it('the forward index finds the roles that may admit a principal', () => {
    const s = snapshotWith({ AWS: `arn:aws:iam::${A}:user/alice` })
    const alice = s.principals.get(`arn:aws:iam::${A}:user/alice`)
    const bob = s.principals.get(`arn:aws:iam::${A}:user/bob`)
    const index = new TrustIndex(s)
    expect(alice === undefined ? [] : index.rolesFor(alice).map((r) => r.name)).toEqual(['Target'])
    expect(bob === undefined ? [] : index.rolesFor(bob).map((r) => r.name)).toEqual([])
  })

  it('a principal a described account does not have is kept, with a note', () => {
    const s = snapshotWith({ AWS: `arn:aws:iam::${A}:user/deleted` })
    const r = whoCanAssume(s, 'Target')
    expect(r.ok && r.value.principals.map((p) => [p.principal, p.external, p.notes.length > 0])).toEqual([[`arn:aws:iam::${A}:user/deleted`, true, true]])
  })
})
