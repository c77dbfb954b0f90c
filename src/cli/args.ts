/**
 * A small argv parser: positionals, `--flag value`, `--flag=value`, repeatable flags, boolean switches.
 */

/** Parsed command-line arguments. */
export interface ParsedArgs {
  readonly positionals: readonly string[]
  /** Every value given for each flag, in order. */
  readonly flags: ReadonlyMap<string, readonly string[]>
}

/** Thrown for a malformed command line; `main` turns it into exit code 1. */
export class UsageError extends Error {}

/** Parses argv; `switches` are flags that take no value; `aliases` maps one-letter flags (`o` for `-o`) to names. */
export function parseArgs(argv: readonly string[], switches: ReadonlySet<string>, aliases: ReadonlyMap<string, string> = new Map()): ParsedArgs {
  const positionals: string[] = []
  const flags = new Map<string, string[]>()
  const add = (name: string, value: string): void => {
    const list = flags.get(name) ?? []
    list.push(value)
    flags.set(name, list)
  }
  for (let i = 0; i < argv.length; i++) {
    const short = /^-([A-Za-z])$/.exec(argv[i] as string)?.[1]
    const arg = short !== undefined && aliases.has(short) ? `--${aliases.get(short) as string}` : (argv[i] as string)
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq)
    if (eq >= 0) add(name, arg.slice(eq + 1))
    else if (switches.has(name)) add(name, 'true')
    else {
      const value = argv[i + 1]
      if (value === undefined) throw new UsageError(`--${name} needs a value`)
      add(name, value)
      i++
    }
  }
  return { positionals, flags }
}

/** The last value of a flag, or the default. */
export function flag(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const list = args.flags.get(name)
  return list === undefined ? fallback : list[list.length - 1]
}

/** Every value of a repeatable flag. */
export function flagList(args: ParsedArgs, name: string): readonly string[] {
  return args.flags.get(name) ?? []
}

/** A flag restricted to a set of values. */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const value = flag(args, name, fallback) as string
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not \`${value}\``)
  return value as T
}

/** Rejects flags a command does not know. */
export function checkFlags(args: ParsedArgs, known: readonly string[]): void {
  for (const name of args.flags.keys()) if (!known.includes(name)) throw new UsageError(`unknown option --${name}`)
}
