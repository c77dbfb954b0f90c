/**
 * The per-service index and the kind-specific refusals, each compiled inside its test; and the role
 * a NotPrincipal must list to exempt a role session.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
import { describe, expect, it } from 'vitest'
import { matchPrincipalElement } from '../../../src/compile/matchPrincipal.js'
import { compiled, facts, principalElement } from './helpers.js'

const GRAMMAR = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html'
const NOTPRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html'

describe('the per-service index', () => {
  it('lists a statement under the services its Action names, and statements without a fixed service under every one', () => {
    const p = compiled(
      'identity',
      { Sid: 'S3', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Sid: 'Iam', Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' },
      { Sid: 'Any', Effect: 'Allow', Action: '*', Resource: '*' },
      { Sid: 'None', Effect: 'Allow', Resource: '*' },
    )
    const sids = (service: string) => p.candidates(service).map((s) => s.ref.sid)
    expect(sids('s3')).toEqual(['S3', 'Any', 'None'])
    expect(sids('iam')).toEqual(['Iam', 'Any', 'None'])
    expect(sids('kms')).toEqual(['Any', 'None'])
  })
})

describe(`NotAction outside RCPs (${GRAMMAR})`, () => {
  it('a role trust policy reads NotAction as written', () => {
    const s = compiled('trust', { Effect: 'Allow', Principal: { AWS: '111122223333' }, NotAction: 'sts:TagSession' }).statements[0]
    expect(s?.action?.match('sts:assumerole')).toBe('true')
    expect(s?.action?.match('sts:tagsession')).toBe('false')
  })
})

describe(`NotPrincipal and a role session (${NOTPRIN})`, () => {
  it('listing another role of the account does not stand for the session’s own role', () => {
    const A = '111122223333'
    const session = `arn:aws:sts::${A}:assumed-role/Deploy/s1`
    const applies = (listed: string[]) => matchPrincipalElement(principalElement({ AWS: listed }, true), facts(session), 'Deny').result
    expect(applies([session, `arn:aws:iam::${A}:role/Other`, A])).toBe('true')
    expect(applies([session, `arn:aws:iam::${A}:role/Deploy`, A])).toBe('false')
  })
})
