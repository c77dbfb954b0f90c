/**
 * What the playground does with its inputs, as pure functions of their text: recognise each file, then
 * evaluate a scenario (decision, trace, each policy annotated), evaluate an STS call file, lint a policy
 * or template, or build the report of a snapshot. Every problem comes back located (line and column).
 */
import type { Diagnostic } from '../../../diagnostics.js'
import type { EvaluationResult } from '../../../evaluate/evaluate.js'
import { parseJsonText } from '../../../json/readJson.js'
import { isJsonObject } from '../../../json/jsonValue.js'
import { lintSources } from '../../../lint/lintSources.js'
import type { LintReport } from '../../../lint/lintSources.js'
import { compileScenario } from '../../../scenario/compileScenario.js'
import { parseScenario } from '../../../scenario/parseScenario.js'
import type { Scenario } from '../../../scenario/parseScenario.js'
import { scenarioPolicyTraces } from '../../../scenario/policyTraces.js'
import type { ScenarioPolicyTrace } from '../../../scenario/policyTraces.js'
import { evaluateAssumeCallFile } from '../../../sts/evaluateAssumeCall.js'
import { parseAssumeCall } from '../../../sts/parseAssumeCall.js'
import { renderAssumeText } from '../../../sts/renderAssume.js'
import { renderText } from '../../../trace/renderText.js'
import { buildReport } from '../../buildReport.js'
import type { ReportJson, ReportModel } from '../../types.js'

/** One input file of the playground. */
export interface InputFile {
  readonly name: string
  readonly text: string
}

/** What a file is. */
type InputKind = 'empty' | 'invalid-json' | 'scenario' | 'sts-call' | 'policy' | 'snapshot' | 'organization' | 'template' | 'unknown'

/** A problem with a location in the file. */
export interface Located {
  readonly file: string
  readonly code: string
  readonly message: string
  readonly severity: string
  readonly line?: number
  readonly column?: number
  readonly pointer?: string
}

/** The result of recognising one file. */
export interface Recognised {
  readonly kind: InputKind
  /** For `invalid-json`: where the text stops being JSON. */
  readonly error?: Located
}

const SNAPSHOT_KEYS = ['UserDetailList', 'RoleDetailList', 'GroupDetailList', 'Policies']

/** Located form of a diagnostic. */
function located(file: string, d: Diagnostic): Located {
  return {
    file,
    code: d.code,
    message: d.message,
    severity: d.severity,
    ...(d.pointer !== '' ? { pointer: d.pointer } : {}),
    ...(d.position !== undefined ? { line: d.position.line, column: d.position.column } : {}),
  }
}

/**
 * Recognises a file from its content: a scenario (`request` and policies), an STS call file (`api`,
 * `caller` or `calls`), a policy (`Statement`), account authorization details, an organization file,
 * a CloudFormation template or Terraform plan (YAML templates too).
 */
