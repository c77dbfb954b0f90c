/**
 * Output for commands: stdout for results, stderr for diagnostics. Injected so tests can capture it.
 */
import type { Diagnostic } from '../index.js'
import type { UnreadPath } from './files.js'

/** Where a command writes. */
export interface Io {
  out(text: string): void
  err(text: string): void
  /** True when stderr is a terminal (progress output). */
  readonly errIsTty: boolean
}

let stdoutClosed = false
let stderrClosed = false
let guarded = false
let stdoutGuarded = false
let stderrGuarded = false

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
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      stdoutClosed = true
      if (e.code !== 'EPIPE' && !stderrClosed) stderr().write(`iamtrace: cannot write the output: ${e.message}\n`)
      if (e.code !== 'EPIPE') process.exitCode = 1
    })
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

/** The process's streams. */
export const processIo: Io = {
  out: (text) => {
    if (!stdoutClosed) stdout().write(text)
  },
  err: (text) => {
    if (!stderrClosed) stderr().write(text)
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
