/**
 * A reader that goes away (`iamtrace ... | head -1`) ends every command quietly: no EPIPE stack trace,
 * and the command's own exit code. Each command runs in a real child process whose stdout is closed
 * before it writes.
 */
import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const DEMO = 'corpus/snapshots/demo'

function runClosed(args: readonly string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/cliEntry.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    // The reader is gone before the first line is written.
    child.stdout.destroy()
    let err = ''
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()))
    child.on('close', (code) => resolve({ code, err }))
  })
}

const COMMANDS: readonly (readonly [string, readonly string[], number])[] = [
  ['--help', ['--help'], 0],
  ['--version', ['--version'], 0],
  ['eval', ['eval', 'corpus/examples/cross-account-admin-with-mfa.json'], 0],
  ['test', ['test', 'corpus/examples'], 0],
  ['assume', ['assume', 'corpus/assume/chain/second-hop-over-one-hour.json'], -1],
  ['lint', ['lint', 'test/fixtures/lint/mixed', '--config', 'test/fixtures/lint/.iamtrace.json'], 3],
  ['lint sarif', ['lint', 'test/fixtures/lint/mixed', '--format', 'sarif'], 3],
  ['can', ['can', 'alice', 'assume', 'Admin', '--snapshot', DEMO], -1],
  ['who-can-assume', ['who-can-assume', 'Deploy', '--transitive', '--snapshot', DEMO], 0],
  ['paths', ['paths', 'carol', 'ChainC', '--snapshot', DEMO], -1],
  ['graph', ['graph', '--snapshot', DEMO], 0],
]

describe('closed stdout', () => {
  for (const [name, args, expected] of COMMANDS) {
    it(`${name} ends quietly with its own exit code`, async () => {
      const { code, err } = await runClosed(args)
      expect(err).not.toMatch(/EPIPE|Error:|\n\s+at /)
      if (expected >= 0) expect(code).toBe(expected)
      else expect([0, 2, 3, 4]).toContain(code)
    }, 60_000)
  }
})

describe.runIf(process.platform === 'linux')('stdout that fails (not EPIPE)', () => {
  it('says so once on stderr and ends with exit code 1 (/dev/full: no space left)', async () => {
    const full = openSync('/dev/full', 'w')
    const result = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/cliEntry.ts', 'eval', 'corpus/examples/cross-account-admin-with-mfa.json'], { stdio: ['ignore', full, 'pipe'] })
      let err = ''
      child.stderr.on('data', (d: Buffer) => void (err += d.toString()))
      child.on('close', (code) => resolve({ code, err }))
    })
    closeSync(full)
    expect(result.err).toBe('iamtrace: cannot write the output: ENOSPC: no space left on device, write\n')
    expect(result.code).toBe(1)
  }, 60_000)
})
