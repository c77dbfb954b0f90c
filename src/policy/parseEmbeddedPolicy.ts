/**
 * A policy embedded in a larger file (a scenario, an STS call file): either the document itself or
 * `{"name", "document"}`, where the document may be JSON text (URL-encoded or not). Its diagnostics
 * are moved to the file's pointers and positions.
 */
import type { Diagnostic } from '../diagnostics.js'
import { documentWithin, getMember, isJsonObject } from '../json/jsonValue.js'
import type { JsonDocument, JsonValue } from '../json/jsonValue.js'
import { isEvaluable } from './evaluableErrors.js'
import { parsePolicy, parsePolicyDocument } from './parsePolicy.js'
import type { Policy, PolicyKind } from './types.js'

/** A policy with the name traces show and where its document sits in the file. */
export interface EmbeddedPolicy {
  readonly name: string
  readonly policy: Policy
  readonly pointer: string
}

/** The policy (undefined when nothing usable could be read) and its diagnostics in file terms. */
export interface EmbeddedPolicyResult {
  readonly policy: EmbeddedPolicy | undefined
  /** Warnings, and errors with a fail-closed reading (the policy is still evaluated). */
  readonly warnings: readonly Diagnostic[]
  /** Errors that make the file invalid. */
  readonly errors: readonly Diagnostic[]
}

/**
 * Parses the policy at `pointer` of `doc`.
 *
 * @example
 * const r = parseEmbeddedPolicy(doc, value, '/resourcePolicies/resource', 'trust', 'trust policy', 'a.json')
 * r.errors.length === 0 && r.policy?.name // 'trust policy'
 */
export function parseEmbeddedPolicy(
  doc: JsonDocument,
  value: JsonValue,
  pointer: string,
  kind: PolicyKind,
  defaultName: string,
  file: string | undefined,
): EmbeddedPolicyResult {
  let name = defaultName
  let documentValue: JsonValue = value
  let documentPointer = pointer
  if (isJsonObject(value) && Object.hasOwn(value, 'document')) {
    const n = getMember(value, 'name')
    if (typeof n === 'string' && n !== '') name = n
    documentValue = getMember(value, 'document') as JsonValue
    documentPointer = `${pointer}/document`
  }
  const options = { kind, name, ...(file !== undefined ? { file } : {}) }
  // PERF: a document that is part of the file is parsed where it stands (positions from the file, no
  // copy); a document given as JSON text is read on its own.
  const parsed = typeof documentValue === 'string' ? parsePolicy(documentValue, options) : parsePolicyDocument(documentWithin(doc, documentPointer, documentValue), options)
  const policy = parsed.ok ? parsed.value : parsed.recovered
  const warnings: Diagnostic[] = []
  const errors: Diagnostic[] = []
  for (const d of parsed.diagnostics) {
    const full = `${documentPointer}${d.pointer}`
    // A document given as text has positions of its own; point at the string in the file instead.
    const position = typeof documentValue !== 'string' ? d.position : doc.positionOf(documentPointer)
    const moved: Diagnostic = { ...d, pointer: full, ...(position !== undefined ? { position } : {}), ...(file !== undefined ? { file } : {}) }
    if (d.severity !== 'error' || (policy !== undefined && isEvaluable(d.code))) warnings.push(moved)
    else errors.push(moved)
  }
  return { policy: policy === undefined ? undefined : { name, policy, pointer: documentPointer }, warnings, errors }
}
