/**
 * One statement: Sid, Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource, Condition.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html
 */
import { childPointer } from '../diagnostics.js'
import { parseArn } from '../arn/arn.js'
import { getMember, isJsonArray, isJsonObject, jsonTypeName, type JsonContainer, type JsonObject, type JsonValue } from '../json/jsonValue.js'
import { parseCondition } from './parseCondition.js'
import { quote, type ParseContext } from './parseContext.js'
import { parsePrincipal } from './parsePrincipal.js'
import { describeVariableProblem, findVariableProblem, hasVariableSyntax, variableBeforeResourcePart } from './policyVariables.js'
import type { SourcePosition } from '../diagnostics.js'
import type { ActionElement, ConditionNode, Effect, PrincipalElement, ResourceElement, Statement, StringNode } from './types.js'

const STATEMENT_KEYS: ReadonlySet<string> = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
])

/** A statement as read, before the policy-kind rules; `effect` is missing when Effect was absent or invalid. */
export interface StatementDraft {
  readonly index: number
  readonly pointer: string
  readonly sid?: string
  readonly effect?: Effect
  readonly principal?: PrincipalElement
  readonly action?: ActionElement
  readonly resource?: ResourceElement
  readonly conditions: readonly ConditionNode[]
  readonly emptyConditionBlock: boolean
}

/** Parses the statement at `/Statement/<index>` (or `/Statement` for the single-object form). */
export function parseStatement(ctx: ParseContext, value: JsonValue | undefined, pointer: string, index: number): StatementDraft | undefined {
  if (!isJsonObject(value)) {
    ctx.report('policy.wrong-type', pointer, `a statement is an object, not ${jsonTypeName(value)}`)
    return undefined
  }
  for (const key of Object.keys(value)) {
    if (!STATEMENT_KEYS.has(key)) {
      ctx.report('policy.unknown-key', childPointer(pointer, key), `${quote(key)} is not a statement element`, 'element names are case-sensitive')
    }
  }
  const draft: { -readonly [K in keyof StatementDraft]: StatementDraft[K] } = {
    index,
    pointer,
    conditions: [],
    emptyConditionBlock: false,
  }
  const sid = readSid(ctx, value, pointer)
  if (sid !== undefined) draft.sid = sid
  const effect = readEffect(ctx, value, pointer)
  if (effect !== undefined) draft.effect = effect

  const principalKey = pickOne(ctx, value, pointer, 'Principal', 'NotPrincipal')
  if (principalKey !== undefined) {
    const kind = principalKey === 'Principal' ? 'principal' : 'notPrincipal'
    const principal = parsePrincipal(ctx, value[principalKey], childPointer(pointer, principalKey), kind, value, principalKey)
    if (principal !== undefined) draft.principal = principal
  }
  const actionKey = pickOne(ctx, value, pointer, 'Action', 'NotAction')
  if (actionKey === undefined) {
    ctx.report('policy.missing-action', pointer, 'the statement has neither Action nor NotAction')
  } else {
    const at = childPointer(pointer, actionKey)
    const patterns = readStringList(ctx, value[actionKey], at, actionKey, value, actionKey)
    for (const p of patterns ?? []) checkAction(ctx, p)
    if (patterns !== undefined) draft.action = element(at, ctx.positionAt(value, actionKey), actionKey === 'Action' ? 'action' : 'notAction', patterns)
  }
  const resourceKey = pickOne(ctx, value, pointer, 'Resource', 'NotResource')
  if (resourceKey !== undefined) {
    const at = childPointer(pointer, resourceKey)
    const patterns = readStringList(ctx, value[resourceKey], at, resourceKey, value, resourceKey)
    for (const p of patterns ?? []) checkResource(ctx, p)
    if (patterns !== undefined) draft.resource = element(at, ctx.positionAt(value, resourceKey), resourceKey === 'Resource' ? 'resource' : 'notResource', patterns)
  }
  if (Object.hasOwn(value, 'Condition')) {
    const parsed = parseCondition(ctx, value['Condition'], childPointer(pointer, 'Condition'))
    draft.conditions = parsed.nodes
    draft.emptyConditionBlock = parsed.emptyBlock
  }
  return draft
}

/**
 * Turns a draft into a statement when it has an Effect (a diagnostic was already reported otherwise).
 * PERF: built field by field in one order, so that statements share few object shapes and the
 * evaluator's reads of them stay fast.
 */
export function finishStatement(draft: StatementDraft, position: SourcePosition | undefined): Statement | undefined {
  if (draft.effect === undefined) return undefined
  // The fields keep the order they always had (a statement is printed as JSON): sid before effect.
  const s = { index: draft.index, pointer: draft.pointer, conditions: draft.conditions, emptyConditionBlock: draft.emptyConditionBlock } as { -readonly [K in keyof Statement]: Statement[K] }
  if (draft.sid !== undefined) s.sid = draft.sid
  s.effect = draft.effect
  if (draft.principal !== undefined) s.principal = draft.principal
  if (draft.action !== undefined) s.action = draft.action
  if (draft.resource !== undefined) s.resource = draft.resource
  if (position !== undefined) s.position = position
  return s
}

