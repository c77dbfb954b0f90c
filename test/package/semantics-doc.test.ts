/**
 * docs/semantics.md holds the fail-closed choices the code cites: every semantics.md anchor cited in
 * the sources, tests and corpus names a section that exists, every section cites an AWS page and a
 * corpus scenario that exists, and no source cites a document outside the repository by section number.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const doc = readFileSync(join(root, 'docs', 'semantics.md'), 'utf8')
const anchors = new Set([...doc.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1] as string))

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|json|md)$/.test(e.name) ? [join(dir, e.name)] : []))
}

describe('docs/semantics.md', () => {
  it('has a section per cited anchor, each with an AWS page and an existing corpus scenario', () => {
    expect(anchors.size).toBeGreaterThan(10)
    const sections = doc.split(/<a id="/).slice(1)
    for (const section of sections) {
      const id = section.slice(0, section.indexOf('"'))
      expect(section, id).toMatch(/https:\/\/docs\.aws\.amazon\.com\//)
      const scenarios = [...section.matchAll(/`(corpus\/[^`]+\.json)`/g)].map((m) => m[1] as string)
      expect(scenarios.length, `${id} names a corpus scenario`).toBeGreaterThan(0)
      for (const s of scenarios) expect(existsSync(join(root, s)), s).toBe(true)
    }
  })

  it('every semantics.md anchor cited in src, test and corpus exists, and no citation points outside the repository', () => {
    const broken: string[] = []
    for (const file of [...walk(join(root, 'src')), ...walk(join(root, 'test')), ...walk(join(root, 'corpus'))]) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/docs\/semantics\.md#([a-z0-9-]+)/g)) if (!anchors.has(m[1] as string)) broken.push(`${relative(root, file)}: #${m[1] as string}`)
      // Section numbers and open questions of a reference the repository does not hold.
      const outside = new RegExp(['semantics', '(reference )?§'].join(' ?'), 'i')
      if (outside.test(text) || new RegExp(['open', 'question \\d'].join(' '), 'i').test(text)) broken.push(`${relative(root, file)}: cites a document outside the repository`)
    }
    expect(broken).toEqual([])
  })
})
