/**
 * `iamtrace eval` starts from its own entry (src/cli/evalMain.ts, bundled as dist/cli-eval.cjs and
 * loaded by bin/iamtrace.cjs); it must answer exactly as the full CLI does for `eval`: output, errors
 * and exit codes, for every kind of argument list.
 */
import { describe, expect, it } from 'vitest'
import { mainEval } from '../../src/cli/evalMain.js'
import { main } from '../../src/cli/main.js'
import type { Io } from '../../src/cli/io.js'

function capture(): Io & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false, stdout: () => out, stderr: () => err }
}

const ARGUMENTS: readonly (readonly string[])[] = [
  ['corpus/examples/cross-account-admin-needs-mfa.json'],
  ['--format', 'json', '--explain', 'full', 'corpus/examples/cross-account-admin-needs-mfa.json'],
  ['corpus/examples/cross-account-admin-needs-mfa.json', '--fix'],
  ['corpus/regressions/*.json', '--format', 'json'],
  ['corpus/regressions/condition-invalid-key-if-exists-never-grants.json'],
  ['no/such/file.json'],
  [],
  ['--help'],
  ['-h'],
  ['--format'],
  ['--format', 'yaml', 'corpus/examples/cross-account-admin-needs-mfa.json'],
  ['--no-such-flag', 'x'],
]

describe('the eval entry', () => {
  it.each(ARGUMENTS.map((a) => [a.join(' ') || '(none)', a] as const))('answers `eval %s` as the full CLI does', async (_, args) => {
    const viaMain = capture()
    const viaEntry = capture()
    const codeMain = await main(['eval', ...args], viaMain)
    const codeEntry = await mainEval(args, viaEntry)
    expect(codeEntry).toBe(codeMain)
    expect(viaEntry.stdout()).toBe(viaMain.stdout())
    expect(viaEntry.stderr()).toBe(viaMain.stderr())
  })
})
