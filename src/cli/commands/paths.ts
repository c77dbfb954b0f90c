/**
 * `iamtrace paths FROM TO --snapshot ...`: every chain of AssumeRole calls from a principal to a role,
 * hop by hop with each hop's conditions. Exit 0 (paths listed, possibly none), 1 an input error.
 */
import { EscalationGraph } from '../../escalation/escalationGraph.js'
import { escalationPaths } from '../../escalation/escalationPaths.js'
import { escalationJson, renderEscalationPathsText } from '../../escalation/render.js'
import { resolveCaller, resolvePrincipal } from '../../graph/canAssume.js'
import { sessionArn } from '../../graph/question.js'
import { entryJson, renderPathsText, uncertainJson } from '../../graph/render.js'
import { findPaths, snapshotGaps } from '../../graph/whoCanAssume.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, flagList, UsageError } from '../args.js'
import type { Io } from '../io.js'
import { formatDiagnostic } from '../io.js'
import { readContext, readDepth, readMaxPaths, readSnapshot } from './graph.js'

/** Help text of `iamtrace paths`. */
export const pathsHelp = `usage: iamtrace paths FROM TO --snapshot FILE|DIR... [--via assume|all] [--max-depth N] [--max-paths N]
                     [--context KEY=VALUE]... [--format text|json]

Lists every chain of AssumeRole calls from FROM (a user or role, or a session ARN
arn:aws:sts::ACCT:assumed-role/ROLE/SESSION) to the role TO, hop by hop with each
hop's conditions. Conditions along a path are combined; a path whose conditions cannot all hold is
dropped (e.g. a hop that needs MFA after a chained hop). Every hop made from a role session is a
chained session (at most one hour). Cycles are avoided; --max-depth bounds the hops (default 5) and
--max-paths the paths listed (default 10000; a warning says when the list was cut).
  --via all   follow every escalation technique (iamtrace escalations), not only AssumeRole: TO may
              then be a user too, and each hop names its technique, actions and resources
Exit codes: 0 answered, 1 an input error.`

/** Runs \`iamtrace paths\`. */
export function runPaths(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['snapshot', 'context', 'format', 'max-depth', 'max-paths', 'via'])
  const format = choice(args, 'format', ['text', 'json'] as const, 'text')
  const via = choice(args, 'via', ['assume', 'all'] as const, 'assume')
  const [from, to, ...rest] = args.positionals
  if (from === undefined || to === undefined || rest.length > 0) throw new UsageError('expected: paths FROM TO')
  const snapshot = readSnapshot(args, io)
  if (via === 'all') {
    if (flagList(args, 'context').length > 0) throw new UsageError('--context applies to --via assume only')
    const f = resolvePrincipal(snapshot, from)
    const t = resolvePrincipal(snapshot, to)
    if (!f.ok || !t.ok) {
      const d = (f.ok ? t : f) as { errors: readonly Parameters<typeof formatDiagnostic>[0][] }
      for (const e of d.errors) io.err(`${formatDiagnostic(e, 'question')}\n`)
      if (format === 'json') io.out(`${JSON.stringify({ error: d.errors[0] })}\n`)
      return 1
    }
    const list = escalationPaths(new EscalationGraph(snapshot), f.value, t.value, {
      maxDepth: readDepth(args),
      maxPaths: readMaxPaths(args),
      onTruncated: () => io.err('iamtrace paths: warning: stopped after --max-paths paths or the search budget; the list is incomplete\n'),
    })
    if (format === 'json') io.out(`${JSON.stringify({ from: f.value.arn, to: t.value.arn, via, paths: list.map(escalationJson) })}\n`)
    else io.out(renderEscalationPathsText(f.value.arn, t.value.arn, list))
    return 0
  }
  const r = findPaths(snapshot, from, to, {
    context: readContext(args),
    maxDepth: readDepth(args),
    maxPaths: readMaxPaths(args),
    onTruncated: () => io.err('iamtrace paths: warning: stopped after --max-paths paths or the search budget; the list is incomplete\n'),
  })
  if (!r.ok) {
    for (const d of r.errors) io.err(`${formatDiagnostic(d, 'question')}\n`)
    if (format === 'json') io.out(`${JSON.stringify({ error: r.errors[0] })}\n`)
    return 1
  }
  const fromCaller = resolveCaller(snapshot, from)
  const toArn = resolvePrincipal(snapshot, to, 'role')
  if (!fromCaller.ok || !toArn.ok) return 1
  const session = fromCaller.value.session
  const fromArn = session !== undefined && fromCaller.value.principal.kind === 'role' ? sessionArn(fromCaller.value.principal, session) : fromCaller.value.principal.arn
  if (format === 'json') io.out(`${JSON.stringify({ from: fromArn, to: toArn.value.arn, complete: snapshot.complete, gaps: uncertainJson(snapshotGaps(snapshot)), paths: r.value.map(entryJson) })}\n`)
  else io.out(renderPathsText(fromArn, toArn.value.arn, r.value) + (snapshot.complete ? '' : 'note: the snapshot is incomplete (see the warnings above); answers it can affect are at most uncertain\n'))
  return 0
}
