/**
 * A cheap first filter before a question is built: an action on a resource can only be allowed to a
 * caller when some Allow statement of its identity policies — and, when it has one, of its boundary —
 * names the action and can match the resource. The filter reads Action and Resource only (conditions
 * are left to the engine), so it never rejects a request the engine would allow; it is used only for
 * actions no resource-based policy can grant (IAM and the services of the catalogue, sts:AssumeRole aside).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { ContextEntry, RequestContext } from '../request/context.js'
import type { SnapshotPrincipal } from '../snapshot/types.js'

const CONTEXTS = new WeakMap<SnapshotPrincipal, RequestContext>()

/** The caller's own keys, for policy variables in Resource patterns (`${aws:username}`, tags). */
function callerContext(caller: SnapshotPrincipal): RequestContext {
  let ctx = CONTEXTS.get(caller)
  if (ctx === undefined) {
    const entries = new Map<string, ContextEntry>()
    const set = (k: string, v: string): void => void entries.set(k, { values: [v], multi: false })
    set('aws:principalaccount', caller.account)
    set('aws:principalarn', caller.arn)
    if (caller.kind === 'user') {
      set('aws:username', caller.name)
      set('aws:userid', caller.id)
    }
    for (const [k, t] of caller.tags) set(`aws:principaltag/${k}`, t.value)
    ctx = { get: (k) => entries.get(k) }
    CONTEXTS.set(caller, ctx)
  }
  return ctx
}

function someAllow(policies: readonly CompiledPolicy[], actionLower: string, resource: string, ctx: RequestContext): boolean {
  for (const p of policies) {
    for (const s of p.forAction(actionLower)) {
      if (s.effect !== 'Allow') continue
      if (s.resource === undefined || s.resource.match(resource, ctx).result !== 'false') return true
    }
  }
  return false
}

/**
 * False when no Allow statement of the caller's identity policies (or of its boundary) can match
 * `action` on `resource`: the engine would deny the request whatever the context.
 */
export function mayAllowOn(caller: SnapshotPrincipal, action: string, resource: string, identity: readonly CompiledPolicy[] = caller.identity, boundary: CompiledPolicy | null = caller.boundary): boolean {
  const lower = action.toLowerCase()
  const ctx = callerContext(caller)
  if (!someAllow(identity, lower, resource, ctx)) return false
  return boundary === null || someAllow([boundary], lower, resource, ctx)
}

const EXACT = new WeakMap<SnapshotPrincipal, Map<string, ReadonlySet<string> | null>>()

/**
 * The resources the caller's identity policies allow `action` on, when every Allow statement for it
 * names exact ARNs (after the caller's own policy variables, such as `user/${aws:username}`); null when
 * some statement allows a pattern, `*`, or everything but some (NotResource). PERF: lets a technique
 * look only at those targets instead of every principal of the account.
 */
export function exactResources(caller: SnapshotPrincipal, action: string): ReadonlySet<string> | null {
  let perCaller = EXACT.get(caller)
  if (perCaller === undefined) {
    perCaller = new Map()
    EXACT.set(caller, perCaller)
  }
  const lower = action.toLowerCase()
  const known = perCaller.get(lower)
  if (known !== undefined) return known
  const out = new Set<string>()
  let exact = true
  const ctx = callerContext(caller)
  for (const p of caller.identity) {
    for (const s of p.forAction(lower)) {
      if (s.effect !== 'Allow') continue
      if (s.resource === undefined || s.resource.negated) exact = false
      for (const source of s.resource?.sources ?? []) {
        const resolved = source.replace(/\$\{([^}]*)\}/g, (m, name: string) => ctx.get(name.toLowerCase())?.values[0] ?? m)
        if (/[*?$]/.test(resolved)) exact = false
        else out.add(resolved)
      }
    }
  }
  const result = exact ? out : null
  perCaller.set(lower, result)
  return result
}
