/**
 * JSON host documents, read with iamtrace's JSON reader. String scalars map decoded characters back to the
 * raw text, escapes included, so a finding inside an embedded policy points into the string.
 */
import type { Diagnostic } from '../../diagnostics.js'
import { readJsonText } from '../../json/readJson.js'
import type { HostDocument, StringSpan } from './host.js'
import { lineStarts, offsetOf } from './host.js'

/** Reads JSON text as a host document, or returns the reader's diagnostics. */
export function readJsonHost(text: string): { document?: HostDocument; diagnostics: readonly Diagnostic[] } {
  const read = readJsonText(text, { maxLength: 64 * 1024 * 1024, maxDepth: 256 })
  if (read.document === undefined) return { diagnostics: read.diagnostics }
  const doc = read.document
  const toPosition = lineStarts(text)
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const document: HostDocument = {
    value: doc.value,
    positionOf: (pointer) => doc.positionOf(pointer),
    stringSpan: (pointer) => {
      const at = doc.positionOf(pointer)
      if (at === undefined) return undefined
      let i = offsetOf(text.slice(bom), at) + bom
      // A member's position is its key: skip `"key"` and `:` to reach the value.
      if (pointer !== '' && text.charAt(i) === '"' && isMemberPointer(doc.value, pointer)) {
        i = skipString(text, i)
        while (/[\s:]/.test(text.charAt(i))) i++
      }
      if (text.charAt(i) !== '"') return undefined
      return stringSpanAt(text, i, toPosition)
    },
  }
  return { document, diagnostics: read.diagnostics }
}

function isMemberPointer(root: unknown, pointer: string): boolean {
  // The parent of the pointer is an object when the last token is not an array index of an array parent.
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
  let node: unknown = root
  for (let k = 0; k < tokens.length - 1; k++) {
    if (node === null || typeof node !== 'object') return false
    node = (node as Record<string, unknown>)[tokens[k] as string]
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node)
}

function skipString(text: string, quote: number): number {
  let i = quote + 1
  while (i < text.length && text.charAt(i) !== '"') i += text.charAt(i) === '\\' ? 2 : 1
  return i + 1
}

/** Maps each decoded character of the string starting at `quote` to its raw offset. */
function stringSpanAt(text: string, quote: number, toPosition: (offset: number) => { line: number; column: number }): StringSpan {
  const raw: number[] = []
  let i = quote + 1
  while (i < text.length && text.charAt(i) !== '"') {
    raw.push(i)
    if (text.charAt(i) === '\\') i += text.charAt(i + 1) === 'u' ? 6 : 2
    else i++
  }
  return {
    start: toPosition(quote),
    positionOf: (index) => {
      const offset = raw[index]
      return offset === undefined ? undefined : toPosition(offset)
    },
  }
}
