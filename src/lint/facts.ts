/**
 * Small questions rules ask about a statement: which actions it allows, which principals it names, which
 * keys its conditions read. Action patterns are matched with the linear-time IAM wildcard matcher.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { compileWildcard } from '../matching/wildcard.js'
import type { ConditionNode, Policy, PrincipalEntry, Statement } from '../policy/types.js'
import { PLACEHOLDER_OWN_ACCOUNT } from './identity.js'
import { providerOf, type Provider } from './keys.js'
import type { LintRule, RuleContext, RuleHit, RuleMeta } from './types.js'
import type { PolicyKind } from '../policy/types.js'

/** True when the statement's Action element (not NotAction) allows `action` (lowercased). */
export function allowsAction(statement: Statement, action: string): boolean {
  const element = statement.action
  if (element === undefined) return false
  const any = element.patterns.some((p) => compileWildcard(p.value, true).matches(action))
  return element.kind === 'action' ? any : !any
}

/** Allow statements of a policy. */
export function allows(policy: Policy): readonly Statement[] {
  return policy.statements.filter((s) => s.effect === 'Allow')
}

/** Deny statements of a policy. */
export function denies(policy: Policy): readonly Statement[] {
  return policy.statements.filter((s) => s.effect === 'Deny')
}

/** Principal entries of a `Principal` (not NotPrincipal) element. */
export function principalEntries(statement: Statement): readonly PrincipalEntry[] {
  return statement.principal?.kind === 'principal' ? statement.principal.entries : []
}

/** The `{"AWS": "*"}` entry, or the bare `"*"` principal, when present: the pointer to report. */
export function awsWildcardPointer(statement: Statement): string | undefined {
  const p = statement.principal
  if (p === undefined || p.kind !== 'principal') return undefined
  if (p.bareWildcard) return p.pointer
  return p.entries.find((e) => e.type === 'AWS' && e.value === '*')?.pointer
}

/** Identity providers a statement trusts. */
export function providers(statement: Statement): Provider[] {
  const out: Provider[] = []
  for (const e of principalEntries(statement)) {
    const p = providerOf(e)
    if (p !== undefined) out.push(p)
  }
  return out
}

/** Every OIDC provider host named anywhere in the policy (the valid claim-key prefixes). */
export function providerHosts(policy: Policy): ReadonlySet<string> {
  const hosts = new Set<string>()
  for (const s of policy.statements) for (const p of providers(s)) if (!p.saml) hosts.add(p.host)
  return hosts
}

/** Conditions on a key (lowercased). */
export function conditionsOn(statement: Statement, keyLower: string): readonly ConditionNode[] {
  return statement.conditions.filter((c) => c.keyLower === keyLower)
}

/** Declares a rule. */
export function rule(meta: RuleMeta & { readonly kinds: readonly PolicyKind[] }, check: (ctx: RuleContext) => RuleHit[]): LintRule {
  return { ...meta, check }
}

/** Account of a principal entry that names an AWS account (root, account id, user, role, session). */
export function accountOf(entry: PrincipalEntry): string | undefined {
  if (entry.type !== 'AWS') return undefined
  return ['account', 'root', 'user', 'role', 'assumedRole', 'federatedUser'].includes(entry.form) ? entry.account : undefined
}

/**
 * Accounts known to be yours: the zone plus the owning account. Without a zone, a stack's own account
 * (known only as `AWS::AccountId`) is not enough to call a numbered account external.
 */
export function ownAccounts(ctx: RuleContext): ReadonlySet<string> {
  const set = new Set(ctx.options.zone.accounts)
  if (ctx.ownAccount !== undefined && (ctx.ownAccount !== PLACEHOLDER_OWN_ACCOUNT || set.size > 0)) set.add(ctx.ownAccount)
  return set
}

/** `\`text\`` for messages, shortened and kept on one line. */
export function q(text: string): string {
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text
  return `\`${short.replace(/`/g, "'").replace(/[\u0000-\u001f\u007f]/g, ' ')}\``
}
