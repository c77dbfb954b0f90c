/**
 * Path globs of the configuration (`ignore`, suppression `paths`) agree with minimatch (`dot: true`)
 * on every pattern built from two pieces of glob syntax, against paths that hold the same characters
 * literally: deterministic, so each piece of syntax is exercised on every run.
 * https://github.com/isaacs/minimatch#features
 */
import { Minimatch } from 'minimatch'
import { describe, expect, it } from 'vitest'
import { compilePathGlob } from '../../../src/matching/pathGlob.js'

// `.`/`..` segments, escapes of ordinary characters and braces spanning `/` are left out: minimatch
// resolves or collapses those before matching, and configuration paths never hold them.
const PIECES = ['a', 'b', '.', '*', '?', '[ab]', '[!a]', '[^b]', '[a-b]', '[a-]', '[]a]', '[', ']', '-', '\\*', '\\?', '{a,b}', '{a,.b}', '{a}', '{a,{b,-}}', '{']
const PATHS = ['a', 'b', 'ab', 'ba', 'aa', '.a', 'a.b', '-', '*', '?', '[', ']', '{a}', '{a', '{b', 'a/b', 'b/a', 'a/a/b', '.b/a', 'x/ab', 'a/x/y', '-/b', 'a]', ']a']

describe('path globs, exhaustively over pairs of syntax pieces', () => {
  it('agree with minimatch (dot: true) within a segment, across segments and after **', () => {
    const mismatches: string[] = []
    for (const x of PIECES) {
      for (const y of PIECES) {
        for (const pattern of [x + y, `**/${x}/${y}`, `${x}/**/${y}/**`]) {
          if (pattern.split('/').some((s) => s === '.' || s === '..')) continue
          const glob = compilePathGlob(pattern)
          const reference = new Minimatch(pattern, { dot: true })
          for (const path of PATHS) if (glob(path) !== reference.match(path)) mismatches.push(`${pattern} ~ ${path}`)
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([])
  })

  it('a backslash escapes the next character; a trailing one is literal', () => {
    for (const [pattern, path] of [
      ['a\\', 'a\\'],
      ['a\\', 'a'],
      ['a\\\\', 'a\\'],
      ['\\[a]', '[a]'],
      ['\\[a]', 'a'],
    ] as const) {
      expect(compilePathGlob(pattern)(path), `${pattern} ~ ${path}`).toBe(new Minimatch(pattern, { dot: true }).match(path))
    }
    expect(compilePathGlob('a\\')('a\\')).toBe(true)
  })

  it('a trailing ** needs a segment, a leading or lone one matches any path', () => {
    expect(compilePathGlob('a/**')('a')).toBe(false)
    expect(compilePathGlob('a/**')('a/b/c')).toBe(true)
    expect(compilePathGlob('**')('a')).toBe(true)
    expect(compilePathGlob('**/b')('b')).toBe(true)
    expect(compilePathGlob('x/**')('a/b')).toBe(false)
  })
})
