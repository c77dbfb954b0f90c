/**
 * The reference evaluator shares nothing with the engine: no file under test/reference/ imports from
 * src/ (types included), so a misreading of AWS in the engine cannot hide in both.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = import.meta.dirname

describe('reference evaluator independence', () => {
  it('no file under test/reference/ imports from src/ or from the test helpers', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    expect(files.length).toBeGreaterThan(5)
    const offending: string[] = []
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8')
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const target = m[1] ?? m[2] ?? m[3] ?? ''
        // Only siblings: './x.js'. Anything else (src/, helpers, packages) would share code or types.
        if (!/^\.\/[\w.-]+\.js$/.test(target)) offending.push(`${f}: ${target}`)
      }
    }
    expect(offending).toEqual([])
  })
})
