/**
 * Lints one policy found in an input file and locates each finding in the original file: the policy's
 * findings, one `iac-unresolved-value` note per unresolved value naming the checks it keeps from being
 * decided, and, for CloudFormation `Fn::If` variants, the condition under which a finding applies.
 */
import type { SourcePosition } from '../diagnostics.js'
import type { LintConfig } from './config.js'
import { findingFingerprint } from './fingerprint.js'
import { PLACEHOLDER_OWN_ACCOUNT } from './identity.js'
import { lintDocument } from './lintPolicy.js'
import { UNRESOLVED_RULE } from './registry.js'
import { levelOf } from './severity.js'
import { UNKNOWN_TEXT } from './sources/built.js'
import type { EmbeddedPolicy, UnknownPolicy } from './sources/embedded.js'
import { describeWhen, type Assignment } from './sources/variants.js'
import type { LintFinding } from './types.js'
import { checksPrevented } from './undecidedChecks.js'

/** How many prevented checks a note's message names before "and N more" (JSON has them all). */
const LISTED = 6

/** The fields of a finding, positioned. */
export interface FindingInput {
  readonly file: string
  readonly ruleId: string
  readonly severity: LintFinding['severity']
  readonly message: string
  readonly pointer: string
  readonly position: SourcePosition
  readonly policyName: string
  readonly policyPointer: string
  readonly prevents?: readonly string[]
}

/** Builds a finding with its level and fingerprint. */
export function finding(f: FindingInput): LintFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    level: levelOf(f.severity),
    message: f.message,
    file: f.file,
    pointer: f.pointer,
    line: f.position.line,
    column: f.position.column,
    policyName: f.policyName,
    fingerprint: findingFingerprint({ ruleId: f.ruleId, file: f.file, policyName: f.policyName, pointer: f.policyPointer, message: f.message }),
    ...(f.prevents !== undefined ? { prevents: f.prevents } : {}),
  }
}

const START: SourcePosition = { line: 1, column: 1 }

/** A finding of a variant, before variants of the same place are merged. */
export interface VariantFinding {
  readonly finding: LintFinding
  readonly site: string
  readonly assignments: readonly Assignment[]
  readonly all: readonly Assignment[]
}

/** Lints an embedded policy. Findings of `Fn::If` variants are returned apart, to be merged by {@link mergeVariants}. */
export function lintEmbedded(file: string, policy: EmbeddedPolicy, config: LintConfig | undefined): { findings: LintFinding[]; variants: VariantFinding[] } {
  const undecided: { ruleId: string; pointer: string }[] = []
  const found = lintDocument(policy.input, policy.kind, {
    name: policy.name,
    unknownPointers: policy.unknownPointers,
    onUndecided: (ruleId, pointer) => void undecided.push({ ruleId, pointer }),
    ...(config !== undefined ? { config } : {}),
    ...(policy.ownAccount !== undefined ? { ownAccount: policy.ownAccount } : {}),
  })
  const fileOf = (pointer: string): string => policy.fileOf?.(pointer) ?? file
  const hostPointerOf = (pointer: string): string => policy.mapPointer?.(pointer) ?? policy.hostPointer + pointer
  // The stack's own account has no number in a template: show it as CloudFormation writes it.
  // An unresolved part of a value is shown as such.
  const show = (message: string): string => {
    const own = policy.ownAccount === PLACEHOLDER_OWN_ACCOUNT ? message.split(PLACEHOLDER_OWN_ACCOUNT).join('${AWS::AccountId}') : message
    return own.split(UNKNOWN_TEXT).join('<unresolved>')
  }
  const out: LintFinding[] = found.map((f) => {
    const made = finding({ file: fileOf(f.pointer), ruleId: f.ruleId, severity: f.severity, message: show(f.message), pointer: hostPointerOf(f.pointer), position: policy.locate(f.pointer) ?? START, policyName: policy.name, policyPointer: f.pointer })
    const inSource = policy.inSource?.find((s) => s.rule === f.ruleId || s.rule === '*')
    return inSource === undefined ? made : { ...made, suppressed: { kind: 'inSource' as const, by: 'source' as const, justification: inSource.reason } }
  })
  out.push(...unresolvedNotes(policy, undecided, config, fileOf, hostPointerOf))
  if (policy.variant === undefined) return { findings: out, variants: [] }
  const { site, assignments, all } = policy.variant
  return { findings: [], variants: out.map((f) => ({ finding: f, site, assignments, all })) }
}

