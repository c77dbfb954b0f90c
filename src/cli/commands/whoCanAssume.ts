/**
 * `iamtrace who-can-assume ROLE --snapshot ...`: every principal (and, with --transitive, every chain)
 * that can assume ROLE. Exit 0, 1 an input error.
 */
import { diagnostic } from '../../diagnostics.js'
import { edgesOf, renderDot, renderMermaid, renderWhoText, whoJson } from '../../graph/render.js'
import { whoCanAssume } from '../../graph/whoCanAssume.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, flag, UsageError } from '../args.js'
import type { Io } from '../io.js'
import { formatDiagnostic } from '../io.js'
import { defaultWorkers, runAllRoles } from '../allRoles.js'
import { parseShard } from '../roleJob.js'
import type { RoleJob } from '../roleJob.js'
import { progressReporter, readContext, readDepth, readMaxPaths, readSnapshot, snapshotDigest, snapshotFiles } from './graph.js'

/** Help text of `iamtrace who-can-assume`. */
export const whoCanAssumeHelp = `usage: iamtrace who-can-assume ROLE --snapshot FILE|DIR... [--transitive] [--max-depth N] [--max-paths N]
                              [--context KEY=VALUE]... [--format text|json|mermaid|dot]
       iamtrace who-can-assume --all --snapshot FILE|DIR... [--transitive] [--format json|text]
                              [--workers N] [--shard I/N] [--quiet] [same options as above]

Lists every principal that can assume ROLE: users and roles of the snapshot (a role means its
sessions), each allowed, conditional (with its conditions) or uncertain (the inputs cannot decide;
with the reasons), and principals outside the snapshot that the trust policy admits (another
account, a service, an OIDC or SAML provider, *), marked external. When the snapshot has gaps
(a truncated page, a missing managed policy, ...) they are listed and "complete" is false.
  --transitive  also principals that reach ROLE through other roles (via lists them in order)
  --max-depth   longest chain, in hops (default 5)
  --max-paths   stop after this many entries (default 10000; a warning says when the list was cut,
                and the JSON object has "truncated": true)
  --all         every role of the snapshot, in ARN order: with --format json one object per role, one
                per line, each the object the command prints for that role alone
  --workers     threads to use with --all (default: the cores available)
  --shard I/N   with --all --format json: only the I-th of N shares of the roles, ended by a line
                {"shard": {...}} that \`iamtrace merge\` checks; the merged shards equal one run
  --quiet       no progress on stderr (shown for --all runs longer than two seconds)
Exit codes: 0 answered, 1 an input error.`

/** Runs \`iamtrace who-can-assume\`. */
export function runWhoCanAssume(args: ParsedArgs, io: Io): number | Promise<number> {
  checkFlags(args, ['snapshot', 'context', 'format', 'transitive', 'max-depth', 'max-paths', 'all', 'workers', 'shard', 'quiet'])
  const format = choice(args, 'format', ['text', 'json', 'mermaid', 'dot'] as const, 'text')
  if (args.flags.has('all')) return runAll(args, io, format)
  for (const only of ['workers', 'shard']) if (args.flags.has(only)) throw new UsageError(`--${only} goes with --all`)
  const [role, ...rest] = args.positionals
  if (role === undefined || rest.length > 0) throw new UsageError('expected: who-can-assume ROLE')
  const snapshot = readSnapshot(args, io)
  const progress = progressReporter(io)
  const r = whoCanAssume(snapshot, role, {
    context: readContext(args),
    transitive: args.flags.has('transitive'),
    maxDepth: readDepth(args),
    onTruncated: () => io.err('iamtrace who-can-assume: warning: stopped after --max-paths entries; the list is incomplete\n'),
    maxPaths: readMaxPaths(args),
    progress: (done, total) => progress.tick(`analysing ${done}/${total}`),
  })
  progress.done()
  if (!r.ok) {
    for (const d of r.errors) io.err(`${formatDiagnostic(d, 'question')}\n`)
    if (format === 'json') io.out(`${JSON.stringify({ error: r.errors[0] })}\n`)
    return 1
  }
  if (r.value.principals.some((e) => e.conditions?.approximate === true)) {
    io.err(`${formatDiagnostic(diagnostic('graph.too-many-conditions', '', 'some answers had too many open conditions to enumerate: their conditions are sufficient, not exact'), 'question')}\n`)
  }
  if (format === 'json') io.out(`${JSON.stringify(whoJson(r.value))}\n`)
  else if (format === 'mermaid') io.out(renderMermaid(edgesOf(r.value.principals)))
  else if (format === 'dot') io.out(renderDot(edgesOf(r.value.principals)))
  else io.out(renderWhoText(r.value))
  return 0
}

/** `who-can-assume --all`: every role, on every core, or one shard of the roles. */
async function runAll(args: ParsedArgs, io: Io, format: 'text' | 'json' | 'mermaid' | 'dot'): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError('--all takes no ROLE')
  if (format !== 'json' && format !== 'text') throw new UsageError('--all writes json or text')
  const shardFlag = flag(args, 'shard')
  const shard = shardFlag === undefined ? null : parseShard(shardFlag)
  if (shard !== null && format !== 'json') throw new UsageError('--shard needs --format json (shards are merged by `iamtrace merge`)')
  const rawWorkers = flag(args, 'workers')
  const workers = rawWorkers === undefined ? defaultWorkers() : Number(rawWorkers)
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UsageError(`--workers must be an integer from 1 to 256, not \`${rawWorkers}\``)
  const query = { command: 'who-can-assume', format, transitive: args.flags.has('transitive'), maxDepth: readDepth(args), maxPaths: readMaxPaths(args), context: readContext(args) } as const
  const files = snapshotFiles(args)
  const job: RoleJob = { files, query, shard }
  const totals = await runAllRoles(job, () => readSnapshot(args, io), io, { workers, quiet: args.flags.has('quiet'), label: 'who-can-assume --all' })
  // The shard's trailer: what a merge checks (every shard once, one snapshot, one query).
  if (shard !== null) io.out(`${JSON.stringify({ shard: { index: shard.index, count: shard.count, roles: totals.roles, total: totals.total, snapshot: snapshotDigest(files), query } })}\n`)
  if (totals.truncated > 0) io.err(`iamtrace who-can-assume: warning: --max-paths cut the list of ${totals.truncated} role(s) (marked "truncated"); those lists are incomplete\n`)
  if (totals.approximate > 0) io.err(`${formatDiagnostic(diagnostic('graph.too-many-conditions', '', `${totals.approximate} role(s) had answers with too many open conditions to enumerate: their conditions are sufficient, not exact`), 'question')}\n`)
  return 0
}
