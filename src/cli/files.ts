/**
 * Expands command-line paths: files as given, directories recursively (every `.json` file, or the
 * extensions a command asks for), and minimatch globs such as `infra/**\/*.json`.
 */
import { readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

type GlobMatcher = (path: string, pattern: string) => boolean

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
  globMatcher = (path, pattern) => minimatch(path, pattern, { dot: false })
}

/** Expands paths; missing paths are returned in `missing`. Results are sorted and unique. */
export function expandPaths(paths: readonly string[], extensions: readonly string[] = ['.json']): { files: string[]; missing: string[] } {
  const files = new Set<string>()
  const missing: string[] = []
  for (const p of paths) {
    if (isGlob(p)) {
      const matcher = globMatcher
      if (matcher === undefined) throw new Error('the glob matcher is not loaded (loadGlobMatcher)')
      const matched = walk('.', extensions, true).filter((f) => matcher(f.split(sep).join('/'), p.replace(/^\.\//, '')))
      if (matched.length === 0) missing.push(p)
      for (const f of matched) files.add(f)
      continue
    }
    let st
    try {
      st = statSync(p)
    } catch {
      missing.push(p)
      continue
    }
    if (st.isDirectory()) for (const f of walk(p, extensions, false)) files.add(f)
    else files.add(p)
  }
  return { files: [...files].sort(), missing }
}

function walk(dir: string, extensions: readonly string[], relativeToCwd: boolean): string[] {
  const out: string[] = []
  const stack = [dir]
  while (stack.length > 0) {
    const current = stack.pop() as string
    let entries
    try {
      entries = readdirSync(current, { withFileTypes: true })
    } catch {
      continue
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue
      const full = join(current, e.name)
      if (e.isDirectory()) stack.push(full)
      else if (extensions.some((ext) => e.name.endsWith(ext))) out.push(relativeToCwd ? relative('.', full) : full)
    }
  }
  return out
}
