/**
 * Renderers for escalation results: text for people, and the JSON shape of `iamtrace escalations
 * --format json` (schemas/cli-escalations.schema.json). Pure functions; nothing is printed here.
 */
import { residualJson, residualText } from '../graph/render.js'
import type { Administrator, Escalation, EscalationHop, EscalationResult, UncertainReason } from './types.js'

const MARK: Readonly<Record<string, string>> = { allowed: '✓', conditional: '?', uncertain: '~' }

function reasonJson(r: UncertainReason): Record<string, unknown> {
  return { code: r.code, message: r.message, ...(r.file !== undefined ? { file: r.file } : {}), ...(r.pointer !== undefined ? { pointer: r.pointer } : {}) }
}

function hopJson(h: EscalationHop): Record<string, unknown> {
  return {
    from: h.from, to: h.to, technique: h.technique, actions: h.actions, resources: h.resources, access: h.access,
    ...(h.conditions !== null ? { conditions: residualJson(h.conditions) } : {}),
    ...(h.uncertain.length > 0 ? { uncertain: h.uncertain.map(reasonJson) } : {}),
    ...(h.by !== undefined ? { by: h.by } : {}),
    ...(h.notes.length > 0 ? { notes: h.notes } : {}),
  }
}

/**
 * The JSON form of one escalation.
 *
 * @example
 * const r = findEscalations(snapshot)
 * if (r.ok) r.value.escalations.map(escalationJson)
 */
export function escalationJson(e: Escalation): Record<string, unknown> {
  return {
    principal: e.principal, ...(e.external === true ? { external: true } : {}), reaches: e.reaches, access: e.access,
    ...(e.conditions !== null ? { conditions: residualJson(e.conditions) } : {}),
    ...(e.uncertain.length > 0 ? { uncertain: e.uncertain.map(reasonJson) } : {}),
    path: e.path.map(hopJson),
  }
}

function administratorJson(a: Administrator): Record<string, unknown> {
  return { principal: a.principal, access: a.access, ...(a.conditions !== null ? { conditions: residualJson(a.conditions) } : {}), ...(a.uncertain.length > 0 ? { uncertain: a.uncertain.map(reasonJson) } : {}) }
}

/**
 * The JSON shape of `iamtrace escalations --format json`.
 *
 * @example
 * const r = findEscalations(snapshot)
 * if (r.ok) console.log(JSON.stringify(escalationsJson(r.value)))
 */
export function escalationsJson(r: EscalationResult): Record<string, unknown> {
  return { target: r.target, ...(r.from !== undefined ? { from: r.from } : {}), escalations: r.escalations.map(escalationJson), administrators: r.administrators.map(administratorJson), complete: r.complete, gaps: r.gaps.map(reasonJson) }
}

/** Actions with the resources each was decided on, one line per action. */
function actionLines(h: EscalationHop): string[] {
  const by = new Map<string, string[]>()
  h.actions.forEach((a, i) => {
    const list = by.get(a) ?? []
    const r = h.resources[i] ?? '*'
    if (!list.includes(r)) list.push(r)
    by.set(a, list)
  })
  return [...by].map(([a, rs]) => `${a} on ${rs.join(', ')}`)
}

function hopLines(h: EscalationHop, n: number): string[] {
  const lines = [`    ${n}. ${h.from} → ${h.to}  [${h.technique}]${h.by !== undefined ? ` called by ${h.by}` : ''}${h.access !== 'allowed' ? `: ${h.access}` : ''}`]
  for (const a of actionLines(h)) lines.push(`       ${a}`)
  if (h.conditions !== null) lines.push(`       when ${residualText(h.conditions)}`)
  for (const u of h.uncertain) lines.push(`       uncertain: ${u.message} [${u.code}]`)
  for (const note of h.notes) lines.push(`       note: ${note}`)
  return lines
}

/**
 * `iamtrace escalations` as text.
 *
 * @example
 * const r = findEscalations(snapshot)
 * if (r.ok) process.stdout.write(renderEscalationsText(r.value))
 */
export function renderEscalationsText(r: EscalationResult): string {
  const lines: string[] = []
  const own = r.from === undefined ? undefined : r.administrators.find((a) => a.principal === r.from)
  if (own !== undefined) {
    lines.push(`${own.principal} is an administrator${own.access !== 'allowed' ? ` (${own.access})` : ''}`)
    if (own.conditions !== null) lines.push(`  when ${residualText(own.conditions)}`)
    for (const u of own.uncertain) lines.push(`  uncertain: ${u.message} [${u.code}]`)
  } else if (r.target === 'admin' && r.from === undefined) {
    lines.push(`administrators: ${r.administrators.length}`)
    for (const a of r.administrators) {
      lines.push(`  ${MARK[a.access] ?? '?'} ${a.principal}${a.access !== 'allowed' ? `: ${a.access}` : ''}`)
      if (a.conditions !== null) lines.push(`      when ${residualText(a.conditions)}`)
      for (const u of a.uncertain) lines.push(`      uncertain: ${u.message} [${u.code}]`)
    }
  }
  const who = new Set(r.escalations.filter((e) => e.external !== true).map((e) => e.principal))
  const outside = new Set(r.escalations.filter((e) => e.external === true).map((e) => e.principal))
  const goal = r.target === 'admin' ? 'an administrator' : r.target
  if (r.from !== undefined && own === undefined && who.size === 0) lines.push(`${r.from}: no escalation path to ${goal} found`)
  else if (own === undefined) lines.push(`principals that can escalate to ${goal}: ${who.size}${outside.size > 0 ? `, and ${outside.size} outside the snapshot` : ''}`)
  for (const e of r.escalations) {
    lines.push(`  ${MARK[e.access] ?? '?'} ${e.principal}${e.external === true ? ' [external]' : ''} → ${e.reaches}: ${e.access} (${e.path.length} hop${e.path.length === 1 ? '' : 's'})`)
    e.path.forEach((h, i) => lines.push(...hopLines(h, i + 1)))
    if (e.conditions !== null && e.path.length > 1) lines.push(`    all together: ${residualText(e.conditions)}`)
  }
  if (!r.complete) {
    lines.push('incomplete: the snapshot lacks inputs these answers depend on:')
    for (const g of r.gaps) lines.push(`  ${g.file !== undefined ? `${g.file}: ` : ''}${g.message} [${g.code}]`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * `paths --via all` as text: each path hop by hop, with technique, actions and conditions.
 *
 * @example
 * const list = escalationPaths(new EscalationGraph(snapshot), alice, deploy)
 * process.stdout.write(renderEscalationPathsText(alice.arn, deploy.arn, list))
 */
export function renderEscalationPathsText(from: string, to: string, list: readonly Escalation[]): string {
  const lines = [`paths from ${from} to ${to} (every technique): ${list.length}`]
  list.forEach((p, i) => {
    lines.push(`  path ${i + 1} (${p.path.length} hop${p.path.length === 1 ? '' : 's'}): ${p.access}`)
    p.path.forEach((h, j) => lines.push(...hopLines(h, j + 1)))
    if (p.conditions !== null && p.path.length > 1) lines.push(`    all together: ${residualText(p.conditions)}`)
  })
  return `${lines.join('\n')}\n`
}
