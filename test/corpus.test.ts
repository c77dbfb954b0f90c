/**
 * Runs every scenario of corpus/ and checks AWS's expected decision. Each scenario names the AWS
 * documentation page its expectation comes from in `source`. Known gaps live in
 * corpus/exceptions.json with a reason each, never as skipped tests.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileScenario, decidingStep, parseScenario } from '../src/index.js'

const root = join(import.meta.dirname, '..', 'corpus')
const exceptionsFile = join(root, 'exceptions.json')
const exceptions: Record<string, string> = existsSync(exceptionsFile) ? (JSON.parse(readFileSync(exceptionsFile, 'utf8')) as Record<string, string>) : {}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))
}

const files = walk(root).filter((f) => {
  const text = readFileSync(f, 'utf8')
  return /"request"\s*:/.test(text) && /"expect"\s*:/.test(text)
})

describe('corpus scenarios', () => {
  it('has scenarios, each with a source', () => {
    expect(files.length).toBeGreaterThanOrEqual(150)
  })
  for (const file of files) {
    const name = relative(root, file)
    it(name, () => {
      const parsed = parseScenario(readFileSync(file, 'utf8'), { file: name })
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.code} ${e.pointer}: ${e.message}`).join('\n'))
      expect(parsed.value.source, 'every scenario cites its source').toMatch(/\S/)
      const compiled = compileScenario(parsed.value)
      const result = compiled.evaluate()
      const traced = compiled.evaluate(undefined, { trace: true })
      const unindexed = compiled.evaluate(undefined, { unindexed: true })
      expect(traced.decision, 'trace on and off agree').toBe(result.decision)
      expect(unindexed.decision, 'indexed and unindexed paths agree').toBe(result.decision)
      if (exceptions[name] !== undefined) {
        expect(result.decision, `known gap: ${exceptions[name]}`).not.toBe(parsed.value.expect?.decision)
      } else {
        expect(result.decision).toBe(parsed.value.expect?.decision)
        const rule = parsed.value.expect?.rule
        if (rule !== undefined) expect(decidingStep(traced)?.rule, 'the step that decided').toBe(rule)
      }
    })
  }
})
