/**
 * Groups E and F: web identity (OIDC) and SAML federation. Whether a token from someone else's repository,
 * organization, workspace, identity pool or cluster satisfies the conditions is decided with the
 * condition engine. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc_secure-by-default.html
 */
import { compiledConditions, describeWitness, outsiderReach, satisfiesWith } from '../adversary.js'
import { DOCS } from '../docs.js'
import { impossibleSubCondition } from '../githubSub.js'
import { literalOwners } from '../identity.js'
import { allows, conditionsOn, denies, providers, q, rule } from '../facts.js'
import { bindingClaims, keyClaim, keyPrefix, type Provider, type ProviderFamily } from '../keys.js'
import { insideSet, providerProfile } from '../profiles.js'
import type { LintRule, RuleContext, RuleHit } from '../types.js'
import type { ConditionNode, Statement } from '../../policy/types.js'

const TRUST = ['trust'] as const
const NEW_REPO = 'iamtrace-new-repo'
const GITHUB_OIDC = 'https://docs.github.com/en/actions/reference/security/oidc'

/** Allow statements with a provider of the family. */
function withProvider(ctx: RuleContext, family: ProviderFamily | 'oidc'): { s: Statement; p: Provider }[] {
  return allows(ctx.policy).flatMap((s) =>
    providers(s)
      .filter((p) => !p.saml && (family === 'oidc' || p.family === family))
      .map((p) => ({ s, p })),
  )
}

/** Conditions on a claim key whose issuer the statement does not trust: a typo, or another provider's key. */
function foreignClaims(s: Statement): ConditionNode[] {
  const hosts = providers(s).filter((p) => !p.saml).map((p) => p.host)
  if (hosts.length === 0) return []
  return s.conditions.filter((c) => {
    const prefix = keyPrefix(c.keyLower)
    return prefix.includes('.') && !hosts.includes(prefix)
  })
}

/** True when a binding claim of `p` is tested under a foreign key: `trust-oidc-typo-key` reports it (high), not a "no sub" rule. */
function typoBindingClaim(s: Statement, p: Provider): boolean {
  const claims = bindingClaims(p.family)
  return foreignClaims(s).some((c) => claims.has(keyClaim(c.keyLower)))
}

/** What a condition on a key the request never carries does: evaluated by the condition engine with the key absent. */
function absentKeyEffect(ctx: RuleContext, s: Statement, c: ConditionNode): string {
  const compiled = compiledConditions(s, ctx.policy.variablesEnabled).find((x) => x.node === c)
  const result = compiled?.evaluate({ get: () => undefined }, false).result
  return result === 'false' ? 'the condition is never true, so the statement admits nobody' : result === 'true' ? 'the condition is always true and restricts nothing' : 'the condition cannot be decided'
}

function hasBindingCondition(s: Statement, p: Provider): boolean {
  const claims = bindingClaims(p.family)
  return s.conditions.some((c) => keyPrefix(c.keyLower) === p.host && claims.has(keyClaim(c.keyLower)))
}

/** Outsider verdict for a provider statement, reporting undecided cases. */
function outsiderHit(ctx: RuleContext, ruleId: string, s: Statement, p: Provider, what: string): RuleHit[] {
  const profile = providerProfile(p, ctx.ownAccount)
  const reach = outsiderReach(ctx.policy, s, denies(ctx.policy), profile, insideSet(ctx.options.zone, ctx.ownAccount, s, profile), (x) => ctx.isUnknown(x))
  if (reach.kind === 'unknown') ctx.undecided(ruleId, reach.pointer)
  if (reach.kind !== 'outsider') return []
  return [{ pointer: p.entry.pointer, message: `${what}: a token with ${describeWitness(reach.witness)} satisfies every condition` }]
}

/** Unscoped CI issuer: no binding claim condition, or an outsider token satisfies the conditions. */
function unscoped(ctx: RuleContext, ruleId: string, family: ProviderFamily, label: string): RuleHit[] {
  return withProvider(ctx, family).flatMap(({ s, p }) =>
    hasBindingCondition(s, p) ? outsiderHit(ctx, ruleId, s, p, label) : typoBindingClaim(s, p) ? [] : [{ pointer: p.entry.pointer, message: `${label} is trusted with no \`${p.host}:sub\` condition` }],
  )
}

