/**
 * Policy variables: `${key}`, `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}`, expanded only
 * under Version 2012-10-17. A template is parsed once; each evaluation substitutes context values.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { compileWildcardParts, tokenizeWildcard } from '../matching/wildcard.js'
import type { WildcardPart } from '../matching/wildcard.js'
import type { RequestContext } from '../request/context.js'
import { isMultivaluedKey } from './multivaluedKeys.js'

/**
 * One piece of a template.
 *
 * @example
 * compileTemplate('a-${aws:username}', true).parts // [{ kind: 'text', text: 'a-' }, { kind: 'variable', key: 'aws:username', … }]
 */
export type TemplatePart =
  /** Policy text: in pattern operators its `*` and `?` are wildcards. */
  | { readonly kind: 'text'; readonly text: string }
  /** `${*}`, `${?}` or `${$}`: always the literal character. */
  | { readonly kind: 'escape'; readonly text: '*' | '?' | '$' }
  /** `${key}` or `${key, 'default'}`. */
  | { readonly kind: 'variable'; readonly key: string; readonly keyLower: string; readonly defaultValue?: string; readonly source: string }

/**
 * A parsed policy value.
 *
 * @example
 * const t: Template = compileTemplate('${aws:username}-${aws:PrincipalTag/team, \'none\'}', true)
 * t.keysRead // ['aws:username', 'aws:principaltag/team']
 */
export interface Template {
  readonly source: string
  readonly parts: readonly TemplatePart[]
  /** True when at least one `${key}` must be substituted at evaluation time. */
  readonly hasVariables: boolean
  /** Lowercased keys of the variables, without duplicates. */
  readonly keysRead: readonly string[]
  /** Set when a `${` opens a malformed variable; the value cannot be read (fail closed). */
  readonly error?: string
}

/** One piece of a resolved template: where the text came from decides how pattern operators read it. */
export interface ResolvedPiece {
  readonly origin: 'text' | 'escape' | 'value'
  readonly text: string
}

/**
 * Parses `text` once. With `variablesEnabled` false (Version 2008-10-17 or absent) the whole text is
 * literal policy text. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 *
 * @example
 * const t = compileTemplate('arn:aws:s3:::home/${aws:username}/*', true)
 * t.hasVariables // true; t.keysRead // ['aws:username']
 */
export function compileTemplate(text: string, variablesEnabled: boolean): Template {
  if (!variablesEnabled || !text.includes('${')) return literalTemplate(text)
  const parts: TemplatePart[] = []
  const keys: string[] = []
  let literalStart = 0
  let i = 0
  while (i < text.length) {
    if (text.charCodeAt(i) !== 36 || text.charCodeAt(i + 1) !== 123) {
      i++
      continue
    }
    const close = findClose(text, i + 2)
    if (close < 0) return { ...literalTemplate(text), error: `unterminated policy variable at offset ${i}` }
    if (i > literalStart) parts.push({ kind: 'text', text: text.slice(literalStart, i) })
    const inner = text.slice(i + 2, close)
    const part = parseVariable(inner, text.slice(i, close + 1))
    if (typeof part === 'string') return { ...literalTemplate(text), error: part }
    parts.push(part)
    if (part.kind === 'variable' && !keys.includes(part.keyLower)) keys.push(part.keyLower)
    i = close + 1
    literalStart = i
  }
  if (literalStart < text.length) parts.push({ kind: 'text', text: text.slice(literalStart) })
  return { source: text, parts, hasVariables: keys.length > 0, keysRead: keys }
}

function literalTemplate(text: string): Template {
  return { source: text, parts: text === '' ? [] : [{ kind: 'text', text }], hasVariables: false, keysRead: [] }
}

/** Index of the `}` closing a variable opened before `from`, skipping a quoted default; -1 when none. */
function findClose(text: string, from: number): number {
  let quoted = false
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 39) quoted = !quoted
    else if (c === 125 && !quoted) return i
  }
  return -1
}

/** A quoted default value; linear (one character class between fixed quotes). */
const QUOTED_DEFAULT = /^'([^']*)'$/

