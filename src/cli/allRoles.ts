/**
 * Runs an all-roles job (`who-can-assume --all`) on every core. With one thread the main thread loads the
 * snapshot and answers every role. With more, the main thread loads nothing: each worker thread loads its
 * own copy of the snapshot and claims chunks of roles from one shared counter (so a thread that drew the
 * hub roles does not hold up the others), and the main thread writes the chunks in role order as they
 * complete. A chunk holds the roles of one account: the roles a chain to them passes through are mostly
 * of that account, so one thread asks for their direct answers and reuses them, rather than every thread. Every role's answer depends only on the snapshot and the query, never on which thread asked
 * it or in which order, so the output equals a single-threaded run's.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Snapshot, SnapshotRole } from '../snapshot/types.js'
import { UsageError } from './args.js'
import { NOTHING_LOADED } from './commands/graph.js'
import type { Io } from './io.js'
import { prepareJob } from './roleJob.js'
import type { PreparedJob, RangeOutput, RoleJob } from './roleJob.js'

/** What a worker thread is started with. */
export interface WorkerInput {
  readonly job: RoleJob
  readonly threads: number
  /** [0]: the next chunk to claim; [1]: chunks written so far. */
  readonly counters: SharedArrayBuffer
}

/** What a worker thread found in the snapshot: every thread must find the same. */
export interface Ready {
  readonly roles: number
  /** Chunks the roles make (every thread cuts them the same way). */
  readonly chunks: number
  readonly total: number
  readonly first: string
  readonly last: string
  readonly diagnostics: readonly string[]
  readonly empty: boolean
}

/** What a worker thread posts. */
export type WorkerMessage = ({ readonly kind: 'ready' } & Ready) | ({ readonly kind: 'chunk'; readonly chunk: number } & RangeOutput)

/**
 * How far (in chunks) a worker may run ahead of the output, so that finished chunks do not pile up in
 * memory: a chunk is an account's roles, tens of megabytes of output in a large organization.
 */
const WINDOW = 4

/** Most roles in a chunk of worker threads: enough for an account's roles, few enough that every thread gets several chunks. */
function maxChunk(roles: number, threads: number): number {
  return Math.max(SINGLE_CHUNK, Math.min(256, Math.floor(roles / (threads * 8))))
}
/** Roles per chunk with one thread (output is written as chunks complete). */
const SINGLE_CHUNK = 16

/**
 * Where each chunk starts, and the end of the roles last. With worker threads a chunk is the roles of
 * one account (the roles are in ARN order, so an account's are contiguous), cut at {@link maxChunk}.
 * PERF: chunks of a fixed size gave each account's roles to every thread, and each thread asked the
 * direct answers of that account's roles again (two threads then spent more time than one).
 */
function chunkStarts(roles: readonly SnapshotRole[], threads: number): number[] {
  const starts: number[] = []
  const max = threads === 1 ? SINGLE_CHUNK : maxChunk(roles.length, threads)
  for (let i = 0; i < roles.length; i++) {
    const from = starts[starts.length - 1] ?? 0
    const full = i - from >= max
    if (i === 0 || full || (threads > 1 && (roles[i] as SnapshotRole).account !== (roles[i - 1] as SnapshotRole).account)) starts.push(i)
  }
  starts.push(roles.length)
  return starts
}

/** What a prepared job tells the other threads about its snapshot. */
export function readyOf(p: PreparedJob, threads: number): Ready {
  const chunks = chunkStarts(p.roles, threads).length - 1
  return { roles: p.roles.length, chunks, total: p.total, first: p.roles[0]?.arn ?? '', last: p.roles[p.roles.length - 1]?.arn ?? '', diagnostics: p.diagnostics, empty: p.empty }
}

/**
 * Claims and answers chunks until none is left; `block` (worker threads) waits while the thread is more
 * than {@link WINDOW} chunks ahead of the output.
 */
export function claimChunks(input: WorkerInput, prepared: PreparedJob, deliver: (chunk: number, output: RangeOutput) => void, block: boolean): void {
  const counters = new Int32Array(input.counters)
  const starts = chunkStarts(prepared.roles, input.threads)
  for (;;) {
    const chunk = Atomics.add(counters, 0, 1)
    if (chunk >= starts.length - 1) return
    for (let written = Atomics.load(counters, 1); block && chunk - written > WINDOW; written = Atomics.load(counters, 1)) Atomics.wait(counters, 1, written, 100)
    deliver(chunk, prepared.run(starts[chunk] as number, starts[chunk + 1] as number))
  }
}

/** `--workers N`: threads to use (default: the cores available). */
export function defaultWorkers(): number {
  return availableParallelism()
}

/**
 * Old-space limit of each worker thread. PERF (memory): V8 otherwise lets each thread's heap grow far past
 * what it holds before collecting; a limit makes it collect sooner and keeps the process's peak in check.
 */
const WORKER_HEAP_MB = 1024
/**
 * Young-generation size of each worker thread. PERF: a role's paths and answers live while the role is
 * answered; with V8's default young generation most of them survive a scavenge and are copied, then
 * promoted. The whole 50,000 x 10,000 organization on two threads: 66 s -> 60 s, peak RSS about the same
 * (128 MB: faster, but past 2 GB).
 */
const WORKER_YOUNG_MB = 64

