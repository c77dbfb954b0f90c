/**
 * The tests that mutation testing runs: every in-process test of the evaluator's modules. Tests that
 * spawn the CLI, pack the package or bundle for browsers are left out: a mutant lives only in the
 * test process, so they could never kill one.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/security/**/*.test.ts', 'test/corpus.test.ts'],
    exclude: ['test/security/cli.test.ts', 'test/security/timing.test.ts', 'test/security/noCodegen.test.ts', 'test/unit/lint/**', 'test/unit/graph/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
