/**
 * Insiders and outsiders: who a condition value names (its "owner": account, organization, GitHub
 * owner...), and the values an outsider can present for a binding key. Outsider values are built from
 * the policy's own wildcard patterns (a `*` filled with attacker text) and from fresh identities.
 */
import { parseArn } from '../arn/arn.js'
import { possibleGithubSub } from './githubSub.js'
import type { IdentityKind } from './keys.js'

/** The account iamtrace uses for an outsider (changed if a policy happens to name it). */
export const OUTSIDER_ACCOUNT = '999988887777'
/** The account iamtrace assumes owns the role when the input does not say. */
export const PLACEHOLDER_OWN_ACCOUNT = '000011112222'
/** The organization iamtrace assumes owns the role (the value of `aws:ResourceOrgID`) when no zone says. */
export const PLACEHOLDER_OWN_ORG = 'o-iamtraceinside'
const OUT = 'iamtrace-outsider'

/** Values that belong to the inside, per identity kind (lowercased owners). */
export type InsideSet = ReadonlyMap<IdentityKind, ReadonlySet<string>>

const hasWildcard = (text: string): boolean => text.includes('*') || text.includes('?')

/** The identity a value names, lowercased; undefined when it names none (e.g. an S3 ARN without account). */
function ownerOf(kind: IdentityKind, value: string): string | undefined {
  const v = value.toLowerCase()
  switch (kind) {
    case 'account':
      return /^\d{12}$/.test(v) || hasWildcard(v) ? v : undefined
    case 'org':
    case 'githubOwner':
    case 'numericId':
    case 'opaque':
      return v
    case 'orgPaths':
      return v.split('/')[0]
    case 'arn':
    case 'sourceArn': {
      const arn = parseArn(v)
      if (arn === undefined) return hasWildcard(v) ? v : undefined
      return arn.account === '' ? undefined : arn.account
    }
    case 'userid':
      return v.split(':')[0]
    case 'githubRepo':
      return v.includes('/') ? v.split('/')[0] : undefined
    case 'githubSub':
      return githubSubOwner(v)
    case 'tfcSub':
      return afterClaim(v, 'organization')
    case 'gitlabSub': {
      const path = afterClaim(v, 'project_path')
      return path?.includes('/') === true ? path.split('/')[0] : path
    }
  }
}

/** GitHub `sub`: `repo:OWNER/REPO:...` or a customised template holding repository_owner / repository. */
function githubSubOwner(v: string): string | undefined {
  if (v.startsWith('repo:')) {
    const slash = v.indexOf('/')
    return slash < 0 ? v.slice(5) : v.slice(5, slash)
  }
  const owner = afterClaim(v, 'repository_owner') ?? afterClaim(v, 'repository_owner_id')
  if (owner !== undefined) return owner
  const repo = afterClaim(v, 'repository')
  return repo?.includes('/') === true ? repo.split('/')[0] : undefined
}

/** In `a:1:b:2`, the value after claim `name`. */
function afterClaim(v: string, name: string): string | undefined {
  const parts = v.split(':')
  for (let i = 0; i + 1 < parts.length; i++) if (parts[i] === name) return parts[i + 1]
  return undefined
}

/** Owners written literally in the policy values (owner part free of wildcards). */
export function literalOwners(kind: IdentityKind, values: readonly string[]): string[] {
  const out: string[] = []
  for (const value of values) {
    const owner = ownerOf(kind, value)
    if (owner !== undefined && !hasWildcard(owner)) out.push(owner)
  }
  return out
}

/** True when a value names an identity outside `inside` (undefined owners are outsiders only where a caller can omit them). */
export function isOutsiderValue(kind: IdentityKind, value: string, inside: InsideSet): boolean {
  const owner = ownerOf(kind, value)
  if (owner === undefined) return kind === 'sourceArn' || kind === 'githubSub'
  if (hasWildcard(owner)) return false
  if (kind === 'account' && !/^\d{12}$/.test(owner)) return false
  const set = inside.get(namespaceOf(kind))
  return set === undefined || !set.has(owner)
}

