/**
 * The published JSON schemas (schemas/trace.schema.json, schemas/cli-*.schema.json) describe what the
 * CLI really prints: every command runs through `main()` with a capturing Io on corpus files, and each
 * JSON line it prints must validate.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Ajv } from 'ajv'
import type { ValidateFunction } from 'ajv'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { Io } from '../../src/cli/io.js'

const ROOT = join(import.meta.dirname, '..', '..')
const SCHEMAS = join(ROOT, 'schemas')
const ajv = new Ajv({ allErrors: true, strict: false })
for (const name of readdirSync(SCHEMAS)) if (/^(trace|fix|cli-.*)\.schema\.json$/.test(name)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as object)
const schema = (name: string): ValidateFunction => ajv.getSchema(`https://iamtrace.dev/schemas/${name}`) as ValidateFunction

async function run(argv: readonly string[]): Promise<{ code: number; lines: unknown[] }> {
  let out = ''
  const io: Io = { out: (t) => void (out += t), err: () => undefined, errIsTty: false }
  const code = await main(argv, io)
  const lines = out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown)
  return { code, lines }
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? jsonFiles(p) : n.endsWith('.json') ? [p] : []
  })
}

function expectValid(validate: ValidateFunction, lines: readonly unknown[], label: string): void {
  expect(lines.length, label).toBeGreaterThan(0)
  for (const line of lines) {
    const ok = validate(line)
    expect(ok ? [] : (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''}`), `${label}: ${JSON.stringify(line).slice(0, 200)}`).toEqual([])
  }
}

// Directories of scenario files (others hold snapshots, STS call files or policy documents).
const corpusDirs = readdirSync(join(ROOT, 'corpus')).filter(
  (d) => statSync(join(ROOT, 'corpus', d)).isDirectory() && jsonFiles(join(ROOT, 'corpus', d)).some((f) => /"principalPolicies"\s*:/.test(readFileSync(f, 'utf8'))),
)

describe('trace and CLI output schemas', () => {
  it('every schema compiles', () => {
    for (const name of ['trace', 'fix', 'cli-eval', 'cli-test', 'cli-can', 'cli-who-can-assume', 'cli-lint', 'cli-assume', 'cli-explain', 'cli-escalations', 'cli-diff']) expect(schema(`${name}.schema.json`), name).toBeTypeOf('function')
  })

  it.each(corpusDirs)('eval --format json on corpus/%s matches cli-eval.schema.json (with the full trace)', async (dir) => {
    const { lines } = await run(['eval', '--format', 'json', '--explain', 'full', join(ROOT, 'corpus', dir)])
    expectValid(schema('cli-eval.schema.json'), lines, `eval corpus/${dir}`)
    for (const line of lines) if ((line as { trace?: unknown }).trace !== undefined) expect((line as { trace: { version: number } }).trace.version).toBe(1)
  })

  it('eval --format json on an invalid file and a missing file matches cli-eval.schema.json', async () => {
    const bad = jsonFiles(join(ROOT, 'test')).find((f) => /invalid|malformed/.test(f) && readFileSync(f, 'utf8').includes('"request"'))
    const { lines } = await run(['eval', '--format', 'json', join(ROOT, 'no-such-file.json'), ...(bad !== undefined ? [bad] : [])])
    expectValid(schema('cli-eval.schema.json'), lines, 'eval errors')
  })

  it.each(corpusDirs)('test --format json on corpus/%s matches cli-test.schema.json', async (dir) => {
    const { lines } = await run(['test', '--format', 'json', join(ROOT, 'corpus', dir)])
    expectValid(schema('cli-test.schema.json'), lines, `test corpus/${dir}`)
  })

  const escalation = join(ROOT, 'corpus', 'snapshots', 'escalation')
  it('escalations --format json on the escalation and demo snapshots matches cli-escalations.schema.json', async () => {
    for (const args of [[], ['--to', 'AppRole'], ['--from', 'admin-user'], ['--from', 'sandbox-coder'], ['--from', 'nobody']]) {
      const r = await run(['escalations', '--snapshot', escalation, '--format', 'json', ...args])
      expectValid(schema('cli-escalations.schema.json'), r.lines, `escalations ${args.join(' ')}`)
    }
    const demoRun = await run(['escalations', '--snapshot', join(ROOT, 'corpus', 'snapshots', 'demo'), '--format', 'json'])
    expectValid(schema('cli-escalations.schema.json'), demoRun.lines, 'escalations demo')
  })

  const demo = join(ROOT, 'corpus', 'snapshots', 'demo')
  it.runIf(existsSync(demo))('can and who-can-assume --format json on the demo snapshot match their schemas', async () => {
    const can = await run(['can', 'arn:aws:iam::111111111111:user/alice', 'assume', 'arn:aws:iam::222222222222:role/Admin', '--snapshot', demo, '--format', 'json'])
    expectValid(schema('cli-can.schema.json'), can.lines, 'can')
    // An uncertain answer (exit 4) and an allowed one from an Identity Center session ARN (exit 0).
    const uncertain = await run(['can', 'alice', 'assume', 'LegacyReports', '--snapshot', demo, '--format', 'json'])
    expect(uncertain.code).toBe(4)
    expect(uncertain.lines.map((l) => [(l as { access: string }).access, (l as { complete: boolean }).complete])).toEqual([['uncertain', true]])
    expectValid(schema('cli-can.schema.json'), uncertain.lines, 'can (uncertain)')
    const session = await run(['can', 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com', 'assume', 'SsoOperator', '--snapshot', demo, '--format', 'json'])
    expect(session.code).toBe(0)
    expectValid(schema('cli-can.schema.json'), session.lines, 'can (session)')
    for (const role of ['VendorAccess', 'arn:aws:iam::222222222222:role/Admin', 'LegacyReports', 'SsoOperator']) {
      const who = await run(['who-can-assume', role, '--snapshot', demo, '--format', 'json'])
      expectValid(schema('cli-who-can-assume.schema.json'), who.lines, `who-can-assume ${role}`)
    }
  })

  it.runIf(existsSync(demo))('diff --format json on two snapshots and on two policy files matches cli-diff.schema.json', async () => {
    const same = await run(['diff', '--format', 'json', demo, demo])
    expect(same.code).toBe(0)
    expectValid(schema('cli-diff.schema.json'), same.lines, 'diff (snapshots)')
    const trust = jsonFiles(join(ROOT, 'corpus', 'policies')).filter((f) => /trust/i.test(f)).slice(0, 2)
    if (trust.length === 2) expectValid(schema('cli-diff.schema.json'), (await run(['diff', '--format', 'json', trust[0] as string, trust[1] as string])).lines, 'diff (policies)')
  })

  it.runIf(existsSync(join(ROOT, 'corpus', 'assume')))('assume --format json on corpus/assume matches cli-assume.schema.json', async () => {
    const files = jsonFiles(join(ROOT, 'corpus', 'assume')).map((f) => relative(ROOT, f))
    const { lines } = await run(['assume', '--format', 'json', ...files.map((f) => join(ROOT, f))])
    expectValid(schema('cli-assume.schema.json'), lines, 'assume')
  })

  it.runIf(existsSync(demo) && existsSync(join(ROOT, 'corpus', 'events')))('explain --format json on corpus/events matches cli-explain.schema.json', async () => {
    const { lines } = await run(['explain', '--format', 'json', join(ROOT, 'corpus', 'events'), join(ROOT, 'no-such-event.json'), '--snapshot', demo])
    expectValid(schema('cli-explain.schema.json'), lines, 'explain')
    expect(lines.filter((l) => (l as { event?: unknown }).event !== undefined).length).toBeGreaterThanOrEqual(40)
  })

  it('eval --fix --format json on denied scenarios matches cli-eval.schema.json (with fixes)', async () => {
    const { lines } = await run(['eval', '--fix', '--format', 'json', join(ROOT, 'corpus', 'examples'), join(ROOT, 'corpus', 'layers')])
    expectValid(schema('cli-eval.schema.json'), lines, 'eval --fix')
    expect(lines.some((l) => ((l as { fixes?: unknown[] }).fixes ?? []).length > 0)).toBe(true)
  })

  it('lint --format json on the demo snapshot and the lint fixtures matches cli-lint.schema.json', async () => {
    const inputs = [demo, join(ROOT, 'test', 'fixtures', 'lint')].filter((p) => existsSync(p))
    const { lines } = await run(['lint', '--format', 'json', ...inputs])
    expectValid(schema('cli-lint.schema.json'), lines, 'lint')
  })
})
