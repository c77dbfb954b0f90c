/**
 * Group I (identity side): permissions that let a principal take over roles, users and policies, decided
 * by the evaluator (escalationProbe.ts) so that a Deny, a Resource that names specific targets or a
 * condition on `iam:PassedToService` / `iam:PolicyARN` removes the finding, while a condition the caller
 * satisfies itself (source IP, MFA, tags) does not. The techniques come from the shared catalogue
 * (src/escalation/techniques.ts) that `iamtrace escalations` also reads.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
import type { Technique } from '../../escalation/techniques.js'
import type { Statement } from '../../policy/types.js'
import type { StatementRef } from '../../trace/types.js'
import { DOCS } from '../docs.js'
import { ANY_SERVICE, LINTED_TECHNIQUES, probeEscalation } from '../escalationProbe.js'
import { allowsAction, rule } from '../facts.js'
import type { LintRule, RuleContext, RuleHit } from '../types.js'

const IDENTITY = ['identity'] as const

/** The statement a reference points to. */
function statementOf(ctx: RuleContext, ref: StatementRef): Statement | undefined {
  return ctx.policy.statements.find((s) => s.pointer === ref.pointer)
}

/** The Action pattern that lets the statement match `action`, or the statement itself. */
function actionPointer(ctx: RuleContext, ref: StatementRef, action: string): string {
  const s = statementOf(ctx, ref)
  if (s === undefined) return ref.pointer
  if (s.action?.kind !== 'action') return s.action?.pointer ?? s.pointer
  return s.action.patterns.find((p) => allowsAction({ ...s, action: { ...s.action, patterns: [p] } } as Statement, action.toLowerCase()))?.pointer ?? s.action.pointer
}

/** How a statement names its resources, for messages: `*` or a pattern that covers every such resource. */
function where(ctx: RuleContext, ref: StatementRef, every: string): string {
  const s = statementOf(ctx, ref)
  const patterns = s?.resource?.kind === 'resource' ? s.resource.patterns.map((p) => p.value) : []
  return patterns.includes('*') ? '`*`' : every
}

/** Hits of a single-action check on a generic target, unless the policy is administrator access (reported once). */
function single(ctx: RuleContext, action: string, context: Readonly<Record<string, string>>, message: (ref: StatementRef) => string): RuleHit[] {
  const probe = probeEscalation(ctx.policy, ctx.ownAccount)
  if (probe.admin.length > 0) return []
  return probe.allows(action, 'role', context).map((ref) => ({ pointer: actionPointer(ctx, ref, action), message: message(ref) }))
}

/** The AWS page that documents a technique's decisive action (its API reference), else its first source. */
function techniqueDoc(t: Technique): string {
  return t.sources.find((s) => s.includes('/APIReference/') || s.includes('/api/') || s.includes('/webapi/')) ?? t.sources.find((s) => !s.includes('/service-authorization/')) ?? (t.sources[0] as string)
}

