/**
 * Lists the exports of src/index.ts whose declaration has no doc comment, or no `@example` in it.
 *   node --import tsx scripts/api-docs.ts   # prints one `name  file:line  missing …` per problem
 * Used by test/package/api-docs.test.ts.
 */
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { ROOT } from './pack.js'

/** One export without the documentation it needs. */
export interface ApiDocProblem {
  readonly name: string
  readonly file: string
  readonly line: number
  readonly missing: 'doc comment' | 'example'
  /** Functions, classes and constants (values) or types and interfaces. */
  readonly kind: 'value' | 'type'
}

/** Checks every export of src/index.ts. */
export function checkApiDocs(): ApiDocProblem[] {
  const program = ts.createProgram([`${ROOT}/src/index.ts`], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true })
  const checker = program.getTypeChecker()
  const index = program.getSourceFile(`${ROOT}/src/index.ts`)
  if (index === undefined) throw new Error('src/index.ts not found')
  const moduleSymbol = checker.getSymbolAtLocation(index)
  if (moduleSymbol === undefined) return []
  const problems: ApiDocProblem[] = []
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    const declaration = symbol.declarations?.[0]
    if (declaration === undefined) continue
    const source = declaration.getSourceFile()
    const line = source.getLineAndCharacterOfPosition(declaration.getStart()).line + 1
    const file = relative(ROOT, source.fileName)
    const kind = symbol.flags & ts.SymbolFlags.Value ? 'value' : 'type'
    // A doc comment sits on the declaration, or on its variable statement for `export const`.
    const host = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration
    const docs = ts.getJSDocCommentsAndTags(host).filter(ts.isJSDoc)
    if (docs.length === 0 && symbol.getDocumentationComment(checker).length === 0) {
      problems.push({ name: exported.name, file, line, missing: 'doc comment', kind })
      continue
    }
    const hasExample = docs.some((d) => (d.tags ?? []).some((t) => t.tagName.text === 'example')) || symbol.getJsDocTags(checker).some((t) => t.name === 'example')
    if (!hasExample) problems.push({ name: exported.name, file, line, missing: 'example', kind })
  }
  return problems
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkApiDocs()
  for (const p of problems) process.stdout.write(`${p.name.padEnd(32)} ${p.kind.padEnd(5)} ${p.file}:${p.line}  missing ${p.missing}\n`)
  process.stdout.write(`${problems.length} export(s) to document\n`)
}
