/**
 * The typed, normalised form of an IAM policy document. Every list is an array (never `X | X[]`),
 * every scalar is a string (JSON numbers and booleans are kept in their string form, as AWS reads
 * them), and every node keeps its JSON pointer and, when parsed from text, its line and column.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import type { PrincipalArnKind } from '../arn/arn.js'
import type { Diagnostic, SourcePosition } from '../diagnostics.js'

/**
 * Which kind of policy a document is; decides which elements are allowed.
 *
 * @example
 * parsePolicy(text, { kind: 'trust' satisfies PolicyKind })
 */
export type PolicyKind = 'identity' | 'trust' | 'resource' | 'boundary' | 'session' | 'scp' | 'rcp'

/**
 * Where a node came from.
 *
 * @example
 * const at: Located = statement // every node has its JSON pointer, e.g. '/Statement/2'
 * at.pointer
 */
export interface Located {
  /** JSON pointer from the document root, e.g. `/Statement/0/Condition/StringEquals/aws:userid`. */
  readonly pointer: string
  /** Start of the node in the source text, when the document was parsed from text. */
  readonly position?: SourcePosition
}

/**
 * A string value with its location.
 *
 * @example
 * statement.action?.patterns.map((p: StringNode) => `${p.value} at ${p.pointer}`)
 */
export interface StringNode extends Located {
  readonly value: string
}

/**
 * A parsed policy document.
 *
 * @example
 * const r = parsePolicy(text, { kind: 'identity', name: 'ReadOnly' })
 * if (r.ok) { const policy: Policy = r.value; policy.statements.length }
 */
export interface Policy extends Located {
  readonly kind: PolicyKind
  /** The display name given to `parsePolicy`, when one was given. */
  readonly name?: string
  /** `Version` as written, or undefined when absent. */
  readonly version?: string
  /** True only under Version 2012-10-17: otherwise `${...}` is literal text. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html */
  readonly variablesEnabled: boolean
  readonly id?: string
  readonly statements: readonly Statement[]
}

/**
 * Allow or Deny.
 *
 * @example
 * const denies = policy.statements.filter((s) => s.effect === ('Deny' satisfies Effect))
 */
export type Effect = 'Allow' | 'Deny'

/**
 * One statement.
 *
 * @example
 * for (const s of policy.statements) console.log(s.index, s.sid ?? '', s.effect, s.pointer)
 */
export interface Statement extends Located {
  /** Position in the document's statement list (0-based). */
  readonly index: number
  readonly sid?: string
  readonly effect: Effect
  readonly principal?: PrincipalElement
  readonly action?: ActionElement
  readonly resource?: ResourceElement
  /** One entry per (operator, key) pair; all are ANDed. Empty when the statement has no Condition. */
  readonly conditions: readonly ConditionNode[]
  /** True when the statement wrote `"Condition": {}` or an operator block with no keys (AWS: the statement has no effect; see docs/semantics.md#empty-condition). */
  readonly emptyConditionBlock: boolean
}

/**
 * `Action` or `NotAction`.
 *
 * @example
 * const a: ActionElement | undefined = statement.action
 * a?.kind === 'notAction' // NotAction: everything except the patterns
 */
export interface ActionElement extends Located {
  readonly kind: 'action' | 'notAction'
  readonly patterns: readonly StringNode[]
}

/**
 * `Resource` or `NotResource`.
 *
 * @example
 * statement.resource?.patterns.map((p) => p.value) // ['arn:aws:s3:::bucket/*']
 */
export interface ResourceElement extends Located {
  readonly kind: 'resource' | 'notResource'
  readonly patterns: readonly StringNode[]
}

/**
 * `Principal` or `NotPrincipal`.
 *
 * @example
 * const p: PrincipalElement | undefined = trustStatement.principal
 * p?.bareWildcard // true for "Principal": "*"
 */
export interface PrincipalElement extends Located {
  readonly kind: 'principal' | 'notPrincipal'
  /** True for the bare string form `"Principal": "*"`. */
  readonly bareWildcard: boolean
  /** The entries of the map form (empty for the bare `"*"`). */
  readonly entries: readonly PrincipalEntry[]
}

/**
 * The map key a principal entry appears under.
 *
 * @example
 * const services = principal.entries.filter((e) => e.type === ('Service' satisfies PrincipalType))
 */
export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'

/**
 * What a principal value denotes. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 *
 * @example
 * const wholeAccounts = principal.entries.filter((e) => e.form === 'root' || e.form === 'account')
 */
