/**
 * Which keys are multivalued (each documented key, in AWS's spelling), and base64 values decoded
 * exactly (every padding form against the platform's decoder, malformed forms unreadable).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
 */
import { describe, expect, it } from 'vitest'
import { decodeBase64 } from '../../../src/conditions/binary.js'
import { MULTIVALUED_KEYS, isMultivaluedKey } from '../../../src/conditions/multivaluedKeys.js'

const GKEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html'
const SAML = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml'
const BIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals'

describe('multivalued keys', () => {
  it(`the global and STS keys documented as multivalued (${GKEYS})`, () => {
    const keys = ['aws:TagKeys', 'aws:CalledVia', 'aws:PrincipalOrgPaths', 'aws:ResourceOrgPaths', 'aws:SourceOrgPaths', 'aws:VpceOrgPaths', 'aws:PrincipalServiceNamesList', 'sts:TransitiveTagKeys', 'sts:RequestContextProviders']
    for (const k of keys) expect(isMultivaluedKey(k.toLowerCase()), k).toBe(true)
  })

  it(`the SAML attributes marked as lists (${SAML})`, () => {
    const keys = [
      'saml:commonName', 'saml:cn', 'saml:eduPersonAffiliation', 'saml:eduPersonAssurance', 'saml:eduPersonEntitlement', 'saml:eduPersonNickname',
      'saml:eduPersonOrgUnitDN', 'saml:eduPersonScopedAffiliation', 'saml:eduPersonTargetedID', 'saml:eduOrgHomePageURI', 'saml:eduOrgIdentityAuthNPolicyURI',
      'saml:eduOrgLegalName', 'saml:eduOrgSuperiorURI', 'saml:eduOrgWhitePagesURI', 'saml:givenName', 'saml:mail', 'saml:name', 'saml:organizationStatus',
      'saml:primaryGroupSID', 'saml:surname', 'saml:uid', 'saml:x500UniqueIdentifier',
    ]
    for (const k of keys) expect(isMultivaluedKey(k.toLowerCase()), k).toBe(true)
    expect(MULTIVALUED_KEYS.size).toBe(keys.length + 9)
  })

  it(`every web-identity amr claim, but no aws: or sts: key named amr; single-valued keys are not (${GKEYS})`, () => {
    expect(isMultivaluedKey('cognito-identity.amazonaws.com:amr')).toBe(true)
    expect(isMultivaluedKey('accounts.google.com:amr')).toBe(true)
    expect(isMultivaluedKey('aws:amr')).toBe(false)
    expect(isMultivaluedKey('sts:amr')).toBe(false)
    for (const k of ['aws:sourceip', 'aws:username', 'aws:principaltag/team', 'saml:sub', 'cognito-identity.amazonaws.com:aud', 'accounts.google.com:amrx']) expect(isMultivaluedKey(k), k).toBe(false)
  })
})

describe(`base64 values (${BIN})`, () => {
  const platform = (text: string): number[] => [...Uint8Array.from(atob(text), (c) => c.charCodeAt(0))]

  it('every length and padding form decodes as the platform does', () => {
    const chars = 'AZaz09+/'
    const wrong: string[] = []
    for (let len = 1; len <= 3 * 4; len++) {
      for (let k = 0; k < chars.length; k++) {
        let body = ''
        for (let i = 0; i < len; i++) body += chars.charAt((i * 3 + k) % chars.length)
        const padded = body + '='.repeat((4 - (len % 4)) % 4)
        if (len % 4 === 1) {
          if (decodeBase64(padded) !== undefined) wrong.push(`${padded} should be unreadable`)
          continue
        }
        const got = decodeBase64(padded)
        if (got === undefined || JSON.stringify([...got]) !== JSON.stringify(platform(padded))) wrong.push(padded)
      }
    }
    expect(wrong.slice(0, 5)).toEqual([])
  })

  it('decodes known values, the empty value included', () => {
    expect([...(decodeBase64('QUJD') ?? [])]).toEqual([65, 66, 67])
    expect([...(decodeBase64('QUI=') ?? [])]).toEqual([65, 66])
    expect([...(decodeBase64('QQ==') ?? [])]).toEqual([65])
    expect([...(decodeBase64('/+/+') ?? [])]).toEqual([255, 239, 254])
    expect(decodeBase64('')).toEqual(new Uint8Array(0))
  })

  it('malformed forms are unreadable: no padding, padding inside, URL alphabet, spaces, non-ASCII', () => {
    for (const bad of ['QUJ', 'QQ', 'Q===', '=QUJ', 'QU=D', 'Q=UD', 'QUJD=', 'QUJD====', 'QQ==QUJD', 'QU-_', 'QU J', 'QUJé', 'QUJ\u0080', 'QUJ\u0000', '====']) expect(decodeBase64(bad), bad).toBeUndefined()
  })
})
