/**
 * `explain` for one CloudTrail record: reconstruct the request AWS saw, evaluate it against the
 * snapshot, find what the decision depends on among the values the record does not show, compare with
 * the recorded outcome, and — for a denied request — search the smallest verified fixes.
 */
import type { Diagnostic } from '../diagnostics.js'
import { diagnostic } from '../diagnostics.js'
import type { EvaluationResult } from '../evaluate/evaluate.js'
import { EMPTY_ATTEMPT, searchFixes } from '../fix/searchFixes.js'
import type { Fix, ModelViolation } from '../fix/types.js'
import { err, ok } from '../result.js'
import type { Result } from '../result.js'
import type { Snapshot } from '../snapshot/types.js'
import type { Decision, StatementRef, Trace } from '../trace/types.js'
import { reconstructCaller } from './caller.js'
import { dependence } from './dependence.js'
import type { Dependence } from './dependence.js'
import type { EventModel, EventOutcome, ReconstructedRequest } from './model.js'
import { parseRecord } from './parseRecord.js'
import { located, readEvents } from './readEvents.js'
import { recordContext } from './recordContext.js'
import { readRecordedOutcome } from './recordedOutcome.js'
import type { RecordedOutcome } from './recordedOutcome.js'
import { requestModel } from './requestModel.js'
import { STS_APIS } from './stsParameters.js'
import { stsModel } from './stsModel.js'
import type { CloudTrailRecord, RecordLocation, Unknown } from './types.js'
import { verdict } from './verdict.js'
import type { Blocking, Explanation } from './verdict.js'

/** Options for {@link explainRecord}. */
export interface ExplainOptions {
  /** Search fixes for denied requests (default true). */
  readonly fixes?: boolean
  /** The most fixes per event (default 6). */
  readonly maxFixes?: number
}

/** One action the model decided, with its traced result. */
export interface ExplainedCheck {
  readonly action: string
  readonly resource: string
  readonly result: EvaluationResult
}

/**
 * One event explained.
 *
 * @example
 * const r = explainRecord(record, snapshot)
 * if (r.ok) `${r.value.recorded.outcome} / model ${r.value.decision}: ${r.value.agrees ? 'agrees' : 'disagrees'}`
 */
export interface EventExplanation {
  readonly event: { readonly eventID?: string; readonly eventName: string; readonly eventSource: string; readonly eventTime: string; readonly location: RecordLocation }
  readonly recorded: RecordedOutcome
  readonly request: ReconstructedRequest
  /** The policy decision (every action the call needs combined). */
  readonly decision: Decision
  /** True when the model lets the call through: every action allowed and no request rule broken. */
  readonly succeeds: boolean
  readonly agrees: boolean
  readonly blocking?: Blocking
  readonly failingLayers: readonly string[]
  readonly determining: readonly StatementRef[]
  readonly missingContextKeys: readonly string[]
  readonly violations: readonly ModelViolation[]
  readonly unknowns: readonly Unknown[]
  /** True when some value the record does not show would change the outcome. */
  readonly dependsOnUnknowns: boolean
  readonly explanations: readonly Explanation[]
  readonly checks: readonly ExplainedCheck[]
  /** The trace of the check that blocks (or of the call's main action). */
  readonly trace?: Trace
  readonly notes: readonly string[]
  readonly fixes: readonly Fix[]
}

// Records that are not API calls: console sign-ins (authentication), service events, Insights events.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
const NOT_API_CALLS = new Set(['awsconsolesignin', 'awsserviceevent', 'awscloudtrailinsight'])

function buildModel(record: CloudTrailRecord, snapshot: Snapshot): Result<EventModel, Diagnostic> {
  if ((record.eventType !== undefined && NOT_API_CALLS.has(record.eventType.toLowerCase())) || record.eventSource.toLowerCase() === 'signin.amazonaws.com') {
    return err(located(diagnostic('cloudtrail.unsupported-event', `${record.location.pointer}/eventType`, `\`${record.eventName}\` (${record.eventType ?? record.eventSource}) is not an API call that IAM policies authorize`), record.location))
  }
  const caller = reconstructCaller(record, snapshot)
  if (!caller.ok) return caller
  const base = recordContext(record)
  const sts = record.eventSource.toLowerCase().startsWith('sts.') && STS_APIS.has(record.eventName)
  if (sts && caller.value.kind !== 'service') {
    const needsRole = record.eventName.startsWith('AssumeRole')
    const roleArn = record.requestParameters?.['roleArn']
    if (needsRole && typeof roleArn !== 'string') {
      return err(located(diagnostic('cloudtrail.invalid-record', `${record.location.pointer}/requestParameters/roleArn`, `the ${record.eventName} record has no \`requestParameters.roleArn\``), record.location))
    }
    return ok(stsModel(record, caller.value, snapshot, base))
  }
  return ok(requestModel(record, caller.value, snapshot, base))
}

