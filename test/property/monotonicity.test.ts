/**
 * Monotonicity of AWS's decision: more Allow never takes access away, more Deny never grants, an SCP
 * level that allows everything changes nothing, and an applicable Deny anywhere is an explicit deny.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import type { Decision } from '../../src/trace/types.js'
import { focusOf, FULL_ACCESS, propertyParams, statementArb } from '../helpers/arbitraries.js'
import { compileCase, parseCase } from '../helpers/build.js'
import { caseArb } from '../helpers/cases.js'
import { Tally } from '../helpers/tally.js'
import type { Json, LayerName, RawCase, RawPolicies } from '../helpers/arbitraries.js'

const EVAL_DA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'
const SCP_EVAL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html'

type JsonObject = { [key: string]: Json }

function decide(c: RawCase): Decision {
  return evaluateCompiled(c.request, compileCase(parseCase(c)), c.options).decision
}

/** Every existing policy of a case, with its layer, as a path into RawPolicies. */
function slots(p: RawPolicies): { layer: LayerName; get: () => JsonObject; set: (doc: JsonObject) => void }[] {
  const out: { layer: LayerName; get: () => JsonObject; set: (doc: JsonObject) => void }[] = []
  p.identity.forEach((_, i) => out.push({ layer: 'identity', get: () => p.identity[i] as JsonObject, set: (d) => void (p.identity[i] = d) }))
  p.session.forEach((_, i) => out.push({ layer: 'session', get: () => p.session[i] as JsonObject, set: (d) => void (p.session[i] = d) }))
  if (p.boundary !== null) out.push({ layer: 'boundary', get: () => p.boundary as JsonObject, set: (d) => void (p.boundary = d) })
  if (p.resource !== null) out.push({ layer: 'resource', get: () => p.resource as JsonObject, set: (d) => void (p.resource = d) })
  p.scps.forEach((level, l) => level.forEach((_, i) => out.push({ layer: 'scp', get: () => p.scps[l]?.[i] as JsonObject, set: (d) => void ((p.scps[l] as Json[])[i] = d) })))
  p.rcps.forEach((level, l) => level.forEach((_, i) => out.push({ layer: 'rcp', get: () => p.rcps[l]?.[i] as JsonObject, set: (d) => void ((p.rcps[l] as Json[])[i] = d) })))
  return out
}

function withStatement(doc: JsonObject, statement: JsonObject): JsonObject {
  const current = doc['Statement']
  const list = Array.isArray(current) ? [...(current as Json[])] : current === undefined ? [] : [current]
  return { ...doc, Statement: [...list, statement] }
}

const clone = (c: RawCase): RawCase => ({ ...c, policies: structuredClone(c.policies) as RawPolicies })

/**
 * A case plus one statement of the given effect added to one of its existing policies; a case with no
 * policy at all gets it in a new identity policy (which can only add permissions), so no case is skipped.
 */
const addedArb = (effect: 'Allow' | 'Deny'): fc.Arbitrary<[RawCase, RawCase]> =>
  caseArb.chain((c) => {
    const all = slots(c.policies)
    if (all.length === 0) {
      return statementArb('identity', focusOf(c.request)).map((s) => {
        const grown = clone(c)
        grown.policies.identity.push({ Version: '2012-10-17', Statement: [{ ...s, Effect: effect }] })
        return [c, grown] as [RawCase, RawCase]
      })
    }
    return fc.nat({ max: all.length - 1 }).chain((i) =>
      statementArb((all[i] as (typeof all)[number]).layer, focusOf(c.request)).map((s) => {
        const grown = clone(c)
        const slot = slots(grown.policies)[i] as (typeof all)[number]
        slot.set(withStatement(slot.get(), { ...s, Effect: effect }))
        return [c, grown] as [RawCase, RawCase]
      }),
    )
  })

