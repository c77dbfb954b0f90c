/**
 * `Condition`: `{ "<Operator>": { "<key>": value | [values] } }`, flattened into one node per
 * (operator, key). Blocks are ANDed, keys ANDed, values ORed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * Checks mirror Access Analyzer: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { childPointer, type SourcePosition } from '../diagnostics.js'
import { isJsonArray, isJsonObject, jsonTypeName, type JsonContainer, type JsonObject, type JsonValue } from '../json/jsonValue.js'
import { familyAllowsVariables, parseOperator, type ParsedOperator } from './conditionOperators.js'
import { quote, type ParseContext } from './parseContext.js'
import { describeVariableProblem, findVariableProblem, hasVariableSyntax } from './policyVariables.js'
import type { ConditionNode, StringNode } from './types.js'

/** The parsed Condition element of one statement. */
export interface ParsedCondition {
  readonly nodes: readonly ConditionNode[]
  /** `"Condition": {}` */
  readonly emptyBlock: boolean
}

/** Parses a statement's Condition value; problems are reported, never thrown. */
export function parseCondition(ctx: ParseContext, value: JsonValue | undefined, pointer: string): ParsedCondition {
  if (!isJsonObject(value)) {
    ctx.report('policy.wrong-type', pointer, `Condition is an object, not ${jsonTypeName(value)}`)
    return { nodes: [], emptyBlock: false }
  }
  const operators = Object.keys(value)
  if (operators.length === 0) {
    ctx.report('condition.empty', pointer, 'the condition block is empty', 'access analyzer reports that such a statement has no effect')
    return { nodes: [], emptyBlock: true }
  }
  const nodes: ConditionNode[] = []
  // An operator block without keys is as empty as `"Condition": {}`: no defined reading, so the
  // statement is marked like one (an Allow never grants, a Deny applies; docs/semantics.md#empty-condition).
  let emptyOperatorBlock = false
  for (const operator of operators) {
    const operatorPointer = childPointer(pointer, operator)
    const parsed = parseOperator(operator)
    if (parsed.status === 'unknown') {
      ctx.report('condition.unknown-operator', operatorPointer, `${quote(operator)} is not a condition operator`, 'operator names are case-sensitive')
    } else if (parsed.status === 'nullIfExists') {
      ctx.report('condition.null-if-exists', operatorPointer, '`NullIfExists` is not a valid operator; use `Null`')
    }
    const block = value[operator]
    if (!isJsonObject(block)) {
      ctx.report('policy.wrong-type', operatorPointer, `an operator block is an object of keys, not ${jsonTypeName(block)}`)
      continue
    }
    const keys = Object.keys(block)
    if (keys.length === 0) {
      ctx.report('condition.empty', operatorPointer, `the ${quote(operator)} block has no keys`)
      emptyOperatorBlock = true
    }
    // PERF: a block of one key (the usual case) cannot repeat a key.
    const seen = keys.length > 1 ? new Map<string, string>() : undefined
    for (const key of keys) {
      const keyPointer = childPointer(operatorPointer, key)
      const keyLower = key.toLowerCase()
      const earlier = seen?.get(keyLower)
      if (earlier !== undefined) {
        ctx.report('condition.duplicate-key-case', keyPointer, `${quote(key)} repeats ${quote(earlier)} with different case`)
      } else seen?.set(keyLower, key)
      if (!isConditionKey(key)) ctx.report('condition.invalid-key', keyPointer, `${quote(key)} is not a condition key of the form \`prefix:name\``)
      const values = readValues(ctx, block, key, keyPointer, parsed, operator)
      nodes.push(conditionNode(parsed, operator, operatorPointer, key, keyLower, keyPointer, values, ctx.positionAt(block, key)))
    }
  }
  return { nodes, emptyBlock: emptyOperatorBlock }
}

/** `prefix:name`, where the prefix may hold dots and slashes (OIDC provider keys such as `token.actions.githubusercontent.com:sub`). */
export function isConditionKey(key: string): boolean {
  const colon = key.lastIndexOf(':')
  if (colon <= 0 || colon === key.length - 1) return false
  return !/[\s${}*?]/.test(key)
}

function conditionNode(
  parsed: ParsedOperator,
  operator: string,
  operatorPointer: string,
  key: string,
  keyLower: string,
  pointer: string,
  values: readonly StringNode[],
  position: SourcePosition | undefined,
): ConditionNode {
  // PERF: built field by field (no spread): a policy can hold thousands of conditions.
  const node: { -readonly [K in keyof ConditionNode]: ConditionNode[K] } = {
    pointer,
    operator,
    operatorPointer,
    baseOperator: parsed.baseOperator,
    family: parsed.family,
    negated: parsed.negated,
    ifExists: parsed.ifExists,
    key,
    keyLower,
    values,
  }
  if (position !== undefined) node.position = position
  if (parsed.qualifier !== undefined) node.qualifier = parsed.qualifier
  return node
}

/** The values of the member `key` of an operator block. */
function readValues(ctx: ParseContext, block: JsonObject, key: string, keyPointer: string, op: ParsedOperator, operator: string): StringNode[] {
  const raw = block[key]
  const values: StringNode[] = []
  if (!isJsonArray(raw)) {
    readValue(ctx, values, raw, keyPointer, block, key, op, operator)
    return values
  }
  if (raw.length === 0) ctx.report('condition.empty', keyPointer, 'the condition value list is empty')
  if (op.family === 'bool' && op.qualifier === undefined && raw.length > 1) {
    ctx.report('condition.bool-multiple-values', keyPointer, `a ${quote(operator)} key takes one value, not ${raw.length}`)
  }
  for (let i = 0; i < raw.length; i++) readValue(ctx, values, raw[i], childPointer(keyPointer, i), raw, i, op, operator)
  return values
}

/** One condition value, the member `key` (or item) of `parent`, checked and added to `values`. */
function readValue(ctx: ParseContext, values: StringNode[], value: JsonValue | undefined, pointer: string, parent: JsonContainer, key: string | number, op: ParsedOperator, operator: string): void {
  const text = ctx.scalarText(value, parent, key)
  if (text === undefined) {
    ctx.report('condition.wrong-type', pointer, `a condition value is a string, number or boolean, not ${jsonTypeName(value)}`)
    return
  }
  checkValue(ctx, text, pointer, op, operator)
  values.push(ctx.stringNode(text, pointer, parent, key))
}

function checkValue(ctx: ParseContext, text: string, pointer: string, op: ParsedOperator, operator: string): void {
  if ((op.family === 'bool' || op.family === 'null') && !/^(true|false)$/i.test(text)) {
    ctx.report('condition.invalid-value', pointer, `${quote(operator)} takes \`true\` or \`false\`, not ${quote(text)}`)
  }
  if (!hasVariableSyntax(text)) return
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  if (!ctx.variablesEnabled) {
    ctx.report('variable.unsupported-in-version', pointer, `${quote(text)} is literal text because Version is not \`2012-10-17\``)
    return
  }
  const problem = findVariableProblem(text)
  if (problem !== undefined) {
    ctx.report('variable.malformed', pointer, `${quote(text)}: ${describeVariableProblem(problem)}`)
  } else if (!familyAllowsVariables(op.family) && op.family !== 'unknown') {
    ctx.report('variable.unsupported-operator', pointer, `${quote(operator)} does not expand policy variables`, 'only string and arn operators do')
  }
}
