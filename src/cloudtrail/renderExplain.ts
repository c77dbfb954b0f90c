/**
 * Renders explained events for people (text: one block per event — request, verdict, blocking layer,
 * unknowns, fixes) and for programs (plain JSON values, schema `schemas/cli-explain.schema.json`).
 * Pure functions; nothing is printed here.
 */
import { renderFixes } from '../fix/renderFixes.js'
import { renderText } from '../trace/renderText.js'
import type { TraceView } from '../trace/renderText.js'
import type { EventExplanation } from './explainEvent.js'

const SHOWN_KEYS = ['aws:SourceIp', 'aws:VpcSourceIp', 'aws:SourceVpce', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'sts:ExternalId', 'sts:RoleSessionName', 'sts:SourceIdentity', 'aws:SourceIdentity', 'aws:TagKeys']

function contextLine(e: EventExplanation): string {
  const ctx = e.request.context
  const keys = Object.keys(ctx).filter((k) => SHOWN_KEYS.includes(k) || k.startsWith('aws:RequestTag/') || (!k.startsWith('aws:') && !k.startsWith('sts:') && !k.startsWith('iam:')))
  return keys.map((k) => `${k}=${JSON.stringify(ctx[k])}`).join(', ')
}

/**
 * One event as a text block.
 *
 * @example
 * process.stdout.write(renderExplainText(explanation))
 */
export function renderExplainText(e: EventExplanation, view: TraceView = 'decisive'): string {
  const where = `${e.event.location.file ?? ''}${e.event.location.pointer !== '' ? `#${e.event.location.pointer}` : ''}${e.event.location.line !== undefined ? `:${e.event.location.line}` : ''}`
  const lines: string[] = [`── ${e.event.eventName} at ${e.event.eventTime}${e.event.eventID !== undefined ? ` (event ${e.event.eventID})` : ''}${where !== '' ? `  ${where}` : ''}`]
  lines.push(`request: ${e.request.principal} → ${e.request.action} on ${e.request.resource}`)
  const ctx = contextLine(e)
  if (ctx !== '') lines.push(`  with ${ctx}`)
  const r = e.recorded
  lines.push(`recorded: ${r.outcome}${r.errorCode !== undefined ? ` (${r.errorCode}${r.errorMessage !== undefined ? `: ${r.errorMessage}` : ''})` : ''}`)
  const modelOutcome = e.succeeds ? 'allowed' : e.violations.length > 0 && e.decision === 'allowed' ? 'rejected by a request rule' : e.decision
  lines.push(`model: ${modelOutcome} — ${e.agrees ? 'agrees with the record' : 'DISAGREES with the record'}${e.dependsOnUnknowns ? ' (depends on values the record does not show; see unknowns)' : ''}`)
  const b = e.blocking
  if (b !== undefined) lines.push(`blocking: ${b.layer}${b.explicit ? ' (explicit deny)' : ''}${b.action !== undefined ? ` on ${b.action}` : ''} — ${b.message}`)
  for (const v of e.violations) lines.push(`  ✗ ${v.code}: ${v.message}`)
  for (const c of e.checks) {
    if (c.result.decision === 'allowed' && view === 'decisive' && !e.succeeds) continue
    lines.push(`check ${c.action}: ${c.result.decision}`)
    for (const l of renderText(c.result, view).trimEnd().split('\n').slice(1)) lines.push(`  ${l}`)
  }
  if (e.explanations.length > 0) {
    lines.push('what could explain the difference:')
    for (const x of e.explanations) lines.push(`  - ${x.message}  [${x.code}]`)
  }
  const decisive = e.unknowns.filter((u) => u.decisive)
  const other = e.unknowns.length - decisive.length
  if (decisive.length > 0 || other > 0) {
    lines.push(`unknowns: ${decisive.length === 0 ? 'none' : decisive.length} that could change the decision${other > 0 ? ` (${other} more that could not${view === 'decisive' ? ', shown with --explain full' : ''})` : ''}`)
    for (const u of view === 'decisive' ? decisive : e.unknowns) lines.push(`  ${u.decisive ? '!' : '-'} ${u.key !== undefined ? `${u.key}: ` : ''}${u.message}${u.assumed !== undefined ? ` (read as: ${u.assumed})` : ''}`)
  }
  for (const n of e.notes) lines.push(`note: ${n}`)
  return `${lines.join('\n')}\n${e.succeeds ? '' : renderFixes(e.fixes)}`
}

/**
 * One event as a JSON value.
 *
 * @example
 * JSON.stringify(explanationToJson(e)) // validates against schemas/cli-explain.schema.json
 */
export function explanationToJson(e: EventExplanation, file?: string): Record<string, unknown> {
  const r = e.recorded
  return {
    ...(file !== undefined ? { file } : {}),
    location: { pointer: e.event.location.pointer, ...(e.event.location.line !== undefined ? { line: e.event.location.line } : {}) },
    event: { ...(e.event.eventID !== undefined ? { eventID: e.event.eventID } : {}), eventName: e.event.eventName, eventSource: e.event.eventSource, eventTime: e.event.eventTime },
    recorded: r.outcome,
    ...(r.errorCode !== undefined
      ? { recordedError: { code: r.errorCode, reason: r.reason, ...(r.errorMessage !== undefined ? { message: r.errorMessage } : {}), ...(r.policyType !== undefined ? { policyType: r.policyType } : {}), ...(r.explicit !== undefined ? { explicit: r.explicit } : {}) } }
      : {}),
    request: e.request,
    decision: e.decision,
    succeeds: e.succeeds,
    agrees: e.agrees,
    ...(e.blocking !== undefined ? { blocking: e.blocking } : {}),
    failingLayers: e.failingLayers,
    determining: e.determining,
    missingContextKeys: e.missingContextKeys,
    violations: e.violations,
    unknowns: e.unknowns,
    dependsOnUnknowns: e.dependsOnUnknowns,
    explanations: e.explanations,
    checks: e.checks.map((c) => ({ action: c.action, resource: c.resource, decision: c.result.decision, determining: c.result.determining, missingContextKeys: c.result.missingContextKeys })),
    ...(e.trace !== undefined ? { trace: e.trace } : {}),
    notes: e.notes,
    fixes: e.fixes,
  }
}
