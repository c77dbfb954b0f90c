/**
 * Groups B and C: who outside your zone can assume the role. Decided with the condition engine
 * (see adversary.ts): `{"AWS":"*"}` with `StringEquals aws:PrincipalOrgID` is not public, with
 * `StringNotEquals`, `…IfExists`, `ForAllValues:` or a wildcard value it is.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
 */
import { describeWitness, outsiderReach, satisfiesWith } from '../adversary.js'
import type { CallerProfile } from '../adversary.js'
import { DOCS } from '../docs.js'
import { accountOf, allows, awsWildcardPointer, conditionsOn, denies, ownAccounts, principalEntries, q, rule } from '../facts.js'
import { awsCallerProfile, insideSet, providerProfile } from '../profiles.js'
import { providerOf } from '../keys.js'
import type { LintRule, RuleContext, RuleHit } from '../types.js'
import type { Statement } from '../../policy/types.js'

const TRUST = ['trust'] as const

function zoneConfigured(ctx: RuleContext): boolean {
  const z = ctx.options.zone
  return z.accounts.length + z.organizations.length + z.githubOrganizations.length + z.terraformOrganizations.length + z.gitlabGroups.length > 0
}

type Verdict = { statement: Statement; pointer: string; reach: ReturnType<typeof outsiderReach> }
const verdictCache = new WeakMap<RuleContext, Verdict[]>()

/** `{"AWS":"*"}` statements and the outsider verdict computed against the statement's own named identities (once per policy). */
function publicVerdicts(ctx: RuleContext): Verdict[] {
  let cached = verdictCache.get(ctx)
  if (cached === undefined) verdictCache.set(ctx, (cached = computeVerdicts(ctx)))
  return cached
}

function computeVerdicts(ctx: RuleContext): Verdict[] {
  const profile = awsCallerProfile(ctx.ownAccount)
  return allows(ctx.policy).flatMap((s) => {
    const pointer = awsWildcardPointer(s)
    if (pointer === undefined) return []
    const inside = insideSet(ctx.options.zone, ctx.ownAccount, s, profile)
    return [{ statement: s, pointer, reach: outsiderReach(ctx.policy, s, denies(ctx.policy), profile, inside, (p) => ctx.isUnknown(p)) }]
  })
}

/** External AWS account principals: accounts not in the zone and not the owner. Empty when nothing is known about ownership. */
function externalEntries(ctx: RuleContext, s: Statement): { pointer: string; value: string; account: string; form: string }[] {
  const own = ownAccounts(ctx)
  if (own.size === 0) return []
  return principalEntries(s).flatMap((e) => {
    const account = accountOf(e)
    return account === undefined || own.has(account) ? [] : [{ pointer: e.pointer, value: e.value, account, form: e.form }]
  })
}

/**
 * Request values of "some principal in `account`" that no name-based condition was written for, without an
 * external id and without MFA: `aws:MultiFactorAuthPresent` is absent for long-term access keys and
 * `false` for temporary credentials obtained without MFA, so `Bool … "false"` or `BoolIfExists … "true"` is
 * not an MFA requirement. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 */
function anyPrincipalIn(account: string): Map<string, readonly string[] | undefined>[] {
  return [undefined, ['false']].map(
    (mfa) =>
      new Map<string, readonly string[] | undefined>([
        ['aws:principalaccount', [account]],
        ['aws:principalarn', [`arn:aws:iam::${account}:role/iamtrace-any-principal`]],
        ['aws:userid', ['AROAIAMTRACEANYPRINCIPAL:session']],
        ['sts:externalid', undefined],
        ['aws:multifactorauthpresent', mfa],
      ]),
  )
}

/** True when some principal of `account`, as {@link anyPrincipalIn} describes it, may satisfy the statement. */
function anyPrincipalSatisfies(ctx: RuleContext, s: Statement, profile: CallerProfile, account: string): boolean {
  return anyPrincipalIn(account).some((values) => satisfiesWith(ctx.policy, s, profile, values) !== 'false')
}

/** Profile for "which principal of an account": name keys are evaluated, everything else is satisfiable. */
const NAME_KEYS = new Set(['aws:principalarn', 'aws:userid'])

