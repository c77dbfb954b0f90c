/**
 * Renders an evaluation for a person reading a terminal: the decision and why in a few lines, and
 * the whole tree on request. Pure functions of the result; nothing is printed here.
 */
import type { CheckTrace, Decision, DecisionStep, LayerTrace, StatementRef, StatementTrace, Trace, Tri } from './types.js'

/**
 * How much of the trace to show.
 *
 * @example
 * renderText(result, 'full') // every layer, policy, statement and check
 */
export type TraceView = 'decisive' | 'fails' | 'full'

/**
 * What the renderer needs from an evaluation.
 *
 * @example
 * const r: RenderableResult = evaluateCompiled(request, policies, { trace: true })
 * renderText(r)
 */
export interface RenderableResult {
  readonly decision: Decision
  readonly determining: readonly StatementRef[]
  readonly missingContextKeys: readonly string[]
  readonly trace?: Trace
}

const MARK: Readonly<Record<Tri, string>> = { true: '✓', false: '✗', unknown: '?' }

/**
 * Renders a result as text. `decisive` shows the steps and deciding statements; `full` every check.
 * Never throws: a value that is not an evaluation result renders as a line saying so.
 *
 * @example
 * const r = compileScenario(scenario).evaluate(undefined, { trace: true })
 * process.stdout.write(renderText(r, 'fails')) // only the checks that failed
 */
export function renderText(result: RenderableResult, view: TraceView = 'decisive'): string {
  try {
    return render(result, view)
  } catch {
    // INVARIANT: an evaluation result always renders; only other values land here.
    return 'decision: (not an evaluation result)\n'
  }
}

function render(result: RenderableResult, view: TraceView): string {
  const lines: string[] = []
  const t = result.trace
  if (t !== undefined) lines.push(`${t.request.principal} → ${t.request.action} on ${t.request.resource}`)
  lines.push(`decision: ${result.decision}`)
  if (t !== undefined && t.steps.length > 0) {
    lines.push('why:')
    for (const s of t.steps) if (view !== 'fails' || s.outcome === 'fail') lines.push(`  ${stepMark(s)} ${s.message}  [${s.rule}]`)
  }
  if (result.determining.length > 0) {
    lines.push(result.decision === 'explicitDeny' ? 'denied by:' : result.decision === 'allowed' ? 'allowed by:' : 'deciding statements:')
    for (const ref of result.determining) lines.push(`  ${formatRef(ref)}`)
  }
  if (t !== undefined && view === 'decisive' && result.decision === 'implicitDeny') {
    const near = nearMisses(t)
    if (near.length > 0) {
      lines.push('closest statements that did not apply:')
      lines.push(...near)
    }
  }
  if (result.missingContextKeys.length > 0) lines.push(`context keys the conditions needed but the request lacked: ${result.missingContextKeys.join(', ')}`)
  if (t !== undefined && view !== 'decisive') {
    lines.push('layers:')
    for (const layer of t.layers) renderLayer(layer, view, lines)
  } else if (t !== undefined) {
    const undecided = collectUndecided(t)
    if (undecided.length > 0) {
      lines.push('fail-closed notes:')
      for (const note of undecided) lines.push(`  ? ${note}`)
    }
  }
  return `${lines.join('\n')}\n`
}

/**
 * Formats a statement reference: `identity policy "Name" statement #2 (Sid) at /Statement/2`.
 *
 * @example
 * formatRef({ policy: 'ReadOnly', layer: 'identity', index: 2, sid: 'S3', pointer: '/Statement/2' })
 * // 'identity policy "ReadOnly" statement #2 (S3) at /Statement/2'
 */
export function formatRef(ref: StatementRef): string {
  const layer = ref.level !== undefined ? `${ref.layer} level ${ref.level}` : ref.layer === 'resource' ? 'resource-based' : ref.layer
  return `${layer} policy "${ref.policy}" statement #${ref.index}${ref.sid !== undefined ? ` (${ref.sid})` : ''} at ${ref.pointer}`
}

function stepMark(s: DecisionStep): string {
  return s.outcome === 'pass' ? '✓' : s.outcome === 'fail' ? '✗' : '-'
}

