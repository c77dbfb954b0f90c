/**
 * An all-roles job: one question asked of every role of a snapshot (or of one shard of its roles).
 * The job is plain data, so that the main thread can hand it to worker threads as is; each thread
 * prepares it over its own copy of the snapshot and answers any range of the roles, which are taken in
 * one canonical order (by ARN) so that every thread, every shard and a merge agree on it.
 */
import { readFileSync } from 'node:fs'
import { renderWhoText } from '../graph/render.js'
import { writeWhoJson } from '../graph/whoJsonText.js'
import type { WhoJsonSink } from '../graph/whoJsonText.js'
import { TrustGraph } from '../graph/trustGraph.js'
import { whoCanAssumeRole } from '../graph/whoCanAssume.js'
import type { ContextValue } from '../request/types.js'
import { loadSnapshot } from '../snapshot/loadSnapshot.js'
import type { Snapshot, SnapshotRole } from '../snapshot/types.js'
import { UsageError } from './args.js'
import { snapshotDiagnostics, snapshotEmpty } from './commands/graph.js'

/** Shard `index` (1-based) of `count`: the roles whose position in ARN order is `index - 1` modulo `count`. */
export interface Shard {
  readonly index: number
  readonly count: number
}

/** The question asked of every role, as plain data (it is what a shard's trailer line records). */
interface RoleQuery {
  readonly command: 'who-can-assume'
  readonly format: 'json' | 'text'
  readonly transitive: boolean
  readonly maxDepth: number
  readonly maxPaths: number
  readonly context: Readonly<Record<string, ContextValue>>
}

/** A job: the snapshot's files, the query, and the shard (null: every role). */
export interface RoleJob {
  readonly files: readonly string[]
  readonly query: RoleQuery
  readonly shard: Shard | null
}

/** What a range of roles produced: the output as UTF-8, and how many answers were cut or approximate. */
export interface RangeOutput {
  /**
   * The roles' output, in order, in buffers of a few megabytes. PERF: bytes, not a string. The text is
   * encoded as it is built, so its pieces die young instead of being joined and encoded again at the
   * end; and a worker thread hands the bytes to the main thread without a copy (a string would be
   * copied, then encoded by the main thread alone). Each has a buffer of its own (never a slice of
   * Node's shared pool, whose memory would move with a transfer).
   */
  readonly parts: readonly Uint8Array[]
  /** Roles answered. */
  readonly roles: number
  /** Roles whose list `--max-paths` cut. */
  readonly truncated: number
  /** Roles with answers whose conditions were too many to enumerate exactly. */
  readonly approximate: number
}

/** A job over a loaded snapshot: its roles in order, and the answers for any range of them. */
export interface PreparedJob {
  readonly roles: readonly SnapshotRole[]
  /** Roles in the snapshot (every shard's). */
  readonly total: number
  /** The snapshot's diagnostics, as stderr lines; `empty` when no account could be loaded. */
  readonly diagnostics: readonly string[]
  readonly empty: boolean
  run(from: number, to: number): RangeOutput
}

/**
 * Roles whose direct answers a thread keeps for chains through them (the least recently used are asked
 * again). Roles come account by account, and chains mostly pass through the account's own roles and a
 * few hubs: over shard 1/10 of a generated organization of 10,000 roles, keeping 1,000 asks 4 % more
 * lists than keeping 2,000 (300: 48 % more), with half the memory.
 */
const REMEMBER_ROLES = 1000

/** Bytes per output buffer: large enough that a part holds many lines, small enough to waste little when cut. */
const PART_BYTES = 1 << 22

/**
 * Lines of output as UTF-8, in buffers of their own (never slices of Node's shared pool, whose memory
 * would move with a transfer to the main thread). PERF: the pieces (a hop's or a path's conditions'
 * text is made once and shared by every path that has it) are encoded straight into the buffer;
 * keeping their bytes instead cost more in buffers made than it saved in encoding.
 */
class ByteSink implements WhoJsonSink {
  private readonly parts: Buffer[] = []
  private buffer = Buffer.allocUnsafeSlow(PART_BYTES)
  private length = 0

  text(piece: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    this.room(piece.length * 3)
    this.length += this.buffer.write(piece, this.length)
  }

  newline(): void {
    this.room(1)
    this.buffer[this.length++] = 0x0a
  }

  /** The buffers written, the last cut to its length. */
  finish(): Buffer[] {
    this.cut(0)
    return this.parts
  }

  private room(bytes: number): void {
    if (this.length + bytes > this.buffer.length) this.cut(bytes)
  }

  /** Ends the current buffer (a small one is copied to a buffer of its size) and starts one of at least `bytes`. */
  private cut(bytes: number): void {
    if (this.length > 0) {
      const used = this.buffer.subarray(0, this.length)
      if (this.length >= this.buffer.length / 2) this.parts.push(used)
      else {
        const exact = Buffer.allocUnsafeSlow(this.length)
        used.copy(exact)
        this.parts.push(exact)
      }
    }
    this.buffer = bytes === 0 ? Buffer.alloc(0) : Buffer.allocUnsafeSlow(Math.max(PART_BYTES, bytes))
    this.length = 0
  }
}

/** Reads `--shard I/N`. */
export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value)
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (m === null || count < 1 || index < 1 || index > count || count > 100_000) throw new UsageError(`--shard takes I/N with 1 ≤ I ≤ N (e.g. 2/8), not \`${value}\``)
  return { index, count }
}

/** The roles of a shard, in ARN order (code-unit order, the order a merge restores). */
export function shardRoles(snapshot: Snapshot, shard: Shard | null): SnapshotRole[] {
  const all = [...snapshot.roles.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
  return shard === null ? all : all.filter((_, i) => i % shard.count === shard.index - 1)
}

/** Prepares a job over `snapshot` (loaded from the job's files when not given: a worker thread). */
export function prepareJob(job: RoleJob, snapshot: Snapshot = loadSnapshot(job.files.map((file) => ({ file, text: readFileSync(file, 'utf8') })))): PreparedJob {
  const q = job.query
  const options = { context: q.context, transitive: q.transitive, maxDepth: q.maxDepth, maxPaths: q.maxPaths }
  // One graph for every role this thread answers: direct answers are shared along chains, those of the
  // roles used most recently kept (a bound on memory, whatever the organization's size).
  const graph = new TrustGraph(snapshot, options, REMEMBER_ROLES)
  const roles = shardRoles(snapshot, job.shard)
  return {
    roles,
    total: snapshot.roles.size,
    diagnostics: snapshotDiagnostics(snapshot),
    empty: snapshotEmpty(snapshot),
    run(from, to) {
      const sink = new ByteSink()
      let truncated = 0
      let approximate = 0
      for (let i = from; i < to; i++) {
        const r = whoCanAssumeRole(graph, roles[i] as SnapshotRole, options)
        if (r.truncated) truncated++
        if (r.principals.some((e) => e.conditions?.approximate === true)) approximate++
        if (q.format === 'json') writeWhoJson(r, sink)
        else sink.text(renderWhoText(r))
        sink.newline()
      }
      return { parts: sink.finish(), roles: to - from, truncated, approximate }
    },
  }
}
