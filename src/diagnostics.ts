/**
 * Diagnostics: every problem iamtrace reports about its input is a value with a stable code from
 * one table, a severity, a JSON pointer, and (when parsed from text) a line and column.
 * Tests assert `code` and `pointer`, never message text.
 */

/**
 * Severity of a diagnostic.
 *
 * @example
 * const blocking = diagnostics.filter((d) => d.severity === 'error')
 */
export type Severity = 'error' | 'warning' | 'info'

/**
 * A 1-based line and column in a source text.
 *
 * @example
 * const at: SourcePosition = { line: 12, column: 7 }
 */
export interface SourcePosition {
  readonly line: number
  readonly column: number
}

/**
 * The table of stable diagnostic codes. Add codes here, never inline.
 *
 * @example
 * DIAGNOSTIC_CODES['policy.unknown-key'].severity // 'error'
 * const codes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]
 */
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
  'variable.outside-resource-part': { severity: 'error', summary: 'a policy variable stands before the fifth colon of a resource ARN, where AWS does not expand it' },
  // scenario files and requests
  'scenario.invalid': { severity: 'error', summary: 'the scenario file does not follow the scenario format' },
  'scenario.unknown-field': { severity: 'warning', summary: 'a scenario field is not part of the scenario format and is ignored' },
  'request.invalid-principal': { severity: 'error', summary: 'the request principal is not a recognised ARN or principal object' },
  'request.invalid-action': { severity: 'error', summary: 'the request action is not `service:Action`' },
  'request.invalid-context': { severity: 'error', summary: 'a context value is not a string, number, boolean or array of them' },
  'request.invalid': { severity: 'error', summary: 'the request is not an object with a principal, an action and a resource' },
  'request.invalid-resource': { severity: 'error', summary: 'the request resource is not a non-empty string' },
  // faults of iamtrace itself
  'internal.error': { severity: 'error', summary: 'iamtrace failed on this input; this is a bug, please report it with the input' },
  // evaluation
  'evaluate.invalid-policies': { severity: 'error', summary: 'the policies handed to evaluation are not a compiled policy set' },
  'evaluate.undecidable-condition': { severity: 'warning', summary: 'a condition could not be decided and was treated fail-closed' },
  // STS call files and the request rules AWS applies before any policy (AssumeRole family)
  'sts.invalid-call': { severity: 'error', summary: 'the STS call file does not follow the call-file format' },
  'sts.root-cannot-assume': { severity: 'error', summary: 'the root user cannot call AssumeRole' },
  'sts.caller-cannot-call': { severity: 'error', summary: 'this kind of caller or credential cannot call this STS API' },
  'sts.role-arn-length': { severity: 'error', summary: 'RoleArn is not 20 to 2048 characters' },
  'sts.max-session-duration': { severity: 'error', summary: 'the role MaxSessionDuration is not 3600 to 43200 seconds' },
  'sts.duration-too-short': { severity: 'error', summary: 'DurationSeconds is below 900' },
  'sts.duration-exceeds-role-max': { severity: 'error', summary: 'DurationSeconds exceeds the role MaxSessionDuration' },
  'sts.duration-exceeds-chaining-limit': { severity: 'error', summary: 'a role-chaining call asks for more than 3600 seconds' },
  'sts.get-session-token-duration': { severity: 'error', summary: 'GetSessionToken DurationSeconds is outside its range' },
  'sts.get-federation-token-duration': { severity: 'error', summary: 'GetFederationToken DurationSeconds is outside its range' },
  'sts.role-session-name': { severity: 'error', summary: 'RoleSessionName is not 2-64 characters of [\\w+=,.@-]' },
  'sts.external-id': { severity: 'error', summary: 'ExternalId is not 2-1224 characters of [\\w+=,.@:/-]' },
  'sts.source-identity': { severity: 'error', summary: 'SourceIdentity is not 2-64 characters of [\\w+=,.@-]' },
  'sts.source-identity-prefix': { severity: 'error', summary: 'SourceIdentity starts with the reserved prefix aws:' },
  'sts.source-identity-changed': { severity: 'error', summary: 'a chained call tries to change the source identity set earlier' },
  'sts.serial-number': { severity: 'error', summary: 'SerialNumber is not 9-256 characters of [\\w+=/:,.@-]' },
  'sts.token-code': { severity: 'error', summary: 'TokenCode is not exactly six digits' },
  'sts.mfa-incomplete': { severity: 'error', summary: 'TokenCode is given without SerialNumber' },
  'sts.session-policy-characters': { severity: 'error', summary: 'the inline session policy has a character outside TAB, LF, CR and U+0020-U+00FF' },
  'sts.session-policy-size': { severity: 'error', summary: 'inline and managed session policies exceed 2048 plaintext characters' },
  'sts.session-policy-malformed': { severity: 'error', summary: 'the inline session policy is not a valid policy' },
  'sts.policy-arns-count': { severity: 'error', summary: 'more than 10 PolicyArns' },
  'sts.policy-arn-account': { severity: 'error', summary: 'a managed session policy is not in the role account' },
  'sts.policy-arn-invalid': { severity: 'error', summary: 'a PolicyArns entry is not a managed policy ARN' },
  'sts.tags-count': { severity: 'error', summary: 'more than 50 session tags' },
  'sts.tag-key-length': { severity: 'error', summary: 'a session tag key is not 1-128 characters' },
  'sts.tag-value-length': { severity: 'error', summary: 'a session tag value is longer than 256 characters' },
  'sts.tag-characters': { severity: 'error', summary: 'a session tag key or value has a character AWS does not accept' },
  'sts.tag-duplicate-key': { severity: 'error', summary: 'two session tags share a key (compared case-insensitively)' },
  'sts.tag-collides-with-transitive': { severity: 'error', summary: 'a session tag key equals an inherited transitive tag key' },
  'sts.transitive-tag-keys-count': { severity: 'error', summary: 'more than 50 TransitiveTagKeys' },
  'sts.transitive-tag-key-length': { severity: 'error', summary: 'a transitive tag key is not 1-128 characters' },
  'sts.transitive-tag-key-not-passed': { severity: 'error', summary: 'a transitive tag key names no session tag passed in the call' },
  'sts.federated-user-name': { severity: 'error', summary: 'GetFederationToken Name is not 2-32 characters of [\\w+=,.@-]' },
  'sts.web-identity-token-length': { severity: 'error', summary: 'WebIdentityToken is not 4-20000 characters' },
  'sts.saml-assertion-length': { severity: 'error', summary: 'SAMLAssertion is not 4-100000 characters' },
  'sts.saml-assertion-expired': { severity: 'error', summary: 'the SAML assertion is past SessionNotOnOrAfter' },
  'sts.arn-length': { severity: 'error', summary: 'an ARN parameter (PrincipalArn, PolicyArns, ProviderArn, TaskPolicyArn) is not 20 to 2048 characters' },
  'sts.arn-characters': { severity: 'error', summary: 'an ARN parameter has a character outside STS\'s ARN character set' },
  'sts.parameter-not-supported': { severity: 'error', summary: 'the call passes a parameter this STS API does not have' },
  'sts.provider-id-length': { severity: 'error', summary: 'ProviderId is not 4 to 2048 characters' },
  'sts.provided-contexts-count': { severity: 'error', summary: 'ProvidedContexts does not hold 1 to 5 assertions' },
  'sts.context-assertion-length': { severity: 'error', summary: 'a ContextAssertion is not 4 to 2048 characters' },
  'sts.saml-session-duration': { severity: 'error', summary: 'the SAML SessionDuration attribute is not 900 to 43200 seconds' },
  'sts.target-principal': { severity: 'error', summary: 'AssumeRoot TargetPrincipal is missing, not 12 to 2048 characters, or not an account id or root user ARN' },
  'sts.task-policy-arn': { severity: 'error', summary: 'AssumeRoot TaskPolicyArn is missing or not one of AWS\'s root-task policies' },
  'sts.assume-root-duration': { severity: 'error', summary: 'AssumeRoot DurationSeconds is not 0 to 900 seconds' },
  // snapshots (account authorization details, organization) and the trust graph
  'snapshot.unreadable-file': { severity: 'error', summary: 'a snapshot file cannot be read from disk' },
  'snapshot.unknown-shape': { severity: 'error', summary: 'a snapshot file is neither account authorization details nor an organization' },
  'snapshot.invalid-field': { severity: 'error', summary: 'a snapshot field is missing or has the wrong type' },
  'snapshot.no-account': { severity: 'error', summary: 'no account id can be read from the ARNs of an authorization-details file' },
  'snapshot.invalid-policy': { severity: 'error', summary: 'a policy document in the snapshot does not parse; it grants nothing' },
  'snapshot.policy-fail-closed': { severity: 'warning', summary: 'an unreadable policy may deny: it is read as denying everything it could deny' },
  'snapshot.missing-managed-policy': { severity: 'warning', summary: 'an attached managed policy (or boundary) is not in the snapshot: the evaluator reads it as granting nothing, analyses of the principals it is attached to are at most uncertain' },
  'snapshot.missing-trust-policy': { severity: 'warning', summary: 'a role has no trust policy; nobody can assume it' },
  'snapshot.missing-group': { severity: 'warning', summary: 'a user is in a group the snapshot does not describe: analyses of the user are at most uncertain' },
  'snapshot.unknown-account': { severity: 'warning', summary: 'an account in the organization has no authorization-details file: answers about its principals are at most uncertain' },
  'snapshot.unknown-org-policy': { severity: 'error', summary: 'an organization node names a policy id that the file does not define' },
  'snapshot.empty-scp-level': { severity: 'warning', summary: 'an organization level has no SCP attached; nothing is allowed below it' },
  'snapshot.duplicate': { severity: 'warning', summary: 'an entity appears twice with different content; the first is kept' },
  'snapshot.inventory-account-unknown': { severity: 'warning', summary: 'an inventory file lists no resource, so the account it covers cannot be told' },
  'graph.unknown-principal': { severity: 'error', summary: 'the principal or role is not in the snapshot' },
  'graph.ambiguous-name': { severity: 'error', summary: 'a name matches more than one principal or role' },
  'graph.too-many-conditions': { severity: 'warning', summary: 'too many open conditions to enumerate; the answer is conservative' },
  // escalation analysis: reasons for uncertain answers and inputs not read fully
  'escalation.no-inventory': { severity: 'warning', summary: 'a technique acts on existing resources and the snapshot has no inventory of them for the account' },
  'escalation.resource-names-differ': { severity: 'warning', summary: 'each action is allowed on some resource name, but no tried name is allowed for all of them' },
  'escalation.unknown-role': { severity: 'warning', summary: 'an inventoried resource runs with a role or instance profile the snapshot does not describe' },
  'escalation.truncated': { severity: 'warning', summary: 'paths longer than the depth bound were not followed; the list is incomplete' },
  // analyses: why an answer is uncertain (access possible, the inputs cannot decide)
  'analysis.empty-condition': { severity: 'warning', summary: 'a statement has `"Condition": {}`, which Access Analyzer says does not affect the policy; access is possible' },
  'analysis.undecidable-condition': { severity: 'warning', summary: 'a condition the engine cannot decide: an Allow may grant, a Deny may not apply' },
  'analysis.undecidable-principal': { severity: 'warning', summary: 'a principal the engine cannot match (e.g. a shape IAM rejects): an Allow may grant, a Deny may not apply' },
  'analysis.no-witness': { severity: 'warning', summary: 'the conditions may never hold together: no request satisfying them was found that the evaluator allows' },
  'analysis.undecidable-statement': { severity: 'warning', summary: 'a statement the engine cannot decide: an Allow may grant, a Deny may not apply' },
  // snapshot gaps: inputs not read fully; every answer they can affect is at most uncertain
  'snapshot.truncated-page': { severity: 'warning', summary: 'a `get-account-authorization-details` page says more pages follow, and the snapshot has no last page for its account' },
  // diff: why a change is uncertain, and inputs it could not compare
  'diff.too-many-conditions': { severity: 'warning', summary: 'too many open conditions to compare the two versions exactly: a new access cannot be ruled out' },
  'diff.undecided-conditions': { severity: 'warning', summary: 'conditions of the two versions on one key could not be compared exactly: a new access cannot be ruled out' },
  'diff.no-witness': { severity: 'warning', summary: 'the analysis finds a new access but no concrete request was confirmed by the evaluator' },
  'diff.unresolved-value': { severity: 'warning', summary: 'a value of a template or configuration is unresolved and differs between the versions: the change cannot be decided' },
  'diff.unread-policy': { severity: 'warning', summary: 'a policy of one version could not be read: what it grants is unknown' },
  'diff.kind-mismatch': { severity: 'error', summary: 'BEFORE and AFTER are different kinds of input' },
  'diff.unreadable': { severity: 'error', summary: 'an input of the diff cannot be read' },
  'diff.chains-truncated': { severity: 'warning', summary: 'the walk of role chains stopped early: gained chains beyond it are not reported' },
  'diff.invalid-policy': { severity: 'error', summary: 'a policy of the diff does not parse' },
  'cloudtrail.unreadable': { severity: 'error', summary: 'an event file is neither JSON nor JSON lines' },
  'cloudtrail.no-records': { severity: 'error', summary: 'an event file holds no CloudTrail record' },
  'cloudtrail.invalid-record': { severity: 'error', summary: 'a CloudTrail record lacks a field iamtrace needs, or has the wrong type' },
  'cloudtrail.unsupported-identity': { severity: 'error', summary: 'the record\'s userIdentity is of a kind IAM policies do not authorize' },
  'cloudtrail.unsupported-event': { severity: 'error', summary: 'the record is not an API call IAM policies authorize (a sign-in, a service event, an Insights event)' },
  'cloudtrail.unknown-value': { severity: 'info', summary: 'a request value AWS had that the record does not show' },
  'cloudtrail.redacted': { severity: 'info', summary: 'a value AWS never logs or has hidden' },
  'cloudtrail.principal-not-in-snapshot': { severity: 'info', summary: 'the caller is not in the snapshot: its policies are unknown' },
  'cloudtrail.role-not-in-snapshot': { severity: 'info', summary: 'the role is not in the snapshot: its trust policy is unknown' },
  'cloudtrail.no-organization': { severity: 'info', summary: 'the snapshot has no organization data for an account: its SCPs or RCPs are unknown' },
  'cloudtrail.resource-policy-unknown': { severity: 'info', summary: 'the resource-based policy of the target is not in the snapshot' },
  'cloudtrail.session-policy-unknown': { severity: 'info', summary: 'the session policies of the caller\'s session are not in the record' },
  'cloudtrail.resource-unknown': { severity: 'info', summary: 'the record does not say which resource the request was on' },
  'cloudtrail.action-approximate': { severity: 'info', summary: 'the action is read from the event name; the API may be authorized by other actions' },
  'explain.unknown-value': { severity: 'info', summary: 'a value the record does not show could explain the recorded outcome' },
  'explain.missing-policy-type': { severity: 'info', summary: 'a policy type the snapshot lacks could explain the recorded outcome' },
  'explain.outside-snapshot': { severity: 'info', summary: 'a principal or role the snapshot does not describe could explain the recorded outcome' },
  'explain.stale-snapshot': { severity: 'info', summary: 'the snapshot may not hold the policies in force when the event happened' },
  'explain.layer-mismatch': { severity: 'info', summary: 'AWS names a different policy type than the one the model blames' },
  'explain.not-authorization': { severity: 'info', summary: 'the call failed for a reason other than a policy decision' },
} as const satisfies Record<string, { severity: Severity; summary: string }>

