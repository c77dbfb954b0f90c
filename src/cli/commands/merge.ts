/**
 * `iamtrace merge SHARD...`: joins the outputs of `--all --shard I/N --format json` runs into the output
 * of one run (one object per role, in ARN order). Shards are checked before anything is written: every
 * shard of 1..N exactly once, all of one snapshot and one query; then each role must appear once, in
 * order, as many as its shard announced. Shards are read as streams (a k-way merge), so an organization
 * too large for one machine's memory can still be merged.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { ParsedArgs } from '../args.js'
import { checkFlags, UsageError } from '../args.js'
import type { Io } from '../io.js'

/** Help text of `iamtrace merge`. */
export const mergeHelp = `usage: iamtrace merge SHARD.jsonl...

Merges the JSON outputs of \`iamtrace who-can-assume --all --shard I/N --format json\` (run as N
independent jobs, e.g. a CI matrix) into what one run without --shard prints: one object per role,
one per line, in ARN order. Refuses (exit 1, nothing written) when a shard is missing or given twice,
or when the shards come from different snapshots or different options; stops with exit 1 when a
shard's roles are out of order, repeated, or fewer than its last line announces.
Exit codes: 0 merged, 1 an input error.`

/** A shard's trailer line, as `--shard` writes it. */
interface Trailer {
  readonly index: number
  readonly count: number
  readonly roles: number
  readonly total: number
  readonly snapshot: string
  readonly query: unknown
}

class MergeError extends Error {}

/** The last non-empty line of a file (read from its end: shards can be large). */
function lastLine(file: string): string {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    for (let span = 4096; ; span *= 4) {
      const start = Math.max(0, size - span)
      const buffer = Buffer.alloc(size - start)
      readSync(fd, buffer, 0, buffer.length, start)
      const lines = buffer.toString('utf8').split('\n').filter((l) => l.trim() !== '')
      if (lines.length > 1 || start === 0) return lines[lines.length - 1] ?? ''
    }
  } finally {
    closeSync(fd)
  }
}

function trailerOf(line: string): Trailer | undefined {
  let v: unknown
  try {
    v = JSON.parse(line)
  } catch {
    return undefined
  }
  const s = typeof v === 'object' && v !== null ? (v as { shard?: unknown }).shard : undefined
  if (typeof s !== 'object' || s === null) return undefined
  const t = s as Partial<Trailer>
  const int = (n: unknown): boolean => Number.isInteger(n)
  return int(t.index) && int(t.count) && int(t.roles) && int(t.total) && typeof t.snapshot === 'string' ? (t as Trailer) : undefined
}

/** Checks that the shards are one complete set; returns them by file. */
function checkSet(files: readonly string[]): Trailer[] {
  const trailers = files.map((file) => {
    let line: string
    try {
      line = lastLine(file)
    } catch (e) {
      throw new MergeError(`${file}: cannot be read (${e instanceof Error ? e.message : String(e)})`)
    }
    const t = trailerOf(line)
    if (t === undefined) throw new MergeError(`${file}: not the output of --shard (its last line is not {"shard": ...}; was the run cut short?)`)
    return t
  })
  const first = trailers[0] as Trailer
  trailers.forEach((t, i) => {
    if (t.count !== first.count) throw new MergeError(`${files[i]}: shard ${t.index}/${t.count}, but ${files[0]} is one of ${first.count}`)
    if (t.snapshot !== first.snapshot) throw new MergeError(`${files[i]}: another snapshot than ${files[0]} (${t.snapshot} vs ${first.snapshot})`)
    if (JSON.stringify(t.query) !== JSON.stringify(first.query)) throw new MergeError(`${files[i]}: other options than ${files[0]} (${JSON.stringify(t.query)} vs ${JSON.stringify(first.query)})`)
    const twice = trailers.findIndex((u) => u.index === t.index)
    if (twice !== i) throw new MergeError(`shard ${t.index}/${t.count} given twice: ${files[twice]} and ${files[i]}`)
  })
  const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((i) => !trailers.some((t) => t.index === i))
  if (missing.length > 0) throw new MergeError(`missing shard(s) ${missing.map((i) => `${i}/${first.count}`).join(', ')}: the merge would leave roles out`)
  const sum = trailers.reduce((n, t) => n + t.roles, 0)
  if (sum !== first.total) throw new MergeError(`the shards hold ${sum} roles, the snapshot ${first.total}`)
  return trailers
}

const ROLE_PREFIX = /^\{"role":("(?:[^"\\]|\\.)*")/

/** The role a line answers for (its first field, as the command writes it). */
function roleOf(line: string, file: string, n: number): string {
  const m = ROLE_PREFIX.exec(line)
  try {
    const role: unknown = m !== null ? JSON.parse(m[1] as string) : (JSON.parse(line) as { role?: unknown }).role
    if (typeof role === 'string') return role
  } catch {
    // reported below
  }
  throw new MergeError(`${file}:${n}: not a who-can-assume object`)
}

interface Cursor {
  readonly file: string
  readonly lines: AsyncIterator<string>
  readonly trailer: Trailer
  line: string
  role: string
  n: number
  count: number
}

/** Moves a cursor to its next role line; false at its trailer (checking that it announced as many roles). */
async function advance(c: Cursor): Promise<boolean> {
  for (;;) {
    const r = await c.lines.next()
    c.n++
    if (r.done === true) throw new MergeError(`${c.file}: ended without its {"shard": ...} line`)
    const line = r.value
    if (line.trim() === '') continue
    if (line.startsWith('{"shard":')) {
      if (c.count !== c.trailer.roles) throw new MergeError(`${c.file}: ${c.count} roles, but its last line announces ${c.trailer.roles}`)
      return false
    }
    const role = roleOf(line, c.file, c.n)
    if (c.count > 0 && !(c.role < role)) throw new MergeError(`${c.file}:${c.n}: ${role} is out of order (after ${c.role})`)
    c.line = line
    c.role = role
    c.count++
    return true
  }
}

/** Runs `iamtrace merge`. */
export async function runMerge(args: ParsedArgs, io: Io): Promise<number> {
  checkFlags(args, [])
  const files = args.positionals
  if (files.length === 0) throw new UsageError('expected: merge SHARD.jsonl...')
  try {
    const trailers = checkSet(files)
    const cursors: Cursor[] = files.map((file, i) => ({ file, lines: createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator](), trailer: trailers[i] as Trailer, line: '', role: '', n: 0, count: 0 }))
    const live: Cursor[] = []
    for (const c of cursors) if (await advance(c)) live.push(c)
    let previous: string | undefined
    while (live.length > 0) {
      let min = 0
      for (let i = 1; i < live.length; i++) if ((live[i] as Cursor).role < (live[min] as Cursor).role) min = i
      const c = live[min] as Cursor
      if (previous === c.role) throw new MergeError(`${c.file}: ${c.role} is in more than one shard`)
      previous = c.role
      io.out(`${c.line}\n`)
      if (!(await advance(c))) live.splice(min, 1)
    }
    return 0
  } catch (e) {
    if (!(e instanceof MergeError)) throw e
    io.err(`iamtrace merge: ${e.message}\n`)
    return 1
  }
}
