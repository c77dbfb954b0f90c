/**
 * `iamtrace lint PATH...`: lints policy files, account snapshots, CloudFormation templates and Terraform
 * plans. Exit 0 no finding at or above `--fail-on`, 3 findings, 1 an input error.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, relative } from 'node:path'
import { readBaseline, writeBaseline } from '../../lint/baseline.js'
import { parseLintConfig, type LintConfig } from '../../lint/config.js'
import { lintSources, type LintReport } from '../../lint/lintSources.js'
import { toSarif } from '../../lint/sarif.js'
import { atOrAbove } from '../../lint/severity.js'
import type { LintFinding, LintInputError, LintSource } from '../../lint/types.js'
import type { PolicyKind } from '../../policy/types.js'
import type { ParsedArgs } from '../args.js'
import { checkFlags, choice, flag, UsageError } from '../args.js'
import { expandPaths } from '../files.js'
import { compareWithBase } from './lintDiff.js'
import type { Io } from '../io.js'

const VERSION = '0.1.0'
const EXTENSIONS = ['.json', '.yaml', '.yml', '.template', '.tf']
const KINDS: readonly PolicyKind[] = ['trust', 'identity', 'resource', 'boundary', 'session', 'scp', 'rcp']

/** Help text of `iamtrace lint`. */
export const lintHelp = `usage: iamtrace lint PATH... [--format text|json|sarif] [--fail-on error|warning|note|none]
                     [--kind KIND] [--config FILE] [--baseline FILE] [--write-baseline FILE]
                     [--baseline-ref REF | --diff-base BASE]

Lints IAM policies: policy JSON files, get-account-authorization-details snapshots, CloudFormation
templates (JSON/YAML), Terraform configurations (.tf, each directory read as one module) and plans
(terraform show -json). PATH is a file, a directory or a glob such as 'infra/**/*.json'.
  --format          text (default), json (one object per input) or sarif (SARIF 2.1.0 for code scanning)
  --fail-on         lowest level that fails the run: error (default), warning, note or none
  --kind            kind of plain policy files: ${KINDS.join(', ')} (default: *.trust.json /
                    trust-policy*.json naming, then detection: Principal with sts:Assume* means trust)
  --config          configuration file (default: .iamtrace.json in the working directory)
  --baseline        accept the findings recorded in FILE: only new findings fail the run
  --write-baseline  record today's findings in FILE
  --baseline-ref    also compare each file with its version at git REF (diff-trust-new-access: who can
                    now assume a role, or make a request, that could not before; with a witness request)
  --diff-base       the same, with the base version of PATH given as a file or directory
Exit codes: 0 no finding at or above --fail-on, 3 findings, 1 an input error (a bad config or
baseline, or no input file could be linted). A file that cannot be read is reported and counted; the
other files' findings still decide the exit code.`

/** Reads `--config FILE` (default `.iamtrace.json` when present); problems are printed and give `'error'`. */
export function loadConfig(args: ParsedArgs, io: Io): LintConfig | undefined | 'error' {
  const explicit = flag(args, 'config')
  const file = explicit ?? (existsSync('.iamtrace.json') ? '.iamtrace.json' : undefined)
  if (file === undefined) return undefined
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    io.err(`${file}: error config.not-found: the configuration file cannot be read\n`)
    return 'error'
  }
  const parsed = parseLintConfig(text, file)
  if (parsed.ok) return parsed.value
  for (const e of parsed.errors) io.err(`${formatError(e)}\n`)
  return 'error'
}

function formatError(e: LintInputError): string {
  const where = e.position === undefined ? e.file : `${e.file}:${e.position.line}:${e.position.column}`
  return `${where}: error ${e.code}: ${e.message}${e.pointer !== '' ? ` (at ${e.pointer})` : ''}`
}

/**
 * `file:line:col: level rule [severity]: message`, with the role, policy or resource the finding is
 * about when the file holds more than one policy (snapshots, templates, Terraform).
 */
function formatFinding(f: LintFinding): string {
  const base = f.file.split(/[\\/]/).pop()
  const about = f.policyName !== undefined && f.policyName !== base ? `${f.policyName}: ` : ''
  return `${f.file}:${f.line}:${f.column}: ${f.level} ${f.ruleId} [${f.severity}]: ${about}${f.message}`
}

