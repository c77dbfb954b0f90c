/**
 * A worker thread of an all-roles run (see allRoles.ts): loads the snapshot itself, then claims chunks
 * of roles from the shared counter until none is left, and posts each chunk's output to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { claimChunks } from './allRoles.js'
import type { WorkerInput, WorkerMessage } from './allRoles.js'
import { prepareJob } from './roleJob.js'

const input = workerData as WorkerInput
const post = (m: WorkerMessage): void => parentPort?.postMessage(m)
const prepared = prepareJob(input.job)
const ready = { roles: prepared.roles.length, first: prepared.roles[0]?.arn ?? '', last: prepared.roles[prepared.roles.length - 1]?.arn ?? '' }
post({ kind: 'ready', ...ready })
// Another snapshot than the main thread's (files changed in between): answer nothing, the main thread reports it.
if (ready.roles === input.roles && ready.first === input.first && ready.last === input.last) {
  claimChunks(input, prepared, (chunk, output) => post({ kind: 'chunk', chunk, ...output }), true)
}
post({ kind: 'done' })