/**
 * True when a caller can present `value` for a key of `kind`: a GitHub token carries only well-formed
 * subjects, so a literal such as `invalid` or `*` is no value an outsider can bring.
 */
export function presentable(kind: IdentityKind, value: string): boolean {
  return kind !== 'githubSub' || possibleGithubSub(value)
}

/** Kinds that name the same identities share one namespace (an account is the owner of an ARN, ...). */
export function namespaceOf(kind: IdentityKind): IdentityKind {
  switch (kind) {
    case 'arn':
    case 'sourceArn':
      return 'account'
    case 'orgPaths':
      return 'org'
    case 'githubSub':
    case 'githubRepo':
      return 'githubOwner'
    default:
      return kind
  }
}

/** A fresh value naming an outsider. */
export function freshOutsider(kind: IdentityKind, account: string): string {
  switch (kind) {
    case 'account':
      return account
    case 'org':
      return 'o-iamtraceout1'
    case 'orgPaths':
      return 'o-iamtraceout1/r-iam0/ou-iam0-outsider1/'
    case 'arn':
      return `arn:aws:iam::${account}:role/${OUT}`
    case 'sourceArn':
      return `arn:aws:s3:us-east-1:${account}:${OUT}`
    case 'userid':
      return 'AROAIAMTRACEOUTSIDER01:session'
    case 'githubSub':
      return `repo:${OUT}/${OUT}:ref:refs/heads/main`
    case 'githubRepo':
      return `${OUT}/${OUT}`
    case 'githubOwner':
      return OUT
    case 'numericId':
      return '987654321'
    case 'tfcSub':
      return `organization:${OUT}:project:default:workspace:${OUT}:run_phase:apply`
    case 'gitlabSub':
      return `project_path:${OUT}/${OUT}:ref_type:branch:ref:main`
    case 'opaque':
      return OUT
  }
}

/** Fills the wildcards of a policy pattern with attacker text, in several ways. */
export function fillPattern(kind: IdentityKind, pattern: string, account: string): string[] {
  if (!hasWildcard(pattern)) return []
  const fillers = [`-${OUT}/${OUT}:ref:refs/heads/main`, `${OUT}/${OUT}:ref:refs/heads/main`, OUT, 'x', '', account, `${account}:role/x`, `aws:iam::${account}:role/x`]
  const out = new Set<string>()
  for (const f of fillers) out.add(replaceWildcards(pattern, f, 'x'))
  // A whole subject for patterns such as `*` whose wildcard must stand for the claim key too.
  if (kind === 'githubSub') out.add(replaceWildcards(pattern, `repo:${OUT}/${OUT}:ref:refs/heads/main`, 'x'))
  if (kind === 'account') {
    const digits = fillDigits(pattern)
    if (digits !== undefined) out.add(digits)
  }
  if (kind === 'arn' || kind === 'sourceArn') {
    const fields = pattern.split(':')
    if (fields.length >= 6) {
      const acct = fields[4] as string
      const filledAccount = hasWildcard(acct) ? (fillDigits(acct) ?? acct) : acct
      const rest = [...fields.slice(0, 4), filledAccount, ...fields.slice(5)].map((f) => replaceWildcards(f, 'x', 'x'))
      out.add(rest.join(':'))
    }
  }
  return [...out]
}

function replaceWildcards(pattern: string, star: string, question: string): string {
  let out = ''
  for (const ch of pattern) out += ch === '*' ? star : ch === '?' ? question : ch
  return out
}

/** Fills `*`/`?` with digits so the result has 12 digits, when possible. */
function fillDigits(pattern: string): string | undefined {
  const literal = pattern.replace(/[*?]/g, '')
  const questions = (pattern.match(/\?/g) ?? []).length
  const stars = (pattern.match(/\*/g) ?? []).length
  const need = 12 - literal.length - questions
  if (need < 0 || (stars === 0 && need !== 0)) return undefined
  let first = true
  let out = ''
  for (const ch of pattern) {
    if (ch === '?') out += '9'
    else if (ch === '*') {
      out += first ? '9'.repeat(need) : ''
      first = false
    } else out += ch
  }
  return /^\d{12}$/.test(out) ? out : undefined
}
