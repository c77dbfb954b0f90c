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
  try {
    return printParsed(policy)
  } catch {
    // INVARIANT: a parsed policy always prints; only a value that is not one lands here.
    return record()
  }
}

function printParsed(policy: Policy): { readonly [key: string]: PrintedJson } {
  const out = record()
  if (policy.version !== undefined) out['Version'] = policy.version
  if (policy.id !== undefined) out['Id'] = policy.id
  out['Statement'] = policy.statements.map(printStatement)
  return out
}

function printStatement(statement: Statement): PrintedJson {
  const out = record()
  if (statement.sid !== undefined) out['Sid'] = statement.sid
  out['Effect'] = statement.effect
  if (statement.principal !== undefined) {
    out[statement.principal.kind === 'principal' ? 'Principal' : 'NotPrincipal'] = printPrincipal(statement.principal)
  }
  if (statement.action !== undefined) {
    out[statement.action.kind === 'action' ? 'Action' : 'NotAction'] = statement.action.patterns.map((p) => p.value)
  }
  if (statement.resource !== undefined) {
    out[statement.resource.kind === 'resource' ? 'Resource' : 'NotResource'] = statement.resource.patterns.map((p) => p.value)
  }
  if (statement.emptyConditionBlock || statement.conditions.length > 0) out['Condition'] = printConditions(statement.conditions)
  return out
}

function printPrincipal(principal: PrincipalElement): PrintedJson {
  if (principal.bareWildcard) return '*'
  const out = record()
  for (const entry of principal.entries) {
    const list = (out[entry.type] ?? []) as PrintedJson[]
    out[entry.type] = [...list, entry.value]
  }
  return out
}

function printConditions(conditions: readonly ConditionNode[]): PrintedJson {
  const out = record()
  for (const node of conditions) {
    const block = (out[node.operator] ?? record()) as Record<string, PrintedJson>
    out[node.operator] = block
    block[node.key] = node.values.map((v) => v.value)
  }
  return out
}
