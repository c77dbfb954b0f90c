/**
 * Privilege-escalation lint rules on test/fixtures/lint/escalation and on small policies: decided by the
 * evaluator, so a Deny or a Resource that names specific targets removes a finding and a condition the
 * caller satisfies itself does not. Every technique comes from src/escalation/techniques.ts.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TECHNIQUES } from '../../../src/escalation/techniques.js'
import { LINTED_TECHNIQUES } from '../../../src/lint/escalationProbe.js'
import { lintPolicy } from '../../../src/lint/lintPolicy.js'
import { lintSources } from '../../../src/lint/lintSources.js'
import { RULES } from '../../../src/lint/registry.js'

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'lint', 'escalation')
const PASSROLE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'
const IAM_API = 'https://docs.aws.amazon.com/IAM/latest/APIReference'
const EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html'
const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html'

const report = lintSources(readdirSync(DIR).map((name) => ({ path: name, text: readFileSync(join(DIR, name), 'utf8') })), { today: '2026-01-01' })
const found = (file: string): string[] => [...new Set(report.findings.filter((f) => f.file === file).map((f) => f.ruleId))].sort()

describe('escalation fixtures', () => {
  it.each([
    ['ci-deployer.identity.json', ['id-passrole-wildcard', 'id-privesc-cloudformation-create-stack', 'id-privesc-lambda-create-invoke'], PASSROLE],
    ['self-service-credentials.identity.json', [], VARS],
    ['policy-versions.identity.json', ['id-privesc-create-policy-version', 'id-privesc-set-default-policy-version'], `${IAM_API}/API_CreatePolicyVersion.html`],
    ['passrole-scoped.identity.json', [], PASSROLE],
    // Named roles are left to `iamtrace escalations`, which knows whether the caller can use them.
    ['named-role.identity.json', [], `${IAM_API}/API_PutRolePolicy.html`],
    ['mfa-guarded-user-admin.identity.json', ['id-privesc-attach-user-policy', 'id-privesc-create-login-profile', 'id-privesc-put-user-policy'], `${IAM_API}/API_AttachUserPolicy.html`],
    ['iam-admin-with-guardrails.identity.json', ['id-privesc-create-access-key', 'id-privesc-create-login-profile', 'id-privesc-update-login-profile'], EVAL],
    ['administrator.identity.json', ['id-admin-access'], 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html#jf_administrator'],
  ])('%s → %j (%s)', (file, rules) => {
    expect(found(file)).toEqual(rules)
  })
})

const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements })
const ids = (text: string, ownAccount?: string): string[] => lintPolicy(text, { kind: 'identity', ...(ownAccount !== undefined ? { ownAccount } : {}) }).map((f) => f.ruleId)

describe('escalation is decided with the evaluator', () => {
  it.each([
    ['a user attaching policies to itself escalates', doc({ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: 'arn:aws:iam::*:user/${aws:username}' }), 'id-privesc-attach-user-policy', true, VARS],
    ['a user creating its own access key does not', doc({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/${aws:username}' }), 'id-privesc-create-access-key', false, VARS],
    ['iam:PolicyARN limited to ReadOnlyAccess removes the attach finding', doc({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } }), 'id-privesc-attach-role-policy', false, `${IAM_API}/API_AttachRolePolicy.html`],
    ['excluding only AdministratorAccess keeps it (IAMFullAccess still attaches)', doc({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: { ArnNotEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' } } }), 'id-privesc-attach-role-policy', true, `${IAM_API}/API_AttachRolePolicy.html`],
    ['PassRole restricted to Lambda: Lambda technique, not EC2', doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }, { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances'], Resource: '*' }), 'id-privesc-lambda-create-invoke', true, PASSROLE],
    ['PassRole restricted to Lambda: no EC2 technique', doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }, { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances'], Resource: '*' }), 'id-privesc-ec2-run-instances', false, PASSROLE],
    ['PassRole restricted to Lambda is not a PassRole wildcard', doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }), 'id-passrole-wildcard', false, PASSROLE],
    ['StringLike iam:PassedToService * is a PassRole wildcard', doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringLike: { 'iam:PassedToService': '*' } } }), 'id-passrole-wildcard', true, PASSROLE],
    ['PassRole on role/* of the account counts as every role', doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*' }), 'id-passrole-wildcard', true, PASSROLE],
    ['a Deny on PassRole removes the pass-role techniques', doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }), 'id-privesc-ec2-run-instances', false, EVAL],
    ['a Deny the caller evades (source IP) does not', doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }), 'id-privesc-ec2-run-instances', true, EVAL],
    ['a Deny on roles tagged admin does not remove it (other roles remain)', doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/tier': 'admin' } } }), 'id-privesc-ec2-run-instances', true, EVAL],
    ['PassRole only to roles tagged passable removes it', doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/passable': 'true' } } }, { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }), 'id-privesc-ec2-run-instances', false, PASSROLE],
    ['sts:AssumeRole on every role of the account', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111122223333:role/*' }), 'id-assumerole-wildcard', true, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html'],
    ['sts:AssumeRole on named roles', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ['arn:aws:iam::111122223333:role/ReadOnly', 'arn:aws:iam::111122223333:role/Deploy'] }), 'id-assumerole-wildcard', false, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html'],
    ['NotAction on * is administrator access', doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }), 'id-admin-access', true, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html'],
    ['administrator access is reported once, not as every technique', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), 'id-passrole-wildcard', false, EVAL],
  ])('%s (%s)', (_name, text, rule, fires) => {
    expect(ids(text, '111122223333').includes(rule)).toBe(fires)
  })

  it('reads the account from the policy when the owner is not known', () => {
    expect(ids(doc({ Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: 'arn:aws:iam::444455556666:role/*' }))).toContain('id-update-trust-wildcard')
  })
})

describe('the lint rules read the shared technique catalogue', () => {
  it('has one rule per technique an identity policy can show, with the technique\'s sources', () => {
    for (const t of LINTED_TECHNIQUES) {
      if (t.id === 'update-assume-role-policy') continue
      const meta = RULES.find((r) => r.id === `id-privesc-${t.id}`)
      expect(meta, t.id).toBeDefined()
      expect(t.sources).toContain(meta?.helpUri)
    }
    // Techniques on existing resources need an inventory: `iamtrace escalations` reports them, not lint.
    expect(LINTED_TECHNIQUES.some((t) => t.category === 'existing-resource')).toBe(false)
    expect(TECHNIQUES.filter((t) => t.category !== 'existing-resource').length).toBe(LINTED_TECHNIQUES.length + 1)
  })
})
