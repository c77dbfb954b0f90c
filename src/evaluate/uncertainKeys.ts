/**
 * Context keys that AWS always sets for the caller but whose value the request does not reveal.
 * Treating them as absent would let a Deny that tests them silently pass, so a condition that reads
 * one is `unknown` (an Allow does not grant, a Deny applies) unless its result cannot depend on the
 * value. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { CompiledCondition } from '../conditions/types.js'
import type { BuiltContext } from '../request/buildContext.js'
import type { ContextEntry, RequestContext } from '../request/context.js'
import type { Caller } from '../request/caller.js'
import type { Tri } from '../trace/types.js'

/** What iamtrace cannot know about the caller's context. */
export interface UncertainKeys {
  /**
   * Lowercased keys whose value is unknown although AWS always sets them: `aws:userid` of an IAM
   * user or role session (the AIDA…/AROA… unique id is not in the ARN), and `aws:ResourceAccount`
   * of a resource whose ARN has no account (S3) when `resourceAccount` is not given.
   */
  readonly unknown: ReadonlySet<string>
  /**
   * A role session's `aws:PrincipalArn` is the role's ARN, path included, but the session ARN has no
   * path: the derived value assumes none, and a condition whose result depends on the path is
   * `unknown` (semantics §2.4, open question 12). `prefix` is `arn:P:iam::A:role/`.
   */
  readonly rolePath?: { readonly prefix: string; readonly name: string }
}

const USERID = 'aws:userid'
const PRINCIPAL_ARN = 'aws:principalarn'
const RESOURCE_ACCOUNT = 'aws:resourceaccount'

// PERF: the four possible sets of unknown keys, built once.
const UNKNOWN_SETS: readonly ReadonlySet<string>[] = [new Set(), new Set([USERID]), new Set([RESOURCE_ACCOUNT]), new Set([USERID, RESOURCE_ACCOUNT])]

/** The uncertain keys of a request, or undefined when every key the caller implies is known. */
export function uncertainKeys(caller: Caller, context: BuiltContext, resource: string): UncertainKeys | undefined {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
  const userId = (caller.kind === 'user' || caller.kind === 'role' || caller.kind === 'roleSession') && context.get(USERID) === undefined
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
  const resourceAccount = resource.startsWith('arn:') && context.get(RESOURCE_ACCOUNT) === undefined
  const rolePath =
    caller.kind === 'roleSession' && context.get(PRINCIPAL_ARN)?.derived === true && caller.partition !== undefined && caller.account !== undefined && caller.roleName !== undefined
      ? { prefix: `arn:${caller.partition}:iam::${caller.account}:role/`, name: caller.roleName }
      : undefined
  if (!userId && !resourceAccount && rolePath === undefined) return undefined
  const unknown = UNKNOWN_SETS[(userId ? 1 : 0) + (resourceAccount ? 2 : 0)] as ReadonlySet<string>
  return rolePath === undefined ? { unknown } : { unknown, rolePath }
}

/** Why a condition was reconsidered, for the trace. */
export interface Reconsidered {
  readonly result: Tri
  readonly note?: string
  /** A key the request should give to settle the condition. */
  readonly missingKey?: string
}

/**
 * Re-reads a condition's result in the light of the uncertain keys. `Null` on an always-present key is
 * decided (the key is present); any other operator on an unknown key is `unknown`. For a role
 * session's `aws:PrincipalArn`, the condition is evaluated again with each role path its own values
 * name; if any path changes the result, the result is `unknown`.
 */
export function reconsider(c: CompiledCondition, context: RequestContext, result: Tri, u: UncertainKeys): Reconsidered {
  let unknownKey: string | undefined
  for (const key of c.keysRead) if (u.unknown.has(key)) unknownKey = key
  if (unknownKey !== undefined) {
    if (c.node.family === 'null' && c.node.keyLower === unknownKey && c.keysRead.length === 1) {
      // AWS always sets the key: Null sees it present whatever its value.
      return { result: c.evaluate(overlay(context, unknownKey, 'unknown-value'), false).result, note: `${c.node.key} is always present for this caller` }
    }
    return {
      result: 'unknown',
      note: `AWS sets ${unknownKey} for this caller but the request does not give its value (give it in the context); fail closed`,
      missingKey: unknownKey === c.node.keyLower ? c.node.key : unknownKey,
    }
  }
  const rolePath = u.rolePath
  if (rolePath === undefined || result === 'unknown' || !c.keysRead.includes(PRINCIPAL_ARN)) return { result }
  for (const path of rolePaths(c)) {
    const other = c.evaluate(overlay(context, PRINCIPAL_ARN, `${rolePath.prefix}${path}${rolePath.name}`), false).result
    if (other !== result) {
      return { result: 'unknown', note: `the result depends on the role's path, which the session ARN does not show; give aws:PrincipalArn in the context`, missingKey: 'aws:PrincipalArn' }
    }
  }
  return { result }
}

/**
 * Role paths to try: one path no policy names (`iamtrace-path/`), and every path (`team/`, `a/b/`) a
 * condition's values name for `…:role/…` ARNs, wildcards turned into a letter.
 */
function rolePaths(c: CompiledCondition): string[] {
  const out = new Set<string>(['iamtrace-path/'])
  for (const v of c.node.values) {
    const at = v.value.indexOf(':role/')
    if (at < 0) continue
    const rest = v.value.slice(at + ':role/'.length)
    const last = rest.lastIndexOf('/')
    if (last <= 0) continue
    out.add(rest.slice(0, last + 1).replace(/[*?$]/g, 'x'))
  }
  return [...out]
}

function overlay(context: RequestContext, keyLower: string, value: string): RequestContext {
  const entry: ContextEntry = { values: [value], multi: false }
  return { get: (k) => (k === keyLower ? entry : context.get(k)) }
}

/**
 * The first of a Resource element's variable keys whose value is unknown (e.g. `${aws:userid}`): its
 * match is then `unknown` rather than "the entry matches nothing".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export function unknownVariableKey(keys: readonly string[], u: UncertainKeys): string | undefined {
  for (const key of keys) if (u.unknown.has(key)) return key
  return undefined
}
