/**
 * `iamtrace graph --snapshot ... [--role ARN | --account ID]`: draws the trust graph (Mermaid or dot),
 * and the snapshot-reading helpers shared by the trust commands (`can`, `who-can-assume`, `paths`).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { TrustGraph } from '../../graph/trustGraph.js'
import { reachers } from '../../graph/trustGraph.js'
import type { GraphOptions } from '../../graph/trustGraph.js'
import { EscalationGraph } from '../../escalation/escalationGraph.js'
import { escalationEdges } from '../../escalation/escalationPaths.js'
import { findEscalations } from '../../escalation/findEscalations.js'
import { edgesOf, renderDot, renderMermaid, residualJson, uncertainJson } from '../../graph/render.js'
import { snapshotGaps } from '../../graph/whoCanAssume.js'
import type { GraphEdge } from '../../graph/render.js'
import { MAX_ATOMS_LIMIT } from '../../analysis/analyze.js'
import { loadSnapshot } from '../../snapshot/loadSnapshot.js'
import type { Snapshot, SnapshotInput } from '../../snapshot/types.js'
import type { ContextValue } from '../../request/types.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, flag, flagList, UsageError } from '../args.js'
import { expandPaths } from '../files.js'
import type { Io } from '../io.js'
import { describeMissing, formatDiagnostic } from '../io.js'

/** Shows progress on stderr once work has taken more than a second, only on a terminal. */
export function progressReporter(io: Io): { tick: (message: string) => void; done: () => void } {
  const start = Date.now()
  let shown = false
  let last = 0
  return {
    tick(message) {
      if (!io.errIsTty) return
      const now = Date.now()
      if (now - start < 1000 || now - last < 100) return
      last = now
      shown = true
      io.err(`\r\x1b[2K${message}`)
    },
    done() {
      if (shown) io.err('\r\x1b[2K')
    },
  }
}

/** Reads `--snapshot` files and directories and loads them; diagnostics go to stderr. */
export function readSnapshot(args: ParsedArgs, io: Io): Snapshot {
  const files = snapshotFiles(args)
  const progress = progressReporter(io)
  const inputs: SnapshotInput[] = files.map((file) => {
    progress.tick(`reading ${file}`)
    return { file, text: readFileSync(file, 'utf8') }
  })
  const snapshot = loadSnapshot(inputs, { progress: (m) => progress.tick(m) })
  progress.done()
  for (const line of snapshotDiagnostics(snapshot)) io.err(`${line}\n`)
  if (snapshotEmpty(snapshot)) throw new UsageError(NOTHING_LOADED)
  return snapshot
}

/** The error when no account could be loaded. */
export const NOTHING_LOADED = 'no account could be loaded from the snapshot'

/** True when no account could be loaded. */
export function snapshotEmpty(snapshot: Snapshot): boolean {
  return snapshot.principals.size === 0 && snapshot.accounts.size === 0
}

/** The snapshot's diagnostics as stderr lines. */
export function snapshotDiagnostics(snapshot: Snapshot): string[] {
  return snapshot.diagnostics.map((d) => formatDiagnostic(d))
}

/** The files `--snapshot` names (directories expanded), sorted. */
export function snapshotFiles(args: ParsedArgs): string[] {
  const paths = flagList(args, 'snapshot')
  if (paths.length === 0) throw new UsageError('--snapshot FILE|DIR is required (repeatable)')
  const { files, missing } = expandPaths(paths)
  if (missing.length > 0) throw new UsageError(`cannot read ${describeMissing(missing)}`)
  if (files.length === 0) throw new UsageError('the snapshot paths hold no .json file')
  return files
}

/** A digest of the files' contents: SHA-256 over each file's SHA-256, sorted (the same snapshot gives the same digest wherever it lies). */
export function snapshotDigest(files: readonly string[]): string {
  const hashes = files.map((file) => createHash('sha256').update(readFileSync(file)).digest('hex'))
  return `sha256:${createHash('sha256').update(hashes.sort().join('\n')).digest('hex')}`
}

/** `--context KEY=VALUE` (repeatable; a key given twice becomes a multivalued key). */
export function readContext(args: ParsedArgs): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>
  for (const item of flagList(args, 'context')) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new UsageError(`--context takes KEY=VALUE, not \`${item}\``)
    const key = item.slice(0, eq)
    const value = item.slice(eq + 1)
    const prev = out[key]
    out[key] = prev === undefined ? value : [...(typeof prev === 'string' ? [prev] : prev), value]
  }
  return out
}

/** `--max-paths N`. */
export function readMaxPaths(args: ParsedArgs): number {
  const raw = flag(args, 'max-paths', '10000') as string
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-paths must be a positive integer, not \`${raw}\``)
  return n
}

/** `--max-conditions N`: open conditions enumerated exactly (0 to 16). */
export function readMaxConditions(args: ParsedArgs): number | undefined {
  const raw = flag(args, 'max-conditions')
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > MAX_ATOMS_LIMIT) throw new UsageError(`--max-conditions must be an integer from 0 to ${MAX_ATOMS_LIMIT}, not \`${raw}\``)
  return n
}

