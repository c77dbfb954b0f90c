/**
 * The configuration's path globs match as minimatch does with `dot: true` (the reference for the
 * `ignore` and suppression `paths` syntax): generated patterns and paths, compared decision for decision.
 * https://github.com/isaacs/minimatch#features
 */
import fc from 'fast-check'
import { minimatch } from 'minimatch'
import { describe, expect, it } from 'vitest'
import { compilePathGlob } from '../../src/matching/pathGlob.js'

const RUNS = Number(process.env['IAMTRACE_PROPERTY_RUNS'] ?? 300)

// Path text holds the characters the patterns use literally too (brackets, braces, commas, `*`).
const segment = fc.array(fc.constantFrom('a', 'b', '.', '-', '*', '[', ']', '{', '}', ','), { minLength: 1, maxLength: 4 }).map((s) => s.join('')).filter((s) => s !== '.' && s !== '..')
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'))
const patternSegment = fc
  .array(
    fc.constantFrom('a', 'b', '.', '*', '?', '[ab]', '[!a]', '{a,b}', '{a,.b}', '[a-b]', '[^b]', '[a-]', '[]a]', '[', ']', '-', '\\*', '{a}', '{a,{b,-}}', '{'),
    { minLength: 1, maxLength: 4 },
  )
  .map((s) => s.join(''))
  .filter((s) => s !== '.' && s !== '..')
const pattern = fc.array(fc.oneof(patternSegment, fc.constant('**')), { minLength: 1, maxLength: 4 }).map((s) => s.join('/'))

describe('path globs', () => {
  it('agree with minimatch (dot: true)', () => {
    fc.assert(
      fc.property(pattern, path, (p, s) => {
        expect(compilePathGlob(p)(s), `${p} ~ ${s}`).toBe(minimatch(s, p, { dot: true }))
      }),
      { numRuns: RUNS },
    )
  })

  it('the documented examples', () => {
    expect(compilePathGlob('vendor/**')('vendor/a/b.json')).toBe(true)
    expect(compilePathGlob('vendor/**')('src/vendor/b.json')).toBe(false)
    expect(compilePathGlob('cdk.out/asset.*/**')('cdk.out/asset.1f2e/x.template.json')).toBe(true)
    expect(compilePathGlob('**/*.{json,yaml}')('infra/a/b.yaml')).toBe(true)
    expect(compilePathGlob('legacy/**')('legacy')).toBe(minimatch('legacy', 'legacy/**', { dot: true }))
  })

  it('expands at most 256 brace alternatives, the first ones in order', () => {
    const glob = compilePathGlob('{a,b}'.repeat(9))
    expect(glob('aaaaaaaaa')).toBe(true)
    expect(glob('abbbbbbbb')).toBe(true)
    expect(glob('bbbbbbbbb')).toBe(false)
  })

  it('stays fast on hostile patterns', () => {
    const p = compilePathGlob(`${'*a'.repeat(200)}b`)
    expect(p('a'.repeat(5000))).toBe(false)
  })
})
