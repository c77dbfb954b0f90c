/**
 * The whole report of a snapshot: summary, trust graph with the selected node's details, roles,
 * findings, gaps, escalations and accounts. Used by the report page and by the playground.
 */
import { useMemo, useState } from 'preact/hooks'
import type { ReportModel } from '../../types.js'
import { ChainIndex } from '../graph/chains.js'
import { EscalationIndex } from '../graph/escalationIndex.js'
import { rawEdges } from '../graph/displayGraph.js'
import { Section } from './format.js'
import { GraphView } from './GraphView.js'
import { RolesTable } from './RolesTable.js'
import { Escalations } from './Escalations.js'
import { Accounts, Findings, Gaps, NodeDetails, Summary } from './Sections.js'

/** Renders a report model. */
export function ReportView({ model }: { readonly model: ReportModel }) {
  const edges = useMemo(() => rawEdges(model), [model])
  const chains = useMemo(() => new ChainIndex(model, edges), [model, edges])
  const escalations = useMemo(() => new EscalationIndex(model), [model])
  const [selected, setSelected] = useState<number | undefined>(undefined)
  const select = (id: number | undefined): void => {
    setSelected(id)
    if (id !== undefined) document.getElementById('graph')?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }
  const openRole = (id: number): void => {
    setSelected(id)
    requestAnimationFrame(() => document.querySelector(`tr.role-row[data-role="${CSS.escape(model.nodes[id]?.ref ?? '')}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' }))
  }
  return (
    <div class="report">
      {!model.complete && (
        <div class="banner warn" role="alert">
          This snapshot is incomplete: {model.summary.gaps} problem{model.summary.gaps === 1 ? '' : 's'} reading it (see <a href="#gaps">gaps</a>). Answers that depend on what is missing may be absent or too
          narrow.
        </div>
      )}
      <Summary model={model} />
      <nav class="toc">
        <a href="#graph">Trust graph</a>
        <a href="#roles">Roles</a>
        <a href="#escalations">Escalations</a>
        <a href="#findings">Findings</a>
        <a href="#gaps">Gaps</a>
        <a href="#accounts">Accounts</a>
      </nav>
      <Section id="graph" title="Trust graph">
        <div class="graph-layout">
          <GraphView model={model} edges={edges} chains={chains} escalations={escalations} selected={selected} onSelect={setSelected} />
          {selected !== undefined ? (
            <NodeDetails model={model} chains={chains} escalations={escalations} node={selected} onSelect={setSelected} onOpenRole={openRole} />
          ) : (
            <aside class="node-details muted">Click a node to see who can assume it, what it can assume, and the chains through it.</aside>
          )}
        </div>
      </Section>
      <Section id="roles" title="Roles and who can assume them" count={model.roles.length}>
        <RolesTable model={model} escalations={escalations} selected={selected} onSelect={select} />
      </Section>
      <Section id="escalations" title="Privilege escalation">
        <Escalations model={model} index={escalations} onSelect={select} />
      </Section>
      <Section id="findings" title="Lint findings" count={model.findings.length}>
        <Findings model={model} onSelect={select} />
      </Section>
      <Section id="gaps" title="Snapshot gaps" count={model.gaps.length}>
        <Gaps model={model} onSelect={select} />
      </Section>
      <Section id="accounts" title="Accounts" count={model.accounts.length}>
        <Accounts model={model} />
      </Section>
    </div>
  )
}
