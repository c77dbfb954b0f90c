/**
 * Tests never read a clock: a guarantee about speed is tested by counting work (src/work.ts) against
 * the input's size, and time is measured in bench/. A wall-clock bound is flaky on a loaded machine and
 * proves nothing about growth.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [join(dir, e.name)] : []))
}

// Built from pieces so that this file does not match itself.
const CLOCKS = [['Date', 'now'], ['performance', 'now'], ['process', 'hrtime'], ['console', 'time']].map(([a, b]) => new RegExp(`\\b${a}\\s*\\.\\s*${b}\\b`))
const NEW_DATE = new RegExp(`\\bnew\\s+${'Date'}\\s*\\(\\s*\\)`)
const TIMERS = new RegExp(`\\b(set${'Timeout'}|set${'Interval'})\\s*\\(`)

describe('no clocks in unit and security tests', () => {
  it('no file under test/unit or test/security reads the time or waits on a timer', () => {
    const files = [...walk(join(root, 'test', 'unit')), ...walk(join(root, 'test', 'security'))]
    expect(files.length).toBeGreaterThan(20)
    const found: string[] = []
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n')
      lines.forEach((line, i) => {
        if ([...CLOCKS, NEW_DATE, TIMERS].some((re) => re.test(line))) found.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(found).toEqual([])
  })
})
