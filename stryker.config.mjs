/**
 * Mutation testing of the evaluator's modules (`npm run mutate`; see docs/testing.md). Each folder is
 * run on its own by scripts/mutate.ts, with its own incremental file, so a re-run only tests the
 * mutants whose code or covering tests changed; per-test coverage runs only the tests that reach a
 * mutant.
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  incremental: true,
  // One test process: the machine is small and shared.
  concurrency: 1,
  timeoutMS: 20_000,
  // The first run records which tests cover which code; the machine may be shared, so allow time.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
  ignoreStatic: true,
}
