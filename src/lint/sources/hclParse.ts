/**
 * A parser for HCL native syntax (Terraform `.tf` files) into iamtrace's HCL syntax tree, with the offset
 * of every node. Written for iamtrace: the maintained JavaScript options either lose positions (the
 * WASM builds of HashiCorp's hcl2json) or mis-read common Terraform (a Lezer grammar that splits
 * `{ a = f(1) }` into two object elements). Linear time, nesting depth bounded.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 */
import type { HclBlock, HclBody, HclExpression, HclObjectItem, HclParseResult, HclTemplatePart, HclTraversalStep } from './hclSyntax.js'

const MAX_DEPTH = 200

/** Raised inside the parser only; {@link parseHcl} turns it into an error value. */
class SyntaxStop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Binary operators by precedence, lowest first; longer operators before their prefixes. */
const BINARY: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']]

/**
 * Parses HCL native syntax text. Never throws: a syntax error is returned with its offset.
 *
 * @example
 * const r = parseHcl('resource "aws_iam_role" "r" {\n  name = "deploy"\n}\n')
 * if (r.ok) r.body.blocks[0]?.labels // ['aws_iam_role', 'r']
 */
export function parseHcl(text: string): HclParseResult {
  const p = new Parser(text)
  try {
    const body = p.body(false)
    p.skip(true)
    if (!p.atEnd()) p.fail('unexpected text after the last block')
    return { ok: true, body }
  } catch (e) {
    if (e instanceof SyntaxStop) return { ok: false, errors: [{ offset: e.offset, message: e.message }] }
    return { ok: false, errors: [{ offset: 0, message: 'the file could not be read' }] }
  }
}

class Parser {
  i = 0
  private depth = 0

  constructor(private readonly t: string) {}

  atEnd(): boolean {
    return this.i >= this.t.length
  }

  fail(message: string, at = this.i): never {
    throw new SyntaxStop(at, message)
  }

  private peek(s: string): boolean {
    return this.t.startsWith(s, this.i)
  }

  private eat(s: string): boolean {
    if (!this.peek(s)) return false
    this.i += s.length
    return true
  }

  private expect(s: string): void {
    if (!this.eat(s)) this.fail(`expected \`${s}\``)
  }

