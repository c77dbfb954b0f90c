/**
 * Mutation testing of the evaluator's modules, one folder at a time:
 *   npm run mutate                     # every folder below
 *   npm run mutate -- conditions       # one folder (matching, conditions, compile, request, evaluate)
 * Each folder keeps its own incremental file under reports/mutation/, so a re-run tests only the
 * mutants whose code or covering tests changed. Each folder runs the tests that exercise it (TESTS
 * below); properties run IAMTRACE_PROPERTY_RUNS=50 cases here (override it in the environment). Prints the score per folder and in total; survivors are listed
 * in reports/mutation/<folder>.json and discussed in docs/testing.md.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs'

const FOLDERS = ['matching', 'conditions', 'compile', 'request', 'evaluate'] as const

/** The tests that exercise each folder (and kill its mutants); the corpus reaches every layer rule. */
const TESTS: Readonly<Record<(typeof FOLDERS)[number], readonly string[]>> = {
  matching: ['test/unit/matching/*.test.ts', 'test/property/wildcard.test.ts', 'test/property/pathGlob.test.ts', 'test/security/linearWork.test.ts', 'test/unit/conditions/string.test.ts', 'test/unit/conditions/binaryIpArn.test.ts', 'test/corpus.test.ts'],
  // The condition modules are exercised operator by operator (and against the reference reading) by
  // their unit tests; the corpus, which costs seconds per mutant, is left out, so the score is a lower bound.
  conditions: ['test/unit/conditions/*.test.ts', 'test/unit/policy/conditions.test.ts'],
  compile: ['test/unit/compile/*.test.ts', 'test/unit/evaluate/*.test.ts', 'test/unit/policy/principal.test.ts', 'test/property/wildcard.test.ts', 'test/corpus.test.ts'],
  request: ['test/unit/request/*.test.ts', 'test/unit/evaluate/*.test.ts', 'test/corpus.test.ts'],
  // The authorizer is exercised rule by rule, with its trace steps, by its unit tests; the corpus (every
  // scenario covers nearly every rule, seconds per mutant) and the differential property test (≥ 2,000
  // generated cases per run) are left out, so the score is a lower bound.
  evaluate: ['test/unit/evaluate/*.test.ts', 'test/unit/request/readRequest.test.ts', 'test/property/monotonicity.test.ts'],
}
const chosen = process.argv.slice(2)
const folders = chosen.length > 0 ? chosen : [...FOLDERS]
for (const f of folders) {
  if (!(FOLDERS as readonly string[]).includes(f)) {
    process.stderr.write(`unknown folder ${f}; choose from ${FOLDERS.join(', ')}\n`)
    process.exit(2)
  }
}

interface Report {
  files: Record<string, { mutants: { status: string; mutatorName: string; location: { start: { line: number } }; replacement?: string }[] }>
}

const KILLED = new Set(['Killed', 'Timeout'])
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage'])
let killedAll = 0
let countedAll = 0
const lines: string[] = []
for (const folder of folders) {
  const json = `reports/mutation/${folder}.json`
  // The JSON reporter writes reports/mutation/mutation.json (stryker.config.mjs); keep a copy per folder.
  rmSync('reports/mutation/mutation.json', { force: true })
  const run = spawnSync('npx', ['stryker', 'run', '--mutate', `src/${folder}/**/*.ts`, '--incrementalFile', `reports/mutation/${folder}.incremental.json`], {
    stdio: 'inherit',
    env: { IAMTRACE_PROPERTY_RUNS: '50', IAMTRACE_MUTATE_TESTS: TESTS[folder as (typeof FOLDERS)[number]].join(','), ...process.env },
  })
  if (run.status !== 0 || !existsSync('reports/mutation/mutation.json')) {
    process.stderr.write(`stryker failed on src/${folder}\n`)
    process.exit(1)
  }
  copyFileSync('reports/mutation/mutation.json', json)
  const report = JSON.parse(readFileSync(json, 'utf8')) as Report
  let killed = 0
  let counted = 0
  const survivors: string[] = []
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (!COUNTED.has(m.status)) continue
      counted++
      if (KILLED.has(m.status)) killed++
      else survivors.push(`  ${file}:${m.location.start.line} ${m.mutatorName} ${m.status}${m.replacement !== undefined ? ` → ${m.replacement.replace(/\s+/g, ' ').slice(0, 80)}` : ''}`)
    }
  }
  killedAll += killed
  countedAll += counted
  lines.push(`src/${folder}: ${killed}/${counted} killed, score ${((100 * killed) / Math.max(counted, 1)).toFixed(1)} %`, ...survivors)
}
process.stdout.write(`\nmutation score\n${lines.join('\n')}\ntotal: ${killedAll}/${countedAll} killed, score ${((100 * killedAll) / Math.max(countedAll, 1)).toFixed(1)} %\n`)
