/**
 * The eval and test commands: output shapes and exit codes as the CLI contract states
 * (eval: 0 every file evaluated, 1 an input error; test: 0 all pass, 3 a mismatch, 1 an input error).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { Io } from '../../src/cli/io.js'

function capture(): Io & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false, stdout: () => out, stderr: () => err }
}

const example = 'corpus/examples/cross-account-admin-needs-mfa.json'
const dir = mkdtempSync(join(tmpdir(), 'iamtrace-cli-'))

describe('iamtrace eval', () => {
  it('prints the decision, the failing step and the missing key', async () => {
    const io = capture()
    expect(await main(['eval', example], io)).toBe(0)
    expect(io.stdout()).toContain('decision: implicitDeny')
    expect(io.stdout()).toContain('aws:MultiFactorAuthPresent')
  })

  it('--format json prints file, decision, determining, missingContextKeys and trace', async () => {
    const io = capture()
    expect(await main(['eval', '--format', 'json', example], io)).toBe(0)
    const out = JSON.parse(io.stdout()) as Record<string, unknown>
    expect(out.file).toBe(example)
    expect(out.decision).toBe('implicitDeny')
    expect(out.missingContextKeys).toEqual(['aws:MultiFactorAuthPresent'])
    expect(Array.isArray(out.determining)).toBe(true)
    expect((out.trace as { version: number }).version).toBe(1)
  })

  it('an invalid file prints {file, error: {code, pointer, message}} and exits 1', async () => {
    const bad = join(dir, 'bad.json')
    const scenario = JSON.parse(readFileSync(example, 'utf8')) as { resourcePolicies: { resource: { document: { Statement: { Effect: string }[] } } } }
    const first = scenario.resourcePolicies.resource.document.Statement[0]
    if (first !== undefined) first.Effect = 'allow'
    writeFileSync(bad, JSON.stringify(scenario, null, 2))
    const io = capture()
    expect(await main(['eval', '--format', 'json', bad], io)).toBe(1)
    const out = JSON.parse(io.stdout()) as { file: string; error: { code: string; pointer: string; message: string } }
    expect(out.file).toBe(bad)
    expect(out.error.code).toBe('policy.invalid-effect')
    expect(out.error.pointer).toBe('/resourcePolicies/resource/document/Statement/0/Effect')
    expect(out).not.toHaveProperty('decision')
  })

  it('malformed JSON is an input error with line and column', async () => {
    const bad = join(dir, 'syntax.json')
    writeFileSync(bad, '{\n  "request": {\n    "principal": "arn:aws:iam::111122223333:user/a",,\n  }\n}\n')
    const io = capture()
    expect(await main(['eval', bad], io)).toBe(1)
    expect(io.stderr()).toMatch(/syntax\.json:3:\d+: error json\.syntax/)
  })
})

describe('iamtrace test', () => {
  it('passes the examples and prints the closing line', async () => {
    const io = capture()
    expect(await main(['test', 'corpus/examples'], io)).toBe(0)
    expect(io.stdout()).toMatch(/^2 passed, 0 failed$/m)
  })

  it('exits 3 on a mismatch and names the file', async () => {
    const wrong = join(dir, 'wrong.json')
    const scenario = JSON.parse(readFileSync(example, 'utf8')) as { expect: { decision: string } }
    scenario.expect.decision = 'allowed'
    writeFileSync(wrong, JSON.stringify(scenario))
    const io = capture()
    expect(await main(['test', wrong], io)).toBe(3)
    expect(io.stdout()).toContain(`FAIL ${wrong}: expected allowed, got implicitDeny`)
    expect(io.stdout()).toMatch(/^0 passed, 1 failed$/m)
  })

  it('exits 1 for an unknown option or a missing file', async () => {
    expect(await main(['test', '--nope', 'x'], capture())).toBe(1)
    expect(await main(['test', join(dir, 'missing.json')], capture())).toBe(1)
  })
})

describe('iamtrace eval --explain annotated', () => {
  it('prints each policy with the result beside the deciding line', async () => {
    const io = capture()
    expect(await main(['eval', '--explain', 'annotated', example], io)).toBe(0)
    expect(io.stdout()).toContain('"aws:MultiFactorAuthPresent": ["true"]  // ✗ keyMissing: request absent')
    expect(io.stdout()).toContain('resource policy "Admin trust policy":')
  })
})
