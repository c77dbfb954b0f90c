/**
 * Output for commands: stdout for results, stderr for diagnostics. Injected so tests can capture it.
 */
import { writeSync } from 'node:fs'
import type { Diagnostic } from '../index.js'
import type { UnreadPath } from './files.js'

/** Where a command writes. */
export interface Io {
  out(text: string): void
  /** Output already encoded as UTF-8 (PERF: large outputs are written without a string); absent: `out` takes the text. */
  outBytes?(bytes: Uint8Array): void
  err(text: string): void
  /** True when stderr is a terminal (progress output). */
  readonly errIsTty: boolean
}

let stdoutClosed = false
let stderrClosed = false
let guarded = false
let stdoutGuarded = false
let stderrGuarded = false
// PERF: on POSIX a command writes straight to file descriptors 1 and 2. Opening process.stdout on a
// pipe loads Node's stream and socket modules, about as long as the rest of a one-file `eval`; and
// process.stdout writes pipes and files synchronously on Linux too, so order and completeness are the
// same. A descriptor that would block (a non-blocking pipe) hands that write and every later one to the
// stream, which waits for the reader. Windows consoles keep the streams.
let stdoutDirect = process.platform !== 'win32'
let stderrDirect = stdoutDirect

/**
 * Writes `text` to a descriptor: null when all of it was written; the bytes left when the descriptor
 * would block; the error otherwise (EPIPE: the reader went away).
 */
function writeDirect(fd: 1 | 2, text: string | Uint8Array): Uint8Array | NodeJS.ErrnoException | null {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset)
    } catch (e) {
      const error = e as NodeJS.ErrnoException
      return error.code === 'EAGAIN' ? bytes.subarray(offset) : error
    }
  }
  return null
}

/** Stdout is gone: quietly for EPIPE, otherwise said once on stderr with exit code 1. */
function stdoutFailed(e: NodeJS.ErrnoException): void {
  stdoutClosed = true
  if (e.code !== 'EPIPE' && !stderrClosed) processIo.err(`iamtrace: cannot write the output: ${e.message}\n`)
  if (e.code !== 'EPIPE') process.exitCode = 1
}

/**
 * A reader that went away (`iamtrace ... | head -1`) closes stdout: Node then reports EPIPE as an
 * 'error' event, which would end the process with a stack trace. From then on output is dropped and the
 * command ends with its own exit code. Other write errors are reported once on stderr.
 * PERF: each stream is set up (and its listener added) at its first write, not at start: a command
 * that never writes to stderr does not pay for opening it.
 */
export function guardStreams(): void {
  guarded = true
}

function stdout(): NodeJS.WriteStream {
  if (guarded && !stdoutGuarded) {
    stdoutGuarded = true
    process.stdout.on('error', stdoutFailed)
  }
  return process.stdout
}

function stderr(): NodeJS.WriteStream {
  if (guarded && !stderrGuarded) {
    stderrGuarded = true
    process.stderr.on('error', () => {
      stderrClosed = true
    })
  }
  return process.stderr
}

/** Writes text or bytes to stdout (see {@link writeDirect}). */
function writeOut(text: string | Uint8Array): void {
  if (stdoutClosed) return
  if (stdoutDirect) {
    const rest = writeDirect(1, text)
    if (rest === null) return
    if (rest instanceof Error) return stdoutFailed(rest)
    stdoutDirect = false
    stdout().write(rest)
    return
  }
  stdout().write(text)
}

/** The process's streams. */
export const processIo: Io = {
  out: writeOut,
  outBytes: writeOut,
  err: (text) => {
    if (stderrClosed) return
    if (stderrDirect) {
      const rest = writeDirect(2, text)
      if (rest === null) return
      if (rest instanceof Error) {
        stderrClosed = true
        return
      }
      stderrDirect = false
      stderr().write(rest)
      return
    }
    stderr().write(text)
  },
  get errIsTty(): boolean {
    return process.stderr.isTTY === true
  },
}

/** One diagnostic as a compiler-style line: `file:line:col: error code: message`. */
export function formatDiagnostic(d: Diagnostic, fallbackFile?: string): string {
  const file = d.file ?? fallbackFile ?? '<input>'
  const where = d.position !== undefined ? `${file}:${d.position.line}:${d.position.column}` : file
  return `${where}: ${d.severity} ${d.code}: ${d.message}${d.pointer !== '' ? ` (at ${d.pointer})` : ''}`
}

/** Reports paths that name no file or cannot be read: a JSON error line per path, or a line on stderr. */
export function reportMissing(io: Io, format: 'text' | 'json', missing: readonly UnreadPath[]): void {
  for (const m of missing) {
    if (format === 'json') io.out(`${JSON.stringify({ file: m.path, error: { code: m.code, pointer: '', message: m.message } })}\n`)
    else io.err(`${m.path}: error ${m.code}: ${m.message}\n`)
  }
}

/** The paths that could not be read, for a usage error: `a (no such file or directory), b (…)`. */
export function describeMissing(missing: readonly UnreadPath[]): string {
  return missing.map((m) => `${m.path} (${m.message})`).join(', ')
}
