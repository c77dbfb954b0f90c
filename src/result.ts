/**
 * A non-empty readonly array: a failed Result always carries at least one error.
 *
 * @example
 * const errors: NonEmptyArray<Diagnostic> = [first, ...rest]
 * errors[0] // always present
 */
export type NonEmptyArray<T> = readonly [T, ...T[]]

/**
 * The outcome of an operation that can fail without throwing.
 *
 * @example
 * const r = parsePolicy(text, { kind: 'trust' })
 * if (r.ok) use(r.value); else for (const e of r.errors) console.error(e.message)
 */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: NonEmptyArray<E> }

/**
 * Wraps a value as a successful Result.
 *
 * @example
 * const r: Result<number> = ok(42)
 * if (r.ok) r.value // 42
 */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value }
}

/**
 * Wraps one or more errors as a failed Result.
 *
 * @example
 * const r = err(diagnostic('scenario.invalid', '/request', 'the request is not valid'))
 * r.ok // false; r.errors[0].code === 'scenario.invalid'
 */
export function err<E>(first: E, ...rest: E[]): { readonly ok: false; readonly errors: NonEmptyArray<E> } {
  return { ok: false, errors: [first, ...rest] }
}

/** True when the array holds at least one element. */
export function isNonEmpty<T>(items: readonly T[]): items is NonEmptyArray<T> {
  return items.length > 0
}
