/**
 * A diff as SARIF 2.1.0 for code scanning: each new access is a result on the AFTER line that grants it
 * (the statement whose Allow the witness passes, or the statement that no longer denies it), with the
 * witness request in the message; new access that cannot be ruled out is a warning; narrowed or
 * removed access a note. Fingerprints name the role, the principal and the kind, not the line, so a
 * moved statement keeps its alert.
 * https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support
 */
import { sarifLog } from '../lint/sarif.js'
import { principalText } from './render.js'
import type { DiffChange, DiffReport } from './types.js'

/** The rules of `diff` results. */
const DIFF_RULES = [
  {
    id: 'diff-trust-new-access',
    name: 'DiffTrustNewAccess',
    level: 'error',
    summary: 'the change lets a principal do what it could not before (assume a role, or make a request)',
    help: 'Check that the new access is intended; the witness is a request the changed version allows and the previous version denies, decided by the evaluator.',
  },
  {
    id: 'diff-new-access-uncertain',
    name: 'DiffNewAccessUncertain',
    level: 'warning',
    summary: 'the change may let a principal do what it could not before: the inputs cannot decide it',
    help: 'Resolve what the engine could not read (unresolved template values, unsupported conditions) or review the change by hand.',
  },
  {
    id: 'diff-access-narrowed',
    name: 'DiffAccessNarrowed',
    level: 'note',
    summary: 'the change removes or narrows access a principal had',
    help: 'Check that the callers that lose access no longer need it.',
  },
] as const

const RULE_OF: Readonly<Record<DiffChange['kind'], number>> = { gained: 0, uncertain: 1, changed: 2, lost: 2 }

function uri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/')
}

function messageOf(c: DiffChange): string {
  const who = principalText(c.principal)
  const what = c.action !== undefined ? `${c.action} on ${c.resource ?? '*'}` : `assume ${c.role}`
  const via = c.via !== undefined && c.via.length > 0 ? ` via ${c.via.join(' → ')}` : ''
  switch (c.kind) {
    case 'gained':
      return `${who} can now ${what}${via} (before: ${c.before?.access ?? 'no access'}, after: ${c.after?.access ?? 'no access'}). Witness (AFTER ${c.witness?.afterDecision ?? '?'}, BEFORE ${c.witness?.beforeDecision ?? '?'}): ${JSON.stringify(c.witness?.request)}`
    case 'uncertain':
      return `${who} may now ${what}${via}: ${(c.uncertain ?? []).map((r) => `[${r.code}] ${r.message}`).join('; ') || 'the inputs cannot decide it'}`
    case 'changed':
      return `${who} keeps access to ${what} under narrower conditions (before: ${c.before?.access ?? 'no access'}, after: ${c.after?.access ?? 'no access'})`
    case 'lost':
      return `${who} can no longer ${what}${via}`
  }
}

/**
 * The SARIF log of one or more diff reports.
 *
 * @example
 * writeFileSync('diff.sarif', JSON.stringify(diffSarif([report], '0.1.0'), null, 2))
 */
export function diffSarif(reports: readonly DiffReport[], version: string): Record<string, unknown> {
  const results = reports.flatMap((r) =>
    r.changes.map((c) => {
      const rule = DIFF_RULES[RULE_OF[c.kind]] as (typeof DIFF_RULES)[number]
      const l = c.location
      const file = l?.file ?? r.after
      return {
        ruleId: rule.id,
        ruleIndex: RULE_OF[c.kind],
        level: rule.level,
        message: { text: messageOf(c) },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: uri(file) }, region: { startLine: l?.line ?? 1, startColumn: l?.column ?? 1 } },
            logicalLocations: [{ name: c.role, fullyQualifiedName: `${c.role}${l?.pointer !== undefined && l.pointer !== '' ? ` ${l.pointer}` : ''}`, kind: 'object' }],
          },
        ],
        partialFingerprints: { 'iamtraceDiff/v1': `${c.kind}|${c.role}|${JSON.stringify(c.principal)}|${c.action ?? ''}|${(c.via ?? []).join('>')}` },
        properties: { kind: c.kind, principal: c.principal, ...(c.witness !== undefined ? { witness: c.witness } : {}) },
      }
    }),
  )
  const notifications = reports.flatMap((r) => r.unread.map((u) => ({ level: 'warning', message: { text: `${u.code}: ${u.message}` }, ...(u.file !== undefined ? { locations: [{ physicalLocation: { artifactLocation: { uri: uri(u.file) } } }] } : {}) })))
  return sarifLog(
    { version, rules: DIFF_RULES.map((d) => ({ id: d.id, name: d.name, shortDescription: { text: d.summary }, help: { text: d.help }, defaultConfiguration: { level: d.level }, properties: { tags: ['security', 'iam', 'diff'] } })) },
    { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications, properties: { complete: reports.every((r) => r.complete) } }], results },
  )
}
