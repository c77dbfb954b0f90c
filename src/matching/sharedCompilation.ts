/**
 * Compiled values shared within one compilation (a scenario, a policy set, a policy): policies repeat
 * their patterns and condition values, and a compiled matcher is pure (its caches hold answers that
 * depend only on its input), so one copy serves every element that names the same text.
 *
 * INVARIANT: tables live only while a compilation runs; nothing carries over from one call to the
 * next, so a compilation costs the same the first time as the hundredth.
 */

/** The kinds of shared values, one table each. */
export type SharedTable = 'action' | 'resource' | 'resourceLiteral' | 'conditionValues' | 'statement'

let current: Map<SharedTable, Map<string, unknown>> | undefined

/**
 * Runs `compile` with fresh shared tables; a call inside another compilation shares the outer tables.
 *
 * @example
 * const compiled = compilingTogether(() => policies.map((p) => compilePolicy(p, 'identity', p.name ?? 'policy')))
 */
export function compilingTogether<T>(compile: () => T): T {
  if (current !== undefined) return compile()
  current = new Map()
  try {
    return compile()
  } finally {
    current = undefined
  }
}

/**
 * The table of `kind` of the running compilation, or undefined outside one (then nothing is shared).
 *
 * @example
 * const table = sharedTable<WildcardPattern>('action')
 * let pattern = table?.get(text)
 * if (pattern === undefined) table?.set(text, (pattern = compileWildcard(text)))
 */
export function sharedTable<V>(kind: SharedTable): Map<string, V> | undefined {
  if (current === undefined) return undefined
  let table = current.get(kind)
  if (table === undefined) {
    table = new Map()
    current.set(kind, table)
  }
  return table as Map<string, V>
}
