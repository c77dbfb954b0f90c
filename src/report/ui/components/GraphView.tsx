/**
 * The trust graph as SVG: dagre layout, pan and zoom with d3-zoom, node search, and the chains through
 * the selected node highlighted. Large snapshots open on an account overview; a search or a click on a
 * principal opens its neighbourhood.
 */
import { select } from 'd3-selection'
import { zoom, zoomIdentity } from 'd3-zoom'
import type { ZoomBehavior } from 'd3-zoom'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { ReportModel } from '../../types.js'
import type { ChainIndex } from '../graph/chains.js'
import type { EscalationIndex } from '../graph/escalationIndex.js'
import { fitsFull, focusGraph, fullGraph, mayFit, overviewGraph } from '../graph/displayGraph.js'
import type { DisplayEdge, DisplayGraph, DisplayNode, RawEdge } from '../graph/displayGraph.js'
import { layoutGraph } from '../graph/layout.js'
import type { Box, Point } from '../graph/layout.js'
import { statusText } from './Escalations.js'

/** Props of {@link GraphView}. */
export interface GraphViewProps {
  readonly model: ReportModel
  readonly edges: readonly RawEdge[]
  readonly chains: ChainIndex
  readonly escalations: EscalationIndex
  readonly selected: number | undefined
  readonly onSelect: (id: number | undefined) => void
}

type View = { readonly kind: 'auto' } | { readonly kind: 'overview' } | { readonly kind: 'focus'; readonly node: number; readonly depth: number }

function pathOf(points: readonly Point[]): string {
  if (points.length === 0) return ''
  const [first, ...rest] = points as [Point, ...Point[]]
  let d = `M${first.x.toFixed(1)},${first.y.toFixed(1)}`
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i] as Point
    const q = rest[i + 1] as Point
    d += ` Q${p.x.toFixed(1)},${p.y.toFixed(1)} ${((p.x + q.x) / 2).toFixed(1)},${((p.y + q.y) / 2).toFixed(1)}`
  }
  const last = rest[rest.length - 1]
  if (last !== undefined) d += ` L${last.x.toFixed(1)},${last.y.toFixed(1)}`
  return d
}

function hexagon(w: number, h: number): string {
  const i = Math.min(12, w / 6)
  return `${i},0 ${w - i},0 ${w},${h / 2} ${w - i},${h} ${i},${h} 0,${h / 2}`
}

function Shape({ node, box }: { readonly node: DisplayNode; readonly box: Box }) {
  const { width: w, height: h } = box
  if (node.external && node.kind !== 'group') return <polygon class="shape" points={hexagon(w, h)} />
  if (node.kind === 'group') {
    return (
      <>
        <rect class="shape stack" x={4} y={-4} width={w} height={h} rx={node.memberKind === 'user' ? h / 2 : 4} />
        {node.external ? <polygon class="shape" points={hexagon(w, h)} /> : <rect class="shape" width={w} height={h} rx={node.memberKind === 'user' ? h / 2 : 4} />}
      </>
    )
  }
  return <rect class="shape" width={w} height={h} rx={node.kind === 'user' ? h / 2 : node.kind === 'accountGroup' ? 8 : 4} />
}

function edgeTitle(model: ReportModel, g: DisplayGraph, e: DisplayEdge): string {
  const name = (id: string): string => g.nodes.find((n) => n.id === id)?.label ?? id
  const conditions = e.conditions.slice(0, 3).map((c) => `when ${model.conditions[c]?.text ?? ''}`)
  if (e.conditions.length > 3) conditions.push(`… and ${e.conditions.length - 3} more conditions`)
  return [`${name(e.from)} → ${name(e.to)}: ${e.access}${e.count > 1 ? ` (${e.count} answers)` : ''}`, ...conditions].join('\n')
}

