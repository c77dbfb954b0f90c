/**
 * File-path globs for configuration (`ignore`, suppression `paths`): `*` and `?` within a path segment,
 * `**` for any number of segments, `[abc]`/`[a-z]`/`[!x]` classes and `{a,b}` alternatives, as minimatch
 * reads them with `dot: true`. Matching is linear per segment pair (no regular expressions), so a hostile
 * pattern cannot make it slow. https://github.com/isaacs/minimatch#features
 */

type Token = { readonly kind: 'char'; readonly c: string } | { readonly kind: 'any' } | { readonly kind: 'star' } | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly (readonly [string, string])[] }

/**
 * Expands `{a,b}` alternatives (nested ones too); a brace without a comma, or never closed, is literal
 * (as brace-expansion, which minimatch uses, reads it). At most 256 results.
 */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{')
  if (open < 0) return [pattern]
  let depth = 0
  const commas: number[] = []
  for (let i = open; i < pattern.length; i++) {
    const c = pattern.charAt(i)
    if (c === '{') depth++
    else if (c === '}' && --depth === 0) {
      if (commas.length === 0) break
      const cuts = [open, ...commas, i]
      const options = cuts.slice(0, -1).map((c0, k) => pattern.slice(c0 + 1, cuts[k + 1]))
      const rest = expandBraces(pattern.slice(i + 1))
      return options.flatMap((o) => expandBraces(pattern.slice(0, open) + o)).flatMap((head) => rest.map((r) => head + r)).slice(0, 256)
    } else if (c === ',' && depth === 1) commas.push(i)
  }
  return expandBraces(pattern.slice(open + 1)).map((rest) => pattern.slice(0, open + 1) + rest)
}

function tokenize(segment: string): Token[] {
  const out: Token[] = []
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charAt(i)
    if (c === '*') out.push({ kind: 'star' })
    else if (c === '?') out.push({ kind: 'any' })
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2)
      if (end < 0) {
        out.push({ kind: 'char', c })
        continue
      }
      let body = segment.slice(i + 1, end)
      const negated = body.startsWith('!') || body.startsWith('^')
      if (negated) body = body.slice(1)
      const ranges: [string, string][] = []
      for (let k = 0; k < body.length; k++) {
        const from = body.charAt(k)
        if (body.charAt(k + 1) === '-' && k + 2 < body.length) {
          ranges.push([from, body.charAt(k + 2)])
          k += 2
        } else ranges.push([from, from])
      }
      out.push({ kind: 'class', negated, ranges })
      i = end
    } else if (c === '\\' && i + 1 < segment.length) {
      out.push({ kind: 'char', c: segment.charAt(i + 1) })
      i++
    } else out.push({ kind: 'char', c })
  }
  return out
}

/** True when the single-character token `t` (never a star) matches `c`. */
function one(t: Exclude<Token, { kind: 'star' }>, c: string): boolean {
  if (t.kind === 'char') return t.c === c
  if (t.kind === 'class') return t.ranges.some(([a, b]) => c >= a && c <= b) !== t.negated
  return true
}

/** Matches one segment: the classic two-pointer glob walk, resuming after the last star. */
function matchSegment(tokens: readonly Token[], text: string): boolean {
  let t = 0
  let s = 0
  let star = -1
  let resume = 0
  while (s < text.length) {
    const tok = tokens[t]
    if (tok !== undefined && tok.kind !== 'star' && one(tok, text.charAt(s))) {
      t++
      s++
    } else if (tok?.kind === 'star') {
      star = t++
      resume = s
    } else if (star >= 0) {
      t = star + 1
      s = ++resume
    } else return false
  }
  while (tokens[t]?.kind === 'star') t++
  return t === tokens.length
}

/**
 * Compiles a path glob (`*`, `?` and `**` match segments that start with `.` too, as minimatch's `dot: true`).
 *
 * @example
 * compilePathGlob('cdk.out/asset.*\/**')('cdk.out/asset.1a2b/template.json') // true
 * compilePathGlob('vendor/**')('src/vendor/x.json') // false
 */
export function compilePathGlob(pattern: string): (path: string) => boolean {
  const alternatives = expandBraces(pattern).map((p) => p.split('/').map((seg) => (seg === '**' ? ('**' as const) : tokenize(seg))))
  return (path) => {
    const segments = path.split('/')
    return alternatives.some((pattern) => matchPath(pattern, segments))
  }
}

type Segment = '**' | readonly Token[]

/** Segment-level matching; `**` spans zero or more segments (dynamic programming, linear in each size). */
function matchPath(pattern: readonly Segment[], segments: readonly string[]): boolean {
  // can[j]: the pattern so far matches the first j segments.
  let can = Array.from({ length: segments.length + 1 }, (_, j) => j === 0)
  pattern.forEach((p, index) => {
    const next = new Array<boolean>(segments.length + 1).fill(false)
    if (p === '**') {
      // `**` spans zero or more segments from the first reachable one; last in the pattern, at least
      // one (`a/**` does not match `a`; a path always has a segment, so a lone `**` still matches).
      const first = can.indexOf(true)
      if (first >= 0) next.fill(true, index === pattern.length - 1 ? first + 1 : first)
    } else segments.forEach((seg, j) => (next[j + 1] = can[j] === true && matchSegment(p, seg)))
    can = next
  })
  return can[segments.length] === true
}