/** Parses the inside of `${...}`; returns an error message when malformed. */
function parseVariable(inner: string, source: string): TemplatePart | string {
  if (inner === '*' || inner === '?' || inner === '$') return { kind: 'escape', text: inner }
  const comma = inner.indexOf(',')
  const key = (comma < 0 ? inner : inner.slice(0, comma)).trim()
  if (key === '' || /[\s'{}$,]/.test(key)) return `malformed policy variable ${source}`
  if (comma < 0) return { kind: 'variable', key, keyLower: key.toLowerCase(), source }
  // Default: `${key, 'value'}` — single quotes, after a comma and a space; the value holds no quote.
  const quoted = QUOTED_DEFAULT.exec(inner.slice(comma + 1).trim())
  if (quoted === null) return `malformed default in policy variable ${source}`
  return { kind: 'variable', key, keyLower: key.toLowerCase(), defaultValue: quoted[1] as string, source }
}

/**
 * The value a variable substitutes, or undefined when it has none: the key is absent, multivalued (AWS
 * documents multivalued keys as never usable as variables), or not a single value; the default then applies.
 */
function lookupVariable(part: Extract<TemplatePart, { kind: 'variable' }>, context: RequestContext): string | undefined {
  const entry = context.get(part.keyLower)
  if (entry !== undefined && !entry.multi && entry.values.length === 1 && !isMultivaluedKey(part.keyLower)) {
    return entry.values[0]
  }
  return part.defaultValue
}

/** Substitutes every variable; undefined when one has no value and no default. */
export function resolveTemplatePieces(template: Template, context: RequestContext): ResolvedPiece[] | undefined {
  const pieces: ResolvedPiece[] = []
  for (const part of template.parts) {
    if (part.kind === 'variable') {
      const value = lookupVariable(part, context)
      if (value === undefined) return undefined
      pieces.push({ origin: 'value', text: value })
    } else {
      pieces.push({ origin: part.kind, text: part.text })
    }
  }
  return pieces
}

/**
 * The template as plain text (escapes become their character); undefined when a variable cannot resolve.
 *
 * @example
 * resolveTemplate(compileTemplate('team-${aws:PrincipalTag/team}', true), context) // 'team-platform', or undefined when the tag is absent
 */
export function resolveTemplate(template: Template, context: RequestContext): string | undefined {
  const pieces = resolveTemplatePieces(template, context)
  if (pieces === undefined) return undefined
  let text = ''
  for (const piece of pieces) text += piece.text
  return text
}

/**
 * For traces: the policy value after substitution, or undefined when that is its own text or a
 * variable has no value.
 */
export function resolvedText(template: Template): (context: RequestContext) => string | undefined {
  return (context) => {
    const text = resolveTemplate(template, context)
    return text === template.source ? undefined : text
  }
}

/** The text of a template without variables (escapes become their character). */
export function staticText(template: Template): string {
  let text = ''
  for (const part of template.parts) if (part.kind !== 'variable') text += part.text
  return text
}

/**
 * Wildcard parts for resolved pieces: policy text keeps `*`/`?` as wildcards, escapes are literal, and
 * substituted values are literal or patterns as `valuesAsPattern` says.
 */
export function piecesToWildcardParts(pieces: readonly ResolvedPiece[], valuesAsPattern: boolean): WildcardPart[] {
  const parts: WildcardPart[] = []
  for (const piece of pieces) {
    if (piece.origin === 'text' || (piece.origin === 'value' && valuesAsPattern)) parts.push(...tokenizeWildcard(piece.text))
    else if (piece.text !== '') parts.push(piece.text)
  }
  return parts
}

/**
 * A key of the values the template's variables take in `context`, for caching what they compile to:
 * the value itself for one variable, the values length-prefixed for several (collision-free for one
 * template, whose number of variables is fixed); undefined when a variable has no value (exactly when
 * `resolveTemplatePieces` returns undefined).
 */
export function templateValuesKey(template: Template, context: RequestContext): string | undefined {
  let key: string | undefined
  const parts = template.parts
  // PERF: an indexed loop (every evaluation of a statement with variables asks).
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as TemplatePart
    if (part.kind !== 'variable') continue
    const value = lookupVariable(part, context)
    if (value === undefined) return undefined
    // PERF: one variable (the usual case) is its own key; each further value follows the key so far,
    // length-prefixed (`length:key` then the value), which keeps keys collision-free.
    key = key === undefined ? value : `${key.length}:${key}${value}`
  }
  return key ?? ''
}

/** True when a substituted value holds one of `chars`, so its readings may differ. */
export function valueHolds(pieces: readonly ResolvedPiece[], chars: string): boolean {
  for (const piece of pieces) {
    if (piece.origin !== 'value') continue
    for (let i = 0; i < chars.length; i++) if (piece.text.includes(chars.charAt(i))) return true
  }
  return false
}

/**
 * The wildcard parts of a template's policy text, leaving its variables out: policy text keeps `*`/`?`
 * as wildcards, escapes are literal.
 */
export function staticWildcardParts(template: Template): WildcardPart[] {
  const parts: WildcardPart[] = []
  for (const part of template.parts) {
    if (part.kind === 'text') parts.push(...tokenizeWildcard(part.text))
    else if (part.kind === 'escape') parts.push(part.text)
  }
  return parts
}

/**
 * The outcome of matching text against a template used as a wildcard pattern.
 *
 * @example
 * const m: TemplateMatch = matchTemplate(template, context, 'home/alice/x')
 * if (m === 'unresolved') console.log('a variable has no value: the entry matches nothing')
 */
export type TemplateMatch = 'true' | 'false' | 'unknown' | 'unresolved'

/**
 * Resolves `template` and wildcard-matches `text` against it (as `StringLike` and the `Resource` element
 * do). `unresolved`: a variable has no value (the entry matches nothing). `unknown`: a substituted value
 * holds `*` or `?` and reading it literally or as a pattern disagree — AWS does not document which applies.
 *
 * @example
 * const t = compileTemplate('home/${aws:username}/*', true)
 * matchTemplate(t, context, 'home/alice/notes.txt') // 'true' when aws:username is alice; 'unresolved' when absent
 */
export function matchTemplate(template: Template, context: RequestContext, text: string, caseInsensitive = false): TemplateMatch {
  if (template.error !== undefined) return 'unknown'
  // A template without variables takes the same path: its pieces are its text and escapes.
  const pieces = resolveTemplatePieces(template, context)
  if (pieces === undefined) return 'unresolved'
  const literal = compileWildcardParts(template.source, piecesToWildcardParts(pieces, false), caseInsensitive).matches(text)
  if (!valueHolds(pieces, '*?')) return literal ? 'true' : 'false'
  const pattern = compileWildcardParts(template.source, piecesToWildcardParts(pieces, true), caseInsensitive).matches(text)
  return literal === pattern ? (literal ? 'true' : 'false') : 'unknown'
}
