/**
 * Which condition keys are multivalued: the request can carry a set of values for them. A key is
 * single- or multivalued by what the request can hold, not by how many values a policy lists.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 */
const MULTIVALUED = new Set(
  [
    'aws:TagKeys',
    'aws:PrincipalOrgPaths',
    'aws:ResourceOrgPaths',
    'aws:SourceOrgPaths',
    'aws:VpceOrgPaths',
    'aws:CalledVia',
    'aws:PrincipalServiceNamesList',
    'sts:TransitiveTagKeys',
    'sts:RequestContextProviders',
    'saml:eduPersonAffiliation',
    'saml:eduPersonAssurance',
    'saml:eduPersonEntitlement',
    'saml:eduPersonNickname',
    'saml:eduPersonOrgUnitDN',
    'saml:eduPersonScopedAffiliation',
    'saml:eduOrgHomePageURI',
    'saml:eduOrgIdentityAuthNPolicyURI',
    'saml:eduOrgLegalName',
    'saml:eduOrgSuperiorURI',
    'saml:eduOrgWhitePagesURI',
    'saml:cn',
    'saml:commonName',
    'saml:givenName',
    'saml:surname',
    'saml:mail',
    'saml:name',
    'saml:organizationStatus',
    'saml:primaryGroupSID',
    'saml:uid',
  ].map((k) => k.toLowerCase()),
)

/** True for keys that hold a set of values: the table above, and every web-identity `amr` claim. */
export function isMultivalued(key: string): boolean {
  const lower = key.toLowerCase()
  return MULTIVALUED.has(lower) || lower.endsWith(':amr')
}
