/**
 * Keys AWS always sets whose value the request does not give (aws:userid of a user or role session,
 * aws:ResourceAccount of an S3 object, the path in a session's aws:PrincipalArn): whatever iamtrace
 * decides without the value must hold for every value the key could take. So a request allowed without
 * the value is allowed with any value of the key's form given; in particular with the one the generated
 * Resource element or condition was built around (written into the resource, into a tag, with text and
 * wildcards around it).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluate, parsePolicy } from '../../src/index.js'
import type { PolicySet, Request } from '../../src/index.js'
import { propertyParams } from '../helpers/arbitraries.js'
import { Tally } from '../helpers/tally.js'

const A = '111122223333'
const USER = `arn:aws:iam::${A}:user/alice`
const SESSION = `arn:aws:sts::${A}:assumed-role/Importer/s1`

/** The unknown key, the caller whose value of it is unknown, and a value of its form. */
interface Unknown {
  readonly key: string
  readonly variable: string
  readonly principal: string
  readonly value: string
  /** Context that gives the value (the request otherwise leaves it unknown). */
  readonly give: Readonly<Record<string, string>>
  /** The request's resource account (left out when it is the unknown key). */
  readonly resourceAccount?: string
}

const idChars = fc.string({ unit: fc.constantFrom('A', 'B', 'Z', '0', '7'), minLength: 1, maxLength: 5 })
const unknownArb: fc.Arbitrary<Unknown> = fc.oneof(
  idChars.map((id) => ({ key: 'aws:userid', variable: '${aws:userid}', principal: USER, value: `AIDA${id}`, give: { 'aws:userid': `AIDA${id}` }, resourceAccount: A })),
  idChars.map((id) => ({ key: 'aws:userid', variable: '${aws:userid}', principal: SESSION, value: `AROA${id}:s1`, give: { 'aws:userid': `AROA${id}:s1` }, resourceAccount: A })),
  fc.stringMatching(/^[0-9]{12}$/).map((account) => ({ key: 'aws:ResourceAccount', variable: '${aws:ResourceAccount}', principal: USER, value: account, give: { 'aws:ResourceAccount': account } })),
  fc.constantFrom('/', '/team/', '/a/b/', '/x-1/').map((path) => {
    const arn = `arn:aws:iam::${A}:role${path}Importer`
    return { key: 'aws:PrincipalArn', variable: '${aws:PrincipalArn}', principal: SESSION, value: arn, give: { 'aws:PrincipalArn': arn }, resourceAccount: A }
  }),
)

/** Text around the value: literal pieces and wildcards, drawn from characters ARNs and ids hold. */
const piece = fc.string({ unit: fc.constantFrom('a', 'A', '1', '-', '.', '/', ':', 'I', 'D', '0'), maxLength: 4 })
const around = fc.record({ before: piece, after: piece, star: fc.constantFrom('', '*', '?') })

/** What a wildcard stands for in the resource built to match. */
const filler = fc.string({ unit: fc.constantFrom('q', 'A', '0', '-'), minLength: 1, maxLength: 3 })

interface Case {
  readonly u: Unknown
  readonly policies: PolicySet
  readonly request: Request
}

function identity(statements: object[]): NonNullable<PolicySet['identity']> {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'identity' })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return [r.value]
}

/** A Deny (or Allow) whose Resource substitutes the unknown key, and a resource built around its value. */
const resourceCase: fc.Arbitrary<Case> = fc.record({ u: unknownArb, a: around, f: filler, matches: fc.boolean(), effect: fc.constantFrom('Deny', 'Allow'), twice: fc.boolean() }).map(({ u, a, f, matches, effect, twice }) => {
  const middle = twice ? `${u.variable}${a.star}${u.variable}` : u.variable
  const pattern = `arn:aws:s3:::b/${a.before}${middle}${a.after}`
  const written = twice ? `${u.value}${a.star === '' ? '' : a.star === '?' ? 'q' : f}${u.value}` : u.value
  const resource = `arn:aws:s3:::b/${a.before.replace(/[*?]/g, 'q')}${matches ? written : `${written}x`}${a.after}`
  const statements = effect === 'Deny' ? [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: pattern }] : [{ Effect: 'Allow', Action: 's3:GetObject', Resource: pattern }]
  return { u, policies: { identity: identity(statements) }, request: { principal: { kind: 'aws', arn: u.principal }, action: 's3:GetObject', resource, ...(u.resourceAccount !== undefined ? { resourceAccount: u.resourceAccount } : {}) } }
})

/** A condition on the unknown key whose value comes (in part) from a tag the request gives. */
const conditionCase: fc.Arbitrary<Case> = fc
  .record({ u: unknownArb, a: around, operator: fc.constantFrom('StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike', 'ArnLike', 'ArnEquals'), effect: fc.constantFrom('Deny', 'Allow'), cut: fc.nat(12) })
  .map(({ u, a, operator, effect, cut }) => {
    // The tag holds part of the value; the rest is written in the policy, with a wildcard maybe.
    const at = Math.min(cut, u.value.length)
    const tag = u.value.slice(0, at)
    const policyValue = `\${aws:PrincipalTag/part}${u.value.slice(at)}${a.star}`
    const condition = { [operator]: { [u.key]: policyValue } }
    const statements = effect === 'Deny' ? [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: condition }] : [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }]
    return { u, policies: { identity: identity(statements) }, request: { principal: { kind: 'aws', arn: u.principal }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', ...(u.resourceAccount !== undefined ? { resourceAccount: u.resourceAccount } : {}), context: { 'aws:PrincipalTag/part': tag } } }
  })

/** Kinds of case each property must meet in a fair share of its runs (decided, and fail-closed). */
const MET = { 'allowed / allowed': 0.02, 'explicitDeny / explicitDeny (missing)': 0.05, 'implicitDeny / allowed (missing)': 0.02 }

function check(c: Case, tally: Tally): void {
  const unknown = evaluate(c.request, c.policies)
  const known = evaluate({ ...c.request, context: { ...c.request.context, ...c.u.give } }, c.policies)
  tally.ran(`${unknown.decision} / ${known.decision}${unknown.missingContextKeys.length > 0 ? ' (missing)' : ''}`)
  // Allowed without the value: allowed with it. (Denied without it may be fail-closed: no claim.)
  if (unknown.decision === 'allowed') expect(known.decision, JSON.stringify(c)).toBe('allowed')
}

describe('a key AWS sets is never decided against a value it could take', () => {
  it('Resource elements substituting it', () => {
    const tally = new Tally('resource')
    fc.assert(fc.property(resourceCase, (c) => check(c, tally)), propertyParams(400))
    tally.check(MET)
  })

  it('conditions comparing it with values that policy variables complete', () => {
    const tally = new Tally('condition')
    fc.assert(fc.property(conditionCase, (c) => check(c, tally)), propertyParams(400))
    tally.check(MET)
  })
})
