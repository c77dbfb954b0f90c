/**
 * The tests that mutation testing runs: the in-process tests of the evaluator's modules (tests that
 * spawn the CLI, pack the package or bundle for browsers could never see a mutant, which lives only in
 * the test process). scripts/mutate.ts narrows them per folder with IAMTRACE_MUTATE_TESTS (a comma-
 * separated list of globs): the tests that exercise that folder, so each mutant costs seconds.
 */
import { defineConfig } from 'vitest/config'

const chosen = process.env['IAMTRACE_MUTATE_TESTS']

export default defineConfig({
  test: {
    include: chosen !== undefined && chosen !== '' ? chosen.split(',') : ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/security/**/*.test.ts', 'test/corpus.test.ts'],
    exclude: ['test/security/cli.test.ts', 'test/security/noCodegen.test.ts', 'test/security/noClock.test.ts', 'test/unit/lint/**', 'test/unit/graph/**'],
    setupFiles: ['test/helpers/mutateSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
