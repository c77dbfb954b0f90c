/**
 * The trust commands: exit codes and JSON shapes (design notes, CLI contract).
 */
import { describe, expect, it } from 'vitest'
import type { Io } from '../../src/cli/io.js'
import { runCli as run } from '../helpers/runCli.js'

const DEMO = 'corpus/snapshots/demo'

describe('iamtrace can', () => {
  it.each([
    { args: ['alice', 'assume', 'arn:aws:iam::222222222222:role/ReadOnly'], code: 0, decision: 'allowed' },
    { args: ['alice', 'assume', 'arn:aws:iam::222222222222:role/Admin'], code: 4, decision: 'conditional' },
    { args: ['alice', 'assume', 'Admin', '--context', 'aws:MultiFactorAuthPresent=true'], code: 0, decision: 'allowed' },
    { args: ['bob', 'assume', 'Admin'], code: 2, decision: 'implicitDeny' },
    { args: ['arn:aws:iam::333333333333:role/DevCI', 'assume', 'ReadOnly'], code: 2, decision: 'explicitDeny' },
  ])('$args → exit $code', async ({ args, code, decision }) => {
    const r = await run('can', ...args, '--snapshot', DEMO, '--format', 'json')
    expect(r.code).toBe(code)
    const json = JSON.parse(r.out) as Record<string, unknown>
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['principal', 'role', 'decision', 'conditions', 'trace']))
    expect(json.decision).toBe(decision)
  })

  it('gives the residual with its sources in JSON', async () => {
    const r = await run('can', 'alice', 'assume', 'Admin', '--snapshot', DEMO, '--format', 'json')
    const json = JSON.parse(r.out) as { conditions: { text: string; anyOf: { allOf: { key: string; negated: boolean; sources: { pointer: string; sid: string }[] }[] }[] } }
    expect(json.conditions.text).toBe('aws:MultiFactorAuthPresent = "true"')
    expect(json.conditions.anyOf[0]?.allOf[0]).toMatchObject({ key: 'aws:MultiFactorAuthPresent', negated: false, sources: [{ pointer: '/Statement/0', sid: 'IdentityAccountWithMfa' }] })
  })

  it('prints text with the decision and trace', async () => {
    const r = await run('can', 'alice', 'assume', 'Admin', '--snapshot', DEMO)
    expect(r.code).toBe(4)
    expect(r.out).toContain('answer: conditional')
  })

  it.each([
    { args: ['nobody', 'assume', 'Admin', '--snapshot', DEMO], code: 1 },
    { args: ['alice', 'assume', 'Admin'], code: 1 },
    { args: ['alice', 'assume', 'Admin', '--snapshot', 'no/such/dir'], code: 1 },
    { args: ['alice', 'Admin', '--snapshot', DEMO], code: 1 },
  ])('input errors exit 1: $args', async ({ args, code }) => {
    expect((await run('can', ...args)).code).toBe(code)
  })
})