/** One note per unresolved value (when some check depends on it), plus undecided checks at known values. */
function unresolvedNotes(
  policy: EmbeddedPolicy,
  undecided: readonly { ruleId: string; pointer: string }[],
  config: LintConfig | undefined,
  fileOf: (pointer: string) => string,
  hostPointerOf: (pointer: string) => string,
): LintFinding[] {
  const out: LintFinding[] = []
  const isUnknown = (p: string): boolean => policy.unknownPointers.has(p)
  const claimed = new Set<number>()
  const seen = new Set<string>()
  for (const note of policy.unresolved ?? []) {
    const prevents = new Set(checksPrevented(policy.input, policy.kind, note.pointer, isUnknown, config))
    undecided.forEach((u, i) => {
      if (u.pointer === note.pointer || u.pointer.startsWith(`${note.pointer}/`) || note.pointer.startsWith(`${u.pointer}/`)) {
        prevents.add(u.ruleId)
        claimed.add(i)
      }
    })
    if (prevents.size === 0) continue
    const key = `${note.file ?? ''}\u0000${note.hostPointer}\u0000${note.what}`
    if (seen.has(key)) continue
    seen.add(key)
    const list = [...prevents].sort()
    const named = list.length > LISTED ? `${list.slice(0, LISTED).join(', ')} and ${list.length - LISTED} more` : list.join(', ')
    const message = `\`${note.what}\` is unresolved (${note.why}); not decided: ${named}`
    out.push(finding({ file: note.file ?? fileOf(note.pointer), ruleId: UNRESOLVED_RULE.id, severity: UNRESOLVED_RULE.severity, message, pointer: note.hostPointer, position: note.position ?? policy.locate(note.pointer) ?? START, policyName: policy.name, policyPointer: note.pointer, prevents: list }))
  }
  undecided.forEach((u, i) => {
    if (claimed.has(i)) return
    const message = `the value at \`${u.pointer}\` is unresolved; \`${u.ruleId}\` could not be decided`
    out.push(finding({ file: fileOf(u.pointer), ruleId: UNRESOLVED_RULE.id, severity: UNRESOLVED_RULE.severity, message, pointer: hostPointerOf(u.pointer), position: policy.locate(u.pointer) ?? START, policyName: policy.name, policyPointer: u.pointer, prevents: [u.ruleId] }))
  })
  return out
}

/** The note for a document that could not be read at all. */
export function unreadDocument(file: string, item: UnknownPolicy): LintFinding {
  // A transform or a module call is not a policy: say what it keeps from being read (the finding's
  // policy name says which one).
  const whole = item.owner?.type === 'Transform' || item.owner?.type === 'module'
  const message = whole ? item.why : `${item.why}; the policy was not linted`
  return finding({ file: item.file ?? file, ruleId: UNRESOLVED_RULE.id, severity: UNRESOLVED_RULE.severity, message, pointer: item.hostPointer, position: item.position ?? START, policyName: item.name, policyPointer: '', prevents: ['*'] })
}

/**
 * Merges the findings of the `Fn::If` variants of each policy location: a finding present in every
 * variant is reported once as is; one present in some is reported once, saying when it applies.
 */
export function mergeVariants(found: readonly VariantFinding[]): LintFinding[] {
  const groups = new Map<string, { first: VariantFinding; assignments: Assignment[] }>()
  for (const v of found) {
    const f = v.finding
    const key = [v.site, f.ruleId, f.file, f.pointer, f.message].join('\u0000')
    const g = groups.get(key)
    if (g === undefined) groups.set(key, { first: v, assignments: [...v.assignments] })
    else g.assignments.push(...v.assignments)
  }
  return [...groups.values()].map(({ first, assignments }) => {
    const when = describeWhen(assignments, first.all)
    if (when === undefined) return first.finding
    const f = first.finding
    const message = `${f.message} (${when})`
    return { ...f, message, fingerprint: findingFingerprint({ ruleId: f.ruleId, file: f.file, policyName: f.policyName ?? '', pointer: f.pointer, message }) }
  })
}
