/**
 * parse ∘ print ∘ parse = parse: the canonical printer loses nothing the evaluator reads; and
 * `NotAction: [a]` matches exactly the actions `Action: [a]` does not.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileActionMatcher } from '../../src/compile/matchAction.js'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { compilePolicySet } from '../../src/evaluate/policySet.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import { printPolicy } from '../../src/policy/printPolicy.js'
import type { PolicyKind } from '../../src/policy/types.js'
import { policyDocArb, propertyParams } from '../helpers/arbitraries.js'
import { Tally } from '../helpers/tally.js'
import type { LayerName } from '../helpers/arbitraries.js'
import { withoutLocations } from '../helpers/policies.js'

const GRAM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html'
const NOTACT = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html'

const KIND: Readonly<Record<LayerName, PolicyKind>> = { identity: 'identity', boundary: 'boundary', session: 'session', scp: 'scp', resource: 'trust', rcp: 'rcp' }

const layerDocArb = fc.constantFrom<LayerName>('identity', 'boundary', 'session', 'scp', 'resource', 'rcp').chain((layer) => fc.tuple(fc.constant(layer), policyDocArb(layer)))

describe('parse, print, parse', () => {
  it(`gives the same AST, ignoring positions and pointers (${GRAM})`, () => {
    const tally = new Tally('parse, print, parse')
    fc.assert(
      fc.property(layerDocArb, fc.constantFrom<PolicyKind>('resource', 'trust'), ([layer, doc], resourceKind) => {
        const kind = layer === 'resource' ? resourceKind : KIND[layer]
        const first = parsePolicy(doc, { kind })
        const ast = first.ok ? first.value : first.recovered
        if (ast === undefined) return tally.skip()
        tally.ran(first.ok ? 'valid' : 'recovered')
        const printed = printPolicy(ast)
        for (const input of [printed, JSON.stringify(printed)]) {
          const again = parsePolicy(input, { kind })
          const ast2 = again.ok ? again.value : again.recovered
          expect(withoutLocations(ast2)).toEqual(withoutLocations(ast))
        }
      }),
      propertyParams(),
    )
    tally.check()
  })
})

const actionPatternArb = fc.oneof(
  fc.constantFrom('*', 's3:*', 's3:Get*', 'sts:AssumeRole', 'sts:Assume?ole', '*:Get*', 'iam:*User*', 'S3:GETOBJECT', 'ec2:Run*'),
  fc.tuple(fc.string({ unit: fc.constantFrom('s', '3', '*', '?', 't'), minLength: 1, maxLength: 3 }), fc.string({ unit: fc.constantFrom('G', 'e', 't', '*', '?', 'a'), minLength: 1, maxLength: 4 })).map(([s, a]) => `${s}:${a}`),
)
const requestActionArb = fc.oneof(
  fc.constantFrom('s3:GetObject', 'sts:AssumeRole', 'iam:ListUsers', 'ec2:RunInstances', 'S3:getobject', 'sts:TagSession'),
  fc.tuple(fc.string({ unit: fc.constantFrom('s', '3', 't'), minLength: 1, maxLength: 3 }), fc.string({ unit: fc.constantFrom('G', 'e', 't', 'a'), minLength: 1, maxLength: 4 })).map(([s, a]) => `${s}:${a}`),
)

describe('NotAction is the complement of Action', () => {
  it(`on the matcher (${NOTACT})`, () => {
    fc.assert(
      fc.property(actionPatternArb, requestActionArb, (pattern, action) => {
        const at = { pointer: '/Statement/0/Action' }
        const yes = compileActionMatcher({ kind: 'action', patterns: [{ value: pattern, ...at }], ...at }).matches(action.toLowerCase())
        const no = compileActionMatcher({ kind: 'notAction', patterns: [{ value: pattern, ...at }], ...at }).matches(action.toLowerCase())
        expect(no).toBe(!yes)
      }),
      propertyParams(),
    )
  })

  it(`through the whole engine: an identity Allow with NotAction grants exactly what Action does not (${NOTACT})`, () => {
    fc.assert(
      fc.property(actionPatternArb, requestActionArb, (pattern, action) => {
        const decide = (element: 'Action' | 'NotAction'): string => {
          const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', [element]: [pattern], Resource: '*' }] }, { kind: 'identity' })
          const policy = parsed.ok ? parsed.value : parsed.recovered
          if (policy === undefined) throw new Error('unreadable')
          const request = { principal: { kind: 'aws' as const, arn: 'arn:aws:iam::111122223333:user/alice' }, action, resource: '*' }
          return evaluateCompiled(request, compilePolicySet({ identity: [policy] })).decision
        }
        expect(decide('NotAction') === 'allowed').toBe(decide('Action') !== 'allowed')
      }),
      propertyParams(),
    )
  })
})