  /** Skips spaces and comments, and newlines when `newlines`. */
  skip(newlines: boolean): void {
    const t = this.t
    for (;;) {
      const c = t.charAt(this.i)
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.i++
      else if (c === '#' || (c === '/' && t.charAt(this.i + 1) === '/')) {
        while (this.i < t.length && t.charAt(this.i) !== '\n') this.i++
      } else if (c === '/' && t.charAt(this.i + 1) === '*') {
        const end = t.indexOf('*/', this.i + 2)
        if (end < 0) this.fail('unterminated comment')
        // A block comment spanning lines ends a line like a newline does; only skip it where newlines are.
        if (!newlines && t.slice(this.i, end).includes('\n')) return
        this.i = end + 2
      } else return
    }
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.t.slice(this.i, this.i + 256))
    if (m === null) this.fail('expected a name')
    this.i += m[0].length
    return m[0]
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`)
  }

  /** Attributes and blocks until `}` (when `nested`) or the end. */
  body(nested: boolean): HclBody {
    const attributes: { name: string; value: HclExpression; from: number; to: number }[] = []
    const blocks: HclBlock[] = []
    for (;;) {
      this.skip(true)
      if (this.atEnd() || (nested && this.peek('}'))) return { attributes, blocks }
      const from = this.i
      const name = this.identifier()
      this.skip(false)
      if (this.peek('=') && !this.peek('==')) {
        this.i++
        this.skip(false)
        const value = this.expression(false)
        attributes.push({ name, value, from, to: this.i })
        this.endOfLine()
        continue
      }
      const labels: string[] = []
      while (!this.peek('{')) {
        if (this.peek('"')) {
          const s = this.quoted()
          labels.push(s.kind === 'template' ? s.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') : '')
        } else labels.push(this.identifier())
        this.skip(false)
      }
      this.i++
      this.enter()
      const body = this.body(true)
      this.depth--
      this.expect('}')
      blocks.push({ type: name, labels, body, from, to: this.i })
      this.endOfLine()
    }
  }

  private endOfLine(): void {
    this.skip(false)
    if (this.atEnd() || this.eat('\n') || this.peek('}')) return
    this.fail('expected a new line after the attribute or block')
  }

  /** An expression; `nl` when newlines are insignificant here (inside brackets or parentheses). */
  expression(nl: boolean): HclExpression {
    this.enter()
    const from = this.i
    const condition = this.binary(0, nl)
    this.skip(nl)
    let out = condition
    if (this.peek('?')) {
      this.i++
      this.skip(true)
      const then = this.expression(true)
      this.skip(true)
      this.expect(':')
      this.skip(true)
      const otherwise = this.expression(nl)
      out = { kind: 'conditional', condition, then, otherwise, from, to: this.i }
    }
    this.depth--
    return out
  }

  private binary(level: number, nl: boolean): HclExpression {
    const ops = BINARY[level]
    if (ops === undefined) return this.unary(nl)
    const from = this.i
    let left = this.binary(level + 1, nl)
    for (;;) {
      const save = this.i
      this.skip(nl)
      const op = ops.find((o) => this.peek(o))
      if (op === undefined) {
        this.i = save
        return left
      }
      this.i += op.length
      this.skip(true)
      const right = this.binary(level + 1, nl)
      left = { kind: 'binary', op, left, right, from, to: this.i }
    }
  }

  private unary(nl: boolean): HclExpression {
    const from = this.i
    if (this.peek('!') || (this.peek('-') && !this.peek('->'))) {
      const op = this.t.charAt(this.i)
      this.i++
      this.skip(nl)
      this.enter()
      const operand = this.unary(nl)
      this.depth--
      return { kind: 'unary', op, operand, from, to: this.i }
    }
    return this.postfix(this.primary(), nl)
  }

  /** Traversals after a primary: `.name`, `.0`, `[key]`, `.*`, `[*]`. */
  private postfix(start: HclExpression, nl: boolean): HclExpression {
    let e = start
    for (;;) {
      const save = this.i
      this.skip(nl)
      if (this.peek('.*') || this.peek('[*]')) {
        this.i += this.peek('.*') ? 2 : 3
        const rest: HclTraversalStep[] = []
        for (;;) {
          const s = this.step(nl)
          if (s === undefined) break
          rest.push(s)
        }
        return { kind: 'splat', target: e, rest, from: start.from, to: this.i }
      }
      this.i = save
      const s = this.step(nl)
      if (s === undefined) return e
      e = s.kind === 'getattr' ? { kind: 'getattr', target: e, name: s.name, from: start.from, to: this.i } : { kind: 'index', target: e, key: s.key, from: start.from, to: this.i }
    }
  }

  private step(nl: boolean): HclTraversalStep | undefined {
    const save = this.i
    this.skip(nl)
    if (this.peek('.') && !this.peek('...') && !this.peek('.*')) {
      this.i++
      const digits = /^[0-9]+/.exec(this.t.slice(this.i, this.i + 20))
      if (digits !== null) {
        const from = this.i
        this.i += digits[0].length
        return { kind: 'index', key: { kind: 'literal', value: Number(digits[0]), from, to: this.i } }
      }
      return { kind: 'getattr', name: this.identifier() }
    }
    if (this.peek('[') && !this.peek('[*]')) {
      this.i++
      this.skip(true)
      const key = this.expression(true)
      this.skip(true)
      this.expect(']')
      return { kind: 'index', key }
    }
    this.i = save
    return undefined
  }

  private primary(): HclExpression {
    const from = this.i
    const c = this.t.charAt(this.i)
    if (c === '"') return this.quoted()
    if (this.peek('<<')) return this.heredoc()
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.t.slice(this.i, this.i + 64)) as RegExpExecArray
      this.i += m[0].length
      return { kind: 'literal', value: Number(m[0]), from, to: this.i }
    }
    if (c === '(') {
      this.i++
      this.skip(true)
      const expression = this.expression(true)
      this.skip(true)
      this.expect(')')
      return { kind: 'parens', expression, from, to: this.i }
    }
    if (c === '[') return this.tuple()
    if (c === '{') return this.object()
    if (!/[A-Za-z_]/.test(c)) this.fail(c === '' ? 'unexpected end of file' : `unexpected \`${c}\``)
    let name = this.identifier()
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', from, to: this.i }
    if (name === 'null') return { kind: 'literal', value: null, from, to: this.i }
    while (this.peek('::')) {
      this.i += 2
      name += `::${this.identifier()}`
    }
    const save = this.i
    this.skip(false)
    if (!this.peek('(')) {
      this.i = save
      return { kind: 'variable', name, from, to: this.i }
    }
    this.i++
    const args: HclExpression[] = []
    let expandFinal = false
    for (;;) {
      this.skip(true)
      if (this.eat(')')) break
      args.push(this.expression(true))
      this.skip(true)
      if (this.eat('...')) {
        expandFinal = true
        this.skip(true)
      }
      if (this.eat(')')) break
      this.expect(',')
    }
    return { kind: 'call', name, args, expandFinal, from, to: this.i }
  }

  /** `for k, v in coll :` after the opening bracket, when present. */
  private forIntro(): { keyVar?: string; valueVar: string; collection: HclExpression } | undefined {
    const save = this.i
    this.skip(true)
    if (!/^for\s/.test(this.t.slice(this.i, this.i + 4))) {
      this.i = save
      return undefined
    }
    this.i += 3
    this.skip(true)
    const first = this.identifier()
    this.skip(true)
    let second: string | undefined
    if (this.eat(',')) {
      this.skip(true)
      second = this.identifier()
      this.skip(true)
    }
    if (!this.eat('in')) this.fail('expected `in`')
    this.skip(true)
    const collection = this.expression(true)
    this.skip(true)
    this.expect(':')
    this.skip(true)
    return second === undefined ? { valueVar: first, collection } : { keyVar: first, valueVar: second, collection }
  }

  private forCondition(): { condition?: HclExpression } {
    this.skip(true)
    if (!/^if\s/.test(this.t.slice(this.i, this.i + 3))) return {}
    this.i += 2
    this.skip(true)
    return { condition: this.expression(true) }
  }

  private tuple(): HclExpression {
    const from = this.i
    this.i++
    const intro = this.forIntro()
    if (intro !== undefined) {
      const value = this.expression(true)
      const cond = this.forCondition()
      this.skip(true)
      this.expect(']')
      return { kind: 'for', ...intro, value, ...cond, grouped: false, from, to: this.i }
    }
    const items: HclExpression[] = []
    for (;;) {
      this.skip(true)
      if (this.eat(']')) break
      items.push(this.expression(true))
      this.skip(true)
      if (this.eat(']')) break
      this.expect(',')
    }
    return { kind: 'tuple', items, from, to: this.i }
  }

  private object(): HclExpression {
    const from = this.i
    this.i++
    const intro = this.forIntro()
    if (intro !== undefined) {
      const key = this.expression(true)
      this.skip(true)
      this.expect('=>')
      this.skip(true)
      const value = this.expression(true)
      this.skip(true)
      const grouped = this.eat('...')
      const cond = this.forCondition()
      this.skip(true)
      this.expect('}')
      return { kind: 'for', ...intro, key, value, grouped, ...cond, from, to: this.i }
    }
    const items: HclObjectItem[] = []
    for (;;) {
      this.skip(true)
      if (this.eat('}')) break
      const itemFrom = this.i
      let key: HclExpression
      const bare = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.t.slice(this.i, this.i + 256))
      const after = bare === null ? '' : this.t.slice(this.i + bare[0].length).trimStart()
      // A bare name before `=` or `:` is a literal key, not a variable.
      if (bare !== null && (after.startsWith('=') || after.startsWith(':')) && !after.startsWith('==')) {
        this.i += bare[0].length
        key = { kind: 'literal', value: bare[0], from: itemFrom, to: this.i }
      } else key = this.expression(false)
      this.skip(false)
      if (!this.eat('=') && !this.eat(':')) this.fail('expected `=` or `:` after an object key')
      this.skip(false)
      const value = this.expression(false)
      items.push({ key, value, from: itemFrom, to: this.i })
      this.skip(false)
      if (this.eat('}')) break
      if (!this.eat(',') && !this.eat('\n')) this.fail('expected `,` or a new line between object elements')
    }
    return { kind: 'object', items, from, to: this.i }
  }

  /** A quoted template: text, `${...}` interpolations, `%{...}` directives, escapes decoded. */
  private quoted(): HclExpression {
    const from = this.i
    this.i++
    const parts: HclTemplatePart[] = []
    let start = this.i
    const flush = (end: number): void => {
      if (end > start) parts.push({ kind: 'text', text: this.t.slice(start, end), from: start, to: end })
    }
    for (;;) {
      const c = this.t.charAt(this.i)
      if (c === '' || c === '\n') this.fail('unterminated string', from)
      if (c === '"') {
        flush(this.i)
        this.i++
        return { kind: 'template', parts, from, to: this.i }
      }
      if (c === '\\') {
        flush(this.i)
        parts.push(this.escape())
        start = this.i
        continue
      }
      if (this.templateSpecial(parts, flush)) {
        start = this.i
        continue
      }
      this.i++
    }
  }

  /** `$${`/`%%{` escapes, `${` interpolations and `%{` directives at the cursor; false when none. */
  private templateSpecial(parts: HclTemplatePart[], flush: (end: number) => void): boolean {
    const at = this.i
    if (this.peek('$${') || this.peek('%%{')) {
      flush(at)
      parts.push({ kind: 'text', text: `${this.t.charAt(at)}{`, from: at, to: at + 3 })
      this.i += 3
      return true
    }
    if (this.peek('${')) {
      flush(at)
      this.i += 2
      this.eat('~')
      this.skip(true)
      const expression = this.expression(true)
      this.skip(true)
      this.eat('~')
      this.expect('}')
      parts.push({ kind: 'interpolation', expression, from: at, to: this.i })
      return true
    }
    if (this.peek('%{')) {
      flush(at)
      const end = this.t.indexOf('}', at)
      if (end < 0) this.fail('unterminated template directive')
      this.i = end + 1
      parts.push({ kind: 'directive', from: at, to: this.i })
      return true
    }
    return false
  }

  private escape(): HclTemplatePart {
    const from = this.i
    const next = this.t.charAt(this.i + 1)
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }
    if (Object.hasOwn(simple, next)) {
      this.i += 2
      return { kind: 'text', text: simple[next] as string, from, to: this.i }
    }
    if (next === 'u' || next === 'U') {
      const digits = next === 'u' ? 4 : 8
      const hex = this.t.slice(this.i + 2, this.i + 2 + digits)
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits ? Number.parseInt(hex, 16) : NaN
      if (Number.isFinite(code) && code <= 0x10ffff) {
        this.i += 2 + digits
        return { kind: 'text', text: String.fromCodePoint(code), from, to: this.i }
      }
    }
    return this.fail('invalid escape sequence')
  }

  /**
   * `<<ID` / `<<-ID` heredocs: every line up to the closing marker, its final newline included; `<<-`
   * removes the indentation common to all lines. Each line is its own part, so offsets stay exact.
   * https://developer.hashicorp.com/terraform/language/expressions/strings#heredoc-strings
   */
  private heredoc(): HclExpression {
    const from = this.i
    this.i += 2
    const indented = this.eat('-')
    const marker = this.identifier()
    this.skip(false)
    if (!this.eat('\n')) this.fail('expected a new line after the heredoc marker')
    const parts: HclTemplatePart[] = []
    for (;;) {
      const lineEnd = this.t.indexOf('\n', this.i)
      const line = this.t.slice(this.i, lineEnd < 0 ? this.t.length : lineEnd).replace(/\r$/, '')
      if (line.trim() === marker) {
        this.i += line.length
        break
      }
      if (lineEnd < 0) this.fail(`unterminated heredoc \`${marker}\``, from)
      let start = this.i
      const flush = (end: number): void => {
        if (end > start) parts.push({ kind: 'text', text: this.t.slice(start, end), from: start, to: end })
      }
      while (this.i <= lineEnd) {
        if (this.i === lineEnd) {
          this.i++
          flush(this.i)
          break
        }
        if (this.templateSpecial(parts, flush)) start = this.i
        else this.i++
      }
    }
    return { kind: 'template', parts: indented ? stripIndent(parts) : parts, heredoc: indented ? 'indented' : 'plain', from, to: this.i }
  }
}

/** Removes the smallest indentation of the non-blank lines from every line start. */
function stripIndent(parts: readonly HclTemplatePart[]): HclTemplatePart[] {
  const flat = parts.map((p) => (p.kind === 'text' ? p.text : 'x')).join('')
  const indents = flat.split('\n').filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length)
  const strip = indents.length === 0 ? 0 : Math.min(...indents)
  if (strip === 0) return [...parts]
  const out: HclTemplatePart[] = []
  let atLineStart = true
  for (const p of parts) {
    if (p.kind !== 'text') {
      out.push(p)
      atLineStart = false
      continue
    }
    let text = p.text
    let from = p.from
    if (atLineStart) {
      const n = Math.min(strip, text.length - text.trimStart().length)
      text = text.slice(n)
      from += n
    }
    atLineStart = text.endsWith('\n')
    out.push({ ...p, text, from })
  }
  return out
}
