/**
 * Runs the CLI in-process with a capturing Io: the exit code and what it printed on stdout and stderr.
 */
import { main } from '../../src/cli/main.js'
import type { Io } from '../../src/cli/io.js'

/** The result of one CLI run. */
export interface CliRun {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** Runs `iamtrace ...argv`. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let out = ''
  let err = ''
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false }
  const code = await main(argv, io)
  return { code, out, err }
}
