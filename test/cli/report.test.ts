/**
 * `iamtrace report`: exit codes (design notes, CLI contract: 0 written, 1 input error), the page written
 * to a file or stdout, JSON output, and a snapshot with problems still reported.
 */
import { mkdtempSync, readFileSync, symlinkSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ReportModel } from '../../src/report/types.js'
import { runCli as run } from '../helpers/runCli.js'

const DEMO = 'corpus/snapshots/demo'
const BROKEN = 'test/fixtures/report/broken'

const tmp = (): string => mkdtempSync(join(tmpdir(), 'iamtrace-report-'))

function modelOf(html: string): ReportModel {
  return JSON.parse(/<script type="application\/json" id="iamtrace-report">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null') as ReportModel
}

describe('iamtrace report', () => {
  it('writes one self-contained page of the demo snapshot and exits 0', async () => {
    const out = join(tmp(), 'demo.html')
    const r = await run('report', '--snapshot', DEMO, '-o', out)
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/wrote .*demo\.html .* 26 roles, 32 principals/)
    const html = readFileSync(out, 'utf8')
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain("default-src 'none'")
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/)
    const model = modelOf(html)
    expect(model.summary).toMatchObject({ accounts: 4, roles: 26 })
    expect(model.generator).toBe('iamtrace 0.1.0')
  })

  it('takes the time from SOURCE_DATE_EPOCH, so that the page can be reproduced', async () => {
    const before = process.env['SOURCE_DATE_EPOCH']
    process.env['SOURCE_DATE_EPOCH'] = '1767225600'
    try {
      const a = await run('report', '--snapshot', DEMO, '-o', '-')
      const b = await run('report', '--snapshot', DEMO, '-o', '-')
      expect(modelOf(a.out).generatedAt).toBe('2026-01-01T00:00:00Z')
      expect(a.out).toBe(b.out)
    } finally {
      if (before === undefined) delete process.env['SOURCE_DATE_EPOCH']
      else process.env['SOURCE_DATE_EPOCH'] = before
    }
  })

  it('prints the report model with --format json', async () => {
    const r = await run('report', '--snapshot', DEMO, '--output', '-', '--format', 'json', '--max-chains', '0', '--title', 'Demo')
    expect(r.code).toBe(0)
    const model = JSON.parse(r.out) as ReportModel
    expect(model).toMatchObject({ format: 'iamtrace-report', version: 1, title: 'Demo', limits: { maxChainsPerRole: 0 } })
    expect(model.roles.every((role) => role.chains.length === 0)).toBe(true)
  })

  it('still writes a page for a snapshot with problems, showing them, and prints them on stderr', async () => {
    const dir = tmp()
    for (const f of ['account-111122223333.json', 'truncated.json', 'notes.json']) copyFileSync(join(BROKEN, f), join(dir, f))
    symlinkSync(join(dir, 'no-such-target.json'), join(dir, 'dangling.json'))
    const out = join(dir, 'report.html')
    const r = await run('report', '--snapshot', dir, '-o', out)
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/dangling\.json: error snapshot\.unreadable-file: the file cannot be read/)
    expect(r.err).toMatch(/truncated\.json:4:1: error json\.syntax/)
    const model = modelOf(readFileSync(out, 'utf8'))
    expect(model.complete).toBe(false)
    expect(model.gaps.map((g) => g.code)).toEqual(expect.arrayContaining(['snapshot.unreadable-file', 'json.syntax', 'snapshot.unknown-shape', 'snapshot.missing-trust-policy']))
    expect(model.roles.filter((role) => role.uncertain !== undefined).map((role) => role.name).sort()).toEqual(['Garbled', 'Orphan'])
  })

  it('writes the page but exits 1 when no account could be read', async () => {
    const dir = tmp()
    copyFileSync(join(BROKEN, 'truncated.json'), join(dir, 'truncated.json'))
    const out = join(dir, 'report.html')
    const r = await run('report', '--snapshot', dir, '-o', out)
    expect(r.code).toBe(1)
    expect(r.err).toContain('no account could be read')
    expect(modelOf(readFileSync(out, 'utf8')).gaps[0]).toMatchObject({ code: 'json.syntax' })
  })

  it.each([
    { args: ['--snapshot', DEMO], why: 'no -o' },
    { args: ['-o', 'x.html'], why: 'no --snapshot' },
    { args: ['--snapshot', 'no/such/dir', '-o', 'x.html'], why: 'a missing path' },
    { args: ['--snapshot', DEMO, '-o', 'x.html', 'extra'], why: 'a positional argument' },
    { args: ['--snapshot', DEMO, '-o', 'x.html', '--max-chains', '-1'], why: 'a bad --max-chains' },
    { args: ['--snapshot', DEMO, '-o', 'x.html', '--format', 'pdf'], why: 'an unknown format' },
  ])('exits 1 for $why', async ({ args }) => {
    const r = await run('report', ...args)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^iamtrace report: /)
  })

  it('exits 1 when the page cannot be written', async () => {
    const r = await run('report', '--snapshot', DEMO, '-o', join(tmp(), 'no', 'such', 'dir', 'x.html'))
    expect(r.code).toBe(1)
    expect(r.err).toContain('cannot write')
  })
})
