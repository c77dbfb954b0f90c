/**
 * Renderers for trust answers: text, JSON shapes, and pictures of the trust graph (Mermaid that
 * renders on GitHub, Graphviz dot). Pure functions; nothing is printed here.
 */
import type { Literal } from '../analysis/atoms.js'
import { renderDnf } from '../analysis/atoms.js'
import type { Residual, UncertainReason } from '../analysis/types.js'
import type { PrincipalRef, TrustAnswer } from './canAssume.js'
import type { Hop, ReachAccess, ReachEntry } from './trustGraph.js'
import type { WhoCanAssumeResult } from './whoCanAssume.js'

/** JSON form of a literal, pointing at every statement it comes from. */
export interface LiteralJson {
  /** The condition by meaning (operator, lowercased key, sorted values): equal across policy versions. */
  readonly meaning: string
  readonly key: string
  readonly operator: string
  readonly values: readonly string[]
  readonly negated: boolean
  readonly text: string
  readonly sources: readonly { readonly policy: string; readonly layer: string; readonly index: number; readonly sid?: string; readonly pointer: string; readonly condition: string }[]
}

/** JSON form of a residual: OR (`anyOf`) of ANDs (`allOf`). */
export interface ResidualJson {
  readonly text: string
  readonly anyOf: readonly { readonly allOf: readonly LiteralJson[] }[]
  readonly approximate: boolean
}

/** JSON form of one literal. */
export function literalJson(l: Literal): LiteralJson {
  return {
    meaning: l.atom.meaning,
    key: l.atom.key,
    operator: l.atom.operator,
    values: l.atom.values,
    negated: !l.value,
    text: l.value ? l.atom.text : `NOT (${l.atom.text})`,
    sources: l.atom.sources.map((s) => ({ policy: s.policy, layer: s.layer, index: s.index, ...(s.sid !== undefined ? { sid: s.sid } : {}), pointer: s.pointer, condition: s.conditionPointer })),
  }
}

/**
 * The JSON form of a residual (null when there is none).
 *
 * @example
 * const a = canAssume(snapshot, 'arn:aws:iam::111111111111:user/alice', 'arn:aws:iam::222222222222:role/Admin')
 * if (a.ok) JSON.stringify(residualJson(a.value.conditions))
 */
export function residualJson(r: Residual | null): ResidualJson | null {
  if (r === null) return null
  return { text: residualText(r), anyOf: r.terms.map((t) => ({ allOf: t.map(literalJson) })), approximate: r.approximate }
}

/**
 * A residual as one line: `aws:MultiFactorAuthPresent = "true" AND sts:ExternalId = "7f3c"`.
 *
 * @example
 * const a = canAssume(snapshot, 'arn:aws:iam::111111111111:user/alice', 'arn:aws:iam::222222222222:role/Admin')
 * if (a.ok) residualText(a.value.conditions) // 'aws:MultiFactorAuthPresent = "true"'
 */
export function residualText(r: Residual | null): string {
  if (r === null) return 'no conditions'
  return `${renderDnf(r.terms)}${r.approximate ? ' (sufficient, not exact: too many conditions to enumerate)' : ''}`
}

/** A principal for people. */
export function principalText(p: PrincipalRef): string {
  if (typeof p === 'string') return p === '*' ? 'any AWS principal (*)' : p
  if ('account' in p) return `any principal in account ${p.account} whose own account's policies allow it`
  if ('service' in p) return `service ${p.service}`
  return `federated ${p.federated}`
}

/**
 * The JSON form of uncertain reasons.
 *
 * @example
 * uncertainJson(answer.uncertain) // [{ code: 'analysis.empty-condition', message: '…', pointer: '/Statement/0/Condition' }]
 */
export function uncertainJson(reasons: readonly UncertainReason[]): Record<string, string>[] {
  return reasons.map((r) => ({ code: r.code, message: r.message, ...(r.file !== undefined ? { file: r.file } : {}), ...(r.policy !== undefined ? { policy: r.policy } : {}), ...(r.pointer !== undefined ? { pointer: r.pointer } : {}) }))
}

/**
 * The JSON shape of `can`; `complete` is false when the snapshot has gaps.
 *
 * @example
 * const a = canAssume(snapshot, 'arn:aws:iam::111111111111:user/alice', 'arn:aws:iam::222222222222:role/Admin', { trace: true })
 * if (a.ok) console.log(JSON.stringify(canJson(a.value, snapshot.complete))) // the `can --format json` line
 */
