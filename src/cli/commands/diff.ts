/**
 * `iamtrace diff BEFORE AFTER`: who can do what after a change that they could not before, each new
 * access with a witness request the evaluator decides in both versions. Exit 0 no new access, 3 new
 * access (or new access not ruled out), 1 an input error.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { isIgnored, toPosix } from '../../lint/config.js'
import type { PolicyKind } from '../../policy/types.js'
import { diffSources } from '../../diff/diffSources.js'
import type { VersionSource } from '../../diff/inputs.js'
import { diffJson, hasNewAccess, renderDiffText } from '../../diff/render.js'
import { diffSarif } from '../../diff/sarif.js'
import type { ChangeScenarios } from '../../diff/changes.js'
import type { DiffChange } from '../../diff/types.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, flag, UsageError } from '../args.js'
import { expandPaths } from '../files.js'
import type { UnreadPath } from '../files.js'
import type { Io } from '../io.js'
import { progressReporter, readDepth } from './graph.js'
import { loadConfig } from './lint.js'

const VERSION = '0.1.0'
const EXTENSIONS = ['.json', '.yaml', '.yml', '.template', '.tf']
const KINDS: readonly PolicyKind[] = ['trust', 'identity', 'boundary', 'session', 'scp']

/** Help text of `iamtrace diff`. */
export const diffHelp = `usage: iamtrace diff BEFORE AFTER [--format text|json|sarif] [--config FILE] [--kind KIND]
                     [--emit-scenarios DIR] [--max-depth N] [--no-chains]

Compares two versions of the same input and reports every principal (or class: an account, *, a
service, an identity provider) that gained or lost access, or whose conditions changed, with its
access before and after (allowed, conditional with the conditions, or uncertain with the reasons).
Each gain carries a witness: a request AFTER allows and BEFORE denies, decided by the evaluator.
BEFORE and AFTER are files or directories of one kind:
  policy files        trust policies (roles matched by file path) and identity policies, boundaries,
                      session policies, SCPs (requests compared by Action/Resource region)
  CloudFormation      templates (JSON/YAML); roles matched by logical id
  Terraform           .tf directories (one module) or plans (terraform show -json); roles by address
  snapshots           get-account-authorization-details files and organization files; roles by ARN,
                      with changes from identity policies, boundaries, SCPs and RCPs, and new chains
  --format          text (default), json (one object per compared pair) or sarif (results on AFTER)
  --config          configuration file (default: .iamtrace.json): its "ignore" globs skip files
  --kind            kind of plain policy files: ${KINDS.join(', ')} (default: file name, then content)
  --emit-scenarios  write each witness as two scenario files (BEFORE, AFTER) that \`iamtrace test\` replays
  --max-depth       longest chain of roles for snapshot chains (default 5)
  --no-chains       snapshots: compare one-hop access only
Exit codes: 0 no new access, 3 new access or new access not ruled out (an uncertain change, an input
not read fully), 1 an input error (a missing or unreadable file, two versions of different kinds).`

/**
 * One version's files. A file or directory that cannot be read is in `missing`: the comparison would
 * read it as deleted and could answer "no new access" for a version it did not see.
 */
function sourcesOf(path: string, fileKey: string | undefined): { sources: VersionSource[]; missing: UnreadPath[] } {
  let isDir = false
  try {
    isDir = statSync(path).isDirectory()
  } catch {
    return { sources: [], missing: [{ path, code: 'file.not-found', message: 'no such file or directory' }] }
  }
  const { files, missing } = expandPaths([path], EXTENSIONS)
  const sources: VersionSource[] = []
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      missing.push({ path: file, code: 'file.unreadable', message: 'the file cannot be read' })
      continue
    }
    // One file against one file: matched whatever their names; inside directories, by relative path.
    const key = isDir ? toPosix(relative(path, file)) : (fileKey ?? basename(file))
    sources.push({ path: file, key, text, ...(isDir ? { inDirectory: true } : {}) })
  }
  return { sources, missing }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function slug(c: DiffChange, i: number): string {
  const who = typeof c.principal === 'string' ? c.principal : Object.values(c.principal)[0] ?? 'principal'
  const text = `${String(i + 1).padStart(3, '0')}-${c.kind}-${c.role}-${who}`
  return text.replace(/[^\w.-]+/g, '_').slice(0, 120)
}

