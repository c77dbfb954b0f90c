/**
 * Small shared pieces of the report and playground pages: access badges, principal chips, locations.
 */
import type { ComponentChildren } from 'preact'
import type { ReportAccess, ReportModel, ReportNode } from '../../types.js'

/** Severity order, most severe first (lint severities and diagnostic severities). */
const SEVERITY_ORDER = ['critical', 'error', 'high', 'medium', 'warning', 'low', 'info', 'note'] as const

/** Sort key of a severity (unknown ones last). */
export function severityRank(s: string): number {
  const i = (SEVERITY_ORDER as readonly string[]).indexOf(s)
  return i < 0 ? SEVERITY_ORDER.length : i
}

/** An access badge: allowed, conditional or uncertain. */
export function AccessBadge({ access }: { readonly access: ReportAccess }) {
  return <span class={`badge access-${access}`}>{access}</span>
}

/** A severity badge. */
export function SeverityBadge({ severity }: { readonly severity: string }) {
  return <span class={`badge sev-${severity}`}>{severity}</span>
}

/** The kind marker of an outside principal. */
export function kindTag(n: ReportNode): string | undefined {
  switch (n.kind) {
    case 'federated':
      return n.provider === 'saml' ? 'SAML' : 'OIDC'
    case 'service':
      return 'service'
    case 'account':
      return 'account'
    case 'anyone':
      return 'public'
    case 'principal':
      return 'outside'
    default:
      return undefined
  }
}

/** A principal as a chip, outside principals marked. */
export function NodeChip({ model, id, onSelect }: { readonly model: ReportModel; readonly id: number; readonly onSelect?: (id: number) => void }) {
  const n = model.nodes[id]
  if (n === undefined) return null
  const tag = kindTag(n)
  const body = (
    <>
      {n.external === true && <span class="ext-mark">external</span>}
      {tag !== undefined && n.kind !== 'principal' && <span class="kind-mark">{tag}</span>}
      <span class="chip-label">{n.kind === 'user' || n.kind === 'role' ? `${n.kind}/${n.label}` : n.label}</span>
      {(n.gaps?.length ?? 0) > 0 && (
        <span class="gap-mark" title="the snapshot could not be read fully for this principal: see its gaps">
          !
        </span>
      )}
      {n.account !== undefined && n.kind !== 'account' && <span class="chip-account">{n.account}</span>}
    </>
  )
  const cls = `chip node-${n.kind}${n.external === true ? ' external' : ''}`
  return onSelect === undefined ? (
    <span class={cls} title={n.ref}>
      {body}
    </span>
  ) : (
    <button
      type="button"
      class={cls}
      title={n.ref}
      onClick={(e) => {
        e.stopPropagation()
        onSelect(id)
      }}
    >
      {body}
    </button>
  )
}

/** `file:line:column`. */
export function Location({ file, line, column }: { readonly file?: string | undefined; readonly line?: number | undefined; readonly column?: number | undefined }) {
  if (file === undefined) return null
  return (
    <code class="loc">
      {file}
      {line !== undefined ? `:${line}` : ''}
      {column !== undefined ? `:${column}` : ''}
    </code>
  )
}

/** A titled section with a count. */
export function Section({ id, title, count, children }: { readonly id: string; readonly title: string; readonly count?: number; readonly children: ComponentChildren }) {
  return (
    <section id={id} class="section">
      <h2>
        {title}
        {count !== undefined && <span class="count">{count}</span>}
      </h2>
      {children}
    </section>
  )
}

/** `12,345`. PERF: not toLocaleString, whose first call loads locale data (a tenth of a second). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Plural helper: `3 roles`, `1 role`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`
}
