/**
 * The playground's result pane: a decision with its annotated trace, located errors, lint findings, an
 * STS call's outcome, or the report of a snapshot.
 */
import { traceNotes } from '../../../trace/renderAnnotatedPolicy.js'
import type { LintFinding } from '../../../lint/types.js'
import { printPolicy } from '../../../policy/printPolicy.js'
import { ReportView } from '../components/ReportView.js'
import { SeverityBadge } from '../components/format.js'
import { PolicyView } from '../components/PolicyView.js'
import type { PolicyNote } from '../components/PolicyView.js'
import type { RequestPrincipal } from '../../../request/types.js'
import type { Located, Outcome, ScenarioOutcome } from './analyse.js'

/** Moves the editor to a place in a file. */
export type Locate = (file: string, line: number, column: number) => void

/** A located problem, with a link to its place in the editor. */
function Problem({ p, onLocate, text }: { readonly p: Located; readonly onLocate: Locate; readonly text?: string }) {
  const lineText = text !== undefined && p.line !== undefined ? text.split('\n')[p.line - 1] : undefined
  return (
    <li class="problem" data-code={p.code}>
      <SeverityBadge severity={p.severity} />{' '}
      {p.line !== undefined ? (
        <button type="button" class="link loc-link" onClick={() => onLocate(p.file, p.line as number, p.column ?? 1)}>
          {p.file}:{p.line}:{p.column ?? 1}
        </button>
      ) : (
        <code class="loc">{p.file}</code>
      )}{' '}
      <code>{p.code}</code> {p.message}
      {p.pointer !== undefined && <span class="muted"> (at {p.pointer})</span>}
      {lineText !== undefined && (
        <pre class="excerpt">
          {`${String(p.line).padStart(4)} | ${lineText.slice(0, 200)}\n       ${' '.repeat(Math.max(0, Math.min(200, (p.column ?? 1) - 1)))}^`}
        </pre>
      )}
    </li>
  )
}

function principalText(p: RequestPrincipal): string {
  switch (p.kind) {
    case 'aws':
      return p.arn
    case 'service':
      return `service ${p.service}`
    case 'federated':
      return `federated ${p.provider}`
    case 'anonymous':
      return 'anonymous caller'
  }
}

const DECISION_TEXT: Readonly<Record<string, string>> = { allowed: 'allowed', explicitDeny: 'explicit deny', implicitDeny: 'implicit deny' }

function toneOf(note: string): PolicyNote['tone'] {
  return note.startsWith('✗') ? 'fail' : note.startsWith('?') ? 'unknown' : 'pass'
}

