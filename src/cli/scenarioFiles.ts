/**
 * Loads scenario files for `eval` and `test`. Explicitly named files are always read; inside a
 * directory, JSON files that are not scenarios (policy documents, snapshots) are skipped and counted.
 */
import { readFileSync } from 'node:fs'
import { parseScenario } from '../scenario/parseScenario.js'
import type { ScenarioParseResult } from '../scenario/parseScenario.js'
import { expandPaths, pathKind } from './files.js'
import type { UnreadPath } from './files.js'

/** One scenario file read from disk. */
export interface LoadedScenario {
  readonly file: string
  readonly result: ScenarioParseResult
}

/** Reads and parses every scenario under `paths`; paths that name nothing or cannot be read are in `missing`. */
export function loadScenarios(paths: readonly string[]): { loaded: LoadedScenario[]; missing: UnreadPath[]; skipped: number } {
  const explicit = new Set(paths.filter((p) => pathKind(p) === 'file'))
  const { files, missing } = expandPaths(paths)
  const loaded: LoadedScenario[] = []
  let skipped = 0
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      missing.push({ path: file, code: 'file.unreadable', message: 'the file cannot be read' })
      continue
    }
    if (!explicit.has(file) && !looksLikeScenario(text)) {
      skipped++
      continue
    }
    loaded.push({ file, result: parseScenario(text, { file }) })
  }
  return { loaded, missing, skipped }
}

/** A cheap shape test: scenario files have a top-level "request" member. */
function looksLikeScenario(text: string): boolean {
  return /"request"\s*:/.test(text) && !/"(UserDetailList|RoleDetailList|organization)"\s*:/.test(text)
}
