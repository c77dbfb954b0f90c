/**
 * Privilege escalation on the page: the mark of a principal that is or can become an administrator,
 * its paths hop by hop (technique, actions and the resources they were decided on, who makes the calls,
 * conditions with their statements, uncertain reasons, notes), and the section listing them all with
 * what the analysis lacked.
 */
import { useMemo, useState } from 'preact/hooks'
import type { ReportAccess, ReportEscalationAnalysis, ReportEscalationHop, ReportEscalationPath, ReportModel } from '../../types.js'
import { ACCESS_RANK } from '../graph/displayGraph.js'
import type { EscalationIndex, EscalationStatus } from '../graph/escalationIndex.js'
import { AnswerDetails, Principals, Reasons } from './Entries.js'
import { AccessBadge, count, DetailsRow, NodeChip, plural, ShowAll, useOpenRows } from './format.js'

/** Rows drawn before "show all". */
const PAGE = 100

/** The text of a mark, also used as the graph badge's title. */
export function statusText(s: EscalationStatus): string {
  if (s.kind === 'admin') return `administrator${s.access !== 'allowed' ? ` (${s.access})` : ''}`
  return `can become an administrator: ${s.access}, in ${plural(s.hops, 'hop')}`
}

/** A principal's escalation mark: `admin`, or `→ admin` with the most permissive answer among its paths. */
export function EscalationMark({ status }: { readonly status: EscalationStatus | undefined }) {
  if (status === undefined) return null
  return status.kind === 'admin' ? (
    <span class={`esc-mark esc-admin access-${status.access}`} title={statusText(status)}>
      admin{status.access !== 'allowed' ? ` (${status.access})` : ''}
    </span>
  ) : (
    <span class={`esc-mark esc-escalates access-${status.access}`} title={statusText(status)}>
      → admin: {status.access}
    </span>
  )
}

/** The actions of a hop, one line per action with the resources it was decided on. */
function Actions({ hop }: { readonly hop: ReportEscalationHop }) {
  const by = new Map<string, string[]>()
  for (const [action, resource] of hop.actions) {
    const list = by.get(action) ?? by.set(action, []).get(action) ?? []
    if (!list.includes(resource)) list.push(resource)
  }
  return (
    <ul class="hop-actions">
      {[...by].map(([action, resources]) => (
        <li key={action}>
          <code>{action}</code> on {resources.map((r, i) => (
            <span key={i}>
              {i > 0 && ', '}
              <code class="wrap">{r}</code>
            </span>
          ))}
        </li>
      ))}
    </ul>
  )
}

/** One hop: who obtains what, by which technique. */
function Hop({ model, analysis, hop, onSelect }: { readonly model: ReportModel; readonly analysis: ReportEscalationAnalysis; readonly hop: ReportEscalationHop; readonly onSelect?: (id: number) => void }) {
  const select = onSelect !== undefined ? { onSelect } : {}
  const titles = hop.t.split('+').map((t) => analysis.techniques[t]?.title ?? t)
  const summary = hop.t.split('+').map((t) => analysis.techniques[t]?.summary).filter((s) => s !== undefined).join('; then ')
  return (
    <li class={`hop access-${hop.a}`} data-technique={hop.t}>
      <div class="entry-head">
        <NodeChip model={model} id={hop.from} {...select} /> → {hop.to === 'admin' ? <strong class="esc-target">administrator</strong> : <NodeChip model={model} id={hop.to} {...select} />}
        <code class="technique" title={summary}>
          {hop.t}
        </code>
        <span class="muted">{titles.join(' + ')}</span>
        {hop.by !== undefined && (
          <span class="muted">
            called by <NodeChip model={model} id={hop.by} {...select} />
          </span>
        )}
        {hop.a !== 'allowed' && <AccessBadge access={hop.a} />}
      </div>
      <Actions hop={hop} />
      <AnswerDetails model={model} answer={hop} />
    </li>
  )
}

