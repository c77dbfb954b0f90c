/**
 * Output for commands: stdout for results, stderr for diagnostics. Injected so tests can capture it.
 */
import type { Diagnostic } from '../index.js'

/** Where a command writes. */
export interface Io {
  out(text: string): void
  err(text: string): void
  /** True when stderr is a terminal (progress output). */
  readonly errIsTty: boolean
}

/** The process's streams. */
export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  errIsTty: process.stderr.isTTY === true,
}

/** One diagnostic as a compiler-style line: `file:line:col: error code: message`. */
export function formatDiagnostic(d: Diagnostic, fallbackFile?: string): string {
  const file = d.file ?? fallbackFile ?? '<input>'
  const where = d.position !== undefined ? `${file}:${d.position.line}:${d.position.column}` : file
  return `${where}: ${d.severity} ${d.code}: ${d.message}${d.pointer !== '' ? ` (at ${d.pointer})` : ''}`
}

/** Reports paths that name no file: a JSON error line per path, or a line on stderr. */
export function reportMissing(io: Io, format: 'text' | 'json', missing: readonly string[]): void {
  for (const m of missing) {
    if (format === 'json') io.out(`${JSON.stringify({ file: m, error: { code: 'file.not-found', pointer: '', message: 'no such file or directory' } })}\n`)
    else io.err(`${m}: error file.not-found: no such file or directory\n`)
  }
}
