/**
 * Who to ask about a role when only its trust policy is known (a policy file, a template): every
 * principal either version names (in Allow or Deny statements: a Deny removed admits the principal it
 * named), a caller of every account either version names (in `Principal` or in a condition on
 * `aws:PrincipalAccount` / `aws:PrincipalArn`) standing for that account's other principals, a caller
 * of an account neither version names (any other AWS principal), and every service and identity
 * provider named. Every caller the evaluator can distinguish falls in one of these classes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import type { PrincipalRef } from '../graph/canAssume.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'

/** A class of callers asked as one. */
export type CallerClass =
  /** The principals of an account that no policy names by ARN. */
  | { readonly kind: 'account'; readonly account: string }
  /** One named principal (user, role, role session, federated user). */
  | { readonly kind: 'arn'; readonly arn: string; readonly account: string }
  /** A principal identified by its unique id (`AIDA…`, `AROA…`). */
  | { readonly kind: 'uniqueId'; readonly id: string; readonly account: string }
  /** Any principal of an account neither version names. */
  | { readonly kind: 'anyone'; readonly account: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'federated'; readonly provider: string }

/** An account no policy names, for "any other AWS principal". */
const FRESH_ACCOUNT = 999988887777

/** How a class is reported: an ARN, `{account}`, `{service}`, `{federated}` or `*`. */
export function classRef(c: CallerClass): PrincipalRef {
  switch (c.kind) {
    case 'account':
      return { account: c.account }
    case 'arn':
      return c.arn
    case 'uniqueId':
      return c.id
    case 'anyone':
      return '*'
    case 'service':
      return { service: c.service }
    case 'federated':
      return { federated: c.provider }
  }
}

const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount'])
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn', 'aws:sourceowner'])

/** Accounts (12 digits) a condition value names, directly or as an ARN's account part. */
function accountsIn(keyLower: string, value: string): string[] {
  if (ACCOUNT_KEYS.has(keyLower) && /^\d{12}$/.test(value)) return [value]
  if (ARN_KEYS.has(keyLower)) {
    const account = value.split(':')[4]
    if (account !== undefined && /^\d{12}$/.test(account)) return [account]
  }
  return []
}

/**
 * The classes to ask for a role whose trust policy is one of `policies` (either version; null for a
 * version without the role), in a stable order.
 *
 * @example
 * callerClasses([before, after]).map(classKey) // ['account:111122223333', 'arn:arn:aws:iam::111122223333:role/ci', '*', …]
 */
export function callerClasses(policies: readonly (CompiledPolicy | null)[]): CallerClass[] {
  const accounts = new Set<string>()
  const arns = new Map<string, string>()
  const ids = new Set<string>()
  const services = new Set<string>()
  const federated = new Set<string>()
  for (const p of policies) {
    for (const s of p?.statements ?? []) {
      for (const e of s.principal?.entries ?? []) {
        if (e.type === 'Service') services.add(e.value)
        else if (e.type === 'Federated') federated.add(e.value)
        else if (e.type !== 'AWS') continue
        else if (e.form === 'account' || e.form === 'root') {
          if (e.account !== undefined) accounts.add(e.account)
        } else if (e.form === 'user' || e.form === 'role' || e.form === 'assumedRole' || e.form === 'federatedUser') {
          if (e.account !== undefined) {
            arns.set(e.value, e.account)
            accounts.add(e.account)
          }
        } else if (e.form === 'uniqueId') ids.add(e.value)
        else if (e.form === 'invalid') {
          // A value the engine cannot match: its account's callers are asked (their answers are uncertain).
          const account = /^\d{12}$/.test(e.value) ? e.value : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(e.value)?.[1]
          if (account !== undefined) accounts.add(account)
        }
      }
      for (const c of s.conditions) for (const v of c.node.values) for (const a of accountsIn(c.node.keyLower, v.value)) accounts.add(a)
    }
  }
  let fresh = FRESH_ACCOUNT
  while (accounts.has(String(fresh))) fresh--
  const out: CallerClass[] = []
  for (const account of [...accounts].sort()) out.push({ kind: 'account', account })
  for (const [arn, account] of [...arns].sort()) out.push({ kind: 'arn', arn, account })
  for (const id of [...ids].sort()) out.push({ kind: 'uniqueId', id, account: String(fresh) })
  out.push({ kind: 'anyone', account: String(fresh) })
  for (const service of [...services].sort()) out.push({ kind: 'service', service })
  for (const provider of [...federated].sort()) out.push({ kind: 'federated', provider })
  return out
}
