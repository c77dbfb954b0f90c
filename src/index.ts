/**
 * iamtrace public API. Named re-exports only; everything else is internal.
 */
export type { Result, NonEmptyArray } from './result.js'
export { ok, err } from './result.js'
export type { Diagnostic, DiagnosticCode, Severity, SourcePosition } from './diagnostics.js'
export { DIAGNOSTIC_CODES } from './diagnostics.js'
export type * from './policy/types.js'
export type { Request, RequestPrincipal, ContextValue } from './request/types.js'
export type * from './trace/types.js'
export { compileWildcard } from './matching/wildcard.js'
export type { WildcardPattern } from './matching/wildcard.js'
