/**
 * YAML host documents (CloudFormation templates), read with the `yaml` package's AST and `LineCounter`.
 * CloudFormation short-form tags (`!Ref`, `!Sub`, `!GetAtt`...) become their long form (`{"Fn::Sub": ...}`)
 * so that the template extractor treats them like JSON intrinsics. Plain numbers keep their written text
 * (an account id such as `012345678901` must not lose its leading zero).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { childPointer, exceptionDiagnostic, type SourcePosition } from '../../diagnostics.js'
import { newJsonObject, type JsonValue } from '../../json/jsonValue.js'
import type { HostDocument, StringSpan } from './host.js'

/** A YAML problem with its position. */
export interface YamlProblem {
  readonly message: string
  readonly position?: SourcePosition
}

const MAX_DEPTH = 256

/** Reads YAML text as a host document, or returns the parse errors. */
export function readYamlHost(text: string): { document?: HostDocument; problems: readonly YamlProblem[] } {
  const lineCounter = new LineCounter()
  let doc: Document
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: false })
  } catch (caught) {
    // The parser reports bad YAML as errors, not exceptions: an exception is resource exhaustion or a fault.
    return { problems: [{ message: exceptionDiagnostic(caught, '', 'reading the YAML text').message }] }
  }
  const pos = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset)
    return { line: p.line, column: p.col }
  }
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? 'invalid YAML', position: pos(e.pos[0]) })) }
  }
  const positions = new Map<string, number>()
  const scalars = new Map<string, Node>()
  const value = convert(doc, doc.contents as Node | null, '', positions, scalars, 0)
  const document: HostDocument = {
    value,
    positionOf: (pointer) => {
      const offset = positions.get(pointer)
      return offset === undefined ? undefined : pos(offset)
    },
    stringSpan: (pointer) => {
      const node = scalars.get(pointer)
      return node === undefined ? undefined : scalarSpan(text, node, pos)
    },
  }
  return { document, problems: [] }
}

function intrinsicName(tag: string): string {
  const name = tag.slice(1)
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`
}

function convert(doc: Document, node: Node | null, pointer: string, positions: Map<string, number>, scalars: Map<string, Node>, depth: number): JsonValue {
  if (node === null || depth > MAX_DEPTH) return null
  if (!positions.has(pointer) && node.range !== undefined && node.range !== null) positions.set(pointer, node.range[0])
  const tag = node.tag
  if (tag !== undefined && tag.startsWith('!') && !tag.startsWith('!!')) {
    // A CloudFormation short form: keep it as its long form so it is recognised as an intrinsic.
    const name = intrinsicName(tag)
    const inner = newJsonObject()
    const child = childPointer(pointer, name)
    if (node.range !== undefined && node.range !== null) positions.set(child, node.range[0])
    inner[name] = convertUntagged(doc, node, child, positions, scalars, depth + 1)
    return inner
  }
  return convertUntagged(doc, node, pointer, positions, scalars, depth)
}

function convertUntagged(doc: Document, node: Node, pointer: string, positions: Map<string, number>, scalars: Map<string, Node>, depth: number): JsonValue {
  if (isAlias(node)) return convert(doc, (node.resolve(doc) ?? null) as Node | null, pointer, positions, scalars, depth + 1)
  if (isMap(node)) {
    const out = newJsonObject()
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode)
      const child = childPointer(pointer, key)
      if (keyNode !== null && keyNode.range !== undefined && keyNode.range !== null) positions.set(child, keyNode.range[0])
      out[key] = convert(doc, pair.value as Node | null, child, positions, scalars, depth + 1)
    }
    return out
  }
  if (isSeq(node)) return node.items.map((item, i) => convert(doc, item as Node | null, childPointer(pointer, i), positions, scalars, depth + 1))
  if (isScalar(node)) {
    const v = node.value
    if (typeof v === 'string') {
      scalars.set(pointer, node)
      return v
    }
    if (typeof v === 'number' || typeof v === 'bigint') return node.source ?? String(v)
    if (typeof v === 'boolean') return v
    return null
  }
  return null
}

/** Position mapping into a scalar: exact for block literals (`|`) and unescaped quoted or plain one-line strings. */
function scalarSpan(text: string, node: Node, pos: (offset: number) => SourcePosition): StringSpan | undefined {
  if (!isScalar(node) || node.range === undefined || node.range === null) return undefined
  const [start, end] = node.range
  const value = String(node.value)
  const startPos = pos(start)
  if (node.type === 'BLOCK_LITERAL') {
    const headerEnd = text.indexOf('\n', start)
    if (headerEnd < 0) return { start: startPos, positionOf: () => undefined }
    const body = text.slice(headerEnd + 1, end)
    const firstLine = body.split('\n').find((l) => l.trim() !== '') ?? ''
    const indent = firstLine.length - firstLine.trimStart().length
    const headerLine = pos(headerEnd).line
    return {
      start: startPos,
      positionOf: (index) => {
        const before = value.slice(0, index)
        const line = before.split('\n').length - 1
        const column = index - (before.lastIndexOf('\n') + 1)
        return { line: headerLine + 1 + line, column: indent + column + 1 }
      },
    }
  }
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'
  const rawStart = quoted ? start + 1 : start
  if (text.slice(rawStart, rawStart + value.length) === value) return { start: startPos, positionOf: (index) => pos(rawStart + index) }
  return { start: startPos, positionOf: () => undefined }
}
