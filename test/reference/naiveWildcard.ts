/**
 * A deliberately naive IAM wildcard matcher, the oracle for the real one: `*` = any run of
 * characters, `?` = exactly one character, matched by a plain dynamic-programming table.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */

/** One pattern token: a literal character, `*`, or `?`. */
export type NaiveToken = { readonly kind: 'char'; readonly ch: string } | { readonly kind: 'star' } | { readonly kind: 'one' }

/** Tokens of pattern text: every `*` and `?` is a wildcard. */
export function tokensOf(pattern: string): NaiveToken[] {
  return [...splitUnits(pattern)].map((ch) => (ch === '*' ? { kind: 'star' } : ch === '?' ? { kind: 'one' } : { kind: 'char', ch }))
}

/** Tokens of literal text: `*` and `?` are plain characters. */
export function literalTokens(text: string): NaiveToken[] {
  return [...splitUnits(text)].map((ch) => ({ kind: 'char', ch }))
}

/** UTF-16 code units, one string each (the engine's `?` matches one code unit). */
function* splitUnits(text: string): Generator<string> {
  for (let i = 0; i < text.length; i++) yield text.charAt(i)
}

/**
 * True when `tokens` match the whole of `text`. `canCross(tokenIndex)` says whether a wildcard may
 * consume `:` (always true for plain glob matching). O(|tokens| * |text|) time, fine for an oracle.
 */
export function naiveMatch(tokens: readonly NaiveToken[], text: string, canCross: (index: number) => boolean = () => true): boolean {
  const n = text.length
  // row[j] = 1: tokens[0..i) match text[0..j)
  let row = new Uint8Array(n + 1)
  let next = new Uint8Array(n + 1)
  row[0] = 1
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as NaiveToken
    const cross = canCross(i)
    next.fill(0)
    for (let j = 0; j <= n; j++) {
      if (t.kind === 'star') {
        // `*` matches empty, or one more character after a shorter match.
        next[j] = row[j] === 1 || (j > 0 && next[j - 1] === 1 && (cross || text.charCodeAt(j - 1) !== 58)) ? 1 : 0
      } else if (j > 0 && row[j - 1] === 1) {
        const c = text.charAt(j - 1)
        next[j] = (t.kind === 'one' ? cross || c !== ':' : t.ch === c) ? 1 : 0
      }
    }
    ;[row, next] = [next, row]
  }
  return row[n] === 1
}

/** Plain glob match of pattern text, optionally case-insensitive (both sides lowercased). */
export function naiveGlob(pattern: string, text: string, caseInsensitive = false): boolean {
  return caseInsensitive ? naiveMatch(tokensOf(pattern.toLowerCase()), text.toLowerCase()) : naiveMatch(tokensOf(pattern), text)
}
