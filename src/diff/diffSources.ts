/**
 * `diff` as a library: two versions of an input as `{ path, key, text }` sources → one report. Policy
 * files and templates are compared role by role (`diffVersions.ts`), snapshots question by question
 * (`snapshotDiff.ts`). Two versions of different kinds, or files that cannot be read, are input errors
 * with file and location; parts of inputs that could not be read make the report incomplete, never
 * "no change".
 */
import type { UncertainReason } from '../analysis/types.js'
import type { LintInputError } from '../lint/types.js'
import type { PolicyKind } from '../policy/types.js'
import { loadSnapshot } from '../snapshot/loadSnapshot.js'
import { diffVersions } from './diffVersions.js'
import { readVersion } from './inputs.js'
import type { VersionRead, VersionSource } from './inputs.js'
import { diffSnapshots } from './snapshotDiff.js'
import type { SnapshotDiffOptions } from './snapshotDiff.js'
import type { DiffChange, DiffReport } from './types.js'

/** Options of {@link diffSources}. */
export interface DiffSourcesOptions extends SnapshotDiffOptions {
  /** The kind of plain policy files (otherwise from the name, then the content). */
  readonly kind?: PolicyKind
  /** Names of the two versions in the report (default: the first path of each). */
  readonly labels?: readonly [string, string]
}

/** A diff, and the input errors that keep it from being trusted (exit 1). */
export interface DiffOutcome {
  readonly report: DiffReport
  readonly errors: readonly LintInputError[]
  /** Files of directories that hold no IAM input, skipped. */
  readonly skipped: number
}

function errorReason(e: LintInputError): UncertainReason {
  return { code: 'diff.unreadable', message: `${e.code}: ${e.message}`, file: e.file, ...(e.pointer !== '' ? { pointer: e.pointer } : {}) }
}

/**
 * Parts not read in both versions alike (the same macro call, the same missing managed policy) cannot
 * hide a change the versions make: they are listed apart. The others make the report incomplete.
 */
function partition(before: readonly UncertainReason[], after: readonly UncertainReason[]): { unread: UncertainReason[]; unchanged: UncertainReason[] } {
  const key = (u: UncertainReason): string => `${u.code}|${u.message}|${u.policy ?? ''}|${u.pointer ?? ''}`
  const inB = new Set(before.map(key))
  const inA = new Set(after.map(key))
  const unread: UncertainReason[] = []
  const unchanged: UncertainReason[] = []
  const seen = new Set<string>()
  for (const u of after) {
    if (seen.has(key(u))) continue
    seen.add(key(u))
    if (inB.has(key(u))) unchanged.push(u)
    else unread.push({ ...u, message: `AFTER: ${u.message}` })
  }
  for (const u of before) {
    if (inA.has(key(u)) || seen.has(`b|${key(u)}`)) continue
    seen.add(`b|${key(u)}`)
    unread.push({ ...u, message: `BEFORE: ${u.message}` })
  }
  return { unread, unchanged }
}

function kindsText(v: VersionRead): string {
  return [...v.kinds].sort().join(', ') || 'nothing readable'
}

/**
 * Compares two versions of one input.
 *
 * @example
 * const { report, errors } = diffSources([{ path: 'a/trust.json', key: 'trust.json', text: a }], [{ path: 'b/trust.json', key: 'trust.json', text: b }])
 * report.changes.filter((c) => c.kind === 'gained').map((c) => c.witness?.request)
 */
export function diffSources(before: readonly VersionSource[], after: readonly VersionSource[], options: DiffSourcesOptions = {}): DiffOutcome {
  const vB = readVersion(before, options.kind !== undefined ? { kind: options.kind } : {})
  const vA = readVersion(after, options.kind !== undefined ? { kind: options.kind } : {})
  const errors: LintInputError[] = [...vB.errors, ...vA.errors]
  const labels = options.labels ?? [before[0]?.path ?? 'BEFORE', after[0]?.path ?? 'AFTER']
  const shared = [...vA.kinds].some((k) => vB.kinds.has(k))
  if (!shared && vA.kinds.size > 0 && vB.kinds.size > 0) {
    errors.push({ code: 'diff.kind-mismatch', file: labels[1], pointer: '', message: `BEFORE holds ${kindsText(vB)} and AFTER holds ${kindsText(vA)}: two versions of the same kind of input are needed` })
  }
  if (before.length === 0 || after.length === 0) {
    errors.push({ code: 'diff.unreadable', file: before.length === 0 ? labels[0] : labels[1], pointer: '', message: 'no input file to compare' })
  }
  const changes: DiffChange[] = []
  const unreadB: UncertainReason[] = [...vB.unread]
  const unreadA: UncertainReason[] = [...vA.unread]
  if (errors.length === 0 || shared) {
    changes.push(...diffVersions(vB, vA, options))
    if (vB.snapshotFiles.length > 0 || vA.snapshotFiles.length > 0) {
      const load = (files: readonly VersionSource[]) => loadSnapshot(files.map((f) => ({ file: f.path, text: f.text })))
      const d = diffSnapshots(load(vB.snapshotFiles), load(vA.snapshotFiles), options)
      changes.push(...d.changes)
      unreadB.push(...d.unreadBefore)
      unreadA.push(...d.unreadAfter)
    }
  }
  const { unread, unchanged } = partition(unreadB, unreadA)
  unread.push(...errors.map(errorReason))
  return { report: { before: labels[0], after: labels[1], changes, complete: unread.length === 0, unread, unchangedUnread: unchanged }, errors, skipped: vB.skipped.length + vA.skipped.length }
}
