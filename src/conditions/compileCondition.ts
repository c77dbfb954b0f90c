/**
 * Compiles one (operator, key) pair of a Condition block into a three-valued check. Everything that can be
 * read from the policy alone (numbers, dates, CIDRs, base64, wildcard patterns, variable templates) is
 * parsed here, once; evaluation with tracing off returns shared constant outcomes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { sharedTable } from '../matching/sharedCompilation.js'
import { holdsInvalidCharacter } from '../policy/checkCharacters.js'
import { isConditionKey } from '../policy/parseCondition.js'
import type { ConditionNode, OperatorFamily } from '../policy/types.js'
import type { RequestContext } from '../request/context.js'
import type { ConditionValueTrace } from '../trace/types.js'
import { compileArnValues } from './arn.js'
import { compileBinaryValues } from './binary.js'
import { compileBoolValues } from './bool.js'
import { compileDateValues } from './date.js'
import { M_TRUE, OUTCOMES } from './evaluation.js'
import type { CompileProblem, FamilyCompiled, FamilyValues } from './evaluation.js'
import { compileIpValues } from './ip.js'
import { isMultivaluedKey } from './multivaluedKeys.js'
import { compileNull } from './null.js'
import { compileNumericValues } from './numeric.js'
import { decide, isAbsent } from './setQualifiers.js'
import type { NoteSink } from './setQualifiers.js'
import { compileStringValues } from './string.js'
import type { CompiledCondition, ConditionOutcome } from './types.js'

type FamilyCompiler = (node: ConditionNode, variablesEnabled: boolean) => FamilyCompiled

const FAMILIES: Readonly<Record<Exclude<OperatorFamily, 'null' | 'unknown'>, FamilyCompiler>> = {
  string: compileStringValues,
  numeric: compileNumericValues,
  date: compileDateValues,
  bool: compileBoolValues,
  binary: compileBinaryValues,
  ip: compileIpValues,
  arn: compileArnValues,
}

const UNKNOWN_OPERATOR_NOTE = 'unknown condition operator; fail closed'
const INVALID_KEY_NOTE = 'the condition key is not of the form prefix:name; fail closed'
const INVALID_CHARACTER_NOTE = 'a policy value holds a character IAM does not accept; fail closed'

/**
 * Compiles `node`. `variablesEnabled` is the policy's `variablesEnabled` (Version 2012-10-17): otherwise
 * `${...}` is literal text. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 *
 * @example
 * const parsed = parsePolicy(text, { kind: 'trust' })
 * if (parsed.ok) for (const node of parsed.value.statements[0]?.conditions ?? []) compileCondition(node, parsed.value.variablesEnabled)
 */
export function compileCondition(node: ConditionNode, variablesEnabled: boolean): CompiledCondition {
  // A key that is not `prefix:name` (condition.invalid-key) names nothing AWS could supply; reading it as
  // absent would let IfExists and negated operators pass, so it is unknown instead (fail closed).
  if (!isConditionKey(node.key) || holdsInvalidCharacter(node.key)) return fixedCondition(node, [node.keyLower], { reason: 'invalidValue', note: INVALID_KEY_NOTE })
  // A value holding a character IAM does not accept (policy.invalid-character) has no defined reading;
  // compared literally it would let negated operators pass.
  if (node.values.some((v) => holdsInvalidCharacter(v.value))) return fixedCondition(node, [node.keyLower], { reason: 'invalidValue', note: INVALID_CHARACTER_NOTE })
  if (node.family === 'unknown') return fixedCondition(node, [node.keyLower], { reason: 'unknownOperator', note: UNKNOWN_OPERATOR_NOTE })
  if (node.family === 'null') return compileNullCondition(node)
  const family = compiledFamily(node, node.family, variablesEnabled)
  if (family.problem !== undefined) return fixedCondition(node, [node.keyLower], family.problem)
  const keysRead = [node.keyLower, ...family.variableKeys.filter((key) => key !== node.keyLower)]
  return {
    node,
    keysRead,
    evaluate(context: RequestContext, trace: boolean): ConditionOutcome {
      const entry = context.get(node.keyLower)
      if (!trace) return decide(node, family, entry, context, undefined)
      const sink: NoteSink = {}
      const outcome = decide(node, family, entry, context, sink)
      const values = family.comparers.map((comparer): ConditionValueTrace => {
        const matched = entry !== undefined && entry.values.some((r) => comparer.compare(r, context) === M_TRUE)
        const resolved = comparer.resolved?.(context)
        return resolved === undefined ? { policyValue: comparer.policyValue, matched } : { policyValue: comparer.policyValue, resolved, matched }
      })
      // The note explains the reason: for an unresolved variable, which keys had no value; else the
      // first fail-closed cause; else a remark on how the values were read.
      const note = outcome.reason === 'unresolvedVariable' ? unresolvedNote(family, context) : (sink.note ?? sink.info ?? family.info)
      return traced(outcome, entry === undefined ? undefined : entry.values, values, note)
    },
  }
}

