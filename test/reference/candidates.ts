/**
 * Candidate values for a context key whose value AWS sets but the request does not show: for each
 * policy text, a value of the key's form that the text matches, when there is one.
 *
 * Every such form is a fixed start, a run of characters of one class, and a fixed end: a user's
 * `aws:userid` is `AIDA` + [A-Z0-9]+, a role session's is `AROA` + [A-Z0-9]+ + `:session`, an
 * account is twelve digits, a session's `aws:PrincipalArn` is `arn:P:iam::A:role/` + path characters
 * + `/RoleName` (or the role ARN with the path `/`). A role given as the caller has two runs,
 * `AROA` + [A-Z0-9]+ + `:` + a session name; neither run holds `:`, so the value's one colon is
 * matched by one token of the pattern, which cuts the question into two of one run each.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (path characters)
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (session name characters)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
import { literalTokens, naiveMatch, tokensOf } from './naiveWildcard.js'
import type { NaiveToken } from './naiveWildcard.js'

/** Values `start` + a run of `count` characters that `accepts` takes (min..max) + `end`. */
export interface RunForm {
  readonly start: string
  readonly accepts: (ch: string) => boolean
  /** A character of the class, never `:`, written where a wildcard stands. */
  readonly fill: string
  readonly min: number
  readonly max: number
  readonly end: string
}

/** How a text is read: as a pattern or literally, case folded or not, wildcards crossing `:` or not. */
interface Reading {
  readonly tokens: readonly NaiveToken[]
  readonly fold: boolean
  readonly cross: boolean
}

const STAR: NaiveToken = { kind: 'star' }

/** Literal characters and `?` in tokens: the characters a match must spend on them. */
function fixedLength(tokens: readonly NaiveToken[]): number {
  return tokens.filter((t) => t.kind !== 'star').length
}

function lowered(tokens: readonly NaiveToken[]): NaiveToken[] {
  return tokens.map((t): NaiveToken => (t.kind === 'char' ? { kind: 'char', ch: t.ch.toLowerCase() } : t))
}

/** True when `tokens` match all of `text` in this reading. */
function matchesAll(tokens: readonly NaiveToken[], text: string, r: Reading): boolean {
  // Cheap test first: without a star the lengths must agree, with one the text is at least as long.
  const fixed = fixedLength(tokens)
  if (fixed > text.length || (fixed < text.length && !tokens.some((t) => t.kind === 'star'))) return false
  return r.fold ? naiveMatch(lowered(tokens), text.toLowerCase(), () => r.cross) : naiveMatch(tokens, text, () => r.cross)
}

/** A character of the class for a literal pattern character (any case when folded), or undefined. */
function runChar(ch: string, form: RunForm, fold: boolean): string | undefined {
  const options = fold ? [ch, ch.toUpperCase(), ch.toLowerCase()] : [ch]
  return options.find((c) => form.accepts(c))
}

/**
 * The run for the middle tokens: literals kept, `?` and stars written with the fill character, stars
 * empty unless the run needs more characters (then the first star takes them). Undefined when no run of
 * the class matches the tokens: a literal outside the class, or a length that cannot fit min..max.
 */
function runFor(tokens: readonly NaiveToken[], form: RunForm, fold: boolean): string | undefined {
  let run = ''
  let firstStar = -1
  for (const t of tokens) {
    if (t.kind === 'star') {
      if (firstStar < 0) firstStar = run.length
      continue
    }
    const ch = t.kind === 'one' ? form.fill : runChar(t.ch, form, fold)
    if (ch === undefined) return undefined
    run += ch
  }
  if (run.length > form.max) return undefined
  if (run.length < form.min) {
    if (firstStar < 0) return undefined
    run = run.slice(0, firstStar) + form.fill.repeat(form.min - run.length) + run.slice(firstStar)
  }
  return run
}

/**
 * One value of `form` that the tokens match in this reading, or undefined when there is none.
 *
 * Why this finds a value whenever one exists: take any match of the tokens with a value
 * start + run + end. Each token covers a stretch of the value; a literal or `?` covers one character,
 * so the two places where the run begins and ends lie each between two tokens or inside the stretch
 * of a star. A star that covers xy matches x and matches y, so cutting there gives the star to both
 * sides. A cut is named by c in 0..2n: c = 2i is before token i, c = 2i+1 is inside token i (a star);
 * the tokens before a cut are tokens[0, ceil(c/2)), those after it tokens[floor(c/2), n). So some
 * pair c1 <= c2 has the tokens before c1 matching `start`, those after c2 matching `end`, and those
 * between them matching a run of the class; the loop below tries every such pair, and `runFor` builds
 * a run for the middle whenever one exists (its literals must be in the class; `?` and stars may take
 * any character of it, so only the length limits remain).
 */
