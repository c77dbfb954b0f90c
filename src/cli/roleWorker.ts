/**
 * A worker thread of an all-roles run (see allRoles.ts): loads the snapshot itself, says what it found,
 * then claims chunks of roles from the shared counter until none is left, posting each chunk's output to
 * the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { claimChunks, readyOf } from './allRoles.js'
import type { WorkerInput, WorkerMessage } from './allRoles.js'
import { prepareJob } from './roleJob.js'
import type { RangeOutput } from './roleJob.js'

const input = workerData as WorkerInput
const post = (m: WorkerMessage): void => parentPort?.postMessage(m)
const prepared = prepareJob(input.job)
const ready = readyOf(prepared, input.threads)
post({ kind: 'ready', ...ready })
// The chunk's bytes are moved to the main thread, not copied (each role's output has a buffer of its own).
const send = (chunk: number, output: RangeOutput): void =>
  parentPort?.postMessage({ kind: 'chunk', chunk, ...output } satisfies WorkerMessage, output.parts.map((p) => p.buffer as ArrayBuffer))
if (!ready.empty) claimChunks(input, prepared, send, true)
