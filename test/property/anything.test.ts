/**
 * The library takes what a JavaScript caller passes: every exported function that takes a request or
 * a policy is fed arbitrary values (and arbitrary values in place of each part of a request) and must
 * neither throw nor answer `allowed`. Fail closed: bad input never crashes and never yields `allowed`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  analyzeAccess,
  compilePolicy,
  compilePolicySet,
  compileRequest,
  compileScenario,
  decodePolicyDocument,
  detectKind,
  evaluate,
  evaluateAssumeCall,
  evaluateAssumeCallFile,
  evaluateCompiled,
  fromPlainValue,
  lintPolicy,
  parseAssumeCall,
  parsePolicy,
  parseScenario,
  printPolicy,
  readRequest,
  renderAnnotatedPolicy,
  renderText,
} from '../../src/index.js'
import type { OpenKeys } from '../../src/index.js'
import { propertyRuns } from '../helpers/arbitraries.js'

const A = '111122223333'
const ROLE = `arn:aws:iam::${A}:role/Target`
const allowAll = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, { kind: 'resource' })
const allowAllIdentity = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, { kind: 'identity' })
if (!allowAll.ok || !allowAllIdentity.ok) throw new Error('fixtures')
// Policies that allow everything: only the request's own validity can keep an answer from `allowed`.
const open = compilePolicySet({ identity: [allowAllIdentity.value], resource: allowAll.value })
const noKeys: OpenKeys = { isOpen: () => false, variable: (k) => k }
// A scenario whose own request is allowed: any value given in its place must be read as a request.
const openScenario = parseScenario(
  JSON.stringify({
    request: { principal: `arn:aws:iam::${A}:user/u`, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', resourceAccount: A },
    principalPolicies: { identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }] },
  }),
)
if (!openScenario.ok) throw new Error('fixtures')
const openCompiled = compileScenario(openScenario.value)
if (openCompiled.evaluate().decision !== 'allowed') throw new Error('fixtures: the open scenario allows its own request')

const anything = fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withObjectString: true, withSparseArray: true })

/** A request whose parts are each replaced, or not, by an arbitrary value. */
const brokenRequest = fc
  .record({
    principal: fc.oneof(anything, fc.constant({ kind: 'aws', arn: 'not-an-arn' }), fc.constant('arn:aws:iam::111122223333:group/g'), fc.constant({ aws: 5 }), fc.constant({ federated: '' })),
    action: fc.oneof(anything, fc.constant('sts'), fc.constant('')),
    resource: fc.oneof(anything, fc.constant('')),
    context: fc.oneof(anything, fc.dictionary(fc.string(), anything)),
  })
  .map((r) => ({ ...r }))

function noThrowNoAllow(f: () => { decision?: unknown } | unknown): void {
  let result: unknown
  expect(() => (result = f()), f.toString()).not.toThrow()
  if (typeof result === 'object' && result !== null && 'decision' in result) expect((result as { decision: unknown }).decision).not.toBe('allowed')
}

describe('arbitrary values handed to the library', () => {
  const runs = { numRuns: propertyRuns(), seed: 20240601 }

  it('never throw and are never allowed, in place of a request', () => {
    fc.assert(
      fc.property(anything, (value) => {
        noThrowNoAllow(() => evaluateCompiled(value as never, open))
        noThrowNoAllow(() => evaluateCompiled(compileRequest(value as never), open))
        noThrowNoAllow(() => evaluate(value as never, { identity: [allowAllIdentity.value], resource: allowAll.value }))
        noThrowNoAllow(() => compileScenario({ request: value } as never).evaluate())
        if (value !== undefined) noThrowNoAllow(() => openCompiled.evaluate(value as never))
        noThrowNoAllow(() => analyzeAccess({ request: value as never, policies: open, keys: noKeys }))
        noThrowNoAllow(() => readRequest(value))
      }),
      runs,
    )
  })

  it('never throw and are never allowed, in place of a part of a request', () => {
    fc.assert(
      fc.property(brokenRequest, (request) => {
        // The valid shape with every part readable would be allowed: skip the few draws that are valid.
        const r = readRequest(request)
        fc.pre(!r.ok)
        noThrowNoAllow(() => evaluateCompiled(request as never, open))
        noThrowNoAllow(() => evaluateCompiled(compileRequest(request as never), open, { trace: true }))
      }),
      runs,
    )
  })

  it('never throw and are never allowed, in place of a policy or a policy set', () => {
    const request = { principal: `arn:aws:iam::${A}:user/alice`, action: 'sts:AssumeRole', resource: ROLE }
    fc.assert(
      fc.property(anything, fc.constantFrom('identity', 'resource', 'scp', 'boundary', 'session', 'rcp', 'trust', 7), (value, layer) => {
        noThrowNoAllow(() => evaluate(request, value as never))
        noThrowNoAllow(() => evaluate(request, { resource: value } as never))
        noThrowNoAllow(() => evaluate(request, { identity: [value], resource: allowAll.value } as never))
        noThrowNoAllow(() => evaluateCompiled(request, value as never))
        noThrowNoAllow(() => evaluateCompiled(request, { identity: [value], resource: open.resource } as never))
        noThrowNoAllow(() => evaluateCompiled(request, compilePolicySet(value as never)))
        noThrowNoAllow(() => evaluateCompiled(request, { resource: compilePolicy(value as never, layer as never, 'p') }))
        noThrowNoAllow(() => compileScenario(value as never).evaluate(request))
        noThrowNoAllow(() => parsePolicy(value, { kind: layer as never }))
        noThrowNoAllow(() => parseScenario(value))
        noThrowNoAllow(() => lintPolicy(value))
        noThrowNoAllow(() => detectKind(value as never))
        noThrowNoAllow(() => decodePolicyDocument(value))
        noThrowNoAllow(() => fromPlainValue(value))
        noThrowNoAllow(() => printPolicy(value as never))
        noThrowNoAllow(() => renderAnnotatedPolicy(value as never, value as never))
        noThrowNoAllow(() => renderText(value as never))
        noThrowNoAllow(() => parseAssumeCall(value))
        noThrowNoAllow(() => evaluateAssumeCall(value as never))
        noThrowNoAllow(() => evaluateAssumeCallFile(value as never))
      }),
      runs,
    )
  })
})