/** Paths to an administrator, hop by hop. */
function EscalationPaths({ model, analysis, paths, onSelect }: { readonly model: ReportModel; readonly analysis: ReportEscalationAnalysis; readonly paths: readonly ReportEscalationPath[]; readonly onSelect?: (id: number) => void }) {
  return (
    <ul class="entries esc-paths">
      {paths.map((p, i) => (
        <li key={i} class={`entry access-${p.a}`}>
          <div class="entry-head">
            <AccessBadge access={p.a} /> <span class="muted">{plural(p.hops.length, 'hop')}</span>
          </div>
          <ol class="hops">
            {p.hops.map((h, k) => (
              <Hop key={k} model={model} analysis={analysis} hop={h} {...(onSelect !== undefined ? { onSelect } : {})} />
            ))}
          </ol>
          {p.hops.length > 1 && (p.c !== undefined || p.u !== undefined) && (
            <div class="muted small">
              all together: <AnswerDetails model={model} answer={p} />
            </div>
          )}
        </li>
      ))}
    </ul>
  )
}

/** What one principal's escalation answer is, for its details (graph panel, roles table). */
export function NodeEscalation({ model, index, node, onSelect }: { readonly model: ReportModel; readonly index: EscalationIndex; readonly node: number; readonly onSelect?: (id: number) => void }) {
  const analysis = model.escalations
  if (analysis.status !== 'analysed') return null
  const admin = index.admin(node)
  const paths = index.paths(node)
  if (admin === undefined && paths.length === 0) return null
  return (
    <div class="node-escalation">
      <h4>Privilege escalation</h4>
      {admin !== undefined ? (
        <div class={`entry access-${admin.a}`}>
          <AccessBadge access={admin.a} /> <strong>an administrator</strong>: allowed every action on every resource the analysis probes
          <AnswerDetails model={model} answer={admin} />
        </div>
      ) : (
        <>
          <p>
            Can become an administrator ({plural(paths.length, 'shortest path')}
            {paths.length >= analysis.limits.maxPaths ? `, at most ${analysis.limits.maxPaths} listed` : ''}):
          </p>
          <EscalationPaths model={model} analysis={analysis} paths={paths} {...(onSelect !== undefined ? { onSelect } : {})} />
        </>
      )}
    </div>
  )
}

type Filter = 'all' | ReportAccess | 'outside'

