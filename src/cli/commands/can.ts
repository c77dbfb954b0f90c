/**
 * `iamtrace can PRINCIPAL assume ROLE --snapshot ...`: one trust question over a snapshot.
 * Exit 0 allowed, 2 denied, 4 allowed only under conditions, 1 an input error.
 */
import { diagnostic } from '../../diagnostics.js'
import { canAssume } from '../../graph/canAssume.js'
import { canJson, reasonLines, residualText } from '../../graph/render.js'
import { renderText } from '../../trace/renderText.js'
import type { TraceView } from '../../trace/renderText.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, UsageError } from '../args.js'
import type { Io } from '../io.js'
import { formatDiagnostic } from '../io.js'
import { readContext, readMaxConditions, readSnapshot } from './graph.js'

const LAYER_NAMES: Readonly<Record<string, string>> = { identity: 'identity', boundary: 'boundary', session: 'session', scp: 'SCP', rcp: 'RCP' }

/** Help text of `iamtrace can`. */
export const canHelp = `usage: iamtrace can PRINCIPAL assume ROLE --snapshot FILE|DIR... [--context KEY=VALUE]...
                   [--format text|json] [--explain decisive|fails|full]

Answers one trust question over a snapshot: can PRINCIPAL (a user or role ARN, unique id or
unambiguous name, a role meaning its sessions; or a session ARN arn:aws:sts::ACCT:assumed-role/ROLE/SESSION)
call sts:AssumeRole on ROLE? The caller's identity policies (groups included), boundary and SCPs, the
role's trust policy and its account's RCPs decide. A context key not given with --context is unknown:
the answer may be "conditional", with the conditions under which it is allowed (the trace then shows
one allowing case, and a witness request the evaluator allows), or "uncertain" when the inputs cannot
decide (a statement the engine cannot read, a gap in the snapshot), with the reasons.
Exit codes: 0 allowed, 2 denied, 4 conditional or uncertain, 1 an input error.`

/** Runs \`iamtrace can\`. */
export function runCan(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['snapshot', 'context', 'format', 'explain', 'max-conditions'])
  const maxAtoms = readMaxConditions(args)
  const format = choice(args, 'format', ['text', 'json'] as const, 'text')
  const view = choice<TraceView>(args, 'explain', ['decisive', 'fails', 'full'], 'decisive')
  const [principal, verb, role, ...rest] = args.positionals
  if (principal === undefined || verb !== 'assume' || role === undefined || rest.length > 0) throw new UsageError('expected: can PRINCIPAL assume ROLE')
  const snapshot = readSnapshot(args, io)
  const r = canAssume(snapshot, principal, role, { context: readContext(args), trace: true, ...(maxAtoms !== undefined ? { maxAtoms } : {}) })
  if (!r.ok) {
    for (const d of r.errors) io.err(`${formatDiagnostic(d, 'question')}\n`)
    if (format === 'json') io.out(`${JSON.stringify({ error: r.errors[0] })}\n`)
    return 1
  }
  const a = r.value
  if (a.conditions?.approximate === true) io.err(`${formatDiagnostic(diagnostic('graph.too-many-conditions', '', 'too many open conditions to enumerate: the conditions shown are sufficient, not exact'), 'question')}\n`)
  if (format === 'json') io.out(`${JSON.stringify(canJson(a, snapshot.complete))}\n`)
  else {
    const lines = [`${String(a.principal)} → sts:AssumeRole on ${a.role}`, `answer: ${a.decision}`]
    if (a.conditions !== null) {
      lines.push(`${a.decision === 'uncertain' ? 'possible when' : 'when'}: ${residualText(a.conditions)}`)
      const seen = new Set<string>()
      for (const term of a.conditions.terms) {
        for (const l of term) {
          for (const s of l.atom.sources) {
            const line = `  ${l.atom.text}  ← ${s.layer === 'resource' ? '' : `${LAYER_NAMES[s.layer]} policy `}"${s.policy}" statement #${s.index}${s.sid !== undefined ? ` (${s.sid})` : ''} at ${s.conditionPointer}`
            if (!seen.has(line)) lines.push(line)
            seen.add(line)
          }
        }
      }
    }
    lines.push(...reasonLines(a.uncertain, ''))
    if (a.witness !== null) lines.push(`witness (a request the evaluator allows): ${JSON.stringify(a.witness)}`)
    for (const n of a.notes) lines.push(`note: ${n}`)
    if (!snapshot.complete) lines.push('note: the snapshot is incomplete (see the warnings above)')
    lines.push(a.decision === 'conditional' ? 'trace of one allowing case (conditions decided by the question are marked):' : a.decision === 'uncertain' ? 'trace of one possibly allowing case (undecidable statements read as possibly applying):' : 'trace:')
    io.out(`${lines.join('\n')}\n${renderText(a.evaluation, view)}`)
  }
  // 0 allowed, 2 denied, 4 conditional or uncertain (the JSON says which).
  return a.access === 'allowed' ? 0 : a.access === 'denied' ? 2 : 4
}
