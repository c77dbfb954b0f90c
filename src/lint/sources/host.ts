/**
 * A host document: a file (JSON or YAML) read into the JSON value model with positions, able to map a
 * position inside an embedded string (a policy written as JSON text) back to the original file.
 */
import { createLineIndex } from '../../json/lineIndex.js'
import type { SourcePosition } from '../../diagnostics.js'
import type { JsonValue } from '../../json/jsonValue.js'

/** Maps a character index of a decoded string scalar to a position in the host file. */
export interface StringSpan {
  /** Position in the host of decoded character `index` (0-based), or undefined when it cannot be mapped. */
  positionOf(index: number): SourcePosition | undefined
  /** Position of the scalar itself. */
  readonly start: SourcePosition
}

/** A file read with positions. */
export interface HostDocument {
  readonly value: JsonValue
  /** Start of the node at `pointer` (an object member starts at its key). */
  positionOf(pointer: string): SourcePosition | undefined
  /** The span of the string scalar at `pointer`, when it is one. */
  stringSpan(pointer: string): StringSpan | undefined
}

/** Converts offsets to 1-based positions for a text (line starts computed once). */
export function lineStarts(text: string): (offset: number) => SourcePosition {
  return createLineIndex(text, 0)
}

/** The inverse: 1-based position → offset. */
export function offsetOf(text: string, position: SourcePosition): number {
  let line = 1
  let i = 0
  while (line < position.line && i < text.length) {
    const c = text.charCodeAt(i)
    i++
    if (c === 10 || (c === 13 && text.charCodeAt(i) !== 10)) line++
  }
  return i + position.column - 1
}
