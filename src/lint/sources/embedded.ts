/**
 * Policies found inside a host file (a template, a plan, a snapshot): where they are, how to locate a
 * policy pointer in the original file, and which of their values are unknown.
 */
import { childPointer, type SourcePosition } from '../../diagnostics.js'
import { readPolicyInput } from '../../json/decodePolicyDocument.js'
import { isJsonArray, isJsonObject, newJsonObject, type JsonValue } from '../../json/jsonValue.js'
import type { PolicyKind } from '../../policy/types.js'
import { detectKind, positionNear } from '../lintPolicy.js'
import type { HostDocument } from './host.js'
import { offsetOf } from './host.js'

/** A policy inside a host file. */
export interface EmbeddedPolicy {
  readonly kind: PolicyKind
  /** Display name: role name, logical id, resource address. */
  readonly name: string
  /** The document: a JSON value (object) or JSON text. */
  readonly input: JsonValue
  /** Where the document sits in the host file. */
  readonly hostPointer: string
  readonly ownAccount?: string
  /** Policy-relative pointers whose values are unknown. */
  readonly unknownPointers: ReadonlySet<string>
  /** Position in the host file of a policy-relative pointer. */
  locate(pointer: string): SourcePosition | undefined
  /** The host pointer of a policy pointer, when the policy was rebuilt from another shape (default: prefix). */
  mapPointer?(pointer: string): string
  /** Suppressions written in the host file next to the policy (CloudFormation `Metadata.iamtrace.ignore`). */
  readonly inSource?: readonly { readonly rule: string; readonly reason: string }[]
}

/** A place where a policy could not be read because its value is unknown. */
export interface UnknownPolicy {
  readonly name: string
  readonly hostPointer: string
  readonly position?: SourcePosition
  readonly why: string
}

/** Text standing in for an unknown value: not an account, ARN or pattern, so no rule decides on it. */
const UNKNOWN_VALUE = 'iamtrace-unresolved-value'

/** True for a CloudFormation intrinsic function object (`{"Ref": ...}`, `{"Fn::Sub": ...}`). */
function isIntrinsic(value: JsonValue | undefined): boolean {
  if (!isJsonObject(value)) return false
  const keys = Object.keys(value)
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] as string).startsWith('Fn::') || keys[0] === 'Condition')
}

/**
 * The value of an intrinsic that names the stack's own account or partition (`Ref AWS::AccountId`,
 * `Fn::Sub` over `${AWS::AccountId}` / `${AWS::Partition}` / `${AWS::URLSuffix}` only). These are not
 * guesses: the role is created in that account. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
function pseudoValue(value: JsonValue, ownAccount: string): string | undefined {
  if (!isJsonObject(value)) return undefined
  const pseudo: Record<string, string> = { 'AWS::AccountId': ownAccount, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' }
  const ref = value['Ref']
  if (typeof ref === 'string') return Object.hasOwn(pseudo, ref) ? pseudo[ref] : undefined
  const sub = value['Fn::Sub']
  if (typeof sub !== 'string') return undefined
  let unresolved = false
  const out = sub.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`
    if (Object.hasOwn(pseudo, name)) return pseudo[name] as string
    unresolved = true
    return whole
  })
  return unresolved ? undefined : out
}

/** Replaces intrinsics with {@link UNKNOWN_VALUE} (or the own account for pseudo parameters), collecting the pointers replaced. */
function replaceIntrinsics(value: JsonValue, pointer = '', unknown: Set<string> = new Set(), ownAccount?: string): { value: JsonValue; unknown: Set<string> } {
  if (isIntrinsic(value)) {
    const resolved = ownAccount === undefined ? undefined : pseudoValue(value, ownAccount)
    if (resolved !== undefined) return { value: resolved, unknown }
    unknown.add(pointer)
    return { value: UNKNOWN_VALUE, unknown }
  }
  if (isJsonArray(value)) return { value: value.map((v, i) => replaceIntrinsics(v, childPointer(pointer, i), unknown, ownAccount).value), unknown }
  if (isJsonObject(value)) {
    const out = newJsonObject()
    for (const key of Object.keys(value)) out[key] = replaceIntrinsics(value[key] as JsonValue, childPointer(pointer, key), unknown, ownAccount).value
    return { value: out, unknown }
  }
  return { value, unknown }
}

/**
 * Builds the embedded policy at `hostPointer`: an object (intrinsics become unknown values) or JSON text
 * (positions point into the string when it can be mapped, else at the string).
 */
export function embed(
  host: HostDocument,
  hostPointer: string,
  value: JsonValue,
  name: string,
  kind: PolicyKind | undefined,
  ownAccount?: string,
): EmbeddedPolicy | UnknownPolicy {
  const hostPosition = host.positionOf(hostPointer)
  const base = { name, hostPointer, ...(ownAccount !== undefined ? { ownAccount } : {}) }
  if (isIntrinsic(value)) return { ...base, ...(hostPosition !== undefined ? { position: hostPosition } : {}), why: 'the policy document is a CloudFormation intrinsic function' }
  if (typeof value === 'string') {
    const read = readPolicyInput(value)
    const span = host.stringSpan(hostPointer)
    const text = value
    return {
      ...base,
      kind: kind ?? (read.document === undefined ? 'identity' : detectKind(read.document.value)),
      input: value,
      unknownPointers: new Set(),
      locate: (pointer) => {
        const inner = read.document === undefined ? undefined : positionNear(read.document, pointer)
        if (inner !== undefined && span !== undefined && !text.trimStart().startsWith('%')) {
          const mapped = span.positionOf(offsetOf(text, inner))
          if (mapped !== undefined) return mapped
        }
        return span?.start ?? hostPosition
      },
    }
  }
  const { value: replaced, unknown } = replaceIntrinsics(value, '', new Set(), ownAccount)
  return {
    ...base,
    kind: kind ?? detectKind(replaced),
    input: replaced,
    unknownPointers: unknown,
    locate: (pointer) => {
      for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const found = host.positionOf(hostPointer + p)
        if (found !== undefined) return found
        if (p === '') return hostPosition
      }
    },
  }
}

/** True when `embed` produced a policy (not an unknown document). */
export function isEmbedded(x: EmbeddedPolicy | UnknownPolicy): x is EmbeddedPolicy {
  return 'input' in x
}
