/**
 * The JSON Schema of an IAM policy document's shape (all kinds), kept in one place so it can be
 * published and precompiled with ajv's standalone code generator for browsers. `parsePolicy` walks the
 * document by hand instead of running this schema, because it must build the typed AST, keep going
 * past every error with pointers and positions, and must not generate code at runtime (`new Function`).
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

const scalar = { type: ['string', 'number', 'boolean'] } as const
const stringOrList = { anyOf: [scalar, { type: 'array', items: scalar }] } as const

/**
 * JSON Schema (draft-07) for a policy document. Semantic rules per kind are not expressible here.
 *
 * @example
 * // Publish or reuse the shape, e.g. with an editor's JSON-schema support:
 * writeFileSync('policy.schema.json', JSON.stringify(POLICY_SCHEMA, null, 2))
 */
export const POLICY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://iamtrace.dev/schemas/policy.json',
  title: 'IAM policy document',
  type: 'object',
  additionalProperties: false,
  required: ['Statement'],
  properties: {
    Version: { type: 'string', enum: ['2012-10-17', '2008-10-17'] },
    Id: { type: 'string' },
    Statement: {
      anyOf: [{ $ref: '#/definitions/statement' }, { type: 'array', minItems: 1, items: { $ref: '#/definitions/statement' } }],
    },
  },
  definitions: {
    statement: {
      type: 'object',
      additionalProperties: false,
      required: ['Effect'],
      properties: {
        Sid: scalar,
        Effect: { type: 'string', enum: ['Allow', 'Deny'] },
        Principal: { $ref: '#/definitions/principal' },
        NotPrincipal: { $ref: '#/definitions/principal' },
        Action: stringOrList,
        NotAction: stringOrList,
        Resource: stringOrList,
        NotResource: stringOrList,
        Condition: {
          type: 'object',
          additionalProperties: { type: 'object', additionalProperties: stringOrList },
        },
      },
      oneOf: [{ required: ['Action'], not: { required: ['NotAction'] } }, { required: ['NotAction'], not: { required: ['Action'] } }],
      allOf: [
        { not: { required: ['Principal', 'NotPrincipal'] } },
        { not: { required: ['Resource', 'NotResource'] } },
      ],
    },
    principal: {
      anyOf: [
        { const: '*' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            AWS: stringOrList,
            Service: stringOrList,
            Federated: stringOrList,
            CanonicalUser: stringOrList,
          },
        },
      ],
    },
  },
} as const
