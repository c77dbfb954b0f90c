/**
 * `iamtrace explain` and `iamtrace eval --fix`: output shapes and exit codes as the CLI contract
 * states (explain: 0 every event explained and agreeing, 3 a recorded outcome the model does not
 * reproduce, 1 an input error).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { Io } from '../../src/cli/io.js'

function capture(): Io & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false, stdout: () => out, stderr: () => err }
}

const demo = 'corpus/snapshots/demo'
const events = 'corpus/events'
const dir = mkdtempSync(join(tmpdir(), 'iamtrace-explain-'))

describe('iamtrace explain', () => {
  it('explains an AccessDenied end to end: request, verdict, blocking layer, a verified fix; exit 0', async () => {
    const io = capture()
    expect(await main(['explain', `${events}/assume-role/alice-admin-no-mfa.json`, '--snapshot', demo], io)).toBe(0)
    const out = io.stdout()
    expect(out).toContain('request: arn:aws:iam::111111111111:user/alice → sts:AssumeRole on arn:aws:iam::222222222222:role/Admin')
    expect(out).toContain('model: implicitDeny — agrees with the record')
    expect(out).toContain('blocking: trust-policy')
    expect(out).toContain('[context] authenticate with MFA')
  })

  it('exits 3 when a recorded outcome is not reproduced, and says what could explain it', async () => {
    const io = capture()
    expect(await main(['explain', `${events}/disagreements/bob-admin-recorded-success.json`, '--snapshot', demo], io)).toBe(3)
    expect(io.stdout()).toContain('DISAGREES')
    expect(io.stdout()).toContain('[explain.stale-snapshot]')
  })

  it('--format json prints one object per event with the contract fields', async () => {
    const io = capture()
    expect(await main(['explain', '--format', 'json', `${events}/formats/trail-log.json`, '--snapshot', demo], io)).toBe(0)
    const lines = io.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(3)
    for (const l of lines) for (const k of ['event', 'recorded', 'request', 'decision', 'agrees', 'determining', 'missingContextKeys', 'unknowns', 'trace', 'fixes']) expect(l, k).toHaveProperty(k)
    expect(lines.map((l) => (l['event'] as { eventName: string }).eventName)).toEqual(['AssumeRole', 'AssumeRole', 'AssumeRole'])
    const scp = lines[2] as { fixes: { kind: string; patch?: unknown[]; verified: boolean }[] }
    expect(scp.fixes[0]?.kind).toBe('scp')
    expect(scp.fixes[0]?.verified).toBe(true)
  })

  it('reads a gzipped trail log file', async () => {
    const gz = join(dir, '111111111111_CloudTrail_us-east-1_20250602T1005Z_Mu0KsOhtH1ar15ZZ.json.gz')
    writeFileSync(gz, gzipSync(readFileSync(`${events}/formats/trail-log.json`)))
    const io = capture()
    expect(await main(['explain', '--format', 'json', gz, '--snapshot', demo], io)).toBe(0)
    expect(io.stdout().trim().split('\n')).toHaveLength(3)
  })

  it('reads a directory, skipping the expectation sidecars', async () => {
    const io = capture()
    expect(await main(['explain', '--format', 'json', '--fixes', '0', `${events}/formats`, '--snapshot', demo], io)).toBe(0)
    const lines = io.stdout().trim().split('\n').map((l) => JSON.parse(l) as { error?: unknown; fixes: unknown[] })
    expect(lines).toHaveLength(7)
    expect(lines.every((l) => l.error === undefined && l.fixes.length === 0)).toBe(true)
  })

  it('a truncated record, a missing file and an IAM Identity Center event are input errors: exit 1, nothing thrown', async () => {
    const cut = join(dir, 'cut.json')
    writeFileSync(cut, readFileSync(`${events}/assume-role/bob-readonly.json`, 'utf8').slice(0, 300))
    const sso = join(dir, 'sso.json')
    writeFileSync(sso, JSON.stringify({ eventVersion: '1.09', userIdentity: { type: 'IdentityCenterUser', accountId: '111111111111', onBehalfOf: { userId: 'u-1', identityStoreArn: 'arn:aws:identitystore::111111111111:identitystore/d-1' } }, eventTime: '2025-06-02T09:14:07Z', eventSource: 'sso.amazonaws.com', eventName: 'ListAccounts', requestParameters: null, eventID: 'sso-1' }))
    const io = capture()
    expect(await main(['explain', '--format', 'json', cut, sso, join(dir, 'missing.json'), '--snapshot', demo], io)).toBe(1)
    const codes = io.stdout().trim().split('\n').map((l) => (JSON.parse(l) as { error: { code: string } }).error.code)
    expect(codes.sort()).toEqual(['cloudtrail.unreadable', 'cloudtrail.unsupported-identity', 'file.not-found'])
  })

  it('needs --snapshot', async () => {
    const io = capture()
    expect(await main(['explain', `${events}/assume-role/bob-readonly.json`], io)).toBe(1)
    expect(io.stderr()).toContain('--snapshot')
  })
})

describe('iamtrace eval --fix', () => {
  it('prints the verified fixes of a denied scenario', async () => {
    const io = capture()
    expect(await main(['eval', '--fix', 'corpus/examples/cross-account-admin-needs-mfa.json'], io)).toBe(0)
    expect(io.stdout()).toContain('fixes (each verified by re-evaluating with the change applied):')
    expect(io.stdout()).toContain('aws:MultiFactorAuthPresent="true"')
  })

  it('--format json carries the fixes; an allowed scenario has none', async () => {
    const io = capture()
    expect(await main(['eval', '--fix', '--format', 'json', 'corpus/examples/cross-account-admin-needs-mfa.json', 'corpus/examples/cross-account-admin-with-mfa.json'], io)).toBe(0)
    const [denied, allowed] = io.stdout().trim().split('\n').map((l) => JSON.parse(l) as { fixes?: { kind: string }[] })
    expect(denied?.fixes?.[0]?.kind).toBe('context')
    expect(allowed?.fixes).toBeUndefined()
  })
})
