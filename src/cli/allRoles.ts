/**
 * Runs an all-roles job (`who-can-assume --all`) on every core: the main thread and `workers - 1`
 * worker threads each hold their own copy of the snapshot and claim chunks of roles from one shared
 * counter (so a thread that drew the hub roles does not hold up the others); the main thread writes the
 * chunks in role order as they complete. Every role's answer depends only on the snapshot and the query,
 * never on which thread asked it or in which order, so the output equals a single-threaded run's.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Snapshot } from '../snapshot/types.js'
import type { Io } from './io.js'
import { prepareJob } from './roleJob.js'
import type { PreparedJob, RangeOutput, RoleJob } from './roleJob.js'

/** What a worker thread is started with. */
export interface WorkerInput {
  readonly job: RoleJob
  /** The roles the main thread found (how many, the first and last ARN): a worker that finds others stops. */
  readonly roles: number
  readonly first: string
  readonly last: string
  readonly chunkSize: number
  /** [0]: the next chunk to claim; [1]: chunks written so far. */
  readonly counters: SharedArrayBuffer
}

/** What a worker thread posts. */
export type WorkerMessage =
  | { readonly kind: 'ready'; readonly roles: number; readonly first: string; readonly last: string }
  | ({ readonly kind: 'chunk'; readonly chunk: number } & RangeOutput)
  | { readonly kind: 'done' }

/** How far (in chunks) a worker may run ahead of the output, so that finished chunks do not pile up in memory. */
const WINDOW = 8

/**
 * Claims and answers chunks until none is left; `block` (worker threads only) waits while the thread is
 * more than {@link WINDOW} chunks ahead of the output. Returns after one chunk when `once` is set.
 */
export function claimChunks(input: WorkerInput, prepared: PreparedJob, deliver: (chunk: number, output: RangeOutput) => void, block: boolean, once = false): boolean {
  const counters = new Int32Array(input.counters)
  const chunks = Math.ceil(input.roles / input.chunkSize)
  for (;;) {
    const chunk = Atomics.add(counters, 0, 1)
    if (chunk >= chunks) return false
    for (let written = Atomics.load(counters, 1); block && chunk - written > WINDOW; written = Atomics.load(counters, 1)) Atomics.wait(counters, 1, written, 100)
    const from = chunk * input.chunkSize
    deliver(chunk, prepared.run(from, Math.min(input.roles, from + input.chunkSize)))
    if (once) return true
  }
}

/** `--workers N`: threads to use (default: the cores available). */
export function defaultWorkers(): number {
  return availableParallelism()
}

/** Starts a worker thread: the built script beside this module, or the TypeScript source (through tsx) when run from source. */
function startWorker(input: WorkerInput): Worker {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return new Worker(new URL('./cli-worker.js', here), { workerData: input })
  const source = new URL('./roleWorker.ts', here).href
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}) })`, { eval: true, workerData: input })
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

/** Totals of a run, for the warnings the command prints. */
export interface RunTotals {
  readonly roles: number
  readonly truncated: number
  readonly approximate: number
}

/** How an all-roles run uses threads and reports progress. */
export interface AllRolesOptions {
  /** Threads in all, the main thread included. */
  readonly workers: number
  readonly quiet: boolean
  /** What progress lines start with. */
  readonly label: string
  /** False: the main thread only writes (every role is answered by a worker thread). Default true. */
  readonly mainAnswers?: boolean
}

/**
 * Answers every role of the job over `snapshot` (already loaded by the main thread) with `workers`
 * threads in all, writing each role's output to `io` in role order.
 */
export async function runAllRoles(job: RoleJob, snapshot: Snapshot, io: Io, options: AllRolesOptions): Promise<RunTotals> {
  const prepared = prepareJob(job, snapshot)
  const roles = prepared.roles.length
  const mainAnswers = options.mainAnswers !== false || options.workers < 2
  const threads = Math.max(1, Math.min(options.workers, roles + (mainAnswers ? 0 : 1)))
  // Small chunks keep threads busy to the end; a few hundred chunks per thread cost nothing.
  const chunkSize = Math.max(1, Math.min(32, Math.floor(roles / (threads * 16))))
  const first = prepared.roles[0]?.arn ?? ''
  const last = prepared.roles[roles - 1]?.arn ?? ''
  const input: WorkerInput = { job, roles, first, last, chunkSize, counters: new SharedArrayBuffer(8) }
  const counters = new Int32Array(input.counters)
  const chunks = Math.ceil(roles / chunkSize)
  const pending = new Map<number, RangeOutput>()
  const progress = progressLine(io, options.label, options.quiet)
  let next = 0
  let truncated = 0
  let approximate = 0
  const deliver = (chunk: number, output: RangeOutput): void => {
    pending.set(chunk, output)
    for (let o = pending.get(next); o !== undefined; o = pending.get(next)) {
      pending.delete(next)
      io.out(o.text)
      truncated += o.truncated
      approximate += o.approximate
      next++
    }
    Atomics.store(counters, 1, next)
    Atomics.notify(counters, 1)
    progress.tick(Math.min(roles, next * chunkSize), roles)
  }
  let failure: Error | undefined
  const finished = Array.from({ length: threads - 1 }, () => {
    const worker = startWorker(input)
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.kind === 'chunk') deliver(m.chunk, m)
        else if (m.kind === 'ready' && (m.roles !== roles || m.first !== first || m.last !== last)) {
          reject(new Error('a worker thread read a different snapshot (did the files change during the run?)'))
        }
      })
      worker.on('error', reject)
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a worker thread stopped with code ${code}`))))
    }).catch((e: unknown) => {
      failure ??= e instanceof Error ? e : new Error(String(e))
    })
  })
  // The main thread answers chunks too, yielding between them so that workers' chunks are written.
  while (mainAnswers && failure === undefined && claimChunks(input, prepared, deliver, false, true)) await new Promise((resolve) => setImmediate(resolve))
  await Promise.all(finished)
  if (failure !== undefined) throw failure
  progress.done()
  if (next !== chunks) throw new Error(`${chunks - next} chunks of roles were not answered`)
  return { roles, truncated, approximate }
}