function valueOfRunForm(r: Reading, form: RunForm): string | undefined {
  const n = r.tokens.length
  // Only cuts with at most |start| literals and `?` before them can match `start` (PERF: a long text
  // is not cut everywhere); likewise after a cut and `end`.
  const starts: number[] = []
  for (let i = 0, fixed = 0; fixed <= form.start.length; i++) {
    starts.push(2 * i)
    const t = r.tokens[i]
    if (t === undefined) break
    if (t.kind === 'star') starts.push(2 * i + 1)
    else fixed++
  }
  const ends: number[] = []
  for (let i = n, fixed = 0; fixed <= form.end.length; i--) {
    ends.push(2 * i)
    const t = r.tokens[i - 1]
    if (t === undefined) break
    if (t.kind === 'star') ends.push(2 * i - 1)
    else fixed++
  }
  const before = (c: number): readonly NaiveToken[] => r.tokens.slice(0, Math.ceil(c / 2))
  const after = (c: number): readonly NaiveToken[] => r.tokens.slice(Math.floor(c / 2))
  const fromStart = starts.filter((c) => matchesAll(before(c), form.start, r))
  const toEnd = ends.filter((c) => matchesAll(after(c), form.end, r))
  for (const c1 of fromStart) {
    for (const c2 of toEnd) {
      if (c2 < c1) continue
      const run = runFor(r.tokens.slice(Math.floor(c1 / 2), Math.ceil(c2 / 2)), form, r.fold)
      if (run !== undefined) return form.start + run + form.end
    }
  }
  return undefined
}

/**
 * One value `left` + `:` + `right` that the tokens match, where neither form holds `:`. The value's
 * colon is covered by one token: a literal `:`, a `?`, or a star (which then matches on both sides).
 */
function valueOfTwoRuns(r: Reading, left: RunForm, right: RunForm): string | undefined {
  // A literal that the left form cannot hold (the first `:` at the latest) is at or after the colon
  // (PERF: the tokens after it are not tried).
  const leftTakes = (t: NaiveToken): boolean => t.kind !== 'char' || left.start.toLowerCase().includes(t.ch.toLowerCase()) || runChar(t.ch, left, r.fold) !== undefined
  const first = r.tokens.findIndex((t) => !leftTakes(t))
  for (let i = 0; i <= (first < 0 ? r.tokens.length - 1 : first); i++) {
    const t = r.tokens[i] as NaiveToken
    if (t.kind === 'char' && t.ch !== ':') continue
    // A wildcard that may not cross a colon cannot cover this one.
    if (t.kind !== 'char' && !r.cross) continue
    const keep = t.kind === 'star' ? [STAR] : []
    const a = valueOfRunForm({ ...r, tokens: [...r.tokens.slice(0, i), ...keep] }, left)
    const b = a === undefined ? undefined : valueOfRunForm({ ...r, tokens: [...keep, ...r.tokens.slice(i + 1)] }, right)
    if (a !== undefined && b !== undefined) return `${a}:${b}`
  }
  return undefined
}

/** A form: one run, or two runs joined by `:`, or a fixed value (a role ARN with the path `/`). */
export type ValueForm = { readonly kind: 'run'; readonly run: RunForm } | { readonly kind: 'twoRuns'; readonly left: RunForm; readonly right: RunForm } | { readonly kind: 'fixed'; readonly value: string }

// Characters tried, in this order, for a run that no literal of a pattern can match (never `:`, `*`, `?`).
const SPARE_ORDER = 'QZJKVW79qzjkvw_~' + Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i)).join('')

/** Characters of the run's class that no literal of the tokens matches, in either case. */
function sparesFor(tokens: readonly NaiveToken[], form: RunForm): string[] {
  const used = new Set(tokens.flatMap((t) => (t.kind === 'char' ? [t.ch.toLowerCase()] : [])))
  return [...new Set(SPARE_ORDER)].filter((c) => form.accepts(c) && !':*?'.includes(c) && !used.has(c.toLowerCase()))
}

/** Run lengths to try for a value the tokens do not match (see valueNotMatching), shortest first. */
function* lengthsFor(tokens: readonly NaiveToken[], form: RunForm): Generator<number> {
  const last = Math.min(form.max, Math.max(form.min, fixedLength(tokens) + 1))
  for (let n = form.min; n <= last; n++) yield n
}

/**
 * One value of the form that the tokens do not match, or undefined when they match every value.
 *
 * Why trying runs of one spare character z (a character of the class no literal of the pattern
 * matches) of lengths min..k+1 (k = literals and `?` of the pattern) is enough: in a match of
 * start + z^n + end no literal covers a z, so every z lies under a `?` or a star, which take any
 * character; the same match then works for every run of length n (a run of the ARN form may hold
 * `:`, but its colons come after the ARN's first five, where a wildcard may cross them). And for
 * n > k at least one z lies under a star, which can take one more: matching at n means matching at
 * every larger length. So if all lengths min..k+1 match, every value matches. With two runs the
 * same holds for each run, over the grid of both lengths. Were every character of the class a
 * literal of the pattern (36 or more literals for an id), each one is tried as z instead, which is
 * no longer a proof but a wide net.
 */
