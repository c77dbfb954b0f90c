/**
 * Nodes of the report: every user and role of the snapshot, and the principals outside it that trust
 * policies admit, each written once and referred to by index. Also interned conditions and notes.
 */
import { parseArn } from '../arn/arn.js'
import type { PrincipalRef } from '../graph/canAssume.js'
import type { Residual } from '../analysis/types.js'
import { residualJson } from '../graph/render.js'
import type { ResidualJson } from '../graph/render.js'
import type { Snapshot } from '../snapshot/types.js'
import type { ReportCondition, ReportLiteral, ReportNode } from './types.js'

/** Providers AWS names by domain rather than by ARN, all OpenID Connect. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-federated-web-identity */
const WEB_IDENTITY_DOMAINS = new Set(['accounts.google.com', 'cognito-identity.amazonaws.com', 'graph.facebook.com', 'www.amazon.com'])

function providerKind(provider: string): 'oidc' | 'saml' {
  return provider.includes(':saml-provider/') ? 'saml' : 'oidc'
}

function providerLabel(provider: string): string {
  const i = provider.search(/:(oidc|saml)-provider\//)
  return i < 0 ? provider : provider.slice(provider.indexOf('/', i) + 1)
}

/** The nodes of a report, keyed by what they stand for. */
export class NodeTable {
  readonly nodes: ReportNode[] = []
  private readonly byKey = new Map<string, number>()
  private readonly marks = new Map<number, { findings: number[]; gaps: number[] }>()

  constructor(snapshot: Snapshot) {
    for (const account of snapshot.accounts.values()) {
      for (const p of [...account.users, ...account.roles]) {
        this.add(`arn|${p.arn}`, { kind: p.kind, label: p.name, ref: p.arn, account: p.account })
      }
    }
  }

  /** The node of a snapshot principal (by ARN); undefined when the snapshot does not describe it. */
  known(arn: string): number | undefined {
    return this.byKey.get(`arn|${arn}`)
  }

  /** The node of any principal an answer names, created on first sight. */
  of(ref: PrincipalRef): number {
    if (typeof ref === 'string') {
      const known = this.known(ref)
      if (known !== undefined) return known
      if (ref === '*') return this.add('*', { kind: 'anyone', label: 'any AWS principal (*)', ref: '*', external: true })
      const arn = parseArn(ref)
      const name = arn === undefined ? ref : arn.resource.slice(arn.resource.lastIndexOf('/') + 1) || arn.resource
      return this.add(`arn|${ref}`, { kind: 'principal', label: name, ref, external: true, ...(arn?.account !== undefined && arn.account !== '' ? { account: arn.account } : {}) })
    }
    if ('account' in ref) return this.add(`account|${ref.account}`, { kind: 'account', label: `account ${ref.account}`, ref: ref.account, account: ref.account, external: true })
    if ('service' in ref) return this.add(`service|${ref.service}`, { kind: 'service', label: ref.service, ref: ref.service, external: true })
    const account = parseArn(ref.federated)?.account
    const provider = WEB_IDENTITY_DOMAINS.has(ref.federated) ? 'oidc' : providerKind(ref.federated)
    return this.add(`federated|${ref.federated}`, {
      kind: 'federated',
      label: providerLabel(ref.federated),
      ref: ref.federated,
      external: true,
      provider,
      ...(account !== undefined && account !== '' ? { account } : {}),
    })
  }

  /** Records that finding or gap `index` concerns node `id`. */
  mark(id: number, what: 'findings' | 'gaps', index: number): void {
    let m = this.marks.get(id)
    if (m === undefined) {
      m = { findings: [], gaps: [] }
      this.marks.set(id, m)
    }
    m[what].push(index)
  }

  /** The nodes with their findings and gaps. */
  finished(): ReportNode[] {
    return this.nodes.map((n, id) => {
      const m = this.marks.get(id)
      if (m === undefined) return n
      return { ...n, ...(m.findings.length > 0 ? { findings: m.findings } : {}), ...(m.gaps.length > 0 ? { gaps: m.gaps } : {}) }
    })
  }

  private add(key: string, node: ReportNode): number {
    const known = this.byKey.get(key)
    if (known !== undefined) return known
    const id = this.nodes.length
    this.nodes.push(node)
    this.byKey.set(key, id)
    return id
  }
}

/** Interned values: each distinct value is written once and referred to by index. */
export class Interned<T> {
  readonly values: T[] = []
  private readonly index = new Map<string, number>()

  /** The index of `value`, keyed by `key`. */
  add(key: string, value: () => T): number {
    let i = this.index.get(key)
    if (i === undefined) {
      i = this.values.length
      this.values.push(value())
      this.index.set(key, i)
    }
    return i
  }
}

/** Interned conditions, literals and statement sources of a report. */
export class ConditionTable {
  readonly conditions = new Interned<ReportCondition>()
  readonly literals = new Interned<ReportLiteral>()
  readonly sources = new Interned<string>()
  private readonly seen = new WeakMap<Residual, number>()

  /** The index of a residual's condition. */
  of(r: Residual): number {
    const known = this.seen.get(r)
    if (known !== undefined) return known
    const json = residualJson(r) as ResidualJson
    const anyOf = json.anyOf.map((t) =>
      t.allOf.map((l) => {
        const sources = l.sources.map((s) => {
          const text = `${s.layer} policy "${s.policy}" statement #${s.index}${s.sid !== undefined ? ` (${s.sid})` : ''} at ${s.condition}`
          return this.sources.add(text, () => text)
        })
        return this.literals.add(`${l.text}\u0000${sources.join(',')}`, () => ({ text: l.text, sources }))
      }),
    )
    const i = this.conditions.add(`${json.approximate ? 1 : 0}${JSON.stringify(anyOf)}`, () => ({ text: json.text, approximate: json.approximate, anyOf }))
    this.seen.set(r, i)
    return i
  }
}
