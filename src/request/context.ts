/**
 * The request context as the evaluator reads it: keys lowercased once (condition key names, tag
 * keys included, are case-insensitive), values always arrays of strings.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */

/** One context key's values. `multi` is true for keys AWS documents as multivalued, or given as an array. */
export interface ContextEntry {
  readonly values: readonly string[]
  readonly multi: boolean
}

/** Read access to a request's condition keys. */
export interface RequestContext {
  /** The entry for a lowercased key, or undefined when the key is absent. */
  get(keyLower: string): ContextEntry | undefined
}
