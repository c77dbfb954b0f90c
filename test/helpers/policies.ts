/** Shared builders and assertions for policy tests. */
import type { Diagnostic } from '../../src/diagnostics.js'
import type { PolicyKind } from '../../src/policy/types.js'

/** AWS documentation pages cited by test rows. */
export const DOCS = {
  GRAM: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
  VER: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
  STMT: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html',
  SID: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html',
  ID: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_id.html',
  EFFECT: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html',
  PRIN: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  NOTPRIN: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
  ACT: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
  NOTACT: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
  RES: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
  NOTRES: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
  COND: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html',
  OPS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  SETOPS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
  VARS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  IDS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html',
  QUOTAS: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  POLICIES: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html',
  AA: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
  OIDCROLE: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
  SAMLROLE: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html',
  SCPSYN: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html',
  RCPSYN: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html',
  GETROLEPOLICY: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html',
  RFC8259: 'https://www.rfc-editor.org/rfc/rfc8259',
} as const

/** A trust-policy statement allowing `sts:AssumeRole` to one account, for overriding in tests. */
export function trustStatement(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', ...extra }
}

/** An identity-policy statement, for overriding in tests. */
export function identityStatement(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', ...extra }
}

/** A 2012-10-17 document holding the given statements. */
export function doc(...statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements }
}

/** The base statement of each kind, valid on its own. */
export function baseStatement(kind: PolicyKind): Record<string, unknown> {
  switch (kind) {
    case 'trust':
      return trustStatement()
    case 'resource':
      return { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }
    case 'rcp':
      return { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }
    case 'scp':
      return { Effect: 'Allow', Action: '*', Resource: '*' }
    default:
      return identityStatement()
  }
}

/** `[code, pointer]` for every diagnostic, for order-insensitive comparisons. */
export function codesAt(diagnostics: readonly Diagnostic[]): [string, string][] {
  return diagnostics.map((d) => [d.code, d.pointer])
}

/** Strips `pointer` and `position` recursively, for comparing ASTs parsed from different forms. */
export function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (k === 'pointer' || k === 'position' || k === 'operatorPointer') continue
      out[k] = withoutLocations(v)
    }
    return out
  }
  return value
}
