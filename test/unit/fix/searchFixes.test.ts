/**
 * The minimal-fix search on scenario files, checked independently: every patch is applied to the raw
 * policy document of the scenario file (the document as the user wrote it), the file is parsed again
 * and evaluated by the engine; every context fix is put in the file's request. Each must give `allowed`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyJsonPatch } from '../../../src/fix/jsonPatch.js'
import type { PatchValue } from '../../../src/fix/jsonPatch.js'
import type { Fix, FixChange } from '../../../src/fix/types.js'
import { compileScenario } from '../../../src/scenario/compileScenario.js'
import { fixScenario } from '../../../src/scenario/fixScenario.js'
import { parseScenario } from '../../../src/scenario/parseScenario.js'

const ROOT = join(import.meta.dirname, '../../../corpus')
const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith('.json') ? [join(d, n)] : []))

type Json = Record<string, unknown>
const DIRS = ['examples', 'layers', 'sts', 'cross-account', 'principals', 'conditions']

/** The raw policy entry of the scenario file a change names (by layer, level and name). */
function entry(file: Json, change: FixChange): { holder: Json; key: string } | undefined {
  const pp = file['principalPolicies'] as Json | undefined
  const rp = file['resourcePolicies'] as Json | undefined
  const p = change.policy
  if (p === undefined) return undefined
  // Unnamed policies are named as the scenario reader names them (`identity[0]`, `scp level 1[0]`).
  const named = (v: unknown, fallback: string): boolean => (typeof v === 'object' && v !== null && 'document' in v && 'name' in v ? (v as Json)['name'] === p.name : fallback === p.name)
  const list = (arr: unknown, label: string): { holder: Json; key: string } | undefined => {
    if (!Array.isArray(arr)) return undefined
    const i = arr.findIndex((v: unknown, j: number) => named(v, `${label}[${j}]`))
    return i >= 0 ? { holder: arr as unknown as Json, key: String(i) } : undefined
  }
  switch (p.layer) {
    case 'identity':
      return list(pp?.['identity'], 'identity')
    case 'session':
      return list(pp?.['session'], 'session')
    case 'boundary':
      return pp !== undefined ? { holder: pp, key: 'boundary' } : undefined
    case 'scp':
      return list((pp?.['scps'] as unknown[] | undefined)?.[p.level ?? 0], `scp level ${p.level ?? 0}`)
    case 'rcp':
      return list((rp?.['rcps'] as unknown[] | undefined)?.[p.level ?? 0], `rcp level ${p.level ?? 0}`)
    case 'resource':
      return rp !== undefined ? { holder: rp, key: 'resource' } : undefined
  }
}

/** Applies one change to the raw scenario file; false when it cannot be applied. */
function applyChange(file: Json, change: FixChange): boolean {
  if (change.context !== undefined) {
    const request = file['request'] as Json
    request['context'] = { ...((request['context'] as Json | undefined) ?? {}), ...change.context }
    return true
  }
  if (change.policy?.detach === true) {
    const at = entry(file, change)
    if (at === undefined) return false
    if (Array.isArray(at.holder)) (at.holder as unknown as unknown[]).splice(Number(at.key), 1)
    else delete at.holder[at.key]
    return true
  }
  if (change.patch === undefined || change.policy === undefined) return false
  if (change.policy.new === true) {
    const doc = (change.patch[0] as { value: unknown }).value
    if (change.policy.layer === 'identity') {
      const pp = (file['principalPolicies'] ??= {}) as Json
      pp['identity'] = [...((pp['identity'] as unknown[] | undefined) ?? []), { name: change.policy.name, document: doc }]
    } else {
      const rp = (file['resourcePolicies'] ??= {}) as Json
      rp['resource'] = { name: change.policy.name, document: doc }
    }
    return true
  }
  const at = entry(file, change)
  if (at === undefined) return false
  const raw = at.holder[at.key] as Json
  const hasDocument = typeof raw === 'object' && raw !== null && 'document' in raw
  const doc = hasDocument ? raw['document'] : raw
  // A document may be written as JSON text, URL-encoded or not.
  const value: unknown = typeof doc === 'string' ? JSON.parse(doc.trimStart().startsWith('{') ? doc : decodeURIComponent(doc)) : doc
  const r = applyJsonPatch(value as PatchValue, change.patch)
  if (!r.ok) return false
  at.holder[at.key] = hasDocument ? { ...raw, document: JSON.parse(JSON.stringify(r.value)) } : JSON.parse(JSON.stringify(r.value))
  return true
}

function verifyIndependently(text: string, fix: Fix): string | undefined {
  const file = JSON.parse(text) as Json
  for (const change of [fix, ...(fix.with ?? [])]) if (!applyChange(file, change)) return `could not apply: ${change.description}`
  const parsed = parseScenario(JSON.stringify(file))
  if (!parsed.ok) return `patched scenario does not parse: ${parsed.errors[0].code} ${parsed.errors[0].pointer}`
  const decision = compileScenario(parsed.value).evaluate().decision
  return decision === 'allowed' ? undefined : `still ${decision}`
}

const files = DIRS.flatMap((d) => walk(join(ROOT, d))).filter((f) => /"principalPolicies"/.test(readFileSync(f, 'utf8')))

describe('fixScenario', () => {
  it('finds no fix for an allowed request', () => {
    const parsed = parseScenario(readFileSync(join(ROOT, 'examples', 'cross-account-admin-with-mfa.json'), 'utf8'))
    if (!parsed.ok) throw new Error('example does not parse')
    expect(fixScenario(parsed.value)).toEqual([])
  })

  it('asks for MFA, not a weaker trust policy, when the trust policy demands MFA', () => {
    const parsed = parseScenario(readFileSync(join(ROOT, 'examples', 'cross-account-admin-needs-mfa.json'), 'utf8'))
    if (!parsed.ok) throw new Error('example does not parse')
    const fixes = fixScenario(parsed.value)
    expect(fixes.map((f) => [f.kind, f.context])).toEqual([['context', { 'aws:MultiFactorAuthPresent': 'true' }]])
  })

  it('every fix for every denied corpus scenario, applied to the file as written, allows the request', () => {
    let denied = 0
    let fixed = 0
    const failures: string[] = []
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
      const parsed = parseScenario(text, { file: f })
      if (!parsed.ok || compileScenario(parsed.value).evaluate().decision === 'allowed') continue
      denied++
      const fixes = fixScenario(parsed.value, { maxFixes: 3 })
      if (fixes.length > 0) fixed++
      for (const fix of fixes) {
        const problem = verifyIndependently(text, fix)
        if (problem !== undefined) failures.push(`${relative(ROOT, f)}: ${fix.kind} ${fix.description}: ${problem}`)
      }
    }
    expect(failures).toEqual([])
    expect(denied).toBeGreaterThan(100)
    // Most denials have a fix; the rest cannot be fixed by a policy or context change (wrong API, partition, anonymous caller).
    expect(fixed / denied).toBeGreaterThan(0.8)
  })
})