export function canJson(a: TrustAnswer, complete = true): Record<string, unknown> {
  return {
    principal: a.principal,
    role: a.role,
    access: a.access,
    decision: a.decision,
    conditions: residualJson(a.conditions),
    uncertain: uncertainJson(a.uncertain),
    witness: a.witness,
    complete,
    trace: a.evaluation.trace ?? null,
    notes: a.notes,
  }
}

function hopJson(h: Hop): Record<string, unknown> {
  return { from: h.from, role: h.role, access: h.access, conditions: residualJson(h.conditions), uncertain: uncertainJson(h.uncertain), chained: h.chained, maxSessionSeconds: h.maxSessionSeconds }
}

/**
 * The JSON shape of one reaching principal.
 *
 * @example
 * const r = whoCanAssume(snapshot, 'VendorAccess')
 * if (r.ok) r.value.principals.map(entryJson)
 */
export function entryJson(e: ReachEntry): Record<string, unknown> {
  return { principal: e.principal, access: e.access, conditions: residualJson(e.conditions), uncertain: uncertainJson(e.uncertain), external: e.external, via: e.via, hops: e.hops.map(hopJson) }
}

/**
 * The JSON shape of `who-can-assume`.
 *
 * @example
 * const r = whoCanAssume(snapshot, 'VendorAccess')
 * if (r.ok) console.log(JSON.stringify(whoJson(r.value))) // the `who-can-assume --format json` line
 */
export function whoJson(r: WhoCanAssumeResult): Record<string, unknown> {
  // `truncated` appears only when the list was cut, so that complete answers keep their shape.
  return { role: r.role, complete: r.complete, gaps: uncertainJson(r.gaps), principals: r.principals.map(entryJson), deniedExternal: r.deniedExternal, ...(r.truncated ? { truncated: true } : {}) }
}

const MARK: Readonly<Record<ReachAccess, string>> = { allowed: '✓', conditional: '?', uncertain: '!' }

/** Reasons as text lines, indented. */
export function reasonLines(reasons: readonly UncertainReason[], indent: string): string[] {
  return reasons.map((r) => `${indent}because [${r.code}] ${r.message}${r.file !== undefined ? ` (${r.file}${r.pointer !== undefined && r.pointer !== '' ? ` at ${r.pointer}` : ''})` : ''}`)
}

/**
 * `who-can-assume` as text.
 *
 * @example
 * const r = whoCanAssume(snapshot, 'arn:aws:iam::222222222222:role/Admin')
 * if (r.ok) process.stdout.write(renderWhoText(r.value))
 */
export function renderWhoText(r: WhoCanAssumeResult): string {
  const lines = [`who can assume ${r.role}:`]
  if (r.principals.length === 0) lines.push(r.complete ? '  nobody' : '  nobody found, but the snapshot is incomplete (see below)')
  for (const e of r.principals) {
    const tag = e.external ? ' [external]' : ''
    lines.push(`  ${MARK[e.access]} ${principalText(e.principal)}${tag}: ${e.access}`)
    if (e.via.length > 0) lines.push(`      via ${e.via.join(' → ')}`)
    if (e.conditions !== null) lines.push(`      ${e.access === 'uncertain' ? 'possible when' : 'when'} ${residualText(e.conditions)}`)
    lines.push(...reasonLines(e.uncertain, '      '))
    for (const n of e.notes) lines.push(`      note: ${n}`)
  }
  for (const d of r.deniedExternal) lines.push(`  ✗ ${principalText(d.principal)} [external]: named in the trust policy but ${d.decision}`)
  if (r.truncated) lines.push(`  … the list was cut at ${r.principals.length} entries (--max-paths): more principals may reach this role`)
  if (!r.complete) {
    lines.push('incomplete snapshot: answers these inputs can affect are at most uncertain')
    lines.push(...reasonLines(r.gaps, '  '))
  }
  return `${lines.join('\n')}\n`
}

/**
 * `paths` as text, hop by hop.
 *
 * @example
 * const r = findPaths(snapshot, 'arn:aws:iam::111111111111:user/alice', 'arn:aws:iam::222222222222:role/Admin')
 * if (r.ok) process.stdout.write(renderPathsText('alice', 'Admin', r.value))
 */
