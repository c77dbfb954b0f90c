/**
 * The combined decision of a call, the resulting session, and the `assume` command's exit codes and
 * JSON output.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/main.js'
import { combineDecisions, evaluateAssumeCall, parseAssumeCall } from '../../../src/index.js'
import type { AssumeCall, Decision } from '../../../src/index.js'

const TAGS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html'
const AR = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html'
const corpus = join(import.meta.dirname, '..', '..', '..', 'corpus', 'assume')

describe('combineDecisions', () => {
  it.each<[Decision[], Decision]>([
    [['allowed'], 'allowed'],
    [['allowed', 'allowed', 'allowed'], 'allowed'],
    [['allowed', 'implicitDeny'], 'implicitDeny'],
    [['implicitDeny', 'explicitDeny'], 'explicitDeny'],
    [['allowed', 'explicitDeny'], 'explicitDeny'],
  ])(`%j → %s (${TAGS})`, (decisions, want) => {
    expect(combineDecisions(decisions)).toBe(want)
  })
})

function run(file: Record<string, unknown>) {
  const parsed = parseAssumeCall(file)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return evaluateAssumeCall(parsed.value.calls[0] as AssumeCall, { trace: true })
}

const USER = 'arn:aws:iam::111122223333:user/alice'
const trustAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }] }

describe('the resulting session', () => {
  it(`ARN drops the path, userid is ROLEID:SESSION, tags merge case-insensitively (${AR})`, () => {
    const r = run({
      now: '2026-01-01T00:00:00Z',
      caller: { arn: USER },
      role: { arn: 'arn:aws:iam::111122223333:role/a/b/Worker', roleId: 'AROAWORKER', maxSessionDuration: 7200, trustPolicy: trustAll, tags: { Team: 'red', env: 'prod' } },
      parameters: { RoleSessionName: 'job-1', DurationSeconds: 5400, Tags: [{ Key: 'team', Value: 'blue' }], TransitiveTagKeys: ['team'], SourceIdentity: 'alice' },
    })
    expect(r.succeeds).toBe(true)
    expect(r.actions.map((a) => a.action)).toEqual(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])
    expect(r.actions.every((a) => a.result.trace !== undefined)).toBe(true)
    const s = r.session
    expect(s).toMatchObject({ arn: 'arn:aws:sts::111122223333:assumed-role/Worker/job-1', userId: 'AROAWORKER:job-1', sourceIdentity: 'alice', chained: false, durationSeconds: 5400, expiration: '2026-01-01T01:30:00Z', transitiveTagKeys: ['team'] })
    expect(Object.fromEntries((s?.tags ?? []).map((t) => [t.key, t.value]))).toEqual({ team: 'blue', env: 'prod' })
  })

  it('a call with a violation never succeeds, even when every policy allows', () => {
    const r = run({ caller: { arn: USER }, role: { arn: 'arn:aws:iam::111122223333:role/W', trustPolicy: trustAll }, parameters: { RoleSessionName: 'x' } })
    expect(r.decision).toBe('allowed')
    expect(r.succeeds).toBe(false)
    expect(r.session).toBeUndefined()
    expect(r.violations.map((v) => v.code)).toEqual(['sts.role-session-name'])
  })
})

describe('iamtrace assume', () => {
  function capture() {
    const out: string[] = []
    const err: string[] = []
    return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), errIsTty: false }, out, err }
  }
  it('exits 0 when the call succeeds', async () => {
    const c = capture()
    expect(await main(['assume', join(corpus, 'github', 'exact-sub.json')], c.io)).toBe(0)
    expect(c.out.join('')).toContain('arn:aws:sts::111122223333:assumed-role/Deploy/gh-run-4242')
  })
  it('exits 2 when a request rule rejects the call', async () => {
    const c = capture()
    expect(await main(['assume', join(corpus, 'limits', 'duration-899-outside.json')], c.io)).toBe(2)
  })
  it('exits 2 when a policy denies the call', async () => {
    const c = capture()
    expect(await main(['assume', join(corpus, 'github', 'wrong-aud-denied.json')], c.io)).toBe(2)
  })
  it('exits 1 for an input error and prints the located error as JSON', async () => {
    const c = capture()
    expect(await main(['assume', '--format', 'json', join(corpus, '..', 'does-not-exist.json')], c.io)).toBe(1)
    expect(JSON.parse(c.out.join('')).error.code).toBe('file.not-found')
  })
  it('prints one JSON object per file with every action, violation and the session', async () => {
    const c = capture()
    await main(['assume', '--format', 'json', join(corpus, 'chain', 'three-role-chain.json')], c.io)
    const json = JSON.parse(c.out.join('')) as { succeeds: boolean; calls: { session: { arn: string; chained: boolean } | null }[]; expectMismatches: unknown[] }
    expect(json.succeeds).toBe(true)
    expect(json.calls.map((x) => x.session?.chained)).toEqual([false, true, true])
    expect(json.expectMismatches).toEqual([])
  })
})
