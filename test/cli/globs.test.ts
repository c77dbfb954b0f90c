/**
 * Globs on the command line match in the form they are written: relative to the working directory,
 * absolute, or reaching up with `../`; only the glob's fixed leading directories are walked, and a glob
 * whose leading directory does not exist names nothing (file.not-found).
 */
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { Io } from '../../src/cli/io.js'

function capture(): Io & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false, stdout: () => out, stderr: () => err }
}
const files = (io: { stdout: () => string }): string[] => io.stdout().trim().split('\n').map((l) => (JSON.parse(l) as { file: string }).file)

const ROOT = process.cwd()
afterEach(() => process.chdir(ROOT))

describe('command-line globs', () => {
  const expected = ['cross-account-admin-needs-mfa.json', 'cross-account-admin-with-mfa.json']

  it('match relative to the working directory', async () => {
    const io = capture()
    expect(await main(['eval', '--format', 'json', 'corpus/examples/cross-account-*.json'], io)).toBe(0)
    expect(files(io)).toEqual(expected.map((f) => `corpus/examples/${f}`))
    const dotted = capture()
    expect(await main(['eval', '--format', 'json', './corpus/examples/cross-account-*.json'], dotted)).toBe(0)
    expect(files(dotted)).toEqual(expected.map((f) => `corpus/examples/${f}`))
  })

  it('match when absolute', async () => {
    const io = capture()
    const dir = resolve('corpus/examples')
    expect(await main(['eval', '--format', 'json', `${dir}/cross-account-*.json`], io)).toBe(0)
    expect(files(io)).toEqual(expected.map((f) => join(dir, f)))
  })

  it('match when they reach up with ../', async () => {
    process.chdir(resolve('corpus/regressions'))
    const io = capture()
    expect(await main(['eval', '--format', 'json', '../examples/cross-account-*.json'], io)).toBe(0)
    expect(files(io)).toEqual(expected.map((f) => `../examples/${f}`))
  })

  it('reach into subdirectories with ** from a fixed base', async () => {
    const io = capture()
    expect(await main(['eval', '--format', 'json', 'corpus/**/cross-account-admin-*.json'], io)).toBe(0)
    expect(files(io)).toEqual(expected.map((f) => `corpus/examples/${f}`))
  })

  it('name nothing when the leading directory does not exist', async () => {
    const io = capture()
    expect(await main(['eval', 'corpus/no-such-dir/*.json'], io)).toBe(1)
    expect(io.stderr()).toContain('corpus/no-such-dir/*.json: error file.not-found')
  })
})