export function renderPathsText(from: string, to: string, list: readonly ReachEntry[]): string {
  const lines = [`paths from ${from} to ${to}: ${list.length}`]
  list.forEach((p, i) => {
    lines.push(`  path ${i + 1} (${p.hops.length} hop${p.hops.length === 1 ? '' : 's'}): ${p.access}`)
    p.hops.forEach((h, j) => {
      lines.push(`    ${j + 1}. ${principalText(h.from)} → ${h.role}  [${h.chained ? 'chained session, ' : ''}max ${h.maxSessionSeconds} s]${h.access === 'uncertain' ? '  uncertain' : ''}`)
      if (h.conditions !== null) lines.push(`       ${h.access === 'uncertain' ? 'possible when' : 'when'} ${residualText(h.conditions)}`)
      lines.push(...reasonLines(h.uncertain, '       '))
    })
    if (p.conditions !== null && p.hops.length > 1) lines.push(`    all together: ${residualText(p.conditions)}`)
  })
  return `${lines.join('\n')}\n`
}

/** One edge of a trust-graph picture. */
export interface GraphEdge {
  readonly from: PrincipalRef
  /** A role's ARN; for an escalation edge also a user's ARN, or `admin`. */
  readonly to: string
  readonly access: ReachAccess
  readonly conditions: Residual | null
  readonly uncertain: readonly UncertainReason[]
  readonly external: boolean
  /** An escalation technique other than AssumeRole (drawn dashed and labelled with it). */
  readonly technique?: string
}

interface NodeInfo {
  readonly id: string
  readonly label: string
  readonly kind: 'user' | 'role' | 'external'
}

function shortArn(arn: string): string {
  const m = /^arn:[^:]+:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn)
  return m === null ? arn : `${m[2]}: ${m[3]} (${m[1]})`
}

function nodeLabel(p: PrincipalRef): { key: string; label: string; kind: NodeInfo['kind'] } {
  if (typeof p === 'string') {
    if (p === '*') return { key: '*', label: 'any AWS principal (*)', kind: 'external' }
    if (p === 'admin') return { key: 'admin', label: 'administrator', kind: 'external' }
    return { key: p, label: shortArn(p), kind: p.includes(':role/') ? 'role' : 'user' }
  }
  if ('account' in p) return { key: `account:${p.account}`, label: `account ${p.account}`, kind: 'external' }
  if ('service' in p) return { key: `service:${p.service}`, label: `service ${p.service}`, kind: 'external' }
  const provider = p.federated.replace(/^arn:[^:]+:iam::\d{12}:(oidc|saml)-provider\//, '$1: ')
  return { key: `federated:${p.federated}`, label: provider, kind: 'external' }
}

function shorten(text: string, max = 90): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function collect(edges: readonly GraphEdge[], externalOnly: (p: PrincipalRef) => boolean): { nodes: Map<string, NodeInfo>; idOf: (p: PrincipalRef | string) => string } {
  const nodes = new Map<string, NodeInfo>()
  const add = (p: PrincipalRef): string => {
    const n = nodeLabel(p)
    let info = nodes.get(n.key)
    if (info === undefined) {
      // INVARIANT: node ids are generated (n0, n1, …), never ARNs, so they are safe in every renderer.
      info = { id: `n${nodes.size}`, label: n.label, kind: externalOnly(p) ? 'external' : n.kind }
      nodes.set(n.key, info)
    }
    return info.id
  }
  for (const e of edges) {
    add(e.from)
    add(e.to)
  }
  return { nodes, idOf: add }
}

/** An edge's label: its conditions, and for an uncertain edge the word and its first reason's code. */
function edgeLabel(e: GraphEdge): string {
  const conditions = e.conditions === null ? '' : residualText(e.conditions)
  const technique = e.technique === undefined ? '' : `${e.technique}${conditions === '' && e.access !== 'uncertain' ? '' : ': '}`
  if (e.access !== 'uncertain') return `${technique}${conditions}`
  const why = e.uncertain[0]?.code ?? 'uncertain'
  return `${technique}uncertain (${why})${conditions === '' ? '' : `: ${conditions}`}`
}

function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\|/g, '#124;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/[\r\n]+/g, ' ')
}

/**
 * The trust graph as a Mermaid flowchart (renders on GitHub); conditional edges are dotted, escalation
 * edges (a technique other than AssumeRole) dashed, red and labelled with the technique.
 *
 * @example
 * const r = whoCanAssume(snapshot, 'arn:aws:iam::222222222222:role/Admin')
 * if (r.ok) console.log(renderMermaid(edgesOf(r.value.principals)))
 */
