/**
 * What the engine and the reference read from a generated case: the engine parses each document
 * with its own parser; the reference gets the JSON text.
 */
import { compilePolicySet } from '../../src/evaluate/policySet.js'
import type { CompiledPolicySet } from '../../src/evaluate/evaluate.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import type { Policy, PolicyKind } from '../../src/policy/types.js'
import type { Request } from '../../src/request/types.js'
import type { RefPolicyTexts } from '../reference/types.js'
import type { Json, JsonObject, RawCase } from './arbitraries.js'


const TRUST_ACTION = /^sts:(assumerole|assumerolewithsaml|assumerolewithwebidentity|tagsession|setsourceidentity|setcontext)$/i

/** The kind the resource-layer policy is parsed as (as scenario files do). */
export function resourceKind(request: Request): PolicyKind {
  return TRUST_ACTION.test(request.action) && /^arn:[^:]+:iam::\d{12}:role\//.test(request.resource) ? 'trust' : 'resource'
}

/** Parses a document; a document that cannot be read at all is dropped (as it would be an input error). */
export function parseDoc(doc: Json, kind: PolicyKind): Policy | undefined {
  const r = parsePolicy(doc, { kind })
  return r.ok ? r.value : r.recovered
}

/** Parsed policies per layer, as the engine reads them. */
export interface ParsedSet {
  identity: Policy[]
  boundary: Policy | null
  session: Policy[]
  scps: Policy[][]
  resource: Policy | null
  rcps: Policy[][]
}

/** Parsed policies per layer. */
export function parseCase(c: RawCase): ParsedSet {
  const list = (docs: readonly Json[], kind: PolicyKind): Policy[] => docs.map((d) => parseDoc(d, kind)).filter((p): p is Policy => p !== undefined)
  const p = c.policies
  return {
    identity: list(p.identity, 'identity'),
    boundary: p.boundary === null ? null : (parseDoc(p.boundary, 'boundary') ?? null),
    session: list(p.session, 'session'),
    scps: p.scps.map((level) => list(level, 'scp')),
    resource: p.resource === null ? null : (parseDoc(p.resource, resourceKind(c.request)) ?? null),
    rcps: p.rcps.map((level) => list(level, 'rcp')),
  }
}

/** The case's policies as JSON text, which is all the reference evaluator reads. */
export function policyTexts(c: RawCase): RefPolicyTexts {
  const p = c.policies
  const text = (d: Json): string => JSON.stringify(d)
  return {
    identity: p.identity.map(text),
    boundary: p.boundary === null ? null : text(p.boundary),
    session: p.session.map(text),
    scps: p.scps.map((level) => level.map(text)),
    resource: p.resource === null ? null : text(p.resource),
    rcps: p.rcps.map((level) => level.map(text)),
  }
}

/** Compiles parsed policies for the engine. */
export function compileCase(set: ParsedSet): CompiledPolicySet {
  return compilePolicySet({ identity: set.identity, boundary: set.boundary, session: set.session, scps: set.scps, resource: set.resource, rcps: set.rcps })
}

/** The case as a scenario file (contract v1), for writing counterexamples to corpus/regressions/. */
export function toScenario(c: RawCase, description: string, source: string, decision: string): JsonObject {
  const p = c.request.principal
  const principal: Json = p.kind === 'aws' ? p.arn : p.kind === 'service' ? { service: p.service } : p.kind === 'federated' ? { federated: p.provider } : { anonymous: true }
  return {
    description,
    source,
    request: {
      principal,
      action: c.request.action,
      resource: c.request.resource,
      ...(c.request.resourceAccount !== undefined ? { resourceAccount: c.request.resourceAccount } : {}),
      context: (c.request.context ?? {}) as Json,
    },
    principalPolicies: { identity: c.policies.identity, boundary: c.policies.boundary, session: c.policies.session, scps: c.policies.scps },
    resourcePolicies: { resource: c.policies.resource, rcps: c.policies.rcps },
    expect: { decision },
  }
}
