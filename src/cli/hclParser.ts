/**
 * Terraform `.tf` files read with the Lezer HCL grammar of `codemirror-lang-hcl` (MIT, pure JavaScript,
 * error-recovering, with exact offsets for every node), converted to iamtrace's HCL syntax tree. It lives
 * in the CLI so that the core stays free of parser weight; the core reads the tree it returns.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 */
import type { SyntaxNode } from '@lezer/common'
import { hclLanguage } from 'codemirror-lang-hcl'
import type { HclBlock, HclBody, HclExpression, HclObjectItem, HclParser, HclSyntaxError, HclTemplatePart, HclTraversalStep } from '../lint/sources/hclSyntax.js'

const COMMENTS = new Set(['LineComment', 'BlockComment'])
const OPERATORS = new Set(['ArithOp', 'CompareOp', 'LogicOp'])
const STEPS = new Set(['GetAttr', 'Index', 'Splat'])

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = []
  for (let c = node.firstChild; c !== null; c = c.nextSibling) if (!COMMENTS.has(c.name)) out.push(c)
  return out
}

/**
 * Parses HCL native syntax. A file with a syntax error is not read (its errors are returned), so that a
 * half-read file never silently drops a policy.
 *
 * @example
 * const r = parseHcl('resource "aws_iam_role" "r" {\n  name = "deploy"\n}\n')
 * if (r.ok) r.body.blocks[0]?.labels // ['aws_iam_role', 'r']
 */
export const parseHcl: HclParser = (text) => {
  const tree = hclLanguage.parser.parse(text)
  const errors: HclSyntaxError[] = []
  tree.iterate({
    enter: (n) => {
      if (!n.type.isError) return
      const near = text.slice(n.from, Math.min(text.length, n.from + 24)).split('\n')[0] ?? ''
      errors.push({ offset: n.from, message: near === '' ? 'unexpected end of input or missing token' : `unexpected \`${near}\`` })
    },
  })
  if (errors.length > 0) return { ok: false, errors }
  const top = tree.topNode.getChild('Body')
  return { ok: true, body: top === null ? { attributes: [], blocks: [] } : new Reader(text).body(top) }
}

