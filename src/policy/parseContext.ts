/**
 * The state shared while turning one JSON document into a {@link Policy}: where diagnostics go, how to
 * locate a node in the source text, and how scalars read as strings.
 *
 * PERF: nodes are located by their parent container and key (or index), which the parser holds as it
 * walks; the JSON pointer a node carries is never looked up, only a diagnostic's is.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode, type SourcePosition } from '../diagnostics.js'
import type { JsonContainer, JsonDocument, JsonValue } from '../json/jsonValue.js'
import type { Located, PolicyKind, StringNode } from './types.js'

/** Collects diagnostics for one document; never throws. */
export class ParseContext {
  readonly diagnostics: Diagnostic[] = []

  constructor(
    readonly document: JsonDocument,
    readonly kind: PolicyKind,
    readonly file: string | undefined,
  ) {}

  /** True once `Version` is known to be 2012-10-17 (set by the policy parser before statements are read). */
  variablesEnabled = false

  /** Records a diagnostic at `pointer`, with the source position when the document came from text. */
  report(code: DiagnosticCode, pointer: string, message: string, help?: string): void {
    const position = this.document.positionOf(pointer)
    const extra: { position?: typeof position; help?: string; file?: string } = {}
    if (position !== undefined) extra.position = position
    if (help !== undefined) extra.help = help
    if (this.file !== undefined) extra.file = this.file
    this.diagnostics.push(diagnostic(code, pointer, message, extra))
  }

  /** Where the member `key` (or item) of `parent` starts, when the document came from text. */
  positionAt(parent: JsonContainer, key: string | number): SourcePosition | undefined {
    return this.document.positionAt(parent, key)
  }

  /** The location fields of the node at `pointer`, the member `key` (or item) of `parent`. */
  located(pointer: string, parent: JsonContainer, key: string | number): Located {
    const position = this.document.positionAt(parent, key)
    return position === undefined ? { pointer } : { pointer, position }
  }

  /**
   * The string form of a scalar, the member `key` (or item) of `parent`, as IAM reads unquoted numbers
   * and booleans (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html):
   * numbers as written in the text when known. Undefined for null, arrays and objects.
   */
  scalarText(value: JsonValue | undefined, parent: JsonContainer, key: string | number): string | undefined {
    if (typeof value === 'string') return value
    if (typeof value === 'boolean') return value ? 'true' : 'false'
    if (typeof value === 'number') return this.document.numberTextAt(parent, key) ?? String(value)
    return undefined
  }

  /** A string node for the scalar at `pointer`, the member `key` (or item) of `parent`. */
  stringNode(value: string, pointer: string, parent: JsonContainer, key: string | number): StringNode {
    const position = this.document.positionAt(parent, key)
    return position === undefined ? { pointer, value } : { pointer, position, value }
  }
}

/** Quotes user text for a message, shortened so a huge value cannot flood the output. */
export function quote(text: string): string {
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text
  // Control characters are escaped so a message stays on one line.
  const safe = short.replace(/`/g, "'").replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `\`${safe}\``
}
