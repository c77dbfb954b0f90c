/**
 * Every rule: a failing example fires, a passing example does not. Each row cites the AWS page the rule
 * is based on.
 */
import { describe, expect, it } from 'vitest'
import { RULES } from '../../../src/lint/registry.js'
import { DOCS } from '../../../src/lint/docs.js'
import { LINTED_TECHNIQUES } from '../../../src/lint/escalationProbe.js'
import { ACCT, EKS, EKS_HOST, EXT, GH, GITLAB, github, run, SAML, TFC, trust, web, ZONE, type LintCase } from './helpers.js'

interface Row {
  readonly rule: string
  readonly url: string
  readonly fail: LintCase
  readonly pass: LintCase
  /** Pointer of the failing finding, when asserted. */
  readonly at?: string
}

const SUB = 'token.actions.githubusercontent.com:sub'
const ORG = 'o-a1b2c3d4e5'
const ids = (c: LintCase): string[] => run(c).map((f) => f.ruleId)
const manyAccounts = Array.from({ length: 120 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:root`)

/**
 * Each escalation technique an identity policy can show: allowing every action it needs fires the rule; a
 * Deny of its decisive action removes it. The technique's own sources cite the AWS pages.
 */
const TECHNIQUE_ROWS: readonly Row[] = LINTED_TECHNIQUES.filter((t) => t.id !== 'update-assume-role-policy').map((t) => {
  const actions = [...new Set(t.actions.filter((a) => a.optional !== true).map((a) => a.action))]
  const decisive = actions.find((a) => a !== 'iam:PassRole') ?? (actions[0] as string)
  const allow = { Effect: 'Allow', Action: actions, Resource: '*' }
  return {
    rule: `id-privesc-${t.id}`,
    url: t.sources.find((x) => !x.includes('/service-authorization/')) ?? (t.sources[0] as string),
    fail: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [allow] }) },
    pass: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [allow, { Effect: 'Deny', Action: decisive, Resource: '*' }] }) },
    at: `/Statement/0/Action/${actions.indexOf(decisive)}`,
  }
})

const ROWS: readonly Row[] = [
  // A. grammar and structure
  { rule: 'trust-resource-element', url: DOCS.AA, fail: { doc: trust({ Principal: { AWS: ACCT }, Resource: '*' }) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) }, at: '/Statement/0/Resource' },
  { rule: 'trust-notprincipal', url: DOCS.NOTPRIN, fail: { doc: trust({ NotPrincipal: { AWS: ACCT } }) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) }, at: '/Statement/0/NotPrincipal' },
  { rule: 'trust-principal-bare-star', url: DOCS.AA, fail: { doc: trust({ Principal: '*' }) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) }, at: '/Statement/0/Principal' },
  { rule: 'trust-principal-partial-wildcard', url: DOCS.PRIN, fail: { doc: trust({ Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } }) }, pass: { doc: trust({ Principal: { AWS: 'arn:aws:iam::111122223333:role/deploy' } }) }, at: '/Statement/0/Principal/AWS' },
  { rule: 'trust-missing-principal', url: DOCS.AA, fail: { doc: trust({}) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) }, at: '/Statement/0' },
  { rule: 'trust-missing-action', url: DOCS.AA, fail: { doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCT } }] }) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) } },
  { rule: 'trust-invalid-principal-key', url: DOCS.PRIN, fail: { doc: trust({ Principal: { Aws: ACCT } }) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) }, at: '/Statement/0/Principal/Aws' },
  { rule: 'trust-invalid-principal-format', url: DOCS.PRIN, fail: { doc: trust({ Principal: { AWS: '1234' } }) }, pass: { doc: trust({ Principal: { AWS: '111122223333' } }) }, at: '/Statement/0/Principal/AWS' },
  { rule: 'trust-invalid-service-principal', url: DOCS.PRIN, fail: { doc: trust({ Principal: { Service: 'ec2.example.com' } }) }, pass: { doc: trust({ Principal: { Service: 'ec2.amazonaws.com' } }) }, at: '/Statement/0/Principal/Service' },
  { rule: 'trust-invalid-federated-principal', url: DOCS.AA, fail: { doc: web('arn:aws:iam::111122223333:role/idp') }, pass: { doc: web(GH, { StringEquals: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }) } },
  { rule: 'trust-action-principal-mismatch', url: DOCS.AA, fail: { doc: trust({ Principal: { Federated: SAML } }) }, pass: { doc: trust({ Principal: { Federated: SAML }, Action: 'sts:AssumeRoleWithSAML' }) }, at: '/Statement/0/Principal/Federated' },
  { rule: 'trust-unsupported-action', url: DOCS.AA, fail: { doc: trust({ Principal: { AWS: ACCT }, Action: ['sts:AssumeRole', 's3:GetObject'] }) }, pass: { doc: trust({ Principal: { AWS: ACCT }, Action: ['sts:AssumeRole', 'sts:TagSession'] }) }, at: '/Statement/0/Action/1' },
  { rule: 'trust-action-wildcard', url: DOCS.ACT, fail: { doc: trust({ Principal: { AWS: ACCT }, Action: 'sts:*' }) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) }, at: '/Statement/0/Action' },
  { rule: 'trust-allow-notaction', url: DOCS.NOTACT, fail: { doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCT }, NotAction: 's3:*' }] }) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) }, at: '/Statement/0/NotAction' },
  { rule: 'trust-roles-anywhere-actions', url: DOCS.ROLESANYWHERE, fail: { doc: trust({ Principal: { Service: 'rolesanywhere.amazonaws.com' } }) }, pass: { doc: trust({ Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }) } },
  { rule: 'trust-missing-action-for-condition-key', url: DOCS.TAGS, fail: { doc: trust({ Principal: { AWS: ACCT }, Condition: { StringEquals: { 'aws:RequestTag/team': 'ops' } } }) }, pass: { doc: trust({ Principal: { AWS: ACCT }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'aws:RequestTag/team': 'ops' } } }) }, at: '/Statement/0/Condition/StringEquals/aws:RequestTag~1team' },
  { rule: 'trust-action-not-covered-by-key', url: DOCS.STSKEYS, fail: { doc: trust({ Principal: { AWS: ACCT }, Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'], Condition: { StringEquals: { 'sts:ExternalId': 'c0ffee-2f9a-4d1e' } } }) }, pass: { doc: trust({ Principal: { AWS: ACCT }, Condition: { StringEquals: { 'sts:ExternalId': 'c0ffee-2f9a-4d1e' } } }) } },
  { rule: 'trust-version', url: DOCS.VER, fail: { doc: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' }] }) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) }, at: '' },
  { rule: 'trust-sid', url: DOCS.SID, fail: { doc: trust({ Sid: 'bad-sid', Principal: { AWS: ACCT } }) }, pass: { doc: trust({ Sid: 'GoodSid', Principal: { AWS: ACCT } }) }, at: '/Statement/0/Sid' },
  { rule: 'trust-empty-elements', url: DOCS.AA, fail: { doc: trust({ Principal: { AWS: ACCT }, Action: [] }) }, pass: { doc: trust({ Principal: { AWS: ACCT } }) }, at: '/Statement/0/Action' },
  { rule: 'trust-empty-sid', url: DOCS.SID, fail: { doc: trust({ Sid: '', Principal: { AWS: ACCT } }) }, pass: { doc: trust({ Sid: 'Named', Principal: { AWS: ACCT } }) }, at: '/Statement/0/Sid' },
  { rule: 'trust-redundant-principal', url: DOCS.AA, fail: { doc: trust({ Principal: { AWS: ['arn:aws:iam::111122223333:role/ops', 'arn:aws:sts::111122223333:assumed-role/ops/alice'] } }) }, pass: { doc: trust({ Principal: { AWS: ['arn:aws:iam::111122223333:role/ops'] } }) }, at: '/Statement/0/Principal/AWS/1' },
  { rule: 'trust-size-quota', url: DOCS.QUOTAS, fail: { doc: trust({ Principal: { AWS: manyAccounts } }) }, pass: { doc: trust({ Principal: { AWS: manyAccounts.slice(0, 5) } }) }, at: '' },
  { rule: 'trust-principal-unique-id', url: DOCS.PRIN, fail: { doc: trust({ Principal: { AWS: 'AROAEXAMPLEEXAMPLE1234' } }) }, pass: { doc: trust({ Principal: { AWS: 'arn:aws:iam::111122223333:role/ops' } }) }, at: '/Statement/0/Principal/AWS' },
  // B. principal breadth (decided with the condition engine)
  { rule: 'trust-any-aws-principal', url: DOCS.PRIN, fail: { doc: trust({ Principal: { AWS: '*' } }) }, pass: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }) }, at: '/Statement/0/Principal/AWS' },
  { rule: 'trust-any-aws-principal-weak-condition', url: DOCS.GKEYS, fail: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } }) }, pass: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }) }, at: '/Statement/0/Principal/AWS' },
  { rule: 'trust-public-assumable', url: DOCS.PRIN, fail: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zz9y8x7w6v' } } }), config: ZONE }, pass: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }), config: ZONE }, at: '/Statement/0/Principal/AWS' },
  // C. cross-account
  { rule: 'trust-unknown-external-account', url: DOCS.THIRD, fail: { doc: trust({ Principal: { AWS: EXT } }), config: ZONE }, pass: { doc: trust({ Principal: { AWS: ACCT } }), config: ZONE }, at: '/Statement/0/Principal/AWS' },
  { rule: 'trust-external-root-no-binding', url: DOCS.PRIN, fail: { doc: trust({ Principal: { AWS: EXT } }), config: ZONE }, pass: { doc: trust({ Principal: { AWS: EXT }, Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/sync' } } }), config: ZONE } },
  { rule: 'trust-cross-account-no-externalid', url: DOCS.THIRD, fail: { doc: trust({ Principal: { AWS: EXT } }), config: ZONE }, pass: { doc: trust({ Principal: { AWS: EXT }, Condition: { StringEquals: { 'sts:ExternalId': 'c0ffee-2f9a-4d1e' } } }), config: ZONE } },
  { rule: 'trust-externalid-weak', url: DOCS.THIRD, fail: { doc: trust({ Principal: { AWS: EXT }, Condition: { StringLike: { 'sts:ExternalId': '*' } } }) }, pass: { doc: trust({ Principal: { AWS: EXT }, Condition: { StringEquals: { 'sts:ExternalId': 'c0ffee-2f9a-4d1e' } } }) }, at: '/Statement/0/Condition/StringLike/sts:ExternalId' },
  { rule: 'trust-own-account-root', url: DOCS.PRIN, fail: { doc: trust({ Principal: { AWS: ACCT } }), config: ZONE }, pass: { doc: trust({ Principal: { AWS: 'arn:aws:iam::111122223333:role/ops' } }), config: ZONE } },
  // D. service principals
  { rule: 'trust-service-no-source', url: DOCS.CONFUSED, fail: { doc: trust({ Principal: { Service: 'states.amazonaws.com' } }) }, pass: { doc: trust({ Principal: { Service: 'states.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }) }, at: '/Statement/0/Principal/Service' },
  { rule: 'trust-service-weak-source', url: DOCS.CONFUSED, fail: { doc: trust({ Principal: { Service: 'states.amazonaws.com' }, Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } } }) }, pass: { doc: trust({ Principal: { Service: 'states.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, ArnLike: { 'aws:SourceArn': 'arn:aws:states:*:111122223333:stateMachine:*' } } }) } },
  { rule: 'trust-service-key-choice', url: DOCS.AA, fail: { doc: trust({ Principal: { Service: 'states.amazonaws.com' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }) }, pass: { doc: trust({ Principal: { Service: 'states.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceOrgID': ORG } } }) } },
  // E. OIDC
  { rule: 'trust-oidc-no-condition', url: DOCS.OIDCROLE, fail: { doc: web(GH) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }) }, at: '/Statement/0/Principal/Federated' },
  { rule: 'trust-github-no-sub', url: DOCS.OIDCCTL, fail: { doc: github({}) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }) }, at: '/Statement/0/Principal/Federated' },
  { rule: 'trust-github-sub-wildcard', url: DOCS.OIDCROLE, fail: { doc: github({ StringLike: { [SUB]: 'repo:*' } }) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:*' } }) }, at: '/Statement/0/Principal/Federated' },
  { rule: 'trust-github-sub-impossible', url: 'https://docs.github.com/en/actions/reference/security/oidc', fail: { doc: github({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', [SUB]: 'invalid' } }) }, pass: { doc: github({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }) }, at: `/Statement/0/Condition/StringEquals/${SUB}` },
  { rule: 'trust-github-sub-org-wide', url: DOCS.OIDCROLE, fail: { doc: github({ StringLike: { [SUB]: 'repo:example-org/*' } }) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }) } },
  { rule: 'trust-github-sub-any-ref', url: DOCS.OIDCROLE, fail: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:*' } }) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }) } },
  { rule: 'trust-github-sub-claim-order', url: 'https://docs.github.com/en/actions/reference/security/oidc', fail: { doc: github({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', [SUB]: 'environment:prod' } }) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:environment:prod' } }) } },
  { rule: 'trust-github-prefer-ids', url: DOCS.STSKEYS, fail: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' }, NumericEquals: { 'token.actions.githubusercontent.com:repository_owner_id': '1234567' } }) } },
  { rule: 'trust-tfc-sub-unscoped', url: DOCS.OIDCCTL, fail: { doc: web(TFC, { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLike: { 'app.terraform.io:sub': 'organization:*' } }) }, pass: { doc: web(TFC, { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLike: { 'app.terraform.io:sub': 'organization:my-org:project:default:workspace:prod:run_phase:*' } }) } },
  { rule: 'trust-gitlab-sub-unscoped', url: DOCS.OIDCCTL, fail: { doc: web(GITLAB, { StringEquals: { 'gitlab.com:aud': 'https://gitlab.com' } }) }, pass: { doc: web(GITLAB, { StringEquals: { 'gitlab.com:aud': 'https://gitlab.com', 'gitlab.com:sub': 'project_path:my-group/app:ref_type:branch:ref:main' } }) } },
  { rule: 'trust-eks-irsa-sub-unscoped', url: DOCS.EKS, fail: { doc: web(EKS, { StringLike: { [`${EKS_HOST}:sub`]: 'system:serviceaccount:prod:*' } }) }, pass: { doc: web(EKS, { StringEquals: { [`${EKS_HOST}:sub`]: 'system:serviceaccount:prod:reader', [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' } }) } },
  { rule: 'trust-cognito-no-aud', url: DOCS.COGNITO, fail: { doc: web('cognito-identity.amazonaws.com', { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }) }, pass: { doc: web('cognito-identity.amazonaws.com', { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-1234-1234-1234-123456789012' }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }) } },
  { rule: 'trust-cognito-no-amr', url: DOCS.COGNITO, fail: { doc: web('cognito-identity.amazonaws.com', { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-1234-1234-1234-123456789012' } }) }, pass: { doc: web('cognito-identity.amazonaws.com', { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-1234-1234-1234-123456789012' }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }) } },
  { rule: 'trust-oidc-no-aud', url: DOCS.OIDCROLE, fail: { doc: web(GH, { StringLike: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:ref:refs/heads/main' } }) } },
  { rule: 'trust-oidc-aud-qualifier', url: DOCS.STSKEYS, fail: { doc: web(GH, { 'ForAnyValue:StringEquals': { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repo:example-org/app:*' } }) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:*' } }) } },
  { rule: 'trust-oidc-typo-key', url: DOCS.STSKEYS, fail: { doc: github({ StringLike: { 'token.actions.githubuser.content.com:sub': 'repo:example-org/app:*' } }) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/app:*' } }) } },
  // F. SAML
  { rule: 'trust-saml-no-aud', url: DOCS.SAMLROLE, fail: { doc: trust({ Principal: { Federated: SAML }, Action: 'sts:AssumeRoleWithSAML' }) }, pass: { doc: trust({ Principal: { Federated: SAML }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }) } },
  // G. condition semantics
  { rule: 'cond-forallvalues-single-valued', url: DOCS.SETOPS, fail: { doc: trust({ Principal: { AWS: '*' }, Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': ORG } } }) }, pass: { doc: trust({ Principal: { AWS: '*' }, Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` } } }) } },
  { rule: 'cond-ifexists-binding-key', url: DOCS.OPS, fail: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG } } }) }, pass: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG }, Null: { 'aws:PrincipalOrgID': 'false' } } }) } },
  { rule: 'cond-negated-allow', url: DOCS.OPS, fail: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringNotEquals: { 'aws:PrincipalAccount': '999999999999' } } }) }, pass: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringNotEquals: { 'aws:PrincipalAccount': '999999999999' }, StringEquals: { 'aws:PrincipalOrgID': ORG } } }) } },
  { rule: 'cond-mfa-pattern', url: DOCS.MFA, fail: { doc: trust({ Principal: { AWS: ACCT }, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } }) }, pass: { doc: trust({ Principal: { AWS: ACCT }, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) } },
  { rule: 'cond-wildcard-without-like', url: DOCS.OPS, fail: { doc: github({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', [SUB]: 'repo:example-org/*' } }) }, pass: { doc: github({ StringLike: { [SUB]: 'repo:example-org/*' } }) }, at: `/Statement/0/Condition/StringEquals/${SUB}` },
  { rule: 'cond-type-mismatch', url: DOCS.GKEYS, fail: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ops' } } }) }, pass: { doc: trust({ Principal: { AWS: '*' }, Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ops' } } }) } },
  { rule: 'cond-unknown-key', url: DOCS.STSKEYS, fail: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipleOrgID': ORG } } }) }, pass: { doc: trust({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }) }, at: '/Statement/0/Condition/StringEquals/aws:PrincipleOrgID' },
  { rule: 'cond-structure', url: DOCS.OPS, fail: { doc: trust({ Principal: { AWS: ACCT }, Condition: { StringEqualz: { 'aws:PrincipalOrgID': ORG } } }) }, pass: { doc: trust({ Principal: { AWS: ACCT }, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }) }, at: '/Statement/0/Condition/StringEqualz' },
  { rule: 'cond-deprecated-or-unpaired', url: DOCS.CONFUSED, fail: { doc: trust({ Principal: { Service: 's3.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' } } }) }, pass: { doc: trust({ Principal: { Service: 's3.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' }, StringEquals: { 'aws:SourceAccount': '111122223333' } } }) } },
  // I. identity side
  { rule: 'id-passrole-wildcard', url: DOCS.PASSROLE, fail: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }) }, pass: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } }] }) } },
  { rule: 'id-assumerole-wildcard', url: DOCS.TRUSTUPD, fail: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }, pass: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111122223333:role/ops' }] }) } },
  { rule: 'variable.outside-resource-part', url: `${DOCS.VARS}#policy-vars-resourceelement`, fail: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}' }] }) }, pass: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::111122223333:user/${aws:username}' }] }) }, at: '/Statement/0/Resource' },
  { rule: 'id-admin-access', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html#jf_administrator', fail: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }, pass: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }, at: '/Statement/0/Action' },
  ...TECHNIQUE_ROWS,
  { rule: 'id-update-trust-wildcard', url: DOCS.TRUSTUPD, fail: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Update*', Resource: '*' }] }) }, pass: { kind: 'identity', doc: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: 'arn:aws:iam::111122223333:role/app-*' }] }) } },
]

describe('every lint rule has a failing and a passing example', () => {
  it.each(ROWS)('$rule fires on its failing example ($url)', (row) => {
    const found = run(row.fail).filter((f) => f.ruleId === row.rule)
    expect(found.length).toBeGreaterThan(0)
    if (row.at !== undefined) expect(found.map((f) => f.pointer)).toContain(row.at)
  })
  it.each(ROWS)('$rule stays quiet on its passing example ($url)', (row) => {
    expect(ids(row.pass)).not.toContain(row.rule)
  })
  it('covers every rule computed from the AST and every catalog rule fed by the parser', () => {
    const covered = new Set(ROWS.map((r) => r.rule))
    const catalog = RULES.filter((r) => /^(trust|cond|id)-/.test(r.id)).map((r) => r.id)
    expect(catalog.filter((id) => !covered.has(id))).toEqual([])
    expect(catalog.length).toBeGreaterThanOrEqual(45)
  })
  it('every rule declares an AWS or provider documentation link', () => {
    for (const r of RULES) expect(r.helpUri).toMatch(/^https:\/\//)
  })
})