class Reader {
  constructor(private readonly text: string) {}

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to)
  }

  body(node: SyntaxNode): HclBody {
    const attributes: { name: string; value: HclExpression; from: number; to: number }[] = []
    const blocks: HclBlock[] = []
    for (const c of children(node)) {
      if (c.name === 'Attribute') {
        const id = c.getChild('Identifier')
        const expr = c.getChild('Expression')
        if (id !== null && expr !== null) attributes.push({ name: this.src(id), value: this.expression(expr), from: c.from, to: c.to })
      } else if (c.name === 'Block') blocks.push(this.block(c))
    }
    return { attributes, blocks }
  }

  private block(node: SyntaxNode): HclBlock {
    const type = node.getChild('BlockType')
    const labels = node.getChildren('BlockLabel').map((l) => {
      const str = l.getChild('StringLit')
      return str === null ? this.src(l) : this.quotedText(str)
    })
    const body = node.getChild('Body')
    return { type: type === null ? '' : this.src(type), labels, body: body === null ? { attributes: [], blocks: [] } : this.body(body), from: node.from, to: node.to }
  }

  expression(node: SyntaxNode): HclExpression {
    return this.sequence(children(node), node)
  }

  /** A primary followed by traversal steps (`.a`, `[0]`, `[*]`). */
  private sequence(nodes: readonly SyntaxNode[], whole: SyntaxNode): HclExpression {
    let i = 0
    let expr: HclExpression
    const first = nodes[0]
    if (first === undefined) return this.unsupported(whole)
    if (first.name === '(') {
      const inner = nodes[1]
      expr = { kind: 'parens', expression: inner === undefined ? this.unsupported(whole) : this.expression(inner), from: first.from, to: nodes[2]?.to ?? whole.to }
      i = 3
    } else {
      expr = this.primary(first)
      i = 1
    }
    const rest = nodes.slice(i).filter((n) => STEPS.has(n.name))
    // The grammar binds `!` tighter than `.a`; HCL binds traversals first: `!var.x` is `!(var.x)`.
    if (expr.kind === 'unary' && rest.length > 0) return { ...expr, operand: this.steps(expr.operand, rest, whole.to), to: whole.to }
    return this.steps(expr, rest, whole.to)
  }

  private steps(target: HclExpression, steps: readonly SyntaxNode[], to: number): HclExpression {
    let expr = target
    for (let k = 0; k < steps.length; k++) {
      const s = steps[k] as SyntaxNode
      if (s.name === 'Splat') {
        const rest: HclTraversalStep[] = steps.slice(k + 1).flatMap((r) => {
          const step = this.step(r)
          return step === undefined ? [] : [step]
        })
        return { kind: 'splat', target: expr, rest, from: target.from, to }
      }
      const step = this.step(s)
      if (step === undefined) continue
      expr = step.kind === 'getattr' ? { kind: 'getattr', target: expr, name: step.name, from: target.from, to: s.to } : { kind: 'index', target: expr, key: step.key, from: target.from, to: s.to }
    }
    return expr
  }

  private step(s: SyntaxNode): HclTraversalStep | undefined {
    if (s.name === 'GetAttr') {
      const id = s.getChild('Identifier')
      return id === null ? undefined : { kind: 'getattr', name: this.src(id) }
    }
    if (s.name === 'Index') {
      const legacy = s.getChild('LegacyIndex')
      if (legacy !== null) return { kind: 'index', key: { kind: 'literal', value: Number(this.src(legacy).slice(1)), from: legacy.from + 1, to: legacy.to } }
      const inner = s.getChild('NewIndex')?.getChild('Expression')
      return inner === null || inner === undefined ? undefined : { kind: 'index', key: this.expression(inner) }
    }
    return undefined
  }

  private unsupported(n: SyntaxNode): HclExpression {
    return { kind: 'unsupported', text: this.src(n), from: n.from, to: n.to }
  }

  private primary(n: SyntaxNode): HclExpression {
    const at = { from: n.from, to: n.to }
    switch (n.name) {
      case 'Expression':
        return this.expression(n)
      case 'LiteralValue': {
        const c = n.firstChild
        if (c === null) return this.unsupported(n)
        if (c.name === 'NumericLit') return { kind: 'literal', value: Number(this.src(c)), ...at }
        if (c.name === 'BoolLit') return { kind: 'literal', value: this.src(c) === 'true', ...at }
        if (c.name === 'NullLit') return { kind: 'literal', value: null, ...at }
        if (c.name === 'StringLit') return { kind: 'template', parts: this.quotedParts(c), ...at }
        return this.unsupported(n)
      }
      case 'TemplateExpr': {
        const t = n.firstChild
        if (t?.name === 'QuotedTemplate') return { kind: 'template', parts: this.quotedParts(t), ...at }
        if (t?.name === 'HeredocTemplate') return this.heredoc(t)
        return this.unsupported(n)
      }
      case 'CollectionValue': {
        const c = n.firstChild
        if (c?.name === 'Tuple') return { kind: 'tuple', items: c.getChildren('Expression').map((e) => this.expression(e)), ...at }
        if (c?.name === 'Object') return { kind: 'object', items: c.getChildren('ObjectElem').flatMap((e) => this.objectItem(e)), ...at }
        return this.unsupported(n)
      }
      case 'VariableExpr':
        return { kind: 'variable', name: this.src(n), ...at }
      case 'FunctionCall': {
        const name = [...n.getChildren('FunctionNamespace').map((ns) => this.src(ns)), this.src(n.getChild('FunctionName') ?? n)].join('')
        const args = n.getChild('FunctionArguments')
        return { kind: 'call', name, args: args === null ? [] : args.getChildren('Expression').map((e) => this.expression(e)), expandFinal: args?.getChild('Ellipsis') !== null && args !== null, ...at }
      }
      case 'Conditional': {
        const [condition, then, otherwise] = n.getChildren('Expression')
        if (condition === undefined || then === undefined || otherwise === undefined) return this.unsupported(n)
        return { kind: 'conditional', condition: this.expression(condition), then: this.expression(then), otherwise: this.expression(otherwise), ...at }
      }
      case 'Operation': {
        const op = n.firstChild
        if (op === null) return this.unsupported(n)
        const parts = children(op)
        if (op.name === 'UnaryOperation') {
          const [sign, ...operand] = parts
          return sign === undefined ? this.unsupported(n) : { kind: 'unary', op: this.src(sign), operand: this.sequence(operand, op), ...at }
        }
        const k = parts.findIndex((p) => OPERATORS.has(p.name))
        if (k <= 0) return this.unsupported(n)
        return { kind: 'binary', op: this.src(parts[k] as SyntaxNode), left: this.sequence(parts.slice(0, k), op), right: this.sequence(parts.slice(k + 1), op), ...at }
      }
      case 'ForExpr':
        return this.forExpr(n)
      default:
        return this.unsupported(n)
    }
  }

  private objectItem(e: SyntaxNode): HclObjectItem[] {
    const keyNode = e.getChild('ObjectKey')?.getChild('Expression')
    const value = e.getChildren('Expression')[0]
    if (keyNode === null || keyNode === undefined || value === undefined) return []
    const parts = children(keyNode)
    // A bare identifier key is a literal name, not a variable.
    const key: HclExpression = parts.length === 1 && parts[0]?.name === 'VariableExpr' ? { kind: 'literal', value: this.src(keyNode), from: keyNode.from, to: keyNode.to } : this.expression(keyNode)
    return [{ key, value: this.expression(value), from: e.from, to: e.to }]
  }

  private forExpr(n: SyntaxNode): HclExpression {
    const inner = n.firstChild
    const intro = inner?.getChild('ForIntro')
    if (inner === null || inner === undefined || intro === null || intro === undefined) return this.unsupported(n)
    const names = intro.getChildren('Identifier').map((i) => this.src(i))
    const collection = intro.getChild('Expression')
    const exprs = inner.getChildren('Expression')
    const cond = inner.getChild('ForCond')?.getChild('Expression')
    if (collection === null || names.length === 0) return this.unsupported(n)
    const vars = names.length === 2 ? { keyVar: names[0] as string, valueVar: names[1] as string } : { valueVar: names[0] as string }
    const condition = cond === null || cond === undefined ? {} : { condition: this.expression(cond) }
    const at = { from: n.from, to: n.to, collection: this.expression(collection), ...vars, ...condition }
    if (inner.name === 'ForObjectExpr') {
      const [key, value] = exprs
      if (key === undefined || value === undefined) return this.unsupported(n)
      return { kind: 'for', key: this.expression(key), value: this.expression(value), grouped: inner.getChild('Ellipsis') !== null, ...at }
    }
    const [value] = exprs
    return value === undefined ? this.unsupported(n) : { kind: 'for', value: this.expression(value), grouped: false, ...at }
  }

  /** A quoted string without interpolation, decoded. */
  private quotedText(n: SyntaxNode): string {
    return this.quotedParts(n).map((p) => (p.kind === 'text' ? p.text : '')).join('')
  }

  /** The parts of a quoted template; escapes become their own parts so that other text keeps exact offsets. */
  private quotedParts(n: SyntaxNode): HclTemplatePart[] {
    const out: HclTemplatePart[] = []
    for (const c of children(n)) {
      if (c.name === 'TemplateLiteral') out.push(...decodeQuoted(this.src(c), c.from))
      else this.templatePiece(c, out)
    }
    return out
  }

  private templatePiece(c: SyntaxNode, out: HclTemplatePart[]): void {
    if (c.name === 'TemplateInterpolation') {
      const e = c.getChild('Expression')
      if (e !== null) out.push({ kind: 'interpolation', expression: this.expression(e), from: c.from, to: c.to })
    } else if (c.name === 'TemplateDirective') out.push({ kind: 'directive', from: c.from, to: c.to })
  }

  /**
   * A heredoc: the lines between the markers, the final newline included; `<<-` removes the indentation
   * common to every line. Each line is its own part, with its offset.
   * https://developer.hashicorp.com/terraform/language/expressions/strings#heredoc-strings
   */
  private heredoc(n: SyntaxNode): HclExpression {
    const indented = this.src(n.getChild('HeredocStart') ?? n) === '<<-'
    const pieces: HclTemplatePart[] = []
    let first = true
    for (const c of children(n)) {
      if (c.name === 'TemplateLiteral') {
        let text = this.src(c)
        let from = c.from
        if (first && text.startsWith('\n')) {
          text = text.slice(1)
          from++
        }
        pieces.push(...splitLines(unescapeTemplate(text), from, text))
      } else this.templatePiece(c, pieces)
      if (c.name !== 'HeredocStart' && c.name !== 'HeredocIdentifier') first = false
    }
    pieces.push({ kind: 'text', text: '\n', from: n.to, to: n.to })
    const parts = indented ? stripIndent(pieces) : pieces
    return { kind: 'template', parts, heredoc: indented ? 'indented' : 'plain', from: n.from, to: n.to }
  }
}

