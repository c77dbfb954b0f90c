/** Builders for the compile tests: parsed policies (recovered when the parser refuses them) and callers. */
import { compilePolicy } from '../../../src/compile/compilePolicy.js'
import type { CompiledPolicy } from '../../../src/compile/compilePolicy.js'
import type { PrincipalFacts } from '../../../src/compile/matchPrincipal.js'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import type { Policy, PolicyKind, PrincipalElement } from '../../../src/policy/types.js'
import { callerFromPrincipal } from '../../../src/request/caller.js'
import type { Caller } from '../../../src/request/caller.js'
import type { RequestPrincipal } from '../../../src/request/types.js'

/** A parsed policy of `kind`; a policy the parser refuses is returned as it recovered it. */
export function parsed(kind: PolicyKind, ...statements: object[]): Policy {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind })
  if (r.ok) return r.value
  if (r.recovered === undefined) throw new Error(JSON.stringify(r.errors))
  return r.recovered
}

/** A compiled policy of `kind` (layer: the trust policy sits in the resource layer). */
export function compiled(kind: PolicyKind, ...statements: object[]): CompiledPolicy {
  const layer = kind === 'trust' ? 'resource' : kind
  return compilePolicy(parsed(kind, ...statements), layer, `${kind} policy`)
}

/** The caller a request principal names. */
export function callerOf(principal: string | RequestPrincipal): Caller {
  const r = callerFromPrincipal(typeof principal === 'string' ? { kind: 'aws', arn: principal } : principal)
  if (!r.ok) throw new Error(r.message)
  return r.caller
}

/** Principal facts for a caller. */
export function facts(principal: string | RequestPrincipal, userId?: string, hasBoundary = false): PrincipalFacts {
  return { caller: callerOf(principal), userId, hasBoundary }
}

/** The Principal (or NotPrincipal) element of a Deny statement; Federated principals are read from a role trust policy. */
export function principalElement(principal: unknown, not = false): PrincipalElement {
  const trust = typeof principal === 'object' && principal !== null && 'Federated' in principal
  const statement = { Effect: 'Deny', [not ? 'NotPrincipal' : 'Principal']: principal, Action: trust ? 'sts:AssumeRoleWithWebIdentity' : 's3:*', ...(trust ? {} : { Resource: '*' }) }
  const p = parsed(trust ? 'trust' : 'resource', statement).statements[0]?.principal
  if (p === undefined) throw new Error('no principal')
  return p
}
