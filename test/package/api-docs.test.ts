/**
 * The public API is documented where it is declared: every export of src/index.ts has a doc comment,
 * and every exported function, class and constant shows an `@example`.
 */
import { describe, expect, it } from 'vitest'
import { checkApiDocs } from '../../scripts/api-docs.js'

describe('public API documentation', () => {
  const problems = checkApiDocs()

  it('every export has a doc comment', () => {
    expect(problems.filter((p) => p.missing === 'doc comment').map((p) => `${p.name} (${p.file}:${p.line})`)).toEqual([])
  })

  it('every exported function, class and constant has an @example', () => {
    expect(problems.filter((p) => p.missing === 'example' && p.kind === 'value').map((p) => `${p.name} (${p.file}:${p.line})`)).toEqual([])
  })
})
