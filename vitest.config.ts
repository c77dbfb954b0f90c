import { defineConfig } from 'vitest/config'

// Property tests run IAMTRACE_PROPERTY_RUNS cases each: allow them time in proportion.
const runs = Number(process.env['IAMTRACE_PROPERTY_RUNS'])
const perRunMs = 60

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: Math.max(60_000, Number.isInteger(runs) && runs > 0 ? runs * perRunMs : 0),
    hookTimeout: 120_000,
  },
})
