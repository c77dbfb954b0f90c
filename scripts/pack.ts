/**
 * Builds and packs iamtrace into a private temporary directory, so that package checks never race
 * with builds in the working tree: `tsup --out-dir STAGE/dist`, the packed files copied beside it,
 * then `npm pack`. Used by `npm run size` and test/package/.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** A packed package. */
export interface Packed {
  /** The staging directory (a copy of the package as it is packed). */
  readonly stage: string
  /** The tarball's absolute path. */
  readonly tarball: string
  /** Paths inside the tarball. */
  readonly files: readonly string[]
}

/** Builds into a new temporary directory laid out as the package (dist, bin, schemas…); returns it. */
export function stage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamtrace-pack-'))
  execFileSync(process.execPath, [join(ROOT, 'node_modules/tsup/dist/cli-default.js'), '--out-dir', join(dir, 'dist')], { cwd: ROOT, stdio: 'pipe' })
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
  for (const entry of pkg.files) {
    if (entry === 'dist') continue
    const from = join(ROOT, entry)
    if (existsSync(from)) cpSync(from, join(dir, entry), { recursive: true })
  }
  return dir
}

/** Builds into a temporary stage and packs it. */
export function pack(): Packed {
  const dir = stage()
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const info = (JSON.parse(out) as { filename: string; files: { path: string }[] }[])[0]
  if (info === undefined) throw new Error('npm pack printed nothing')
  return { stage: dir, tarball: join(dir, info.filename), files: info.files.map((f) => f.path) }
}
