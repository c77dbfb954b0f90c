/**
 * Values only partly known: `aws:userid` of a role session is `ROLEID:SESSION`, with the role's unique id
 * known from the snapshot and the session name chosen by whoever assumed the role. A condition on it is
 * tried with the session names that can make each policy value match (and with names that match none):
 * when every result agrees the condition is decided, so a pattern no real role id can satisfy is not a
 * condition. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */

/**
 * A suffix `s` such that the IAM wildcard `pattern` (`*`, `?`) matches `prefix + s`, or undefined when no
 * suffix can make it match. Case-insensitive when asked (the `IgnoreCase` operators).
 *
 * @example
 * suffixMatching('AROAEXAMPLE:*', 'AROAEXAMPLE:') // ''
 * suffixMatching('AIDA*', 'AROAEXAMPLE:') // undefined
 * suffixMatching('*:alice', 'AROAEXAMPLE:') // 'alice'
 */
function suffixMatching(pattern: string, prefix: string, caseInsensitive = false): string | undefined {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern
  const text = caseInsensitive ? prefix.toLowerCase() : prefix
  const closure = (states: Set<number>): Set<number> => {
    for (const i of [...states]) for (let j = i; j < p.length && p[j] === '*'; j++) states.add(j + 1)
    return states
  }
  // INVARIANT: a set of pattern positions, at most |pattern| + 1 of them: linear in the prefix, no backtracking.
  let states = closure(new Set([0]))
  for (const c of text) {
    const next = new Set<number>()
    for (const i of states) {
      if (i >= p.length) continue
      if (p[i] === '*') next.add(i)
      else if (p[i] === '?' || p[i] === c) next.add(i + 1)
    }
    states = closure(next)
    if (states.size === 0) return undefined
  }
  const first = Math.min(...states)
  return pattern.slice(first).replace(/\*/g, '').replace(/\?/g, 'x')
}

/**
 * Session names to try for a condition on `aws:userid` of a session of the role with id `roleId`: for
 * each policy value one that makes it match (when one exists), and two that match none of them.
 *
 * @example
 * sessionNamesToTry('AROAEXAMPLE', ['AROAEXAMPLE:ci-*']) // ['ci-', 'iamtrace-probe-a', 'x']
 */
export function sessionNamesToTry(roleId: string, values: readonly string[]): string[] {
  const out = new Set<string>()
  for (const v of values) {
    // Both readings: the case-insensitive one may reach a state the case-sensitive one cannot.
    for (const folded of [false, true]) {
      const s = suffixMatching(v, `${roleId}:`, folded)
      if (s !== undefined) out.add(s)
    }
  }
  out.add('iamtrace-probe-a')
  out.add('x')
  return [...out]
}
