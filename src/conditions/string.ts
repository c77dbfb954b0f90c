/**
 * String condition operators: StringEquals, StringNotEquals, StringEqualsIgnoreCase,
 * StringNotEqualsIgnoreCase, StringLike, StringNotLike. Policy variables are substituted in their values.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { flatText } from '../matching/flatText.js'
import { compileWildcardParts } from '../matching/wildcard.js'
import type { WildcardPattern } from '../matching/wildcard.js'
import type { ConditionNode } from '../policy/types.js'
import { M_FALSE, M_TRUE, M_UNDOCUMENTED, M_UNRESOLVED } from './evaluation.js'
import type { FamilyCompiled, MatchCode, ValueComparer } from './evaluation.js'
import {
  compileTemplate,
  piecesToWildcardParts,
  resolveTemplate,
  resolveTemplatePieces,
  resolvedText,
  staticText,
  staticWildcardParts,
  templateValuesKey,
  valueHolds,
} from './variables.js'
import type { Template } from './variables.js'
import { sameIgnoringCase } from '../matching/foldCase.js'

type StringMode = 'equals' | 'equalsIgnoreCase' | 'like'

const MODES: Readonly<Record<string, StringMode>> = Object.assign(Object.create(null) as Record<string, StringMode>, {
  StringEquals: 'equals',
  StringNotEquals: 'equals',
  StringEqualsIgnoreCase: 'equalsIgnoreCase',
  StringNotEqualsIgnoreCase: 'equalsIgnoreCase',
  StringLike: 'like',
  StringNotLike: 'like',
})

/** Note for a substituted value holding a wildcard character (docs/semantics.md#variables). */
const SUBSTITUTED_WILDCARD_NOTE =
  'undocumented: a substituted value holds * or ?; reading it literally and as a pattern disagree; fail closed'

/** Compiles the values of a String* condition. */
export function compileStringValues(node: ConditionNode, variablesEnabled: boolean): FamilyCompiled {
  const mode = MODES[node.baseOperator]
  if (mode === undefined) {
    return { problem: { reason: 'unknownOperator', note: `unknown string operator ${node.baseOperator}` } }
  }
  const comparers: ValueComparer[] = []
  const keys: string[] = []
  for (const value of node.values) {
    const template = compileTemplate(value.value, variablesEnabled)
    if (template.error !== undefined) {
      return { problem: { reason: 'invalidValue', note: template.error } }
    }
    for (const key of template.keysRead) if (!keys.includes(key)) keys.push(key)
    comparers.push(mode === 'like' ? likeComparer(template) : equalsComparer(template, mode === 'equalsIgnoreCase'))
  }
  return { comparers, valueKind: 'string', variableKeys: keys }
}

// PERF: comparers are object literals with their fields in one order (no spread of a shared base):
// a policy set can hold thousands of condition values, each compiled once.
function equalsComparer(template: Template, ignoreCase: boolean): ValueComparer {
  const policyValue = template.source
  const resolved = resolvedText(template)
  if (!template.hasVariables) {
    const text = flatText(staticText(template))
    if (!ignoreCase) return { policyValue, resolved, compare: (r) => (r === text ? M_TRUE : M_FALSE) }
    const lower = flatText(text.toLowerCase())
    return { policyValue, resolved, compare: (r) => (sameIgnoringCase(r, lower) ? M_TRUE : M_FALSE) }
  }
  return {
    policyValue,
    resolved,
    compare(r, context): MatchCode {
      const text = resolveTemplate(template, context)
      if (text === undefined) return M_UNRESOLVED
      if (ignoreCase) return sameIgnoringCase(r, text) ? M_TRUE : M_FALSE
      return r === text ? M_TRUE : M_FALSE
    },
  }
}

function likeComparer(template: Template): ValueComparer {
  const policyValue = template.source
  const resolved = resolvedText(template)
  if (!template.hasVariables) {
    const pattern = compileWildcardParts(template.source, staticWildcardParts(template))
    return { policyValue, resolved, compare: (r) => (pattern.matches(r) ? M_TRUE : M_FALSE) }
  }
  const cache = new Map<string, { readonly literal: WildcardPattern; readonly pattern: WildcardPattern | undefined }>()
  return {
    policyValue,
    resolved,
    undocumentedNote: SUBSTITUTED_WILDCARD_NOTE,
    compare(r, context): MatchCode {
      // PERF: the patterns depend only on the substituted values; a small bounded cache avoids recompiling.
      const key = templateValuesKey(template, context)
      if (key === undefined) return M_UNRESOLVED
      let compiled = cache.get(key)
      if (compiled === undefined) {
        const pieces = resolveTemplatePieces(template, context)
        if (pieces === undefined) return M_UNRESOLVED
        if (cache.size >= 64) cache.clear()
        compiled = {
          literal: compileWildcardParts(template.source, piecesToWildcardParts(pieces, false)),
          pattern: valueHolds(pieces, '*?') ? compileWildcardParts(template.source, piecesToWildcardParts(pieces, true)) : undefined,
        }
        cache.set(key, compiled)
      }
      // docs/semantics.md#variables: a substituted `*`/`?` is literal for the Allow reading and a wildcard for the Deny reading.
      const literal = compiled.literal.matches(r)
      if (compiled.pattern === undefined) return literal ? M_TRUE : M_FALSE
      const pattern = compiled.pattern.matches(r)
      if (literal !== pattern) return M_UNDOCUMENTED
      return literal ? M_TRUE : M_FALSE
    },
  }
}
