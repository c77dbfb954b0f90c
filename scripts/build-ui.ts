/**
 * Builds the browser pages from src/report/ui with esbuild:
 * - the report page's script and style, as brotli-compressed JSON in src/generated/report-assets.br, which
 *   `iamtrace report` inlines into every report (tsup copies the file beside the CLI bundle: the installed
 *   package carries the page at a third of its size, and not as base64);
 * - the playground, one self-contained page at docs/playground/index.html (the core bundled in).
 * Both are committed; test/package/ui-assets.test.ts fails when they differ from a fresh build.
 *
 *   npm run build:report       # src/generated/report-assets.br
 *   npm run build:playground   # docs/playground/index.html
 *   node --import tsx scripts/build-ui.ts --check   # exit 1 when either is out of date
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import { build } from 'esbuild'
import type { Plugin } from 'esbuild'
import { renderPage } from '../src/report/html.js'
import type { PageAssets } from '../src/report/html.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const REPORT_ASSETS_FILE = join(ROOT, 'src/generated/report-assets.br')
export const PLAYGROUND_FILE = join(ROOT, 'docs/playground/index.html')

/** Base64 SHA-256, for the pages' Content-Security-Policy. */
export const sha256Base64 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64')

/** The license texts of the npm packages bundled into a page (their licenses ask for the notice to travel with the code). */
function licenseBanner(inputs: readonly string[]): string {
  const packages = new Set<string>()
  for (const input of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (m?.[1] !== undefined) packages.add(m[1])
  }
  const byText = new Map<string, string[]>()
  for (const name of [...packages].sort()) {
    const dir = join(ROOT, 'node_modules', name)
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f))
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license?: string }
    const text = file === undefined ? `${pkg.license ?? 'see package'} license` : readFileSync(join(dir, file), 'utf8').trim()
    ;(byText.get(text) ?? byText.set(text, []).get(text))?.push(`${name}@${pkg.version}`)
  }
  const blocks = [...byText.entries()].map(([text, names]) => `${names.join(', ')}:\n${text}`)
  return `/*! Third-party code bundled in this page:\n\n${blocks.join('\n\n').replace(/\*\//g, '* /')}\n*/\n`
}

/** The JSON files of a snapshot under corpus/snapshots/, sorted. */
function snapshotFiles(name: string): string[] {
  return readdirSync(join(ROOT, 'corpus/snapshots', name)).filter((f) => f.endsWith('.json')).sort().map((f) => `corpus/snapshots/${name}/${f}`)
}

/** The playground's examples: repository files, bundled as text (title, then the files). */
const EXAMPLES: readonly (readonly [string, readonly string[]])[] = [
  ['Scenario: cross-account Admin without MFA', ['corpus/examples/cross-account-admin-needs-mfa.json']],
  ['Scenario: cross-account Admin with MFA', ['corpus/examples/cross-account-admin-with-mfa.json']],
  ['STS call: GitHub Actions assumes a role (OIDC)', ['corpus/assume/github/exact-sub.json']],
  ['Trust policy to lint: GitHub Actions', ['test/fixtures/lint/mixed/github-deploy.trust.json']],
  ['CloudFormation template to lint', ['test/fixtures/lint/mixed/vendor-template.yaml']],
  ['Snapshot: the demo organization (6 files)', snapshotFiles('demo')],
  ['Snapshot: privilege escalation (9 files, with inventories)', snapshotFiles('escalation')],
]

/** `import { EXAMPLES } from 'iamtrace:examples'` in the playground. */
const examplesPlugin: Plugin = {
  name: 'iamtrace-examples',
  setup(b) {
    b.onResolve({ filter: /^iamtrace:examples$/ }, () => ({ path: 'examples', namespace: 'iamtrace-examples' }))
    b.onLoad({ filter: /.*/, namespace: 'iamtrace-examples' }, () => ({
      loader: 'js',
      contents: `export const EXAMPLES = ${JSON.stringify(EXAMPLES.map(([title, files]) => ({ title, files: files.map((f) => ({ name: f.split('/').pop(), text: readFileSync(join(ROOT, f), 'utf8') })) })))}`,
    }))
  },
}

/** Bundles one page entry: minified script (IIFE) and style. */
export async function bundlePage(entry: string): Promise<PageAssets> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    outdir: join(ROOT, 'out'),
    metafile: true,
    plugins: [examplesPlugin],
    logLevel: 'error',
  })
  const script = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? ''
  const style = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? ''
  return { script: `${licenseBanner(Object.keys(result.metafile.inputs))}${script}`, style }
}

/** The report page's assets, as the generated module stores them. */
export async function reportAssets(): Promise<PageAssets> {
  return bundlePage('src/report/ui/report/main.tsx')
}

/** The stored form of the report page's assets: the style, a NUL, the script, brotli-compressed. */
export function packReportAssets(assets: PageAssets): Buffer {
  return brotliCompressSync(Buffer.from(`${assets.style}\u0000${assets.script}`, 'utf8'), { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } })
}

/** The assets in their stored form (the CLI reads them the same way). */
export function unpackReportAssets(bytes: Uint8Array): PageAssets {
  const text = brotliDecompressSync(bytes).toString('utf8')
  const cut = text.indexOf('\u0000')
  return { style: text.slice(0, cut), script: text.slice(cut + 1) }
}

/** The playground page. */
export async function playgroundPage(): Promise<string> {
  const assets = await bundlePage('src/report/ui/playground/main.tsx')
  return renderPage(
    {
      title: 'iamtrace playground',
      assets,
      noscript: 'The iamtrace playground runs the policy engine inside this page with JavaScript; enable JavaScript for this file. Nothing is sent anywhere.',
    },
    sha256Base64,
  )
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const check = args.includes('--check')
  const only = args.find((a) => a === 'report' || a === 'playground')
  let stale = false
  if (only !== 'playground') {
    const assets = await reportAssets()
    // Compare what the file holds, not its bytes: brotli's output may differ between zlib versions.
    const same = existsSync(REPORT_ASSETS_FILE) && JSON.stringify(unpackReportAssets(readFileSync(REPORT_ASSETS_FILE))) === JSON.stringify(assets)
    if (check && !same) {
      process.stderr.write(`${REPORT_ASSETS_FILE} is out of date: run npm run build:report\n`)
      stale = true
    } else if (!check && !same) writeFileSync(REPORT_ASSETS_FILE, packReportAssets(assets))
    if (!check) process.stdout.write(`report assets: script ${(assets.script.length / 1024).toFixed(1)} KB, style ${(assets.style.length / 1024).toFixed(1)} KB → ${REPORT_ASSETS_FILE}\n`)
  }
  if (only !== 'report') {
    const page = await playgroundPage()
    const current = existsSync(PLAYGROUND_FILE) ? readFileSync(PLAYGROUND_FILE, 'utf8') : ''
    if (check && current !== page) {
      process.stderr.write(`${PLAYGROUND_FILE} is out of date: run npm run build:playground\n`)
      stale = true
    } else if (!check) {
      writeFileSync(PLAYGROUND_FILE, page)
      process.stdout.write(`playground: ${(page.length / 1024).toFixed(1)} KB → ${PLAYGROUND_FILE}\n`)
    }
  }
  if (stale) process.exitCode = 1
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
