/**
 * ARN condition operators: ArnEquals, ArnLike, ArnNotEquals, ArnNotLike. The six colon-delimited parts
 * (`arn`, partition, service, region, account, resource — the last one keeps any further colons) are
 * compared part by part, case-sensitively, each part allowing `*` and `?`; ArnEquals honours wildcards
 * exactly as ArnLike does. Policy variables are substituted.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 *
 * Fail-closed choices: a policy value without six parts is unreadable (unknown); a request value without
 * six parts is unknown; a substituted value holding `:` (which would move part boundaries) or `*`/`?`
 * (literal or wildcard, docs/semantics.md#variables) is unknown when its readings could disagree.
 */
import { splitArnParts } from '../arn/arn.js'
import { splitArnPatternGroups } from '../matching/arnParts.js'
import { compileWildcardParts } from '../matching/wildcard.js'
import type { WildcardPart, WildcardPattern } from '../matching/wildcard.js'
import type { ConditionNode } from '../policy/types.js'
import { M_FALSE, M_INVALID, M_TRUE, M_UNDOCUMENTED, M_UNRESOLVED } from './evaluation.js'
import type { FamilyCompiled, MatchCode, ValueComparer } from './evaluation.js'
import { compileTemplate, piecesToWildcardParts, resolvedText, resolveTemplatePieces, staticWildcardParts, templateValuesKey, valueHolds } from './variables.js'
import type { ResolvedPiece, Template } from './variables.js'

const OPERATORS = new Set(['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'])

const SUBSTITUTION_NOTE =
  'undocumented: a substituted value holds *, ? or : inside an ARN operator; its readings may disagree; fail closed'

/** Splits wildcard parts into six per-part patterns; undefined when there are fewer than six parts. */
function splitPatternParts(source: string, parts: readonly WildcardPart[]): WildcardPattern[] | undefined {
  const groups = splitArnPatternGroups(parts)
  if (groups.length < 6) return undefined
  return groups.map((group) => compileWildcardParts(source, group))
}

function matchParts(patterns: readonly WildcardPattern[], requestValue: string): MatchCode {
  const parts = splitArnParts(requestValue)
  if (parts === undefined) return M_INVALID
  for (let i = 0; i < 6; i++) if (!(patterns[i] as WildcardPattern).matches(parts[i] as string)) return M_FALSE
  return M_TRUE
}

function notAnArn(value: string, operator: string): FamilyCompiled {
  return { problem: { reason: 'invalidValue', note: `"${value}" is not an ARN (six colon-separated parts) for ${operator}; fail closed` } }
}

/** Compiles the values of an Arn* condition. */
export function compileArnValues(node: ConditionNode, variablesEnabled: boolean): FamilyCompiled {
  if (!OPERATORS.has(node.baseOperator)) {
    return { problem: { reason: 'unknownOperator', note: `unknown ARN operator ${node.baseOperator}` } }
  }
  const comparers: ValueComparer[] = []
  const keys: string[] = []
  for (const { value } of node.values) {
    const template = compileTemplate(value, variablesEnabled)
    if (template.error !== undefined) return { problem: { reason: 'invalidValue', note: template.error } }
    for (const key of template.keysRead) if (!keys.includes(key)) keys.push(key)
    if (!template.hasVariables) {
      const patterns = splitPatternParts(value, staticWildcardParts(template))
      if (patterns === undefined) return notAnArn(value, node.baseOperator)
      // An escape (`${*}`) makes the resolved text differ from the policy text; the trace shows it.
      comparers.push({ policyValue: value, resolved: resolvedText(template), compare: (r) => matchParts(patterns, r) })
      continue
    }
    // The policy text alone must already have six parts, whatever the variables hold.
    if (splitPatternParts(value, staticWildcardParts(template)) === undefined) return notAnArn(value, node.baseOperator)
    comparers.push(variableComparer(template))
  }
  return { valueKind: 'ARN (six colon-separated parts)', variableKeys: keys, comparers }
}

/** The readings of an ARN condition value once its variables are substituted. */
interface Readings {
  /** Substituted values read literally; undefined when the result has fewer than six parts. */
  readonly literal: WildcardPattern[] | undefined
  /** A substituted value holds `*`, `?` or `:`, so its readings may differ. */
  readonly wild: boolean
  /** A substituted value holds `:` (part boundaries would move). */
  readonly colon: boolean
  /** With `wild` and no `colon`: substituted values read as patterns. */
  readonly pattern: WildcardPattern[] | undefined
}

// PERF: the readings depend only on the substituted values, which repeat across requests; a small
// bounded cache per condition value avoids compiling them on every evaluation.
const READINGS_CACHE_SIZE = 64

function variableComparer(template: Template): ValueComparer {
  const cache = new Map<string, Readings>()
  let lastKey: string | undefined
  let last: Readings | undefined
  return {
    policyValue: template.source,
    undocumentedNote: SUBSTITUTION_NOTE,
    resolved: resolvedText(template),
    compare(r, context): MatchCode {
      const key = templateValuesKey(template, context)
      if (key === undefined) return M_UNRESOLVED
      let readings = key === lastKey ? last : cache.get(key)
      if (readings === undefined) {
        const pieces = resolveTemplatePieces(template, context)
        if (pieces === undefined) return M_UNRESOLVED
        readings = readingsOf(template, pieces)
        if (cache.size >= READINGS_CACHE_SIZE) cache.clear()
        cache.set(key, readings)
      }
      lastKey = key
      last = readings
      if (readings.literal === undefined) return M_INVALID
      const code = matchParts(readings.literal, r)
      if (!readings.wild) return code
      if (readings.colon) return M_UNDOCUMENTED
      if (readings.pattern === undefined) return M_INVALID
      return matchParts(readings.pattern, r) === code ? code : M_UNDOCUMENTED
    },
  }
}

function readingsOf(template: Template, pieces: readonly ResolvedPiece[]): Readings {
  const literal = splitPatternParts(template.source, piecesToWildcardParts(pieces, false))
  const wild = valueHolds(pieces, '*?:')
  const colon = wild && valueHolds(pieces, ':')
  const pattern = literal !== undefined && wild && !colon ? splitPatternParts(template.source, piecesToWildcardParts(pieces, true)) : undefined
  return { literal, wild, colon, pattern }
}
