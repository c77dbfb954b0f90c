/**
 * One definition of the requests a role's trust policy decides.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
 */
import { describe, expect, it } from 'vitest'
import { isAssumeRoleAction, isRoleTrustAction, isRoleTrustRequest, ROLE_TRUST_ACTIONS } from '../../../src/request/roleTrust.js'

describe('role trust requests', () => {
  it('covers the three assume APIs and the permission-only trust actions', () => {
    expect([...ROLE_TRUST_ACTIONS]).toEqual(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext'])
    expect(ROLE_TRUST_ACTIONS.filter(isAssumeRoleAction)).toEqual(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity'])
    expect(isRoleTrustAction('sts:getcalleridentity')).toBe(false)
  })

  it('needs a trust action (any case) on a role ARN', () => {
    expect(isRoleTrustRequest('STS:AssumeRole', 'arn:aws:iam::111122223333:role/a/b/Deploy')).toBe(true)
    expect(isRoleTrustRequest('sts:TagSession', 'arn:aws-cn:iam::111122223333:role/Deploy')).toBe(true)
    expect(isRoleTrustRequest('sts:AssumeRole', 'arn:aws:iam::111122223333:user/alice')).toBe(false)
    expect(isRoleTrustRequest('sts:AssumeRole', '*')).toBe(false)
    // A role/ resource of another service is no IAM role.
    expect(isRoleTrustRequest('sts:AssumeRole', 'arn:aws:sso:::role/Deploy')).toBe(false)
    expect(isRoleTrustRequest('iam:PassRole', 'arn:aws:iam::111122223333:role/Deploy')).toBe(false)
  })
})
