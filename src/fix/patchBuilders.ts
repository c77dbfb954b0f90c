/**
 * JSON patches that change one statement of a policy as written: add a value to an element, add a
 * condition value, exempt a principal from a Deny, remove a statement, append a statement. Paths come
 * from the statement's own JSON pointers, so they apply to the document the user keeps.
 */
import type { ConditionNode, Policy, Statement } from '../policy/types.js'
import type { JsonPatchOperation, PatchValue } from './jsonPatch.js'

/** Appends `value` to a list written as an array or as a single string (which becomes an array). */
function addToList(elementPointer: string, values: readonly { readonly value: string; readonly pointer: string }[], value: string): JsonPatchOperation {
  const only = values[0]
  if (values.length === 1 && only !== undefined && only.pointer === elementPointer) return { op: 'replace', path: elementPointer, value: [only.value, value] }
  return { op: 'add', path: `${elementPointer}/-`, value }
}

/**
 * Adds an action to the statement's `Action` (not to a `NotAction`).
 *
 * @example
 * addAction(statement, 'sts:TagSession') // [{ op: 'add', path: '/Statement/0/Action/-', value: 'sts:TagSession' }]
 */
export function addAction(statement: Statement, action: string): JsonPatchOperation[] | undefined {
  const a = statement.action
  if (a === undefined || a.kind !== 'action') return undefined
  return [addToList(a.pointer, a.patterns, action)]
}

/** Adds a resource ARN to the statement's `Resource` (not to a `NotResource`). */
export function addResource(statement: Statement, resource: string): JsonPatchOperation[] | undefined {
  const r = statement.resource
  if (r === undefined || r.kind !== 'resource') return undefined
  return [addToList(r.pointer, r.patterns, resource)]
}

/** Adds a principal under `type` of the statement's `Principal` (not to a `NotPrincipal`, nor to `"*"`). */
export function addPrincipal(statement: Statement, type: 'AWS' | 'Service' | 'Federated', value: string): JsonPatchOperation[] | undefined {
  const p = statement.principal
  if (p === undefined || p.kind !== 'principal' || p.bareWildcard) return undefined
  const entries = p.entries.filter((e) => e.type === type)
  const typePointer = `${p.pointer}/${type}`
  if (entries.length === 0) return [{ op: 'add', path: typePointer, value }]
  return [addToList(typePointer, entries, value)]
}

/** Adds a value to a condition's value list. */
export function addConditionValue(node: ConditionNode, value: string): JsonPatchOperation[] {
  return [addToList(node.pointer, node.values, value)]
}

/**
 * Exempts a principal ARN from a statement (a Deny) with `ArnNotLike` on `aws:PrincipalArn`, reusing an
 * `ArnNotLike` block or key the statement already has.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function exemptPrincipal(statement: Statement, principalArn: string): JsonPatchOperation[] {
  const sp = statement.pointer
  const existing = statement.conditions.find((c) => c.operator === 'ArnNotLike' && c.keyLower === 'aws:principalarn')
  if (existing !== undefined) return addConditionValue(existing, principalArn)
  const block = statement.conditions.find((c) => c.operator === 'ArnNotLike')
  if (block !== undefined) return [{ op: 'add', path: `${block.operatorPointer}/aws:PrincipalArn`, value: principalArn }]
  if (statement.conditions.length > 0 || statement.emptyConditionBlock) return [{ op: 'add', path: `${sp}/Condition/ArnNotLike`, value: { 'aws:PrincipalArn': principalArn } }]
  return [{ op: 'add', path: `${sp}/Condition`, value: { ArnNotLike: { 'aws:PrincipalArn': principalArn } } }]
}

/** Removes a statement (not the only statement written as an object). */
export function removeStatement(statement: Statement): JsonPatchOperation[] | undefined {
  if (statement.pointer === '/Statement') return undefined
  return [{ op: 'remove', path: statement.pointer }]
}

/**
 * Appends a statement to a policy, turning a single-object `Statement` into a list.
 *
 * @example
 * appendStatement(policy, { Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' })
 */
export function appendStatement(policy: Policy, statement: PatchValue, written: PatchValue | undefined): JsonPatchOperation[] {
  const only = policy.statements[0]
  if (policy.statements.length === 1 && only?.pointer === '/Statement' && written !== undefined) return [{ op: 'replace', path: '/Statement', value: [written, statement] }]
  if (policy.statements.length === 0) return [{ op: 'add', path: '/Statement', value: [statement] }]
  return [{ op: 'add', path: '/Statement/-', value: statement }]
}