describe('monotonicity', () => {
  it(`adding an Allow statement never turns allowed into a deny, nor an explicit deny into anything else (${EVAL_DA})`, () => {
    const tally = new Tally('add an Allow')
    fc.assert(
      fc.property(addedArb('Allow'), ([before, after]) => {
        const was = decide(before)
        const now = decide(after)
        if (was === 'allowed') expect(now).toBe('allowed')
        if (was === 'explicitDeny') expect(now).toBe('explicitDeny')
        tally.ran(was, ...(was !== now ? ['changed'] : []))
      }),
      propertyParams(),
    )
    // The property does real work: many cases start allowed.
    tally.check({ allowed: 0.15 })
  })

  it(`adding a Deny statement never turns a deny into allowed, nor lifts an explicit deny (${EVAL_DA})`, () => {
    const tally = new Tally('add a Deny')
    fc.assert(
      fc.property(addedArb('Deny'), ([before, after]) => {
        const was = decide(before)
        const now = decide(after)
        if (was !== 'allowed') expect(now).not.toBe('allowed')
        if (was === 'explicitDeny') expect(now).toBe('explicitDeny')
        tally.ran(was, ...(was !== now ? ['changed'] : []))
      }),
      propertyParams(),
    )
    tally.check({ allowed: 0.15, changed: 0.05 })
  })

  it(`adding an SCP level that allows * changes nothing (${SCP_EVAL})`, () => {
    const tally = new Tally('add an SCP level allowing *')
    fc.assert(
      fc.property(caseArb, fc.nat(), (c, at) => {
        const grown = clone(c)
        const levels = grown.policies.scps
        // Outside an organization there are no SCPs at all; FullAWSAccess at every level is the default inside one.
        if (levels.length === 0) levels.push([FULL_ACCESS])
        levels.splice(at % (levels.length + 1), 0, [FULL_ACCESS])
        const was = decide(c)
        expect(decide(grown)).toBe(was)
        tally.ran(was)
      }),
      propertyParams(),
    )
    tally.check({ allowed: 0.15 })
  })

  it(`the caller's side read as allowing everything (identity and session policies Allow *, no boundary or SCP) never denies what the real caller's side allows (${EVAL_DA})`, () => {
    // What the trust graph relies on to skip principals that a role's trust policy and RCPs alone deny.
    const tally = new Tally("caller's side allowing everything")
    fc.assert(
      fc.property(caseArb, (c) => {
        const widened = clone(c)
        const p = widened.policies
        p.identity = [FULL_ACCESS]
        p.boundary = null
        // A federated user's session has no permissions without a session policy: one that allows
        // everything, not none, is the widest. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
        if (p.session.length > 0) p.session = [FULL_ACCESS]
        p.scps = []
        const was = decide(c)
        const now = decide(widened)
        if (was === 'allowed') expect(now).toBe('allowed')
        tally.ran(was, ...(now !== 'allowed' ? ['widened denies'] : []))
      }),
      propertyParams(),
    )
    tally.check({ allowed: 0.15, 'widened denies': 0.05 })
  })

  it(`an applicable unconditional Deny in any layer that applies to the caller gives explicitDeny (${EVAL_DA})`, () => {
    const tally = new Tally('add an applicable Deny')
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.boolean(), (c, pick, wildcardResource) => {
        const kind = c.request.principal.kind
        const arn = kind === 'aws' ? c.request.principal.arn : ''
        const signed = kind === 'aws'
        const root = arn.endsWith(':root')
        const session = /:assumed-role\/|:federated-user\/|:role\//.test(arn)
        // Which layers AWS consults for this caller (SCPs and identity-side policies only bind signed callers;
        // neither SCPs nor RCPs bind a service-linked role: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
        const given = Object.entries(c.request.context ?? {}).find(([k]) => k.toLowerCase() === 'aws:principalarn')?.[1]
        const serviceLinked = [arn, ...(given === undefined ? [] : typeof given === 'string' ? [given] : given)].some((v) => v.includes(':role/aws-service-role/'))
        const layers: LayerName[] = ['resource', ...(serviceLinked ? [] : (['rcp'] as const)), ...(signed && !serviceLinked ? (['scp'] as const) : []), ...(signed && !root ? (['identity', 'boundary'] as const) : []), ...(signed && session ? (['session'] as const) : [])]
        const layer = layers[pick % layers.length] as LayerName
        const deny: JsonObject = { Effect: 'Deny', Action: c.request.action, Resource: wildcardResource ? '*' : c.request.resource }
        if (layer === 'resource' || layer === 'rcp') deny['Principal'] = '*'
        const doc: JsonObject = { Version: '2012-10-17', Statement: [deny] }
        const grown = clone(c)
        const p = grown.policies
        if (layer === 'identity') p.identity.push(doc)
        else if (layer === 'session') p.session.push(doc)
        else if (layer === 'boundary') p.boundary = p.boundary === null ? doc : withStatement(p.boundary, deny)
        else if (layer === 'resource') p.resource = p.resource === null ? doc : withStatement(p.resource, deny)
        else if (layer === 'scp') p.scps.push([doc])
        else p.rcps.push([doc])
        expect(decide(grown)).toBe('explicitDeny')
        tally.ran(decide(c))
      }),
      propertyParams(),
    )
    tally.check({ allowed: 0.15 })
  })
})
