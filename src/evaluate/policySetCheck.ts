/**
 * What evaluation checks about the policies it is handed: a compiled policy set whose layers hold
 * compiled policies. A set that is not one, or that holds a policy that could not be compiled, is
 * never evaluated (a Deny in it could be lost): the answer is an implicit deny with the reason.
 * Sets made by `compilePolicySet` and `compileScenario` are frozen and checked once, when made, and
 * carry the engine's request memo.
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import type { CompiledPolicySet } from './evaluate.js'
import { RequestMemo } from './prepareRequest.js'

const MEMO = Symbol('iamtrace.requestMemo')

/**
 * Freezes a compiled set made by iamtrace and gives it a request memo (checked once, now): its own, or
 * one shared by the sets an analysis makes for many questions.
 */
export function sealPolicySet<T extends CompiledPolicySet>(set: T, memo: RequestMemo = new RequestMemo()): T {
  for (const key of ['identity', 'session', 'scps', 'rcps'] as const) {
    const list = set[key]
    if (Array.isArray(list)) {
      for (const level of list) if (Array.isArray(level)) Object.freeze(level)
      Object.freeze(list)
    }
  }
  if (policySetProblem(set) === undefined) Object.defineProperty(set, MEMO, { value: memo, enumerable: false })
  return Object.freeze(set)
}

/** The request memo of a set made by iamtrace (undefined for a set built by hand). */
export function memoOf(set: unknown): RequestMemo | undefined {
  return typeof set === 'object' && set !== null ? ((set as { [MEMO]?: RequestMemo })[MEMO] ?? undefined) : undefined
}

/** Why a value cannot be evaluated as a compiled policy set, or undefined when it can. */
export function policySetProblem(set: unknown): readonly [Diagnostic, ...Diagnostic[]] | undefined {
  if (typeof set !== 'object' || set === null) return [diagnostic('evaluate.invalid-policies', '', 'the policies are not a compiled policy set (use compilePolicySet)')]
  // PERF: sets made by iamtrace were checked when made, and are frozen.
  if (Object.hasOwn(set, MEMO)) return undefined
  const s = set as Record<string, unknown>
  const problems: Diagnostic[] = []
  const one = (p: unknown, pointer: string, nullable: boolean): void => {
    if (p === undefined || (nullable && p === null)) return
    if (!isCompiledPolicy(p)) problems.push(diagnostic('evaluate.invalid-policies', pointer, 'not a compiled policy (use compilePolicy or compilePolicySet)'))
    else if (p.errors !== undefined && p.errors.length > 0) problems.push(...p.errors.map((d) => ({ ...d, pointer: `${pointer}${d.pointer}` })))
  }
  const list = (v: unknown, pointer: string): void => {
    if (v === undefined) return
    if (!Array.isArray(v)) problems.push(diagnostic('evaluate.invalid-policies', pointer, 'a layer is an array of compiled policies'))
    else v.forEach((p, i) => one(p, `${pointer}/${i}`, false))
  }
  const levels = (v: unknown, pointer: string): void => {
    if (v === undefined) return
    if (!Array.isArray(v)) problems.push(diagnostic('evaluate.invalid-policies', pointer, 'SCPs and RCPs are an array of levels, each an array of compiled policies'))
    else v.forEach((level, i) => list(level, `${pointer}/${i}`))
  }
  list(s['identity'], '/identity')
  one(s['boundary'], '/boundary', true)
  list(s['session'], '/session')
  levels(s['scps'], '/scps')
  one(s['resource'], '/resource', true)
  levels(s['rcps'], '/rcps')
  return problems.length > 0 ? (problems as [Diagnostic, ...Diagnostic[]]) : undefined
}

function isCompiledPolicy(p: unknown): p is CompiledPolicy {
  // An array is never a compiled policy (a layer of one policy is handed to evaluation as the policy itself).
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return false
  const c = p as Partial<Record<keyof CompiledPolicy, unknown>>
  return Array.isArray(c.statements) && typeof c.forAction === 'function' && typeof c.actionIndex === 'function' && typeof c.candidates === 'function' && typeof c.name === 'string'
}
