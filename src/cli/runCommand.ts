/**
 * Runs one command with its arguments: `--help`, argument parsing, glob support, and the one place
 * where a command's exceptions become a message and an exit code. Shared by the full CLI (`main`) and
 * the `eval` start-up entry (`evalMain`).
 */
import { parseArgs, UsageError } from './args.js'
import type { Command, LoadedCommand } from './commands/index.js'
import { isGlob, loadGlobMatcher } from './files.js'
import type { Io } from './io.js'

/** Runs `command` (its table entry and loaded module) named `name` with the arguments after its name. */
export async function runCommand(name: string, command: Omit<Command, 'load'> & LoadedCommand, rest: readonly string[], io: Io): Promise<number> {
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.help}\n`)
    return 0
  }
  try {
    const args = parseArgs(rest, new Set(command.switches ?? []), new Map(Object.entries(command.aliases ?? {})))
    if (args.positionals.some(isGlob)) await loadGlobMatcher()
    return await command.run(args, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`iamtrace ${name}: ${error.message}\n${command.help}\n`)
      return 1
    }
    io.err(`iamtrace ${name}: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}
