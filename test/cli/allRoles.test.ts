/**
 * `who-can-assume --all`: every role's line equals what the command answers for that role alone (over a
 * fresh graph, so that answers shared across roles change nothing), whichever threads answered it, and
 * the merged outputs of `--shard I/N` runs equal one run, on generated organizations of both shapes.
 * A missing, repeated or foreign shard is refused: a merge never silently leaves roles out.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { generateOrg } from '../../bench/generateOrg.js'
import { shardRoles } from '../../src/cli/roleJob.js'
import { whoJson } from '../../src/graph/render.js'
import { whoCanAssume } from '../../src/graph/whoCanAssume.js'
import { loadSnapshot } from '../../src/snapshot/loadSnapshot.js'
import { runCli } from '../helpers/runCli.js'

const root = mkdtempSync(join(tmpdir(), 'iamtrace-all-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

interface Org {
  readonly dir: string
  readonly files: string[]
}

const orgs = new Map<string, Org>()
/** A generated organization written to disk (once per shape and seed). */
function org(profile: 'mixed' | 'enterprise', seed: number): Org {
  const key = `${profile}-${seed}`
  const known = orgs.get(key)
  if (known !== undefined) return known
  const dir = join(root, key)
  mkdirSync(dir)
  const files = generateOrg({ principals: 240, roles: 90, accounts: 5, seed, profile }).map((f) => {
    writeFileSync(join(dir, f.file), JSON.stringify(f.value))
    return join(dir, f.file)
  })
  const o = { dir, files: files.sort() }
  orgs.set(key, o)
  return o
}

/** The reference: each role asked alone, in ARN order, over its own graph. */
function alone(o: Org, transitive: boolean): string {
  const snapshot = loadSnapshot(o.files.map((file) => ({ file, text: readFileSync(file, 'utf8') })))
  return shardRoles(snapshot, null)
    .map((role) => {
      const r = whoCanAssume(snapshot, role.arn, { transitive })
      if (!r.ok) throw new Error(role.arn)
      return `${JSON.stringify(whoJson(r.value))}\n`
    })
    .join('')
}

const args = (o: Org, transitive: boolean, ...more: string[]): string[] => ['who-can-assume', '--all', '--snapshot', o.dir, '--format', 'json', '--quiet', ...(transitive ? ['--transitive'] : []), ...more]

describe('who-can-assume --all', () => {
  it('equals each role asked alone, answered by the main thread or by worker threads', async () => {
    for (const [profile, seed, transitive] of [['enterprise', 7, true], ['mixed', 3, true], ['enterprise', 11, false]] as const) {
      const o = org(profile, seed)
      const expected = alone(o, transitive)
      expect(expected.split('\n').length - 1).toBe(90)
      const single = await runCli(...args(o, transitive, '--workers', '1'))
      expect(single.code).toBe(0)
      expect(single.out).toBe(expected)
      // Every chunk answered by one of two worker threads, written by the main thread in order.
      const workers = await runCli(...args(o, transitive, '--workers', '2'))
      expect(workers.code).toBe(0)
      expect(workers.out).toBe(expected)
    }
  }, 120_000)

  it('one line is the object the command prints for that role alone', async () => {
    const o = org('enterprise', 7)
    const all = (await runCli(...args(o, true, '--workers', '1'))).out.split('\n')
    const role = (JSON.parse(all[5] as string) as { role: string }).role
    const one = await runCli('who-can-assume', role, '--snapshot', o.dir, '--format', 'json', '--transitive')
    expect(one.out).toBe(`${all[5]}\n`)
  }, 60_000)

  it('merged shards equal one run, for any number of shards', async () => {
    const o = org('enterprise', 7)
    const whole = (await runCli(...args(o, true, '--workers', '1'))).out
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 7 }), fc.boolean(), async (count, reversed) => {
        const files: string[] = []
        for (let i = 1; i <= count; i++) {
          const r = await runCli(...args(o, true, '--shard', `${i}/${count}`, '--workers', '1'))
          expect(r.code).toBe(0)
          const file = join(root, `shard-${count}-${i}.jsonl`)
          writeFileSync(file, r.out)
          files.push(file)
        }
        const merged = await runCli('merge', ...(reversed ? files.reverse() : files))
        expect(merged.err).toBe('')
        expect(merged.code).toBe(0)
        expect(merged.out).toBe(whole)
      }),
      { numRuns: 6 },
    )
  }, 180_000)

  it('a merge refuses a missing, repeated or foreign shard, and a shard cut short', async () => {
    const o = org('enterprise', 7)
    const shard = async (spec: string, ...more: string[]): Promise<string> => {
      const file = join(root, `refuse-${spec.replace('/', '-')}-${more.join('')}.jsonl`)
      writeFileSync(file, (await runCli(...args(o, true, '--shard', spec, '--workers', '1', ...more))).out)
      return file
    }
    const [a, b, c] = [await shard('1/3'), await shard('2/3'), await shard('3/3')]
    const refused = async (files: string[], message: RegExp): Promise<void> => {
      const r = await runCli('merge', ...files)
      expect(r.code).toBe(1)
      expect(r.err).toMatch(message)
      expect(r.out).toBe('')
    }
    await refused([a, c], /missing shard\(s\) 2\/3/)
    await refused([a, b, b, c], /given twice/)
    await refused([a, await shard('2/3', '--max-depth', '2'), c], /other options/)
    const foreign = join(root, 'foreign.jsonl')
    writeFileSync(foreign, (await runCli(...args(org('enterprise', 8), true, '--shard', '3/3', '--workers', '1'))).out)
    await refused([a, b, foreign], /another snapshot/)
    const cut = join(root, 'cut.jsonl')
    writeFileSync(cut, readFileSync(b, 'utf8').split('\n').slice(0, 3).join('\n'))
    await refused([a, cut, c], /not the output of --shard/)
    const lines = readFileSync(b, 'utf8').split('\n')
    const dropped = join(root, 'dropped.jsonl')
    writeFileSync(dropped, [...lines.slice(0, 2), ...lines.slice(3)].join('\n'))
    const r = await runCli('merge', a, dropped, c)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/announces/)
  }, 120_000)

  it('rejects what --all cannot do', async () => {
    const o = org('enterprise', 7)
    expect((await runCli('who-can-assume', '--all', 'Admin', '--snapshot', o.dir)).code).toBe(1)
    expect((await runCli('who-can-assume', '--all', '--snapshot', o.dir, '--format', 'mermaid')).code).toBe(1)
    expect((await runCli('who-can-assume', '--all', '--snapshot', o.dir, '--shard', '3/2', '--format', 'json')).code).toBe(1)
    expect((await runCli('who-can-assume', '--all', '--snapshot', o.dir, '--shard', '1/2')).err).toMatch(/--shard needs --format json/)
    expect((await runCli('who-can-assume', 'Admin', '--snapshot', o.dir, '--shard', '1/2')).err).toMatch(/goes with --all/)
  })
})
