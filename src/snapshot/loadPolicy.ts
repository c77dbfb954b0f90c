/**
 * Compiles one policy document found inside a snapshot file, reporting problems with the file and the
 * JSON pointer of the document inside it. Fail closed: a document that cannot be read grants nothing,
 * and one that may carry a Deny is read as denying everything it could deny.
 */
import { compilePolicy } from '../compile/compilePolicy.js'
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { readPolicyInput } from '../json/decodePolicyDocument.js'
import { getMember, isJsonArray, isJsonObject } from '../json/jsonValue.js'
import type { JsonDocument, JsonValue } from '../json/jsonValue.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import type { Policy, PolicyKind } from '../policy/types.js'
import { isEvaluable } from '../policy/evaluableErrors.js'
import type { LayerKind } from '../trace/types.js'

/** Where a policy document sits: the file, its document (for positions) and the document's pointer. */
export interface PolicyLocation {
  readonly file: string
  readonly doc: JsonDocument
  readonly pointer: string
}

/** Re-anchors a diagnostic from a policy document to its place in the snapshot file. */
function relocate(d: Diagnostic, at: PolicyLocation, fromText: boolean): Diagnostic {
  const pointer = `${at.pointer}${d.pointer}`
  // A URL-encoded or string document has positions in its own text: point at the string instead.
  const position = fromText ? at.doc.positionOf(at.pointer) : (at.doc.positionOf(pointer) ?? at.doc.positionOf(at.pointer))
  return { ...d, pointer, file: at.file, ...(position !== undefined ? { position } : {}) }
}

/** A policy with no statements: as a boundary or SCP it allows nothing. */
export function emptyPolicy(kind: PolicyKind, layer: LayerKind, name: string): CompiledPolicy {
  const policy: Policy = { kind, pointer: '', variablesEnabled: true, statements: [], name }
  return compilePolicy(policy, layer, name)
}

const DENY_ALL: Readonly<Record<PolicyKind, unknown>> = {
  identity: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
  boundary: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
  session: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
  scp: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
  rcp: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:*', Resource: '*' }] },
  trust: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: '*' }] },
  resource: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] },
}

/** The stand-in for an unreadable policy that may deny: it denies every request it could have denied. */
function denyAll(kind: PolicyKind, layer: LayerKind, name: string): CompiledPolicy {
  const parsed = parsePolicy(DENY_ALL[kind], { kind, name })
  const policy = parsed.ok ? parsed.value : (parsed.recovered as Policy)
  return compilePolicy(policy, layer, name)
}

/**
 * True unless every statement of the raw document is readably `"Effect": "Allow"`: an unreadable
 * document, or a statement with another or no Effect, may deny.
 */
function mayDeny(raw: JsonValue): boolean {
  const read = readPolicyInput(raw)
  const root = read.document?.value
  if (root === undefined || !isJsonObject(root)) return true
  const statement = getMember(root, 'Statement')
  const list = isJsonArray(statement) ? statement : [statement]
  if (list.length === 0) return false
  return list.some((s) => s === undefined || !isJsonObject(s) || getMember(s, 'Effect') !== 'Allow')
}

/**
 * Parses and compiles a policy document from a snapshot. Returns the compiled policy, or null when it
 * grants nothing and cannot deny; diagnostics are appended to `out`.
 */
export function loadPolicy(raw: JsonValue, kind: PolicyKind, layer: LayerKind, name: string, at: PolicyLocation, out: Diagnostic[]): CompiledPolicy | null {
  const fromText = typeof raw === 'string'
  const parsed = parsePolicy(raw, { kind, name, file: at.file })
  for (const d of parsed.diagnostics) out.push(relocate(d, at, fromText))
  if (parsed.ok) return compilePolicy(parsed.value, layer, name)
  if (parsed.recovered !== undefined && parsed.errors.every((e) => isEvaluable(e.code))) {
    // The AST is complete and each error has a defined fail-closed reading in the evaluator.
    return compilePolicy(parsed.recovered, layer, name)
  }
  const position = at.doc.positionOf(at.pointer)
  out.push(
    diagnostic('snapshot.invalid-policy', at.pointer, `the policy \`${name}\` does not parse; it grants nothing`, {
      file: at.file,
      ...(position !== undefined ? { position } : {}),
    }),
  )
  if (!mayDeny(raw)) return null
  out.push(
    diagnostic('snapshot.policy-fail-closed', at.pointer, `the unreadable policy \`${name}\` may deny: it is read as denying every request it could deny`, {
      file: at.file,
      ...(position !== undefined ? { position } : {}),
    }),
  )
  return denyAll(kind, layer, `${name} (unreadable: denies everything, fail closed)`)
}
