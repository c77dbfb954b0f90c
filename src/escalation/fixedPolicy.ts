/**
 * Policies the escalation analysis writes itself (the AdministratorAccess document a grant attaches, the
 * trust policy a caller writes), parsed and compiled like any other.
 */
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import type { PolicyKind } from '../policy/types.js'
import type { LayerKind } from '../trace/types.js'

/** The document of AWS's AdministratorAccess managed policy: every action on every resource. */
export const ALLOW_EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } as const

/** Parses and compiles a document iamtrace writes (it always parses; a recovered AST is used otherwise). */
export function compileFixed(document: unknown, kind: PolicyKind, layer: LayerKind, name: string): CompiledPolicy {
  const parsed = parsePolicy(document, { kind, name })
  return compilePolicy(parsed.ok ? parsed.value : (parsed.recovered as NonNullable<typeof parsed.recovered>), layer, name)
}
