/**
 * The roles table: each role with who can assume it (allowed, conditional, uncertain; outside principals
 * marked), its chains, its lint findings and input problems; a row opens the role's details.
 */
import { useMemo, useState } from 'preact/hooks'
import type { ReportAccess, ReportFinding, ReportModel, ReportRole } from '../../types.js'
import { Entries, Principals, Reasons } from './Entries.js'
import { AccessBadge, Location, SeverityBadge, severityRank } from './format.js'
import { PolicyView } from './PolicyView.js'

/** Rows drawn before "show all": a page opens fast whatever the number of roles. */
const PAGE = 100

/** Counts of a role's answers by access, and whether outside principals are among them. */
function roleFacts(model: ReportModel, role: ReportRole): { readonly counts: Readonly<Record<ReportAccess, number>>; readonly external: number; readonly chained: number } {
  const counts: Record<ReportAccess, number> = { allowed: 0, conditional: 0, uncertain: 0 }
  let external = 0
  for (const e of role.direct) {
    counts[e.a] += e.p.length
    external += e.p.filter((p) => model.nodes[p]?.external === true).length
  }
  const chained = new Set(role.chains.flatMap((e) => e.p)).size
  return { counts, external, chained }
}

function findingsOf(model: ReportModel, role: ReportRole): ReportFinding[] {
  return (model.nodes[role.node]?.findings ?? []).map((i) => model.findings[i] as ReportFinding).sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
}

function FindingCounts({ findings }: { readonly findings: readonly ReportFinding[] }) {
  const by = new Map<string, number>()
  for (const f of findings) by.set(f.severity, (by.get(f.severity) ?? 0) + 1)
  return (
    <span class="finding-counts">
      {[...by.entries()]
        .sort((a, b) => severityRank(a[0]) - severityRank(b[0]))
        .map(([s, n]) => (
          <span key={s} class={`badge sev-${s}`}>
            {n} {s}
          </span>
        ))}
    </span>
  )
}

