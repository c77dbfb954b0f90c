/**
 * Which `sub` claims a GitHub Actions token can carry. The subject is a list of `claim:value` pairs joined by
 * `:`, starting with a claim key (`repo:OWNER/REPO:…` by default; a customised template starts with another
 * claim key, and claim keys hold only letters, digits and underscores). Owner and repository names hold
 * letters, digits, `-`, `_` and `.`, with `@` and a numeric id in the immutable form (`owner@123/repo@456`);
 * never `*`, `?`, spaces or `:`. A value outside that shape names no token: a condition that only accepts such
 * values admits nobody.
 * https://docs.github.com/en/actions/reference/security/oidc
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc_secure-by-default.html
 */
import type { ConditionNode } from '../policy/types.js'

const CLAIM_KEY = /^[A-Za-z0-9_]+$/
// Lenient on purpose: calling a reachable subject impossible would hide a finding.
const OWNER = /^[A-Za-z0-9@._-]+$/
const REPO = /^[A-Za-z0-9@._-]+$/

/**
 * True when a GitHub token can carry `sub` = `value` (the value as the token carries it: no wildcards).
 *
 * @example
 * possibleGithubSub('repo:octo-org/app:ref:refs/heads/main') // true
 * possibleGithubSub('invalid') // false
 * possibleGithubSub('*') // false
 */
export function possibleGithubSub(value: string): boolean {
  const colon = value.indexOf(':')
  if (colon <= 0 || !CLAIM_KEY.test(value.slice(0, colon))) return false
  if (value.slice(0, colon).toLowerCase() !== 'repo') return true
  const rest = value.slice(colon + 1)
  const end = rest.indexOf(':')
  const repository = end < 0 ? rest : rest.slice(0, end)
  const slash = repository.indexOf('/')
  if (slash < 0) return OWNER.test(repository)
  return OWNER.test(repository.slice(0, slash)) && REPO.test(repository.slice(slash + 1))
}

/**
 * True when some GitHub `sub` can match the pattern `value` of a Like operator. Only the text before the
 * first wildcard is judged: when it already breaks the subject's shape, nothing matches; what a wildcard
 * stands for is never guessed.
 */
function possibleSubPattern(value: string): boolean {
  const wildcard = value.search(/[*?]/)
  if (wildcard < 0) return possibleGithubSub(value)
  const literal = value.slice(0, wildcard)
  const colon = literal.indexOf(':')
  // The first claim key is still open: it may go on with key characters.
  if (colon < 0) return literal === '' || CLAIM_KEY.test(literal)
  if (colon === 0 || !CLAIM_KEY.test(literal.slice(0, colon))) return false
  if (literal.slice(0, colon).toLowerCase() !== 'repo') return true
  const rest = literal.slice(colon + 1)
  const end = rest.indexOf(':')
  // A complete OWNER/REPO segment is judged whole; an open one by the characters written so far.
  if (end >= 0) return possibleGithubSub(`repo:${rest.slice(0, end)}`)
  const slash = rest.indexOf('/')
  return slash < 0 ? rest === '' || OWNER.test(rest) : OWNER.test(rest.slice(0, slash)) && (rest.slice(slash + 1) === '' || REPO.test(rest.slice(slash + 1)))
}

/**
 * True when a positive condition on the GitHub `sub` accepts only values no token carries, so the
 * statement admits nobody: `StringEquals sub "invalid"`, `StringEquals sub "*"` (compared literally),
 * `StringLike sub "organization"`. Negated and IfExists forms are not dead (they admit every token).
 */
export function impossibleSubCondition(c: ConditionNode): boolean {
  if (c.negated || c.ifExists || c.family !== 'string' || c.values.length === 0) return false
  const like = c.baseOperator.includes('Like')
  // Policy variables stand for values of the request: their shape is unknown here.
  if (c.values.some((v) => v.value.includes('${'))) return false
  return c.values.every((v) => !(like ? possibleSubPattern(v.value) : possibleGithubSub(v.value)))
}
