/**
 * `iamtrace escalations --snapshot ...`: privilege-escalation paths to an administrator or to a named
 * role, beyond AssumeRole. Exit 0 none found, 3 found, 1 an input error.
 */
import { findEscalations } from '../../escalation/findEscalations.js'
import { escalationsJson, renderEscalationsText } from '../../escalation/render.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, flag, UsageError } from '../args.js'
import type { Io } from '../io.js'
import { formatDiagnostic } from '../io.js'
import { progressReporter, readDepth, readSnapshot } from './graph.js'

/** Help text of `iamtrace escalations`. */
export const escalationsHelp = `usage: iamtrace escalations --snapshot FILE|DIR... [--from PRINCIPAL] [--to ROLE|admin]
                           [--max-paths N] [--max-depth N] [--at TIME] [--format text|json]

Lists, for every principal that is not an administrator, its shortest privilege-escalation paths to an
administrator (or to the role --to names): AssumeRole, rewriting a trust policy, passing a role to a
service that runs code (EC2, Lambda, Glue, CloudFormation, CodeBuild, SageMaker, Data Pipeline, ECS),
code or a shell on resources that run with a role (Lambda, EC2 through SSM or Instance Connect,
CloudFormation, CodeBuild, Glue, SageMaker), keys or passwords for users, and grants (policies written
or attached, groups joined, policy versions, boundaries removed). Every action is decided by the
engine with the caller's boundary and SCPs; each hop says allowed, conditional (with the conditions)
or uncertain (with the reason, e.g. a missing inventory of EC2 instances).
  --from       only this principal (ARN, id or name)
  --to         a role to reach instead of an administrator
  --max-paths  shortest paths listed per principal (default 3)
  --max-depth  longest path, in hops (default 6)
  --at         the time requests are made from (ISO 8601; default now): conditions on aws:CurrentTime
               and aws:TokenIssueTime that no later time meets are decided, not carried
Exit codes: 0 no escalation, 3 escalations found, 1 an input error.`

/** Runs \`iamtrace escalations\`. */
export function runEscalations(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['snapshot', 'from', 'to', 'format', 'max-paths', 'max-depth', 'at'])
  const format = choice(args, 'format', ['text', 'json'] as const, 'text')
  if (args.positionals.length > 0) throw new UsageError('escalations takes no positional arguments')
  const rawPaths = flag(args, 'max-paths', '3') as string
  const maxPaths = Number(rawPaths)
  if (!Number.isInteger(maxPaths) || maxPaths < 1) throw new UsageError(`--max-paths must be a positive integer, not \`${rawPaths}\``)
  const at = flag(args, 'at')
  const now = at === undefined ? Date.now() : Date.parse(at)
  if (Number.isNaN(now)) throw new UsageError(`--at takes an ISO 8601 time, not \`${at ?? ''}\``)
  const snapshot = readSnapshot(args, io)
  const progress = progressReporter(io)
  const from = flag(args, 'from')
  const to = flag(args, 'to')
  const r = findEscalations(snapshot, {
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    maxPaths,
    maxDepth: readDepth(args, '6'),
    now,
    progress: (done, total) => progress.tick(`analysing principal ${done}/${total}`),
  })
  progress.done()
  if (!r.ok) {
    for (const d of r.errors) io.err(`${formatDiagnostic(d, 'question')}\n`)
    if (format === 'json') io.out(`${JSON.stringify({ error: r.errors[0] })}\n`)
    return 1
  }
  io.out(format === 'json' ? `${JSON.stringify(escalationsJson(r.value))}\n` : renderEscalationsText(r.value))
  return r.value.escalations.length > 0 ? 3 : 0
}
