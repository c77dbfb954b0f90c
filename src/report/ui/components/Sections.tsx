/**
 * The report's other sections: summary, lint findings, input problems, accounts, and the panel
 * describing the node selected in the graph.
 */
import type { ComponentChildren } from 'preact'
import { useMemo, useState } from 'preact/hooks'
import type { ReportModel } from '../../types.js'
import type { ChainIndex } from '../graph/chains.js'
import type { EscalationIndex } from '../graph/escalationIndex.js'
import { Entries, Principals, Reasons } from './Entries.js'
import { EscalationMark, NodeEscalation } from './Escalations.js'
import { AccessBadge, count, kindTag, Location, plural, SeverityBadge, severityRank, ShowAll } from './format.js'

/** A plain table: a header row and rows of cells. */
function Table({ cls, head, rows }: { readonly cls: string; readonly head: readonly string[]; readonly rows: readonly (readonly ComponentChildren[])[] }) {
  return (
    <table class={cls}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, i) => (
          <tr key={i}>
            {cells.map((c, k) => (
              <td key={k}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

type Card = [key: string, n: number, label: string, href: string]

/** The escalation counts, each saying how many of its answers are uncertain. */
function escalationCards(model: ReportModel): Card[] {
  const e = model.escalations
  if (e.status !== 'analysed') return []
  const principals = new Map<number, boolean>()
  for (const p of e.paths) principals.set(p.p, (principals.get(p.p) ?? true) && p.a === 'uncertain')
  const undecided = [...principals.values()].filter((u) => u).length
  const uncertainAdmins = e.administrators.filter((a) => a.a === 'uncertain').length
  const extra = (n: number): string => (n > 0 ? ` (${count(n)} uncertain)` : '')
  return [
    ['escalating', principals.size, `principals that can become an administrator${extra(undecided)}${e.complete ? '' : '; inputs missing'}`, '#escalations'],
    ['administrators', e.administrators.length, `administrators${extra(uncertainAdmins)}`, '#escalations'],
  ]
}

/** The counts at the top of the page. */
export function Summary({ model }: { readonly model: ReportModel }) {
  const s = model.summary
  const cards: Card[] = [
    ['accounts', s.accounts, 'accounts', '#accounts'],
    ['roles', s.roles, 'roles', '#roles'],
    ['principals', s.principals, `principals (${s.users} users, ${s.roles} roles)`, '#roles'],
    ['external', s.externalPrincipals, `outside principals with access (${plural(s.externalTrusts, 'trust')})`, '#roles'],
    ['uncertain', s.uncertain, 'uncertain answers', '#roles'],
    ['gaps', s.gaps, 'snapshot gaps', '#gaps'],
    ['findings', s.findings, 'lint findings', '#findings'],
    ...escalationCards(model),
  ]
  return (
    <div class="summary">
      {cards.map(([key, n, label, href]) => (
        <a key={key} class={`card card-${key}${n > 0 && (key === 'uncertain' || key === 'gaps' || key === 'escalating') ? ' alert' : ''}`} href={href} data-summary={key}>
          <span class="n">{count(n)}</span>
          <span class="label">{label}</span>
        </a>
      ))}
    </div>
  )
}

/** Every lint finding, most severe first. */
export function Findings({ model, onSelect }: { readonly model: ReportModel; readonly onSelect: (id: number) => void }) {
  const [severity, setSeverity] = useState('all')
  const [all, setAll] = useState(false)
  const sorted = useMemo(() => [...model.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.file.localeCompare(b.file) || a.line - b.line), [model])
  const severities = [...new Set(sorted.map((f) => f.severity))]
  const matching = sorted.filter((f) => severity === 'all' || f.severity === severity)
  // PERF: the first 200 rows, then all on demand (a large organization has thousands of findings).
  const shown = all ? matching : matching.slice(0, 200)
  if (sorted.length === 0) return <p class="muted">No lint findings.</p>
  return (
    <>
      <div class="table-tools">
        {['all', ...severities].map((s) => (
          <label key={s} class="radio">
            <input type="radio" name="finding-filter" checked={severity === s} onChange={() => setSeverity(s)} />
            {s} ({s === 'all' ? sorted.length : sorted.filter((f) => f.severity === s).length})
          </label>
        ))}
      </div>
      <Table
        cls="findings-table"
        head={['Severity', 'Rule', 'Finding', 'Principal', 'Location']}
        rows={shown.map((f) => [
          <SeverityBadge severity={f.severity} />,
          <code>{f.rule}</code>,
          <>
            {f.message}
            {f.suppressed !== undefined && <span class="muted"> (suppressed: {f.suppressed})</span>}
          </>,
          f.node !== undefined ? <Principals model={model} ids={[f.node]} onSelect={onSelect} /> : <span class="muted">{f.policy}</span>,
          <Location file={f.file} line={f.line} column={f.column} />,
        ])}
      />
      <ShowAll shown={shown.length} total={matching.length} what="findings" onAll={() => setAll(true)} />
    </>
  )
}

/** Problems reading the input: what the answers may be missing. */
export function Gaps({ model, onSelect }: { readonly model: ReportModel; readonly onSelect: (id: number) => void }) {
  if (model.gaps.length === 0) return <p class="muted">Every input file was read fully.</p>
  return (
    <>
      <p class="warn">
        Some inputs could not be read fully. Answers that depend on them may be missing or too narrow; iamtrace marks what it could not decide as <AccessBadge access="uncertain" />.
      </p>
      <Table
        cls="gaps-table"
        head={['Severity', 'Code', 'Problem', 'Principal', 'Location']}
        rows={model.gaps.map((g) => [
          <SeverityBadge severity={g.severity} />,
          <code>{g.code}</code>,
          g.message,
          g.node !== undefined && <Principals model={model} ids={[g.node]} onSelect={onSelect} />,
          <>
            <Location file={g.file} line={g.line} column={g.column} />
            {g.line === undefined && g.pointer !== undefined && <code class="loc"> {g.pointer}</code>}
          </>,
        ])}
      />
    </>
  )
}

/** The accounts of the snapshot and its organization. */
export function Accounts({ model }: { readonly model: ReportModel }) {
  return (
    <Table
      cls="accounts-table"
      head={['Account', 'Name', 'Organization path', 'Roles', 'Users', 'Described']}
      rows={model.accounts.map((a) => [
        <>
          <code>{a.id}</code>
          {a.management && <span class="badge sev-info">management</span>}
        </>,
        a.name ?? '',
        <code>{a.orgPath ?? ''}</code>,
        a.roles,
        a.users,
        a.described ? 'yes' : <span class="warn-text">no authorization details</span>,
      ])}
    />
  )
}

/** What the selected node is, who can assume it, and what it reaches. */
export function NodeDetails({ model, chains, escalations, node, onSelect, onOpenRole }: { readonly model: ReportModel; readonly chains: ChainIndex; readonly escalations: EscalationIndex; readonly node: number; readonly onSelect: (id: number) => void; readonly onOpenRole: (id: number) => void }) {
  const n = model.nodes[node]
  const role = useMemo(() => model.roles.find((r) => r.node === node), [model, node])
  const reaches = useMemo(() => {
    const out: { role: number; a: string; via: readonly number[] }[] = []
    for (const r of model.roles) {
      for (const e of r.direct) if (e.p.includes(node)) out.push({ role: r.node, a: e.a, via: [] })
      for (const e of r.chains) if (e.p.includes(node)) out.push({ role: r.node, a: e.a, via: e.v ?? [] })
    }
    return out
  }, [model, node])
  if (n === undefined) return null
  const c = chains.chainsOf(node)
  const tag = kindTag(n)
  return (
    <aside class="node-details" aria-label="selected node">
      <h3>
        {n.label} {tag !== undefined && <span class="kind-mark">{tag}</span>} {n.external === true && <span class="ext-mark">external</span>} <EscalationMark status={escalations.status(node)} />
      </h3>
      <p>
        <code class="wrap">{n.ref}</code>
      </p>
      <NodeEscalation model={model} index={escalations} node={node} onSelect={onSelect} />
      {role !== undefined && (
        <>
          <h4>
            Who can assume it <span class="muted">({plural(new Set([...role.direct, ...role.chains].flatMap((e) => e.p)).size, 'principal')})</span>
          </h4>
          {role.uncertain !== undefined && <Reasons reasons={role.uncertain} />}
          <Entries model={model} entries={role.direct} onSelect={onSelect} />
          {role.chains.length > 0 && <Entries model={model} entries={role.chains} onSelect={onSelect} />}
          <button type="button" class="link" onClick={() => onOpenRole(node)}>
            open in the roles table
          </button>
        </>
      )}
      {reaches.length > 0 && (
        <>
          <h4>Can assume ({plural(new Set(reaches.map((r) => r.role)).size, 'role')})</h4>
          <ul class="entries">
            {reaches.slice(0, 50).map((r, i) => (
              <li key={i}>
                <AccessBadge access={r.a as 'allowed'} /> <Principals model={model} ids={[r.role]} onSelect={onSelect} />
                {r.via.length > 0 && <span class="muted"> via {r.via.map((v) => model.nodes[v]?.label).join(' → ')}</span>}
              </li>
            ))}
          </ul>
          {reaches.length > 50 && <p class="muted">… and {reaches.length - 50} more</p>}
        </>
      )}
      {c.approximate && <p class="warn">Chains were cut at the report limit; the highlight also follows plain reachability.</p>}
      {(n.findings?.length ?? 0) > 0 && (
        <>
          <h4>Lint findings</h4>
          <ul class="findings-list">
            {n.findings?.map((i) => {
              const f = model.findings[i]
              return f === undefined ? null : (
                <li key={i}>
                  <SeverityBadge severity={f.severity} /> {f.message} <Location file={f.file} line={f.line} column={f.column} />
                </li>
              )
            })}
          </ul>
        </>
      )}
      {(n.gaps?.length ?? 0) > 0 && (
        <>
          <h4>Problems reading it</h4>
          <ul class="findings-list">
            {n.gaps?.map((i) => (
              <li key={i}>
                <code>{model.gaps[i]?.code}</code> {model.gaps[i]?.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  )
}
