/**
 * Principal / NotPrincipal corners: the default reading of a bare `"*"`, the strength a unique id
 * grants, names that differ from the caller's, the partition of a root ARN, and which listed
 * identities exempt a caller from a NotPrincipal Deny.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
import { describe, expect, it } from 'vitest'
import { matchPrincipalElement } from '../../../src/compile/matchPrincipal.js'
import { facts, principalElement } from './helpers.js'

const PRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html'
const NOTPRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html'
const IDS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids'

const A = '111122223333'
const ALICE = `arn:aws:iam::${A}:user/alice`
const ROLE = `arn:aws:iam::${A}:role/Deploy`
const SESSION = `arn:aws:sts::${A}:assumed-role/Deploy/s1`
const ROLE_ID = 'AROADBQP57FF2AEXAMPLE'
const USER_ID = 'AIDACKCEVSQ6C2EXAMPLE'
const EC2 = { kind: 'service', service: 'ec2.amazonaws.com' } as const

describe(`Principal corners (${PRIN})`, () => {
  it('a bare "*" outside a role trust policy matches a service caller with wildcard strength (the default reading)', () => {
    expect(matchPrincipalElement(principalElement('*'), facts(EC2), 'Allow')).toEqual({ result: 'true', strength: 'wildcard' })
  })

  it(`a role's unique id equal to the caller's id grants with session strength, a user's with user strength (${IDS})`, () => {
    expect(matchPrincipalElement(principalElement({ AWS: ROLE_ID }), facts(ROLE, ROLE_ID), 'Allow')).toEqual({ result: 'true', strength: 'session' })
    expect(matchPrincipalElement(principalElement({ AWS: USER_ID }), facts(ALICE, USER_ID), 'Allow')).toEqual({ result: 'true', strength: 'user' })
  })

  it(`an id of the other kind never names the caller, with or without its id (${IDS})`, () => {
    expect(matchPrincipalElement(principalElement({ AWS: ROLE_ID }), facts(ALICE), 'Allow')).toEqual({ result: 'false' })
    expect(matchPrincipalElement(principalElement({ AWS: USER_ID }), facts(ROLE), 'Allow')).toEqual({ result: 'false' })
    expect(matchPrincipalElement(principalElement({ AWS: USER_ID }), facts(SESSION), 'Allow')).toEqual({ result: 'false' })
    expect(matchPrincipalElement(principalElement({ AWS: ROLE_ID }), facts(SESSION), 'Allow').result).toBe('unknown')
  })

  it('a role ARN naming another role does not match the role given as the caller', () => {
    expect(matchPrincipalElement(principalElement({ AWS: `arn:aws:iam::${A}:role/Other` }), facts(ROLE), 'Allow')).toEqual({ result: 'false' })
  })

  it('a session name differing only in case is unknown, and the note says so', () => {
    const m = matchPrincipalElement(principalElement({ AWS: `arn:aws:sts::${A}:assumed-role/Deploy/S1` }), facts(SESSION), 'Allow')
    expect(m.result).toBe('unknown')
    expect(m.note).toMatch(/only in case/)
  })

  it('a user of another account with the same name does not match, even by name', () => {
    expect(matchPrincipalElement(principalElement({ AWS: `arn:aws:iam::444455556666:user/alice` }), facts(ALICE), 'Allow')).toEqual({ result: 'false' })
    expect(matchPrincipalElement(principalElement({ AWS: `arn:aws-cn:iam::${A}:user/alice` }), facts(ALICE), 'Allow')).toEqual({ result: 'false' })
  })

  it('a root ARN of another partition does not name the account', () => {
    expect(matchPrincipalElement(principalElement({ AWS: `arn:aws-us-gov:iam::${A}:root` }), facts(SESSION), 'Allow')).toEqual({ result: 'false' })
    expect(matchPrincipalElement(principalElement({ AWS: `arn:aws:iam::${A}:root` }), facts(SESSION), 'Allow')).toEqual({ result: 'true', strength: 'account' })
  })
})

describe(`NotPrincipal corners (${NOTPRIN})`, () => {
  const applies = (principal: unknown, caller: Parameters<typeof facts>[0], userId?: string) => matchPrincipalElement(principalElement(principal, true), facts(caller, userId), 'Deny').result

  it('only {"AWS": "*"} lists every AWS caller: an account id alone does not exempt its users', () => {
    expect(applies({ AWS: A }, ALICE)).toBe('true')
    expect(applies({ AWS: [A, `arn:aws:iam::${A}:user/bob`] }, ALICE)).toBe('true')
  })

  it('a role session is not exempt when the session and account are listed without the role', () => {
    expect(applies({ AWS: [SESSION, A] }, SESSION)).toBe('true')
    expect(applies({ AWS: [SESSION, A, ROLE] }, SESSION)).toBe('false')
  })

  it("a role given as the caller is never exempt, even with its own unique id and its account listed", () => {
    expect(applies({ AWS: [ROLE_ID, A] }, ROLE, ROLE_ID)).toBe('true')
    expect(applies({ AWS: [ROLE_ID, A, ROLE] }, ROLE, ROLE_ID)).toBe('true')
  })
})
