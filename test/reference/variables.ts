/**
 * Policy variables as the reference reads them: `${key}`, `${key, 'default'}`, and the escapes
 * `${*}`, `${?}`, `${$}`; only under Version 2012-10-17, only single-valued keys.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { isMultivalued } from './keys.js'
import type { World } from './world.js'

/** A piece of a value: plain text, an escaped character, or a variable. */
export type Piece = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'escape'; readonly text: string } | { readonly kind: 'var'; readonly key: string; readonly fallback: string | undefined }

/** The pieces of a value, or 'invalid' for a malformed `${…}`. Without variables the whole value is text. */
export function pieces(value: string, variables: boolean): Piece[] | 'invalid' {
  if (!variables) return [{ kind: 'text', text: value }]
  const out: Piece[] = []
  let i = 0
  let text = ''
  while (i < value.length) {
    if (value[i] === '$' && value[i + 1] === '{') {
      const close = value.indexOf('}', i + 2)
      if (close < 0) return 'invalid'
      const inner = value.slice(i + 2, close)
      if (text !== '') out.push({ kind: 'text', text })
      text = ''
      if (inner === '*' || inner === '?' || inner === '$') out.push({ kind: 'escape', text: inner })
      else {
        const v = readVariable(inner)
        if (v === undefined) return 'invalid'
        out.push(v)
      }
      i = close + 1
    } else {
      text += value[i]
      i++
    }
  }
  if (text !== '') out.push({ kind: 'text', text })
  return out
}

/** `key` or `key, 'default'`: a key is `prefix:name` without spaces. */
function readVariable(inner: string): Piece | undefined {
  const m = /^([^\s,']+)(?:, '([^']*)')?$/.exec(inner)
  if (m === null) return undefined
  const key = m[1] as string
  if (!/^[^:]+:.+$/.test(key)) return undefined
  return { kind: 'var', key, fallback: m[2] }
}

/** One piece after substitution: where its text came from. */
export interface Resolved {
  readonly origin: 'text' | 'escape' | 'value'
  readonly text: string
}

/**
 * Substitutes the variables of `list` in one world: the resolved pieces, 'null' when a variable has
 * no value and no default (the value then matches nothing), or 'unknown' when the value cannot be
 * told (a multivalued key, or a key given several values).
 */
export function resolve(list: readonly Piece[], world: World): Resolved[] | 'null' | 'unknown' {
  const out: Resolved[] = []
  for (const p of list) {
    if (p.kind !== 'var') {
      out.push({ origin: p.kind, text: p.text })
      continue
    }
    if (isMultivalued(p.key)) return 'unknown'
    const values = world.get(p.key)
    if (values === undefined) {
      if (p.fallback === undefined) return 'null'
      out.push({ origin: 'value', text: p.fallback })
    } else if (values.length !== 1) return 'unknown'
    else out.push({ origin: 'value', text: values[0] as string })
  }
  return out
}

/** The keys a list of values refers to through variables. */
export function variableKeys(values: readonly string[], variables: boolean): string[] {
  const keys: string[] = []
  for (const v of values) {
    const p = pieces(v, variables)
    if (p !== 'invalid') for (const piece of p) if (piece.kind === 'var') keys.push(piece.key)
  }
  return keys
}