/** Runs `iamtrace lint` and returns the exit code. */
export function runLint(args: ParsedArgs, io: Io): number {
  checkFlags(args, ['format', 'fail-on', 'kind', 'config', 'baseline', 'write-baseline', 'baseline-ref', 'diff-base'])
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text')
  const failOn = choice(args, 'fail-on', ['error', 'warning', 'note', 'none'] as const, 'error')
  const kindFlag = flag(args, 'kind')
  if (kindFlag !== undefined && !(KINDS as readonly string[]).includes(kindFlag)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, not \`${kindFlag}\``)
  if (args.positionals.length === 0) throw new UsageError('lint needs at least one path')

  const config = loadConfig(args, io)
  if (config === 'error') return 1
  let baseline: ReadonlySet<string> | undefined
  const baselineFile = flag(args, 'baseline')
  if (baselineFile !== undefined) {
    let text = ''
    try {
      text = readFileSync(baselineFile, 'utf8')
    } catch {
      io.err(`${baselineFile}: error baseline.not-found: the baseline file cannot be read\n`)
      return 1
    }
    const read = readBaseline(text, baselineFile)
    if (!read.ok) {
      io.err(`${formatError(read.error)}\n`)
      return 1
    }
    baseline = read.value
  }

  const { files, missing } = expandPaths(args.positionals, EXTENSIONS)
  if (files.length === 0 && missing.length === 0) {
    io.err(`iamtrace lint: no input could be linted: no ${EXTENSIONS.join(', ')} file in ${args.positionals.join(', ')}\n`)
    return 1
  }
  const sources: LintSource[] = []
  const readErrors: LintInputError[] = missing.map((m) => ({ code: m.code, file: m.path, pointer: '', message: m.message }))
  for (const file of files) {
    try {
      // SARIF wants repository-relative URIs: absolute paths are made relative to the working directory.
      sources.push({ path: isAbsolute(file) ? relative(process.cwd(), file) : file, text: readFileSync(file, 'utf8') })
    } catch {
      readErrors.push({ code: 'file.unreadable', file, pointer: '', message: 'the file cannot be read' })
    }
  }
  const linted = lintSources(sources, {
    ...(config !== undefined ? { config } : {}),
    ...(kindFlag !== undefined ? { kind: kindFlag as PolicyKind } : {}),
    ...(baseline !== undefined ? { baseline } : {}),
  })
  const ref = flag(args, 'baseline-ref')
  const base = flag(args, 'diff-base')
  const compared = ref !== undefined || base !== undefined ? compareWithBase(sources, args.positionals, { ...(ref !== undefined ? { ref } : {}), ...(base !== undefined ? { base } : {}) }, EXTENSIONS) : undefined
  const report: LintReport = {
    ...linted,
    findings: [...linted.findings, ...(compared?.findings ?? [])],
    errors: [...readErrors, ...linted.errors, ...(compared?.errors ?? [])],
    unreadable: linted.unreadable + readErrors.length,
  }

  const writeTo = flag(args, 'write-baseline')
  if (writeTo !== undefined) writeFileSync(writeTo, writeBaseline(report.findings))

  const active = report.findings.filter((f) => f.suppressed === undefined)
  if (format === 'sarif') io.out(`${JSON.stringify(toSarif(report, { version: VERSION }), null, 2)}\n`)
  else if (format === 'json') printJson(report, sources, io)
  else printText(report, active, failOn, io)
  if (format !== 'text') for (const e of report.errors) io.err(`${formatError(e)}\n`)

  // A run that linted nothing is not a pass; a bad file among good ones is reported, and counted.
  if (report.files === 0) {
    io.err(`iamtrace lint: no input could be linted (${report.unreadable} file${report.unreadable === 1 ? '' : 's'} not read)\n`)
    return 1
  }
  if (writeTo !== undefined) return 0
  return active.some((f) => atOrAbove(f.level, failOn)) ? 3 : 0
}

function printText(report: LintReport, active: readonly LintFinding[], failOn: string, io: Io): void {
  for (const e of report.errors) io.err(`${formatError(e)}\n`)
  for (const f of active) io.out(`${formatFinding(f)}\n`)
  const count = (level: string): number => active.filter((f) => f.level === level).length
  const suppressed = report.findings.length - active.length
  io.out(
    `${active.length} finding${active.length === 1 ? '' : 's'} (${count('error')} error, ${count('warning')} warning, ${count('note')} note)` +
      `${suppressed > 0 ? `, ${suppressed} suppressed` : ''} in ${report.files} file${report.files === 1 ? '' : 's'} (${report.policies} ${report.policies === 1 ? 'policy' : 'policies'})` +
      `${report.unreadable > 0 ? `; ${report.unreadable} file${report.unreadable === 1 ? '' : 's'} not read` : ''}; fail-on ${failOn}\n`,
  )
}

function printJson(report: LintReport, sources: readonly LintSource[], io: Io): void {
  const files = new Set<string>([...sources.map((s) => s.path), ...report.errors.map((e) => e.file)])
  for (const file of [...files].sort()) {
    const findings = report.findings.filter((f) => f.file === file)
    const errors = report.errors.filter((e) => e.file === file)
    if (findings.length === 0 && errors.length === 0 && !sources.some((s) => s.path === file)) continue
    io.out(`${JSON.stringify({ file, findings, errors })}\n`)
  }
  const active = report.findings.filter((f) => f.suppressed === undefined)
  const count = (level: string): number => active.filter((f) => f.level === level).length
  const summary = { files: report.files, unreadable: report.unreadable, policies: report.policies, findings: active.length, suppressed: report.findings.length - active.length, error: count('error'), warning: count('warning'), note: count('note') }
  io.out(`${JSON.stringify({ summary })}\n`)
}
