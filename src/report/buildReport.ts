/**
 * Gathers the analyses of a snapshot into the report model: who can assume each role (directly and
 * through chains), the lint findings of every policy, and every problem reading the input. The one
 * place where analysis answers become report answers; the page only draws the result.
 */
import type { Diagnostic } from '../diagnostics.js'
import { reachers, TrustGraph } from '../graph/trustGraph.js'
import type { ReachEntry } from '../graph/trustGraph.js'
import { lintSources } from '../lint/lintSources.js'
import type { LintConfig } from '../lint/config.js'
import { decodePolicyDocument } from '../json/decodePolicyDocument.js'
import { parseJsonText } from '../json/readJson.js'
import type { JsonValue } from '../json/jsonValue.js'
import type { ContextValue } from '../request/types.js'
import { loadSnapshot } from '../snapshot/loadSnapshot.js'
import type { Snapshot, SnapshotInput, SnapshotRole } from '../snapshot/types.js'
import { ConditionTable, Interned, NodeTable } from './nodes.js'
import { attachFindings, attachGaps, lintConfigFor } from './attach.js'
import type { ReportAccess, ReportEntry, ReportModel, ReportReason, ReportRole, ReportGap } from './types.js'

/** Options for {@link buildReport}. */
export interface ReportOptions {
  /** Page title (default: names the organization or the accounts). */
  readonly title?: string
  /** ISO time to print; null or absent prints none (reproducible output). */
  readonly generatedAt?: string | null
  /** `iamtrace <version>`. */
  readonly generator?: string
  /** Context keys every question fixes (`--context KEY=VALUE`). */
  readonly context?: Readonly<Record<string, ContextValue>>
  /** Longest chain, in hops (default 5). */
  readonly maxDepth?: number
  /** Chains listed per role (default 50; 0 lists none). Principals with direct access are always listed. */
  readonly maxChainsPerRole?: number
  /** Lint configuration; its zone of trust is extended with the snapshot's accounts and organizations. */
  readonly lintConfig?: LintConfig
  /** Problems the caller met before loading (e.g. files it could not read), shown as gaps. */
  readonly inputProblems?: readonly ReportGap[]
  /** Called now and then with the roles done and the total. */
  readonly progress?: (done: number, total: number) => void
}

const DEFAULT_MAX_CHAINS = 50

/**
 * Builds the report model of a snapshot. Never throws: problems in the input become gaps, and a role
 * whose trust policy cannot be read is `uncertain`, never "nobody".
 *
 * @example
 * const model = buildReport([{ file: 'prod.json', text }], { generatedAt: new Date().toISOString() })
 * model.roles.map((r) => `${r.name}: ${r.direct.length} direct`)
 */
