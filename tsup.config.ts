import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from 'tsup'
import type { Plugin } from 'esbuild'

/** `iamtrace report` reads the page's prebuilt script and style from a file beside the CLI bundle. */
const reportAssets: Plugin = {
  name: 'report-assets',
  setup(build) {
    build.onEnd(() => {
      const outdir = build.initialOptions.outdir
      if (outdir === undefined) return
      mkdirSync(outdir, { recursive: true })
      copyFileSync('src/generated/report-assets.br', join(outdir, 'report-assets.br'))
    })
  },
}

export default defineConfig([
  // The library: ESM + CJS with types for both; dependencies stay external (installed with the package).
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts' } },
    sourcemap: false,
    clean: ['index.*'],
    target: 'node20',
    splitting: false,
    treeshake: true,
    // Minified: the installed size stays within budget (bundlers re-minify anyway); the exported names
    // and the .d.ts files are unchanged.
    minify: true,
  },
  // The CLI: one ESM bundle with its dependencies inlined, so that start-up reads one file instead of
  // resolving and compiling hundreds of CommonJS modules (cold start). bin/iamtrace.cjs imports it for
  // every command but `eval`.
  {
    // The worker thread of all-roles runs (`who-can-assume --all`) is its own entry, beside cli.js.
    entry: { cli: 'src/cli/main.ts', 'cli-worker': 'src/cli/roleWorker.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: ['cli.js', 'cli-worker.js', 'chunk-*.js', '*-[A-Z0-9]*.js', 'report-assets.br'],
    esbuildPlugins: [reportAssets],
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    // yaml (large, used by `lint` only, which loads it lazily) stays an installed dependency.
    noExternal: [/^(?!yaml$)/],
    external: ['yaml'],
    // An executable, not a library: minified, it installs smaller and parses faster at start-up.
    minify: true,
    // PERF: no createRequire banner: every bundled dependency is ESM (test/package/packed.test.ts runs
    // the CLI), and each chunk would otherwise build a require function at start-up.
  },
  // `iamtrace eval` alone, as one CommonJS file that bin/iamtrace.cjs requires: no ES module loader
  // and no chunks at start-up (`eval` runs once per file in scripts and CI).
  {
    entry: { 'cli-eval': 'src/cli/evalMain.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    dts: false,
    sourcemap: false,
    clean: ['cli-eval.cjs'],
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    noExternal: [/^(?!yaml$)/],
    external: ['yaml'],
    minify: true,
  },
])
