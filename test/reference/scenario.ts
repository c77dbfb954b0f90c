/**
 * Reads a scenario file (docs/scenario-format.md) for the reference evaluator, with `JSON.parse`:
 * the request in the file's shape, every policy as JSON text, and the expected decision.
 */
import type { RefDecision, RefPolicyTexts, RefPrincipal, RefRequest } from './types.js'

/** A scenario as the reference reads it; undefined fields make it unreadable here. */
export interface RefScenario {
  readonly request: RefRequest
  readonly policies: RefPolicyTexts
  readonly expect: RefDecision | undefined
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function principalOf(p: unknown): RefPrincipal | undefined {
  if (typeof p === 'string') return { kind: 'aws', arn: p }
  if (!isObject(p)) return undefined
  if (typeof p['aws'] === 'string') return { kind: 'aws', arn: p['aws'] }
  if (typeof p['service'] === 'string') return { kind: 'service', service: p['service'] }
  if (typeof p['federated'] === 'string') return { kind: 'federated', provider: p['federated'] }
  if (p['anonymous'] === true) return { kind: 'anonymous' }
  return undefined
}

/** A policy slot: a document, a named document, or a document given as (URL-encoded) JSON text. */
function textOf(v: unknown): string {
  const doc = isObject(v) && 'document' in v ? v['document'] : v
  if (typeof doc !== 'string') return JSON.stringify(doc)
  return doc.trimStart().startsWith('{') ? doc : decodeURIComponent(doc)
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/** Reads a scenario file's text; undefined when it is not a scenario the reference can read. */
export function readScenario(text: string): RefScenario | undefined {
  const file: unknown = JSON.parse(text)
  if (!isObject(file) || !isObject(file['request'])) return undefined
  const r = file['request']
  const principal = principalOf(r['principal'])
  if (principal === undefined || typeof r['action'] !== 'string' || typeof r['resource'] !== 'string') return undefined
  const context: Record<string, string | string[]> = {}
  for (const [k, v] of Object.entries(isObject(r['context']) ? r['context'] : {})) context[k] = Array.isArray(v) ? v.map(String) : String(v)
  const request: RefRequest = {
    principal,
    action: r['action'],
    resource: r['resource'],
    ...(typeof r['resourceAccount'] === 'string' ? { resourceAccount: r['resourceAccount'] } : {}),
    context,
  }
  const pp = isObject(file['principalPolicies']) ? file['principalPolicies'] : {}
  const rp = isObject(file['resourcePolicies']) ? file['resourcePolicies'] : {}
  const policies: RefPolicyTexts = {
    identity: list(pp['identity']).map(textOf),
    boundary: pp['boundary'] === undefined || pp['boundary'] === null ? null : textOf(pp['boundary']),
    session: list(pp['session']).map(textOf),
    scps: list(pp['scps']).map((level) => list(level).map(textOf)),
    resource: rp['resource'] === undefined || rp['resource'] === null ? null : textOf(rp['resource']),
    rcps: list(rp['rcps']).map((level) => list(level).map(textOf)),
  }
  const expected = isObject(file['expect']) ? file['expect']['decision'] : undefined
  return { request, policies, expect: expected === 'allowed' || expected === 'explicitDeny' || expected === 'implicitDeny' ? expected : undefined }
}
