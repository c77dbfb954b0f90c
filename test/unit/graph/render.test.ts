/**
 * Pictures of the trust graph: Mermaid that GitHub renders (generated ids, quoted and escaped labels)
 * and Graphviz dot.
 */
import { describe, expect, it } from 'vitest'
import { renderDot, renderMermaid } from '../../../src/graph/render.js'
import type { GraphEdge } from '../../../src/graph/render.js'
import { whoCanAssume } from '../../../src/graph/whoCanAssume.js'
import { edgesOf } from '../../../src/graph/render.js'
import { loadDemo } from './helpers.js'

const snapshot = loadDemo()

describe('renderMermaid', () => {
  const who = whoCanAssume(snapshot, 'GitHubActionsDeploy')
  const edges: GraphEdge[] = who.ok ? edgesOf(who.value.principals) : []

  it('never uses an ARN as a node id and escapes quotes in labels', () => {
    const text = renderMermaid(edges)
    expect(text).not.toMatch(/^\s+arn:/m)
    expect(text).toContain('#quot;sts.amazonaws.com#quot;')
    // Every edge label is quoted and holds no raw double quote or pipe.
    for (const m of text.matchAll(/\|"([^"]*)"\|/g)) expect(m[1]).not.toMatch(/["|]/)
  })

  it('styles principals outside the snapshot apart', () => {
    expect(renderMermaid(edges)).toMatch(/class n0 external/)
  })

  it('escapes a hostile label', () => {
    const hostile: GraphEdge = { from: { service: 'evil"]; click n0 "javascript:alert(1)' }, to: 'arn:aws:iam::111111111111:role/R', access: 'allowed', conditions: null, uncertain: [], external: true }
    const text = renderMermaid([hostile])
    expect(text).not.toContain('"]; click')
    expect(text).toContain('#quot;')
  })
})

describe('renderDot', () => {
  it('quotes labels and dashes conditional edges', () => {
    const who = whoCanAssume(snapshot, 'VendorAccess')
    const text = renderDot(who.ok ? edgesOf(who.value.principals) : [])
    expect(text).toMatch(/n0 -> n1 \[style=dashed, label="sts:ExternalId = \\"7f3c9a2e\\""\];/)
    expect(text).toContain('shape=hexagon')
  })

  it('marks uncertain edges distinctly: thick red in Mermaid, bold dotted red in dot, labelled with the reason code', () => {
    const edges: GraphEdge[] = [
      { from: 'arn:aws:iam::111111111111:user/alice', to: 'arn:aws:iam::222222222222:role/LegacyReports', access: 'uncertain', conditions: null, uncertain: [{ code: 'analysis.empty-condition', message: 'empty', pointer: '/Statement/0/Condition' }], external: false },
      { from: 'arn:aws:iam::111111111111:user/bob', to: 'arn:aws:iam::222222222222:role/LegacyReports', access: 'allowed', conditions: null, uncertain: [], external: false },
    ]
    const mermaid = renderMermaid(edges)
    expect(mermaid).toContain('n0 ==>|"uncertain (analysis.empty-condition)"| n1')
    expect(mermaid).toContain('n2 --> n1')
    expect(mermaid).toContain('linkStyle 0 stroke:#c0392b')
    const dot = renderDot(edges)
    expect(dot).toContain('n0 -> n1 [style="bold,dotted", color="#c0392b", label="uncertain (analysis.empty-condition)"];')
  })
})
