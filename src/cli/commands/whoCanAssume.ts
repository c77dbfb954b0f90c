/**
 * `iamtrace who-can-assume ROLE --snapshot ...`: every principal (and, with --transitive, every chain)
 * that can assume ROLE. Exit 0, 1 an input error.
 */
import { diagnostic } from '../../diagnostics.js'
import { edgesOf, renderDot, renderMermaid, renderWhoText, whoJson } from '../../graph/render.js'
import { whoCanAssume } from '../../graph/whoCanAssume.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, UsageError } from '../args.js'
import type { Io } from '../io.js'
import { formatDiagnostic } from '../io.js'
import { progressReporter, readContext, readDepth, readMaxPaths, readSnapshot } from './graph.js'

/** Help text of `iamtrace who-can-assume`. */
export const whoCanAssumeHelp = `usage: iamtrace who-can-assume ROLE --snapshot FILE|DIR... [--transitive] [--max-depth N] [--max-paths N]
                              [--context KEY=VALUE]... [--format text|json|mermaid|dot]

Lists every principal that can assume ROLE: users and roles of the snapshot (a role means its
sessions), each allowed, conditional (with its conditions) or uncertain (the inputs cannot decide;
with the reasons), and principals outside the snapshot that the trust policy admits (another
account, a service, an OIDC or SAML provider, *), marked external. When the snapshot has gaps
(a truncated page, a missing managed policy, ...) they are listed and "complete" is false.
  --transitive  also principals that reach ROLE through other roles (via lists them in order)
  --max-depth   longest chain, in hops (default 5)
  --max-paths   stop after this many entries (default 10000; a warning says when the list was cut)
Exit codes: 0 answered, 1 an input error.`

/** Runs \`iamtrace who-can-assume\`. */
export function runWhoCanAssume(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['snapshot', 'context', 'format', 'transitive', 'max-depth', 'max-paths'])
  const format = choice(args, 'format', ['text', 'json', 'mermaid', 'dot'] as const, 'text')
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
