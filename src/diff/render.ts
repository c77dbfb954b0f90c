/**
 * The forms of a diff report: JSON (one object per compared pair, `schemas/cli-diff.schema.json`), text
 * for people, and SARIF 2.1.0 for code scanning (each new access on the AFTER line that grants it, the
 * witness in the message). Pure functions; nothing is printed here.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { residualJson, residualText, uncertainJson } from '../graph/render.js'
import type { PrincipalRef } from '../graph/canAssume.js'
import type { DiffChange, DiffReport, VersionAccess } from './types.js'

function accessJson(v: VersionAccess | null): Record<string, unknown> | null {
  if (v === null) return null
  return { access: v.access, ...(v.conditions !== null ? { conditions: residualJson(v.conditions) } : {}), ...(v.uncertain.length > 0 ? { uncertain: uncertainJson(v.uncertain) } : {}) }
}

/** The JSON form of one change (location flattened to `file`, `line`, `column`, `pointer`). */
function changeJson(c: DiffChange): Record<string, unknown> {
  const l = c.location
  return {
    role: c.role,
    kind: c.kind,
    principal: c.principal,
    before: accessJson(c.before),
    after: accessJson(c.after),
    ...(c.witness !== undefined ? { witness: c.witness } : {}),
    ...(c.uncertain !== undefined ? { uncertain: uncertainJson(c.uncertain) } : {}),
    ...(c.roleChange !== undefined ? { roleChange: c.roleChange } : {}),
    ...(c.via !== undefined ? { via: c.via } : {}),
    ...(c.causes !== undefined ? { causes: c.causes } : {}),
    ...(c.action !== undefined ? { action: c.action } : {}),
    ...(c.resource !== undefined ? { resource: c.resource } : {}),
    ...(c.scope !== undefined ? { scope: c.scope } : {}),
    ...(l !== undefined ? { file: l.file, ...(l.line !== undefined ? { line: l.line } : {}), ...(l.column !== undefined ? { column: l.column } : {}), ...(l.pointer !== undefined ? { pointer: l.pointer } : {}) } : {}),
  }
}

/**
 * The `diff --format json` object of one compared pair.
 *
 * @example
 * console.log(JSON.stringify(diffJson(report))) // {"before":"a.json","after":"b.json","changes":[…],"complete":true,…}
 */
export function diffJson(r: DiffReport): Record<string, unknown> {
  return { before: r.before, after: r.after, changes: r.changes.map(changeJson), complete: r.complete, unread: uncertainJson(r.unread), unchangedUnread: uncertainJson(r.unchangedUnread), newAccess: hasNewAccess(r) }
}

/**
 * True when the report shows new access, or cannot rule it out (gained or uncertain changes, an incomplete read).
 *
 * @example
 * process.exitCode = hasNewAccess(report) ? 3 : 0
 */
export function hasNewAccess(r: DiffReport): boolean {
  return !r.complete || r.changes.some((c) => c.kind === 'gained' || c.kind === 'uncertain')
}

/** A principal (or class) for people. */
export function principalText(p: PrincipalRef): string {
  if (typeof p === 'string') return p === '*' ? 'any AWS principal (*)' : p
  if ('account' in p) return `principals of account ${p.account}`
  if ('service' in p) return `service ${p.service}`
  return `federated ${p.federated}`
}

function accessText(v: VersionAccess | null): string {
  if (v === null) return 'no access'
  return v.access === 'allowed' ? 'allowed' : `${v.access}${v.conditions !== null ? ` when ${residualText(v.conditions)}` : ''}`
}

const MARK: Readonly<Record<DiffChange['kind'], string>> = { gained: '+', lost: '-', changed: '~', uncertain: '!' }

function whereText(c: DiffChange): string | undefined {
  const l = c.location
  if (l === undefined) return undefined
  return `${l.file}${l.line !== undefined ? `:${l.line}:${l.column ?? 1}` : ''}${l.pointer !== undefined && l.pointer !== '' ? ` (${l.pointer})` : ''}`
}

/** One change as the text lines of `diff`. */
function changeLines(c: DiffChange): string[] {
  const what = c.action !== undefined ? ` ${c.action} on ${c.resource ?? '*'}` : ''
  const roleTag = c.roleChange !== undefined ? ` [role ${c.roleChange}]` : ''
  const lines = [`  ${MARK[c.kind]} ${c.kind.padEnd(9)} ${principalText(c.principal)} → ${c.role}${what}${roleTag}`]
  if (c.via !== undefined && c.via.length > 0) lines.push(`      via ${c.via.join(' → ')}`)
  if (c.scope !== undefined) lines.push(`      requests: ${c.scope}`)
  lines.push(`      before: ${accessText(c.before)}`, `      after:  ${accessText(c.after)}`)
  if (c.causes !== undefined && c.causes.length > 0) lines.push(`      changed: ${c.causes.join(', ')}`)
  if (c.witness !== undefined) {
    const w = c.witness
    lines.push(`      witness${c.via !== undefined && c.via.length > 0 ? ' (the new hop)' : ''}: ${JSON.stringify(w.request)}`)
    if (w.beforeRequest !== undefined) lines.push(`      (in BEFORE: ${JSON.stringify(w.beforeRequest)})`)
    lines.push(`      decided by the evaluator: AFTER ${w.afterDecision}, BEFORE ${w.beforeDecision}`)
  }
  for (const r of c.uncertain ?? []) lines.push(`      because [${r.code}] ${r.message}${r.file !== undefined ? ` (${r.file}${r.pointer !== undefined && r.pointer !== '' ? ` at ${r.pointer}` : ''})` : ''}`)
  const at = whereText(c)
  if (at !== undefined) lines.push(`      at ${at}`)
  return lines
}

/**
 * `diff` as text: one block per change, the inputs not read, and a summary line.
 *
 * @example
 * process.stdout.write(renderDiffText(report))
 */
export function renderDiffText(r: DiffReport): string {
  const lines = [`diff ${r.before} → ${r.after}`]
  const order: DiffChange['kind'][] = ['gained', 'uncertain', 'changed', 'lost']
  for (const kind of order) for (const c of r.changes.filter((x) => x.kind === kind)) lines.push(...changeLines(c))
  if (r.unread.length > 0) {
    lines.push('  not read fully (changes there are not ruled out):')
    for (const u of r.unread) lines.push(`    [${u.code}] ${u.message}${u.file !== undefined ? ` (${u.file}${u.pointer !== undefined && u.pointer !== '' ? ` at ${u.pointer}` : ''})` : ''}`)
  }
  if (r.unchangedUnread.length > 0) lines.push(`  ${r.unchangedUnread.length} part${r.unchangedUnread.length === 1 ? '' : 's'} not read in both versions alike (not a change; --format json lists them)`)
  const count = (k: DiffChange['kind']): number => r.changes.filter((c) => c.kind === k).length
  const verdict = hasNewAccess(r) ? (count('gained') > 0 ? 'new access' : 'new access not ruled out') : 'no new access'
  lines.push(`${r.changes.length} change${r.changes.length === 1 ? '' : 's'}: ${count('gained')} gained, ${count('uncertain')} uncertain, ${count('changed')} changed, ${count('lost')} lost${r.complete ? '' : '; inputs not read fully'} — ${verdict}`)
  return `${lines.join('\n')}\n`
}
