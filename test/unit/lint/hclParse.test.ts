/**
 * HCL native syntax as the Terraform reader needs it, with exact offsets.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 * https://developer.hashicorp.com/terraform/language/expressions/strings
 */
import { describe, expect, it } from 'vitest'
import { parseHcl } from '../../../src/lint/sources/hclParse.js'
import type { HclExpression } from '../../../src/lint/sources/hclSyntax.js'

function attr(text: string, name = 'a'): HclExpression {
  const r = parseHcl(text)
  if (!r.ok) throw new Error(`parse failed: ${r.errors[0]?.message}`)
  const found = r.body.attributes.find((x) => x.name === name)
  if (found === undefined) throw new Error('no attribute')
  return found.value
}

const text = (e: HclExpression): string => (e.kind === 'template' ? e.parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'interpolation' ? '${…}' : '%{…}')).join('') : '')

describe('parseHcl', () => {
  it('blocks with labels, attributes, one-line blocks and comments', () => {
    const r = parseHcl('# c\nresource "aws_iam_role" "r" { // c\n  name = "x" /* c */\n  inline_policy { name = "p" }\n}\n')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const [block] = r.body.blocks
    expect([block?.type, block?.labels, block?.from]).toEqual(['resource', ['aws_iam_role', 'r'], 4])
    expect(block?.body.attributes.map((a) => a.name)).toEqual(['name'])
    expect(block?.body.blocks[0]?.body.attributes[0]?.name).toBe('name')
  })

  it('an object value that is a function call stays one element (`{ a = f(1) }`), newlines separate elements', () => {
    const e = attr('a = { x = f(1)\n  y = [1, 2] }\n')
    expect(e.kind === 'object' ? e.items.map((i) => i.value.kind) : []).toEqual(['call', 'tuple'])
  })

  it('operator precedence and traversals: `!var.x`, `a.b[0].c`, splats, legacy index', () => {
    const e = attr('a = !var.x || 1 + 2 * 3 == 7\n')
    expect(e.kind).toBe('binary')
    if (e.kind === 'binary') {
      expect(e.op).toBe('||')
      expect(e.left.kind === 'unary' && e.left.operand.kind).toBe('getattr')
      expect(e.right.kind === 'binary' && e.right.op).toBe('==')
    }
    expect(attr('a = x.y[0].z\n').kind).toBe('getattr')
    expect(attr('a = x[*].arn\n').kind).toBe('splat')
    expect(attr('a = x.0\n').kind).toBe('index')
  })

  it('quoted escapes and template escapes; offsets of the text stay exact around them', () => {
    const e = attr('a = "q\\"x $${lit} %%{d} \\u00e9 ${var.v}"\n')
    expect(text(e)).toBe('q"x ${lit} %{d} é ${…}')
    if (e.kind === 'template') expect(e.parts[0]).toEqual({ kind: 'text', text: 'q', from: 5, to: 6 })
  })

  it('heredocs: the final newline included, `<<-` strips the common indentation', () => {
    expect(text(attr('a = <<EOT\n  x\n y\nEOT\n'))).toBe('  x\n y\n')
    const e = attr('a = <<-EOT\n    {\n      "k": "${v}"\n    }\n  EOT\n')
    expect(text(e)).toBe('{\n  "k": "${…}"\n}\n')
    if (e.kind === 'template') expect(e.parts[0]).toMatchObject({ text: '{\n', from: 15 })
  })

  it('for expressions, conditionals and provider functions', () => {
    expect(attr('a = [for s in var.l : upper(s) if s != ""]\n').kind).toBe('for')
    expect(attr('a = { for k, v in var.m : k => v... }\n')).toMatchObject({ kind: 'for', keyVar: 'k', valueVar: 'v', grouped: true })
    expect(attr('a = var.x ? "y" : "z"\n').kind).toBe('conditional')
    expect(attr('a = provider::aws::arn_parse("x")\n')).toMatchObject({ kind: 'call', name: 'provider::aws::arn_parse' })
  })

  it('syntax errors are values with the offset where reading stopped, never exceptions', () => {
    expect(parseHcl('a = \n')).toEqual({ ok: false, errors: [{ offset: 4, message: 'unexpected `\n`' }] })
    const unterminated = parseHcl('a = <<EOT\nno end\n')
    expect(unterminated.ok).toBe(false)
    expect(parseHcl('a = "x\n').ok).toBe(false)
    expect(parseHcl(`a = ${'['.repeat(5000)}`).ok).toBe(false)
  })
})
