/**
 * The diff of two versions of one input: every role of either version (matched by key: the policy
 * file's path, the template's logical id or Terraform address, the snapshot role's ARN), each class of
 * callers compared by meaning (`trustDiff.ts`), identity policy files compared request region by region
 * (`identityDiff.ts`), and what the engine cannot decide (a value a template leaves unresolved, a
 * statement that does not parse) reported `uncertain`, never dropped.
 */
import type { UncertainReason } from '../analysis/types.js'
import { diffIdentity } from './identityDiff.js'
import type { RoleUnit, VersionRead } from './inputs.js'
import { diffTrust } from './trustDiff.js'
import type { TrustDiffOptions } from './trustDiff.js'
import type { DiffChange, VersionAccess } from './types.js'

/** Options of {@link diffVersions}. */
export type DiffOptions = TrustDiffOptions

const UNKNOWN: VersionAccess = { access: 'uncertain', conditions: null, uncertain: [] }

/** Statements of AFTER holding unresolved values that BEFORE does not hold with the same expressions. */
function unresolvedChange(before: RoleUnit | undefined, after: RoleUnit): DiffChange | undefined {
  const u = after.unresolved
  if (u === undefined) return undefined
  const known = new Set(before?.unresolved?.statements.values() ?? [])
  const fresh = u.whole && before?.unresolved?.whole !== true ? [''] : [...u.statements].filter(([, v]) => !known.has(v)).map(([p]) => p)
  if (fresh.length === 0) return undefined
  const first = fresh[0] as string
  const notes = u.notes.filter((n) => fresh.some((p) => n.pointer === undefined || n.pointer.endsWith(p) || p === '' || n.pointer.includes(`${p}/`)))
  const reasons: readonly UncertainReason[] = notes.length > 0 ? notes : u.notes
  const location = after.locate?.(first)
  return {
    role: after.role,
    kind: 'uncertain',
    principal: '*',
    before: before === undefined ? null : UNKNOWN,
    after: { ...UNKNOWN, uncertain: reasons },
    uncertain: reasons,
    ...(before === undefined ? { roleChange: 'added' as const } : {}),
    ...(location !== undefined ? { location } : {}),
  }
}

/** Parts of AFTER's trust policy that did not parse, unless BEFORE has the very same problems. */
function invalidChange(before: RoleUnit | undefined, after: RoleUnit): DiffChange | undefined {
  if (after.invalid === undefined) return undefined
  const key = (r: UncertainReason): string => `${r.pointer ?? ''}|${r.message}`
  const known = new Set((before?.invalid ?? []).map(key))
  const fresh = after.invalid.filter((r) => !known.has(key(r)))
  if (fresh.length === 0) return undefined
  const location = after.locate?.(fresh[0]?.pointer ?? '')
  return {
    role: after.role,
    kind: 'uncertain',
    principal: '*',
    before: before === undefined ? null : UNKNOWN,
    after: { ...UNKNOWN, uncertain: fresh },
    uncertain: fresh,
    ...(location !== undefined ? { location } : {}),
  }
}

/**
 * A Terraform block whose text changed while the policy read from it (with the variables' defaults) did
 * not: the branches other variable values take may have changed.
 */
function hiddenChange(before: RoleUnit, after: RoleUnit): DiffChange | undefined {
  if (before.sourceText === undefined || after.sourceText === undefined || before.sourceText === after.sourceText) return undefined
  const reason: UncertainReason = {
    code: 'diff.unresolved-value',
    message: "the Terraform blocks of this trust policy changed, but the policy read with the module's variable defaults did not: the change is in branches other values of the variables take (dynamic blocks, count, conditionals)",
    file: after.file,
  }
  const location = after.locate?.('')
  return { role: after.role, kind: 'uncertain', principal: '*', before: UNKNOWN, after: { ...UNKNOWN, uncertain: [reason] }, uncertain: [reason], ...(location !== undefined ? { location } : {}) }
}

/**
 * Every change between two versions of policy files or templates (snapshots: `diffSnapshots`).
 *
 * @example
 * const changes = diffVersions(readVersion(beforeSources), readVersion(afterSources))
 * changes.filter((c) => c.kind === 'gained').map((c) => [c.role, c.principal, c.witness?.request])
 */
export function diffVersions(before: VersionRead, after: VersionRead, options: DiffOptions = {}): DiffChange[] {
  const out: DiffChange[] = []
  const keys = [...new Set([...before.roles.keys(), ...after.roles.keys()])].sort()
  for (const key of keys) {
    const b = before.roles.get(key)
    const a = after.roles.get(key)
    const changes = diffTrust(b ?? null, a ?? null, options)
    if (a !== undefined) {
      for (const extra of [unresolvedChange(b, a), invalidChange(b, a)]) {
        if (extra === undefined) continue
        // One entry per principal: an engine answer for `*` absorbs the reasons.
        const same = changes.findIndex((c) => c.principal === '*' && c.kind === 'uncertain')
        if (same >= 0) {
          const c = changes[same] as DiffChange
          changes[same] = { ...c, uncertain: [...(c.uncertain ?? []), ...(extra.uncertain ?? [])] }
        } else changes.push(extra)
      }
    }
    const hidden = !changes.some((c) => c.kind === 'gained' || c.kind === 'uncertain') && b !== undefined && a !== undefined ? hiddenChange(b, a) : undefined
    if (hidden !== undefined) changes.push(hidden)
    out.push(...changes)
  }
  const policyKeys = [...new Set([...before.policies.keys(), ...after.policies.keys()])].sort()
  for (const key of policyKeys) out.push(...diffIdentity(before.policies.get(key) ?? null, after.policies.get(key) ?? null, options))
  return out
}
