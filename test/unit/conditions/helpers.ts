/**
 * Test helpers for the condition engine: hand-built ConditionNode objects, a Map-backed RequestContext
 * and a table runner that checks the traced and untraced paths agree.
 */
import { expect, it } from 'vitest'
import { compileCondition } from '../../../src/conditions/compileCondition.js'
import type { ConditionOutcome } from '../../../src/conditions/types.js'
import type { ConditionNode, OperatorFamily, SetQualifier } from '../../../src/policy/types.js'
import type { ContextEntry, RequestContext } from '../../../src/request/context.js'
import type { ConditionReason, Tri } from '../../../src/trace/types.js'

export const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html'
export const MULTIV = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html'
export const SETOPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html'
export const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html'
export const GKEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html'
export const STSKEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html'
export const AA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html'
export const COND = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html'

const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
])

function familyOf(base: string): OperatorFamily {
  if (base.startsWith('String')) return 'string'
  if (base.startsWith('Numeric')) return 'numeric'
  if (base.startsWith('Date')) return 'date'
  if (base === 'Bool') return 'bool'
  if (base.startsWith('Binary')) return 'binary'
  if (base === 'IpAddress' || base === 'NotIpAddress') return 'ip'
  if (base.startsWith('Arn')) return 'arn'
  if (base === 'Null') return 'null'
  return 'unknown'
}

/** Builds a ConditionNode the way the policy parser does, from the operator as written. */
export function cond(operator: string, key: string, values: string | readonly string[]): ConditionNode {
  let rest = operator
  let qualifier: SetQualifier | undefined
  if (rest.startsWith('ForAllValues:')) qualifier = 'ForAllValues'
  else if (rest.startsWith('ForAnyValue:')) qualifier = 'ForAnyValue'
  if (qualifier !== undefined) rest = rest.slice(qualifier.length + 1)
  const ifExists = rest.endsWith('IfExists')
  const baseOperator = ifExists ? rest.slice(0, -'IfExists'.length) : rest
  const family = familyOf(baseOperator)
  const list = typeof values === 'string' ? [values] : values
  const pointer = `/Statement/0/Condition/${operator}/${key}`
  return {
    pointer,
    operator,
    operatorPointer: `/Statement/0/Condition/${operator}`,
    baseOperator,
    family,
    negated: NEGATED.has(baseOperator),
    ifExists,
    ...(qualifier === undefined ? {} : { qualifier }),
    key,
    keyLower: key.toLowerCase(),
    values: list.map((value, i) => ({ pointer: `${pointer}/${i}`, value })),
  }
}

/** A context value: a string is a single value, an array a multivalued entry, or an explicit entry. */
export type CtxValue = string | readonly string[] | ContextEntry

/** A Map-backed RequestContext; keys are lowercased. */
export function ctx(entries: Readonly<Record<string, CtxValue>> = {}): RequestContext {
  const map = new Map<string, ContextEntry>()
  for (const [key, value] of Object.entries(entries)) {
    const entry: ContextEntry =
      typeof value === 'string' ? { values: [value], multi: false } : Array.isArray(value) ? { values: value as readonly string[], multi: true } : (value as ContextEntry)
    map.set(key.toLowerCase(), entry)
  }
  return { get: (keyLower) => map.get(keyLower) }
}

/** One table row. */
export interface Row {
  /** The AWS documentation page the expected outcome comes from. */
  readonly doc: string
  readonly op: string
  readonly key: string
  readonly values: string | readonly string[]
  readonly context?: Readonly<Record<string, CtxValue>>
  readonly expect: Tri
  readonly reason?: ConditionReason
  /** Policy variables enabled (Version 2012-10-17); default true. */
  readonly vars?: boolean
  readonly name?: string
}

function label(row: Row): string {
  return row.name ?? `${row.op} ${row.key}=${JSON.stringify(row.values)} ctx=${JSON.stringify(row.context ?? {})}`
}

/** Evaluates a row both ways and returns the traced outcome. */
export function evaluateRow(row: Row): { plain: ConditionOutcome; traced: ConditionOutcome } {
  const compiled = compileCondition(cond(row.op, row.key, row.values), row.vars ?? true)
  const context = ctx(row.context)
  return { plain: compiled.evaluate(context, false), traced: compiled.evaluate(context, true) }
}

/** Registers one test per row: result and reason as expected, identical with and without tracing. */
export function testRows(rows: readonly Row[]): void {
  for (const row of rows) {
    it(`${label(row)} -> ${row.expect}${row.reason === undefined ? '' : ` (${row.reason})`} [${row.doc}]`, () => {
      const { plain, traced } = evaluateRow(row)
      expect(plain.result).toBe(row.expect)
      if (row.reason !== undefined) expect(plain.reason).toBe(row.reason)
      expect(traced.result).toBe(plain.result)
      expect(traced.reason).toBe(plain.reason)
      expect(plain.values).toBeUndefined()
      expect(traced.values).toBeDefined()
      if (traced.result === 'unknown') expect(traced.note).toBeDefined()
    })
  }
}
