/**
 * Policy-variable syntax: `${key}`, `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}`.
 * Variables are expanded only under Version 2012-10-17; otherwise the text is literal.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * Malformed forms follow Access Analyzer's checks (missing brace, space, empty variable, missing quote):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */

/** One problem in a value's variables, or undefined when every `${...}` is well formed. */
export type VariableProblem = 'unclosed' | 'empty' | 'space' | 'invalid-default' | 'invalid-key'

/** True when the text holds `${`, i.e. a variable under 2012-10-17. */
export function hasVariableSyntax(text: string): boolean {
  return text.includes('${')
}

/** Checks every `${...}` in `text`. Linear: each variable is scanned once. */
export function findVariableProblem(text: string): VariableProblem | undefined {
  let from = 0
  for (;;) {
    const open = text.indexOf('${', from)
    if (open < 0) return undefined
    const close = text.indexOf('}', open + 2)
    if (close < 0) return 'unclosed'
    const body = text.slice(open + 2, close)
    const problem = checkBody(body)
    if (problem !== undefined) return problem
    from = close + 1
  }
}

function checkBody(body: string): VariableProblem | undefined {
  if (body === '*' || body === '?' || body === '$') return undefined
  if (body.trim() === '') return 'empty'
  const comma = body.indexOf(',')
  const key = comma < 0 ? body : body.slice(0, comma)
  if (/\s/.test(key)) return 'space'
  if (key === '' || key.includes('$') || key.includes('{')) return 'invalid-key'
  if (comma >= 0) {
    // The default follows ", " and is quoted: ${aws:PrincipalTag/team, 'company-wide'}
    const fallback = body.slice(comma + 1)
    if (!/^ '[^']*'$/.test(fallback)) return 'invalid-default'
  }
  return undefined
}

/**
 * True when a `${...}` (a variable or an escape) stands before the fifth colon of an ARN, i.e. in the
 * partition, service, region or account: AWS expands variables in a Resource only in the resource part,
 * after the fifth colon ("You can't use a variable to replace parts of the ARN before the fifth colon").
 * Colons inside `${...}` (as in `${aws:username}`) do not count. Linear in the text.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement
 *
 * @example
 * variableBeforeResourcePart('arn:aws:iam::${aws:PrincipalAccount}:role/x') // true
 * variableBeforeResourcePart('arn:aws:s3:::bucket/${aws:username}/*') // false
 */
export function variableBeforeResourcePart(text: string): boolean {
  let colons = 0
  for (let i = 0; i < text.length && colons < 5; i++) {
    const c = text.charCodeAt(i)
    if (c === 58) colons++
    else if (c === 36 && text.charCodeAt(i + 1) === 123) return true
  }
  return false
}

/** Human wording for a problem, for messages. */
export function describeVariableProblem(problem: VariableProblem): string {
  switch (problem) {
    case 'unclosed':
      return 'a `${` has no closing `}`'
    case 'empty':
      return 'a variable is empty'
    case 'space':
      return 'a variable name holds a space'
    case 'invalid-default':
      return "a variable default must be written `, 'value'`"
    case 'invalid-key':
      return 'a variable does not name a condition key'
  }
}
