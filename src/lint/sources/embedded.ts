/**
 * Policies found inside a host file (a template, a plan, a snapshot): where they are, how to locate a
 * policy pointer in the original file, and which of their values are unknown.
 */
import type { SourcePosition } from '../../diagnostics.js'
import { readPolicyInput } from '../../json/decodePolicyDocument.js'
import type { JsonValue } from '../../json/jsonValue.js'
import type { PolicyKind } from '../../policy/types.js'
import { detectKind, positionNear } from '../lintPolicy.js'
import type { HostDocument } from './host.js'
import { offsetOf } from './host.js'
import type { Assignment } from './variants.js'

/** Who a policy belongs to in infrastructure code. */
export interface PolicyOwner {
  /** CloudFormation logical id, Terraform address, or snapshot name. */
  readonly id: string
  /** Resource type as the source writes it: `AWS::IAM::Role`, `aws_iam_role`. */
  readonly type: string
  /** The role, user or group name, when the source says it. */
  readonly roleName?: string
  /** The inline policy's name, when it is one. */
  readonly policyName?: string
}

/** A value the reader could not resolve, with where it is. */
export interface UnresolvedNote {
  /** Policy-relative pointer of the value (`''`: the whole document). */
  readonly pointer: string
  /** What could not be resolved, as written: `Fn::ImportValue SharedArn`, `var.account_id`. */
  readonly what: string
  readonly why: string
  /** Pointer in the host file (CloudFormation) or a locator (Terraform). */
  readonly hostPointer: string
  readonly position?: SourcePosition
  /** The file, when it is not the policy's own file (Terraform modules span files). */
  readonly file?: string
}

/** The `Fn::If` branches a policy was resolved with. */
interface PolicyVariant {
  /** Same value for every variant of one policy location. */
  readonly site: string
  readonly assignments: readonly Assignment[]
  /** The assignments of every variant of the site. */
  readonly all: readonly Assignment[]
}

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
  readonly owner?: PolicyOwner
  /** Values inside the document the reader could not resolve. */
  readonly unresolved?: readonly UnresolvedNote[]
  readonly variant?: PolicyVariant
  /** The file of a policy pointer, when the document spans files (Terraform modules). */
  fileOf?(pointer: string): string | undefined
}

/** A place where a policy could not be read because its value is unknown. */
export interface UnknownPolicy {
  readonly name: string
  readonly hostPointer: string
  readonly position?: SourcePosition
  readonly why: string
  readonly owner?: PolicyOwner
  /** The file, when it is not the input's own file. */
  readonly file?: string
  /** The values that kept the document from being read. */
  readonly unresolved?: readonly UnresolvedNote[]
}

/**
 * Builds the embedded policy at `hostPointer` of a file without intrinsic functions (snapshot, plan, or a
 * template string written out): an object, or JSON text (positions point into the string when it can be
 * mapped, else at the string).
 */
export function embed(
  host: HostDocument,
  hostPointer: string,
  value: JsonValue,
  name: string,
  kind: PolicyKind | undefined,
  ownAccount?: string,
): EmbeddedPolicy {
  const hostPosition = host.positionOf(hostPointer)
  const base = { name, hostPointer, ...(ownAccount !== undefined ? { ownAccount } : {}) }
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
  return {
    ...base,
    kind: kind ?? detectKind(value),
    input: value,
    unknownPointers: new Set(),
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
