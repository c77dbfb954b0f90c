/**
 * Expands command-line paths: files as given, directories recursively (every `.json` file, or the
 * extensions a command asks for), and minimatch globs such as `infra/**\/*.json`.
 */
import { readdirSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'

/** Whether a path matches a glob; with `partial`, whether files under the directory `path` could. */
type GlobMatcher = (path: string, pattern: string, partial: boolean) => boolean

// PERF: minimatch is loaded only by a command line that holds a glob (cold start).
let globMatcher: GlobMatcher | undefined

/** True when a command-line path is a glob pattern. */
export function isGlob(path: string): boolean {
  return /[*?[{]/.test(path)
}

/** Loads the glob matcher; call before `expandPaths` when some path is a glob. */
export async function loadGlobMatcher(): Promise<void> {
  if (globMatcher !== undefined) return
  const { minimatch } = await import('minimatch')
  globMatcher = (path, pattern, partial) => minimatch(path, pattern, { dot: false, partial })
}

/**
 * A command-line path, or a directory under one, that could not be read: reported as an input error,
 * never skipped, so that an analysis does not answer for files it did not see.
 */
export interface UnreadPath {
  readonly path: string
  readonly code: 'file.not-found' | 'file.unreadable'
  readonly message: string
}

const notFound = (path: string): UnreadPath => ({ path, code: 'file.not-found', message: 'no such file or directory' })
const unreadableDirectory = (path: string): UnreadPath => ({ path, code: 'file.unreadable', message: 'the directory cannot be read' })

/**
 * Expands paths. Paths that name nothing, and directories that cannot be listed (for a glob: those
 * that could hold a match), are returned in `missing`. Results are sorted and unique.
 */
export function expandPaths(paths: readonly string[], extensions: readonly string[] = ['.json']): { files: string[]; missing: UnreadPath[] } {
  const files = new Set<string>()
  const missing: UnreadPath[] = []
  for (const p of paths) {
    if (isGlob(p)) {
      const matcher = globMatcher
      if (matcher === undefined) throw new Error('the glob matcher is not loaded (loadGlobMatcher)')
      const pattern = toPosix(p).replace(/^\.\//, '')
      // Walk only the glob's fixed leading directories; paths are matched in the pattern's own form
      // (relative to the working directory, absolute, or starting with `../`).
      const base = globBase(pattern)
      if (pathKind(base) !== 'directory') {
        missing.push(notFound(p))
        continue
      }
      const found = walk(base, extensions)
      const matched = found.files.filter((f) => matcher(toPosix(f), pattern, false))
      const unread = found.unreadable.filter((d) => matcher(toPosix(d), pattern, true))
      if (matched.length === 0 && unread.length === 0) missing.push(notFound(p))
      for (const f of matched) files.add(f)
      for (const d of unread) missing.push(unreadableDirectory(d))
      continue
    }
    let st
    try {
      st = statSync(p)
    } catch {
      missing.push(notFound(p))
      continue
    }
    if (!st.isDirectory()) {
      files.add(p)
      continue
    }
    const found = walk(p, extensions)
    for (const f of found.files) files.add(f)
    for (const d of found.unreadable) missing.push(unreadableDirectory(d))
  }
  return { files: [...files].sort(), missing }
}

const toPosix = (path: string): string => path.split(sep).join('/')

/** What a path names: a file, a directory, or nothing that can be read (undefined). */
export function pathKind(path: string): 'file' | 'directory' | undefined {
  try {
    const st = statSync(path)
    return st.isDirectory() ? 'directory' : st.isFile() ? 'file' : undefined
  } catch {
    return undefined
  }
}

/** The directory under which a glob's matches lie: its leading path segments that hold no wildcard. */
function globBase(pattern: string): string {
  const segments = pattern.split('/')
  const fixed: string[] = []
  for (const segment of segments.slice(0, -1)) {
    if (isGlob(segment)) break
    fixed.push(segment)
  }
  if (fixed.length === 0) return '.'
  return fixed.join('/') || '/'
}

/** Files with one of `extensions` under `dir` (paths joined onto `dir`), and the directories that could not be listed. */
function walk(dir: string, extensions: readonly string[]): { files: string[]; unreadable: string[] } {
  const out: string[] = []
  const unreadable: string[] = []
  const stack = [dir]
  while (stack.length > 0) {
    const current = stack.pop() as string
    let entries
    try {
      entries = readdirSync(current, { withFileTypes: true })
    } catch {
      unreadable.push(current)
      continue
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue
      const full = join(current, e.name)
      if (e.isDirectory()) stack.push(full)
      else if (extensions.some((ext) => e.name.endsWith(ext))) out.push(full)
    }
  }
  return { files: out, unreadable }
}
