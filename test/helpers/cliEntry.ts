/**
 * The CLI as `bin/iamtrace.cjs` runs it, from the sources: for tests that need a real child process
 * (closed pipes, exit codes set on the process).
 */
import { main } from '../../src/cli/main.js'

main(process.argv.slice(2)).then(
  (code) => {
    // A failed write of the output (not EPIPE) has set exit code 1 already: it stands.
    if (!process.exitCode) process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`iamtrace: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
