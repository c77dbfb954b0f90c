/**
 * Soundness of the GitHub `sub` checks against the condition engine: whenever a token of another owner
 * satisfies a trust statement's `sub` condition (decided by the engine, not by the linter), the linter
 * reports the trust as admitting other owners; the linter never calls a statement dead ("no token carries
 * it") when some well-formed token satisfies it. Subjects: https://docs.github.com/en/actions/reference/security/oidc
 * Condition operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../src/conditions/compileCondition.js'
import { possibleGithubSub } from '../../src/lint/githubSub.js'
import { lintPolicy } from '../../src/lint/lintPolicy.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import { propertyParams } from '../helpers/arbitraries.js'

const GH = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'
const SUB = 'token.actions.githubusercontent.com:sub'

const name = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,6}$/)
const branch = fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,8}$/)
/** A subject GitHub issues with its default template. */
const token = fc.record({ owner: name, repo: name, tail: fc.oneof(branch.map((b) => `ref:refs/heads/${b}`), name.map((e) => `environment:${e}`), fc.constant('pull_request')) }).map((t) => ({ ...t, sub: `repo:${t.owner}/${t.repo}:${t.tail}` }))
/** Pattern pieces: literal text of the allowed alphabets, wildcards, and shapes seen in real trusts. */
const piece = fc.constantFrom('repo:', 'example-org', '/', 'app', ':', 'ref:refs/heads/main', '*', '?', 'example', '-', 'environment:prod', 'invalid', 'organization:')
const pattern = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''))
const operator = fc.constantFrom('StringEquals', 'StringLike')

function trust(op: string, value: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: GH }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, [op]: { [SUB]: value } } }] })
}

/** Whether the engine's condition is true for a token with `sub`. */
function engineMatches(op: string, value: string, sub: string): boolean {
  const parsed = parsePolicy(JSON.parse(trust(op, value)), { kind: 'trust' })
  if (!parsed.ok) throw new Error('policy')
  const node = parsed.value.statements[0]?.conditions.find((c) => c.keyLower === SUB) as Parameters<typeof compileCondition>[0]
  return compileCondition(node, true).evaluate({ get: (k) => (k === SUB ? { values: [sub], multi: false } : undefined) }, false).result !== 'false'
}

describe('GitHub sub checks are sound against the condition engine', () => {
  it('every subject GitHub issues with its default template is possible', () => {
    fc.assert(fc.property(token, (t) => possibleGithubSub(t.sub)), propertyParams())
  })

  it('a token of another owner that satisfies the condition is reported; a satisfiable condition is never called dead', () => {
    fc.assert(
      fc.property(operator, pattern, token, (op, value, t) => {
        const owner = `zz${t.owner}`
        const outsider = `repo:${owner}/${t.repo}:${t.tail}`
        const findings = lintPolicy(trust(op, value), { kind: 'trust' }).map((f) => f.ruleId)
        if (engineMatches(op, value, outsider)) {
          expect(findings).toContain('trust-github-sub-wildcard')
          expect(findings).not.toContain('trust-github-sub-impossible')
        }
        if (engineMatches(op, value, t.sub)) expect(findings).not.toContain('trust-github-sub-impossible')
      }),
      propertyParams(),
    )
  })
})
