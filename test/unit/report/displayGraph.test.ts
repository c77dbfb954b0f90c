/**
 * What the report's trust graph draws: every answer is on the drawing (interchangeable principals share a
 * group node), large snapshots open on an account overview, a neighbourhood stays small, and the chains
 * highlighted for a node are the engine's paths, not mere reachability (docs/graph.md: a path whose
 * conditions cannot all hold is dropped).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateOrg } from '../../../bench/generateOrg.js'
import { buildReport } from '../../../src/report/buildReport.js'
import type { ReportModel } from '../../../src/report/types.js'
import { ChainIndex } from '../../../src/report/ui/graph/chains.js'
import { fitsFull, FOCUS_LIMIT, focusGraph, fullGraph, overviewGraph, rawEdges, UNKNOWN_NODE } from '../../../src/report/ui/graph/displayGraph.js'
import type { DisplayGraph, RawEdge } from '../../../src/report/ui/graph/displayGraph.js'
import { layoutGraph } from '../../../src/report/ui/graph/layout.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const readDir = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, text: readFileSync(join(ROOT, dir, f), 'utf8') }))

const demo = buildReport(readDir('corpus/snapshots/demo'))
const demoEdges = rawEdges(demo)
const org = buildReport(generateOrg({ principals: 400, roles: 150, accounts: 5, seed: 3 }).map((f) => ({ file: f.file, text: JSON.stringify(f.value) })), { maxChainsPerRole: 5 })
const orgEdges = rawEdges(org)

const id = (m: ReportModel, ref: string): number => m.nodes.findIndex((n) => n.ref === ref)

/** Every answer is drawn: both ends placed, and an edge between their places unless they share one. */
function expectEveryAnswerDrawn(g: DisplayGraph, edges: readonly RawEdge[]): void {
  const drawn = new Set(g.edges.map((e) => `${e.from}>${e.to}`))
  for (const e of edges) {
    const from = g.placeOf.get(e.from)
    const to = g.placeOf.get(e.to)
    expect(from, `node ${e.from}`).toBeDefined()
    expect(to, `node ${e.to}`).toBeDefined()
    if (from !== to) expect(drawn.has(`${from}>${to}`)).toBe(true)
  }
}

describe('the trust graph as drawn', () => {
  it('draws the whole demo organization, every principal on its own, every answer an edge', () => {
    const g = fullGraph(demo, demoEdges)
    expect(fitsFull(g)).toBe(true)
    expect(g.nodes.some((n) => n.kind === 'group')).toBe(false)
    expectEveryAnswerDrawn(g, demoEdges)
    const carol = g.placeOf.get(id(demo, 'arn:aws:iam::111111111111:user/carol'))
    const chainA = g.placeOf.get(id(demo, 'arn:aws:iam::111111111111:role/ChainA'))
    expect(g.edges.find((e) => e.from === carol && e.to === chainA)).toMatchObject({ access: 'conditional', count: 1 })
    // Outside principals are marked, and the layout places every node and edge.
    expect(g.nodes.filter((n) => n.external).map((n) => n.kind)).toEqual(expect.arrayContaining(['federated', 'service', 'account', 'anyone']))
    const layout = layoutGraph(g)
    expect(layout.nodes.size).toBe(g.nodes.length)
    for (const e of g.edges) expect(layout.edges.get(e.id)?.length).toBeGreaterThanOrEqual(2)
  })

  it('groups principals with exactly the same answers, and still draws every answer', () => {
    const g = fullGraph(org, orgEdges)
    const groups = g.nodes.filter((n) => n.kind === 'group')
    expect(groups.length).toBeGreaterThan(0)
    for (const group of groups) expect(group.members.length).toBeGreaterThanOrEqual(3)
    expectEveryAnswerDrawn(g, orgEdges)
    expect(g.nodes.length).toBeLessThan(new Set(orgEdges.flatMap((e) => [e.from, e.to])).size)
  })

  it('summarises a large organization as callers by account → roles by account, counting every answer once', () => {
    const g = overviewGraph(org, orgEdges)
    const groups = g.nodes.filter((n) => n.kind === 'accountGroup')
    expect(groups.filter((n) => n.id.startsWith('r')).length).toBe(org.accounts.filter((a) => a.roles > 0).length)
    expect(g.nodes.filter((n) => n.kind !== 'accountGroup').every((n) => n.external)).toBe(true)
    expect(g.edges.reduce((n, e) => n + e.count, 0)).toBe(orgEdges.length)
    // Two columns: every edge goes from a caller to a role group, so there is no cycle.
    expect(g.edges.every((e) => !e.from.startsWith('r') && e.to.startsWith('r'))).toBe(true)
  })

  it('keeps a neighbourhood within its limit and centred on its node', () => {
    const busiest = org.roles.reduce((a, b) => (b.direct.reduce((n, e) => n + e.p.length, 0) > a.direct.reduce((n, e) => n + e.p.length, 0) ? b : a))
    const g = focusGraph(org, orgEdges, busiest.node, 5)
    expect(g.focus).toBe(busiest.node)
    expect(g.placeOf.get(busiest.node)).toBe(`n${busiest.node}`)
    expect(g.placeOf.size).toBeLessThanOrEqual(FOCUS_LIMIT)
  })

  it('draws roles whose trust policy cannot be read with an uncertain edge from unknown callers', () => {
    const broken = buildReport(readDir('test/fixtures/report/broken'))
    const g = fullGraph(broken, rawEdges(broken))
    const uncertain = g.edges.filter((e) => e.from === UNKNOWN_NODE)
    expect(uncertain.map((e) => g.nodes.find((n) => n.id === e.to)?.label).sort()).toEqual(['Garbled', 'Orphan'])
    expect(uncertain.every((e) => e.access === 'uncertain')).toBe(true)
  })
})

describe('chains highlighted for a node', () => {
  const chains = new ChainIndex(demo, demoEdges)
  const name = (k: string): string =>
    k
      .split('>')
      .map((n) => demo.nodes[Number(n)]?.label)
      .join('>')

  it("follows carol's paths the engine found, and not the one it dropped (ChainD wants another source identity)", () => {
    const c = chains.chainsOf(id(demo, 'arn:aws:iam::111111111111:user/carol'))
    const edges = [...c.edges].map(name)
    expect(edges).toEqual(expect.arrayContaining(['carol>ChainA', 'ChainA>ChainB', 'ChainB>ChainC', 'ChainA>MfaGate']))
    expect(edges).not.toContain('ChainB>ChainD')
    expect(c.approximate).toBe(false)
  })

  it('for a role, highlights every path into it', () => {
    const c = chains.chainsOf(id(demo, 'arn:aws:iam::333333333333:role/ChainC'))
    expect([...c.edges].map(name)).toEqual(expect.arrayContaining(['ChainB>ChainC', 'ChainA>ChainB', 'carol>ChainA']))
  })
})
