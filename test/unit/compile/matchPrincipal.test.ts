/**
 * Principal / NotPrincipal matching, three-valued, with the strength of the grant.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
import { describe, expect, it } from 'vitest'
import { matchPrincipalElement } from '../../../src/compile/matchPrincipal.js'
import type { PrincipalFacts } from '../../../src/compile/matchPrincipal.js'
import type { PrincipalElement } from '../../../src/policy/types.js'
import { facts, parsed } from './helpers.js'

const PRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html'
const NOTPRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html'
const IDS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids'
const EVAL_DA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'

const A = '111122223333'
const B = '444455556666'
const ALICE = `arn:aws:iam::${A}:user/alice`
const ROLE = `arn:aws:iam::${A}:role/Deploy`
const SESSION = `arn:aws:sts::${A}:assumed-role/Deploy/s1`
const FED = `arn:aws:sts::${A}:federated-user/carol`
const ROOT = `arn:aws:iam::${A}:root`
const EC2 = { kind: 'service', service: 'ec2.amazonaws.com' } as const
const GOOGLE = { kind: 'federated', provider: 'accounts.google.com' } as const
const SAML = { kind: 'federated', provider: `arn:aws:iam::${A}:saml-provider/Sso` } as const
const ANON = { kind: 'anonymous' } as const

function element(principal: unknown, not = false): PrincipalElement {
  // Federated principals belong in role trust policies; every other form is read from a resource policy.
  const trust = typeof principal === 'object' && principal !== null && 'Federated' in principal
  const statement = { Effect: 'Deny', [not ? 'NotPrincipal' : 'Principal']: principal, Action: trust ? 'sts:AssumeRoleWithWebIdentity' : 's3:*', ...(trust ? {} : { Resource: '*' }) }
  const p = parsed(trust ? 'trust' : 'resource', statement).statements[0]?.principal
  if (p === undefined) throw new Error('no principal')
  return p
}
const allow = (principal: unknown, f: PrincipalFacts, asAws = false) => matchPrincipalElement(element(principal), f, 'Allow', asAws)
const result = (principal: unknown, f: PrincipalFacts) => {
  const m = allow(principal, f)
  return m.result === 'true' ? m.strength : m.result
}

describe(`Principal: "*" (${PRIN})`, () => {
  it('matches every caller with wildcard strength in resource policies', () => {
    for (const f of [facts(ALICE), facts(EC2), facts(GOOGLE), facts(ANON)]) expect(allow('*', f)).toEqual({ result: 'true', strength: 'wildcard' })
  })

  it('is read as {"AWS": "*"} in trust policies: AWS and anonymous callers match, others are unknown', () => {
    expect(allow('*', facts(SESSION), true)).toEqual({ result: 'true', strength: 'wildcard' })
    expect(allow('*', facts(ANON), true)).toEqual({ result: 'true', strength: 'wildcard' })
    for (const f of [facts(EC2), facts(GOOGLE)]) {
      const m = allow('*', f, true)
      expect(m.result).toBe('unknown')
      expect(m.note).toMatch(/AWS/)
    }
    expect(allow({ AWS: '*' }, facts(EC2))).toMatchObject({ result: 'unknown' })
    expect(allow({ AWS: '*' }, facts(ALICE))).toEqual({ result: 'true', strength: 'wildcard' })
  })
})

describe(`Principal entries (${PRIN})`, () => {
  it.each([
    ['account id, same account', { AWS: A }, ALICE, 'account'],
    ['account id, other account', { AWS: B }, ALICE, 'false'],
    ['root ARN, same account', { AWS: ROOT }, SESSION, 'account'],
    ['root ARN, other partition', { AWS: `arn:aws-cn:iam::${A}:root` }, ALICE, 'false'],
    ['root ARN, other account', { AWS: `arn:aws:iam::${B}:root` }, ALICE, 'false'],
    ['account id, service caller', { AWS: A }, EC2, 'false'],
    ['account id, a caller of that account in another partition', { AWS: A }, `arn:aws-cn:iam::${A}:user/alice`, 'account'],
    ['an identity provider ARN under AWS is not a valid value', { AWS: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` }, ALICE, 'unknown'],
    ['user ARN, the user', { AWS: ALICE }, ALICE, 'user'],
    ['user ARN, another user', { AWS: `arn:aws:iam::${A}:user/bob` }, ALICE, 'false'],
    ['user ARN, name in another case', { AWS: `arn:aws:iam::${A}:user/Alice` }, ALICE, 'unknown'],
    ['user ARN, same name under another path', { AWS: `arn:aws:iam::${A}:user/team/alice` }, ALICE, 'unknown'],
    ['user ARN, other account', { AWS: `arn:aws:iam::${B}:user/alice` }, ALICE, 'false'],
    ['user ARN, other partition', { AWS: `arn:aws-cn:iam::${A}:user/alice` }, ALICE, 'false'],
    ['user ARN, a role session', { AWS: ALICE }, SESSION, 'false'],
    ['user ARN, a federated user', { AWS: ALICE }, FED, 'unknown'],
    ['role ARN, a session of it', { AWS: ROLE }, SESSION, 'role'],
    ['role ARN, the role itself', { AWS: ROLE }, ROLE, 'role'],
    ['role ARN with a path, a session of it', { AWS: `arn:aws:iam::${A}:role/ops/Deploy` }, SESSION, 'role'],
    ['role ARN, name in another case, a session', { AWS: `arn:aws:iam::${A}:role/deploy` }, SESSION, 'unknown'],
    ['role ARN under another path, the role', { AWS: `arn:aws:iam::${A}:role/ops/Deploy` }, ROLE, 'unknown'],
    ['role ARN, name in another case, the role', { AWS: `arn:aws:iam::${A}:role/deploy` }, ROLE, 'unknown'],
    ['role ARN, another role', { AWS: `arn:aws:iam::${A}:role/Other` }, SESSION, 'false'],
    ['role ARN, a user', { AWS: ROLE }, ALICE, 'false'],
    ['assumed-role ARN, the session', { AWS: SESSION }, SESSION, 'session'],
    ['assumed-role ARN, another session', { AWS: `arn:aws:sts::${A}:assumed-role/Deploy/s2` }, SESSION, 'false'],
    ['assumed-role ARN, session name in another case', { AWS: `arn:aws:sts::${A}:assumed-role/Deploy/S1` }, SESSION, 'unknown'],
    ['assumed-role ARN, the role as caller', { AWS: SESSION }, ROLE, 'unknown'],
    ['assumed-role ARN, the role as caller, name in another case', { AWS: `arn:aws:sts::${A}:assumed-role/deploy/s1` }, ROLE, 'unknown'],
    ['assumed-role ARN, another role as caller', { AWS: `arn:aws:sts::${A}:assumed-role/Other/s1` }, ROLE, 'false'],
    ['assumed-role ARN, a user', { AWS: SESSION }, ALICE, 'false'],
    ['federated-user ARN, the federated user', { AWS: FED }, FED, 'session'],
    ['federated-user ARN, another one', { AWS: `arn:aws:sts::${A}:federated-user/dave` }, FED, 'false'],
    ['federated-user ARN, a user', { AWS: FED }, ALICE, 'false'],
    ['service, the service', { Service: 'ec2.amazonaws.com' }, EC2, 'service'],
    ['service, another service', { Service: 'lambda.amazonaws.com' }, EC2, 'false'],
    ['service, an AWS caller', { Service: 'ec2.amazonaws.com' }, ALICE, 'false'],
    ['web identity provider, the provider', { Federated: 'accounts.google.com' }, GOOGLE, 'federated'],
    ['web identity provider, another provider', { Federated: 'graph.facebook.com' }, GOOGLE, 'false'],
    ['SAML provider, the provider', { Federated: SAML.provider }, SAML, 'federated'],
    ['SAML provider, another provider', { Federated: `arn:aws:iam::${A}:saml-provider/Other` }, SAML, 'false'],
    ['federated provider, an AWS caller', { Federated: 'accounts.google.com' }, ALICE, 'false'],
    ['canonical user, any caller', { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, ALICE, 'false'],
  ])('%s', (_name, principal, caller, expected) => {
    expect(result(principal, facts(caller as string))).toBe(expected)
  })

  it('gives a note with every unknown', () => {
    expect(allow({ AWS: `arn:aws:iam::${A}:user/Alice` }, facts(ALICE)).note).toMatch(/case/)
    expect(allow({ AWS: `arn:aws:iam::${A}:user/team/alice` }, facts(ALICE)).note).toMatch(/path/)
    expect(allow({ AWS: `arn:aws:iam::${A}:role/ops/Deploy` }, facts(ROLE)).note).toMatch(/path/)
    expect(allow({ AWS: SESSION }, facts(ROLE)).note).toMatch(/session/)
    expect(allow({ AWS: ALICE }, facts(FED)).note).toMatch(/federated/)
  })

  it('reads an invalid principal value as unknown, naming it', () => {
    const m = allow({ AWS: 'arn:aws:iam::*:root' }, facts(ALICE))
    expect(m.result).toBe('unknown')
    expect(m.note).toContain('arn:aws:iam::*:root')
  })

  it(`keeps the strongest matching entry, whatever the order (${EVAL_DA})`, () => {
    expect(result({ AWS: [A, ALICE] }, facts(ALICE))).toBe('user')
    expect(result({ AWS: [ALICE, A] }, facts(ALICE))).toBe('user')
    expect(result({ AWS: [ROLE, '*'] }, facts(SESSION))).toBe('wildcard')
    expect(result({ AWS: ['*', ROLE] }, facts(SESSION))).toBe('wildcard')
    expect(result({ AWS: [A, ROLE] }, facts(SESSION))).toBe('role')
    expect(result({ AWS: [ROLE, A] }, facts(SESSION))).toBe('role')
    expect(result({ AWS: [ROLE, SESSION] }, facts(SESSION))).toBe('session')
    expect(result({ AWS: [SESSION, ROLE] }, facts(SESSION))).toBe('session')
  })

  it('a match wins over an unknown entry, and an unknown over no match, in either order', () => {
    const odd = `arn:aws:iam::${A}:user/Alice`
    expect(result({ AWS: [odd, A] }, facts(ALICE))).toBe('account')
    expect(result({ AWS: [A, odd] }, facts(ALICE))).toBe('account')
    expect(result({ AWS: [B, odd] }, facts(ALICE))).toBe('unknown')
    expect(allow({ AWS: [odd, B] }, facts(ALICE)).note).toMatch(/case/)
    expect(result({ AWS: [B, `arn:aws:iam::${B}:user/x`] }, facts(ALICE))).toBe('false')
  })
})

describe(`Principal: unique ids (${IDS})`, () => {
  const USER_ID = 'AIDACKCEVSQ6C2EXAMPLE'
  const ROLE_ID = 'AROADBQP57FF2AEXAMPLE'
  it.each([
    ['user id, the user, id given', USER_ID, ALICE, USER_ID, 'user'],
    ['user id, another user, id given', USER_ID, ALICE, 'AIDAOTHER0000EXAMPLE', 'false'],
    ['role id, a session of the role, id given', ROLE_ID, SESSION, `${ROLE_ID}:s1`, 'role'],
    ['user id, a federated user, id given', USER_ID, FED, `${A}:carol`, 'unknown'],
    ['role id, a federated user, id given', ROLE_ID, FED, `${A}:carol`, 'false'],
    ['user id, the user, id not given', USER_ID, ALICE, undefined, 'unknown'],
    ['user id, a federated user, id not given', USER_ID, FED, undefined, 'unknown'],
    ['user id, a role session, id not given', USER_ID, SESSION, undefined, 'false'],
    ['role id, a session, id not given', ROLE_ID, SESSION, undefined, 'unknown'],
    ['role id, the role, id not given', ROLE_ID, ROLE, undefined, 'unknown'],
    ['role id, a user, id not given', ROLE_ID, ALICE, undefined, 'false'],
    ['role id, a federated user, id not given', ROLE_ID, FED, undefined, 'false'],
    ['user id, the root user, id not given', USER_ID, ROOT, undefined, 'false'],
  ])('%s', (_name, id, caller, userId, expected) => {
    expect(result({ AWS: id }, facts(caller, userId))).toBe(expected)
  })

  it('an unknown id is unknown, with a note that asks for aws:userid', () => {
    expect(allow({ AWS: USER_ID }, facts(ALICE)).note).toMatch(/aws:userid/)
  })

  it('a service caller never matches a unique id', () => {
    expect(result({ AWS: USER_ID }, facts(EC2, USER_ID))).toBe('false')
  })
})

describe(`NotPrincipal (${NOTPRIN})`, () => {
  const not = (principal: unknown, f: PrincipalFacts, effect: 'Allow' | 'Deny' = 'Deny') => matchPrincipalElement(element(principal, true), f, effect)
  const applies = (principal: unknown, f: PrincipalFacts) => not(principal, f).result

  it('with Allow never grants', () => {
    const m = not({ AWS: B }, facts(ALICE), 'Allow')
    expect(m.result).toBe('unknown')
    expect(m.note).toMatch(/NotPrincipal/)
  })

  it('"*" excludes everyone', () => {
    expect(applies('*', facts(ALICE))).toBe('false')
    expect(applies('*', facts(EC2))).toBe('false')
  })

  it('{"AWS": "*"} exempts AWS and anonymous callers, not services', () => {
    expect(applies({ AWS: '*' }, facts(ALICE))).toBe('false')
    expect(applies({ AWS: '*' }, facts(ANON))).toBe('false')
    expect(applies({ AWS: '*' }, facts(EC2))).toBe('true')
  })

  it('a user is exempt only with both its ARN and its account listed', () => {
    expect(applies({ AWS: [ALICE, A] }, facts(ALICE))).toBe('false')
    expect(applies({ AWS: [ALICE, ROOT] }, facts(ALICE))).toBe('false')
    expect(applies({ AWS: ALICE }, facts(ALICE))).toBe('true')
    expect(applies({ AWS: A }, facts(ALICE))).toBe('true')
    expect(applies({ AWS: [ALICE, B] }, facts(ALICE))).toBe('true')
  })

  it('a role session is exempt only with its session, its role and its account listed', () => {
    expect(applies({ AWS: [SESSION, ROLE, A] }, facts(SESSION))).toBe('false')
    expect(applies({ AWS: [SESSION, A] }, facts(SESSION))).toBe('true')
    expect(applies({ AWS: [ROLE, A] }, facts(SESSION))).toBe('true')
    expect(applies({ AWS: [SESSION, ROLE] }, facts(SESSION))).toBe('true')
  })

  it('a role given as the caller is never exempt', () => {
    expect(applies({ AWS: [ROLE, A] }, facts(ROLE))).toBe('true')
  })

  it('the root user is exempt with its account listed', () => {
    expect(applies({ AWS: A }, facts(ROOT))).toBe('false')
    expect(applies({ AWS: ROOT }, facts(ROOT))).toBe('false')
    expect(applies({ AWS: B }, facts(ROOT))).toBe('true')
  })

  it('a service is exempt with its own name listed', () => {
    expect(applies({ Service: 'ec2.amazonaws.com' }, facts(EC2))).toBe('false')
    expect(applies({ Service: 'lambda.amazonaws.com' }, facts(EC2))).toBe('true')
  })

  it('a federated user is exempt with its ARN and its account listed', () => {
    expect(applies({ AWS: [FED, A] }, facts(FED))).toBe('false')
    expect(applies({ AWS: FED }, facts(FED))).toBe('true')
  })

  it('a caller with a permissions boundary is never exempt, whatever is listed', () => {
    for (const caller of [ALICE, SESSION, ROLE, FED]) {
      const m = not({ AWS: [ALICE, SESSION, ROLE, FED, A, '*'] }, facts(caller, undefined, true))
      expect(m.result).toBe('true')
      expect(m.note).toMatch(/boundary/)
    }
    expect(applies({ AWS: A }, facts(ROOT, undefined, true))).toBe('false')
    expect(applies({ Service: 'ec2.amazonaws.com' }, facts(EC2, undefined, true))).toBe('false')
  })
})