/**
 * A stable diagnostic code.
 *
 * @example
 * const code: DiagnosticCode = 'policy.unknown-key'
 */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES

/**
 * One problem found in an input.
 *
 * @example
 * const r = parseScenario(text, { file: 'x.json' })
 * if (!r.ok) for (const d of r.errors) console.log(`${d.file}:${d.position?.line}: ${d.code} at ${d.pointer}`)
 */
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

/**
 * Turns an exception caught at a library boundary into a diagnostic: resource exhaustion (a stack or
 * string/array length limit, a `RangeError`) says so as `json.too-large`; anything else is a fault of
 * iamtrace itself (`internal.error`), with a request to report it.
 *
 * @example
 * try { work() } catch (caught) { return { errors: [exceptionDiagnostic(caught, '', 'reading the policy')] } }
 */
export function exceptionDiagnostic(caught: unknown, pointer: string, doing: string): Diagnostic {
  if (caught instanceof RangeError) return diagnostic('json.too-large', pointer, `${doing}: the input exceeds resource limits (${caught.message})`)
  const message = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)
  return diagnostic('internal.error', pointer, `internal error while ${doing}: ${message.slice(0, 300)}`, {
    help: 'this is a bug in iamtrace, not a problem of the input: please report it together with the input that caused it',
  })
}

/** Escapes one JSON-pointer reference token (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  if (typeof token === 'number') return String(token)
  // PERF: most tokens need no escaping; the replacements run only for those that do.
  if (!token.includes('~') && !token.includes('/')) return token
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** Appends a token to a JSON pointer. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${escapePointerToken(token)}`
}
