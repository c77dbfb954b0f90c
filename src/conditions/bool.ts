/**
 * The Bool operator: `"true"` or `"false"`, compared with the request's boolean value.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
 *
 * Only the lowercase spellings are read. AWS documents no other spelling (docs/semantics.md#bool),
 * so `"True"` or `"1"` in the policy or the request makes the comparison unknown (fail closed).
 * Policy variables: the operators page says Bool supports them, the variables page says it does not
 * (docs/semantics.md#bool); a value holding `${` is therefore unknown.
 */
import type { ConditionNode } from '../policy/types.js'
import { M_FALSE, M_INVALID, M_TRUE, NO_KEYS } from './evaluation.js'
import type { FamilyCompiled, ValueComparer } from './evaluation.js'


/** True for the two spellings AWS documents. */
function isCanonicalBool(text: string): boolean {
  return text === 'true' || text === 'false'
}

/** Compiles the values of a Bool condition. */
export function compileBoolValues(node: ConditionNode, variablesEnabled: boolean): FamilyCompiled {
  if (node.baseOperator !== 'Bool') {
    return { problem: { reason: 'unknownOperator', note: `unknown boolean operator ${node.baseOperator}` } }
  }
  // Access Analyzer rejects several values for a Bool key; the runtime is not documented (docs/semantics.md#bool).
  if (node.qualifier === undefined && node.values.length > 1) {
    return { problem: { reason: 'undocumented', note: 'undocumented: Bool with several values; fail closed' } }
  }
  const comparers: ValueComparer[] = []
  for (const { value } of node.values) {
    if (variablesEnabled && value.includes('${')) {
      return { problem: { reason: 'undocumented', note: 'docs conflict: policy variables in Bool; fail closed' } }
    }
    if (!isCanonicalBool(value)) {
      return { problem: { reason: 'invalidValue', note: `invalid Bool value "${value}": only "true" and "false" are documented; fail closed` } }
    }
    comparers.push({ policyValue: value, compare: (r) => (!isCanonicalBool(r) ? M_INVALID : r === value ? M_TRUE : M_FALSE) })
  }
  return { valueKind: 'boolean ("true" or "false")', variableKeys: NO_KEYS, comparers }
}
