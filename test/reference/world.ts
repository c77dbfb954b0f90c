/**
 * What the reference knows about a request's context keys. Some keys AWS always sets have a value the
 * request may not show (the unique id of a user, the role path of a session, the account that owns an
 * S3 bucket); such a key has several candidate values, and a statement that reads it is evaluated in
 * every combination of candidates: when the answers differ, the statement's answer is unknown.
 */

/** The values of the context keys in one possible world. */
export interface World {
  /** The key's values (any case), or undefined when the key is absent. */
  get(key: string): readonly string[] | undefined
}

/** Candidate values per key (lower case): one candidate when the value is known; undefined = absent. */
export type Facts = ReadonlyMap<string, readonly (readonly string[] | undefined)[]>

/** Every world over the candidates of `keys` (the other keys keep their first candidate). */
export function worlds(facts: Facts, keys: readonly string[]): World[] {
  const open = [...new Set(keys.map((k) => k.toLowerCase()))].filter((k) => (facts.get(k)?.length ?? 0) > 1)
  let choices: Map<string, readonly string[] | undefined>[] = [new Map()]
  for (const key of open) {
    const next: Map<string, readonly string[] | undefined>[] = []
    for (const choice of choices) for (const candidate of facts.get(key) ?? []) next.push(new Map(choice).set(key, candidate))
    choices = next
  }
  return choices.map((choice) => ({
    get: (key) => {
      const lower = key.toLowerCase()
      return choice.has(lower) ? choice.get(lower) : facts.get(lower)?.[0]
    },
  }))
}