/** `--max-depth N` (default 5, or `fallback`). */
export function readDepth(args: ParsedArgs, fallback = '5'): number {
  const raw = flag(args, 'max-depth', fallback) as string
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new UsageError(`--max-depth must be an integer from 1 to 20, not \`${raw}\``)
  return n
}

/** Help text of `iamtrace graph`. */
export const graphHelp = `usage: iamtrace graph --snapshot FILE|DIR... [--role ARN | --account ID] [--via assume|all]
                     [--format mermaid|dot|json] [--context KEY=VALUE]... [--max-depth N]

Draws the trust graph of a snapshot: principals, roles, and an edge for every AssumeRole a principal
can make, labelled with its conditions (dotted or dashed when conditional; thick, red and labelled
"uncertain" with the reason's code when the inputs cannot decide). Principals outside the snapshot
are styled apart.
  --role      only the principals that reach this role (through chains, up to --max-depth)
  --account   only the roles of this account
  --via all   also every other escalation technique (iamtrace escalations): dashed red edges
              labelled with the technique, and grants to an "administrator" node
Exit codes: 0 drawn, 1 an input error.`

/** Runs `iamtrace graph`. */
export function runGraph(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['snapshot', 'role', 'account', 'format', 'context', 'max-depth', 'via'])
  const format = choice(args, 'format', ['mermaid', 'dot', 'json'] as const, 'mermaid')
  const via = choice(args, 'via', ['assume', 'all'] as const, 'assume')
  if (args.positionals.length > 0) throw new UsageError('graph takes no positional arguments')
  const snapshot = readSnapshot(args, io)
  const options: GraphOptions = { context: readContext(args), maxDepth: readDepth(args), transitive: true }
  const graph = new TrustGraph(snapshot, options)
  const roleArg = flag(args, 'role')
  const account = flag(args, 'account')
  let roles = [...snapshot.roles.values()]
  if (roleArg !== undefined) {
    const found = roles.filter((r) => r.arn === roleArg || r.name === roleArg)
    if (found.length !== 1) {
      io.err(`iamtrace graph: ${found.length === 0 ? 'no role' : 'more than one role'} matches \`${roleArg}\`\n`)
      return 1
    }
    roles = found
  } else if (account !== undefined) roles = roles.filter((r) => r.account === account)
  const progress = progressReporter(io)
  const edges: GraphEdge[] = []
  const seen = new Set<string>()
  roles.forEach((role, i) => {
    progress.tick(`analysing role ${i + 1}/${roles.length}`)
    const entries = roleArg !== undefined ? reachers(graph, role, options) : reachers(graph, role, { ...options, transitive: false })
    for (const e of edgesOf(entries)) {
      const key = `${JSON.stringify(e.from)}→${e.to}`
      if (!seen.has(key)) {
        seen.add(key)
        edges.push(e)
      }
    }
  })
  if (via === 'all') edges.push(...escalationGraphEdges(snapshot, roleArg !== undefined ? roles[0]?.arn : undefined, account, options.maxDepth ?? 5))
  progress.done()
  if (format === 'json') {
    const body = {
      complete: snapshot.complete,
      gaps: uncertainJson(snapshotGaps(snapshot)),
      edges: edges.map((e) => ({ from: e.from, to: e.to, access: e.access, conditions: residualJson(e.conditions), uncertain: uncertainJson(e.uncertain), external: e.external, ...(e.technique !== undefined ? { technique: e.technique } : {}) })),
    }
    io.out(`${JSON.stringify(body)}\n`)
  }
  else io.out(format === 'mermaid' ? renderMermaid(edges) : renderDot(edges))
  return 0
}

/**
 * The escalation edges to draw: toward one role (the hops of the principals' shortest paths to it),
 * for the principals of one account, or for every principal.
 */
function escalationGraphEdges(snapshot: Snapshot, role: string | undefined, account: string | undefined, maxDepth: number): GraphEdge[] {
  const graph = new EscalationGraph(snapshot)
  if (role !== undefined) {
    const r = findEscalations(snapshot, { to: role, graph, maxDepth, maxPaths: 10 })
    if (!r.ok) return []
    const seen = new Set<string>()
    return r.value.escalations.flatMap((e) =>
      e.path.flatMap((h) => {
        const key = `${h.from}|${h.to}|${h.technique}`
        if (h.technique === 'assume-role' || seen.has(key)) return []
        seen.add(key)
        return [{ from: h.from, to: h.to, access: h.access, conditions: h.conditions, uncertain: h.uncertain, external: false, technique: h.technique }]
      }),
    )
  }
  const principals = [...snapshot.principals.values()].filter((p) => account === undefined || p.account === account)
  return escalationEdges(graph, principals).map((e) => ({ from: e.from, to: e.to, access: e.access, conditions: e.conditions, uncertain: e.uncertain, external: false, technique: e.technique }))
}
