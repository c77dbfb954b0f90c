/**
 * @cloud-copilot/iam-simulate (AGPL) is used only by bench/ for side-by-side timing: never imported
 * from src/, never in the packed file list, never a production dependency.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const NAME = 'iam-simulate'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

describe('iam-simulate stays out of iamtrace', () => {
  it('no file under src/ mentions it', () => {
    expect(files(join(ROOT, 'src')).filter((f) => readFileSync(f, 'utf8').includes(NAME))).toEqual([])
  })

  it('it is not a production dependency', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
    expect(Object.keys(pkg.dependencies ?? {}).filter((d) => d.includes(NAME))).toEqual([])
  })

  it('the packed file list holds none of bench/ and nothing that mentions it', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const packed = (JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? []
    expect(packed.length).toBeGreaterThan(0)
    expect(packed.filter((p) => p.startsWith('bench/') || p.includes(NAME))).toEqual([])
    // package.json lists it among devDependencies, which consumers never install (checked above).
    const texts = packed.filter((p) => p !== 'package.json' && /\.(c?js|mjs|d\.c?ts|json)$/.test(p)).filter((p) => {
      try {
        return readFileSync(join(ROOT, p), 'utf8').includes(NAME)
      } catch {
        return false
      }
    })
    expect(texts).toEqual([])
  })
})
