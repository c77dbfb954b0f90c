/**
 * Languages of IAM patterns, and a search over several at once. A pattern (`StringLike` value, `ArnLike`
 * value, `Action`, `Resource`) is a finite automaton over characters; the product of a few of them,
 * explored breadth first over the characters the patterns name plus one character they do not, visits
 * every combination of "this pattern matches, that one does not" some string reaches, with the shortest
 * such string. That decides, for the conditions of two policy versions on one key, whether some value
 * satisfies one and not the other (`repo:org/app:*` never without `repo:org/*`), and names that value.
 * Wildcards: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 * ARN parts: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 *
 * INVARIANT: every state set is a set of pattern positions, so a product state is bounded by the
 * patterns' lengths; the search stops after `maxStates` states and says so (never a guess).
 */
import { splitArnPatternGroups } from '../matching/arnParts.js'
import { ANY_CHAR, ANY_RUN, tokenizeWildcard } from '../matching/wildcard.js'
import type { WildcardPart } from '../matching/wildcard.js'

/** One element of a pattern: a character, or a wildcard that may or may not match `:`. */
type Token = { readonly t: 'lit'; readonly c: string } | { readonly t: 'star' | 'one'; readonly colon: boolean }

/** A pattern as tokens; `fold` compares the text lowercased (its literal characters are lowercase). */
export interface Glob {
  readonly tokens: readonly Token[]
  readonly fold: boolean
}

/** A language: the strings any of its globs matches. */
export type Language = readonly Glob[]

/** Wildcard parts (from a tokenized pattern, or a policy value with `${*}` escapes) as a glob. */
export function globOf(parts: readonly WildcardPart[], fold: boolean, literalOnly = false): Glob {
  const tokens: Token[] = []
  for (const p of parts) {
    if (p === ANY_RUN) tokens.push(literalOnly ? { t: 'lit', c: '*' } : { t: 'star', colon: true })
    else if (p === ANY_CHAR) tokens.push(literalOnly ? { t: 'lit', c: '?' } : { t: 'one', colon: true })
    else for (const c of fold ? p.toLowerCase() : p) tokens.push({ t: 'lit', c })
  }
  return { tokens, fold }
}

/**
 * An `Arn*` condition value: six colon-separated parts compared one by one, wildcards inside a part;
 * the last part keeps any further colons. Undefined when the value has fewer than six parts.
 */
export function arnConditionGlob(parts: readonly WildcardPart[]): Glob | undefined {
  const groups = splitArnPatternGroups(parts)
  if (groups.length < 6) return undefined
  const tokens: Token[] = []
  groups.forEach((group, i) => {
    if (i > 0) tokens.push({ t: 'lit', c: ':' })
    for (const p of group) {
      if (p === ANY_RUN) tokens.push({ t: 'star', colon: i === 5 })
      else if (p === ANY_CHAR) tokens.push({ t: 'one', colon: i === 5 })
      else for (const c of p) tokens.push({ t: 'lit', c })
    }
  })
  return { tokens, fold: false }
}

/**
 * A `Resource` pattern read strictly: colon-separated segments matched one to one, `*` and `?` inside a
 * segment, except that a `*` ending one of the first five segments may also absorb colons, and the
 * sixth segment matches the rest (as `compile/matchResource.ts` reads it).
 */
export function strictResourceGlob(pattern: string): Glob {
  const parts = tokenizeWildcard(pattern)
  if (parts.length === 1 && parts[0] === ANY_RUN) return { tokens: [{ t: 'star', colon: true }], fold: false }
  const groups = splitArnPatternGroups(parts)
  const tokens: Token[] = []
  groups.forEach((group, i) => {
    if (i > 0) tokens.push({ t: 'lit', c: ':' })
    group.forEach((p, j) => {
      const crossing = i === 5 || (p === ANY_RUN && j === group.length - 1)
      if (p === ANY_RUN) tokens.push({ t: 'star', colon: crossing })
      else if (p === ANY_CHAR) tokens.push({ t: 'one', colon: i === 5 })
      else for (const c of p) tokens.push({ t: 'lit', c })
    })
  })
  return { tokens, fold: false }
}

/** A pattern read as one case-insensitive glob (`Action`, and the loose reading of `Resource`). */
export function looseGlob(pattern: string): Glob {
  return globOf(tokenizeWildcard(pattern), true)
}

/** Positions of one glob's automaton reachable after some text, as a sorted list; -1 = none. */
type States = readonly number[]

function closure(glob: Glob, positions: Iterable<number>): number[] {
  const out = new Set<number>()
  for (const start of positions) {
    for (let p = start; ; p++) {
      out.add(p)
      if (glob.tokens[p]?.t !== 'star') break
    }
  }
  return [...out].sort((a, b) => a - b)
}

function step(glob: Glob, states: States, ch: string): number[] {
  const c = glob.fold ? ch.toLowerCase() : ch
  const next: number[] = []
  for (const p of states) {
    const token = glob.tokens[p]
    if (token === undefined) continue
    if (token.t === 'lit') {
      if (token.c === c) next.push(p + 1)
    } else if (token.colon || ch !== ':') next.push(token.t === 'star' ? p : p + 1)
  }
  return closure(glob, next)
}

function accepts(glob: Glob, states: States): boolean {
  return states.includes(glob.tokens.length)
}

