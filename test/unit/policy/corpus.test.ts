/**
 * Every document under corpus/policies/<kind>/ parses without an error as its folder's kind, and every
 * file is listed in corpus/policies/SOURCES.md with the AWS page its pattern comes from.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import { printPolicy } from '../../../src/policy/printPolicy.js'
import type { PolicyKind } from '../../../src/policy/types.js'
import { withoutLocations } from '../../helpers/policies.js'

const root = join(import.meta.dirname, '../../../corpus/policies')
const KINDS: readonly PolicyKind[] = ['identity', 'trust', 'boundary', 'session', 'scp', 'rcp', 'resource']

const files = KINDS.flatMap((kind) => {
  let names: string[] = []
  try {
    names = readdirSync(join(root, kind)).filter((n) => n.endsWith('.json'))
  } catch {
    return []
  }
  return names.map((name) => ({ kind, path: join(root, kind, name), name: relative(root, join(root, kind, name)) }))
})
const sources = readFileSync(join(root, 'SOURCES.md'), 'utf8')

describe('policy corpus', () => {
  it('holds at least 60 documents covering every kind', () => {
    expect(files.length).toBeGreaterThanOrEqual(60)
    for (const kind of ['identity', 'trust', 'boundary', 'session', 'scp', 'rcp']) {
      expect(files.some((f) => f.kind === kind)).toBe(true)
    }
  })

  it.each(files)('$name parses as $kind without errors', ({ kind, path, name }) => {
    const text = readFileSync(path, 'utf8')
    const r = parsePolicy(text, { kind, file: name })
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(r.ok).toBe(true)
    // Same AST from text, from the parsed object and from the URL-encoded form the IAM API returns.
    const fromObject = parsePolicy(JSON.parse(text), { kind })
    const fromEncoded = parsePolicy(encodeURIComponent(text), { kind })
    expect(fromObject.ok && withoutLocations(fromObject.value)).toEqual(r.ok && withoutLocations(r.value))
    expect(fromEncoded.ok && fromEncoded.value).toEqual(r.ok && r.value)
    // Printing and parsing again gives the same AST.
    if (r.ok) {
      const again = parsePolicy(JSON.stringify(printPolicy(r.value)), { kind })
      expect(again.ok && withoutLocations(again.value)).toEqual(withoutLocations(r.value))
    }
  })

  it.each(files)('$name has a source URL in SOURCES.md', ({ name }) => {
    const row = sources.split('\n').find((line) => line.startsWith(`| \`${name}\` |`))
    expect(row).toMatch(/\| https:\/\/\S+ \|$/)
  })
})