describe('iamtrace who-can-assume', () => {
  it('prints the contract JSON shape', async () => {
    const r = await run('who-can-assume', 'VendorAccess', '--snapshot', DEMO, '--format', 'json')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as { role: string; principals: Record<string, unknown>[] }
    expect(json.role).toBe('arn:aws:iam::222222222222:role/VendorAccess')
    expect(json.principals).toHaveLength(1)
    expect(json.principals[0]).toMatchObject({ principal: { account: '444455556666' }, access: 'conditional', external: true, via: [] })
    expect(Object.keys(json.principals[0] ?? {})).toEqual(expect.arrayContaining(['principal', 'access', 'conditions', 'external', 'via']))
  })

  it('lists chains with --transitive', async () => {
    const r = await run('who-can-assume', 'arn:aws:iam::333333333333:role/ChainC', '--transitive', '--snapshot', DEMO, '--format', 'json')
    const json = JSON.parse(r.out) as { principals: { principal: unknown; via: string[] }[] }
    expect(json.principals.map((p) => [p.principal, p.via.length])).toEqual([
      ['arn:aws:iam::222222222222:role/ChainB', 0],
      ['arn:aws:iam::111111111111:role/ChainA', 1],
      ['arn:aws:iam::111111111111:user/carol', 2],
    ])
  })

  it('draws Mermaid with generated node ids and quoted labels', async () => {
    const r = await run('who-can-assume', 'Deploy', '--transitive', '--snapshot', DEMO, '--format', 'mermaid')
    expect(r.code).toBe(0)
    expect(r.out.startsWith('flowchart LR\n')).toBe(true)
    // No ARN is used as a node id; every label is quoted.
    for (const line of r.out.split('\n').filter((l) => /^\s+n\d+[[({]/.test(l))) expect(line).toMatch(/^\s+n\d+(\(\[|\[|\{\{)"[^"]*"(\]\)|\]|\}\})$/)
    expect(r.out).toContain('class n')
  })

  it('draws dot', async () => {
    const r = await run('who-can-assume', 'Deploy', '--transitive', '--snapshot', DEMO, '--format', 'dot')
    expect(r.out.startsWith('digraph trust {')).toBe(true)
    expect(r.out).toContain('style=dashed')
  })

  it('an unknown role exits 1', async () => {
    expect((await run('who-can-assume', 'Nope', '--snapshot', DEMO)).code).toBe(1)
  })
})

describe('iamtrace paths and graph', () => {
  it('paths JSON lists hops', async () => {
    const r = await run('paths', 'carol', 'ChainC', '--snapshot', DEMO, '--format', 'json')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as { from: string; to: string; paths: { hops: { chained: boolean; maxSessionSeconds: number }[] }[] }
    expect(json.from).toBe('arn:aws:iam::111111111111:user/carol')
    expect(json.paths[0]?.hops.map((h) => [h.chained, h.maxSessionSeconds])).toEqual([[false, 14400], [true, 3600], [true, 3600]])
  })

  it('graph draws one account', async () => {
    const r = await run('graph', '--snapshot', DEMO, '--account', '333333333333', '--format', 'json')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as { edges: { to: string }[] }
    expect(json.edges.every((e) => e.to.includes(':333333333333:'))).toBe(true)
    expect(json.edges.length).toBeGreaterThan(0)
  })

  it('reports snapshot diagnostics on stderr and still answers', async () => {
    const r = await run('who-can-assume', 'Deploy', '--snapshot', DEMO, '--snapshot', 'package.json')
    expect(r.code).toBe(0)
    expect(r.err).toContain('snapshot.unknown-shape')
  })
})

describe('progress', () => {
  it('shows progress on a terminal only once work takes more than a second', async () => {
    const { progressReporter } = await import('../../src/cli/commands/graph.js')
    const { vi } = await import('vitest')
    vi.useFakeTimers()
    try {
      vi.setSystemTime(0)
      let err = ''
      const tty: Io = { out: () => undefined, err: (t) => void (err += t), errIsTty: true }
      const p = progressReporter(tty)
      p.tick('early')
      expect(err).toBe('')
      vi.setSystemTime(1500)
      p.tick('late')
      expect(err).toContain('late')
      p.done()
      let quiet = ''
      const pipe: Io = { out: () => undefined, err: (t) => void (quiet += t), errIsTty: false }
      const q = progressReporter(pipe)
      vi.setSystemTime(5000)
      q.tick('late')
      expect(quiet).toBe('')
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('--max-paths', () => {
  it('cuts the list and warns', async () => {
    const r = await run('who-can-assume', 'ChainC', '--transitive', '--max-paths', '2', '--snapshot', DEMO, '--format', 'json')
    expect(r.code).toBe(0)
    expect((JSON.parse(r.out) as { principals: unknown[] }).principals).toHaveLength(2)
    expect(r.err).toContain('warning')
  })

  it('rejects a bad value', async () => {
    expect((await run('paths', 'carol', 'ChainC', '--max-paths', '0', '--snapshot', DEMO)).code).toBe(1)
  })
})
