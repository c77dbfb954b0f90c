/**
 * `lint --baseline-ref REF` and `lint PATH --diff-base BASE`: the linted files compared with their base
 * version by `iamtrace diff`'s code, as `diff-trust-new-access` findings. The base version of a file is
 * `git show REF:./FILE` (a file the ref lacks is new) or the file at the same path under BASE.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { relative } from 'node:path'
import { diffSources } from '../../diff/diffSources.js'
import type { VersionSource } from '../../diff/inputs.js'
import { toPosix } from '../../lint/config.js'
import { diffFindings } from '../../lint/diffRule.js'
import type { LintFinding, LintInputError, LintSource } from '../../lint/types.js'
import { UsageError } from '../args.js'
import { expandPaths } from '../files.js'

/** What the comparison adds to a lint run. */
export interface BaseComparison {
  readonly findings: readonly LintFinding[]
  readonly errors: readonly LintInputError[]
}

function gitShow(ref: string, file: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${ref}:./${toPosix(file)}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 })
  } catch {
    return undefined
  }
}

/** Compares the linted sources with their base version (`ref` in git, or the directory `base`). */
export function compareWithBase(sources: readonly LintSource[], paths: readonly string[], options: { readonly ref?: string; readonly base?: string }, extensions: readonly string[]): BaseComparison {
  let current: VersionSource[]
  let before: VersionSource[]
  if (options.ref !== undefined) {
    current = sources.map((s) => ({ ...s, key: toPosix(s.path), inDirectory: true }))
    before = sources.flatMap((s) => {
      const text = gitShow(options.ref as string, s.path)
      return text === undefined ? [] : [{ path: `${options.ref as string}:${toPosix(s.path)}`, key: toPosix(s.path), text, inDirectory: true }]
    })
  } else {
    const base = options.base as string
    if (paths.length !== 1) throw new UsageError('--diff-base compares one PATH with BASE: give one path')
    const root = paths[0] as string
    const rootIsDir = statSync(root, { throwIfNoEntry: false })?.isDirectory() === true
    const keyOf = (path: string, top: string, dir: boolean): string => (dir ? toPosix(relative(top, path)) : 'file')
    current = sources.map((s) => ({ ...s, key: keyOf(s.path, root, rootIsDir), inDirectory: true }))
    const baseIsDir = statSync(base, { throwIfNoEntry: false })?.isDirectory() === true
    const { files, missing } = expandPaths([base], extensions)
    if (missing.length > 0) return { findings: [], errors: missing.map((m) => ({ code: m.code, file: m.path, pointer: '', message: m.code === 'file.not-found' ? 'the base version cannot be found' : m.message })) }
    before = files.map((f) => ({ path: f, key: keyOf(f, base, baseIsDir), text: readFileSync(f, 'utf8'), inDirectory: true }))
  }
  const { report, errors } = diffSources(before, current, { labels: [options.ref ?? options.base ?? 'base', paths.join(' ')] })
  const unread: LintFinding[] = diffFindings({ ...report, changes: report.unread.map((u) => ({ role: u.policy ?? u.file ?? 'input', kind: 'uncertain', principal: '*', before: null, after: null, uncertain: [u], ...(u.file !== undefined ? { location: { file: u.file, ...(u.pointer !== undefined ? { pointer: u.pointer } : {}) } } : {}) })) })
  return { findings: [...diffFindings(report), ...unread], errors }
}
