/**
 * The policy as JSON with the evaluation written beside each line: `// ✓ match`, `// ✗ noMatch: request
 * absent`, so a person sees at a glance which element decided. A pure function of the policy and its trace.
 */
import { printPolicy } from '../policy/printPolicy.js'
import type { PrintedJson } from '../policy/printPolicy.js'
import type { Policy } from '../policy/types.js'
import type { CheckTrace, PolicyTrace, Tri } from './types.js'

const MARK: Readonly<Record<Tri, string>> = { true: '✓', false: '✗', unknown: '?' }

/**
 * Renders `policy` (canonical form) annotated with the checks of `trace` (the same policy's trace).
 * Never throws: other values render as a one-line comment saying so.
 *
 * @example
 * const r = compileScenario(scenario).evaluate(undefined, { trace: true })
 * const trace = r.trace?.layers.find((l) => l.kind === 'resource')?.policies[0]
 * if (trace !== undefined && scenario.resourcePolicies.resource !== null) console.log(renderAnnotatedPolicy(scenario.resourcePolicies.resource.policy, trace))
 */
export function renderAnnotatedPolicy(policy: Policy, trace: PolicyTrace): string {
  try {
    return `${annotatedLines(printPolicy(policy), traceNotes(trace))
      .map((l) => (l.note !== undefined ? `${l.text}  // ${l.note}` : l.text))
      .join('\n')}\n`
  } catch {
    // INVARIANT: a parsed policy and its trace always render; only other values land here.
    return '// not a parsed policy with its trace\n'
  }
}

/**
 * The note of each element a policy's trace checked, by its pointer in the canonical document: each
 * starts with ✓ (holds), ✗ (fails) or ? (undecided).
 *
 * @example
 * annotatedLines(printPolicy(policy), traceNotes(policyTrace)).filter((l) => l.note?.startsWith('✗'))
 */
export function traceNotes(trace: PolicyTrace): Map<string, string> {
  const notes = new Map<string, string>()
  for (const st of trace.statements) {
    const base = `/Statement/${st.ref.index}`
    notes.set(base, `${MARK[st.applies]} ${st.effect} statement ${st.applies === 'true' ? 'applies' : st.applies === 'unknown' ? 'undecided (fail closed)' : 'does not apply'}`)
    for (const check of st.checks) {
      const suffix = check.pointer.startsWith(st.ref.pointer) ? check.pointer.slice(st.ref.pointer.length) : ''
      notes.set(`${base}${suffix}`, checkNote(check))
    }
  }
  return notes
}

/** A JSON document to annotate: canonical policies (strings only) or documents as written. */
export type AnnotatedJson = PrintedJson | number | boolean | null | readonly AnnotatedJson[] | { readonly [key: string]: AnnotatedJson }

/** One line of an annotated JSON document: its text, the pointer of the member it opens, and its note. */
export interface AnnotatedLine {
  readonly text: string
  /** JSON pointer of the member the line starts (closing brackets carry their member's pointer). */
  readonly pointer: string
  readonly note?: string
}

/**
 * Pretty-prints a JSON document (two-space indent, short string arrays on one line) and attaches to
 * each member's first line the note its pointer has in `notes`.
 *
 * @example
 * annotatedLines(printPolicy(policy), new Map([['/Statement/0/Principal', 'trusted as a whole']]))
 */
export function annotatedLines(value: AnnotatedJson, notes: ReadonlyMap<string, string>): AnnotatedLine[] {
  const lines: AnnotatedLine[] = []
  emit(value, '', 0, '', notes, lines, false)
  return lines
}

function checkNote(check: CheckTrace): string {
  switch (check.kind) {
    case 'action':
      return check.matched ? '✓ match' : '✗ no match'
    case 'resource':
    case 'principal':
      return `${MARK[check.result]} ${check.result === 'true' ? 'match' : check.result === 'false' ? 'no match' : 'undecided'}${check.note !== undefined ? `: ${check.note}` : ''}`
    case 'condition': {
      const got = check.requestValues === undefined ? 'absent' : check.requestValues.map((v) => JSON.stringify(v)).join(', ')
      return `${MARK[check.result]} ${check.reason}: request ${got}${check.note !== undefined ? ` (${check.note})` : ''}`
    }
  }
}

/** A two-space pretty printer that attaches the note of each member's pointer to the member's first line. */
function emit(value: AnnotatedJson, pointer: string, depth: number, prefix: string, notes: ReadonlyMap<string, string>, lines: AnnotatedLine[], trailingComma: boolean): void {
  const pad = '  '.repeat(depth)
  const comma = trailingComma ? ',' : ''
  const note = notes.get(pointer)
  const line = (text: string): AnnotatedLine => (note !== undefined ? { text, pointer, note } : { text, pointer })
  if (value === null || typeof value !== 'object') {
    lines.push(line(`${pad}${prefix}${JSON.stringify(value)}${comma}`))
    return
  }
  if (Array.isArray(value)) {
    const items = value as readonly AnnotatedJson[]
    if (items.every((v) => typeof v === 'string') && JSON.stringify(items).length < 80) {
      lines.push(line(`${pad}${prefix}${JSON.stringify(items).replace(/","/g, '", "')}${comma}`))
      return
    }
    lines.push(line(`${pad}${prefix}[`))
    items.forEach((item, i) => emit(item, `${pointer}/${i}`, depth + 1, '', notes, lines, i < items.length - 1))
    lines.push({ text: `${pad}]${comma}`, pointer })
    return
  }
  const entries = Object.keys(value).map((k) => [k, (value as Record<string, AnnotatedJson>)[k] as AnnotatedJson] as const)
  lines.push(line(`${pad}${prefix}{`))
  entries.forEach(([key, v], i) => emit(v, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1, `${JSON.stringify(key)}: `, notes, lines, i < entries.length - 1))
  lines.push({ text: `${pad}}${comma}`, pointer })
}