/** The details of one role. */
function RoleDetails({ model, role, onSelect }: { readonly model: ReportModel; readonly role: ReportRole; readonly onSelect: (id: number) => void }) {
  const findings = findingsOf(model, role)
  const gaps = (model.nodes[role.node]?.gaps ?? []).map((i) => model.gaps[i]).filter((g) => g !== undefined)
  const trustNotes = findings.filter((f) => f.policyPointer !== undefined && f.pointer.includes('/AssumeRolePolicyDocument')).map((f) => ({ pointer: f.policyPointer as string, text: `${f.severity} ${f.rule}: ${f.message}`, tone: 'finding' as const }))
  return (
    <div class="role-details">
      <p class="arn">
        <code>{role.arn}</code>
        {role.maxSessionSeconds !== undefined && <span> · sessions up to {role.maxSessionSeconds} s</span>}
        {role.serviceLinked && <span> · service-linked (SCPs and RCPs do not apply)</span>}{' '}
        <button type="button" class="link" onClick={() => onSelect(role.node)}>
          show in graph
        </button>
      </p>
      {role.uncertain !== undefined && (
        <div class="uncertain-box">
          <AccessBadge access="uncertain" /> who can assume this role cannot be decided from the snapshot:
          <Reasons reasons={role.uncertain} />
        </div>
      )}
      <h4>Who can assume it directly</h4>
      {role.direct.length === 0 ? <p class="muted">{role.uncertain !== undefined ? 'unknown (see above)' : 'nobody in or outside the snapshot'}</p> : <Entries model={model} entries={role.direct} onSelect={onSelect} />}
      {(role.chains.length > 0 || role.chainsCut) && (
        <>
          <h4>Through chains of roles</h4>
          <Entries model={model} entries={role.chains} onSelect={onSelect} />
          {role.chainsCut && <p class="warn">The list stops at {model.limits.maxChainsPerRole} chains: more principals may reach this role through other roles.</p>}
        </>
      )}
      {role.denied.length > 0 && (
        <>
          <h4>Named in the trust policy but denied</h4>
          <ul class="entries">
            {role.denied.map((d, i) => (
              <li key={i}>
                <Principals model={model} ids={[d.p]} onSelect={onSelect} /> {d.decision}
              </li>
            ))}
          </ul>
        </>
      )}
      {role.trust !== null && (
        <>
          <h4>Trust policy</h4>
          <PolicyView document={role.trust} notes={trustNotes} />
        </>
      )}
      {findings.length > 0 && (
        <>
          <h4>Lint findings</h4>
          <ul class="findings-list">
            {findings.map((f, i) => (
              <li key={i}>
                <SeverityBadge severity={f.severity} /> <code>{f.rule}</code> {f.message} <Location file={f.file} line={f.line} column={f.column} />
              </li>
            ))}
          </ul>
        </>
      )}
      {gaps.length > 0 && (
        <>
          <h4>Problems reading this role</h4>
          <ul class="findings-list">
            {gaps.map((g, i) => (
              <li key={i}>
                <SeverityBadge severity={g?.severity ?? ''} /> <code>{g?.code}</code> {g?.message} <Location file={g?.file} line={g?.line} column={g?.column} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

type Filter = 'all' | 'external' | 'uncertain' | 'findings' | 'nobody'

/** The table of roles. */
export function RolesTable({ model, selected, onSelect }: { readonly model: ReportModel; readonly selected: number | undefined; readonly onSelect: (id: number) => void }) {
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<Filter>('all')
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set())
  const [limit, setLimit] = useState(PAGE)
  const facts = useMemo(() => model.roles.map((r) => roleFacts(model, r)), [model])
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase()
    return model.roles
      .map((role, i) => ({ role, i, facts: facts[i] as ReturnType<typeof roleFacts> }))
      .filter(({ role, facts: f }) => {
        if (q !== '' && !`${role.name} ${role.arn}`.toLowerCase().includes(q)) return false
        switch (filter) {
          case 'external':
            return f.external > 0
          case 'uncertain':
            return role.uncertain !== undefined || f.counts.uncertain > 0
          case 'findings':
            return (model.nodes[role.node]?.findings?.length ?? 0) > 0
          case 'nobody':
            return role.direct.length === 0
          default:
            return true
        }
      })
  }, [model, facts, query, filter])
  const toggle = (node: number): void => {
    const next = new Set(open)
    if (next.has(node)) next.delete(node)
    else next.add(node)
    setOpen(next)
  }
  return (
    <div class="roles">
      <div class="table-tools">
        <input type="search" placeholder="Filter roles by name or ARN…" aria-label="filter roles" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        {(['all', 'external', 'uncertain', 'findings', 'nobody'] as const).map((f) => (
          <label key={f} class="radio">
            <input type="radio" name="role-filter" checked={filter === f} onChange={() => setFilter(f)} />
            {{ all: 'all', external: 'outside access', uncertain: 'uncertain', findings: 'with findings', nobody: 'nobody can assume' }[f]}
          </label>
        ))}
        <span class="muted">{rows.length} shown</span>
      </div>
      <table class="roles-table">
        <thead>
          <tr>
            <th>Role</th>
            <th>Who can assume it</th>
            <th>Chains</th>
            <th>Findings</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, limit).map(({ role, facts: f }) => {
            const findings = findingsOf(model, role)
            const isOpen = open.has(role.node) || selected === role.node
            return [
              <tr key={role.node} class={`role-row${isOpen ? ' open' : ''}`} data-role={role.arn} onClick={() => toggle(role.node)}>
                <td class="role-name">
                  <span class="caret">{isOpen ? '▾' : '▸'}</span> <strong>{role.name}</strong>
                  <div class="muted small">
                    {role.account}
                    {role.path !== '/' ? ` · ${role.path}` : ''}
                  </div>
                </td>
                <td>
                  <span class="access-counts">
                    {role.uncertain !== undefined && <AccessBadge access="uncertain" />}
                    {(['uncertain', 'conditional', 'allowed'] as const).map((a) =>
                      f.counts[a] > 0 ? (
                        <span key={a} class={`count-badge access-${a}`} title={`${f.counts[a]} ${a}`}>
                          {f.counts[a]} {a}
                        </span>
                      ) : null,
                    )}
                    {f.external > 0 && <span class="ext-mark">{f.external} external</span>}
                    {role.direct.length === 0 && role.uncertain === undefined && <span class="muted">nobody</span>}
                  </span>
                  <div class="row-principals">
                    {role.direct.slice(0, 3).map((e, k) => (
                      <span key={k} class={`access-group access-${e.a}`} title={e.a}>
                        <Principals model={model} ids={e.p.slice(0, 4)} onSelect={onSelect} />
                      </span>
                    ))}
                    {role.direct.length > 3 && <span class="muted small">…</span>}
                  </div>
                </td>
                <td>{f.chained > 0 ? `${f.chained}${role.chainsCut ? '+' : ''}` : ''}</td>
                <td>
                  <FindingCounts findings={findings} />
                </td>
              </tr>,
              isOpen ? (
                <tr key={`${role.node}-details`} class="details-row">
                  <td colSpan={4}>
                    <RoleDetails model={model} role={role} onSelect={onSelect} />
                  </td>
                </tr>
              ) : null,
            ]
          })}
        </tbody>
      </table>
      {rows.length > limit && (
        <button type="button" class="more-rows" onClick={() => setLimit(rows.length)}>
          Show all {rows.length} roles
        </button>
      )}
    </div>
  )
}