export function buildReport(inputs: readonly SnapshotInput[], options: ReportOptions = {}): ReportModel {
  const snapshot = loadSnapshot(inputs)
  const context = options.context ?? {}
  const maxDepth = options.maxDepth ?? 5
  const maxChains = options.maxChainsPerRole ?? DEFAULT_MAX_CHAINS
  const nodes = new NodeTable(snapshot)
  const conditions = new ConditionTable()
  const notes = new Interned<string>()

  const lint = lintSources(
    inputs.map((i) => ({ path: i.file, text: i.text ?? JSON.stringify(i.value) })),
    { config: lintConfigFor(snapshot, options.lintConfig) },
  )
  const findings = attachFindings(snapshot, nodes, lint.findings)
  const gaps = attachGaps(snapshot, nodes, [...(options.inputProblems ?? []), ...snapshot.diagnostics.map(gapOf), ...lintErrors(snapshot, lint.errors)])

  // Trust policies are shown as written: read again from the files (the snapshot keeps them compiled).
  const documents = new Map<string, JsonValue | undefined>()
  const trustDocument = (role: SnapshotRole): JsonValue | null => {
    const input = inputs.find((i) => i.file === role.origin.file)
    if (input === undefined) return null
    if (!documents.has(input.file)) {
      const read = input.text !== undefined ? parseJsonText(input.text, { maxLength: 256 * 1024 * 1024, maxDepth: 64 }) : undefined
      documents.set(input.file, read?.ok === true ? read.value.value : undefined)
    }
    const raw = valueAt(documents.get(input.file), `${role.origin.pointer}/AssumeRolePolicyDocument`)
    if (raw === undefined) return null
    if (typeof raw !== 'string') return raw
    const decoded = decodePolicyDocument(raw)
    return decoded.ok ? decoded.value.value : null
  }

  const graph = new TrustGraph(snapshot, { context })
  // Principals with the same answer (same access, conditions, chain and notes) share one entry.
  const entriesOf = (list: readonly ReachEntry[]): ReportEntry[] => {
    const byAnswer = new Map<string, { -readonly [K in keyof ReportEntry]: ReportEntry[K] } & { p: number[] }>()
    for (const e of list) {
      const uncertain = (e as { readonly uncertain?: readonly ReportReason[] }).uncertain
      const entry: { -readonly [K in keyof ReportEntry]: ReportEntry[K] } & { p: number[] } = { p: [], a: e.access as ReportAccess }
      if (e.conditions !== null) entry.c = conditions.of(e.conditions)
      if (uncertain !== undefined && uncertain.length > 0) entry.u = uncertain
      if (e.via.length > 0) entry.v = e.via.map((arn) => nodes.of(arn))
      if (e.notes.length > 0) entry.n = e.notes.map((n) => notes.add(n, () => n))
      const key = JSON.stringify([entry.a, entry.c, entry.u, entry.v, entry.n])
      const known = byAnswer.get(key)
      if (known !== undefined) known.p.push(nodes.of(e.principal))
      else byAnswer.set(key, { ...entry, p: [nodes.of(e.principal)] })
    }
    return [...byAnswer.values()]
  }

  const roleList = [...snapshot.accounts.values()].flatMap((a) => a.roles)
  const roles: ReportRole[] = roleList.map((role, i) => {
    options.progress?.(i, roleList.length)
    let cut = false
    const reached = reachers(graph, role, {
      context,
      transitive: maxChains > 0,
      maxDepth,
      maxPaths: graph.directAnswers(role).length + maxChains,
      onTruncated: () => void (cut = true),
    })
    const node = nodes.of(role.arn)
    const uncertain = trustProblems(role, gaps, node)
    return {
      node,
      name: role.name,
      arn: role.arn,
      account: role.account,
      path: role.path,
      serviceLinked: role.serviceLinked,
      ...(role.maxSessionDuration !== undefined ? { maxSessionSeconds: role.maxSessionDuration } : {}),
      trust: uncertain !== undefined ? null : trustDocument(role),
      direct: entriesOf(reached.filter((e) => e.via.length === 0)),
      chains: entriesOf(reached.filter((e) => e.via.length > 0)),
      chainsCut: cut,
      denied: graph.deniedExternal(role).map((d) => ({ p: nodes.of(d.principal), decision: d.decision })),
      ...(uncertain !== undefined ? { uncertain } : {}),
    }
  })
  options.progress?.(roleList.length, roleList.length)

  const nodeList = nodes.finished()
  const externalPairs = roles.flatMap((r) => r.direct.flatMap((e) => e.p.filter((p) => nodeList[p]?.external === true)))
  const users = [...snapshot.accounts.values()].reduce((n, a) => n + a.users.length, 0)
  return {
    format: 'iamtrace-report',
    version: 1,
    generator: options.generator ?? 'iamtrace',
    generatedAt: options.generatedAt ?? null,
    title: options.title ?? defaultTitle(snapshot),
    files: inputs.map((i) => i.file),
    // Complete as the analyses mean it: every input read fully (a warning such as an empty condition
    // block is shown as a gap but loses nothing).
    complete: snapshot.complete && gaps.every((g) => g.severity !== 'error'),
    summary: {
      accounts: snapshot.accounts.size,
      roles: roles.length,
      users,
      principals: snapshot.principals.size,
      externalPrincipals: new Set(externalPairs).size,
      externalTrusts: externalPairs.length,
      uncertain: roles.reduce((n, r) => n + (r.uncertain !== undefined ? 1 : 0) + [...r.direct, ...r.chains].reduce((k, e) => k + (e.a === 'uncertain' ? e.p.length : 0), 0), 0),
      gaps: gaps.length,
      findings: findings.length,
      edges: roles.reduce((n, r) => n + r.direct.reduce((k, e) => k + e.p.length, 0), 0),
    },
    accounts: [...snapshot.accounts.values()].map((a) => ({
      id: a.id,
      ...(a.org?.name !== undefined ? { name: a.org.name } : {}),
      described: a.described,
      ...(a.org !== undefined ? { orgId: a.org.orgId, orgPath: a.org.path } : {}),
      management: a.org?.management === true,
      users: a.users.length,
      roles: a.roles.length,
    })),
    nodes: nodeList,
    roles,
    conditions: conditions.conditions.values,
    literals: conditions.literals.values,
    sources: conditions.sources.values,
    notes: notes.values,
    findings,
    gaps,
    escalations: { status: 'not-analysed', reason: 'privilege escalation beyond AssumeRole is not analysed by this version of iamtrace' },
    limits: { maxDepth, maxChainsPerRole: maxChains },
    context: Object.fromEntries(Object.entries(context)),
  }
}

