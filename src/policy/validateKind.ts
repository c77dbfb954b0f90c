/**
 * Rules that depend on the kind of policy: which elements each kind allows or requires.
 * Identity, boundary and session policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html
 * Principal: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * NotPrincipal: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * Trust policy checks: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 * SCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
 *   (every element, Resource and NotResource included, is allowed in Allow and Deny statements)
 * RCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 */
import { childPointer } from '../diagnostics.js'
import { quote, type ParseContext } from './parseContext.js'
import type { StatementDraft } from './parseStatement.js'
import type { PolicyKind } from './types.js'

const NO_PRINCIPAL_KINDS: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'session', 'scp'])
const ORGANIZATIONS_KINDS: ReadonlySet<PolicyKind> = new Set(['scp', 'rcp'])

/** Document-level rule: SCPs and RCPs must declare Version 2012-10-17. */
export function validateVersionForKind(ctx: ParseContext, version: string | undefined): void {
  if (!ORGANIZATIONS_KINDS.has(ctx.kind) || version === '2012-10-17') return
  const pointer = version === undefined ? '' : '/Version'
  ctx.report('policy.version-required', pointer, `an ${ctx.kind} must declare \`"Version": "2012-10-17"\``)
}

/** Applies the element rules of the policy kind to one statement. */
export function validateStatementForKind(ctx: ParseContext, s: StatementDraft, present: (key: string) => boolean): void {
  const { kind } = ctx
  const at = (key: string): string => childPointer(s.pointer, key)

  // Principal / NotPrincipal
  if (NO_PRINCIPAL_KINDS.has(kind)) {
    if (present('Principal')) ctx.report('policy.principal-not-allowed', at('Principal'), `an ${kind} policy cannot have a Principal`)
    if (present('NotPrincipal')) ctx.report('policy.not-principal-not-allowed', at('NotPrincipal'), `an ${kind} policy cannot have a NotPrincipal`)
  } else {
    if (!present('Principal') && !present('NotPrincipal')) {
      ctx.report('policy.missing-principal', s.pointer, `a statement of a ${kind} policy needs a Principal`)
    }
    if (present('NotPrincipal') && (kind !== 'resource' || s.effect === 'Allow')) {
      const why = kind === 'resource' ? 'NotPrincipal is only valid with Deny' : `NotPrincipal is not valid in a ${kind} policy`
      ctx.report('policy.not-principal-not-allowed', at('NotPrincipal'), why)
    }
  }
  if (kind === 'resource' && s.principal !== undefined) {
    for (const entry of s.principal.entries) {
      if (entry.type === 'Federated') {
        ctx.report('principal.federated-not-allowed', entry.pointer, `the federated principal ${quote(entry.value)} is only valid in a role trust policy`)
      }
    }
  }

  // Resource / NotResource
  if (kind === 'trust') {
    for (const key of ['Resource', 'NotResource']) {
      if (present(key)) ctx.report('policy.resource-not-allowed', at(key), `a role trust policy cannot have ${key}`, 'the role itself is the resource')
    }
    if (s.principal?.bareWildcard === true && s.principal.kind === 'principal') {
      // Evaluated as {"AWS": "*"}; Access Analyzer rejects the bare form in a role trust policy.
      ctx.report('principal.bare-wildcard-in-trust', at('Principal'), 'a role trust policy must write `{"AWS": "*"}` instead of `"*"`')
    }
  } else if (kind !== 'resource' && !present('Resource') && !present('NotResource')) {
    ctx.report('policy.missing-resource', s.pointer, 'the statement has neither Resource nor NotResource')
  }

  if (kind === 'rcp') validateRcpStatement(ctx, s, present, at)
}

// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
function validateRcpStatement(ctx: ParseContext, s: StatementDraft, present: (key: string) => boolean, at: (key: string) => string): void {
  if (s.effect === 'Allow') {
    ctx.report('policy.rcp-effect', at('Effect'), 'a customer rcp statement must be `Deny`', 'only the aws-managed RCPFullAWSAccess policy may allow')
  }
  if (s.principal !== undefined && s.principal.kind === 'principal' && !s.principal.bareWildcard) {
    ctx.report('policy.rcp-principal', at('Principal'), 'an rcp statement must use `"Principal": "*"`')
  }
  if (present('NotAction')) ctx.report('policy.not-action-not-allowed', at('NotAction'), 'an rcp cannot use NotAction')
  for (const p of s.action?.kind === 'action' ? s.action.patterns : []) {
    const colon = p.value.indexOf(':')
    const service = colon < 0 ? p.value : p.value.slice(0, colon)
    if (service === '' || service.includes('*') || service.includes('?')) {
      ctx.report('policy.rcp-action-wildcard', p.pointer, `an rcp action must name a service, not ${quote(p.value)}`)
    }
  }
}
