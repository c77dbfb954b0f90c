/**
 * Diagnostics: every problem iamtrace reports about its input is a value with a stable code from
 * one table, a severity, a JSON pointer, and (when parsed from text) a line and column.
 * Tests assert `code` and `pointer`, never message text.
 */

/** Severity of a diagnostic. */
export type Severity = 'error' | 'warning' | 'info'

/** A 1-based line and column in a source text. */
export interface SourcePosition {
  readonly line: number
  readonly column: number
}

/** The table of stable diagnostic codes. Add codes here, never inline. */
export const DIAGNOSTIC_CODES = {
  // JSON reading
  'json.syntax': { severity: 'error', summary: 'the text is not valid JSON' },
  'json.duplicate-key': { severity: 'error', summary: 'an object repeats a key' },
  'json.too-deep': { severity: 'error', summary: 'the document nests deeper than allowed' },
  'json.too-large': { severity: 'error', summary: 'the document is larger than allowed' },
  'json.invalid-url-encoding': { severity: 'error', summary: 'the URL-encoded document cannot be decoded' },
  'json.not-object': { severity: 'error', summary: 'the document is not a JSON object' },
  'json.unsupported-value': { severity: 'error', summary: 'a value handed in is not representable in JSON' },
  // policy grammar
  'policy.wrong-type': { severity: 'error', summary: 'an element has the wrong JSON type' },
  'policy.unknown-key': { severity: 'error', summary: 'an element name is not part of the policy grammar' },
  'policy.invalid-version': { severity: 'error', summary: 'Version is not 2012-10-17 or 2008-10-17' },
  'policy.missing-statement': { severity: 'error', summary: 'the policy has no Statement' },
  'policy.empty-statement': { severity: 'error', summary: 'Statement is an empty array' },
  'policy.missing-effect': { severity: 'error', summary: 'a statement has no Effect' },
  'policy.invalid-effect': { severity: 'error', summary: 'Effect is not exactly Allow or Deny' },
  'policy.missing-action': { severity: 'error', summary: 'a statement has neither Action nor NotAction' },
  'policy.missing-resource': { severity: 'error', summary: 'a statement has neither Resource nor NotResource' },
  'policy.missing-principal': { severity: 'error', summary: 'a statement needs Principal or NotPrincipal' },
  'policy.element-combination': { severity: 'error', summary: 'two mutually exclusive elements appear together' },
  'policy.empty-array': { severity: 'warning', summary: 'an element is an empty array and matches nothing' },
  'policy.invalid-sid': { severity: 'error', summary: 'a Sid has characters other than letters and digits' },
  'policy.duplicate-sid': { severity: 'error', summary: 'two statements share a Sid' },
  'policy.invalid-character': { severity: 'error', summary: 'a string has a character IAM does not accept' },
  'policy.invalid-action': { severity: 'error', summary: 'an action is not `*` or `service:name`' },
  'policy.invalid-resource': { severity: 'error', summary: 'a resource is not `*` or a well-formed ARN' },
  'policy.principal-not-allowed': { severity: 'error', summary: 'this kind of policy cannot have a Principal' },
  'policy.resource-not-allowed': { severity: 'error', summary: 'this kind of policy cannot have a Resource' },
  'policy.not-principal-not-allowed': { severity: 'error', summary: 'NotPrincipal is not allowed here' },
  'policy.not-action-not-allowed': { severity: 'error', summary: 'NotAction is not allowed here' },
  'policy.scp-resource': { severity: 'error', summary: 'an SCP Allow statement may only use Resource `*`' },
  'policy.rcp-effect': { severity: 'error', summary: 'a customer RCP statement must be Deny' },
  'policy.rcp-principal': { severity: 'error', summary: 'an RCP statement must use Principal `*`' },
  'policy.rcp-action-wildcard': { severity: 'error', summary: 'an RCP statement must name a service in Action' },
  'policy.version-required': { severity: 'error', summary: 'SCPs and RCPs must declare Version 2012-10-17' },
  'principal.invalid-key': { severity: 'error', summary: 'a Principal key is not AWS, Service, Federated or CanonicalUser' },
  'principal.invalid-value': { severity: 'error', summary: 'a principal value is not an account, ARN, unique id or service' },
  'principal.invalid-arn': { severity: 'error', summary: 'a principal ARN is malformed' },
  'principal.invalid-account': { severity: 'error', summary: 'an account id is not 12 digits' },
  'principal.partial-wildcard': { severity: 'error', summary: 'a principal uses a wildcard other than the whole value `*`' },
  'principal.service-wildcard': { severity: 'error', summary: '"Service": "*" is not allowed' },
  'principal.federated-not-allowed': { severity: 'error', summary: 'Federated principals are only valid in role trust policies' },
  'principal.bare-wildcard-in-trust': { severity: 'error', summary: 'a role trust policy must write {"AWS": "*"}, not "*"' },
  'condition.unknown-operator': { severity: 'error', summary: 'a condition operator is not in AWS\'s operator list' },
  'condition.null-if-exists': { severity: 'error', summary: 'NullIfExists is not a valid operator' },
  'condition.invalid-key': { severity: 'error', summary: 'a condition key is not of the form prefix:name' },
  'condition.duplicate-key-case': { severity: 'error', summary: 'one operator block names the same key twice with different case' },
  'condition.wrong-type': { severity: 'error', summary: 'a condition value is not a string, number or boolean' },
  'condition.empty': { severity: 'warning', summary: 'an empty Condition or value list' },
  'condition.invalid-value': { severity: 'error', summary: 'a condition value cannot be read by its operator' },
  'condition.bool-multiple-values': { severity: 'error', summary: 'a Bool condition has more than one value' },
  'variable.malformed': { severity: 'error', summary: 'a policy variable is malformed' },
  'variable.unsupported-in-version': { severity: 'warning', summary: 'a policy variable is literal text under this Version' },
  'variable.unsupported-operator': { severity: 'error', summary: 'policy variables are not supported by this operator' },
  // scenario files and requests
  'scenario.invalid': { severity: 'error', summary: 'the scenario file does not follow the scenario format' },
  'scenario.unknown-field': { severity: 'warning', summary: 'a scenario field is not part of the scenario format and is ignored' },
  'request.invalid-principal': { severity: 'error', summary: 'the request principal is not a recognised ARN or principal object' },
  'request.invalid-action': { severity: 'error', summary: 'the request action is not `service:Action`' },
  'request.invalid-context': { severity: 'error', summary: 'a context value is not a string, number, boolean or array of them' },
  // evaluation
  'evaluate.undecidable-condition': { severity: 'warning', summary: 'a condition could not be decided and was treated fail-closed' },
} as const satisfies Record<string, { severity: Severity; summary: string }>

/** A stable diagnostic code. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES

/** One problem found in an input. */
export interface Diagnostic {
  readonly code: DiagnosticCode
  readonly severity: Severity
  /** The file the input came from, when known. */
  readonly file?: string
  /** JSON pointer (RFC 6901) to the offending element, relative to the document root. */
  readonly pointer: string
  /** Where the element starts in the source text, when the input was text. */
  readonly position?: SourcePosition
  /** One line, lowercase, user input in backticks. */
  readonly message: string
  readonly help?: string
}

/** Builds a diagnostic with the table's default severity. */
export function diagnostic(
  code: DiagnosticCode,
  pointer: string,
  message: string,
  extra: { readonly position?: SourcePosition | undefined; readonly help?: string; readonly file?: string } = {},
): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code,
    severity: DIAGNOSTIC_CODES[code].severity,
    pointer,
    message,
  }
  if (extra.position !== undefined) d.position = extra.position
  if (extra.help !== undefined) d.help = extra.help
  if (extra.file !== undefined) d.file = extra.file
  return d
}

/** Escapes one JSON-pointer reference token (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1')
}

/** Appends a token to a JSON pointer. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${escapePointerToken(token)}`
}
