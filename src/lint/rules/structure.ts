/**
 * Group A: trust-policy grammar and structure that the parser does not already report.
 * Access Analyzer checks: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { DOCS } from '../docs.js'
import { isAssumeRoleAction, isRoleTrustAction, ROLE_TRUST_ACTIONS } from '../../request/roleTrust.js'
import { allows, allowsAction, principalEntries, q, rule } from '../facts.js'
import { keyPrefix } from '../keys.js'
import type { LintRule, RuleHit } from '../types.js'

const TRUST = ['trust'] as const
const SERVICE_DOMAINS = ['.amazonaws.com', '.amazonaws.com.cn', '.amazon.com', '.c2s.ic.gov', '.sc2s.sgov.gov']

/** Rules of group A computed from the AST. */
export const STRUCTURE_RULES: readonly LintRule[] = [
  rule(
    {
      id: 'trust-invalid-service-principal', name: 'TrustInvalidServicePrincipal', severity: 'error', kinds: TRUST, tags: ['correctness'],
      summary: 'a service principal is not an AWS service name',
      description: 'Service principals are DNS names under an AWS domain such as `ec2.amazonaws.com`; any other name never matches a real service.',
      help: 'Use the service principal AWS documents for the service, e.g. `lambda.amazonaws.com`.',
      helpUri: DOCS.PRIN,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      for (const s of ctx.policy.statements) {
        for (const e of principalEntries(s)) {
          if (e.type === 'Service' && e.form === 'service' && !SERVICE_DOMAINS.some((d) => e.value.endsWith(d))) {
            hits.push({ pointer: e.pointer, message: `service principal ${q(e.value)} is not under an AWS service domain` })
          }
          if (e.type === 'CanonicalUser') {
            hits.push({ pointer: e.pointer, message: `CanonicalUser principal ${q(e.value)} never matches a caller of sts:AssumeRole` })
          }
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-action-principal-mismatch', name: 'TrustActionPrincipalMismatch', severity: 'error', kinds: TRUST, tags: ['correctness'],
      summary: 'the principal cannot use any of the statement\'s assume actions',
      description: 'SAML providers call sts:AssumeRoleWithSAML, OIDC providers sts:AssumeRoleWithWebIdentity, AWS and service principals sts:AssumeRole. A statement whose actions do not match its principal type never applies.',
      help: 'Allow the assume action that matches the principal type.',
      helpUri: DOCS.AA,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      for (const s of allows(ctx.policy)) {
        if (s.action === undefined || s.action.kind !== 'action') continue
        for (const e of principalEntries(s)) {
          const needed =
            e.form === 'samlProvider' ? 'sts:assumerolewithsaml' : e.form === 'oidcProvider' || e.form === 'builtinIdp' ? 'sts:assumerolewithwebidentity' : e.type === 'AWS' || e.type === 'Service' ? 'sts:assumerole' : undefined
          if (needed === undefined || allowsAction(s, needed)) continue
          const assumes = ROLE_TRUST_ACTIONS.filter((a) => isAssumeRoleAction(a) && allowsAction(s, a))
          if (assumes.length === 0) continue
          hits.push({ pointer: e.pointer, message: `principal ${q(e.value)} needs \`${needed}\` but the statement allows ${assumes.map((a) => `\`${a}\``).join(', ')}` })
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-unsupported-action', name: 'TrustUnsupportedAction', severity: 'error', kinds: TRUST, tags: ['correctness'],
      summary: 'a trust statement names an action that is not an STS role action',
      description: 'A role trust policy controls who may assume the role; only sts:AssumeRole*, sts:TagSession, sts:SetSourceIdentity and sts:SetContext are meaningful there.',
      help: 'Remove the action, or move it to an identity policy.',
      helpUri: DOCS.AA,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      for (const s of ctx.policy.statements) {
        if (s.action?.kind !== 'action') continue
        for (const p of s.action.patterns) {
          const lower = p.value.toLowerCase()
          // `*` is trust-action-wildcard's; `sts:` patterns may cover role actions; anything else must be one.
          const wildcard = lower.includes('*') || lower.includes('?')
          const ok = lower === '*' || (wildcard && lower.startsWith('sts:')) || isRoleTrustAction(lower)
          if (!ok) hits.push({ pointer: p.pointer, message: `action ${q(p.value)} is not an sts role action` })
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-action-wildcard', name: 'TrustActionWildcard', severity: 'high', kinds: TRUST, tags: ['security'],
      summary: 'a trust statement allows `*` or `sts:*`',
      description: 'A wildcard grants every assume flavour plus sts:TagSession, sts:SetSourceIdentity and sts:SetContext to the principal.',
      help: 'List the exact actions the principal needs, e.g. `sts:AssumeRole`.',
      helpUri: DOCS.ACT,
    },
    (ctx) =>
      allows(ctx.policy).flatMap((s) =>
        s.action?.kind === 'action'
          ? s.action.patterns.filter((p) => p.value === '*' || p.value.toLowerCase() === 'sts:*').map((p) => ({ pointer: p.pointer, message: `trust statement allows ${q(p.value)}` }))
          : [],
      ),
  ),
  rule(
    {
      id: 'trust-allow-notaction', name: 'TrustAllowNotAction', severity: 'high', kinds: TRUST, tags: ['security'],
      summary: 'an Allow trust statement uses NotAction',
      description: 'Allow with NotAction grants every action except those listed, including future STS actions.',
      help: 'Use Action with the exact actions the principal needs.',
      helpUri: DOCS.NOTACT,
    },
    (ctx) =>
      allows(ctx.policy)
        .filter((s) => s.action?.kind === 'notAction')
        .map((s) => ({ pointer: s.action?.pointer ?? s.pointer, message: 'Allow statement uses `NotAction`' })),
  ),
  rule(
    {
      id: 'trust-roles-anywhere-actions', name: 'TrustRolesAnywhereActions', severity: 'error', kinds: TRUST, tags: ['correctness'],
      summary: 'an IAM Roles Anywhere trust lacks sts:AssumeRole, sts:TagSession or sts:SetSourceIdentity',
      description: 'Roles Anywhere needs all three actions to vend credentials.',
      help: 'Allow `sts:AssumeRole`, `sts:TagSession` and `sts:SetSourceIdentity` to `rolesanywhere.amazonaws.com`.',
      helpUri: DOCS.ROLESANYWHERE,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      for (const s of allows(ctx.policy)) {
        const entry = principalEntries(s).find((e) => e.type === 'Service' && e.value === 'rolesanywhere.amazonaws.com')
        if (entry === undefined) continue
        const missing = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'].filter((a) => !allowsAction(s, a.toLowerCase()))
        if (missing.length > 0) hits.push({ pointer: entry.pointer, message: `roles anywhere trust lacks ${missing.map((m) => `\`${m}\``).join(', ')}` })
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-missing-action-for-condition-key', name: 'TrustMissingActionForConditionKey', severity: 'error', kinds: TRUST, tags: ['correctness'],
      summary: 'a condition key is only set by an action the statement does not allow',
      description: 'Session tags are passed with sts:TagSession, source identity with sts:SetSourceIdentity and context with sts:SetContext; without that action the condition is never evaluated where intended and the call fails.',
      help: 'Add the action that carries the key to the statement.',
      helpUri: DOCS.TAGS,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      for (const s of allows(ctx.policy)) {
        for (const c of s.conditions) {
          const k = c.keyLower
          const needed =
            k.startsWith('aws:requesttag/') || k === 'aws:tagkeys' || k === 'sts:transitivetagkeys'
              ? 'sts:TagSession'
              : k === 'sts:sourceidentity'
                ? 'sts:SetSourceIdentity'
                : k.startsWith('sts:requestcontext')
                  ? 'sts:SetContext'
                  : undefined
          if (needed !== undefined && !allowsAction(s, needed.toLowerCase())) {
            hits.push({ pointer: c.pointer, message: `key ${q(c.key)} needs \`${needed}\` in the statement's actions` })
          }
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-action-not-covered-by-key', name: 'TrustActionNotCoveredByKey', severity: 'error', kinds: TRUST, tags: ['correctness'],
      summary: 'some assume actions of the statement never carry a condition key it tests',
      description: 'sts:ExternalId exists only for sts:AssumeRole, identity-provider claims only for sts:AssumeRoleWithWebIdentity, `saml:` keys only for sts:AssumeRoleWithSAML; mixing them makes the statement behave differently per action.',
      help: 'Split the statement per assume action.',
      helpUri: DOCS.STSKEYS,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      const hosts = new Set<string>()
      for (const s of ctx.policy.statements) for (const e of principalEntries(s)) if (e.type === 'Federated') hosts.add(e.value.toLowerCase())
      for (const s of allows(ctx.policy)) {
        const assumes = ROLE_TRUST_ACTIONS.filter((a) => isAssumeRoleAction(a) && allowsAction(s, a))
        for (const c of s.conditions) {
          const prefix = keyPrefix(c.keyLower)
          const only =
            c.keyLower === 'sts:externalid'
              ? 'sts:assumerole'
              : prefix === 'saml'
                ? 'sts:assumerolewithsaml'
                : [...hosts].some((h) => h === prefix || h.endsWith(`/${prefix}`)) || prefix === 'cognito-identity.amazonaws.com'
                  ? 'sts:assumerolewithwebidentity'
                  : undefined
          const others = assumes.filter((a) => a !== only)
          if (only !== undefined && assumes.includes(only) && others.length > 0) {
            hits.push({ pointer: c.pointer, message: `key ${q(c.key)} is not set for ${others.map((a) => `\`${a}\``).join(', ')}` })
          }
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-version', name: 'TrustVersion', severity: 'low', kinds: TRUST, tags: ['maintainability'],
      summary: 'Version is missing or 2008-10-17',
      description: 'Without Version 2012-10-17 policy variables are literal text and defaults surprise readers.',
      help: 'Add `"Version": "2012-10-17"`.',
      helpUri: DOCS.VER,
    },
    (ctx) => {
      const v = ctx.policy.version
      if (v === undefined) return [{ pointer: '', message: 'the policy has no `Version`' }]
      if (v === '2008-10-17') return [{ pointer: '/Version', message: 'Version is `2008-10-17`' }]
      return []
    },
  ),
  rule(
    {
      id: 'trust-redundant-principal', name: 'TrustRedundantPrincipal', severity: 'info', kinds: TRUST, tags: ['maintainability'],
      summary: 'a principal is already covered by another entry of the statement',
      description: 'An assumed-role session is covered by its role ARN; an account id and its root ARN are the same principal.',
      help: 'Remove the redundant entry.',
      helpUri: DOCS.AA,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      for (const s of ctx.policy.statements) {
        const entries = principalEntries(s).filter((e) => e.type === 'AWS')
        const roles = new Set(entries.filter((e) => e.form === 'role').map((e) => `${e.account}:${e.value.slice(e.value.lastIndexOf('/') + 1)}`))
        const seenAccounts = new Set<string>()
        for (const e of entries) {
          if (e.form === 'assumedRole') {
            const parts = e.value.split(':').pop()?.split('/') ?? []
            if (roles.has(`${e.account}:${parts[1] ?? ''}`)) hits.push({ pointer: e.pointer, message: `session ${q(e.value)} is covered by its role ARN in the same statement` })
          }
          if ((e.form === 'account' || e.form === 'root') && e.account !== undefined) {
            if (seenAccounts.has(e.account)) hits.push({ pointer: e.pointer, message: `account \`${e.account}\` is named twice (account id and root ARN)` })
            seenAccounts.add(e.account)
          }
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-size-quota', name: 'TrustSizeQuota', severity: 'low', kinds: TRUST, tags: ['correctness'],
      summary: 'the trust policy is longer than the role trust policy quota',
      description: 'IAM measures trust policies without whitespace; the default quota is 2048 characters (adjustable to 8192). Updates fail above it.',
      help: 'Shorten the policy or request a quota increase.',
      helpUri: DOCS.QUOTAS,
    },
    (ctx) =>
      ctx.compactLength !== undefined && ctx.compactLength > ctx.options.trustPolicySizeLimit
        ? [{ pointer: '', message: `the trust policy has ${ctx.compactLength} characters without whitespace, more than ${ctx.options.trustPolicySizeLimit}` }]
        : [],
  ),
  rule(
    {
      id: 'trust-principal-unique-id', name: 'TrustPrincipalUniqueId', severity: 'medium', kinds: TRUST, tags: ['correctness'],
      summary: 'a principal is a unique id (`AROA…`/`AIDA…`): the named user or role was deleted',
      description: 'IAM shows the unique id when the principal no longer exists; a recreated principal with the same name will not match.',
      help: 'Remove the entry, or name the principal again by ARN (or match it with `aws:PrincipalArn`).',
      helpUri: DOCS.PRIN,
    },
    (ctx) =>
      ctx.policy.statements.flatMap((s) =>
        principalEntries(s)
          .filter((e) => e.form === 'uniqueId')
          .map((e) => ({ pointer: e.pointer, message: `principal ${q(e.value)} is a unique id of a deleted user or role` })),
      ),
  ),
  rule(
    {
      id: 'trust-empty-sid', name: 'TrustEmptySid', severity: 'info', kinds: TRUST, tags: ['maintainability'],
      summary: 'a statement has an empty Sid',
      description: 'An empty Sid identifies nothing in traces and suppressions.',
      help: 'Remove the Sid or give it a name of letters and digits.',
      helpUri: DOCS.SID,
    },
    (ctx) => ctx.policy.statements.filter((s) => s.sid === '').map((s) => ({ pointer: `${s.pointer}/Sid`, message: 'statement has an empty `Sid`' })),
  ),
]
