/**
 * CLI entry: parses argv, dispatches to a command, and returns the exit code. The only place that
 * prints or turns errors into exit codes; exceptions are caught once, here.
 */
import { COMMANDS } from './commands/index.js'
import { guardStreams, processIo } from './io.js'
import type { Io } from './io.js'
import { runCommand } from './runCommand.js'

function usage(): string {
  const names = Object.keys(COMMANDS)
  const width = Math.max(...names.map((n) => n.length))
  return `iamtrace — evaluate AWS IAM policies exactly as AWS does, with an explainable trace

usage: iamtrace <command> [options]

commands:
${names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]?.summary ?? ''}`).join('\n')}

Run \`iamtrace <command> --help\` for a command's options.
`
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) guardStreams()
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage())
    return name === undefined ? 1 : 0
  }
  if (name === '--version') {
    io.out('iamtrace 0.1.0\n')
    return 0
  }
  const entry = COMMANDS[name]
  if (entry === undefined) {
    io.err(`iamtrace: unknown command \`${name}\`\n\n${usage()}`)
    return 1
  }
  return runCommand(name, { ...entry, ...(await entry.load()) }, rest, io)
}