function ScenarioView({ o, onLocate }: { readonly o: ScenarioOutcome; readonly onLocate: Locate }) {
  const r = o.result
  const req = o.scenario.request
  const expected = o.scenario.expect?.decision
  return (
    <div class="scenario-result">
      <div class={`decision decision-${r.decision}`} data-decision={r.decision}>
        <span class="decision-label">decision</span> <strong>{DECISION_TEXT[r.decision] ?? r.decision}</strong>
        {expected !== undefined && (
          <span class={`expect ${expected === r.decision ? 'ok' : 'bad'}`}>
            {expected === r.decision ? `✓ as expected (${expected})` : `✗ expected ${expected}`}
          </span>
        )}
      </div>
      <p class="request">
        <code>{principalText(req.principal)}</code> → <code>{req.action}</code> on <code>{req.resource}</code>
      </p>
      {r.missingContextKeys.length > 0 && (
        <p class="warn">
          Context keys the conditions read but the request lacks: {r.missingContextKeys.map((k) => <code key={k}>{k} </code>)}
        </p>
      )}
      <h3>Why</h3>
      <pre class="why">{o.why}</pre>
      <h3>Each policy, with the result beside each element</h3>
      {o.policies.map((p, i) => {
        const notes = [...traceNotes(p.trace).entries()].map(([pointer, text]) => ({ pointer, text, tone: toneOf(text) }))
        // Policies where something failed or was undecided open by default; the rest (e.g. FullAWSAccess) stay folded.
        const open = notes.some((n) => n.tone !== 'pass') || p.trace.outcome === 'deny'
        return (
          <details key={i} class="annotated-policy" open={open}>
            <summary>
              {p.layer}
              {p.level !== undefined ? ` level ${p.level}` : ''} policy “{p.trace.policy}” <span class={`outcome outcome-${p.trace.outcome}`}>{p.trace.outcome}</span>
            </summary>
            <PolicyView document={printPolicy(p.policy.policy)} notes={notes} />
          </details>
        )
      })}
      <details>
        <summary>Full trace</summary>
        <pre class="why">{o.full}</pre>
      </details>
      {o.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ul class="problems">
            {o.warnings.map((w, i) => (
              <Problem key={i} p={w} onLocate={onLocate} />
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

function findingLocated(f: LintFinding): Located {
  return { file: f.file, code: f.ruleId, message: f.message, severity: f.severity, line: f.line, column: f.column, pointer: f.pointer }
}

/** The result pane. `texts` holds each file's text by name, for excerpts. */
export function Results({ outcome, onLocate, texts }: { readonly outcome: Outcome; readonly onLocate: Locate; readonly texts: ReadonlyMap<string, string> }) {
  switch (outcome.kind) {
    case 'empty':
      return (
        <div class="empty-state">
          <h3>Paste or drop an input</h3>
          <ul>
            <li>a <strong>scenario</strong> (a request and the policies AWS would consult): the decision, why, and each policy annotated;</li>
            <li>an <strong>STS call file</strong>: whether the call succeeds and the session it creates;</li>
            <li>a <strong>policy</strong>, CloudFormation template or Terraform plan: lint findings with their locations;</li>
            <li>the files of a <strong>snapshot</strong> (<code>aws iam get-account-authorization-details</code> per account, an organization file): who can assume each role, the trust graph, findings.</li>
          </ul>
        </div>
      )
    case 'unknown':
      return <div class="banner warn">iamtrace does not recognise {outcome.file}: it is valid JSON but not a scenario, STS call file, policy (no <code>Statement</code>), template, plan or snapshot.</div>
    case 'errors':
      return (
        <div class="errors-result">
          <div class="decision decision-error">
            <strong>
              {outcome.errors.length} error{outcome.errors.length === 1 ? '' : 's'} in the {outcome.what}
            </strong>{' '}
            — nothing was evaluated
          </div>
          <ul class="problems">
            {outcome.errors.map((e, i) => (
              <Problem key={i} p={e} onLocate={onLocate} {...(texts.has(e.file) ? { text: texts.get(e.file) as string } : {})} />
            ))}
          </ul>
        </div>
      )
    case 'scenario':
      return <ScenarioView o={outcome} onLocate={onLocate} />
    case 'sts-call':
      return (
        <div>
          <div class={`decision decision-${outcome.succeeds ? 'allowed' : 'implicitDeny'}`} data-decision={outcome.succeeds ? 'succeeds' : 'fails'}>
            <span class="decision-label">STS call</span> <strong>{outcome.succeeds ? 'succeeds' : 'fails'}</strong>
          </div>
          <pre class="why">{outcome.text}</pre>
        </div>
      )
    case 'lint': {
      const { report } = outcome
      const notes = report.findings.map((f) => ({ pointer: f.pointer, text: `${f.severity} ${f.ruleId}: ${f.message}`, tone: 'finding' as const }))
      return (
        <div class="lint-result">
          <div class={`decision ${report.findings.length === 0 && report.errors.length === 0 ? 'decision-allowed' : 'decision-findings'}`} data-findings={report.findings.length}>
            <strong>
              {report.findings.length} lint finding{report.findings.length === 1 ? '' : 's'}
            </strong>
            {report.errors.length > 0 && `, ${report.errors.length} input error${report.errors.length === 1 ? '' : 's'}`} in {report.policies} polic{report.policies === 1 ? 'y' : 'ies'}
          </div>
          <ul class="problems">
            {report.errors.map((e, i) => (
              <Problem key={`e${i}`} p={{ file: e.file, code: e.code, message: e.message, severity: 'error', ...(e.position !== undefined ? { line: e.position.line, column: e.position.column } : {}) }} onLocate={onLocate} {...(texts.has(e.file) ? { text: texts.get(e.file) as string } : {})} />
            ))}
            {report.findings.map((f, i) => (
              <Problem key={i} p={findingLocated(f)} onLocate={onLocate} />
            ))}
          </ul>
          {outcome.policy !== undefined && (
            <>
              <h3>The policy, with each finding beside its element</h3>
              <PolicyView document={outcome.policy} notes={notes} />
            </>
          )}
        </div>
      )
    }
    case 'snapshot':
      return <ReportView model={outcome.model} />
  }
}
