/**
 * The published JSON Schema agrees with the parser on shape: every corpus document validates, and
 * shape errors the parser reports are schema failures too. ajv compiles the schema here, in tests only.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { POLICY_SCHEMA } from '../../../src/policy/schema.js'
import { doc, DOCS, identityStatement } from '../../helpers/policies.js'

const ajv = new Ajv({ allErrors: true, strict: false })
const validate = ajv.compile(POLICY_SCHEMA)
const root = join(import.meta.dirname, '../../../corpus/policies')

describe('POLICY_SCHEMA', () => {
  it('accepts every corpus document', () => {
    for (const kind of readdirSync(root).filter((n) => !n.endsWith('.md'))) {
      for (const name of readdirSync(join(root, kind))) {
        const ok = validate(JSON.parse(readFileSync(join(root, kind, name), 'utf8')))
        expect({ name, ok, errors: validate.errors ?? [] }).toMatchObject({ name, ok: true })
      }
    }
  })

  it.each([
    ['no Statement', { Version: '2012-10-17' }, DOCS.STMT],
    ['unknown Version', { ...doc(identityStatement()), Version: '2012-10-18' }, DOCS.VER],
    ['unknown top-level key', { ...doc(identityStatement()), Statements: [] }, DOCS.GRAM],
    ['lowercase Effect', doc(identityStatement({ Effect: 'allow' })), DOCS.EFFECT],
    ['Action and NotAction', doc(identityStatement({ NotAction: 's3:*' })), DOCS.NOTACT],
    ['no Action', doc({ Effect: 'Allow', Resource: '*' }), DOCS.ACT],
    ['Resource and NotResource', doc(identityStatement({ NotResource: '*' })), DOCS.NOTRES],
    ['unknown principal key', doc(identityStatement({ Principal: { User: 'x' } })), DOCS.PRIN],
    ['condition value object', doc(identityStatement({ Condition: { StringEquals: { 'a:b': {} } } })), DOCS.COND],
    ['empty Statement list', { Statement: [] }, DOCS.STMT],
  ])('rejects %s (%s)', (_name, input, _url) => {
    expect(validate(input)).toBe(false)
  })
})
