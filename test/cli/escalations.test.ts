/**
 * `iamtrace escalations`: exit codes (0 none, 3 found, 1 input error) and output (design notes, CLI contract).
 */
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/runCli.js'

const SNAPSHOT = 'corpus/snapshots/escalation'

const run = runCli

describe('iamtrace escalations', () => {
  it('exits 3 when some principal escalates, and lists administrators, paths and gaps', async () => {
    const r = await run('escalations', '--snapshot', SNAPSHOT)
    expect(r.code).toBe(3)
    expect(r.out).toContain('administrators: 15')
    expect(r.out).toContain('  ✓ arn:aws:iam::111111111111:user/ec2-launcher → admin: allowed (1 hop)')
    expect(r.out).toContain('       iam:PassRole on arn:aws:iam::111111111111:role/Ec2AdminRole')
    expect(r.out).toContain('       when ec2:osuser = "ec2-user"')
    expect(r.out).toContain('incomplete: the snapshot lacks inputs these answers depend on:')
  })

  it.each([
    ['deny-elsewhere', 'arn:aws:iam::111111111111:user/deny-elsewhere: no escalation path to an administrator found\n'],
    ['admin-user', 'arn:aws:iam::111111111111:user/admin-user is an administrator\n'],
  ])('exits 0 when %s does not escalate, and says why', async (who, text) => {
    const r = await run('escalations', '--snapshot', SNAPSHOT, '--from', who)
    expect(r.code).toBe(0)
    expect(r.out).toBe(text)
  })

  it('follows grants made by the caller through a role it becomes', async () => {
    const r = await run('escalations', '--snapshot', SNAPSHOT, '--from', 'app-operator')
    expect(r.code).toBe(3)
    expect(r.out).toContain('    2. arn:aws:iam::111111111111:role/AppRole → admin  [put-role-policy] called by arn:aws:iam::111111111111:user/app-operator')
  })

  it('prints one JSON object with escalations, administrators, complete and gaps', async () => {
    const r = await run('escalations', '--snapshot', SNAPSHOT, '--to', 'AppRole', '--format', 'json', '--max-paths', '1')
    expect(r.code).toBe(3)
    const json = JSON.parse(r.out) as { target: string; escalations: { principal: string; path: { technique: string }[] }[]; complete: boolean; gaps: { code: string }[] }
    expect(json.target).toBe('arn:aws:iam::111111111111:role/AppRole')
    expect(json.escalations.find((e) => e.principal.endsWith(':user/deny-elsewhere'))?.path.map((h) => h.technique)).toEqual(['ec2-run-instances'])
    expect(new Set(json.escalations.map((e) => e.principal)).size).toBe(json.escalations.length)
    expect(json.complete).toBe(false)
  })

  it.each([
    [['--snapshot', SNAPSHOT, '--from', 'nobody']],
    [['--snapshot', SNAPSHOT, '--to', 'no-such-role']],
    [['--from', 'admin-user']],
    [['--snapshot', SNAPSHOT, '--max-paths', '0']],
    [['--snapshot', SNAPSHOT, '--format', 'sarif']],
    [['--snapshot', SNAPSHOT, 'extra']],
  ])('exits 1 on an input error: %j', async (args) => {
    const r = await run('escalations', ...args)
    expect(r.code).toBe(1)
    expect(r.err).not.toBe('')
  })

  it('prints the error as JSON with --format json', async () => {
    const r = await run('escalations', '--snapshot', SNAPSHOT, '--from', 'nobody', '--format', 'json')
    expect(r.code).toBe(1)
    expect((JSON.parse(r.out) as { error: { code: string } }).error.code).toBe('graph.unknown-principal')
  })
})

describe('paths and graph --via all', () => {
  it('paths --via all follows every technique, and --via assume only AssumeRole', async () => {
    const all = await run('paths', 'ec2-launcher', 'admin-user', '--snapshot', SNAPSHOT, '--via', 'all', '--max-depth', '2', '--format', 'json')
    expect(all.code).toBe(0)
    const json = JSON.parse(all.out) as { via: string; paths: { path: { technique: string; to: string }[] }[] }
    expect(json.via).toBe('all')
    expect(json.paths[0]?.path.map((h) => h.technique)).toEqual(['ec2-run-instances', 'create-access-key'])
    const assume = await run('paths', 'ec2-launcher', 'AdminRole', '--snapshot', SNAPSHOT)
    expect(assume.code).toBe(0)
    expect(assume.out).toContain(': 0\n')
  })

  it('graph --via all draws escalation edges dashed, labelled with the technique, and grants to an administrator node', async () => {
    const r = await run('graph', '--snapshot', SNAPSHOT, '--via', 'all', '--account', '222222222222')
    expect(r.code).toBe(0)
    // An uncertain escalation edge is drawn as uncertain edges are (thick, red), labelled with technique and reason.
    expect(r.out).toMatch(/n\d+ ==>\|"lambda-update-code: uncertain \(escalation\.no-inventory\)"\| n\d+/)
    expect(r.out).toContain('linkStyle')
    const dot = await run('graph', '--snapshot', SNAPSHOT, '--via', 'all', '--role', 'AppRole', '--format', 'dot')
    expect(dot.out).toMatch(/style=dashed, color="#b91c1c", fontcolor="#b91c1c", label="ec2-run-instances"/)
    const json = await run('graph', '--snapshot', SNAPSHOT, '--via', 'all', '--account', '111111111111', '--format', 'json')
    const edges = (JSON.parse(json.out) as { edges: { from: string; to: string; technique?: string }[] }).edges
    expect(edges).toContainEqual(expect.objectContaining({ from: 'arn:aws:iam::111111111111:user/self-putter', to: 'admin', technique: 'put-user-policy' }))
  })
})