/** Data unknowns are decisive or not depending on the decision. */
function settle(u: Unknown, outcome: EventOutcome): Unknown {
  const allowed = outcome.allowed
  const failRule = outcome.checks.find((c) => c.result.decision !== 'allowed')?.result.trace?.steps.find((s) => s.outcome === 'fail')?.rule
  switch (u.code) {
    case 'cloudtrail.no-organization':
    case 'cloudtrail.session-policy-unknown':
      return { ...u, decisive: allowed }
    case 'cloudtrail.resource-policy-unknown':
      return { ...u, decisive: allowed || failRule === 'identity' || failRule === 'resource-policy' || failRule === 'key-policy' }
    case 'cloudtrail.resource-unknown': {
      // Only a statement that names resources can tell one resource from another.
      const named = outcome.checks.some((c) => c.result.trace?.layers.some((l) => l.policies.some((p) => p.statements.some((s) => s.checks.some((k) => k.kind === 'resource' && (k.negated || k.patterns.some((x) => x !== '*'))) && s.checks.some((k) => k.kind === 'action' && k.matched)))))
      return { ...u, decisive: named }
    }
    default:
      return u
  }
}

/** Unknown keys: one entry per key family the record leaves, decisive when an atom under it is. */
function keyUnknowns(model: EventModel, dep: Dependence): Unknown[] {
  const out: Unknown[] = []
  const covered = new Set<string>()
  for (const e of model.unknownKeys.entries()) {
    const read = dep.atoms.filter((a) => e.matches(a.key.toLowerCase()))
    for (const a of read) covered.add(a.key.toLowerCase())
    const keys = [...new Set(read.map((a) => a.key))]
    const decisive = read.some((a) => dep.decisiveKeys.has(a.key.toLowerCase()))
    out.push({ code: e.code, key: keys.length === 1 ? (keys[0] as string) : e.key, message: e.message, decisive, assumed: 'absent' })
  }
  for (const a of dep.atoms) {
    const k = a.key.toLowerCase()
    if (covered.has(k)) continue
    covered.add(k)
    out.push({ code: 'cloudtrail.unknown-value', key: a.key, message: model.unknownKey(k) ?? 'the record does not show this key', decisive: dep.decisiveKeys.has(k), assumed: 'absent' })
  }
  return out
}

/**
 * Explains one parsed record against a snapshot. Errors (an identity IAM policies do not authorize, a
 * record without the fields the call needs) are located diagnostics; nothing throws.
 *
 * @example
 * const r = explainRecord(record, snapshot)
 * if (r.ok) r.value.fixes.map((f) => f.description)
 */
export function explainRecord(record: CloudTrailRecord, snapshot: Snapshot, options: ExplainOptions = {}): Result<EventExplanation, Diagnostic> {
  const built = buildModel(record, snapshot)
  if (!built.ok) return built
  const model = built.value
  const baseline = model.run(EMPTY_ATTEMPT, { trace: true })
  const dep = dependence(model, baseline)
  const unknowns = [...model.unknowns.map((u) => settle(u, baseline)), ...keyUnknowns(model, dep)]
  const recorded = readRecordedOutcome(record.errorCode, record.errorMessage)
  const v = verdict(recorded, baseline, dep, unknowns, record.eventTime)
  const blocked = baseline.checks.find((c) => c.result.decision !== 'allowed') ?? baseline.checks[0]
  const fixes = !baseline.allowed && options.fixes !== false ? searchFixes(model, { maxFixes: options.maxFixes ?? 6 }) : []
  const missing = [...new Set(baseline.checks.flatMap((c) => c.result.missingContextKeys))].sort()
  return ok({
    event: {
      ...(record.eventID !== undefined ? { eventID: record.eventID } : {}),
      eventName: record.eventName,
      eventSource: record.eventSource,
      eventTime: record.eventTime,
      location: record.location,
    },
    recorded,
    request: { ...model.request, context: baseline.context },
    decision: v.decision,
    succeeds: baseline.allowed,
    agrees: v.agrees,
    ...(v.blocking !== undefined ? { blocking: v.blocking } : {}),
    failingLayers: v.failingLayers,
    determining: blocked?.result.determining ?? [],
    missingContextKeys: missing,
    violations: baseline.violations,
    unknowns,
    dependsOnUnknowns: dep.possible.length > 1 || unknowns.some((u) => u.decisive),
    explanations: v.explanations,
    checks: baseline.checks,
    ...(blocked?.result.trace !== undefined ? { trace: blocked.result.trace } : {}),
    notes: baseline.notes,
    fixes,
  })
}

/** One record of an event file: its explanation, or why it could not be explained. */
export interface ExplainItem {
  readonly location: RecordLocation
  readonly result: Result<EventExplanation, Diagnostic>
}

/**
 * Explains every record of an event file's text (gzip already undone).
 *
 * @example
 * const { items, diagnostics } = explainEvents(text, 'trail.json', snapshot)
 * items.filter((i) => i.result.ok && !i.result.value.agrees).length // events the model does not reproduce
 */
export function explainEvents(text: string, file: string | undefined, snapshot: Snapshot, options: ExplainOptions = {}): { readonly items: readonly ExplainItem[]; readonly diagnostics: readonly Diagnostic[] } {
  const read = readEvents(text, file)
  const items = read.records.map((raw): ExplainItem => {
    const parsed = parseRecord(raw)
    return { location: raw.location, result: parsed.ok ? explainRecord(parsed.value, snapshot, options) : parsed }
  })
  return { items, diagnostics: read.diagnostics }
}
