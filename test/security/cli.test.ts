/**
 * Hostile files through the CLI (`eval` and `test`, text and JSON): the process never crashes, an
 * invalid file is an input error (exit 1) and is never reported as `allowed` or as a pass.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { Io } from '../../src/cli/io.js'
import { prototypeSnapshot, prototypesClean } from './hostile.js'
import { scenarioSeeds } from './seeds.js'

const EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html'
const dir = mkdtempSync(join(tmpdir(), 'iamtrace-hostile-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function capture(): Io & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', errIsTty: false, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) }
  return io
}

const seed = (scenarioSeeds()[0] as ReturnType<typeof scenarioSeeds>[number]).text
const allowingSeed = (scenarioSeeds().find((s) => /"decision"\s*:\s*"allowed"/.test(s.text)) as ReturnType<typeof scenarioSeeds>[number]).text

/** Files that are not valid scenarios: each must be an input error. */
const INVALID: Record<string, string> = {
  'empty.json': '',
  'nul.json': '\u0000',
  'truncated.json': allowingSeed.slice(0, Math.floor(allowingSeed.length / 2)),
  'deep.json': `{"request": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
  'wrong-action-type.json': allowingSeed.replace(/"action"\s*:\s*"[^"]*"/, '"action": {"__proto__": {"polluted": 1}}'),
  'proto-policy.json': allowingSeed.replace(/"Effect"\s*:\s*"Allow"/, '"Effect": {"constructor": {"prototype": {"polluted": 1}}}'),
  'bad-url-encoding.json': allowingSeed.replace(/"identity"\s*:\s*\[/, '"identity": ["%7B%22Version%ZZ", '),
  'array.json': '[]',
  'string.json': '"request"',
  // A request the engine cannot evaluate used to count as a pass when the file expected implicitDeny.
  'invalid-action-expecting-deny.json': JSON.stringify({ ...(JSON.parse(seed) as object), request: { principal: 'arn:aws:iam::111111111111:user/alice', action: 'not-an-action', resource: '*' }, expect: { decision: 'implicitDeny' } }),
  'invalid-principal-expecting-deny.json': JSON.stringify({ ...(JSON.parse(seed) as object), request: { principal: 'arn:aws:iam::111111111111:nope/alice', action: 's3:GetObject', resource: '*' }, expect: { decision: 'implicitDeny' } }),
  'huge-string.json': allowingSeed.replace(/"action"\s*:\s*"[^"]*"/, `"action": ${JSON.stringify('x'.repeat(1_000_000))}`),
}

for (const [name, text] of Object.entries(INVALID)) writeFileSync(join(dir, name), text)
writeFileSync(join(dir, 'bom.json'), `\uFEFF${seed}`)
writeFileSync(join(dir, 'proto-context.json'), seed.replace(/"context"\s*:\s*\{/, '"context": {"__proto__": "x", "constructor": "y", '))

describe('hostile files through the CLI', () => {
  for (const name of Object.keys(INVALID)) {
    it(`${name}: eval and test exit 1, print no decision and no pass (${EVAL})`, async () => {
      const before = prototypeSnapshot()
      const file = join(dir, name)
      for (const format of ['text', 'json']) {
        const evalIo = capture()
        expect(await main(['eval', file, '--format', format], evalIo)).toBe(1)
        expect(evalIo.stdout).not.toMatch(/"decision"\s*:\s*"allowed"|\ballowed\b/)
        expect(evalIo.stderr + evalIo.stdout).not.toContain('internal error')
        const testIo = capture()
        expect(await main(['test', file, '--format', format], testIo)).toBe(1)
        expect(testIo.stdout).not.toMatch(/\b[1-9]\d* passed/)
        expect(testIo.stderr + testIo.stdout).not.toContain('internal error')
      }
      expect(prototypesClean(before)).toBe(true)
    })
  }

  it(`a UTF-8 BOM and prototype keys in the context are read as data, never crash (${EVAL})`, async () => {
    const before = prototypeSnapshot()
    for (const name of ['bom.json', 'proto-context.json']) {
      const io = capture()
      const code = await main(['eval', join(dir, name), '--format', 'json'], io)
      expect([0, 1]).toContain(code)
      expect(io.stderr).not.toContain('internal error')
    }
    expect(prototypesClean(before)).toBe(true)
  })

  it(`a directory of hostile files is evaluated file by file without crashing (${EVAL})`, async () => {
    const io = capture()
    expect(await main(['test', dir], io)).toBe(1)
    expect(io.stderr + io.stdout).not.toContain('internal error')
  })
})