/** Starts a worker thread: the built script beside this module, or the TypeScript source (through tsx) when run from source. */
function startWorker(input: WorkerInput): Worker {
  const here = import.meta.url
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB }
  if (!here.endsWith('.ts')) return new Worker(new URL('./cli-worker.js', here), { workerData: input, resourceLimits })
  const source = new URL('./roleWorker.ts', here).href
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}) })`, { eval: true, workerData: input, resourceLimits })
}

/** Progress on stderr once a run has taken two seconds: a line kept up to date on a terminal, a line every ten seconds otherwise. */
function progressLine(io: Io, label: string, quiet: boolean): { tick: (done: number, total: number) => void; done: () => void } {
  const start = Date.now()
  let last = 0
  let shown = false
  return {
    tick(done, total) {
      if (quiet) return
      const now = Date.now()
      const elapsed = now - start
      if (elapsed < 2000 || now - last < (io.errIsTty ? 200 : 10_000)) return
      last = now
      shown = true
      const left = done > 0 ? Math.round(((elapsed / done) * (total - done)) / 1000) : undefined
      const text = `${label}: ${done}/${total} roles, ${Math.round(elapsed / 1000)} s${left !== undefined ? `, about ${left} s left` : ''}`
      io.err(io.errIsTty ? `\r\x1b[2K${text}` : `${text}\n`)
    },
    done() {
      if (shown && io.errIsTty) io.err('\r\x1b[2K')
    },
  }
}

/** Totals of a run, for the warnings and the shard's trailer. */
export interface RunTotals {
  readonly roles: number
  /** Roles in the snapshot (every shard's). */
  readonly total: number
  readonly truncated: number
  readonly approximate: number
}

/** How an all-roles run uses threads and reports progress. */
export interface AllRolesOptions {
  /** Threads in all. */
  readonly workers: number
  readonly quiet: boolean
  /** What progress lines start with. */
  readonly label: string
}

/** Writes finished chunks in order and counts what they hold. */
class Output {
  private readonly pending = new Map<number, RangeOutput>()
  next = 0
  /** Roles written. */
  roles = 0
  truncated = 0
  approximate = 0

  constructor(
    private readonly io: Io,
    private readonly counters: Int32Array,
    private readonly progress: { tick: (done: number, total: number) => void },
    private readonly total: () => number,
  ) {}

  deliver(chunk: number, output: RangeOutput): void {
    this.pending.set(chunk, output)
    for (let o = this.pending.get(this.next); o !== undefined; o = this.pending.get(this.next)) {
      this.pending.delete(this.next)
      for (const part of o.parts) {
        if (this.io.outBytes !== undefined) this.io.outBytes(part)
        else this.io.out(Buffer.from(part.buffer, part.byteOffset, part.length).toString('utf8'))
      }
      this.truncated += o.truncated
      this.approximate += o.approximate
      this.roles += o.roles
      this.next++
    }
    Atomics.store(this.counters, 1, this.next)
    Atomics.notify(this.counters, 1)
    this.progress.tick(this.roles, this.total())
  }
}

/**
 * Answers every role of the job with `workers` threads in all, writing each role's output to `io` in role
 * order. With one thread, `load` gives the snapshot (loaded by the caller, diagnostics printed).
 */
export async function runAllRoles(job: RoleJob, load: () => Snapshot, io: Io, options: AllRolesOptions): Promise<RunTotals> {
  const threads = Math.max(1, options.workers)
  const input: WorkerInput = { job, threads, counters: new SharedArrayBuffer(8) }
  const counters = new Int32Array(input.counters)
  const progress = progressLine(io, options.label, options.quiet)
  let ready: Ready | undefined
  const out = new Output(io, counters, progress, () => ready?.roles ?? 0)
  if (threads === 1) {
    const prepared = prepareJob(job, load())
    ready = readyOf(prepared, threads)
    claimChunks(input, prepared, (chunk, o) => out.deliver(chunk, o), false)
  } else {
    let failure: Error | undefined
    const fail = (e: unknown): void => {
      const oom = (e as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
      failure ??= oom ? new Error(`a worker thread ran out of memory (${WORKER_HEAP_MB} MB each): split the roles with --shard I/N`) : e instanceof Error ? e : new Error(String(e))
    }
    await Promise.all(
      Array.from({ length: threads }, () => {
        const worker = startWorker(input)
        return new Promise<void>((resolve, reject) => {
          worker.on('message', (m: WorkerMessage) => {
            if (m.kind === 'chunk') return out.deliver(m.chunk, m)
            if (ready === undefined) {
              ready = m
              for (const line of m.diagnostics) io.err(`${line}\n`)
            } else if (m.roles !== ready.roles || m.chunks !== ready.chunks || m.first !== ready.first || m.last !== ready.last) {
              reject(new Error('two worker threads read different snapshots (did the files change during the run?)'))
            }
            // An unreadable snapshot: stop every thread (they find no role to answer anyway).
            if (m.empty) void worker.terminate()
          })
          worker.on('error', reject)
          worker.on('exit', (code) => (code === 0 || ready?.empty === true ? resolve() : reject(new Error(`a worker thread stopped with code ${code}`))))
        }).catch(fail)
      }),
    )
    if (failure !== undefined) throw failure
  }
  progress.done()
  if (ready === undefined || ready.empty) throw new UsageError(NOTHING_LOADED)
  if (out.next !== ready.chunks) throw new Error(`${ready.chunks - out.next} chunks of roles were not answered`)
  return { roles: ready.roles, total: ready.total, truncated: out.truncated, approximate: out.approximate }
}
