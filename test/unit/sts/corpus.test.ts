/**
 * Runs every STS call file of corpus/assume/ and checks its expectations: decision, success,
 * violation codes, per-action decisions, session fields and follow-up decisions. Each file cites the
 * AWS documentation page its expectation comes from in `source`.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ASSUME_CALL_SCHEMA, checkAssumeExpectations, evaluateAssumeCallFile, parseAssumeCall } from '../../../src/index.js'

const root = join(import.meta.dirname, '..', '..', '..', 'corpus', 'assume')

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))
}

const files = walk(root).sort()

describe('corpus/assume call files', () => {
  it('has at least 60 call files', () => {
    expect(files.length).toBeGreaterThanOrEqual(60)
  })

  it('schemas/assume-call.schema.json is the schema the reader uses', () => {
    const written = JSON.parse(readFileSync(join(root, '..', '..', 'schemas', 'assume-call.schema.json'), 'utf8')) as unknown
    expect(written).toEqual(JSON.parse(JSON.stringify(ASSUME_CALL_SCHEMA)))
  })

  for (const file of files) {
    const name = relative(root, file)
    it(name, () => {
      const parsed = parseAssumeCall(readFileSync(file, 'utf8'), { file: name })
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.code} ${e.pointer}: ${e.message}`).join('\n'))
      expect(parsed.value.source, 'every call file cites its source').toMatch(/^https:\/\//)
      expect(parsed.value.description).toMatch(/\S/)
      expect(parsed.value.calls.some((c) => c.expect !== undefined), 'every call file has an expect').toBe(true)
      const result = evaluateAssumeCallFile(parsed.value)
      const traced = evaluateAssumeCallFile(parsed.value, { trace: true })
      const unindexed = evaluateAssumeCallFile(parsed.value, { unindexed: true })
      expect(traced.calls.map((c) => c.decision), 'trace on and off agree').toEqual(result.calls.map((c) => c.decision))
      expect(unindexed.calls.map((c) => c.decision), 'indexed and unindexed agree').toEqual(result.calls.map((c) => c.decision))
      for (const call of result.calls) {
        // A call with any violation never succeeds, whatever the policies say.
        if (call.violations.length > 0) expect(call.succeeds).toBe(false)
        if (call.decision !== 'allowed') expect(call.session).toBeUndefined()
      }
      expect(checkAssumeExpectations(parsed.value, result)).toEqual([])
    })
  }
})