/** The escalation section: administrators, who can become one and how, and what the analysis lacked. */
export function Escalations({ model, index, onSelect }: { readonly model: ReportModel; readonly index: EscalationIndex; readonly onSelect: (id: number) => void }) {
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<Filter>('all')
  const [open, toggle] = useOpenRows()
  const [limit, setLimit] = useState(PAGE)
  const [adminLimit, setAdminLimit] = useState(PAGE)
  // Most serious first: allowed before conditional before uncertain, then fewest hops, then by name.
  const principals = useMemo(
    () =>
      index
        .principals()
        .map((p) => ({ p, status: index.status(p) as EscalationStatus, paths: index.paths(p) }))
        .sort((x, y) => ACCESS_RANK[x.status.access] - ACCESS_RANK[y.status.access] || x.status.hops - y.status.hops || (model.nodes[x.p]?.label ?? '').localeCompare(model.nodes[y.p]?.label ?? '')),
    [index, model],
  )
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase()
    return principals.filter(({ p, status }) => {
      const n = model.nodes[p]
      if (q !== '' && !`${n?.label ?? ''} ${n?.ref ?? ''}`.toLowerCase().includes(q)) return false
      return filter === 'all' || (filter === 'outside' ? n?.external === true : status.access === filter)
    })
  }, [principals, query, filter, model])
  const e = model.escalations
  if (e.status !== 'analysed') return <p class="muted">Not analysed: {e.reason}.</p>
  const by = (a: ReportAccess): number => principals.filter((x) => x.status.access === a).length
  const outside = principals.filter((x) => model.nodes[x.p]?.external === true).length
  return (
    <div class="escalations">
      <p>
        <strong>{plural(e.administrators.length, 'administrator')}</strong>; <strong>{plural(principals.length, 'principal')}</strong> can become one
        {outside > 0 && ` (${count(outside)} outside the snapshot)`} by AssumeRole, passing a role to a service, rewriting a trust policy, creating credentials or writing policies — every action decided by the engine with
        the caller&apos;s boundary and SCPs. Up to {e.limits.maxPaths} shortest paths per principal, at most {e.limits.maxDepth} hops
        {e.at !== null ? `; requests made from ${e.at} on` : ''}.
      </p>
      {!e.complete && (
        <div class="warn esc-gaps" role="alert">
          The escalation analysis lacked inputs: answers that depend on them are <AccessBadge access="uncertain" /> or may be missing (a principal with no path listed may still escalate through what is not
          shown).
          <Reasons reasons={e.gaps} />
        </div>
      )}
      <h3>Principals that can become an administrator</h3>
      {principals.length === 0 ? (
        <p class="muted">{e.complete ? 'No principal can become an administrator.' : 'None found in what the snapshot shows (see above for what it lacks).'}</p>
      ) : (
        <>
          <div class="table-tools">
            <input type="search" placeholder="Filter principals…" aria-label="filter escalating principals" value={query} onInput={(ev) => setQuery((ev.target as HTMLInputElement).value)} />
            {(['all', 'allowed', 'conditional', 'uncertain', 'outside'] as const).map((f) => (
              <label key={f} class="radio">
                <input type="radio" name="escalation-filter" checked={filter === f} onChange={() => setFilter(f)} />
                {f === 'outside' ? 'outside the snapshot' : f} ({f === 'all' ? principals.length : f === 'outside' ? outside : by(f)})
              </label>
            ))}
          </div>
          <table class="escalations-table">
            <thead>
              <tr>
                <th>Principal</th>
                <th>Answer</th>
                <th>Paths</th>
                <th>Techniques</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, limit).map(({ p, status, paths }) => {
                const isOpen = open.has(p)
                const techniques = [...new Set(paths.flatMap((x) => x.hops.map((h) => h.t)))]
                return [
                  <tr key={p} class={`esc-row${isOpen ? ' open' : ''}`} data-principal={model.nodes[p]?.ref} onClick={() => toggle(p)}>
                    <td>
                      <span class="caret">{isOpen ? '▾' : '▸'}</span> <Principals model={model} ids={[p]} onSelect={onSelect} />
                    </td>
                    <td>
                      <AccessBadge access={status.access} />
                    </td>
                    <td>
                      {paths.length === 1 ? plural(status.hops, 'hop') : `${paths.length} paths, shortest ${plural(status.hops, 'hop')}`}
                      {paths.some((x) => x.a !== status.access) && (
                        <div class="muted small">{(['allowed', 'conditional', 'uncertain'] as const).map((a) => [a, paths.filter((x) => x.a === a).length] as const).filter(([, n]) => n > 0).map(([a, n]) => `${n} ${a}`).join(', ')}</div>
                      )}
                    </td>
                    <td>
                      {techniques.map((t) => (
                        <code key={t} class="technique" title={t.split('+').map((x) => e.techniques[x]?.summary ?? x).join('; then ')}>
                          {t}
                        </code>
                      ))}
                    </td>
                  </tr>,
                  isOpen ? (
                    <DetailsRow key={`${p}-paths`} span={4}>
                      <EscalationPaths model={model} analysis={e} paths={paths} onSelect={onSelect} />
                    </DetailsRow>
                  ) : null,
                ]
              })}
            </tbody>
          </table>
          <ShowAll shown={limit} total={rows.length} what="principals" onAll={() => setLimit(rows.length)} />
        </>
      )}
      <h3>Administrators</h3>
      {e.administrators.length === 0 ? (
        <p class="muted">No principal is allowed every probe action on every probe resource.</p>
      ) : (
        <ul class="entries admins">
          {e.administrators.slice(0, adminLimit).map((a) => (
            <li key={a.p} class={`entry access-${a.a}`}>
              <div class="entry-head">
                <AccessBadge access={a.a} /> <Principals model={model} ids={[a.p]} onSelect={onSelect} />
              </div>
              <AnswerDetails model={model} answer={a} />
            </li>
          ))}
        </ul>
      )}
      <ShowAll shown={adminLimit} total={e.administrators.length} what="administrators" onAll={() => setAdminLimit(e.administrators.length)} />
      {Object.keys(e.techniques).length > 0 && (
        <details class="techniques">
          <summary>Techniques these paths use</summary>
          <dl>
            {Object.entries(e.techniques).map(([id, t]) => (
              <div key={id}>
                <dt>
                  <code>{id}</code> {t.title}
                </dt>
                <dd>
                  {t.summary}.{' '}
                  {t.sources.map((s, i) => (
                    <a key={s} href={s} rel="noreferrer noopener" target="_blank">
                      [{i + 1}]
                    </a>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </div>
  )
}
