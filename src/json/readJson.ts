/**
 * A hand-written JSON reader for untrusted policy text (RFC 8259).
 *
 * Why not `JSON.parse`: it hides duplicate keys (IAM forbids them,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html), gives no positions,
 * and builds ordinary objects. This reader builds null-prototype objects, reports every duplicate key,
 * records where every node starts (per container, see nodeSpans.ts), and keeps numbers as written.
 *
 * INVARIANT: the reader is iterative (an explicit stack), so nesting depth is bounded by `maxDepth`
 * and never by the JavaScript call stack; every loop advances through the text, so time is linear.
 */
import { addWork } from '../work.js'
import { childPointer, diagnostic, type Diagnostic } from '../diagnostics.js'
import { err, ok, type Result } from '../result.js'
import { createLineIndex } from './lineIndex.js'
import { NodeSpans } from './nodeSpans.js'
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LENGTH,
  newJsonObject,
  type JsonDocument,
  type JsonReadOptions,
  type JsonValue,
} from './jsonValue.js'

/** What reading produced: a document when the text could be read, and every problem found. */
export interface JsonReadOutcome {
  /** Present unless a fatal problem (syntax, depth, length) stopped the reader. */
  readonly document?: JsonDocument
  /** Duplicate keys are reported here without stopping the reader. */
  readonly diagnostics: readonly Diagnostic[]
}

/**
 * Reads JSON text into a {@link JsonDocument}. Fails with `json.syntax`, `json.duplicate-key`,
 * `json.too-deep` or `json.too-large`; never throws. A leading UTF-8 byte-order mark is accepted.
 *
 * @example
 * const r = parseJsonText('{"Version": "2012-10-17"}')
 * if (r.ok) r.value.positionOf('/Version') // { line: 1, column: 2 }
 */
export function parseJsonText(text: string, options: JsonReadOptions = {}): Result<JsonDocument, Diagnostic> {
  const outcome = readJsonText(text, options)
  const [first, ...rest] = outcome.diagnostics
  if (first !== undefined) return err(first, ...rest)
  if (outcome.document === undefined) return err(diagnostic('json.syntax', '', 'the text could not be read'))
  return ok(outcome.document)
}

/** Like {@link parseJsonText} but keeps the document when the only problems are duplicate keys. */
export function readJsonText(text: string, options: JsonReadOptions = {}): JsonReadOutcome {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH
  if (typeof text !== 'string') {
    return { diagnostics: [diagnostic('json.syntax', '', 'the input is not text')] }
  }
  if (text.length > maxLength) {
    return {
      diagnostics: [
        diagnostic('json.too-large', '', `the text has ${text.length} characters, more than the limit of ${maxLength}`),
      ],
    }
  }
  return new Reader(text, options.maxDepth ?? DEFAULT_MAX_DEPTH).read()
}

interface ArrayFrame {
  readonly array: true
  readonly items: JsonValue[]
  /** Where each item starts. */
  readonly offsets: number[]
  numbers: (string | undefined)[] | undefined
}
interface ObjectFrame {
  readonly array: false
  readonly members: Record<string, JsonValue>
  /** Where each member's key starts (its last occurrence). */
  readonly offsets: Record<string, number>
  numbers: Record<string, string> | undefined
  key: string
}
type Frame = ArrayFrame | ObjectFrame

/** Thrown only inside this module to unwind the reader; converted to a diagnostic in `read`. */
class Stop {
  constructor(readonly diagnostic: Diagnostic) {}
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57

/** Strings up to this length are shared between their occurrences (see `readString`). */
const MAX_SHARED_LENGTH = 32

/** User text for a message: backticked, shortened, control characters escaped so it stays on one line. */
function shown(text: string): string {
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text
  return `\`${short.replace(/`/g, "'").replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\``
}

