/**
 * Inputs that cannot be read are reported, never skipped: a directory that cannot be listed (or a file
 * that cannot be read) under a path the user named is an input error naming it, so that `lint`, `diff`,
 * `eval`, `test` and the snapshot commands never answer for files they did not see ("0 findings", "no new
 * access" would be the dangerous answer). Permissions cannot be taken from the test process (it may run
 * as root), so the file system refuses the paths named `locked…` here.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { Io } from '../../src/cli/io.js'

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const refuse = (path: unknown): void => {
    if (/(^|[\\/])locked[^\\/]*$/.test(String(path))) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' })
  }
  return {
    ...fs,
    readdirSync: ((path: Parameters<typeof fs.readdirSync>[0], options?: unknown) => {
      refuse(path)
      return fs.readdirSync(path, options as never)
    }) as typeof fs.readdirSync,
    readFileSync: ((path: Parameters<typeof fs.readFileSync>[0], options?: unknown) => {
      refuse(path)
      return fs.readFileSync(path, options as never)
    }) as typeof fs.readFileSync,
  }
})

function capture(): Io & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false, stdout: () => out, stderr: () => err }
}

const trust = (account: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }],
})
const scenario = {
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/R' },
  policies: { identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }], resource: trust('111122223333') },
  expect: { decision: 'allowed' },
}

const jsonLines = (text: string): unknown[] => text.trim().split('\n').map((l) => JSON.parse(l) as unknown)

let root = ''
function write(path: string, value: unknown): string {
  const full = join(root, path)
  mkdirSync(join(full, '..'), { recursive: true })
  writeFileSync(full, `${JSON.stringify(value, null, 2)}\n`)
  return full
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'iamtrace-unreadable-'))
  write('policies/ok.json', trust('111122223333'))
  write('policies/locked/hidden.json', trust('*'))
  write('before/roles/r.json', trust('111122223333'))
  write('after/roles/r.json', trust('111122223333'))
  write('after/locked/new.json', trust('444455556666'))
  write('after-file/roles/r.json', trust('111122223333'))
  write('after-file/roles/locked.json', trust('444455556666'))
  write('scenarios/a.json', scenario)
  write('scenarios/locked/b.json', scenario)
  write('scenarios-file/a.json', scenario)
  write('scenarios-file/locked.json', scenario)
})

describe('a directory that cannot be listed is an input error naming it', () => {
  it('lint: file.unreadable for the directory, counted as not read, beside the readable files linted', async () => {
    const io = capture()
    // lint's contract: an input that cannot be read is reported and counted; findings decide the exit code.
    expect(await main(['lint', '--format', 'json', join(root, 'policies')], io)).toBe(0)
    const lines = jsonLines(io.stdout())
    expect(lines).toContainEqual({ file: join(root, 'policies/locked'), findings: [], errors: [{ code: 'file.unreadable', file: join(root, 'policies/locked'), pointer: '', message: 'the directory cannot be read' }] })
    expect(lines.at(-1)).toMatchObject({ summary: { files: 1, unreadable: 1 } })
    expect(io.stderr()).toContain(`${join(root, 'policies/locked')}: error file.unreadable: the directory cannot be read`)
  })

  it('diff: a directory version holding an unreadable directory is an input error, not "no new access" (exit 1, not 0)', async () => {
    const io = capture()
    const code = await main(['diff', '--format', 'json', join(root, 'before'), join(root, 'after')], io)
    expect(code).toBe(1)
    expect(io.stderr()).toContain(`${join(root, 'after/locked')}: error file.unreadable: the directory cannot be read`)
    expect(JSON.parse(io.stdout())).toEqual({ error: { code: 'file.unreadable', file: join(root, 'after/locked'), pointer: '', message: 'the directory cannot be read' } })
  })

  it('diff: an unreadable file in a directory version is an input error (it would read as deleted)', async () => {
    const io = capture()
    expect(await main(['diff', join(root, 'before'), join(root, 'after-file')], io)).toBe(1)
    expect(io.stderr()).toContain(`${join(root, 'after-file/roles/locked.json')}: error file.unreadable: the file cannot be read`)
  })

  it('eval and test: the directory is reported and the run exits 1', async () => {
    const io = capture()
    expect(await main(['eval', '--format', 'json', join(root, 'scenarios')], io)).toBe(1)
    const lines = io.stdout().trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: { code: string } })
    expect(lines).toContainEqual({ file: join(root, 'scenarios/locked'), error: { code: 'file.unreadable', pointer: '', message: 'the directory cannot be read' } })
    expect(lines.filter((l) => l.error === undefined).map((l) => l.file)).toEqual([join(root, 'scenarios/a.json')])
    const t = capture()
    expect(await main(['test', join(root, 'scenarios')], t)).toBe(1)
    expect(t.stderr()).toContain(`${join(root, 'scenarios/locked')}: error file.unreadable`)
  })

  it('eval: an unreadable scenario file is file.unreadable, not a parse error of empty text', async () => {
    const io = capture()
    expect(await main(['eval', '--format', 'json', join(root, 'scenarios-file')], io)).toBe(1)
    expect(io.stdout()).toContain(JSON.stringify({ file: join(root, 'scenarios-file/locked.json'), error: { code: 'file.unreadable', pointer: '', message: 'the file cannot be read' } }))
  })

  it('snapshot commands refuse the snapshot with an input error naming the directory (exit 1)', async () => {
    write('snap/locked/acct.json', { UserDetailList: [], RoleDetailList: [], GroupDetailList: [], Policies: [] })
    const io = capture()
    expect(await main(['who-can-assume', '--snapshot', join(root, 'snap'), 'arn:aws:iam::111122223333:role/R'], io)).toBe(1)
    expect(io.stderr()).toContain(`${join(root, 'snap/locked')} (the directory cannot be read)`)
  })
})

describe('globs report only the unreadable directories that could hold a match', () => {
  it('a locked directory inside the glob is reported; one outside it is not', async () => {
    const cwd = process.cwd()
    process.chdir(root)
    try {
      const inside = capture()
      await main(['lint', '--format', 'json', 'policies/**/*.json'], inside)
      expect(jsonLines(inside.stdout()).at(-1)).toMatchObject({ summary: { files: 1, unreadable: 1 } })
      expect(inside.stderr()).toContain(`${join('policies', 'locked')}: error file.unreadable`)
      const outside = capture()
      await main(['lint', '--format', 'json', 'before/**/*.json'], outside)
      expect(jsonLines(outside.stdout()).at(-1)).toMatchObject({ summary: { files: 1, unreadable: 0 } })
    } finally {
      process.chdir(cwd)
    }
  })
})