const FRESH = 'xzqkjvwy7953-_'

/**
 * Characters that tell the languages apart: every character they name (both cases of letters), `:`,
 * and one character none of them names (which stands for all such characters).
 */
function alphabetOf(languages: readonly Language[], extra = ''): string[] {
  const chars = new Set<string>([':', ...extra])
  for (const language of languages) {
    for (const glob of language) {
      for (const token of glob.tokens) {
        if (token.t !== 'lit') continue
        chars.add(token.c)
        chars.add(token.c.toLowerCase())
        chars.add(token.c.toUpperCase())
      }
    }
  }
  const fresh = [...FRESH].find((c) => !chars.has(c) && !chars.has(c.toUpperCase()))
  // Fresh characters first: witnesses then read as words rather than runs of punctuation.
  return fresh === undefined ? [...chars] : [fresh, ...[...chars].filter((c) => c !== fresh)]
}

/** What the search saw at the end of a string: which languages accept it, and how many `:` it holds (at most 5). */
export interface Reached {
  readonly accepts: readonly boolean[]
  readonly colons: number
}

/** The outcome of a search: a string, no string at all, or a search that stopped early. */
export type SearchOutcome = { readonly kind: 'found'; readonly text: string } | { readonly kind: 'none' } | { readonly kind: 'gaveUp' }

/** Bounds of a search. */
export interface SearchOptions {
  /** Stop after this many product states (default 20,000). */
  readonly maxStates?: number
  /** Characters to try besides those the languages name. */
  readonly extraChars?: string
}

interface Node {
  readonly states: readonly States[]
  readonly colons: number
  readonly parent: number
  readonly ch: string
}

/**
 * Visits every product state the languages reach, shortest strings first, calling `visit` with what each
 * string reaches; `visit` returning true ends the search with that string. Exact: when the search ends
 * without `gaveUp`, no string reaches an unvisited combination.
 */
export function explore(languages: readonly Language[], visit: (reached: Reached, text: () => string) => boolean, options: SearchOptions = {}): SearchOutcome {
  const maxStates = options.maxStates ?? 20_000
  const alphabet = alphabetOf(languages, options.extraChars)
  const start: States[] = languages.map((l) => l.map((g) => closure(g, [0]))).map(encodeMany)
  const nodes: Node[] = [{ states: start, colons: 0, parent: -1, ch: '' }]
  const seen = new Set<string>([keyOf(start, 0)])
  const textOf = (i: number): string => {
    let s = ''
    for (let n = nodes[i] as Node; n.parent >= 0; n = nodes[n.parent] as Node) s = n.ch + s
    return s
  }
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Node
    const reached = { accepts: languages.map((l, li) => acceptsMany(l, node.states[li] as States)), colons: node.colons }
    if (visit(reached, () => textOf(i))) return { kind: 'found', text: textOf(i) }
    for (const ch of alphabet) {
      const states = languages.map((l, li) => encodeMany(stepMany(l, node.states[li] as States, ch)))
      const colons = Math.min(5, node.colons + (ch === ':' ? 1 : 0))
      const key = keyOf(states, colons)
      if (seen.has(key)) continue
      if (seen.size >= maxStates) return { kind: 'gaveUp' }
      seen.add(key)
      nodes.push({ states, colons, parent: i, ch })
    }
  }
  return { kind: 'none' }
}

// A language's state is the states of each of its globs, flattened as `glob * BASE + position`.
const BASE = 1 << 16

function encodeMany(perGlob: readonly (readonly number[])[] | readonly number[]): number[] {
  if (perGlob.length > 0 && typeof perGlob[0] === 'number') return perGlob as number[]
  const out: number[] = []
  ;(perGlob as readonly (readonly number[])[]).forEach((states, g) => {
    for (const p of states) out.push(g * BASE + p)
  })
  return out
}

function split(language: Language, states: States): number[][] {
  const out: number[][] = language.map(() => [])
  for (const s of states) out[Math.floor(s / BASE)]?.push(s % BASE)
  return out
}

function stepMany(language: Language, states: States, ch: string): number[][] {
  return split(language, states).map((s, g) => step(language[g] as Glob, s, ch))
}

function acceptsMany(language: Language, states: States): boolean {
  return split(language, states).some((s, g) => accepts(language[g] as Glob, s))
}

function keyOf(states: readonly States[], colons: number): string {
  return `${colons}|${states.map((s) => s.join(',')).join(';')}`
}

/**
 * Every combination of matches the languages' strings reach (a bit string, `1` = accepted), each with
 * the shortest string reaching it; `complete` is false when the search stopped early.
 *
 * @example
 * regions([[looseGlob('s3:Get*')], [looseGlob('s3:GetObject')]]).regions // Map { '00' => 'x', '10' => 's3:get', '11' => 's3:getobject' }
 */
export function regions(languages: readonly Language[], options: SearchOptions = {}): { readonly regions: ReadonlyMap<string, string>; readonly complete: boolean } {
  const found = new Map<string, string>()
  const outcome = explore(
    languages,
    (reached, text) => {
      const key = reached.accepts.map((a) => (a ? '1' : '0')).join('')
      if (!found.has(key)) found.set(key, text())
      return false
    },
    options,
  )
  return { regions: found, complete: outcome.kind !== 'gaveUp' }
}
