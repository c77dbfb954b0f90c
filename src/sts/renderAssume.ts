/**
 * Renders STS call results for people (text) and programs (plain JSON values). Pure functions of the
 * result; nothing is printed here.
 */
import { renderText } from '../trace/renderText.js'
import type { TraceView } from '../trace/renderText.js'
import type { AssumeCallFileResult, AssumeCallResult } from './evaluateAssumeCall.js'
import type { AssumedSession } from './session.js'

/**
 * Renders every call of a file: decisions per action with their traces, violations, the session, and
 * the follow-up decisions.
 *
 * @example
 * renderAssumeText(evaluateAssumeCallFile(parsed.value, { trace: true }))
 */
export function renderAssumeText(result: AssumeCallFileResult, view: TraceView = 'decisive'): string {
  const parts = result.calls.map((call, i) => renderCall(call, view, result.calls.length > 1 ? `hop ${i + 1}: ` : ''))
  if (result.notReached > 0) parts.push(`${result.notReached} later hop(s) not evaluated: the chain stopped at a failed call\n`)
  return parts.join('\n')
}

function renderCall(r: AssumeCallResult, view: TraceView, prefix: string): string {
  const lines: string[] = []
  lines.push(`${prefix}${r.api} by ${r.caller}: ${r.succeeds ? 'SUCCEEDS' : 'FAILS'} (policy decision: ${r.decision}${r.violations.length > 0 ? `, ${r.violations.length} request-rule violation(s)` : ''})`)
  for (const a of r.actions) {
    lines.push(`── ${a.action}: ${a.result.decision}`)
    for (const line of renderText(a.result, view).trimEnd().split('\n')) lines.push(`   ${line}`)
  }
  if (r.violations.length > 0) {
    lines.push('request-rule violations (AWS rejects the call):')
    for (const v of r.violations) lines.push(`  ✗ ${v.code} at ${v.pointer || '/'}: ${v.message}  [${v.source}]`)
  }
  if (r.notes.length > 0) {
    lines.push('notes:')
    for (const n of r.notes) lines.push(`  - ${n}`)
  }
  if (r.session !== undefined) lines.push(...renderSession(r.session))
  if (r.followUps.length > 0) {
    lines.push('follow-up requests by the session:')
    for (const f of r.followUps) {
      const expected = f.request.expect !== undefined ? ` (expected ${f.request.expect.decision})` : ''
      lines.push(`  ${f.request.action} on ${f.request.resource}: ${f.result.decision}${expected}`)
      if (view !== 'decisive' || f.result.decision !== 'allowed') for (const line of renderText(f.result, view).trimEnd().split('\n').slice(1)) lines.push(`     ${line}`)
    }
  }
  return `${lines.join('\n')}\n`
}

function renderSession(s: AssumedSession): string[] {
  const lines = ['session:', `  arn: ${s.arn}`]
  if (s.userId !== undefined) lines.push(`  aws:userid: ${s.userId}`)
  if (s.roleArn !== undefined) lines.push(`  aws:PrincipalArn: ${s.roleArn}`)
  lines.push(`  tags: ${s.tags.length === 0 ? '(none)' : s.tags.map((t) => `${t.key}=${t.value}`).join(', ')}`)
  lines.push(`  transitive tag keys: ${s.transitiveTagKeys.length === 0 ? '(none)' : s.transitiveTagKeys.join(', ')}`)
  lines.push(`  source identity: ${s.sourceIdentity ?? '(none)'}`)
  lines.push(`  chained: ${s.chained ? 'yes' : 'no'}`)
  lines.push(`  duration: ${s.durationSeconds}s${s.expiration !== undefined ? `, expires ${s.expiration}` : ''}`)
  if (s.unknownSessionPolicies.length > 0) lines.push(`  session policies without a document (allow nothing): ${s.unknownSessionPolicies.join(', ')}`)
  return lines
}

/**
 * The session's data fields as a plain JSON value.
 *
 * @example
 * sessionToJson(result.session!).arn // 'arn:aws:sts::111122223333:assumed-role/Deploy/ci'
 */
export function sessionToJson(s: AssumedSession): Record<string, unknown> {
  return {
    kind: s.kind,
    arn: s.arn,
    ...(s.roleArn !== undefined ? { roleArn: s.roleArn } : {}),
    ...(s.userId !== undefined ? { userId: s.userId } : {}),
    ...(s.sessionName !== undefined ? { sessionName: s.sessionName } : {}),
    tags: Object.fromEntries(s.tags.map((t) => [t.key, t.value])),
    transitiveTagKeys: s.transitiveTagKeys,
    sourceIdentity: s.sourceIdentity ?? null,
    chained: s.chained,
    durationSeconds: s.durationSeconds,
    ...(s.issuedAt !== undefined ? { issuedAt: s.issuedAt } : {}),
    ...(s.expiration !== undefined ? { expiration: s.expiration } : {}),
  }
}

/**
 * One call result as a plain JSON value (what `iamtrace assume --format json` prints).
 *
 * @example
 * JSON.stringify(assumeResultToJson(evaluateAssumeCall(call)))
 */
export function assumeResultToJson(r: AssumeCallResult): Record<string, unknown> {
  return {
    api: r.api,
    pointer: r.pointer,
    caller: r.caller,
    decision: r.decision,
    succeeds: r.succeeds,
    actions: r.actions.map((a) => ({ action: a.action, decision: a.result.decision, determining: a.result.determining, missingContextKeys: a.result.missingContextKeys, errors: a.result.errors, trace: a.result.trace })),
    violations: r.violations.map((v) => ({ code: v.code, pointer: v.pointer, parameter: v.parameter, limit: v.limit, message: v.message, source: v.source })),
    context: r.context,
    notes: r.notes,
    session: r.session !== undefined ? sessionToJson(r.session) : null,
    followUps: r.followUps.map((f) => ({ action: f.request.action, resource: f.request.resource, decision: f.result.decision, ...(f.request.expect !== undefined ? { expected: f.request.expect.decision } : {}), determining: f.result.determining, errors: f.result.errors })),
  }
}