export type PrincipalForm =
  | 'wildcard' //             "*"
  | 'account' //              123456789012
  | 'root' //                 arn:aws:iam::123456789012:root
  | 'user' //                 arn:aws:iam::123456789012:user/path/name
  | 'role' //                 arn:aws:iam::123456789012:role/path/name
  | 'assumedRole' //          arn:aws:sts::123456789012:assumed-role/Role/session
  | 'federatedUser' //        arn:aws:sts::123456789012:federated-user/name
  | 'uniqueId' //             AIDA..., AROA...
  | 'service' //              ec2.amazonaws.com
  | 'oidcProvider' //         arn:aws:iam::123456789012:oidc-provider/host/path
  | 'samlProvider' //         arn:aws:iam::123456789012:saml-provider/Name
  | 'builtinIdp' //           cognito-identity.amazonaws.com, accounts.google.com, ...
  | 'canonicalUser' //        64 hex characters
  | 'invalid' //              anything else (a diagnostic was reported)

/**
 * One principal value.
 *
 * @example
 * for (const e of principal.entries) console.log(e.type, e.value, e.form, e.account ?? '')
 */
export interface PrincipalEntry extends Located {
  readonly type: PrincipalType
  readonly value: string
  readonly form: PrincipalForm
  /** The account the value names, when it names one. */
  readonly account?: string
  /** For a principal ARN: its parts, read once here so that evaluation never re-parses it. */
  readonly arn?: PrincipalArnKind
}

/**
 * Condition operator families. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 *
 * @example
 * const ipConditions = statement.conditions.filter((c) => c.family === ('ip' satisfies OperatorFamily))
 */
export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null' | 'unknown'

/**
 * Set qualifier prefix. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 *
 * @example
 * const forAll = statement.conditions.filter((c) => c.qualifier === ('ForAllValues' satisfies SetQualifier))
 */
export type SetQualifier = 'ForAllValues' | 'ForAnyValue'

/**
 * One (operator, key) pair of a Condition block, with its values.
 *
 * @example
 * // "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["team-*"]}
 * node.qualifier // 'ForAnyValue'; node.baseOperator // 'StringLike'; node.ifExists // true; node.keyLower // 'aws:tagkeys'
 */
export interface ConditionNode extends Located {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string
  /** JSON pointer of the operator block. */
  readonly operatorPointer: string
  /** The operator without qualifier and IfExists, e.g. `StringLike`; the written text when unknown. */
  readonly baseOperator: string
  readonly family: OperatorFamily
  /** True for StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike, NumericNotEquals, DateNotEquals, NotIpAddress, ArnNotEquals, ArnNotLike. */
  readonly negated: boolean
  readonly ifExists: boolean
  readonly qualifier?: SetQualifier
  /** The key as written. */
  readonly key: string
  /** The key lowercased: condition key names are case-insensitive. */
  readonly keyLower: string
  /** Values in their string form; several values are ORed (NORed for negated operators). */
  readonly values: readonly StringNode[]
}

/**
 * Options for `parsePolicy`.
 *
 * @example
 * parsePolicy(text, { kind: 'trust', file: 'roles/deploy-trust.json', name: 'DeployTrust', maxDepth: 32 })
 */
export interface ParsePolicyOptions {
  /** Which kind of policy the document is; decides which elements are allowed. */
  readonly kind: PolicyKind
  /** The file the document came from, copied into every diagnostic. */
  readonly file?: string
  /** A display name for the policy (e.g. the role or policy name). */
  readonly name?: string
  /** Nesting limit passed to the JSON reader (default 64). */
  readonly maxDepth?: number
  /** Length limit passed to the JSON reader, in characters (default 2 MiB). */
  readonly maxLength?: number
}

/**
 * The outcome of `parsePolicy`: `ok` is true iff no diagnostic has severity `error`. `diagnostics`
 * holds every problem found, warnings included. When `ok` is false, `recovered` holds the statements
 * that could still be built (for linting and fail-closed evaluation), unless the document was unreadable.
 *
 * @example
 * const r: PolicyParseResult = parsePolicy(text, { kind: 'identity' })
 * if (!r.ok) r.errors.map((d) => `${d.code} at ${d.pointer}`) // r.recovered may still hold the readable part
 */
export type PolicyParseResult = (
  | { readonly ok: true; readonly value: Policy }
  | { readonly ok: false; readonly errors: readonly [Diagnostic, ...Diagnostic[]] }
) & {
  readonly diagnostics: readonly Diagnostic[]
  readonly recovered?: Policy
}
