/**
 * The package as users get it: built and packed into a temporary directory, checked by publint and
 * @arethetypeswrong/cli (ESM and CJS consumers, node10/node16/bundler resolution, types for both),
 * installed with its production dependencies into a new project, imported both ways, and run as
 * `npx iamtrace`. Also the installed-size budget.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { pack, ROOT } from '../../scripts/pack.js'
import type { Packed } from '../../scripts/pack.js'
import { INSTALLED_BUDGET, installPacked } from '../../scripts/size.js'

const BIN = join(ROOT, 'node_modules', '.bin')
let packed: Packed
let project: string
let installedBytes: number
const scenario = join(ROOT, 'bench/scenarios/same-account.json')

beforeAll(() => {
  packed = pack()
  const installed = installPacked(packed)
  project = installed.project
  installedBytes = installed.bytes
}, 600_000)

/** `iamtrace eval` keeps a V8 code cache; the tests keep theirs beside the installed project. */
const codeCache = (): string => join(project, '.iamtrace-cache')

function run(cmd: string, args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, IAMTRACE_COMPILE_CACHE: codeCache() } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

describe('packed package', () => {
  it('ships dist, bin and schemas, and no sources, tests or bench', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['package.json', 'bin/iamtrace.cjs', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.js', 'dist/cli-eval.cjs', 'dist/report-assets.br']))
    expect(packed.files.filter((f) => /^(src|test|bench|scripts|corpus|docs)\//.test(f))).toEqual([])
  })

  it('keeps the evaluator\'s internal types out of the published declarations', () => {
    for (const file of ['dist/index.d.ts', 'dist/index.d.cts']) {
      const dts = readFileSync(join(packed.stage, file), 'utf8')
      for (const name of ['Evaluation', 'Caller', 'BuiltContext', 'PreparedRequest', 'RequestMemo', 'Situation', 'LayerResults', 'UncertainKeys', 'PrincipalFacts', 'CompiledRequestImpl']) {
        expect(dts, `${file} declares ${name}`).not.toMatch(new RegExp(`\\b(interface|type|class) ${name}\\b`))
      }
    }
  })

  it('publint finds nothing (strict)', () => {
    const r = run(join(BIN, 'publint'), ['--strict', packed.stage], ROOT)
    expect(r.stdout + r.stderr).not.toMatch(/^\s*\d+\.\s/m)
    expect(r.status).toBe(0)
  })

  it('@arethetypeswrong/cli finds no problem for any resolution mode', () => {
    const r = run(join(BIN, 'attw'), [packed.tarball, '--format', 'json'], ROOT)
    const report = JSON.parse(r.stdout) as { analysis: { problems: unknown[] } }
    expect(report.analysis.problems).toEqual([])
    expect(r.status).toBe(0)
  })

  it('imports as ESM and evaluates', () => {
    writeFileSync(
      join(project, 'esm.mjs'),
      `import { readFileSync } from 'node:fs'
import { parseScenario, compileScenario, renderText } from 'iamtrace'
const parsed = parseScenario(readFileSync(process.argv[2], 'utf8'))
if (!parsed.ok) throw new Error(parsed.errors[0].code)
const r = compileScenario(parsed.value).evaluate(undefined, { trace: true })
console.log(JSON.stringify({ decision: r.decision, version: r.trace.version, text: renderText(r).length > 0 }))
`,
    )
    const r = run(process.execPath, ['esm.mjs', scenario], project)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({ decision: 'allowed', version: 1, text: true })
  })

  it('requires as CommonJS and evaluates', () => {
    writeFileSync(
      join(project, 'cjs.cjs'),
      `const { readFileSync } = require('node:fs')
const { parseScenario, compileScenario } = require('iamtrace')
const parsed = parseScenario(readFileSync(process.argv[2], 'utf8'))
if (!parsed.ok) throw new Error(parsed.errors[0].code)
console.log(compileScenario(parsed.value).evaluate().decision)
`,
    )
    const r = run(process.execPath, ['cjs.cjs', scenario], project)
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('allowed')
  })

  it('runs `npx iamtrace --help` and `npx iamtrace eval` from the installed package', () => {
    const help = run('npx', ['--no-install', 'iamtrace', '--help'], project)
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/usage: iamtrace <command>/)
    const evaluated = run('npx', ['--no-install', 'iamtrace', 'eval', scenario, '--format', 'json'], project)
    expect(evaluated.status).toBe(0)
    expect((JSON.parse(evaluated.stdout) as { decision: string }).decision).toBe('allowed')
    // the first eval wrote the code cache of the installed bundle; the next answers the same from it
    expect(readdirSync(codeCache())).toEqual([expect.stringMatching(/^cli-eval-\d+-v[\d.]+-\w+\.v8$/)])
    expect(run('npx', ['--no-install', 'iamtrace', 'eval', scenario, '--format', 'json'], project)).toEqual(evaluated)
    // eval starts from its own CommonJS bundle: its lazily loaded parts (--fix, globs) travel with it
    const fixed = run('npx', ['--no-install', 'iamtrace', 'eval', join(ROOT, 'corpus/examples/cross-account-admin-needs-mfa.json'), '--fix'], project)
    expect(fixed.stderr).toBe('')
    expect(fixed.stdout).toMatch(/fixes \(each verified/)
    const globbed = run('npx', ['--no-install', 'iamtrace', 'eval', join(ROOT, 'corpus/examples/*.json'), '--format', 'json'], project)
    expect(globbed.status).toBe(0)
    expect(globbed.stdout.trim().split('\n').length).toBeGreaterThan(1)
    const evalHelp = run('npx', ['--no-install', 'iamtrace', 'eval', '--help'], project)
    expect(evalHelp.stdout).toMatch(/^usage: iamtrace eval/)
    // lint loads yaml, an installed dependency rather than part of the CLI bundle
    const linted = run('npx', ['--no-install', 'iamtrace', 'lint', join(ROOT, 'corpus/snapshots/demo/dev-333333333333.json'), '--format', 'json'], project)
    expect(linted.stderr).not.toMatch(/internal error/)
    expect([0, 3]).toContain(linted.status)
  })

  it('writes a report page with `npx iamtrace report` from the installed package (its page assets travel compressed beside the CLI bundle)', () => {
    const out = join(project, 'demo.html')
    const r = run('npx', ['--no-install', 'iamtrace', 'report', '--snapshot', join(ROOT, 'corpus/snapshots/demo'), '-o', out], project)
    expect(r.stderr).not.toMatch(/internal error/)
    expect(r.status).toBe(0)
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('<script type="application/json" id="iamtrace-report">')
    expect(html).toContain('Third-party code bundled in this page')
  })

  it('the public type declarations use no `any`', () => {
    for (const file of ['dist/index.d.ts', 'dist/index.d.cts']) {
      const code = readFileSync(join(packed.stage, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''")
      expect(code.match(/\bany\b/g) ?? [], file).toEqual([])
    }
  })

  it('loads no part of ajv at run time (only its types are used at build time)', () => {
    const dist = join(project, 'node_modules', 'iamtrace', 'dist')
    const offenders = filesUnder(dist).filter((f) => /\.c?js$/.test(f) && /(from\s*|require\s*\(\s*|import\s*\(\s*)["']ajv/.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })

  it(`installed with its production dependencies it takes at most ${INSTALLED_BUDGET / 1024 / 1024} MB`, () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
    expect(pkg.dependencies?.['ajv'], 'ajv is a build-time tool, not a run-time dependency').toBeUndefined()
    process.stdout.write(`installed size: ${(installedBytes / 1024 / 1024).toFixed(2)} MB\n`)
    expect(installedBytes).toBeLessThanOrEqual(INSTALLED_BUDGET)
  })
})

function duBytes(path: string): number {
  try {
    return Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split(/\s/)[0]) * 1024
  } catch {
    return 0
  }
}