function techniqueRule(t: Technique): LintRule {
  const decisive = t.actions.find((a) => a.action !== 'iam:PassRole' && a.optional !== true) ?? (t.actions[0] as Technique['actions'][number])
  const needs = [...new Set(t.actions.filter((a) => a.optional !== true).map((a) => a.action))]
  return rule(
    {
      id: `id-privesc-${t.id}`,
      name: `IdPrivesc${t.id.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('')}`,
      severity: 'high',
      kinds: IDENTITY,
      tags: ['security', 'privilege-escalation', t.category],
      summary: `privilege escalation: ${t.title}`,
      description: `The policy allows ${needs.map((a) => `\`${a}\``).join(', ')} on any ${t.target === 'user-or-role' ? 'principal' : t.target} it does not already control: its holder ${t.summary}.${t.caveats !== undefined ? ` (${t.caveats.join('; ')})` : ''}`,
      help: t.category === 'pass-role' ? `Name the roles that may be passed in Resource and restrict \`iam:PassedToService\`, or remove ${needs.filter((a) => a !== 'iam:PassRole').map((a) => `\`${a}\``).join(', ')}.` : `Restrict Resource to the ${t.target === 'user-or-role' ? 'policies' : `${t.target}s`} the principal administers, or add a Deny for the others.`,
      helpUri: techniqueDoc(t),
    },
    (ctx) => {
      const hit = probeEscalation(ctx.policy, ctx.ownAccount).hits.find((h) => h.technique.id === t.id)
      if (hit === undefined) return []
      const first = hit.statements.find((ref) => statementOf(ctx, ref) !== undefined && (statementOf(ctx, ref) as Statement).action !== undefined && allowsAction(statementOf(ctx, ref) as Statement, decisive.action.toLowerCase())) ?? hit.statements[0]
      if (first === undefined) return []
      const kind = t.category === 'pass-role' ? 'role' : decisive.resource === 'policy' ? 'customer managed policy' : decisive.resource
      const on = hit.self ? 'on the holder itself' : `on any ${kind}`
      return [{ pointer: actionPointer(ctx, first, decisive.action), message: `${needs.map((a) => `\`${a}\``).join(' + ')} allowed ${on}: the holder ${t.summary}` }]
    },
  )
}

/** Rules of group I that need only the identity policy. */
export const IDENTITY_RULES: readonly LintRule[] = [
  rule(
    {
      id: 'id-admin-access', name: 'IdAdminAccess', severity: 'high', kinds: IDENTITY, tags: ['security', 'privilege-escalation'],
      summary: 'the policy allows every action on every resource (administrator access)',
      description: 'An identity allowed `*` on `*` (or NotAction on `*` that leaves almost everything) can do anything in its account, including granting itself or others any permission.',
      help: 'Grant the actions the principal needs; keep administrator access for break-glass roles with MFA and a short session.',
      helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html#jf_administrator',
    },
    (ctx) => probeEscalation(ctx.policy, ctx.ownAccount).admin.map((ref) => ({ pointer: statementOf(ctx, ref)?.action?.pointer ?? ref.pointer, message: 'every action is allowed on every resource: administrator access' })),
  ),
  rule(
    {
      id: 'id-passrole-wildcard', name: 'IdPassRoleWildcard', severity: 'high', kinds: IDENTITY, tags: ['security', 'privilege-escalation'],
      summary: '`iam:PassRole` on every role without `iam:PassedToService`',
      description: 'Passing any role (including admin roles) to a service the principal controls escalates its privileges.',
      help: 'Restrict Resource to the roles the principal must pass and add `iam:PassedToService`.',
      helpUri: DOCS.PASSROLE,
    },
    (ctx) => single(ctx, 'iam:PassRole', { 'iam:PassedToService': ANY_SERVICE }, (ref) => `\`iam:PassRole\` is allowed on ${where(ctx, ref, 'every role')} without \`iam:PassedToService\``),
  ),
  rule(
    {
      id: 'id-assumerole-wildcard', name: 'IdAssumeRoleWildcard', severity: 'medium', kinds: IDENTITY, tags: ['security'],
      summary: '`sts:AssumeRole` on every role',
      description: 'The principal can assume every role whose trust policy trusts its account.',
      help: 'List the role ARNs the principal needs.',
      helpUri: DOCS.TRUSTUPD,
    },
    (ctx) => single(ctx, 'sts:AssumeRole', {}, (ref) => `\`sts:AssumeRole\` is allowed on ${where(ctx, ref, 'every role')}`),
  ),
  rule(
    {
      id: 'id-update-trust-wildcard', name: 'IdUpdateTrustWildcard', severity: 'high', kinds: IDENTITY, tags: ['security', 'privilege-escalation'],
      summary: '`iam:UpdateAssumeRolePolicy` on every role',
      description: 'Rewriting any trust policy lets the principal take over any role.',
      help: 'Restrict Resource to the roles the principal administers.',
      helpUri: DOCS.TRUSTUPD,
    },
    (ctx) => single(ctx, 'iam:UpdateAssumeRolePolicy', {}, (ref) => `\`iam:UpdateAssumeRolePolicy\` is allowed on ${where(ctx, ref, 'every role')}`),
  ),
  // The trust rewrite is reported by id-update-trust-wildcard above, on its own action.
  ...LINTED_TECHNIQUES.filter((t) => t.id !== 'update-assume-role-policy').map(techniqueRule),
]
