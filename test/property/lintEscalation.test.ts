/**
 * The escalation lint rules never under-report against the evaluator: whenever the evaluator, given one
 * concrete request context the caller can produce, allows every action a technique needs on a target the
 * caller does not control, the technique's rule fires.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compilePolicy } from '../../src/compile/compilePolicy.js'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { LINTED_TECHNIQUES } from '../../src/lint/escalationProbe.js'
import { lintPolicy } from '../../src/lint/lintPolicy.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import { propertyParams } from '../helpers/arbitraries.js'

const ACCOUNT = '111122223333'
const CALLER = `arn:aws:iam::${ACCOUNT}:user/dev`
const TECHNIQUES = LINTED_TECHNIQUES.filter((t) => ['attach-role-policy', 'create-policy-version', 'create-access-key', 'put-user-policy', 'ec2-run-instances', 'lambda-create-invoke', 'add-user-to-group'].includes(t.id))
const ACTIONS = [...new Set(TECHNIQUES.flatMap((t) => t.actions.map((a) => a.action)))]

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  Action: fc.subarray([...ACTIONS, 'iam:*', 'ec2:*', 'iam:Put*'], { minLength: 1, maxLength: 4 }),
  Resource: fc.constantFrom('*', `arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:iam::${ACCOUNT}:user/*`, 'arn:aws:iam::*:user/${aws:username}', `arn:aws:iam::${ACCOUNT}:role/app-*`, `arn:aws:iam::${ACCOUNT}:policy/*`),
  Condition: fc.option(
    fc.constantFrom(
      { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } },
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    ),
    { nil: undefined },
  ),
})

/** Generic targets in the caller's account (names no generated Resource pins, except by wildcard). */
function targetOf(kind: string): string {
  const names: Record<string, string> = { role: 'role/some-admin', user: 'user/someone-else', group: 'group/admins', policy: 'policy/shared', instance: 'instance/i-0abc', image: 'image/ami-0abc', 'network-interface': 'network-interface/eni-0abc', 'security-group': 'security-group/sg-0abc', subnet: 'subnet/subnet-0abc', function: 'function:f' }
  const service = kind === 'function' ? 'lambda' : ['role', 'user', 'group', 'policy'].includes(kind) ? 'iam' : 'ec2'
  return service === 'iam' ? `arn:aws:iam::${ACCOUNT}:${names[kind]}` : `arn:aws:${service}:us-east-1:${ACCOUNT}:${names[kind] ?? 'x'}`
}

describe('escalation lint is sound against the evaluator', () => {
  it('a technique the evaluator allows in one concrete context is reported', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (statements) => {
        const doc = { Version: '2012-10-17', Statement: statements.map((s) => (s.Condition === undefined ? { Effect: s.Effect, Action: s.Action, Resource: s.Resource } : s)) }
        const parsed = parsePolicy(doc, { kind: 'identity' })
        if (!parsed.ok) return
        const compiled = compilePolicy(parsed.value, 'identity', 'p')
        const found = new Set(lintPolicy(JSON.stringify(doc), { kind: 'identity', ownAccount: ACCOUNT }).map((f) => f.ruleId))
        if (found.has('id-admin-access')) return
        for (const t of TECHNIQUES) {
          // One context the caller can produce: MFA used, from 203.0.113.7, passing the role to the technique's service.
          const allowed = t.actions.every((a) => {
            const context: Record<string, string> = { 'aws:MultiFactorAuthPresent': 'true', 'aws:SourceIp': '203.0.113.7' }
            // A key the technique leaves absent (null) is not in the request.
            for (const [k, v] of Object.entries(a.context ?? {})) if (v !== null) context[k] = v === '{adminPolicy}' ? 'arn:aws:iam::aws:policy/AdministratorAccess' : v.startsWith('{') ? `arn:aws:iam::${ACCOUNT}:instance-profile/p` : v
            const resource = a.resource === '*' ? '*' : targetOf(a.resource)
            return evaluateCompiled({ principal: { kind: 'aws', arn: CALLER }, action: a.action, resource, resourceAccount: ACCOUNT, context }, { identity: [compiled] }).decision === 'allowed'
          })
          if (allowed) expect([...found], `${t.id} in ${JSON.stringify(doc)}`).toContain(`id-privesc-${t.id}`)
        }
      }),
      propertyParams(),
    )
  })
})