/** An Action/NotAction or Resource/NotResource element, fields in one order. */
function element<K extends string>(pointer: string, position: SourcePosition | undefined, kind: K, patterns: StringNode[]): { pointer: string; position?: SourcePosition; kind: K; patterns: StringNode[] } {
  return position === undefined ? { pointer, kind, patterns } : { pointer, position, kind, patterns }
}

/** Reads the one present key of a mutually exclusive pair; both present → `policy.element-combination`. */
function pickOne<K extends string>(ctx: ParseContext, value: JsonObject, pointer: string, first: K, second: K): K | undefined {
  const hasFirst = Object.hasOwn(value, first)
  const hasSecond = Object.hasOwn(value, second)
  if (hasFirst && hasSecond) {
    ctx.report('policy.element-combination', childPointer(pointer, second), `a statement cannot have both ${first} and ${second}`)
  }
  return hasFirst ? first : hasSecond ? second : undefined
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
function readSid(ctx: ParseContext, value: JsonObject, pointer: string): string | undefined {
  if (!Object.hasOwn(value, 'Sid')) return undefined
  const at = childPointer(pointer, 'Sid')
  const raw = getMember(value, 'Sid')
  const sid = typeof raw === 'object' ? undefined : ctx.scalarText(raw, value, 'Sid')
  if (sid === undefined) {
    ctx.report('policy.wrong-type', at, `Sid is a string, not ${jsonTypeName(raw)}`)
    return undefined
  }
  // IAM policies accept only ASCII letters and digits; other services' resource policies accept more.
  if (ctx.kind !== 'resource' && !/^[A-Za-z0-9]*$/.test(sid)) {
    ctx.report('policy.invalid-sid', at, `the sid ${quote(sid)} may hold only letters and digits`)
  }
  return sid
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
function readEffect(ctx: ParseContext, value: JsonObject, pointer: string): Effect | undefined {
  if (!Object.hasOwn(value, 'Effect')) {
    ctx.report('policy.missing-effect', pointer, 'the statement has no Effect')
    return undefined
  }
  const at = childPointer(pointer, 'Effect')
  const raw = getMember(value, 'Effect')
  if (typeof raw !== 'string') {
    ctx.report('policy.wrong-type', at, `Effect is a string, not ${jsonTypeName(raw)}`)
    return undefined
  }
  if (raw === 'Allow' || raw === 'Deny') return raw
  ctx.report('policy.invalid-effect', at, `Effect is exactly \`Allow\` or \`Deny\`, not ${quote(raw)}`, 'the value is case-sensitive')
  return undefined
}

/** A string or a list of strings (numbers and booleans read as their text); `raw` is the member `key` of `parent`. */
function readStringList(ctx: ParseContext, raw: JsonValue | undefined, pointer: string, name: string, parent: JsonContainer, key: string): StringNode[] | undefined {
  if (isJsonArray(raw)) {
    if (raw.length === 0) ctx.report('policy.empty-array', pointer, `${name} is an empty list and matches nothing`)
    const nodes: StringNode[] = []
    raw.forEach((item, i) => {
      const at = childPointer(pointer, i)
      const text = ctx.scalarText(item, raw, i)
      if (text === undefined) ctx.report('policy.wrong-type', at, `a ${name} entry is a string, not ${jsonTypeName(item)}`)
      else nodes.push(ctx.stringNode(text, at, raw, i))
    })
    return nodes
  }
  const text = ctx.scalarText(raw, parent, key)
  if (text === undefined) {
    ctx.report('policy.wrong-type', pointer, `${name} is a string or a list of strings, not ${jsonTypeName(raw)}`)
    return undefined
  }
  return [ctx.stringNode(text, pointer, parent, key)]
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
function checkAction(ctx: ParseContext, node: StringNode): void {
  if (node.value === '*' || /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+$/.test(node.value)) return
  ctx.report('policy.invalid-action', node.pointer, `${quote(node.value)} is not \`*\` or \`service:action\``)
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
function checkResource(ctx: ParseContext, node: StringNode): void {
  const text = node.value
  if (text !== '*' && parseArn(text) === undefined) {
    ctx.report('policy.invalid-resource', node.pointer, `${quote(text)} is not \`*\` or an arn \`arn:partition:service:region:account:resource\``)
    return
  }
  if (!hasVariableSyntax(text)) return
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  if (!ctx.variablesEnabled) {
    ctx.report('variable.unsupported-in-version', node.pointer, `${quote(text)} is literal text because Version is not \`2012-10-17\``)
    return
  }
  const problem = findVariableProblem(text)
  if (problem !== undefined) ctx.report('variable.malformed', node.pointer, `${quote(text)}: ${describeVariableProblem(problem)}`)
  else if (variableBeforeResourcePart(text))
    ctx.report('variable.outside-resource-part', node.pointer, `${quote(text)}: a variable before the fifth colon (partition, service, region or account) is not expanded; the entry matches no resource`, 'move the variable into the resource part, or test the value in a condition (ArnLike accepts variables anywhere)')
}
