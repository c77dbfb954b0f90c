/**
 * `bin/iamtrace.cjs` compiles the `eval` bundle through a V8 code cache in the user's cache directory.
 * The cache may only ever save time: it is used only for the exact source it was made from, never
 * from a directory someone else may write to, and a damaged or missing cache falls back to compiling.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/iamtrace.cjs', import.meta.url))
const bin = createRequire(import.meta.url)(BIN) as { cacheDirectory(): string | null }

const SOURCE = "'use strict'\nconst path = require('path')\nexports.answer = () => 6 * 7\nexports.sep = path.sep\nexports.word = 'caf\\u00e9'\n"
let dir: string
let cache: string
let file: string
const saved = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamtrace-cache-'))
  cache = join(dir, 'cache')
  file = join(dir, 'module.cjs')
  writeFileSync(file, SOURCE)
  process.env.IAMTRACE_COMPILE_CACHE = cache
  delete process.env.NODE_DISABLE_COMPILE_CACHE
})
afterEach(() => {
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})

/**
 * Loads the module in a new process (V8 keeps compiled scripts per process, which would hide the
 * cache), runs it and saves the cache as the CLI does after a run.
 */
function load(): { fromCache: boolean } {
  const script = `const l = require(${JSON.stringify(BIN)}).requireCached(${JSON.stringify(file)}); const r = { answer: l.exports.answer(), sep: l.exports.sep, word: l.exports.word, fromCache: l.fromCache }; l.saveCache(); console.log(JSON.stringify(r))`
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: process.env })
  expect(child.stderr).toBe('')
  const result = JSON.parse(child.stdout) as { answer: number; sep: string; word: string; fromCache: boolean }
  expect(result.answer).toBe(42)
  expect(result.word).toBe('café')
  expect(result.sep).toBe(sep)
  return result
}

const cacheFiles = (): string[] => readdirSync(cache).filter((f) => !f.endsWith('.tmp'))

describe('the code cache of `iamtrace eval`', () => {
  it('compiles from source first, writes the source and V8 data, and compiles from the cache next', () => {
    expect(load().fromCache).toBe(false)
    const [name] = cacheFiles()
    expect(name).toBe(`module-${SOURCE.length}-${process.version}-${process.arch}.v8`)
    const stored = readFileSync(join(cache, name!))
    expect(stored.subarray(0, SOURCE.length).toString()).toBe(SOURCE)
    expect(stored.length).toBeGreaterThan(SOURCE.length)
    expect(load().fromCache).toBe(true)
  })

  it('reads a bundle that is not ASCII as UTF-8', () => {
    writeFileSync(file, SOURCE.replace('caf\\u00e9', 'café'))
    expect(load().fromCache).toBe(false)
    expect(load().fromCache).toBe(true)
  })

  it('ignores a cache made from another source of the same length, and replaces it', () => {
    load()
    writeFileSync(file, SOURCE.replace('6 * 7', '7 * 6'))
    expect(load().fromCache).toBe(false)
    expect(readFileSync(join(cache, cacheFiles()[0]!)).toString()).toContain('7 * 6')
    expect(load().fromCache).toBe(true)
  })

  it('falls back to compiling when V8 rejects damaged data, and writes good data', () => {
    load()
    const path = join(cache, cacheFiles()[0]!)
    const stored = readFileSync(path)
    writeFileSync(path, Buffer.concat([stored.subarray(0, SOURCE.length), Buffer.alloc(stored.length - SOURCE.length, 7)]))
    expect(load().fromCache).toBe(false)
    expect(load().fromCache).toBe(true)
  })

  it('neither reads nor writes a cache directory others may write to', () => {
    load()
    chmodSync(cache, 0o777)
    expect(load().fromCache).toBe(false)
    const before = readFileSync(join(cache, cacheFiles()[0]!))
    load()
    expect(readFileSync(join(cache, cacheFiles()[0]!))).toEqual(before)
  })

  it('is off with IAMTRACE_COMPILE_CACHE=0 or NODE_DISABLE_COMPILE_CACHE=1', () => {
    process.env.IAMTRACE_COMPILE_CACHE = '0'
    expect(bin.cacheDirectory()).toBeNull()
    expect(load().fromCache).toBe(false)
    process.env.IAMTRACE_COMPILE_CACHE = cache
    process.env.NODE_DISABLE_COMPILE_CACHE = '1'
    expect(bin.cacheDirectory()).toBeNull()
    load()
    expect(() => readdirSync(cache)).toThrow()
  })

  it('lives in the user cache directory by default (XDG_CACHE_HOME, else ~/.cache)', () => {
    delete process.env.IAMTRACE_COMPILE_CACHE
    process.env.XDG_CACHE_HOME = '/x/cache'
    if (process.platform !== 'win32') expect(bin.cacheDirectory()).toBe('/x/cache/iamtrace')
    delete process.env.XDG_CACHE_HOME
    process.env.HOME = '/home/someone'
    if (process.platform === 'linux') expect(bin.cacheDirectory()).toBe('/home/someone/.cache/iamtrace')
    delete process.env.HOME
    if (process.platform !== 'win32') expect(bin.cacheDirectory()).toBeNull()
  })
})
