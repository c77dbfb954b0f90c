/**
 * Lint precision on test/fixtures/lint/precision: where another scanner's documented check and AWS's
 * documentation disagree, the finding follows AWS. Each row names the AWS page and the check compared
 * (docs/lint.md, "Where iamtrace disagrees with other scanners").
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintSources } from '../../../src/lint/lintSources.js'
import { impossibleSubCondition, possibleGithubSub } from '../../../src/lint/githubSub.js'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'lint', 'precision')
const GKEYS_MFA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent'
const GITHUB = 'https://docs.github.com/en/actions/reference/security/oidc'
const STSKEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html'
const POD = 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html'
const PRINCIPAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services'
const RESOURCE_ACCOUNT = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount'
const ORG_ACCESS = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html'

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

const report = lintSources(
  walk(DIR).map((path) => ({ path: relative(DIR, path), text: readFileSync(path, 'utf8') })),
  { config: { zone: { accounts: ['111122223333'] } }, today: '2026-01-01' },
)
const rulesOf = (file: string): string[] => report.findings.filter((f) => f.file === file).map((f) => f.ruleId)

const rows: { file: string; url: string; versus: string; has: string[]; hasNot: string[] }[] = [
  { file: 'mfa-bool-false.trust.json', url: GKEYS_MFA, versus: 'KICS has_mfa', has: ['trust-cross-account-no-externalid', 'cond-mfa-pattern'], hasNot: [] },
  { file: 'mfa-boolifexists-true.trust.json', url: GKEYS_MFA, versus: 'KICS has_mfa accepts BoolIfExists "true"', has: ['trust-cross-account-no-externalid', 'cond-mfa-pattern'], hasNot: [] },
  { file: 'mfa-bool-true.trust.json', url: GKEYS_MFA, versus: 'KICS has_mfa', has: [], hasNot: ['trust-cross-account-no-externalid', 'cond-mfa-pattern'] },
  { file: 'github-sub-invalid.trust.json', url: GITHUB, versus: 'checkov CKV_AWS_358', has: ['trust-github-sub-impossible'], hasNot: ['trust-github-sub-wildcard', 'trust-github-no-sub', 'trust-github-prefer-ids'] },
  { file: 'github-sub-star-equals.trust.json', url: GITHUB, versus: 'checkov CKV_AWS_358', has: ['trust-github-sub-impossible', 'cond-wildcard-without-like'], hasNot: ['trust-github-sub-wildcard'] },
  { file: 'github-sub-other-provider-key.trust.json', url: STSKEYS, versus: 'Access Analyzer MISSING_GITHUB_REPO_CONDITION_KEY', has: ['trust-oidc-typo-key'], hasNot: ['trust-github-no-sub', 'trust-github-sub-wildcard'] },
  { file: 'github-sub-typo-key.trust.json', url: STSKEYS, versus: 'checkov CKV_AWS_358 / prowler', has: ['trust-oidc-typo-key'], hasNot: ['trust-github-no-sub'] },
  { file: 'github-sub-typo-key-ifexists.trust.json', url: STSKEYS, versus: 'checkov CKV_AWS_358 / prowler', has: ['trust-oidc-typo-key'], hasNot: ['trust-github-no-sub'] },
  { file: 'eks-pod-identity-tags.trust.json', url: POD, versus: 'prowler iam_role_cross_service_confused_deputy_prevention', has: [], hasNot: ['trust-service-no-source'] },
  { file: 'eks-pod-identity-bare.trust.json', url: POD, versus: 'prowler iam_role_cross_service_confused_deputy_prevention', has: ['trust-service-no-source'], hasNot: [] },
  { file: 'ec2-china.trust.json', url: PRINCIPAL, versus: 'prowler iam_role_cross_service_confused_deputy_prevention', has: [], hasNot: ['trust-service-no-source'] },
  { file: 'any-principal-resource-account.trust.json', url: RESOURCE_ACCOUNT, versus: 'checkov CKV_AWS_60', has: ['trust-any-aws-principal-weak-condition'], hasNot: [] },
  { file: 'service-resource-account.trust.json', url: RESOURCE_ACCOUNT, versus: 'prowler iam_role_cross_service_confused_deputy_prevention', has: ['trust-service-no-source'], hasNot: [] },
]

describe('lint precision against AWS documentation', () => {
  it.each(rows)('$file: $has, not $hasNot ($url; compared with $versus)', ({ file, has, hasNot }) => {
    const found = rulesOf(file)
    for (const id of has) expect(found).toContain(id)
    for (const id of hasNot) expect(found).not.toContain(id)
  })

  it(`organization accounts are in the zone of trust; RCPFullAWSAccess is no error (${ORG_ACCESS})`, () => {
    const snapshot = report.findings.filter((f) => f.file === join('organization', 'prod-222222222222.json'))
    const byRole = (name: string): string[] => snapshot.filter((f) => f.policyName === name).map((f) => f.ruleId)
    expect(byRole('OrganizationAccountAccessRole')).not.toContain('trust-cross-account-no-externalid')
    expect(byRole('OrganizationAccountAccessRole')).not.toContain('trust-unknown-external-account')
    expect(byRole('AWSCloudFormationStackSetExecutionRole')).not.toContain('trust-cross-account-no-externalid')
    expect(byRole('VendorAudit')).toContain('trust-cross-account-no-externalid')
    expect(byRole('VendorAudit')).toContain('trust-unknown-external-account')
    expect(report.errors).toEqual([])
    // The organization's own SCP is linted; AWS's FullAWSAccess and RCPFullAWSAccess are not.
    expect(report.findings.filter((f) => f.file === join('organization', 'organization.json'))).toEqual([])
    expect(report.policies).toBe(17)
  })

  it('the organization zone is added to the configured one, never replaces it', () => {
    const text = readFileSync(join(DIR, 'organization', 'organization.json'), 'utf8')
    const vendor = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'c0ffee-2f9a-4d1e' } } }] })
    const r = lintSources([{ path: 'organization.json', text }, { path: 'vendor.trust.json', text: vendor }], { config: { zone: { accounts: ['444455556666'] } }, today: '2026-01-01' })
    expect(r.findings.map((f) => f.ruleId)).not.toContain('trust-unknown-external-account')
  })
})

describe('GitHub subjects a token can carry (https://docs.github.com/en/actions/reference/security/oidc)', () => {
  it.each([
    ['repo:octo-org/octo-repo:ref:refs/heads/main', true],
    ['repo:octo-org/octo-repo:environment:prod', true],
    ['repo:octo-org/octo-repo:pull_request', true],
    ['repo:octo-org@1234/octo-repo@5678:ref:refs/heads/main', true],
    ['repository_owner_id:1234:environment:prod', true],
    ['job_workflow_ref:octo-org/wf/.github/workflows/deploy.yml@refs/heads/main', true],
    ['invalid', false],
    ['*', false],
    ['repo:*', false],
    ['repo:octo org/app:ref:refs/heads/main', false],
    [':repo:octo-org/app', false],
    ['repo-name:x', false],
  ])('%s → %s', (sub, possible) => {
    expect(possibleGithubSub(sub)).toBe(possible)
  })

  const condition = (operator: string, values: string[]) => {
    const r = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { [operator]: { 'token.actions.githubusercontent.com:sub': values } } }] }, { kind: 'trust' })
    if (!r.ok) throw new Error('policy')
    return r.value.statements[0]?.conditions[0] as Parameters<typeof impossibleSubCondition>[0]
  }
  it.each([
    ['StringEquals', ['invalid'], true],
    ['StringEquals', ['*'], true],
    ['StringEquals', ['invalid', 'repo:o/r:ref:refs/heads/main'], false],
    ['StringLike', ['*'], false],
    ['StringLike', ['repo:o/*'], false],
    ['StringLike', ['organization:*'], false],
    ['StringLike', ['invalid'], true],
    ['StringLike', ['repo:bad owner/*'], true],
    ['StringNotEquals', ['invalid'], false],
    ['StringEqualsIfExists', ['invalid'], false],
    ['StringLike', ['repo:${aws:username}/*'], false],
  ])('%s %j → dead %s', (operator, values, dead) => {
    expect(impossibleSubCondition(condition(operator, values))).toBe(dead)
  })
})
