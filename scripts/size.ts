/**
 * `npm run size`: the two size budgets.
 * - the browser bundle: src/index.ts bundled by esbuild for the browser (ESM, minified), gzipped;
 *   measured for the whole public API and for the evaluation core a page embeds (parse, compile,
 *   evaluate, render), the one the 100 KB budget applies to;
 * - the installed size: the packed tarball installed with its production dependencies (`du`), ≤ 6 MB.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { pack, ROOT } from './pack.js'
import type { Packed } from './pack.js'

/** Budgets, in bytes. */
export const BROWSER_BUDGET = 100 * 1024
export const INSTALLED_BUDGET = 5 * 1024 * 1024

/** The evaluation core a browser page embeds: what the 100 KB budget covers. */
export const CORE_EXPORTS = ['parseScenario', 'compileScenario', 'parsePolicy', 'compilePolicySet', 'evaluate', 'evaluateCompiled', 'renderText'] as const

/** A bundle's code and sizes. */
export interface BundleSize {
  readonly code: string
  readonly bytes: number
  readonly gzipBytes: number
}

/** Bundles `exports` of src/index.ts (all of it when omitted) for the browser: ESM, minified. */
export async function browserBundle(exports?: readonly string[]): Promise<BundleSize> {
  const index = join(ROOT, 'src/index.ts')
  const result = await build({
    ...(exports === undefined
      ? { entryPoints: [index] }
      : { stdin: { contents: `export { ${exports.join(', ')} } from ${JSON.stringify(index)}`, resolveDir: ROOT, loader: 'ts' as const } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'error',
  })
  const code = result.outputFiles[0]?.text ?? ''
  return { code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length }
}

/** Installs a packed tarball with its production dependencies into a new project; returns its directory and size. */
export function installPacked(packed: Packed): { project: string; bytes: number } {
  const project = mkdtempSync(join(tmpdir(), 'iamtrace-install-'))
  writeFileSync(join(project, 'package.json'), '{ "name": "iamtrace-consumer", "private": true, "version": "1.0.0" }\n')
  execFileSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', packed.tarball], { cwd: project, stdio: 'pipe' })
  const du = execFileSync('du', ['-sk', join(project, 'node_modules')], { encoding: 'utf8' })
  return { project, bytes: Number(du.split(/\s/)[0]) * 1024 }
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(2)} MB`

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const core = await browserBundle(CORE_EXPORTS)
  const all = await browserBundle()
  const installed = installPacked(pack())
  const lines = [
    `browser bundle, evaluation core (${CORE_EXPORTS.join(', ')}): ${kb(core.bytes)} minified, ${kb(core.gzipBytes)} gzipped (budget ${kb(BROWSER_BUDGET)})`,
    `browser bundle, whole public API (src/index.ts): ${kb(all.bytes)} minified, ${kb(all.gzipBytes)} gzipped`,
    `installed size of the packed package with production dependencies: ${mb(installed.bytes)} (budget ${mb(INSTALLED_BUDGET)})`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  if (core.gzipBytes > BROWSER_BUDGET || installed.bytes > INSTALLED_BUDGET) process.exitCode = 1
}
