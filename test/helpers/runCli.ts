/**
 * Runs the CLI in-process with captured output, as the CLI tests do: exit code, stdout and stderr.
 */
import type { Io } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'

/** What one CLI run produced. */
export interface CliRun {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** Runs `iamtrace ARGV...` and returns its exit code and output. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let out = ''
  let err = ''
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false }
  const code = await main(argv, io)
  return { code, out, err }
}
