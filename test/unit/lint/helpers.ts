/** Builders for lint tests. */
import type { LintConfig } from '../../../src/lint/config.js'
import { lintPolicy, type PolicyFinding } from '../../../src/lint/lintPolicy.js'
import type { PolicyKind } from '../../../src/policy/types.js'

export const ACCT = 'arn:aws:iam::111122223333:root'
export const EXT = 'arn:aws:iam::444455556666:root'
export const GH = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'
export const TFC = 'arn:aws:iam::111122223333:oidc-provider/app.terraform.io'
export const GITLAB = 'arn:aws:iam::111122223333:oidc-provider/gitlab.com'
export const EKS_HOST = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'
export const EKS = `arn:aws:iam::111122223333:oidc-provider/${EKS_HOST}`
export const SAML = 'arn:aws:iam::111122223333:saml-provider/corp-idp'
export const ZONE: LintConfig = { zone: { accounts: ['111122223333'], organizations: ['o-a1b2c3d4e5'], githubOrganizations: ['example-org'] } }

/** A trust policy with one Allow statement for `sts:AssumeRole` (override any element). */
export function trust(statement: Record<string, unknown>, ...more: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }, ...more] }, null, 2)
}

/** A web-identity statement for a provider with conditions. */
export function web(provider: string, condition?: Record<string, unknown>): string {
  return trust({ Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition !== undefined ? { Condition: condition } : {}) })
}

/** GitHub trust with `aud` and the given `sub` condition block. */
export function github(sub: Record<string, unknown>): string {
  return web(GH, { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, ...sub })
}

export interface LintCase {
  readonly doc: string
  readonly kind?: PolicyKind
  readonly config?: LintConfig
  readonly ownAccount?: string
}

/** Lints a case. */
export function run(c: LintCase): PolicyFinding[] {
  return lintPolicy(c.doc, {
    kind: c.kind ?? 'trust',
    ...(c.config !== undefined ? { config: c.config } : {}),
    ...(c.ownAccount !== undefined ? { ownAccount: c.ownAccount } : {}),
  })
}