export function renderMermaid(edges: readonly GraphEdge[]): string {
  const external = new Set(edges.filter((e) => e.external).map((e) => nodeLabel(e.from).key))
  const { nodes, idOf } = collect(edges, (p) => external.has(nodeLabel(p).key))
  const lines = ['flowchart LR']
  for (const n of nodes.values()) {
    const label = `"${mermaidText(n.label)}"`
    lines.push(n.kind === 'user' ? `  ${n.id}([${label}])` : n.kind === 'external' ? `  ${n.id}{{${label}}}` : `  ${n.id}[${label}]`)
  }
  const uncertainLinks: number[] = []
  const escalationLinks: number[] = []
  edges.forEach((e, i) => {
    // Uncertain edges: thick, labelled with the first reason, and drawn red below; escalation edges
    // (a technique other than AssumeRole) dashed and red, labelled with the technique.
    const arrow = e.access === 'uncertain' ? '==>' : e.access === 'allowed' && e.technique === undefined ? '-->' : '-.->'
    const text = edgeLabel(e)
    const label = text === '' ? '' : `|"${mermaidText(shorten(text))}"|`
    if (e.access === 'uncertain') uncertainLinks.push(i)
    else if (e.technique !== undefined) escalationLinks.push(i)
    lines.push(`  ${idOf(e.from)} ${arrow}${label} ${idOf(e.to)}`)
  })
  if (uncertainLinks.length > 0) lines.push(`  linkStyle ${uncertainLinks.join(',')} stroke:#c0392b,stroke-width:2px,stroke-dasharray:2 2`)
  if (escalationLinks.length > 0) lines.push(`  linkStyle ${escalationLinks.join(',')} stroke:#b91c1c,stroke-dasharray: 6 4`)
  lines.push('  classDef external fill:#fff4e5,stroke:#b35c00,stroke-dasharray: 4 3')
  lines.push('  classDef role fill:#e8f0fe,stroke:#1a56db')
  lines.push('  classDef user fill:#e9f7ef,stroke:#1e7b45')
  for (const kind of ['external', 'role', 'user'] as const) {
    const ids = [...nodes.values()].filter((n) => n.kind === kind).map((n) => n.id)
    if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${kind}`)
  }
  return `${lines.join('\n')}\n`
}

function dotText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')
}

/**
 * The trust graph in Graphviz dot; conditional edges are dashed, escalation edges dashed, red and
 * labelled with the technique, external principals orange.
 *
 * @example
 * const r = whoCanAssume(snapshot, 'arn:aws:iam::222222222222:role/Admin')
 * if (r.ok) writeFileSync('trust.dot', renderDot(edgesOf(r.value.principals)))
 */
export function renderDot(edges: readonly GraphEdge[]): string {
  const external = new Set(edges.filter((e) => e.external).map((e) => nodeLabel(e.from).key))
  const { nodes, idOf } = collect(edges, (p) => external.has(nodeLabel(p).key))
  const lines = ['digraph trust {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];']
  for (const n of nodes.values()) {
    const style = n.kind === 'external' ? 'shape=hexagon, style="dashed,filled", fillcolor="#fff4e5", color="#b35c00"' : n.kind === 'user' ? 'shape=ellipse, style=filled, fillcolor="#e9f7ef"' : 'shape=box, style=filled, fillcolor="#e8f0fe"'
    lines.push(`  ${n.id} [label="${dotText(n.label)}", ${style}];`)
  }
  for (const e of edges) {
    const attrs = [e.access === 'uncertain' ? 'style="bold,dotted", color="#c0392b"' : e.technique !== undefined ? 'style=dashed, color="#b91c1c", fontcolor="#b91c1c"' : e.access === 'conditional' ? 'style=dashed' : 'style=solid']
    const text = edgeLabel(e)
    if (text !== '') attrs.push(`label="${dotText(shorten(text))}"`)
    lines.push(`  ${idOf(e.from)} -> ${idOf(e.to)} [${attrs.join(', ')}];`)
  }
  lines.push('}')
  return `${lines.join('\n')}\n`
}

/**
 * The edges of who-can-assume answers: each hop of each path once.
 *
 * @example
 * const r = whoCanAssume(snapshot, 'arn:aws:iam::222222222222:role/Admin', { transitive: true })
 * if (r.ok) edgesOf(r.value.principals).length // one edge per distinct hop
 */
export function edgesOf(entries: readonly ReachEntry[]): GraphEdge[] {
  const seen = new Set<string>()
  const out: GraphEdge[] = []
  for (const e of entries) {
    e.hops.forEach((h, i) => {
      const key = `${JSON.stringify(h.from)}→${h.role}`
      if (seen.has(key)) return
      seen.add(key)
      out.push({ from: h.from, to: h.role, access: h.access, conditions: h.conditions, uncertain: h.uncertain, external: i === 0 && e.external })
    })
  }
  return out
}