export function recognise(file: InputFile): Recognised {
  if (file.text.trim() === '') return { kind: 'empty' }
  const looksYaml = /\.(ya?ml|template)$/i.test(file.name) || !/^\s*[{[]/.test(file.text)
  const parsed = parseJsonText(file.text)
  if (!parsed.ok) {
    if (looksYaml && /(^|\n)\s*(AWSTemplateFormatVersion|Resources)\s*:/.test(file.text)) return { kind: 'template' }
    return { kind: 'invalid-json', error: located(file.name, parsed.errors[0]) }
  }
  const v = parsed.value.value
  if (!isJsonObject(v)) return { kind: 'unknown' }
  const has = (k: string): boolean => Object.hasOwn(v, k)
  if (has('request') && (has('principalPolicies') || has('resourcePolicies'))) return { kind: 'scenario' }
  if (has('api') || has('calls')) return { kind: 'sts-call' }
  if (has('organization')) return { kind: 'organization' }
  if (SNAPSHOT_KEYS.some(has) || (has('Role') && isJsonObject(v['Role'] ?? null))) return { kind: 'snapshot' }
  if (has('Resources') || has('AWSTemplateFormatVersion') || has('resource_changes') || has('planned_values')) return { kind: 'template' }
  if (has('Statement')) return { kind: 'policy' }
  return { kind: 'unknown' }
}

/** A scenario's outcome: the decision, its explanation and each consulted policy with its trace. */
export interface ScenarioOutcome {
  readonly kind: 'scenario'
  readonly file: string
  readonly scenario: Scenario
  readonly result: EvaluationResult
  readonly why: string
  readonly full: string
  readonly policies: readonly ScenarioPolicyTrace[]
  readonly warnings: readonly Located[]
}

/** What the playground shows. */
export type Outcome =
  | ScenarioOutcome
  | { readonly kind: 'errors'; readonly file: string; readonly what: string; readonly errors: readonly Located[] }
  | { readonly kind: 'sts-call'; readonly file: string; readonly text: string; readonly succeeds: boolean }
  | { readonly kind: 'lint'; readonly file: string; readonly report: LintReport; readonly policy?: ReportJson }
  | { readonly kind: 'snapshot'; readonly model: ReportModel }
  | { readonly kind: 'empty' }
  | { readonly kind: 'unknown'; readonly file: string }

/** Evaluates a scenario file with the trace on. */
function analyseScenario(file: InputFile): Outcome {
  const parsed = parseScenario(file.text, { file: file.name })
  if (!parsed.ok) return { kind: 'errors', file: file.name, what: 'scenario', errors: parsed.errors.map((d) => located(file.name, d)) }
  const result = compileScenario(parsed.value).evaluate(undefined, { trace: true })
  return {
    kind: 'scenario',
    file: file.name,
    scenario: parsed.value,
    result,
    why: renderText(result, 'decisive'),
    full: renderText(result, 'full'),
    policies: scenarioPolicyTraces(parsed.value, result),
    warnings: parsed.diagnostics.map((d) => located(file.name, d)),
  }
}

/** Evaluates an STS call file (`iamtrace assume`). */
function analyseCall(file: InputFile): Outcome {
  const parsed = parseAssumeCall(file.text, { file: file.name })
  if (!parsed.ok) return { kind: 'errors', file: file.name, what: 'STS call file', errors: parsed.errors.map((d) => located(file.name, d)) }
  const result = evaluateAssumeCallFile(parsed.value, { trace: true })
  return { kind: 'sts-call', file: file.name, text: renderAssumeText(result, 'decisive'), succeeds: result.succeeds }
}

/** Lints a policy, template or plan; a policy document is also returned for the annotated view. */
function analyseLint(file: InputFile): Outcome {
  const report = lintSources([{ path: file.name, text: file.text }])
  const json = parseJsonText(file.text)
  const isPolicy = json.ok && isJsonObject(json.value.value) && Object.hasOwn(json.value.value, 'Statement')
  return { kind: 'lint', file: file.name, report, ...(isPolicy && json.ok ? { policy: json.value.value } : {}) }
}

/** The report of every snapshot and organization file among the inputs. */
function analyseSnapshot(files: readonly InputFile[]): Outcome {
  const model = buildReport(
    files.map((f) => ({ file: f.name, text: f.text })),
    { generator: 'iamtrace playground', title: 'Snapshot' },
  )
  return { kind: 'snapshot', model }
}

/**
 * What to show for the inputs: the report when any file is a snapshot (all snapshot and organization
 * files together), otherwise the active file's own result.
 */
export function analyse(files: readonly InputFile[], active: number): Outcome {
  const kinds = files.map(recognise)
  const snapshotFiles = files.filter((_, i) => kinds[i]?.kind === 'snapshot' || kinds[i]?.kind === 'organization')
  const file = files[active] ?? files[0]
  const kind = kinds[active] ?? kinds[0]
  if (file === undefined || kind === undefined) return { kind: 'empty' }
  if (kind.kind === 'invalid-json' && kind.error !== undefined) return { kind: 'errors', file: file.name, what: 'JSON', errors: [kind.error] }
  if (snapshotFiles.length > 0 && (kind.kind === 'snapshot' || kind.kind === 'organization')) return analyseSnapshot(snapshotFiles)
  switch (kind.kind) {
    case 'empty':
      return { kind: 'empty' }
    case 'scenario':
      return analyseScenario(file)
    case 'sts-call':
      return analyseCall(file)
    case 'policy':
    case 'template':
      return analyseLint(file)
    default:
      return { kind: 'unknown', file: file.name }
  }
}
