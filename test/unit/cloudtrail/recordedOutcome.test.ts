/**
 * AWS's access-denied messages name the policy type that denied; the recorded outcome reads it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import { describe, expect, it } from 'vitest'
import { readRecordedOutcome } from '../../../src/cloudtrail/recordedOutcome.js'

const U = 'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: '

describe('readRecordedOutcome', () => {
  it.each([
    [`${U}codecommit:ListRepositories with an explicit deny in a service control policy`, 'scp', true],
    [`${U}codecommit:ListRepositories because no VPC endpoint policy allows the codecommit:ListRepositories action`, 'vpc-endpoint', false],
    [`${U}codedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* because no permissions boundary allows the codedeploy:ListDeployments action`, 'boundary', false],
    [`${U}sagemaker:ListModels with an explicit deny in a permissions boundary`, 'boundary', true],
    [`${U}codecommit:ListRepositories because no session policy allows the codecommit:ListRepositories action`, 'session', false],
    [`${U}codedeploy:ListDeployments on resource: x with an explicit deny in a sessions policy`, 'session', true],
    [`${U}secretsmanager:GetSecretValue because no resource-based policy allows the secretsmanager:GetSecretValue action`, 'resource-policy', false],
    [`${U}sts:AssumeRole with an explicit deny in the role trust policy`, 'trust-policy', true],
    [`${U}codecommit:ListRepositories because no identity-based policy allows the codecommit:ListRepositories action`, 'identity', false],
    [`${U}s3:GetObject with an explicit deny in a resource control policy`, 'rcp', true],
  ])('%s', (message, type, explicit) => {
    const r = readRecordedOutcome('AccessDenied', message)
    expect(r).toMatchObject({ outcome: 'denied', reason: 'authorization', policyType: type, explicit })
  })

  it('a message without a policy type leaves it open', () => {
    const r = readRecordedOutcome('AccessDenied', `${U}sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Admin`)
    expect(r.policyType).toBeUndefined()
    expect(r.reason).toBe('authorization')
  })

  it('tells policy denials from request-rule rejections and other failures', () => {
    expect(readRecordedOutcome(undefined, undefined)).toEqual({ outcome: 'allowed', reason: 'success' })
    expect(readRecordedOutcome('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.').reason).toBe('request-rule')
    expect(readRecordedOutcome('Client.UnauthorizedOperation', 'You are not authorized to perform this operation.').reason).toBe('authorization')
    expect(readRecordedOutcome('ExpiredTokenException', 'The security token included in the request is expired').reason).toBe('other')
  })
})
