/**
 * What a request's resource ARN says, read once: partition, account, whether a role's trust policy or
 * a KMS key policy decides, and whether AWS protects it whatever the policies say.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 */
import { describe, expect, it } from 'vitest'
import { protectedResourceOf, resourceFactsOf } from '../../../src/request/resourceFacts.js'

const A = '111122223333'

describe('resource facts', () => {
  it('reads partition and account; an ARN without an account (S3) or no ARN at all has none', () => {
    expect(resourceFactsOf(`arn:aws-cn:iam::${A}:role/Deploy`)).toStrictEqual({ resource: `arn:aws-cn:iam::${A}:role/Deploy`, lower: `arn:aws-cn:iam::${A}:role/deploy`, partition: 'aws-cn', account: A, isRole: true, isKmsKey: false, protectedResource: undefined })
    expect(resourceFactsOf('arn:aws:s3:::bucket/key')).toMatchObject({ partition: 'aws', account: undefined, isRole: false, isKmsKey: false, protectedResource: undefined })
    expect(resourceFactsOf('*')).toMatchObject({ partition: undefined, account: undefined, isRole: false, isKmsKey: false, protectedResource: undefined })
  })

  it('a KMS key is a kms ARN of a key/ resource: not an alias, not a key/ resource of another service', () => {
    expect(resourceFactsOf(`arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`).isKmsKey).toBe(true)
    expect(resourceFactsOf(`arn:aws:kms:us-east-1:${A}:alias/app`).isKmsKey).toBe(false)
    expect(resourceFactsOf(`arn:aws:payment-cryptography:us-east-1:${A}:key/abc`).isKmsKey).toBe(false)
  })

  it('reads protection from the ARN it parsed, as protectedResourceOf does', () => {
    const slr = `arn:aws:iam::${A}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`
    expect(resourceFactsOf(slr).protectedResource).toStrictEqual({ kind: 'serviceLinkedRole', service: 'ecs.amazonaws.com' })
    expect(resourceFactsOf('arn:aws:iam::aws:policy/ReadOnlyAccess').protectedResource).toStrictEqual({ kind: 'awsManagedPolicy' })
  })
})

describe('protected resources', () => {
  it('only IAM ARNs: not `*`, not a lookalike of another service', () => {
    expect(protectedResourceOf('*')).toBeUndefined()
    expect(protectedResourceOf('arn:aws:sns::aws:policy/ReadOnlyAccess')).toBeUndefined()
    expect(protectedResourceOf(`arn:aws:sso::${A}:role/aws-service-role/x.amazonaws.com/R`)).toBeUndefined()
  })

  it('an AWS managed policy is a global policy/ resource of the account `aws`', () => {
    expect(protectedResourceOf('arn:aws:iam:us-east-1:aws:policy/ReadOnlyAccess')).toBeUndefined()
    expect(protectedResourceOf('arn:aws:iam::aws:role/ReadOnlyAccess')).toBeUndefined()
  })

  it('a service-linked role path that names no service says so', () => {
    expect(protectedResourceOf(`arn:aws:iam::${A}:role/aws-service-role/AWSServiceRoleForX`)).toStrictEqual({ kind: 'serviceLinkedRole', service: undefined })
  })
})