/** The graph panel: toolbar, legend and the drawing. */
export function GraphView({ model, edges, chains, escalations, selected, onSelect }: GraphViewProps) {
  const full = useMemo(() => (mayFit(model, edges) ? fullGraph(model, edges) : undefined), [model, edges])
  const small = full !== undefined && fitsFull(full)
  const [view, setView] = useState<View>({ kind: 'auto' })
  const [query, setQuery] = useState('')
  const graph = useMemo<DisplayGraph>(() => {
    if (view.kind === 'focus') return focusGraph(model, edges, view.node, view.depth)
    if (view.kind === 'overview' || full === undefined || !small) return overviewGraph(model, edges)
    return full
  }, [view, model, edges, full, small])
  const layout = useMemo(() => layoutGraph(graph), [graph])
  const svgRef = useRef<SVGSVGElement>(null)
  const gRef = useRef<SVGGElement>(null)
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null)

  // A node chosen elsewhere (table, search) that this view does not show opens its neighbourhood.
  useEffect(() => {
    if (selected !== undefined && !graph.placeOf.has(selected)) setView({ kind: 'focus', node: selected, depth: view.kind === 'focus' ? view.depth : 2 })
  }, [selected])

  useEffect(() => {
    const svg = svgRef.current
    if (svg === null) return
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.02, 4])
      .on('zoom', (event: { transform: { toString(): string } }) => gRef.current?.setAttribute('transform', event.transform.toString()))
    // Double-click is for nodes, not for zooming.
    select(svg).call(z).on('dblclick.zoom', null)
    zoomRef.current = z
    return () => void select(svg).on('.zoom', null)
  }, [])

  const fit = (): void => {
    const svg = svgRef.current
    const z = zoomRef.current
    if (svg === null || z === null || layout.width === 0) return
    const { width, height } = svg.getBoundingClientRect()
    const k = Math.min(1.4, (0.96 * width) / layout.width, (0.96 * height) / layout.height)
    select(svg).call(z.transform, zoomIdentity.translate((width - layout.width * k) / 2, (height - layout.height * k) / 2).scale(k))
  }
  useEffect(fit, [layout])

  // Centre on a node chosen from outside the drawing.
  const centre = (id: number): void => {
    const svg = svgRef.current
    const z = zoomRef.current
    const place = graph.placeOf.get(id)
    const box = place === undefined ? undefined : layout.nodes.get(place)
    if (svg !== null && z !== null && box !== undefined) select(svg).call(z.translateTo, box.x, box.y)
  }

  const lit = useMemo(() => {
    if (selected === undefined) return undefined
    const c = chains.chainsOf(selected)
    const edgeIds = new Set<string>()
    for (const k of c.edges) {
      const [a, b] = k.split('>').map(Number) as [number, number]
      const from = graph.placeOf.get(a)
      const to = graph.placeOf.get(b)
      if (from !== undefined && to !== undefined) edgeIds.add(`${from}>${to}`)
    }
    const nodeIds = new Set<string>()
    for (const n of c.nodes) {
      const p = graph.placeOf.get(n)
      if (p !== undefined) nodeIds.add(p)
    }
    return { edges: edgeIds, nodes: nodeIds, approximate: c.approximate, centre: graph.placeOf.get(selected) }
  }, [selected, chains, graph])

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase()
    if (q.length < 2) return []
    const out: number[] = []
    for (let i = 0; i < model.nodes.length && out.length < 12; i++) {
      const n = model.nodes[i]
      if (n !== undefined && (n.label.toLowerCase().includes(q) || n.ref.toLowerCase().includes(q))) out.push(i)
    }
    return out
  }, [query, model])

  const choose = (id: number): void => {
    setQuery('')
    onSelect(id)
    if (!graph.placeOf.has(id)) setView({ kind: 'focus', node: id, depth: view.kind === 'focus' ? view.depth : 2 })
    else requestAnimationFrame(() => centre(id))
  }

  const clickNode = (n: DisplayNode): void => {
    if (n.kind === 'unknown' || n.kind === 'accountGroup') return
    onSelect(n.members.length === 1 || !n.members.includes(selected ?? -1) ? n.members[0] : selected)
  }

  return (
    <div class="graph-panel">
      <div class="graph-toolbar">
        <div class="search">
          <input
            type="search"
            placeholder="Find a role, user or principal…"
            aria-label="find a node in the graph"
            value={query}
            onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && matches[0] !== undefined) choose(matches[0])
            }}
          />
          {matches.length > 0 && (
            <ul class="search-results" role="listbox">
              {matches.map((id) => (
                <li key={id}>
                  <button type="button" onClick={() => choose(id)}>
                    {model.nodes[id]?.label} <small>{model.nodes[id]?.ref}</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div class="view-buttons">
          <button type="button" class={graph.mode === 'full' ? 'on' : ''} disabled={!small} title={small ? 'every principal and role' : 'too large to draw at once'} onClick={() => setView({ kind: 'auto' })}>
            Whole graph
          </button>
          <button type="button" class={graph.mode === 'overview' ? 'on' : ''} onClick={() => setView({ kind: 'overview' })}>
            Accounts
          </button>
          {selected !== undefined && (
            <button type="button" class={graph.mode === 'focus' ? 'on' : ''} onClick={() => setView({ kind: 'focus', node: selected, depth: view.kind === 'focus' ? view.depth : 2 })}>
              Neighbourhood
            </button>
          )}
          {view.kind === 'focus' && (
            <label class="depth">
              depth{' '}
              <select value={view.depth} onChange={(e) => setView({ ...view, depth: Number((e.target as HTMLSelectElement).value) })}>
                {[1, 2, 3, 5].map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" onClick={fit} title="fit the drawing to the panel">
            Fit
          </button>
        </div>
      </div>
      <p class="graph-caption">
        {graph.mode === 'full' && `${graph.nodes.length} nodes, ${graph.edges.length} edges. Click a node to highlight the chains through it; drag to pan, scroll to zoom.`}
        {graph.mode === 'overview' && `${small ? '' : `${model.nodes.length} principals and ${edges.length} answers are too many to draw at once. `}Accounts and outside principals, edges counting the answers between them. Search, or pick a role in the table, to see its neighbourhood.`}
        {graph.mode === 'focus' && `Who reaches ${model.nodes[graph.focus ?? -1]?.label ?? ''} and what it reaches, ${view.kind === 'focus' ? view.depth : 2} hops each way${graph.truncated === true ? ` (cut at ${graph.nodes.length} nodes)` : ''}.`}
        {lit?.approximate === true && ' Chains of this role were cut at the report limit: the highlight also follows plain reachability.'}
      </p>
      <svg ref={svgRef} class={`graph${lit !== undefined ? ' has-selection' : ''}`} role="img" aria-label="trust graph" onClick={(e) => e.target === svgRef.current && onSelect(undefined)}>
        <defs>
          {(['allowed', 'conditional', 'uncertain'] as const).map((a) => (
            <marker key={a} id={`arrow-${a}`} class={`arrow access-${a}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          ))}
        </defs>
        <g ref={gRef}>
          <g class="edges">
            {graph.edges.map((e) => (
              <path
                key={e.id}
                d={pathOf(layout.edges.get(e.id) ?? [])}
                class={`edge access-${e.access}${lit?.edges.has(e.id) === true ? ' lit' : ''}`}
                marker-end={`url(#arrow-${e.access})`}
                stroke-width={Math.min(4, 1.2 + Math.log10(e.count))}
                data-edge={`${graph.nodes.find((n) => n.id === e.from)?.label ?? ''} → ${graph.nodes.find((n) => n.id === e.to)?.label ?? ''}`}
              >
                <title>{edgeTitle(model, graph, e)}</title>
              </path>
            ))}
          </g>
          <g class="nodes">
            {graph.nodes.map((n) => {
              const box = layout.nodes.get(n.id)
              if (box === undefined) return null
              const provider = n.provider !== undefined ? ` provider-${n.provider}` : ''
              const state = lit === undefined ? '' : lit.centre === n.id ? ' selected lit' : lit.nodes.has(n.id) ? ' lit' : ''
              // An administrator, or a principal that can become one, among the members: the most serious one marks the node.
              const esc = n.kind === 'unknown' ? undefined : escalations.strongest(n.members)
              const escClass = esc === undefined ? '' : ` esc-${esc.kind} esc-access-${esc.access}`
              return (
                <g
                  key={n.id}
                  class={`node kind-${n.kind}${n.memberKind !== undefined ? ` member-${n.memberKind}` : ''}${n.external ? ' external' : ''}${provider}${escClass}${state}`}
                  transform={`translate(${(box.x - box.width / 2).toFixed(1)},${(box.y - box.height / 2).toFixed(1)})`}
                  data-node={n.label}
                  onClick={() => clickNode(n)}
                >
                  <title>
                    {n.kind === 'unknown'
                      ? 'the trust policies of these roles could not be read: who can assume them is uncertain'
                      : n.members.length === 1
                        ? model.nodes[n.members[0] as number]?.ref
                        : `${n.label}: ${n.members.slice(0, 20).map((m) => model.nodes[m]?.label).join(', ')}${n.members.length > 20 ? ', …' : ''}`}
                  </title>
                  {esc !== undefined && <rect class="esc-ring" x={-4} y={-4} width={box.width + 8} height={box.height + 8} rx={n.kind === 'user' || n.memberKind === 'user' ? (box.height + 8) / 2 : 7} />}
                  <Shape node={n} box={box} />
                  {esc !== undefined && (
                    <g class="esc-badge" transform="translate(4,2)">
                      <title>{n.members.length > 1 ? `${statusText(esc)} (some of these principals)` : statusText(esc)}</title>
                      <rect x={-8} y={-8} width={esc.kind === 'admin' ? (esc.access === 'allowed' ? 38 : 44) : esc.access === 'allowed' ? 44 : 50} height={14} rx={7} />
                      <text x={esc.kind === 'admin' ? (esc.access === 'allowed' ? 11 : 14) : esc.access === 'allowed' ? 14 : 17} y={3}>
                        {esc.kind === 'admin' ? 'admin' : '→ admin'}
                        {esc.access !== 'allowed' ? '?' : ''}
                      </text>
                    </g>
                  )}
                  {n.members.some((m) => (model.nodes[m]?.gaps?.length ?? 0) > 0) && (
                    <g class="gap-badge" transform={`translate(${box.width - 4},2)`}>
                      <circle r="7" />
                      <text y="4">!</text>
                    </g>
                  )}
                  <text x={box.width / 2} y={16} class="label">
                    {n.label}
                  </text>
                  <text x={box.width / 2} y={30} class="sub">
                    {n.sub}
                  </text>
                </g>
              )
            })}
          </g>
        </g>
      </svg>
      <Legend escalations={escalations.analysed} />
    </div>
  )
}

function Legend({ escalations }: { readonly escalations: boolean }) {
  return (
    <div class="legend" aria-label="legend">
      <span class="lg node-user">user</span>
      <span class="lg node-role">role</span>
      <span class="lg node-account external">outside account / principal</span>
      <span class="lg node-service external">AWS service</span>
      <span class="lg node-federated provider-oidc external">OIDC provider</span>
      <span class="lg node-federated provider-saml external">SAML provider</span>
      <span class="lg node-anyone external">anyone (*)</span>
      <span class="lg edge-allowed">allowed</span>
      <span class="lg edge-conditional">conditional</span>
      <span class="lg edge-uncertain">uncertain</span>
      {escalations && (
        <>
          <span>
            <span class="esc-mark esc-admin access-allowed">admin</span> administrator
          </span>
          <span>
            <span class="esc-mark esc-escalates access-allowed">→ admin</span> can become one
          </span>
        </>
      )}
    </div>
  )
}
