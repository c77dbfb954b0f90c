/**
 * JSON schema of scenario files (contract v1). ajv checks the shape; policies inside are then parsed
 * by the policy parser with their kind. Extra optional fields are accepted, as the contract allows.
 */

const namedPolicy = {
  anyOf: [
    { type: 'object', required: ['document'], properties: { name: { type: 'string' }, document: { type: ['object', 'string'] } } },
    { type: 'object', not: { required: ['document'] } },
    { type: 'string' },
  ],
} as const

const levels = { type: 'array', items: { type: 'array', items: namedPolicy } } as const

/** Schema of a scenario file. */
export const scenarioSchema = {
  type: 'object',
  required: ['request'],
  properties: {
    description: { type: 'string' },
    source: { type: 'string' },
    request: {
      type: 'object',
      required: ['principal', 'action', 'resource'],
      properties: {
        principal: {
          anyOf: [
            { type: 'string', minLength: 1 },
            {
              type: 'object',
              minProperties: 1,
              maxProperties: 1,
              properties: { service: { type: 'string' }, federated: { type: 'string' }, aws: { type: 'string' }, anonymous: { const: true } },
              additionalProperties: false,
            },
          ],
        },
        action: { type: 'string', minLength: 1 },
        resource: { type: 'string', minLength: 1 },
        resourceAccount: { type: 'string', pattern: '^[0-9]{12}$' },
        context: {
          type: 'object',
          additionalProperties: {
            anyOf: [{ type: ['string', 'number', 'boolean'] }, { type: 'array', items: { type: ['string', 'number', 'boolean'] } }],
          },
        },
      },
    },
    principalPolicies: {
      type: 'object',
      properties: {
        identity: { type: 'array', items: namedPolicy },
        boundary: { anyOf: [{ type: 'null' }, namedPolicy] },
        session: { type: 'array', items: namedPolicy },
        scps: levels,
      },
    },
    resourcePolicies: {
      type: 'object',
      properties: {
        resource: { anyOf: [{ type: 'null' }, namedPolicy] },
        rcps: levels,
      },
    },
    expect: {
      type: 'object',
      required: ['decision'],
      properties: { decision: { enum: ['allowed', 'explicitDeny', 'implicitDeny'] }, rule: { type: 'string', minLength: 1 } },
    },
  },
} as const
