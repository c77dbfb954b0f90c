/**
 * The text of a Terraform block by address (`aws_iam_role.ci`, `data.aws_iam_policy_document.trust`),
 * without comments and whitespace. A trust policy read with the module's variable defaults shows only
 * the branches those defaults take (`dynamic` blocks, `count`); when the block's text changes and the
 * policy read from it does not, another value of the variables may see a change, and the diff says so.
 * https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks
 */

function blockStart(text: string, address: string): number {
  const parts = address.split('.')
  const [kind, type, name] = parts[0] === 'data' ? ['data', parts[1], parts[2]] : ['resource', parts[0], parts[1]]
  if (type === undefined || name === undefined) return -1
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const m = new RegExp(`(^|\\n)\\s*${kind}\\s+"${escape(type)}"\\s+"${escape(name)}"\\s*\\{`).exec(text)
  return m === null ? -1 : m.index + m[0].length
}

/** The block's body, comments and whitespace removed; undefined when no file holds it. */
export function blockText(files: readonly { readonly text: string }[], address: string): string | undefined {
  for (const f of files) {
    const start = blockStart(f.text, address)
    if (start < 0) continue
    let depth = 1
    let out = ''
    let quote = false
    for (let i = start; i < f.text.length && depth > 0; i++) {
      const c = f.text[i] as string
      if (quote) {
        out += c
        if (c === '\\') out += f.text[++i] ?? ''
        else if (c === '"') quote = false
        continue
      }
      if (c === '"') quote = true
      else if (c === '#' || (c === '/' && f.text[i + 1] === '/')) {
        while (i < f.text.length && f.text[i] !== '\n') i++
        continue
      } else if (c === '{') depth++
      else if (c === '}') depth--
      if (!/\s/.test(c)) out += c
    }
    return out
  }
  return undefined
}
