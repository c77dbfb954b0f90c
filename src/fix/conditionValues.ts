/**
 * Candidate request values that make a condition come out as wanted, read from the policy's own
 * values. They are only proposals: every fix built from them is re-evaluated before it is offered.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { ConditionNode } from '../policy/types.js'
import type { ContextValue } from '../request/types.js'

/** A literal that matches a wildcard pattern: `*` → `x`, `?` → `x`; none for policy variables. */
function instance(pattern: string): string | undefined {
  if (pattern.includes('${')) return undefined
  return pattern.replace(/[*?]/g, 'x')
}

function ipInside(cidr: string): string | undefined {
  const [address] = cidr.split('/')
  return address !== undefined && address !== '' ? address : undefined
}

function numberNear(value: string, delta: number): string | undefined {
  const n = Number(value)
  return Number.isFinite(n) ? String(n + delta) : undefined
}

/** A value no policy value names, for negated operators. */
const OTHER_STRING = 'iamtrace-other'
const OTHER_IP = '192.0.2.1'

/**
 * Values for the node's key that should make the condition true (`want`), at most one per policy
 * value; empty when none can be proposed (a Null check, a variable, an unknown operator).
 *
 * @example
 * satisfyingValues(bool('aws:MultiFactorAuthPresent', 'true'), true) // ['true']
 * satisfyingValues(stringLike('token.actions.githubusercontent.com:sub', 'repo:o/r:*'), true) // ['repo:o/r:x']
 */
export function satisfyingValues(node: ConditionNode, want: boolean = true): ContextValue[] {
  const positive = node.negated ? !want : want
  const values = node.values.map((v) => v.value)
  const wrap = (v: string): ContextValue => (node.qualifier !== undefined ? [v] : v)
  const out: ContextValue[] = []
  const add = (v: string | undefined): void => {
    if (v !== undefined && !out.some((o) => (typeof o === 'string' ? o : o[0]) === v)) out.push(wrap(v))
  }
  switch (node.family) {
    case 'string':
    case 'arn':
      if (positive) for (const v of values) add(node.baseOperator.includes('Like') ? instance(v) : v.includes('${') ? undefined : v)
      else add(values.includes(OTHER_STRING) ? `${OTHER_STRING}-2` : OTHER_STRING)
      break
    case 'bool':
      for (const v of values) add(positive ? v.toLowerCase() : v.toLowerCase() === 'true' ? 'false' : 'true')
      break
    case 'ip':
      if (positive) for (const v of values) add(ipInside(v))
      else add(OTHER_IP)
      break
    case 'numeric': {
      // The operator name says the comparison; `want` alone decides the side (NotEquals is already negated by name).
      const op = node.baseOperator
      for (const v of values) {
        if (op === 'NumericEquals') add(want ? v : numberNear(v, 1))
        else if (op === 'NumericNotEquals') add(want ? numberNear(v, 1) : v)
        else if (op.startsWith('NumericLessThan')) add(want ? numberNear(v, op.endsWith('Equals') ? 0 : -1) : numberNear(v, 1))
        else if (op.startsWith('NumericGreaterThan')) add(want ? numberNear(v, op.endsWith('Equals') ? 0 : 1) : numberNear(v, -1))
      }
      break
    }
    case 'null':
      // Null "false" wants the key present (any value); making a key absent is not a value to supply.
      for (const v of values) if ((v.toLowerCase() === 'false') === want) add('iamtrace-example')
      break
    case 'date':
      if (node.baseOperator === 'DateEquals' && positive) for (const v of values) add(v)
      break
    default:
      break
  }
  return out
}