function emitScenarios(dir: string, changes: readonly DiffChange[]): number {
  mkdirSync(dir, { recursive: true })
  let n = 0
  changes.forEach((c, i) => {
    const s = (c as DiffChange & { scenarios?: ChangeScenarios }).scenarios
    if (s === undefined) return
    const name = slug(c, i)
    writeFileSync(join(dir, `${name}.before.json`), `${JSON.stringify(s.before, null, 2)}\n`)
    writeFileSync(join(dir, `${name}.after.json`), `${JSON.stringify(s.after, null, 2)}\n`)
    n++
  })
  return n
}

/** Runs `iamtrace diff` and returns the exit code. */
export function runDiff(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['format', 'config', 'kind', 'emit-scenarios', 'max-depth', 'no-chains'])
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text')
  const kind = flag(args, 'kind')
  if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, not \`${kind}\``)
  const [beforePath, afterPath, ...rest] = args.positionals
  if (beforePath === undefined || afterPath === undefined || rest.length > 0) throw new UsageError('expected: diff BEFORE AFTER')
  const config = loadConfig(args, io)
  if (config === 'error') return 1
  const bothFiles = isFile(beforePath) && isFile(afterPath)
  const fileKey = bothFiles ? basename(afterPath) : undefined
  const b = sourcesOf(beforePath, fileKey)
  const a = sourcesOf(afterPath, fileKey)
  const unread = [...b.missing, ...a.missing]
  for (const m of unread) io.err(`${m.path}: error ${m.code}: ${m.message}\n`)
  const first = unread[0]
  if (first !== undefined) {
    if (format === 'json') io.out(`${JSON.stringify({ error: { code: first.code, file: first.path, pointer: '', message: first.message } })}\n`)
    return 1
  }
  const keep = (s: VersionSource): boolean => !isIgnored(config, s.key) && !isIgnored(config, s.path)
  const emitDir = flag(args, 'emit-scenarios')
  const progress = progressReporter(io)
  const { report, errors, skipped } = diffSources(b.sources.filter(keep), a.sources.filter(keep), {
    labels: [beforePath, afterPath],
    ...(kind !== undefined ? { kind: kind as PolicyKind } : {}),
    ...(emitDir !== undefined ? { scenarios: true } : {}),
    maxDepth: readDepth(args),
    chains: !args.flags.has('no-chains'),
    progress: (done, total) => progress.tick(`comparing role ${done}/${total}`),
  })
  progress.done()
  if (skipped > 0) io.err(`iamtrace diff: ${skipped} file${skipped === 1 ? '' : 's'} in the directories hold no policy, template, plan or snapshot; skipped\n`)
  for (const e of errors) io.err(`${e.file}${e.position !== undefined ? `:${e.position.line}:${e.position.column}` : ''}: error ${e.code}: ${e.message}${e.pointer !== '' ? ` (at ${e.pointer})` : ''}\n`)
  if (format === 'json') io.out(`${JSON.stringify(diffJson(report))}\n`)
  else if (format === 'sarif') io.out(`${JSON.stringify(diffSarif([report], VERSION), null, 2)}\n`)
  else io.out(renderDiffText(report))
  if (emitDir !== undefined) {
    const n = emitScenarios(emitDir, report.changes)
    io.err(`iamtrace diff: wrote ${n * 2} scenario file${n === 1 ? '' : 's'} to ${emitDir}\n`)
  }
  if (errors.length > 0) return 1
  return hasNewAccess(report) ? 3 : 0
}
