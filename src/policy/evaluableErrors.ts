/**
 * Policy errors that still leave a complete AST with a defined fail-closed reading: such a policy is
 * evaluated (an Allow that depends on the bad part never grants, a Deny applies) and the error is
 * reported beside the decision. Any other error (a dropped statement or element, a wrong type, an
 * unknown element name that may hide a condition) makes the whole input invalid: never evaluated,
 * never allowed.
 */
import type { DiagnosticCode } from '../diagnostics.js'

const EVALUABLE: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'condition.unknown-operator',
  'condition.null-if-exists',
  'condition.bool-multiple-values',
  'condition.invalid-value',
  'condition.invalid-key',
  'condition.duplicate-key-case',
  'principal.bare-wildcard-in-trust',
  'principal.partial-wildcard',
  'principal.invalid-arn',
  'principal.invalid-value',
  'principal.invalid-account',
  'principal.service-wildcard',
  'principal.federated-not-allowed',
  'variable.malformed',
  'variable.unsupported-operator',
  'variable.outside-resource-part',
  'policy.invalid-sid',
  'policy.duplicate-sid',
  'policy.invalid-character',
  'policy.invalid-action',
  'policy.invalid-resource',
  'policy.invalid-version',
  'policy.version-required',
  'policy.rcp-effect',
  'policy.rcp-principal',
  'policy.rcp-action-wildcard',
  'policy.not-action-not-allowed',
  'policy.not-principal-not-allowed',
  'policy.resource-not-allowed',
  'policy.principal-not-allowed',
])

/** True when a policy with this error can still be evaluated fail-closed. */
export function isEvaluable(code: DiagnosticCode): boolean {
  return EVALUABLE.has(code)
}
