/**
 * `iamtrace report --snapshot ... -o FILE.html`: one self-contained HTML page of a snapshot (trust graph,
 * who can assume each role, lint findings, gaps). A snapshot with problems still gets a page that shows
 * them. Exit 0 written, 1 an input error (or nothing could be read: the page is still written).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { brotliDecompressSync } from 'node:zlib'
import { diagnostic } from '../../diagnostics.js'
import { buildReport } from '../../report/buildReport.js'
import { renderReportHtml } from '../../report/html.js'
import type { PageAssets } from '../../report/html.js'
import type { ReportGap } from '../../report/types.js'
import type { SnapshotInput } from '../../snapshot/types.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, flag, flagList, UsageError } from '../args.js'
import { expandPaths } from '../files.js'
import type { Io } from '../io.js'
import { describeMissing } from '../io.js'
import { progressReporter, readContext, readDepth } from './graph.js'
import { loadConfig } from './lint.js'

const VERSION = '0.1.0'

/** Help text of `iamtrace report`. */
export const reportHelp = `usage: iamtrace report --snapshot FILE|DIR... -o FILE.html [--title TEXT] [--context KEY=VALUE]...
                      [--max-depth N] [--max-chains N] [--max-paths N] [--no-escalations]
                      [--config FILE] [--format html|json]

Writes one self-contained HTML page of a snapshot: summary, trust graph, every role with who can
assume it, privilege-escalation paths to an administrator, lint findings and problems reading the
snapshot. The page uses no network.
  -o, --output  the page to write (- for stdout)
  --title       the page title (default: names the organization or accounts)
  --max-depth   longest chain of roles, in hops (default 5)
  --max-chains  chains listed per role besides direct access (default 50; 0 for none)
  --max-paths   shortest escalation paths listed per principal (default 3), as iamtrace escalations
  --no-escalations  leave the escalation analysis out (the page says it was not analysed)
  --config      lint configuration (default .iamtrace.json); the snapshot's accounts and
                organizations are always in the zone of trust
  --format      html (default), or json: the report model the page draws
Exit codes: 0 written, 1 an input error (a page is still written when only the snapshot's content is bad).`

/**
 * The page's script and style, brotli-compressed by scripts/build-ui.ts, beside the CLI
 * bundle in the package (tsup copies it) or in src/generated when running from the sources.
 */
function pageAssets(): PageAssets {
  const candidates = [new URL('./report-assets.br', import.meta.url), new URL('../../generated/report-assets.br', import.meta.url)].map((u) => fileURLToPath(u))
  const file = candidates.find((f) => existsSync(f))
  if (file === undefined) throw new Error(`the report page assets are missing (looked for ${candidates.join(', ')}); run npm run build:report`)
  // The style, a NUL, the script (scripts/build-ui.ts packReportAssets).
  const text = brotliDecompressSync(readFileSync(file)).toString('utf8')
  const cut = text.indexOf('\u0000')
  return { style: text.slice(0, cut), script: text.slice(cut + 1) }
}

const sha256Base64 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64')

function readCount(args: ParsedArgs, name: string, fallback: string, min: number): number {
  const raw = flag(args, name, fallback) as string
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, not \`${raw}\``)
  return n
}

/** Generation time: SOURCE_DATE_EPOCH (reproducible builds) or now, to the second. */
function generationTime(): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH']
  const date = epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date()
  return new Date(Math.floor(date.getTime() / 1000) * 1000)
}

/** Runs `iamtrace report`. */
export function runReport(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['snapshot', 'output', 'title', 'context', 'max-depth', 'max-chains', 'max-paths', 'no-escalations', 'config', 'format'])
  const format = choice(args, 'format', ['html', 'json'] as const, 'html')
  if (args.positionals.length > 0) throw new UsageError(`report takes no positional arguments (\`${args.positionals[0] ?? ''}\`); give the page with -o FILE`)
  const output = flag(args, 'output')
  if (output === undefined) throw new UsageError('-o FILE is required (the page to write; - for stdout)')
  const paths = flagList(args, 'snapshot')
  if (paths.length === 0) throw new UsageError('--snapshot FILE|DIR is required (repeatable)')
  const { files, missing } = expandPaths(paths)
  if (missing.length > 0) throw new UsageError(`cannot read ${describeMissing(missing)}`)
  if (files.length === 0) throw new UsageError('the snapshot paths hold no .json file')
  const config = loadConfig(args, io)
  if (config === 'error') return 1

  // A file that cannot be read is a gap of the report, not the end of it.
  const problems: ReportGap[] = []
  const inputs: SnapshotInput[] = []
  for (const file of files) {
    try {
      inputs.push({ file, text: readFileSync(file, 'utf8') })
    } catch (error) {
      const d = diagnostic('snapshot.unreadable-file', '', `the file cannot be read: ${error instanceof Error ? error.message : String(error)}`, { file })
      problems.push({ code: d.code, severity: d.severity, message: d.message, file })
    }
  }
  const progress = progressReporter(io)
  const title = flag(args, 'title')
  const time = generationTime()
  const model = buildReport(inputs, {
    generator: `iamtrace ${VERSION}`,
    generatedAt: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    context: readContext(args),
    maxDepth: readDepth(args),
    maxChainsPerRole: readCount(args, 'max-chains', '50', 0),
    inputProblems: problems,
    // Requests are made from the time of the report on, as `iamtrace escalations` assumes by default.
    escalations: flag(args, 'no-escalations') === 'true' ? false : { now: time.getTime(), maxPaths: readCount(args, 'max-paths', '3', 1) },
    ...(title !== undefined ? { title } : {}),
    ...(config !== undefined ? { lintConfig: config } : {}),
    progress: (done, total, what) => progress.tick(what === 'roles' ? `analysing role ${done}/${total}` : `escalations: principal ${done}/${total}`),
  })
  progress.done()
  for (const g of model.gaps) io.err(`${formatGap(g)}\n`)
  const text = format === 'json' ? `${JSON.stringify(model)}\n` : renderReportHtml(model, pageAssets(), sha256Base64)
  if (output === '-') io.out(text)
  else {
    try {
      writeFileSync(output, text)
    } catch (error) {
      io.err(`iamtrace report: cannot write \`${output}\`: ${error instanceof Error ? error.message : String(error)}\n`)
      return 1
    }
    const s = model.summary
    const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`
    io.err(
      `iamtrace report: wrote ${output} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB): ${n(s.accounts, 'account')}, ${n(s.roles, 'role')}, ${n(s.principals, 'principal')}, ${n(s.externalTrusts, 'outside trust')}, ${s.uncertain} uncertain, ${n(s.gaps, 'gap')}, ${n(s.findings, 'finding')}${s.administrators !== null ? `, ${n(s.administrators, 'administrator')}, ${s.escalating ?? 0} escalating to one` : ''}\n`,
    )
  }
  // A run that read no account is not a pass, even though the page (which says so) was written.
  if (model.summary.accounts === 0) {
    io.err('iamtrace report: no account could be read from the snapshot\n')
    return 1
  }
  return 0
}

/** A gap as the other commands print diagnostics: `file:line:column: severity code: message (at pointer)`. */
function formatGap(g: ReportGap): string {
  const where = g.file === undefined ? '<input>' : g.line !== undefined ? `${g.file}:${g.line}:${g.column ?? 1}` : g.file
  return `${where}: ${g.severity} ${g.code}: ${g.message}${g.pointer !== undefined ? ` (at ${g.pointer})` : ''}`
}