function renderLayer(layer: LayerTrace, view: TraceView, lines: string[]): void {
  const level = layer.level !== undefined ? ` level ${layer.level}` : ''
  lines.push(`  ${layer.kind}${level}: ${layer.outcome}${layer.note !== undefined ? ` (${layer.note})` : ''}`)
  for (const policy of layer.policies) {
    lines.push(`    policy "${policy.policy}": ${policy.outcome}`)
    for (const st of policy.statements) {
      if (view === 'fails' && st.applies === 'false' && !st.checks.some((c) => c.kind === 'action' && c.matched)) continue
      renderStatement(st, lines)
    }
  }
}

function renderStatement(st: StatementTrace, lines: string[]): void {
  lines.push(`      ${MARK[st.applies]} #${st.ref.index}${st.ref.sid !== undefined ? ` ${st.ref.sid}` : ''} ${st.effect} ${st.ref.pointer}`)
  for (const c of st.checks) lines.push(`          ${renderCheck(c)}`)
}

function renderCheck(c: CheckTrace): string {
  switch (c.kind) {
    case 'action':
      return `${c.matched ? '✓' : '✗'} ${c.negated ? 'NotAction' : 'Action'} ${c.patterns.join(', ')}`
    case 'resource':
      return `${MARK[c.result]} ${c.negated ? 'NotResource' : 'Resource'} ${c.patterns.join(', ')}${c.note !== undefined ? ` — ${c.note}` : ''}`
    case 'principal':
      return `${MARK[c.result]} ${c.negated ? 'NotPrincipal' : 'Principal'} ${c.values.join(', ')}${c.strength !== undefined ? ` (${c.strength})` : ''}${c.note !== undefined ? ` — ${c.note}` : ''}`
    case 'condition': {
      const got = c.requestValues === undefined ? 'absent' : `[${c.requestValues.map((v) => JSON.stringify(v)).join(', ')}]`
      const want = c.values.map((v) => `${JSON.stringify(v.policyValue)}${v.resolved !== undefined ? `→${JSON.stringify(v.resolved)}` : ''}${v.matched ? '✓' : ''}`).join(', ')
      return `${MARK[c.result]} ${c.operator} ${c.key} ${want} — request ${got}: ${c.reason}${c.note !== undefined ? ` (${c.note})` : ''}`
    }
  }
}

const STEP_LAYER: Readonly<Record<string, LayerTrace['kind']>> = {
  'trust-policy': 'resource',
  'resource-policy': 'resource',
  identity: 'identity',
  boundary: 'boundary',
  session: 'session',
  scp: 'scp',
  rcp: 'rcp',
}

/**
 * For an implicit deny: the Allow statements of the failing layer whose action matched but that did
 * not apply, each with the checks that failed — usually the one line a person needs.
 */
function nearMisses(t: Trace): string[] {
  const failed = t.steps.find((s) => s.outcome === 'fail')
  const kind = failed !== undefined ? STEP_LAYER[failed.rule] : undefined
  if (kind === undefined) return []
  const out: string[] = []
  for (const layer of t.layers) {
    if (layer.kind !== kind) continue
    for (const p of layer.policies)
      for (const st of p.statements) {
        if (st.effect !== 'Allow' || st.applies === 'true' || !st.checks.some((c) => c.kind === 'action' && c.matched)) continue
        out.push(`  ${formatRef(st.ref)}`)
        for (const c of st.checks) if (c.kind !== 'action' && c.result !== 'true') out.push(`      ${renderCheck(c)}`)
      }
  }
  return out
}

/** Notes of every `unknown` (fail-closed) check in a trace. */
function collectUndecided(t: Trace): string[] {
  const out: string[] = []
  for (const layer of t.layers)
    for (const p of layer.policies)
      for (const st of p.statements)
        for (const c of st.checks)
          if (c.kind !== 'action' && c.result === 'unknown' && st.applies === 'unknown') out.push(`${formatRef(st.ref)}: ${c.kind}${c.note !== undefined ? ` — ${c.note}` : ''}`)
  return out
}
