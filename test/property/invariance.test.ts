/**
 * What must not change the decision: statement order, policy order, splitting one policy into two,
 * and the case of action names (request and policy) and of condition key names.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import type { Decision } from '../../src/trace/types.js'
import { propertyParams } from '../helpers/arbitraries.js'
import { compileCase, parseCase } from '../helpers/build.js'
import { caseArb } from '../helpers/cases.js'
import { Tally } from '../helpers/tally.js'
import type { Json, RawCase, RawPolicies } from '../helpers/arbitraries.js'

const EVAL_DA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'
const ACT = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html'
const COND = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html'

type JsonObject = { [key: string]: Json }

function decide(c: RawCase): Decision {
  return evaluateCompiled(c.request, compileCase(parseCase(c)), c.options).decision
}

/** Asserts the two decisions agree and counts what the original decided. */
function same(tally: Tally, changed: Decision, original: Decision): void {
  expect(changed).toBe(original)
  tally.ran(original)
}

/** A deterministic pseudo-random permutation from a seed (fast-check shrinks the seed). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let s = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

function statementsOf(doc: JsonObject): Json[] {
  const s = doc['Statement']
  return Array.isArray(s) ? [...(s as Json[])] : s === undefined ? [] : [s]
}

function mapDocs(p: RawPolicies, f: (doc: JsonObject) => JsonObject): RawPolicies {
  return {
    identity: p.identity.map(f),
    boundary: p.boundary === null ? null : f(p.boundary),
    session: p.session.map(f),
    scps: p.scps.map((l) => l.map((d) => f(d as JsonObject))),
    resource: p.resource === null ? null : f(p.resource),
    rcps: p.rcps.map((l) => l.map((d) => f(d as JsonObject))),
  }
}

/** Splits a document's statements into two documents with the same Version. */
function split(doc: JsonObject, at: number): JsonObject[] {
  const list = statementsOf(doc)
  if (list.length < 2) return [doc]
  const cut = 1 + (at % (list.length - 1))
  return [
    { ...doc, Statement: list.slice(0, cut) },
    { ...doc, Statement: list.slice(cut) },
  ]
}

/** Random upper/lower case per character. */
function recase(text: string, seed: number): string {
  let s = seed >>> 0 || 1
  let out = ''
  for (const ch of text) {
    s = (s * 1103515245 + 12345) >>> 0
    out += (s >>> 16) % 2 === 0 ? ch.toUpperCase() : ch.toLowerCase()
  }
  return out
}

function recaseActions(doc: JsonObject, seed: number): JsonObject {
  const statements = statementsOf(doc).map((st) => {
    const s = { ...(st as JsonObject) }
    for (const key of ['Action', 'NotAction']) {
      const v = s[key]
      if (typeof v === 'string') s[key] = recase(v, seed)
      else if (Array.isArray(v)) s[key] = (v as Json[]).map((a) => (typeof a === 'string' ? recase(a, seed + 1) : a))
    }
    return s
  })
  return { ...doc, Statement: statements }
}

function recaseConditionKeys(doc: JsonObject, seed: number): JsonObject {
  const statements = statementsOf(doc).map((st) => {
    const s = { ...(st as JsonObject) }
    const c = s['Condition']
    if (c !== null && typeof c === 'object' && !Array.isArray(c)) {
      const next: JsonObject = {}
      for (const [op, block] of Object.entries(c as JsonObject)) {
        const inner: JsonObject = {}
        for (const [key, values] of Object.entries(block as JsonObject)) inner[recase(key, seed + key.length)] = values
        next[op] = inner
      }
      s['Condition'] = next
    }
    return s
  })
  return { ...doc, Statement: statements }
}

describe('order and splitting never change the decision', () => {
  it(`statement order within every policy (${EVAL_DA})`, () => {
    const tally = new Tally('statement order within every policy')
    fc.assert(
      fc.property(caseArb, fc.integer(), (c, seed) => {
        const shuffled = { ...c, policies: mapDocs(c.policies, (d) => ({ ...d, Statement: shuffle(statementsOf(d), seed) })) }
        same(tally, decide(shuffled), decide(c))
      }),
      propertyParams(),
    )
    tally.check({ allowed: 0.15 })
  })

  it(`policy order within every layer and SCP/RCP level (${EVAL_DA})`, () => {
    const tally = new Tally('policy order within every layer and SCP/RCP level')
    fc.assert(
      fc.property(caseArb, fc.integer(), (c, seed) => {
        const p = c.policies
        const shuffled: RawCase = {
          ...c,
          policies: { ...p, identity: shuffle(p.identity, seed), session: shuffle(p.session, seed), scps: p.scps.map((l) => shuffle(l, seed)), rcps: p.rcps.map((l) => shuffle(l, seed)) },
        }
        same(tally, decide(shuffled), decide(c))
      }),
      propertyParams(),
    )
    tally.check({ allowed: 0.15 })
  })

  it(`splitting one policy into two (identity, session, an SCP or RCP level) (${EVAL_DA})`, () => {
    const tally = new Tally('splitting one policy into two (identity, session, an SCP or RCP level)')
    fc.assert(
      fc.property(caseArb, fc.nat(), (c, at) => {
        const p = c.policies
        const splitList = (list: readonly Json[]): JsonObject[] => list.flatMap((d, i) => (i === at % Math.max(list.length, 1) ? split(d as JsonObject, at) : [d as JsonObject]))
        const splitCase: RawCase = { ...c, policies: { ...p, identity: splitList(p.identity), session: splitList(p.session), scps: p.scps.map(splitList), rcps: p.rcps.map(splitList) } }
        same(tally, decide(splitCase), decide(c))
      }),
      propertyParams(),
    )
    tally.check({ allowed: 0.15 })
  })
})

describe('case never changes the decision', () => {
  it(`of action names, in the request and in policies (${ACT})`, () => {
    const tally = new Tally('of action names, in the request and in policies')
    fc.assert(
      fc.property(caseArb, fc.integer(), (c, seed) => {
        const recased: RawCase = { ...c, request: { ...c.request, action: recase(c.request.action, seed) }, policies: mapDocs(c.policies, (d) => recaseActions(d, seed)) }
        same(tally, decide(recased), decide(c))
      }),
      propertyParams(),
    )
    tally.check({ allowed: 0.15 })
  })

  it(`of condition key names, in policies and in the request context (${COND})`, () => {
    const tally = new Tally('of condition key names, in policies and in the request context')
    fc.assert(
      fc.property(caseArb, fc.integer(), (c, seed) => {
        const context: Record<string, string | readonly string[]> = {}
        for (const [k, v] of Object.entries(c.request.context ?? {})) context[recase(k, seed + k.length)] = v
        const recased: RawCase = { ...c, request: { ...c.request, context }, policies: mapDocs(c.policies, (d) => recaseConditionKeys(d, seed)) }
        same(tally, decide(recased), decide(c))
      }),
      propertyParams(),
    )
    tally.check({ allowed: 0.15 })
  })
})