/**
 * A family's compiled values, shared within the running compilation: policies repeat their conditions
 * (`"aws:SourceIp": ["10.0.0.0/8"]` statement after statement), and the compiled values depend only on
 * the operator, the set qualifier, the value texts and whether variables are read.
 */
function compiledFamily(node: ConditionNode, family: keyof typeof FAMILIES, variablesEnabled: boolean): ReturnType<FamilyCompiler> {
  const table = sharedTable<ReturnType<FamilyCompiler>>('conditionValues')
  if (table === undefined) return FAMILIES[family](node, variablesEnabled)
  // Each value is length-prefixed, so that no two lists of values give the same key.
  let key = `${family}|${node.baseOperator}|${node.qualifier ?? ''}|${variablesEnabled ? 1 : 0}`
  for (const v of node.values) key += `|${v.value.length}:${v.value}`
  let compiled = table.get(key)
  if (compiled === undefined) {
    compiled = FAMILIES[family](node, variablesEnabled)
    table.set(key, compiled)
  }
  return compiled
}

function compileNullCondition(node: ConditionNode): CompiledCondition {
  const compiled = compileNull(node)
  if (compiled.problem !== undefined) return fixedCondition(node, [node.keyLower], compiled.problem)
  return {
    node,
    keysRead: [node.keyLower],
    evaluate(context: RequestContext, trace: boolean): ConditionOutcome {
      const entry = context.get(node.keyLower)
      if (!trace) return compiled.decide(entry, undefined)
      const sink: NoteSink = {}
      const outcome = compiled.decide(entry, sink)
      const isNull = isAbsent(entry) || entry.values.length === 0
      const values = node.values.map((v, i): ConditionValueTrace => ({ policyValue: v.value, matched: compiled.expectsNull[i] === isNull }))
      return traced(outcome, entry === undefined ? undefined : entry.values, values, sink.note)
    },
  }
}

/** A condition whose outcome is decided at compile time (unknown operator, unreadable policy value). */
function fixedCondition(node: ConditionNode, keysRead: readonly string[], problem: CompileProblem): CompiledCondition {
  const outcome = OUTCOMES.unknown[problem.reason]
  return {
    node,
    keysRead,
    evaluate(context: RequestContext, trace: boolean): ConditionOutcome {
      if (!trace) return outcome
      const entry = context.get(node.keyLower)
      const values = node.values.map((v): ConditionValueTrace => ({ policyValue: v.value, matched: false }))
      return traced(outcome, entry === undefined ? undefined : entry.values, values, problem.note)
    },
  }
}

function traced(
  outcome: ConditionOutcome,
  requestValues: readonly string[] | undefined,
  values: readonly ConditionValueTrace[],
  note: string | undefined,
): ConditionOutcome {
  const base = { result: outcome.result, reason: outcome.reason, values }
  const withRequest = requestValues === undefined ? base : { ...base, requestValues: [...requestValues] }
  return note === undefined ? withRequest : { ...withRequest, note }
}

function unresolvedNote(family: FamilyValues, context: RequestContext): string {
  const missing = family.variableKeys.filter((key) => {
    const entry = context.get(key)
    return entry === undefined || entry.multi || entry.values.length !== 1 || isMultivaluedKey(key)
  })
  return `policy variable with no value in the request: ${missing.join(', ')}`
}
