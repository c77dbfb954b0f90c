/**
 * CLI entry: parses argv, dispatches to a command, and returns the exit code. The only place that
 * prints or turns errors into exit codes.
 */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write('usage: iamtrace <command> [options]\n')
    return 0
  }
  process.stderr.write(`iamtrace: unknown command \`${argv[0]}\`\n`)
  return 1
}