function valueNotMatching(r: Reading, form: ValueForm): string | undefined {
  if (form.kind === 'fixed') return matchesAll(r.tokens, form.value, r) ? undefined : form.value
  const spare = (run: RunForm): string[] => {
    const free = sparesFor(r.tokens, run)
    return free.length > 0 ? free.slice(0, 1) : [...new Set(SPARE_ORDER)].filter((c) => run.accepts(c) && c !== ':')
  }
  // Shortest first, and built one at a time: a value shorter than the pattern's literals is missed
  // at once, however long the pattern.
  function* runs(run: RunForm): Generator<string> {
    for (const n of lengthsFor(r.tokens, run)) for (const z of spare(run)) yield run.start + z.repeat(n) + run.end
  }
  if (form.kind === 'run') {
    for (const v of runs(form.run)) if (!matchesAll(r.tokens, v, r)) return v
    return undefined
  }
  for (const a of runs(form.left)) for (const b of runs(form.right)) if (!matchesAll(r.tokens, `${a}:${b}`, r)) return `${a}:${b}`
  return undefined
}

/**
 * The readings of one policy text under every string and ARN operator: as a pattern (StringLike,
 * ArnLike), with wildcards crossing `:` or not (an ArnLike wildcard stays inside the first five
 * parts, and the forms' only colons there are fixed, so a match that crosses none is found); and
 * literally (StringEquals), as written or case folded (StringEqualsIgnoreCase).
 */
function readingsOf(text: string): Reading[] {
  // `**` matches what `*` matches: one star is kept of each run (PERF: fewer cuts).
  const pattern = tokensOf(text).filter((t, i, all) => t.kind !== 'star' || all[i - 1]?.kind !== 'star')
  const literal = literalTokens(text)
  return [
    { tokens: pattern, fold: false, cross: true },
    { tokens: pattern, fold: false, cross: false },
    { tokens: literal, fold: false, cross: true },
    { tokens: literal, fold: true, cross: true },
  ]
}

/** One value of the form that the tokens match, or undefined when there is none. */
function valueMatching(r: Reading, form: ValueForm): string | undefined {
  if (form.kind === 'run') return valueOfRunForm(r, form.run)
  if (form.kind === 'twoRuns') return valueOfTwoRuns(r, form.left, form.right)
  return matchesAll(r.tokens, form.value, r) ? form.value : undefined
}

/**
 * For each reading of the text, one value of the form that it matches and one that it does not,
 * where there is such a value: so a condition on one text, positive or negated, meets both of its
 * answers whenever AWS could set values that give them.
 */
export function valuesFor(text: string, form: ValueForm): string[] {
  const out = new Set<string>()
  for (const r of readingsOf(text)) {
    for (const value of [valueMatching(r, form), valueNotMatching(r, form)]) if (value !== undefined) out.add(value)
  }
  return [...out]
}

/**
 * The texts whose readings give candidates: each policy text, the text with each policy variable
 * `${…}` read as a star (a value its substitution could take), and its pieces between spaces, commas,
 * quotes and variables.
 */
export function patternTexts(texts: Iterable<string>): string[] {
  const out = new Set<string>()
  for (const text of texts) {
    out.add(text)
    if (text.includes('${')) out.add(text.replace(/\$\{[^}]*\}/g, '*'))
    for (const piece of text.split(/[\s,'"]+|\$\{[^}]*\}/)) if (piece !== '') out.add(piece)
  }
  return [...out]
}

const ID_CHAR = (ch: string): boolean => /^[A-Z0-9]$/.test(ch)
const NAME_CHAR = (ch: string): boolean => /^[\w+=,.@-]$/.test(ch)
// IAM path characters: \u0021 to \u007E. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const PATH_CHAR = (ch: string): boolean => ch.length === 1 && ch >= '\u0021' && ch <= '\u007E'
const MANY = Number.POSITIVE_INFINITY

/** The form of a user's aws:userid. */
export const USER_ID: ValueForm = { kind: 'run', run: { start: 'AIDA', accepts: ID_CHAR, fill: 'X', min: 1, max: MANY, end: '' } }

/** The form of aws:userid of a session of a role, whose name is unknown. */
export const ROLE_SESSION_ID: ValueForm = {
  kind: 'twoRuns',
  left: { start: 'AROA', accepts: ID_CHAR, fill: 'X', min: 1, max: MANY, end: '' },
  right: { start: '', accepts: NAME_CHAR, fill: 's', min: 1, max: MANY, end: '' },
}

/** The form of aws:userid of the session named `session`. */
export function sessionId(session: string): ValueForm {
  return { kind: 'run', run: { start: 'AROA', accepts: ID_CHAR, fill: 'X', min: 1, max: MANY, end: `:${session}` } }
}

/** The forms of a session's aws:PrincipalArn: the role ARN with the path `/`, or with a longer one. */
export function roleArnWithPath(roleArnStart: string, roleName: string): ValueForm[] {
  return [
    { kind: 'fixed', value: `${roleArnStart}/${roleName}` },
    { kind: 'run', run: { start: `${roleArnStart}/`, accepts: PATH_CHAR, fill: 'x', min: 1, max: MANY, end: `/${roleName}` } },
  ]
}

/** The form of an account id. */
export const ACCOUNT_ID: ValueForm = { kind: 'run', run: { start: '', accepts: (ch) => /^[0-9]$/.test(ch), fill: '0', min: 12, max: 12, end: '' } }