/** The value at a JSON pointer. */
function valueAt(root: JsonValue | undefined, pointer: string): JsonValue | undefined {
  let at = root
  for (const token of pointer.split('/').slice(1)) {
    if (at === null || typeof at !== 'object') return undefined
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~')
    at = Array.isArray(at) ? (at as readonly JsonValue[])[Number(key)] : Object.hasOwn(at, key) ? (at as Readonly<Record<string, JsonValue>>)[key] : undefined
  }
  return at
}

function gapOf(d: Diagnostic): ReportGap {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.file !== undefined ? { file: d.file } : {}),
    ...(d.pointer !== '' ? { pointer: d.pointer } : {}),
    ...(d.position !== undefined ? { line: d.position.line, column: d.position.column } : {}),
  }
}

/** Lint input errors, except what the snapshot loader already reported (unreadable files, files of neither shape) and organization files, which lint does not read. */
function lintErrors(snapshot: Snapshot, errors: ReturnType<typeof lintSources>['errors']): ReportGap[] {
  const unreadable = new Set(snapshot.diagnostics.filter((d) => d.code.startsWith('json.')).map((d) => d.file))
  return errors
    .filter((e) => e.code !== 'input.not-a-policy' && !unreadable.has(e.file))
    .map((e) => ({
      code: e.code,
      severity: 'error',
      message: e.message,
      file: e.file,
      ...(e.pointer !== '' ? { pointer: e.pointer } : {}),
      ...(e.position !== undefined ? { line: e.position.line, column: e.position.column } : {}),
    }))
}

/**
 * Why who can assume a role cannot be decided: its trust policy is missing or unreadable. The loader
 * then grants nothing (or reads a deny-all stand-in), which an audit must not take for "nobody".
 */
function trustProblems(role: SnapshotRole, gaps: readonly ReportGap[], node: number): ReportReason[] | undefined {
  const trustPointer = `${role.origin.pointer}/AssumeRolePolicyDocument`
  const own = gaps.filter(
    (g) =>
      g.node === node &&
      ((g.code === 'snapshot.missing-trust-policy' && g.pointer === role.origin.pointer) ||
        (g.pointer !== undefined && (g.pointer === trustPointer || g.pointer.startsWith(`${trustPointer}/`)) && (g.severity === 'error' || g.code === 'snapshot.policy-fail-closed'))),
  )
  if (own.length === 0 && role.trust !== null) return undefined
  const reasons = own.map((g) => ({ code: g.code, message: g.message, ...(g.file !== undefined ? { file: g.file } : {}), ...(g.pointer !== undefined ? { pointer: g.pointer } : {}) }))
  return reasons.length > 0 ? reasons : [{ code: 'snapshot.missing-trust-policy', message: 'the trust policy could not be read: anyone it names may assume the role', file: role.origin.file, pointer: role.origin.pointer }]
}

function defaultTitle(snapshot: Snapshot): string {
  const orgs = [...new Set([...snapshot.orgAccounts.values()].map((o) => o.orgId))]
  if (orgs.length > 0) return `IAM trust report: organization ${orgs.join(', ')}`
  const ids = [...snapshot.accounts.keys()]
  return ids.length <= 3 ? `IAM trust report: account${ids.length === 1 ? '' : 's'} ${ids.join(', ')}` : `IAM trust report: ${ids.length} accounts`
}
