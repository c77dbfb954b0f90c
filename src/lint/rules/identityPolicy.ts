/**
 * Group I (identity side): permissions that let a principal take over roles.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
import { compileWildcard } from '../../matching/wildcard.js'
import type { Statement } from '../../policy/types.js'
import { DOCS } from '../docs.js'
import { allows, allowsAction, conditionsOn, rule } from '../facts.js'
import type { LintRule, RuleContext, RuleHit } from '../types.js'

const IDENTITY = ['identity'] as const

function onAnyResource(s: Statement): boolean {
  return s.resource?.kind === 'resource' && s.resource.patterns.some((p) => p.value === '*')
}

function hitsFor(ctx: RuleContext, action: string, extra: (s: Statement) => boolean, message: string): RuleHit[] {
  return allows(ctx.policy)
    .filter((s) => allowsAction(s, action) && onAnyResource(s) && extra(s))
    .map((s) => ({ pointer: s.action?.patterns.find((p) => compileWildcard(p.value, true).matches(action))?.pointer ?? s.pointer, message }))
}

/** Rules of group I that need only the identity policy. */
export const IDENTITY_RULES: readonly LintRule[] = [
  rule(
    {
      id: 'id-passrole-wildcard', name: 'IdPassRoleWildcard', severity: 'high', kinds: IDENTITY, tags: ['security', 'privilege-escalation'],
      summary: '`iam:PassRole` on `*` without `iam:PassedToService`',
      description: 'Passing any role (including admin roles) to a service the principal controls escalates its privileges.',
      help: 'Restrict Resource to the roles the principal must pass and add `iam:PassedToService`.',
      helpUri: DOCS.PASSROLE,
    },
    (ctx) => hitsFor(ctx, 'iam:passrole', (s) => conditionsOn(s, 'iam:passedtoservice').length === 0, '`iam:PassRole` is allowed on `*` without `iam:PassedToService`'),
  ),
  rule(
    {
      id: 'id-assumerole-wildcard', name: 'IdAssumeRoleWildcard', severity: 'medium', kinds: IDENTITY, tags: ['security'],
      summary: '`sts:AssumeRole` on `*`',
      description: 'The principal can assume every role whose trust policy trusts its account.',
      help: 'List the role ARNs the principal needs.',
      helpUri: DOCS.TRUSTUPD,
    },
    (ctx) => hitsFor(ctx, 'sts:assumerole', () => true, '`sts:AssumeRole` is allowed on `*`'),
  ),
  rule(
    {
      id: 'id-update-trust-wildcard', name: 'IdUpdateTrustWildcard', severity: 'high', kinds: IDENTITY, tags: ['security', 'privilege-escalation'],
      summary: '`iam:UpdateAssumeRolePolicy` on `*`',
      description: 'Rewriting any trust policy lets the principal take over any role.',
      help: 'Restrict Resource to the roles the principal administers.',
      helpUri: DOCS.TRUSTUPD,
    },
    (ctx) => hitsFor(ctx, 'iam:updateassumerolepolicy', () => true, '`iam:UpdateAssumeRolePolicy` is allowed on `*`'),
  ),
]
