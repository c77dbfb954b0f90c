/**
 * The core runs in browsers: no file outside src/cli/ imports a Node built-in or generates code at
 * run time (`eval`, `new Function`), which a browser Content-Security-Policy forbids.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const SRC = join(ROOT, 'src')

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) {
      if (p !== join(SRC, 'cli')) out.push(...sourceFiles(p))
    } else if (/\.(ts|js|mjs|cjs)$/.test(name)) out.push(p)
  }
  return out
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm
const NODE_GLOBALS = /(?<![.\w$'"`])(process|Buffer|__dirname|__filename|require)\s*[.([]/
const CODEGEN = /(?<![.\w$])(eval\s*\(|new\s+Function\s*\(|Function\s*\(\s*['"`])/

/** Strips comments and string contents so that prose about `process.env` or `eval(` does not count. */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/`(?:\\[\s\S]|[^`\\])*`/g, '``')
    .replace(/'(?:\\.|[^'\\\n])*'/g, "''")
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""')
}

describe('browser-safe core', () => {
  const files = sourceFiles(SRC)

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(20)
  })

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s imports no Node built-in', (_name, file) => {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    const specifiers = [...text.matchAll(IMPORT)].map((m) => m[1] as string)
    expect(specifiers.filter((s) => BUILTINS.has(s) || s.startsWith('node:'))).toEqual([])
  })

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s uses no Node global and no run-time code generation', (_name, file) => {
    const code = codeOnly(readFileSync(file, 'utf8'))
    expect(NODE_GLOBALS.exec(code)?.[0]).toBeUndefined()
    expect(CODEGEN.exec(code)?.[0]).toBeUndefined()
  })
})
