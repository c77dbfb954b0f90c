/**
 * `iamtrace eval` on its own: the entry of the CommonJS bundle `dist/cli-eval.cjs`, which
 * `bin/iamtrace.cjs` loads for `eval`. PERF: `eval` is the command scripts and CI run most, often once
 * per file; one CommonJS file with only what `eval` needs starts without Node's ES module loader and
 * without resolving chunks. It behaves exactly as `main(['eval', ...argv])` (the same runner).
 */
import { evalHelp, runEval } from './commands/eval.js'
import { EVAL_COMMAND } from './commands/evalCommand.js'
import { guardStreams, processIo } from './io.js'
import type { Io } from './io.js'
import { runCommand } from './runCommand.js'

/** Runs `iamtrace eval` with the arguments after `eval` and returns the exit code. */
export function mainEval(argv: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) guardStreams()
  return runCommand('eval', { ...EVAL_COMMAND, help: evalHelp, run: runEval }, argv, io)
}
