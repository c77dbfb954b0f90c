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
    return annotate(policy, trace)
  } catch {
    // INVARIANT: a parsed policy and its trace always render; only other values land here.
    return '// not a parsed policy with its trace\n'
  }
}

function annotate(policy: Policy, trace: PolicyTrace): string {
  const notes = new Map<string, string>()
  for (const st of trace.statements) {
    const base = `/Statement/${st.ref.index}`
    notes.set(base, `${MARK[st.applies]} ${st.effect} statement ${st.applies === 'true' ? 'applies' : st.applies === 'unknown' ? 'undecided (fail closed)' : 'does not apply'}`)
    for (const check of st.checks) {
      const suffix = check.pointer.startsWith(st.ref.pointer) ? check.pointer.slice(st.ref.pointer.length) : ''
      notes.set(`${base}${suffix}`, checkNote(check))
    }
  }
  const lines: string[] = []
  emit(printPolicy(policy), '', 0, '', notes, lines, false)
  return `${lines.join('\n')}\n`
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

/** A two-space pretty printer that appends the note of each member's pointer to the member's first line. */
function emit(value: PrintedJson, pointer: string, depth: number, prefix: string, notes: ReadonlyMap<string, string>, lines: string[], trailingComma: boolean): void {
  const pad = '  '.repeat(depth)
  const comma = trailingComma ? ',' : ''
  const note = notes.get(pointer)
  const withNote = (text: string): string => (note !== undefined ? `${text}  // ${note}` : text)
  if (typeof value === 'string') {
    lines.push(withNote(`${pad}${prefix}${JSON.stringify(value)}${comma}`))
    return
  }
  if (Array.isArray(value)) {
    const items = value as readonly PrintedJson[]
    if (items.every((v) => typeof v === 'string') && JSON.stringify(items).length < 80) {
      lines.push(withNote(`${pad}${prefix}${JSON.stringify(items).replace(/","/g, '", "')}${comma}`))
      return
    }
    lines.push(withNote(`${pad}${prefix}[`))
    items.forEach((item, i) => emit(item, `${pointer}/${i}`, depth + 1, '', notes, lines, i < items.length - 1))
    lines.push(`${pad}]${comma}`)
    return
  }
  const entries = Object.keys(value).map((k) => [k, (value as Record<string, PrintedJson>)[k] as PrintedJson] as const)
  lines.push(withNote(`${pad}${prefix}{`))
  entries.forEach(([key, v], i) => emit(v, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1, `${JSON.stringify(key)}: `, notes, lines, i < entries.length - 1))
  lines.push(`${pad}}${comma}`)
}
