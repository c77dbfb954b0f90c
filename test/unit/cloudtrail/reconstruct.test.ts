/**
 * Reconstruction of the request AWS saw from a record: context keys from userIdentity, the source
 * address and the session, what the record cannot tell as unknowns, and bad input as located errors.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { describe, expect, it } from 'vitest'
import { explainEvents } from '../../../src/cloudtrail/explainEvent.js'
import type { EventExplanation } from '../../../src/cloudtrail/explainEvent.js'
import { parseCloudTrailTime } from '../../../src/cloudtrail/caller.js'
import type { Diagnostic } from '../../../src/diagnostics.js'
import { loadDemo } from '../graph/helpers.js'

const snapshot = loadDemo()
const alice = { type: 'IAMUser', principalId: 'AIDAAV7WKGLRQO4RJNKFR', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111', accessKeyId: 'AKIAEXAMPLEALICE0001', userName: 'alice' }
const consoleAlice = { ...alice, accessKeyId: 'ASIAEXAMPLEALICE0001', sessionContext: { attributes: { creationDate: '2025-06-02T08:51:33Z', mfaAuthenticated: 'true' } } }

function record(over: Record<string, unknown>): Record<string, unknown> {
  return { eventVersion: '1.08', userIdentity: alice, eventTime: '2025-06-02T09:14:07Z', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', awsRegion: 'us-east-1', sourceIPAddress: '198.51.100.23', requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/Admin', roleSessionName: 'alice' }, responseElements: null, eventID: 'e', ...over }
}

function explain(rec: Record<string, unknown>): EventExplanation {
  const { items } = explainEvents(JSON.stringify(rec), 'test.json', snapshot)
  const r = items[0]?.result
  if (r === undefined || !r.ok) throw new Error(JSON.stringify(r))
  return r.value
}

function failure(rec: Record<string, unknown>): Diagnostic {
  const { items } = explainEvents(JSON.stringify(rec), 'test.json', snapshot)
  const r = items[0]?.result
  if (r === undefined || r.ok) throw new Error('expected an error')
  return r.errors[0]
}

describe('context from the record', () => {
  it('time, region and source address', () => {
    const c = explain(record({})).request.context
    expect(c['aws:CurrentTime']).toBe('2025-06-02T09:14:07Z')
    expect(c['aws:EpochTime']).toBe('1748855647')
    expect(c['aws:RequestedRegion']).toBe('us-east-1')
    expect(c['aws:SourceIp']).toBe('198.51.100.23')
  })

  it('through a VPC endpoint: aws:SourceVpce and aws:VpcSourceIp, no aws:SourceIp', () => {
    const c = explain(record({ vpcEndpointId: 'vpce-0123456789abcdef0', sourceIPAddress: '10.0.1.5' })).request.context
    expect(c['aws:SourceVpce']).toBe('vpce-0123456789abcdef0')
    expect(c['aws:VpcSourceIp']).toBe('10.0.1.5')
    expect(c['aws:SourceIp']).toBeUndefined()
  })

  it('MFA from sessionContext, with its age from creationDate (STS call and other calls alike)', () => {
    const sts = explain(record({ userIdentity: consoleAlice }))
    expect(sts.request.context['aws:MultiFactorAuthPresent']).toBe('true')
    expect(sts.request.context['aws:MultiFactorAuthAge']).toBe('1354')
    expect(sts.succeeds).toBe(true)
    const iam = explain(record({ userIdentity: consoleAlice, eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', requestParameters: null }))
    expect(iam.request.context['aws:MultiFactorAuthAge']).toBe('1354')
  })

  it('long-term keys carry no MFA keys; unknown credentials leave MFA unknown and the decision depends on it', () => {
    const longTerm = explain(record({}))
    expect(longTerm.request.context['aws:MultiFactorAuthPresent']).toBeUndefined()
    expect(longTerm.dependsOnUnknowns).toBe(false)
    const unknown = explain(record({ userIdentity: { ...alice, accessKeyId: 'ASIAEXAMPLEALICE0002' } }))
    expect(unknown.dependsOnUnknowns).toBe(true)
    expect(unknown.unknowns.find((u) => u.key === 'aws:MultiFactorAuthPresent')?.decisive).toBe(true)
  })

  it('creationDate in basic ISO 8601, as older records write it', () => {
    expect(parseCloudTrailTime('20131102T010628Z')).toBe(Date.parse('2013-11-02T01:06:28Z'))
    expect(parseCloudTrailTime('not a date')).toBeUndefined()
  })

  it('a role session: aws:PrincipalArn with the role path, aws:userid, source identity and inherited transitive tags', () => {
    const session = { type: 'AssumedRole', principalId: 'AROANHXP5CL2VK4ROGASZ:carol', arn: 'arn:aws:sts::111111111111:assumed-role/ChainA/carol', accountId: '111111111111', sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROANHXP5CL2VK4ROGASZ', arn: 'arn:aws:iam::111111111111:role/ChainA', accountId: '111111111111', userName: 'ChainA' }, attributes: { creationDate: '2025-06-02T09:00:00Z', mfaAuthenticated: 'false' }, sourceIdentity: 'carol' } }
    const e = explain(record({ userIdentity: session, requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/ChainB', roleSessionName: 'carol-b', incomingTransitiveTags: { project: 'blue' } } }))
    expect(e.succeeds).toBe(true)
    expect(e.request.context['aws:PrincipalArn']).toBe('arn:aws:iam::111111111111:role/ChainA')
    expect(e.request.context['aws:userid']).toBe('AROANHXP5CL2VK4ROGASZ:carol')
    expect(e.request.context['aws:SourceIdentity']).toBe('carol')
    expect(e.request.context['aws:PrincipalTag/project']).toBe('blue')
  })

  it('web identity: aud read from principalId when the failed call has no response', () => {
    const provider = 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'
    const sub = 'repo:example-org/app:ref:refs/heads/main'
    const e = explain(record({ eventName: 'AssumeRoleWithWebIdentity', userIdentity: { type: 'WebIdentityUser', principalId: `${provider}:sts.amazonaws.com:${sub}`, userName: sub, identityProvider: provider }, requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/GitHubActionsDeploy', roleSessionName: 'gh' } }))
    expect(e.request.context['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com')
    expect(e.request.context['token.actions.githubusercontent.com:sub']).toBe(sub)
    expect(e.succeeds).toBe(true)
    expect(e.unknowns.some((u) => u.code === 'cloudtrail.redacted' && u.key === 'token.actions.githubusercontent.com:*')).toBe(true)
  })

  it('a service caller: aws:SourceArn and aws:SourceAccount are unknowns', () => {
    const e = explain(record({ userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }, sourceIPAddress: 'ec2.amazonaws.com', requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/EC2AppRole', roleSessionName: 'i-0abc' } }))
    expect(e.succeeds).toBe(true)
    expect(e.unknowns.map((u) => u.key)).toEqual(expect.arrayContaining(['aws:SourceArn', 'aws:SourceAccount']))
  })
})

describe('what the snapshot cannot tell', () => {
  it('a principal not in the snapshot: a decisive unknown, and a recorded success it cannot reproduce is explained', () => {
    const e = explain(record({ userIdentity: { ...alice, arn: 'arn:aws:iam::111111111111:user/mallory', principalId: 'AIDAMALLORY000000001', userName: 'mallory' } }))
    expect(e.unknowns.find((u) => u.code === 'cloudtrail.principal-not-in-snapshot')?.decisive).toBe(true)
    expect(e.agrees).toBe(false)
    expect(e.explanations.map((x) => x.code)).toContain('explain.outside-snapshot')
  })

  it('an event of a service the snapshot holds nothing for is explained with its unknowns', () => {
    const session = { type: 'AssumedRole', principalId: 'AROAABVJSZRJLSWNDYGAE:bob', arn: 'arn:aws:sts::333333333333:assumed-role/DevAdmin/bob', accountId: '333333333333', sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAABVJSZRJLSWNDYGAE', arn: 'arn:aws:iam::333333333333:role/DevAdmin', accountId: '333333333333', userName: 'DevAdmin' }, attributes: { creationDate: '2025-06-02T09:00:00Z', mfaAuthenticated: 'false' } } }
    const e = explain(record({ userIdentity: session, eventSource: 'dynamodb.amazonaws.com', eventName: 'DeleteTable', requestParameters: { tableName: 'orders' } }))
    expect(e.request.action).toBe('dynamodb:DeleteTable')
    expect(e.request.resource).toBe('arn:aws:dynamodb:us-east-1:333333333333:table/orders')
    expect(e.succeeds).toBe(true)
    expect(e.unknowns.find((u) => u.code === 'cloudtrail.resource-policy-unknown')?.decisive).toBe(true)
  })

  it('an SCP named by AWS but absent from the snapshot is a disagreement about the layer', () => {
    const e = explain(record({ errorCode: 'AccessDenied', errorMessage: 'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole with an explicit deny in a service control policy' }))
    expect(e.agrees).toBe(false)
    expect(e.explanations.map((x) => x.code)).toContain('explain.layer-mismatch')
  })
})

describe('bad input: located errors, never a crash', () => {
  it('an IAM Identity Center user is not authorized by IAM policies', () => {
    const d = failure(record({ userIdentity: { type: 'IdentityCenterUser', accountId: '111111111111', onBehalfOf: { userId: '544894e8-80c1-707f-60e3-3ba6510dfac1', identityStoreArn: 'arn:aws:identitystore::111111111111:identitystore/d-9067642ac7' } }, eventSource: 'sso.amazonaws.com', eventName: 'ListAccounts' }))
    expect([d.code, d.pointer]).toEqual(['cloudtrail.unsupported-identity', '/userIdentity/type'])
  })

  it('a console sign-in is authentication, not a policy decision', () => {
    const d = failure(record({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', requestParameters: null, errorMessage: 'Failed authentication', responseElements: { ConsoleLogin: 'Failure' } }))
    expect([d.code, d.pointer]).toEqual(['cloudtrail.unsupported-event', '/eventType'])
  })

  it('an AssumeRole record without roleArn', () => {
    const d = failure(record({ requestParameters: null }))
    expect([d.code, d.pointer]).toEqual(['cloudtrail.invalid-record', '/requestParameters/roleArn'])
  })

  it('a SAML record without the provider', () => {
    const d = failure(record({ eventName: 'AssumeRoleWithSAML', userIdentity: { type: 'SAMLUser', userName: 'dana' }, requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/SAMLAdmin' } }))
    expect([d.code, d.pointer]).toEqual(['cloudtrail.invalid-record', '/requestParameters/principalArn'])
  })
})