class Reader {
  private i: number
  private readonly start: number
  /**
   * PERF: positions and number texts are kept per container (see {@link NodeSpans}) rather than per
   * JSON pointer: no pointer string is built or hashed for a node unless a diagnostic needs it.
   */
  private readonly spans = new NodeSpans()
  private readonly stack: Frame[] = []
  /** The text of the number read last, attached to its parent with the value. */
  private numberText: string | undefined
  private readonly problems: Diagnostic[] = []
  private readonly toPosition: ReturnType<typeof createLineIndex>
  /** Short strings read so far, by length and first and last character (one per slot; a miss is only a copy). */
  private readonly shared = new Map<number, string>()
  /** Whether a key or string value holds a character outside IAM's set (TAB, LF, CR, U+0020–U+00FF). */
  private outsideIamRange = false

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.start = text.charCodeAt(0) === 0xfeff ? 1 : 0
    this.i = this.start
    this.toPosition = createLineIndex(text, this.start)
  }

  read(): JsonReadOutcome {
    let value: JsonValue
    try {
      value = this.readDocument()
    } catch (caught) {
      // INVARIANT: only Stop is thrown by this class; anything else (e.g. out of memory) is re-thrown.
      if (caught instanceof Stop) return { diagnostics: [...this.problems, caught.diagnostic] }
      throw caught
    } finally {
      // INVARIANT: the reader only moves forward, so the characters it read are where it stopped.
      addWork('jsonChars', this.i - this.start)
    }
    return { document: this.spans.document(value, this.toPosition, this.outsideIamRange), diagnostics: this.problems }
  }

  /**
   * The JSON pointer of the node `depth` frames down the stack: built only for a diagnostic. With
   * `depth` = the stack's height it is the value being read; one less, the innermost container.
   */
  private pointerAt(depth: number): string {
    let pointer = ''
    for (let d = 0; d < depth; d++) {
      const frame = this.stack[d] as Frame
      pointer = childPointer(pointer, frame.array ? frame.items.length : frame.key)
    }
    return pointer
  }

  /** The pointer of the value being read. */
  private here(): string {
    return this.pointerAt(this.stack.length)
  }

  /** The pointer of the innermost open container. */
  private container(): string {
    return this.pointerAt(this.stack.length - 1)
  }

  private fail(pointer: string, message: string, offset = this.i): never {
    throw new Stop(diagnostic('json.syntax', pointer, message, { position: this.toPosition(offset) }))
  }

  private describeHere(): string {
    if (this.i >= this.text.length) return 'the end of the text'
    const ch = this.text.charAt(this.i)
    const code = ch.charCodeAt(0)
    return code < 0x20 || code > 0x7e ? `character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `\`${ch}\``
  }

  private skipWhitespace(): void {
    const { text } = this
    // PERF: a local index (indented text is mostly whitespace); the field is written once.
    let i = this.i
    for (;;) {
      const c = text.charCodeAt(i)
      if (c === 32 || c === 10 || c === 13 || c === 9) i++
      else break
    }
    this.i = i
  }

  private readDocument(): JsonValue {
    const { stack } = this
    this.skipWhitespace()
    const rootOffset = this.i
    for (;;) {
      // Read one value; its position was recorded by its parent (or is `rootOffset`).
      this.skipWhitespace()
      const at = this.i
      const c = this.text.charCodeAt(at)
      let value: JsonValue
      if (c === 123 /* { */ || c === 91 /* [ */) {
        if (stack.length >= this.maxDepth) {
          throw new Stop(
            diagnostic('json.too-deep', this.here(), `the document nests deeper than ${this.maxDepth} levels`, {
              position: this.toPosition(at),
            }),
          )
        }
        this.i++
        this.skipWhitespace()
        if (c === 123) {
          const members = newJsonObject()
          if (this.text.charCodeAt(this.i) === 125 /* } */) {
            this.i++
            value = members
          } else {
            const frame: ObjectFrame = { array: false, members, offsets: Object.create(null) as Record<string, number>, numbers: undefined, key: '' }
            stack.push(frame)
            this.readKey(frame)
            continue
          }
        } else {
          const items: JsonValue[] = []
          if (this.text.charCodeAt(this.i) === 93 /* ] */) {
            this.i++
            value = items
          } else {
            this.skipWhitespace()
            stack.push({ array: true, items, offsets: [this.i], numbers: undefined })
            continue
          }
        }
      } else {
        value = this.readScalar()
      }
      // Attach the value to its parent, closing every container that ends here.
      for (;;) {
        const top = stack[stack.length - 1]
        if (top === undefined) {
          this.skipWhitespace()
          if (this.i < this.text.length) this.fail('', `unexpected ${this.describeHere()} after the document`)
          this.spans.setRoot(rootOffset, typeof value === 'number' ? this.numberText : undefined)
          return value
        }
        if (top.array) {
          if (typeof value === 'number') (top.numbers ??= [])[top.items.length] = this.numberText
          top.items.push(value)
        } else {
          if (typeof value === 'number') (top.numbers ??= Object.create(null) as Record<string, string>)[top.key] = this.numberText as string
          top.members[top.key] = value
        }
        this.skipWhitespace()
        const next = this.text.charCodeAt(this.i)
        if (next === 44 /* , */) {
          this.i++
          if (top.array) {
            this.skipWhitespace()
            top.offsets.push(this.i)
          } else this.readKey(top)
          break
        }
        if (next === (top.array ? 93 : 125)) {
          this.i++
          stack.pop()
          value = top.array ? top.items : top.members
          this.spans.set(value, top)
          continue
        }
        this.fail(this.container(), `expected \`,\` or \`${top.array ? ']' : '}'}\` but found ${this.describeHere()}`)
      }
    }
  }

  /** Reads `"key" :` into the frame; reports a repeated key without stopping. */
  private readKey(frame: ObjectFrame): void {
    this.skipWhitespace()
    const at = this.i
    if (this.text.charCodeAt(at) !== 34) this.fail(this.container(), `expected a quoted key but found ${this.describeHere()}`)
    const key = this.readString(true)
    frame.key = key
    if (Object.hasOwn(frame.members, key)) {
      this.problems.push(
        diagnostic('json.duplicate-key', this.here(), `the key ${shown(key)} appears more than once in this object`, {
          position: this.toPosition(at),
        }),
      )
    }
    // The member's position is its key; a repeated key moves it to the last occurrence, whose value is kept.
    frame.offsets[key] = at
    this.skipWhitespace()
    if (this.text.charCodeAt(this.i) !== 58 /* : */) this.fail(this.here(), `expected \`:\` after a key but found ${this.describeHere()}`)
    this.i++
  }

  private readScalar(): JsonValue {
    const { text } = this
    const c = text.charCodeAt(this.i)
    if (c === 34) return this.readString(false)
    if (c === 45 /* - */ || isDigit(c)) return this.readNumber()
    if (c === 116 /* t */ && text.startsWith('true', this.i)) {
      this.i += 4
      return true
    }
    if (c === 102 /* f */ && text.startsWith('false', this.i)) {
      this.i += 5
      return false
    }
    if (c === 110 /* n */ && text.startsWith('null', this.i)) {
      this.i += 4
      return null
    }
    return this.fail(this.here(), `expected a value but found ${this.describeHere()}`)
  }

  private readNumber(): number {
    const { text } = this
    const begin = this.i
    if (text.charCodeAt(this.i) === 45) this.i++
    const first = text.charCodeAt(this.i)
    if (first === 48) this.i++
    else if (isDigit(first)) while (isDigit(text.charCodeAt(this.i))) this.i++
    else this.fail(this.here(), 'a number needs digits after `-`')
    if (text.charCodeAt(this.i) === 46 /* . */) {
      this.i++
      if (!isDigit(text.charCodeAt(this.i))) this.fail(this.here(), 'a number needs digits after `.`')
      while (isDigit(text.charCodeAt(this.i))) this.i++
    }
    const e = text.charCodeAt(this.i)
    if (e === 101 || e === 69) {
      this.i++
      const sign = text.charCodeAt(this.i)
      if (sign === 43 || sign === 45) this.i++
      if (!isDigit(text.charCodeAt(this.i))) this.fail(this.here(), 'a number needs digits in its exponent')
      while (isDigit(text.charCodeAt(this.i))) this.i++
    }
    const raw = text.slice(begin, this.i)
    this.numberText = raw
    return Number(raw)
  }

  /** The pointer a problem inside a string is reported at: the object for a key, else the value. */
  private stringPointer(isKey: boolean): string {
    return isKey ? this.container() : this.here()
  }

  /** Reads a string starting at the opening quote; control characters must be escaped (RFC 8259 §7). */
  private readString(isKey: boolean): string {
    const { text } = this
    const begin = this.i
    this.i++
    // PERF: most strings have no escape. Scan to the closing quote; a short one seen before (keys such
    // as `Effect`, values such as `Allow`) is reused instead of copied, so it is allocated and hashed once.
    for (let j = this.i; j < text.length; j++) {
      const c = text.charCodeAt(j)
      if (c === 34) {
        const length = j - this.i
        this.i = j + 1
        if (length > MAX_SHARED_LENGTH) return text.slice(begin + 1, j)
        const slot = (length << 16) | (text.charCodeAt(begin + 1) << 8) | (text.charCodeAt(j - 1) & 0xff)
        const seen = this.shared.get(slot)
        if (seen !== undefined && seen.length === length && text.startsWith(seen, begin + 1)) return seen
        const fresh = text.slice(begin + 1, j)
        this.shared.set(slot, fresh)
        return fresh
      }
      if (c === 92 || c < 0x20) break
      if (c > 0xff) this.outsideIamRange = true
    }
    let out = ''
    let chunk = this.i
    for (;;) {
      if (this.i >= text.length) this.fail(this.stringPointer(isKey), 'a string is not closed', begin)
      const c = text.charCodeAt(this.i)
      if (c === 34) {
        out += text.slice(chunk, this.i)
        this.i++
        return out
      }
      if (c === 92 /* \ */) {
        out += text.slice(chunk, this.i)
        const decoded = this.readEscape(isKey)
        const d = decoded.charCodeAt(0)
        if ((d < 0x20 && d !== 9 && d !== 10 && d !== 13) || d > 0xff) this.outsideIamRange = true
        out += decoded
        chunk = this.i
        continue
      }
      if (c < 0x20) this.fail(this.stringPointer(isKey), `a string holds an unescaped control character U+${c.toString(16).padStart(4, '0')}`)
      if (c > 0xff) this.outsideIamRange = true
      this.i++
    }
  }

  private readEscape(isKey: boolean): string {
    const { text } = this
    const c = text.charAt(this.i + 1)
    this.i += 2
    switch (c) {
      case '"':
        return '"'
      case '\\':
        return '\\'
      case '/':
        return '/'
      case 'b':
        return '\b'
      case 'f':
        return '\f'
      case 'n':
        return '\n'
      case 'r':
        return '\r'
      case 't':
        return '\t'
      case 'u': {
        const hex = text.slice(this.i, this.i + 4)
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(this.stringPointer(isKey), `\`\\u${hex}\` is not a valid unicode escape`, this.i - 2)
        this.i += 4
        return String.fromCharCode(parseInt(hex, 16))
      }
      default:
        return this.fail(this.stringPointer(isKey), `\`\\${c}\` is not a valid escape`, this.i - 2)
    }
  }
}
