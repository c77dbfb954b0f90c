/**
 * Context keys AWS documents as multivalued: the request can carry a set of values for them, so a policy
 * must test them with `ForAllValues:` / `ForAnyValue:`, and they can never be policy variables.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */

/**
 * Global and STS keys documented as multivalued (lowercased).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
 */
const GLOBAL_AND_STS_KEYS: readonly string[] = [
  'aws:tagkeys',
  'aws:calledvia',
  'aws:principalorgpaths',
  'aws:resourceorgpaths',
  'aws:sourceorgpaths',
  'aws:vpceorgpaths',
  'aws:principalservicenameslist',
  'sts:transitivetagkeys',
  'sts:requestcontextproviders',
]

/**
 * SAML attribute keys marked `[]` ("can have a value that is a list") in the SAML trust-policy key list.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml
 */
const SAML_LIST_KEYS: readonly string[] = [
  'saml:commonname',
  'saml:cn',
  'saml:edupersonaffiliation',
  'saml:edupersonassurance',
  'saml:edupersonentitlement',
  'saml:edupersonnickname',
  'saml:edupersonorgunitdn',
  'saml:edupersonscopedaffiliation',
  'saml:edupersontargetedid',
  'saml:eduorghomepageuri',
  'saml:eduorgidentityauthnpolicyuri',
  'saml:eduorglegalname',
  'saml:eduorgsuperioruri',
  'saml:eduorgwhitepagesuri',
  'saml:givenname',
  'saml:mail',
  'saml:name',
  'saml:organizationstatus',
  'saml:primarygroupsid',
  'saml:surname',
  'saml:uid',
  'saml:x500uniqueidentifier',
]

const MULTIVALUED = new Set<string>([...GLOBAL_AND_STS_KEYS, ...SAML_LIST_KEYS])

/**
 * Every key AWS documents as multivalued, lowercased (OIDC `<provider>:amr` keys are matched by suffix).
 *
 * @example
 * MULTIVALUED_KEYS.has('aws:principalorgpaths') // true
 */
export const MULTIVALUED_KEYS: ReadonlySet<string> = MULTIVALUED

/**
 * True when AWS documents `keyLower` (a lowercased condition key) as multivalued. OIDC `amr` claims
 * (`cognito-identity.amazonaws.com:amr`, `<provider>:amr`) are multivalued for every provider.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 *
 * @example
 * isMultivaluedKey('aws:tagkeys') // true
 * isMultivaluedKey('aws:sourceip') // false
 */
export function isMultivaluedKey(keyLower: string): boolean {
  if (MULTIVALUED.has(keyLower)) return true
  return keyLower.endsWith(':amr') && !keyLower.startsWith('aws:') && !keyLower.startsWith('sts:')
}
