/**
 * Policy AST → canonical JSON document: every list written as an array, every scalar as a string,
 * elements in grammar order. `parsePolicy(printPolicy(p), { kind: p.kind })` yields `p` again
 * (modulo positions and pointers of the single-object Statement form).
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import type { ConditionNode, Policy, PrincipalElement, Statement } from './types.js'

/**
 * A JSON-ready object tree with null-prototype objects (keys such as `__proto__` stay data).
 *
 * @example
 * const printed: { readonly [key: string]: PrintedJson } = printPolicy(policy)
 * JSON.stringify(printed, null, 2)
 */
export type PrintedJson = string | readonly PrintedJson[] | { readonly [key: string]: PrintedJson }

function record(): Record<string, PrintedJson> {
  return Object.create(null) as Record<string, PrintedJson>
}

/**
 * Prints a policy as a canonical JSON document (pass it to `JSON.stringify` for text). A value that is
 * not a parsed policy prints as an empty object; this never throws.
 *
 * @example
 * const parsed = parsePolicy('{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}', { kind: 'identity' })
 * if (parsed.ok) JSON.stringify(printPolicy(parsed.value)) // every list an array, keys in canonical order
 */
export function printPolicy(policy: Policy): { readonly [key: string]: PrintedJson } {
  return printDocument(policy, false)
}

/**
 * Prints a policy in the shape it was written: a list written as a single string stays a string and a
 * single-object `Statement` stays an object (read from the nodes' JSON pointers), so JSON pointers into
 * the original document — and JSON patches built from them — apply to the printed one. Scalars are
 * printed as strings and URL-encoded documents decoded, as in {@link printPolicy}.
 *
 * @example
 * const parsed = parsePolicy('{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}', { kind: 'identity' })
 * if (parsed.ok) printPolicyAsWritten(parsed.value) // { Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }
 */
export function printPolicyAsWritten(policy: Policy): { readonly [key: string]: PrintedJson } {
  return printDocument(policy, true)
}

function printDocument(policy: Policy, asWritten: boolean): { readonly [key: string]: PrintedJson } {
  try {
    return printParsed(policy, asWritten)
  } catch {
    // INVARIANT: a parsed policy always prints; only a value that is not one lands here.
    return record()
  }
}

function printParsed(policy: Policy, asWritten: boolean): { readonly [key: string]: PrintedJson } {
  const out = record()
  if (policy.version !== undefined) out['Version'] = policy.version
  if (policy.id !== undefined) out['Id'] = policy.id
  const statements = policy.statements.map((s) => printStatement(s, asWritten))
  // A single statement written as an object has the pointer `/Statement` (no index).
  out['Statement'] = asWritten && statements.length === 1 && policy.statements[0]?.pointer === '/Statement' ? (statements[0] as PrintedJson) : statements
  return out
}

/** The values of an element: a single value written as a scalar (its pointer is the element's own) stays one. */
function list(values: readonly { readonly value: string; readonly pointer: string }[], elementPointer: string, asWritten: boolean): PrintedJson {
  const only = values[0]
  if (asWritten && values.length === 1 && only !== undefined && only.pointer === elementPointer) return only.value
  return values.map((v) => v.value)
}

function printStatement(statement: Statement, asWritten: boolean): PrintedJson {
  const out = record()
  if (statement.sid !== undefined) out['Sid'] = statement.sid
  out['Effect'] = statement.effect
  if (statement.principal !== undefined) {
    out[statement.principal.kind === 'principal' ? 'Principal' : 'NotPrincipal'] = printPrincipal(statement.principal, asWritten)
  }
  if (statement.action !== undefined) {
    out[statement.action.kind === 'action' ? 'Action' : 'NotAction'] = list(statement.action.patterns, statement.action.pointer, asWritten)
  }
  if (statement.resource !== undefined) {
    out[statement.resource.kind === 'resource' ? 'Resource' : 'NotResource'] = list(statement.resource.patterns, statement.resource.pointer, asWritten)
  }
  if (statement.emptyConditionBlock || statement.conditions.length > 0) out['Condition'] = printConditions(statement.conditions, asWritten)
  return out
}

function printPrincipal(principal: PrincipalElement, asWritten: boolean): PrintedJson {
  if (principal.bareWildcard) return '*'
  const out = record()
  const types: PrincipalElement['entries'][number]['type'][] = []
  for (const entry of principal.entries) if (!types.includes(entry.type)) types.push(entry.type)
  for (const type of types) out[type] = list(principal.entries.filter((e) => e.type === type), `${principal.pointer}/${type}`, asWritten)
  return out
}

function printConditions(conditions: readonly ConditionNode[], asWritten: boolean): PrintedJson {
  const out = record()
  for (const node of conditions) {
    const block = (out[node.operator] ?? record()) as Record<string, PrintedJson>
    out[node.operator] = block
    block[node.key] = list(node.values, node.pointer, asWritten)
  }
  return out
}