/** Owners (GitHub organizations/users) the statement pins literally in sub/repository claims. */
function pinnedGithub(s: Statement, p: Provider): { owners: string[]; repos: string[] } {
  const owners = new Set<string>()
  const repos = new Set<string>()
  for (const c of s.conditions) {
    if (keyPrefix(c.keyLower) !== p.host || c.negated) continue
    const claim = keyClaim(c.keyLower)
    const values = c.values.map((v) => v.value)
    if (claim === 'sub') for (const o of literalOwners('githubSub', values)) owners.add(o)
    if (claim === 'repository') for (const o of literalOwners('githubRepo', values)) owners.add(o)
    if (claim === 'sub') {
      for (const v of values) {
        const m = /^repo:([^/*?:]+)\/([^*?:]+)(:|$)/i.exec(v)
        if (m !== null) repos.add(`${(m[1] as string).toLowerCase()}/${(m[2] as string).toLowerCase()}`)
      }
    }
  }
  return { owners: [...owners], repos: [...repos] }
}

/** Token claims of a workflow in `repo` running on `ref` (ids pinned by the policy are kept: same organization). */
function githubValues(p: Provider, s: Statement, repo: string, ref: string): Map<string, readonly string[] | undefined> {
  const values = new Map<string, readonly string[] | undefined>([
    [`${p.host}:sub`, [`repo:${repo}:${ref}`]],
    [`${p.host}:repository`, [repo]],
    [`${p.host}:job_workflow_ref`, [`${repo}/.github/workflows/deploy.yml@refs/heads/main`]],
  ])
  // Numeric ids cannot be derived from names: use the ids the policy pins (the same organization).
  for (const claim of ['repository_owner_id', 'enterprise_id']) {
    const pinned = conditionsOn(s, `${p.host}:${claim}`)[0]?.values[0]?.value
    if (pinned !== undefined) values.set(`${p.host}:${claim}`, [pinned])
  }
  values.set(`${p.host}:repository_id`, ['987654321'])
  return values
}

/** Rules of groups E and F. */
export const FEDERATION_RULES: readonly LintRule[] = [
  rule(
    {
      id: 'trust-oidc-no-condition', name: 'TrustOidcNoCondition', severity: 'high', kinds: TRUST, tags: ['security', 'oidc'],
      summary: 'a web identity provider is trusted with no condition',
      description: 'Anyone holding a token from the issuer can assume the role.',
      help: 'Add conditions on the provider\'s `aud` and `sub` claims.',
      helpUri: DOCS.OIDCROLE,
    },
    (ctx) =>
      withProvider(ctx, 'oidc')
        .filter(({ s }) => s.conditions.length === 0 && !s.emptyConditionBlock)
        .map(({ p }) => ({ pointer: p.entry.pointer, message: `provider ${q(p.entry.value)} is trusted with no condition` })),
  ),
  rule(
    {
      id: 'trust-github-no-sub', name: 'TrustGithubNoSub', severity: 'critical', kinds: TRUST, tags: ['security', 'oidc', 'github'],
      summary: 'GitHub Actions OIDC trust without a `sub` (repository) condition',
      description: 'Every GitHub repository can mint a token for token.actions.githubusercontent.com; without a condition naming your repository, any of them can assume the role.',
      help: 'Add `StringEquals`/`StringLike` `token.actions.githubusercontent.com:sub` = `repo:ORG/REPO:ref:refs/heads/main` (or an environment).',
      helpUri: DOCS.OIDCCTL,
    },
    (ctx) =>
      withProvider(ctx, 'github')
        .filter(({ s, p }) => !hasBindingCondition(s, p) && !typoBindingClaim(s, p))
        .map(({ p }) => ({ pointer: p.entry.pointer, message: `GitHub provider ${q(p.entry.value)} is trusted with no \`sub\` or repository condition` })),
  ),
  rule(
    {
      id: 'trust-github-sub-wildcard', name: 'TrustGithubSubWildcard', severity: 'high', kinds: TRUST, tags: ['security', 'oidc', 'github'],
      summary: 'the GitHub `sub` condition admits repositories of other owners',
      description: 'Patterns such as `*`, `repo:*`, `repo:org*`, negated operators or IfExists let a workflow in someone else\'s organization satisfy the condition. iamtrace evaluates the conditions for a token from an outside owner.',
      help: 'Pin the owner and repository: `repo:ORG/REPO:...`.',
      helpUri: DOCS.OIDCROLE,
    },
    (ctx) => withProvider(ctx, 'github').flatMap(({ s, p }) => (hasBindingCondition(s, p) ? outsiderHit(ctx, 'trust-github-sub-wildcard', s, p, `GitHub provider ${q(p.entry.value)}`) : [])),
  ),
  rule(
    {
      id: 'trust-github-sub-impossible', name: 'TrustGithubSubImpossible', severity: 'medium', kinds: TRUST, tags: ['correctness', 'oidc', 'github'],
      summary: 'the GitHub `sub` condition accepts only values no token carries: the statement admits nobody',
      description: 'GitHub subjects start with a claim key (`repo:OWNER/REPO:…` unless the organization customised them). A value such as `invalid`, or `*` under StringEquals (compared literally), matches no token: the role cannot be assumed through the statement. It is a typo to fix, not an open door.',
      help: 'Write the subject as GitHub issues it, e.g. `repo:ORG/REPO:ref:refs/heads/main`; use StringLike for patterns.',
      helpUri: GITHUB_OIDC,
    },
    (ctx) =>
      withProvider(ctx, 'github').flatMap(({ s, p }) =>
        conditionsOn(s, `${p.host}:sub`)
          .filter((c) => impossibleSubCondition(c) && !c.values.some((v) => ctx.isUnknown(v.pointer)))
          .map((c) => ({ pointer: c.pointer, message: `no GitHub token carries a \`sub\` matching ${c.values.map((v) => q(v.value)).join(', ')} under ${q(c.operator)}: the statement admits nobody` })),
      ),
  ),
  rule(
    {
      id: 'trust-github-sub-org-wide', name: 'TrustGithubSubOrgWide', severity: 'medium', kinds: TRUST, tags: ['security', 'oidc', 'github'],
      summary: 'every repository of the GitHub organization can assume the role',
      description: 'A condition such as `repo:org/*` admits every repository of the organization, including new and test repositories.',
      help: 'Name the repositories that deploy with this role.',
      helpUri: DOCS.OIDCROLE,
    },
    (ctx) =>
      withProvider(ctx, 'github').flatMap(({ s, p }) => {
        if (!hasBindingCondition(s, p)) return []
        const owner = pinnedGithub(s, p).owners.find((o) => satisfiesWith(ctx.policy, s, providerProfile(p, ctx.ownAccount), githubValues(p, s, `${o}/${NEW_REPO}`, 'ref:refs/heads/main')) !== 'false')
        return owner === undefined ? [] : [{ pointer: p.entry.pointer, message: `GitHub provider: any repository of \`${owner}\` (e.g. \`${owner}/${NEW_REPO}\`) satisfies the conditions` }]
      }),
  ),
  rule(
    {
      id: 'trust-github-sub-any-ref', name: 'TrustGithubSubAnyRef', severity: 'low', kinds: TRUST, tags: ['security', 'oidc', 'github'],
      summary: 'any branch, pull request or environment of the repository can assume the role',
      description: 'A `sub` such as `repo:org/repo:*` admits workflows on every branch and pull request.',
      help: 'Pin the branch (`:ref:refs/heads/main`) or a protected environment (`:environment:prod`).',
      helpUri: DOCS.OIDCROLE,
    },
    (ctx) =>
      withProvider(ctx, 'github').flatMap(({ s, p }) => {
        if (!hasBindingCondition(s, p)) return []
        const profile = providerProfile(p, ctx.ownAccount)
        const repo = pinnedGithub(s, p).repos.find(
          (r) =>
            satisfiesWith(ctx.policy, s, profile, githubValues(p, s, r, 'ref:refs/heads/iamtrace-any-branch')) !== 'false' &&
            satisfiesWith(ctx.policy, s, profile, githubValues(p, s, r, 'pull_request')) !== 'false',
        )
        return repo === undefined ? [] : [{ pointer: p.entry.pointer, message: `GitHub provider: any branch or pull request of \`${repo}\` satisfies the conditions` }]
      }),
  ),
  rule(
    {
      id: 'trust-github-sub-claim-order', name: 'TrustGithubSubClaimOrder', severity: 'medium', kinds: TRUST, tags: ['security', 'oidc', 'github'],
      summary: 'a customised GitHub `sub` starts with a claim the workflow author chooses',
      description: 'A subject starting with workflow, environment, ref, context, head_ref or base_ref does not name the repository; other repositories using the same template can produce it.',
      help: 'Start the subject template with `repo` or `repository_owner_id`.',
      helpUri: 'https://docs.github.com/en/actions/reference/security/oidc',
    },
    (ctx) =>
      withProvider(ctx, 'github').flatMap(({ s, p }) =>
        conditionsOn(s, `${p.host}:sub`).flatMap((c) =>
          c.negated ? [] : c.values.filter((v) => /^(workflow|environment|ref|context|head_ref|base_ref):/i.test(v.value)).map((v) => ({ pointer: v.pointer, message: `sub ${q(v.value)} starts with a claim the workflow chooses` })),
        ),
      ),
  ),
  rule(
    {
      id: 'trust-github-prefer-ids', name: 'TrustGithubPreferIds', severity: 'info', kinds: TRUST, tags: ['security', 'oidc', 'github'],
      summary: 'the GitHub trust pins repositories by name only',
      description: 'Repository and organization names can be renamed and re-registered; `repository_id` / `repository_owner_id` claims cannot.',
      help: 'Add `StringEquals token.actions.githubusercontent.com:repository_owner_id` (or `repository_id`).',
      helpUri: DOCS.STSKEYS,
    },
    (ctx) =>
      withProvider(ctx, 'github')
        .filter(({ s, p }) => hasBindingCondition(s, p) && !conditionsOn(s, `${p.host}:sub`).some(impossibleSubCondition))
        .filter(({ s, p }) => conditionsOn(s, `${p.host}:repository_id`).length === 0 && conditionsOn(s, `${p.host}:repository_owner_id`).length === 0)
        .map(({ p }) => ({ pointer: p.entry.pointer, message: 'GitHub trust pins repositories by name, not by `repository_id` or `repository_owner_id`' })),
  ),
  rule(
    {
      id: 'trust-tfc-sub-unscoped', name: 'TrustTfcSubUnscoped', severity: 'high', kinds: TRUST, tags: ['security', 'oidc'],
      summary: 'HCP Terraform trust does not pin your organization in `sub`',
      description: 'Every HCP Terraform organization can mint tokens from app.terraform.io.',
      help: 'Add `StringLike app.terraform.io:sub` = `organization:ORG:project:PROJECT:workspace:WS:run_phase:*`.',
      helpUri: DOCS.OIDCCTL,
    },
    (ctx) => unscoped(ctx, 'trust-tfc-sub-unscoped', 'terraform', 'HCP Terraform provider'),
  ),
  rule(
    {
      id: 'trust-gitlab-sub-unscoped', name: 'TrustGitlabSubUnscoped', severity: 'high', kinds: TRUST, tags: ['security', 'oidc'],
      summary: 'GitLab trust does not pin your group in `sub`',
      description: 'Every gitlab.com project can mint tokens from gitlab.com.',
      help: 'Add `StringLike gitlab.com:sub` = `project_path:GROUP/PROJECT:ref_type:branch:ref:main`.',
      helpUri: DOCS.OIDCCTL,
    },
    (ctx) => unscoped(ctx, 'trust-gitlab-sub-unscoped', 'gitlab', 'GitLab provider'),
  ),
  rule(
    {
      id: 'trust-eks-irsa-sub-unscoped', name: 'TrustEksIrsaSubUnscoped', severity: 'high', kinds: TRUST, tags: ['security', 'oidc', 'eks'],
      summary: 'EKS IRSA trust admits any service account of the cluster or namespace',
      description: 'Without `sub` = `system:serviceaccount:NAMESPACE:NAME`, every pod that can mount a projected token gets the role.',
      help: 'Add `StringEquals <issuer>:sub` = `system:serviceaccount:NAMESPACE:NAME`.',
      helpUri: DOCS.EKS,
    },
    (ctx) =>
      withProvider(ctx, 'eks').flatMap(({ s, p }) => {
        const subs = conditionsOn(s, `${p.host}:sub`)
        if (subs.length === 0) return typoBindingClaim(s, p) ? [] : [{ pointer: p.entry.pointer, message: `EKS provider ${q(p.host)} is trusted with no \`sub\` condition` }]
        if (subs.some((c) => c.values.some((v) => ctx.isUnknown(v.pointer)))) {
          ctx.undecided('trust-eks-irsa-sub-unscoped', subs[0]?.pointer ?? p.entry.pointer)
          return []
        }
        // Every service account of a cluster gets the same audience: only `sub` tells them apart.
        const base = providerProfile(p, ctx.ownAccount)
        const profile = { ...base, controlled: (key: string) => key === `${p.host}:aud` || base.controlled(key) }
        const namespaces = new Set(subs.flatMap((c) => c.values.map((v) => /^system:serviceaccount:([^:*?]+):/.exec(v.value)?.[1]).filter((n): n is string => n !== undefined)))
        const tries = [['iamtrace-other-ns', 'cluster'], ...[...namespaces].map((n) => [n, `namespace \`${n}\``])] as const
        for (const [ns, scope] of tries) {
          const values = new Map([[`${p.host}:sub`, [`system:serviceaccount:${ns}:iamtrace-other-sa`]]])
          if (satisfiesWith(ctx.policy, s, profile, values) !== 'false') return [{ pointer: p.entry.pointer, message: `EKS provider: any service account of the ${scope} satisfies the conditions` }]
        }
        return []
      }),
  ),
  rule(
    {
      id: 'trust-cognito-no-aud', name: 'TrustCognitoNoAud', severity: 'critical', kinds: TRUST, tags: ['security', 'oidc', 'cognito'],
      summary: 'Cognito identity trust does not pin your identity pool in `aud`',
      description: 'Without `cognito-identity.amazonaws.com:aud` equal to your identity pool id, identities of any pool in any account can assume the role.',
      help: 'Add `StringEquals cognito-identity.amazonaws.com:aud` = your identity pool id.',
      helpUri: DOCS.COGNITO,
    },
    (ctx) =>
      withProvider(ctx, 'cognito').flatMap(({ s, p }) =>
        hasBindingCondition(s, p)
          ? outsiderHit(ctx, 'trust-cognito-no-aud', s, p, 'Cognito provider')
          : typoBindingClaim(s, p)
            ? []
            : [{ pointer: p.entry.pointer, message: 'Cognito provider is trusted with no `cognito-identity.amazonaws.com:aud` condition' }],
      ),
  ),
  rule(
    {
      id: 'trust-cognito-no-amr', name: 'TrustCognitoNoAmr', severity: 'medium', kinds: TRUST, tags: ['security', 'oidc', 'cognito'],
      summary: 'Cognito identity trust does not test `amr` (authenticated / unauthenticated)',
      description: 'Without an `amr` condition, guest identities can take a role meant for signed-in users.',
      help: 'Add `ForAnyValue:StringLike cognito-identity.amazonaws.com:amr` = `authenticated`.',
      helpUri: DOCS.COGNITO,
    },
    (ctx) =>
      withProvider(ctx, 'cognito')
        .filter(({ s }) => conditionsOn(s, 'cognito-identity.amazonaws.com:amr').length === 0)
        .map(({ p }) => ({ pointer: p.entry.pointer, message: 'Cognito provider is trusted with no `cognito-identity.amazonaws.com:amr` condition' })),
  ),
  rule(
    {
      id: 'trust-oidc-no-aud', name: 'TrustOidcNoAud', severity: 'low', kinds: TRUST, tags: ['security', 'oidc'],
      summary: 'the provider\'s `aud` claim is not constrained',
      description: 'The audience keeps tokens minted for other relying parties out; `sub` stays the primary control.',
      help: 'Add `StringEquals <provider>:aud` = `sts.amazonaws.com` (GitHub, EKS) or your client id.',
      helpUri: DOCS.OIDCROLE,
    },
    (ctx) =>
      withProvider(ctx, 'oidc')
        .filter(({ s, p }) => p.entry.form === 'oidcProvider' && s.conditions.length > 0 && conditionsOn(s, `${p.host}:aud`).length === 0)
        .map(({ p }) => ({ pointer: p.entry.pointer, message: `provider ${q(p.host)} has no \`aud\` condition` })),
  ),
  rule(
    {
      id: 'trust-oidc-aud-qualifier', name: 'TrustOidcAudQualifier', severity: 'info', kinds: TRUST, tags: ['correctness', 'oidc'],
      summary: '`aud` is tested with a set qualifier, or `amr` without one',
      description: '`aud` is single-valued and `amr` multivalued; the wrong form changes how missing or multiple values match.',
      help: 'Use `StringEquals` for `aud` and `ForAnyValue:StringLike` for `amr`.',
      helpUri: DOCS.STSKEYS,
    },
    (ctx) =>
      ctx.policy.statements.flatMap((s) =>
        s.conditions
          .filter((c) => (c.keyLower.endsWith(':aud') && c.qualifier !== undefined && !c.keyLower.startsWith('saml:')) || (c.keyLower.endsWith(':amr') && c.qualifier === undefined && c.family !== 'null'))
          .map((c) => ({ pointer: c.pointer, message: `key ${q(c.key)} is tested with ${q(c.operator)}` })),
      ),
  ),
  rule(
    {
      id: 'trust-oidc-typo-key', name: 'TrustOidcTypoKey', severity: 'high', kinds: TRUST, tags: ['security', 'oidc'],
      summary: 'a claim key names an issuer the statement does not trust',
      description: 'A key whose prefix differs from the Federated provider (a typo such as `token.actions.githubuser.content.com:sub`, or another provider\'s key) never exists in the request: a positive condition on it is never true (the statement admits nobody), a negated or IfExists one is always true (it restricts nothing). The binding the author meant is missing either way; iamtrace reports the typo here rather than also as a missing `sub`.',
      help: 'Write the key with the provider\'s exact host: `<host>:sub`.',
      helpUri: DOCS.STSKEYS,
    },
    (ctx) =>
      allows(ctx.policy).flatMap((s) => {
        const host = providers(s).find((p) => !p.saml)?.host ?? ''
        return foreignClaims(s).map((c) => ({ pointer: c.pointer, message: `key ${q(c.key)} does not belong to the trusted provider ${q(host)}: ${absentKeyEffect(ctx, s, c)}` }))
      }),
  ),
  rule(
    {
      id: 'trust-saml-no-aud', name: 'TrustSamlNoAud', severity: 'medium', kinds: TRUST, tags: ['security', 'saml'],
      summary: 'a SAML provider is trusted without a `SAML:aud` or other SAML condition',
      description: 'Without a condition on the assertion (recipient, subject, issuer), assertions meant for other service providers or any user of the IdP can be used.',
      help: 'Add `StringEquals SAML:aud` = `https://signin.aws.amazon.com/saml`.',
      helpUri: DOCS.SAMLROLE,
    },
    (ctx) =>
      allows(ctx.policy).flatMap((s) =>
        providers(s)
          .filter((p) => p.saml && !s.conditions.some((c) => c.keyLower.startsWith('saml:') && !c.negated && !c.ifExists))
          .map((p) => ({ pointer: p.entry.pointer, message: `SAML provider ${q(p.entry.value)} is trusted with no \`SAML:\` condition` })),
      ),
  ),
]
