/**
 * Where each node of a read JSON document starts, and the text of each number, kept per container
 * (the parent array or object) instead of per JSON pointer. The policy parser asks by node (parent
 * and key) while it walks the value; a JSON pointer is resolved by walking the value only when asked.
 */
import type { SourcePosition } from '../diagnostics.js'
import { locateByPointer, type JsonContainer, type JsonDocument, type JsonValue } from './jsonValue.js'

/** One container's side table: start offsets (of keys, for objects) and number texts by key or index. */
interface Span {
  readonly array: boolean
  readonly offsets: Record<string, number> | readonly number[]
  readonly numbers: Record<string, string> | readonly (string | undefined)[] | undefined
}

/** Collects the containers' spans while reading; then answers as a {@link JsonDocument}. */
export class NodeSpans {
  // Keyed by the container itself: no string key, and nothing added to the value. A Map, not a WeakMap
  // (reads are cheaper): the document holds every container through its value anyway.
  private readonly byContainer = new Map<JsonContainer, Span>()
  private rootOffset = 0
  private rootNumber: string | undefined

  /** Records a closed container's table. */
  set(container: JsonContainer, span: Span): void {
    this.byContainer.set(container, span)
  }

  /** Records where the root value starts and, for a number, its text. */
  setRoot(offset: number, numberText: string | undefined): void {
    this.rootOffset = offset
    this.rootNumber = numberText
  }

  private offsetAt(parent: JsonContainer, key: string | number): number | undefined {
    const span = this.byContainer.get(parent)
    if (span === undefined) return undefined
    if (span.array) return typeof key === 'number' ? (span.offsets as readonly number[])[key] : undefined
    // An object key that looks like an index is still a key.
    const k = String(key)
    return Object.hasOwn(span.offsets, k) ? (span.offsets as Record<string, number>)[k] : undefined
  }

  private numberAt(parent: JsonContainer, key: string | number): string | undefined {
    const numbers = this.byContainer.get(parent)?.numbers
    if (numbers === undefined) return undefined
    if (Array.isArray(numbers)) return typeof key === 'number' ? (numbers as readonly (string | undefined)[])[key] : undefined
    const k = String(key)
    return Object.hasOwn(numbers, k) ? (numbers as Record<string, string>)[k] : undefined
  }

  /** The document over `value`, converting offsets with `toPosition` when a position is asked for. */
  document(value: JsonValue, toPosition: (offset: number) => SourcePosition, outsideIamRange: boolean): JsonDocument {
    const positionAt = (parent: JsonContainer, key: string | number): SourcePosition | undefined => {
      const offset = this.offsetAt(parent, key)
      return offset === undefined ? undefined : toPosition(offset)
    }
    const numberTextAt = (parent: JsonContainer, key: string | number): string | undefined => this.numberAt(parent, key)
    return {
      value,
      positionAt,
      numberTextAt,
      positionOf: (pointer) => locateByPointer(value, pointer, positionAt, () => toPosition(this.rootOffset)),
      numberTextOf: (pointer) => locateByPointer(value, pointer, numberTextAt, () => this.rootNumber),
      outsideIamRange,
    }
  }
}