/** Rules of groups B and C. */
export const BREADTH_RULES: readonly LintRule[] = [
  rule(
    {
      id: 'trust-any-aws-principal', name: 'TrustAnyAwsPrincipal', severity: 'critical', kinds: TRUST, tags: ['security', 'public'],
      summary: 'any AWS principal in any account can assume the role (`{"AWS":"*"}` without conditions)',
      description: 'A wildcard AWS principal with no condition lets every authenticated principal of every AWS account assume the role.',
      help: 'Name the trusted principals, or bind the statement with `aws:PrincipalOrgID` / `aws:PrincipalAccount` / `aws:PrincipalArn` using StringEquals or ArnEquals.',
      helpUri: DOCS.PRIN,
    },
    (ctx) =>
      publicVerdicts(ctx)
        .filter((v) => v.statement.conditions.length === 0 && v.reach.kind === 'outsider')
        .map((v) => ({ pointer: v.pointer, message: v.reach.kind === 'outsider' && v.reach.uncertain !== undefined && v.reach.uncertain.length > 0 ? `principal \`*\`: any AWS principal in any account may assume the role (${v.reach.uncertain[0]?.message ?? 'undecidable'})` : 'principal `*` with no condition: any AWS principal in any account can assume the role' })),
  ),
  rule(
    {
      id: 'trust-any-aws-principal-weak-condition', name: 'TrustAnyAwsPrincipalWeakCondition', severity: 'high', kinds: TRUST, tags: ['security', 'public'],
      summary: '`{"AWS":"*"}` whose conditions do not bind the caller to an account, organization or ARN',
      description: 'Conditions such as source IP, MFA, tags, IfExists forms, negated operators or wildcard values look restrictive but still admit principals of other accounts. iamtrace evaluates the conditions against an outsider who controls every value it can choose.',
      help: 'Add `StringEquals` on `aws:PrincipalOrgID` or `aws:PrincipalAccount`, or `ArnEquals` on `aws:PrincipalArn`, without IfExists or wildcards.',
      helpUri: DOCS.GKEYS,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      for (const v of publicVerdicts(ctx)) {
        if (v.statement.conditions.length === 0) continue
        if (v.reach.kind === 'outsider') hits.push({ pointer: v.pointer, message: `principal \`*\`: an outsider with ${describeWitness(v.reach.witness)} satisfies every condition` })
        else if (v.reach.kind === 'unknown') ctx.undecided('trust-any-aws-principal-weak-condition', v.reach.pointer)
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-public-assumable', name: 'TrustPublicAssumable', severity: 'critical', kinds: TRUST, tags: ['security', 'public'],
      summary: 'principals outside your configured zone of trust can assume the role',
      description: 'The conditions bind the caller, but to accounts, organizations or CI owners that are not in the zone of trust configured in `.iamtrace.json`.',
      help: 'Bind the statement to your own organization / accounts / CI owners, or add them to `zone` in `.iamtrace.json` if they are yours.',
      helpUri: DOCS.PRIN,
    },
    (ctx) => {
      if (!zoneConfigured(ctx)) return []
      const hits: RuleHit[] = []
      // The AWS side needs your accounts or organizations; CI owners alone say nothing about them.
      const awsZone = ctx.options.zone.accounts.length + ctx.options.zone.organizations.length > 0
      for (const v of awsZone ? publicVerdicts(ctx) : []) {
        if (v.reach.kind !== 'bound') continue
        const profile = awsCallerProfile(ctx.ownAccount)
        const reach = outsiderReach(ctx.policy, v.statement, denies(ctx.policy), profile, insideSet(ctx.options.zone, ctx.ownAccount, undefined, undefined), (p) => ctx.isUnknown(p))
        if (reach.kind === 'outsider') hits.push({ pointer: v.pointer, message: `principal \`*\`: a caller outside your zone with ${describeWitness(reach.witness)} satisfies every condition` })
      }
      for (const s of allows(ctx.policy)) {
        for (const e of principalEntries(s)) {
          const provider = providerOf(e)
          if (provider === undefined || provider.saml || !['github', 'terraform', 'gitlab'].includes(provider.family)) continue
          const z = ctx.options.zone
          const relevant = provider.family === 'github' ? z.githubOrganizations : provider.family === 'terraform' ? z.terraformOrganizations : z.gitlabGroups
          if (relevant.length === 0) continue
          const profile = providerProfile(provider, ctx.ownAccount)
          const own = outsiderReach(ctx.policy, s, denies(ctx.policy), profile, insideSet(z, ctx.ownAccount, s, profile), (p) => ctx.isUnknown(p))
          if (own.kind !== 'bound' || s.conditions.length === 0) continue
          const reach = outsiderReach(ctx.policy, s, denies(ctx.policy), profile, insideSet(z, ctx.ownAccount, undefined, undefined), (p) => ctx.isUnknown(p))
          if (reach.kind === 'outsider') hits.push({ pointer: e.pointer, message: `provider ${q(provider.host)}: a token outside your zone with ${describeWitness(reach.witness)} satisfies every condition` })
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-unknown-external-account', name: 'TrustUnknownExternalAccount', severity: 'high', kinds: TRUST, tags: ['security', 'cross-account'],
      summary: 'an AWS principal in an account outside your zone of trust',
      description: 'Delegating to an account you do not control lets everyone its administrators allow assume the role.',
      help: 'If the account is yours, add it to `zone.accounts` in `.iamtrace.json`; otherwise review the delegation.',
      helpUri: DOCS.THIRD,
    },
    (ctx) =>
      ctx.options.zone.accounts.length === 0
        ? []
        : allows(ctx.policy).flatMap((s) => externalEntries(ctx, s).map((e) => ({ pointer: e.pointer, message: `principal ${q(e.value)} is in account \`${e.account}\`, outside your zone of trust` }))),
  ),
  rule(
    {
      id: 'trust-external-root-no-binding', name: 'TrustExternalRootNoBinding', severity: 'medium', kinds: TRUST, tags: ['security', 'cross-account'],
      summary: 'an external account is trusted as a whole, with no condition naming which of its principals',
      description: 'Trusting an account root delegates to every principal the other account allows; `aws:PrincipalArn` narrows it and survives role re-creation.',
      help: 'Add `ArnEquals`/`ArnLike` on `aws:PrincipalArn` naming the principals that need the role.',
      helpUri: DOCS.PRIN,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      const profile = { ...awsCallerProfile(ctx.ownAccount), controlled: (k: string) => !NAME_KEYS.has(k) }
      for (const s of allows(ctx.policy)) {
        for (const e of externalEntries(ctx, s)) {
          if (e.form !== 'root' && e.form !== 'account') continue
          if (s.conditions.some((c) => c.keyLower.startsWith('aws:principaltag/') && !c.negated && !c.ifExists)) continue
          if (!anyPrincipalSatisfies(ctx, s, profile, e.account)) continue
          hits.push({ pointer: e.pointer, message: `account ${q(e.value)} is trusted as a whole; no condition names which of its principals` })
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-cross-account-no-externalid', name: 'TrustCrossAccountNoExternalId', severity: 'high', kinds: TRUST, tags: ['security', 'cross-account'],
      summary: 'an external account is trusted without sts:ExternalId, MFA or a principal binding',
      description: 'A third party trusted without an external id is open to the confused-deputy problem: another customer of the same vendor can make it assume your role.',
      help: 'Require `StringEquals sts:ExternalId` with the id the vendor gave you, or MFA, or bind `aws:PrincipalArn`.',
      helpUri: DOCS.THIRD,
    },
    (ctx) => {
      const hits: RuleHit[] = []
      const keys = new Set(['sts:externalid', 'aws:multifactorauthpresent', 'aws:principalarn', 'aws:userid'])
      const profile = { ...awsCallerProfile(ctx.ownAccount), controlled: (k: string) => !keys.has(k) }
      for (const s of allows(ctx.policy)) {
        for (const e of externalEntries(ctx, s)) {
          if (!anyPrincipalSatisfies(ctx, s, profile, e.account)) continue
          hits.push({ pointer: e.pointer, message: `external principal ${q(e.value)} can assume the role without \`sts:ExternalId\`, MFA or a principal binding` })
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'trust-externalid-weak', name: 'TrustExternalIdWeak', severity: 'low', kinds: TRUST, tags: ['security', 'cross-account'],
      summary: 'sts:ExternalId is matched with a wildcard, IfExists, a negated operator or a short value',
      description: 'The external id only distinguishes a vendor\'s customers when it must be present and equal to a unique value.',
      help: 'Use `StringEquals` with the exact external id the vendor issued.',
      helpUri: DOCS.THIRD,
    },
    (ctx) =>
      allows(ctx.policy).flatMap((s) =>
        conditionsOn(s, 'sts:externalid').flatMap((c) => {
          const wildcard = c.values.some((v) => /[*?]/.test(v.value)) && c.baseOperator.includes('Like')
          const short = c.values.some((v) => v.value.length < 8 && !ctx.isUnknown(v.pointer))
          if (!(wildcard || c.ifExists || c.negated || short)) return []
          const why = wildcard ? 'a wildcard' : c.ifExists ? '`IfExists`' : c.negated ? 'a negated operator' : 'a value shorter than 8 characters'
          return [{ pointer: c.pointer, message: `\`sts:ExternalId\` is matched with ${why} (${q(c.operator)})` }]
        }),
      ),
  ),
  rule(
    {
      id: 'trust-own-account-root', name: 'TrustOwnAccountRoot', severity: 'info', kinds: TRUST, tags: ['explain'],
      summary: 'your own account is trusted: identity policies decide who may assume the role',
      description: 'Trusting your own account root is not a vulnerability: every principal of the account whose identity policy allows sts:AssumeRole on the role can assume it.',
      help: 'Name specific roles if only they should assume the role.',
      helpUri: DOCS.PRIN,
    },
    (ctx) => {
      // The owning account counts here even when known only as a stack's AWS::AccountId.
      const own = new Set([...ownAccounts(ctx), ...(ctx.ownAccount !== undefined ? [ctx.ownAccount] : [])])
      return allows(ctx.policy).flatMap((s) =>
        principalEntries(s)
          .filter((e) => (e.form === 'root' || e.form === 'account') && e.account !== undefined && own.has(e.account))
          .map((e) => ({ pointer: e.pointer, message: `account ${q(e.value)} is yours: its identity policies decide who may assume the role` })),
      )
    },
  ),
]