/** `$${` and `%%{` are the template escapes of heredocs and quoted strings. */
function unescapeTemplate(raw: string): string {
  return raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')
}

/** Lines of heredoc text as parts; offsets are exact unless a template escape shortened the line. */
function splitLines(text: string, from: number, raw: string): HclTemplatePart[] {
  if (text !== raw) return [{ kind: 'text', text, from, to: from + raw.length }]
  const out: HclTemplatePart[] = []
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charAt(i) === '\n') {
      const end = i < text.length ? i + 1 : i
      if (end > start) out.push({ kind: 'text', text: text.slice(start, end), from: from + start, to: from + end })
      start = end
    }
  }
  return out
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

/** Decodes quoted-string escapes; each escape is its own part. */
function decodeQuoted(raw: string, from: number): HclTemplatePart[] {
  const out: HclTemplatePart[] = []
  let start = 0
  const flush = (end: number): void => {
    if (end > start) out.push({ kind: 'text', text: raw.slice(start, end), from: from + start, to: from + end })
  }
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i)
    let decoded: string | undefined
    let length = 0
    if (c === '\\') {
      const next = raw.charAt(i + 1)
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }
      if (Object.hasOwn(simple, next)) {
        decoded = simple[next]
        length = 2
      } else if (next === 'u' || next === 'U') {
        const digits = next === 'u' ? 4 : 8
        const hex = raw.slice(i + 2, i + 2 + digits)
        const code = /^[0-9a-fA-F]+$/.test(hex) ? Number.parseInt(hex, 16) : NaN
        if (Number.isFinite(code) && code <= 0x10ffff) {
          decoded = String.fromCodePoint(code)
          length = 2 + digits
        }
      }
    } else if ((c === '$' || c === '%') && raw.charAt(i + 1) === c && raw.charAt(i + 2) === '{') {
      decoded = `${c}{`
      length = 3
    }
    if (decoded === undefined) continue
    flush(i)
    out.push({ kind: 'text', text: decoded, from: from + i, to: from + i + length })
    start = i + length
    i += length - 1
  }
  flush(raw.length)
  return out
}
