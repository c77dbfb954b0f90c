/**
 * Layout of a display graph with dagre (layered drawing, left to right: who assumes → what is assumed).
 */
import dagre from '@dagrejs/dagre'
import type { DisplayGraph } from './displayGraph.js'

/** A point of the drawing. */
export interface Point {
  readonly x: number
  readonly y: number
}

/** A placed node: centre and size. */
export interface Box extends Point {
  readonly width: number
  readonly height: number
}

/** A laid-out graph. */
export interface Layout {
  readonly nodes: ReadonlyMap<string, Box>
  readonly edges: ReadonlyMap<string, readonly Point[]>
  readonly width: number
  readonly height: number
}

/** Node height, and the width of one character of the node font (12px sans-serif, an upper bound). */
const NODE_HEIGHT = 38
const CHAR_WIDTH = 6.8

/** The width a node needs for its label and sub-line. */
function nodeWidth(label: string, sub: string): number {
  return Math.min(300, Math.max(90, Math.ceil(Math.max(label.length * 1.08, sub.length * 0.9) * CHAR_WIDTH) + 28))
}

/** Lays out `g`; positions are in SVG user units. */
export function layoutGraph(g: DisplayGraph): Layout {
  const d = new dagre.graphlib.Graph({ multigraph: false })
  // The overview has two columns and many edges between them: a wide gap lets them fan out.
  d.setGraph({ rankdir: 'LR', nodesep: g.mode === 'overview' ? 16 : 12, ranksep: g.mode === 'overview' ? 360 : 110, edgesep: 6, marginx: 16, marginy: 16 })
  d.setDefaultEdgeLabel(() => ({}))
  for (const n of g.nodes) d.setNode(n.id, { width: nodeWidth(n.label, n.sub), height: NODE_HEIGHT })
  for (const e of g.edges) d.setEdge(e.from, e.to, { weight: 1 })
  dagre.layout(d)
  const nodes = new Map<string, Box>()
  for (const n of g.nodes) {
    const l = d.node(n.id) as { x: number; y: number; width: number; height: number }
    nodes.set(n.id, { x: l.x, y: l.y, width: l.width, height: l.height })
  }
  const edges = new Map<string, readonly Point[]>()
  for (const e of g.edges) edges.set(e.id, ((d.edge(e.from, e.to) as { points?: Point[] } | undefined)?.points ?? []).map((p) => ({ x: p.x, y: p.y })))
  const graph = d.graph() as { width?: number; height?: number }
  return { nodes, edges, width: graph.width ?? 0, height: graph.height ?? 0 }
}
