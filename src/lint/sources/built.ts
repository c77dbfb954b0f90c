/**
 * Values read from infrastructure code (a CloudFormation template after its intrinsic functions, a
 * Terraform expression after evaluation): known parts, unknown parts, and where each part came from.
 * `materialize` turns one into a JSON value the policy parser reads, with the set of policy pointers
 * whose values are unknown and, per pointer, the place in the source that produced it.
 */
import { childPointer } from '../../diagnostics.js'
import { isJsonArray, isJsonObject, newJsonObject, type JsonValue } from '../../json/jsonValue.js'

/**
 * Where a part of a value came from, as a key the reader can locate: a JSON pointer into a template, or
 * `file NUL offset` into a Terraform file. Opaque to everything but the reader that made it.
 */
export type Origin = string

/** A value the reader could not resolve, and why. */
export interface Unresolved {
  readonly at: Origin
  /** What could not be resolved, as written: `Fn::ImportValue SharedProviderArn`, `var.account_id`. */
  readonly what: string
  /** Why: `imports are resolved at deployment`, `the parameter has no Default`. */
  readonly why: string
}

/** A value read from infrastructure code. */
export type Built =
  | { readonly k: 'scalar'; readonly value: string | number | boolean | null; readonly at: Origin; readonly unresolved: readonly Unresolved[] }
  | { readonly k: 'list'; readonly items: readonly Built[]; readonly at: Origin }
  | { readonly k: 'object'; readonly members: readonly BuiltMember[]; readonly at: Origin }
  | { readonly k: 'unknown'; readonly at: Origin; readonly unresolved: readonly Unresolved[] }
  /** CloudFormation `AWS::NoValue`: the element is removed. */
  | { readonly k: 'none'; readonly at: Origin }

/** One member of a built object. */
export interface BuiltMember {
  readonly key: string
  readonly keyAt: Origin
  readonly value: Built
  /** Unknown parts of the key itself (a key written as `${OIDCProvider}:sub`). */
  readonly keyUnresolved?: readonly Unresolved[]
}

/**
 * Text standing in for an unknown part of a string: not an account, ARN or pattern, so no rule decides on
 * it. Pointers whose string contains it are unknown.
 */
export const UNKNOWN_TEXT = 'iamtrace-unresolved-value'

/** Longest string built from parts. */
const MAX_TEXT = 1_000_000

/** A known scalar. */
export function scalar(value: string | number | boolean | null, at: Origin, unresolved: readonly Unresolved[] = []): Built {
  return { k: 'scalar', value, at, unresolved }
}

/** An unknown value. */
export function unknown(at: Origin, what: string, why: string): Built {
  return { k: 'unknown', at, unresolved: [{ at, what, why }] }
}

/** Every unresolved part inside a built value. */
export function unresolvedIn(b: Built): Unresolved[] {
  switch (b.k) {
    case 'scalar':
    case 'unknown':
      return [...b.unresolved]
    case 'list':
      return b.items.flatMap(unresolvedIn)
    case 'object':
      return b.members.flatMap((m) => [...(m.keyUnresolved ?? []), ...unresolvedIn(m.value)])
    default:
      return []
  }
}

/**
 * Concatenates parts into one string: unknown parts become {@link UNKNOWN_TEXT}, lists and objects
 * make the whole string unknown.
 */
export function concat(parts: readonly Built[], at: Origin): Built {
  let text = ''
  const unresolved: Unresolved[] = []
  for (const p of parts) {
    if (p.k === 'scalar') {
      text += p.value === null ? '' : String(p.value)
      unresolved.push(...p.unresolved)
    } else if (p.k === 'unknown') {
      text += UNKNOWN_TEXT
      unresolved.push(...p.unresolved)
    } else if (p.k === 'none') continue
    else return { k: 'unknown', at, unresolved: unresolvedIn(p).length > 0 ? unresolvedIn(p) : [{ at, what: 'a list or object inside a string', why: 'it has no string form' }] }
    // Strings built from repeated references can double at each step: past 1 MB they are unknown.
    if (text.length > MAX_TEXT) return unknown(at, 'a string built from references', `it is longer than ${MAX_TEXT} characters`)
  }
  return scalar(text, at, unresolved)
}

/** A JSON value with the facts lint needs about it. */
export interface Materialized {
  /** Undefined when the value itself is `AWS::NoValue`. */
  readonly value: JsonValue | undefined
  /** Policy pointer → origin of the node (members: their key). */
  readonly origins: ReadonlyMap<string, Origin>
  /** Policy pointers whose value is unknown, whole or in part. */
  readonly unknown: ReadonlySet<string>
  /** Each unresolved part with the policy pointer it sits at. */
  readonly unresolved: readonly { readonly pointer: string; readonly unresolved: Unresolved }[]
}

/** Turns a built value into JSON (unknown values become {@link UNKNOWN_TEXT}). */
export function materialize(b: Built, base = ''): Materialized {
  const origins = new Map<string, Origin>()
  const unknownPointers = new Set<string>()
  const notes: { pointer: string; unresolved: Unresolved }[] = []
  const walk = (node: Built, pointer: string): JsonValue | undefined => {
    if (node.k === 'none') return undefined
    if (!origins.has(pointer)) origins.set(pointer, node.at)
    switch (node.k) {
      case 'unknown':
        unknownPointers.add(pointer)
        for (const u of node.unresolved) notes.push({ pointer, unresolved: u })
        return UNKNOWN_TEXT
      case 'scalar':
        if (node.unresolved.length > 0) {
          unknownPointers.add(pointer)
          for (const u of node.unresolved) notes.push({ pointer, unresolved: u })
        }
        return node.value
      case 'list': {
        const out: JsonValue[] = []
        for (const item of node.items) {
          const v = walk(item, childPointer(pointer, out.length))
          if (v !== undefined) out.push(v)
        }
        return out
      }
      case 'object': {
        const out = newJsonObject()
        for (const m of node.members) {
          const child = childPointer(pointer, m.key)
          origins.set(child, m.keyAt)
          if (m.keyUnresolved !== undefined && m.keyUnresolved.length > 0) {
            unknownPointers.add(child)
            for (const u of m.keyUnresolved) notes.push({ pointer: child, unresolved: u })
          }
          const v = walk(m.value, child)
          if (v !== undefined) out[m.key] = v
          else origins.delete(child)
        }
        return out
      }
    }
  }
  const value = walk(b, base)
  return { value, origins, unknown: unknownPointers, unresolved: notes }
}

/** The origin of a pointer: its own, or its nearest ancestor's. */
export function originNear(origins: ReadonlyMap<string, Origin>, pointer: string): Origin | undefined {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = origins.get(p)
    if (found !== undefined || p === '') return found
  }
}

/** Pointers of the strings and keys of a JSON value that hold {@link UNKNOWN_TEXT}. */
export function pointersWithUnknown(value: JsonValue, pointer = '', out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string' && value.includes(UNKNOWN_TEXT)) out.add(pointer)
  else if (isJsonArray(value)) value.forEach((v, i) => pointersWithUnknown(v, childPointer(pointer, i), out))
  else if (isJsonObject(value)) {
    for (const key of Object.keys(value)) {
      const child = childPointer(pointer, key)
      if (key.includes(UNKNOWN_TEXT)) out.add(child)
      pointersWithUnknown(value[key] as JsonValue, child, out)
    }
  }
  return out
}
