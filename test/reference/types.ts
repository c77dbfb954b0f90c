/**
 * The reference evaluator's own vocabulary. It shares no code and no type with `src/`: a request is
 * a plain object in the scenario file's typed shape, and a policy is JSON text read with `JSON.parse`.
 */

/**
 * Three-valued logic. Where AWS's documentation leaves an answer open, or the input is one AWS would
 * refuse, the answer is `unknown`: an Allow grants only when `true`, a Deny applies unless `false`.
 */
export type Tri = 'true' | 'false' | 'unknown'

/** The three answers of AWS's policy simulator. */
export type RefDecision = 'allowed' | 'explicitDeny' | 'implicitDeny'

/** Who calls. */
export type RefPrincipal =
  | { readonly kind: 'aws'; readonly arn: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'federated'; readonly provider: string }
  | { readonly kind: 'anonymous' }

/** A request: caller, action, resource, and the context keys it shows. */
export interface RefRequest {
  readonly principal: RefPrincipal
  readonly action: string
  readonly resource: string
  readonly resourceAccount?: string
  readonly context?: Readonly<Record<string, string | readonly string[]>>
}

/** Every policy AWS would consult, as JSON text (one text per document), per layer. */
export interface RefPolicyTexts {
  readonly identity: readonly string[]
  readonly boundary: string | null
  readonly session: readonly string[]
  readonly scps: readonly (readonly string[])[]
  readonly resource: string | null
  readonly rcps: readonly (readonly string[])[]
}

/** The two documented contradictions the engine lets its user settle; the same defaults here. */
export interface RefOptions {
  /** A trust policy naming the caller's user ARN (or `"*"`) still needs the caller's boundary to allow. Default true. */
  readonly boundaryCapsDirectTrustGrants?: boolean
  /** A same-account trust grant to the caller's role ARN also needs an identity-policy allow. Default false. */
  readonly roleGrantNeedsIdentity?: boolean
}

/** Three-valued AND. */
export function and(a: Tri, b: Tri): Tri {
  if (a === 'false' || b === 'false') return 'false'
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'true'
}

/** Three-valued OR. */
export function or(a: Tri, b: Tri): Tri {
  if (a === 'true' || b === 'true') return 'true'
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'false'
}

/** Three-valued NOT. */
export function not(a: Tri): Tri {
  return a === 'true' ? 'false' : a === 'false' ? 'true' : 'unknown'
}

/** A boolean as a Tri. */
export function tri(b: boolean): Tri {
  return b ? 'true' : 'false'
}

/** One answer for several possible worlds: the shared answer, or unknown when they differ. */
export function agree(results: readonly Tri[]): Tri {
  const first = results[0] ?? 'unknown'
  return results.every((r) => r === first) ? first : 'unknown'
}
