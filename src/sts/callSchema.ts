/**
 * JSON schema of STS call files. ajv checks the shape; policies inside are then parsed by the policy
 * parser with their kind, and the request rules check values against AWS's limits (a value outside a
 * limit is a violation AWS reports, not a malformed file). `schemas/assume-call.schema.json` is this
 * object written out (a test keeps them equal).
 */

const policy = {
  description: 'A policy document (object or JSON string), or {"name", "document"}',
  anyOf: [
    { type: 'object', required: ['document'], properties: { name: { type: 'string' }, document: { type: ['object', 'string'] } }, additionalProperties: false },
    { type: 'object', not: { required: ['document'] } },
    { type: 'string' },
  ],
} as const

/**
 * A reference to a definition: ajv compiles a definition that holds references once, so the parts of a
 * call are not generated twice (top-level call and chain hop) in the precompiled validator.
 */
const ref = (name: 'policy' | 'caller' | 'role' | 'parameters' | 'followUp') => ({ $ref: `#/definitions/${name}` }) as const
const policyRef = ref('policy')
const policies = { type: 'array', items: policyRef } as const
const levels = { type: 'array', items: { type: 'array', items: policyRef }, description: 'one array per organization level, root first' } as const
const tagMap = { type: 'object', additionalProperties: { type: 'string' }, description: 'tag key → value' } as const
const contextMap = {
  type: 'object',
  additionalProperties: { anyOf: [{ type: ['string', 'number', 'boolean'] }, { type: 'array', items: { type: ['string', 'number', 'boolean'] } }] },
} as const
const isoDate = { type: 'string', minLength: 1 } as const

const mfa = {
  type: 'object',
  required: ['present'],
  properties: { present: { type: 'boolean' }, ageSeconds: { type: 'integer', minimum: 0 }, authenticatedAt: isoDate },
  additionalProperties: false,
} as const

const caller = {
  type: 'object',
  properties: {
    arn: { type: 'string', minLength: 1 },
    federated: { type: 'string', minLength: 1 },
    roleArn: { type: 'string', minLength: 1 },
    roleId: { type: 'string', minLength: 1 },
    userId: { type: 'string', minLength: 1 },
    identityPolicies: policies,
    permissionsBoundary: { anyOf: [{ type: 'null' }, policyRef] },
    sessionPolicies: policies,
    scps: levels,
    tags: tagMap,
    transitiveTagKeys: { type: 'array', items: { type: 'string' } },
    sourceIdentity: { type: 'string' },
    credentials: { enum: ['long-term', 'GetSessionToken'], description: 'an IAM user or root caller: long-term access keys (default) or GetSessionToken credentials' },
    mfa,
    orgId: { type: 'string' },
    orgPaths: { type: 'array', items: { type: 'string' } },
  },
  additionalProperties: false,
  oneOf: [{ required: ['arn'] }, { required: ['federated'] }],
} as const

const role = {
  type: 'object',
  description: 'the role to assume; `arn` may be given here or as `parameters.RoleArn`',
  properties: {
    arn: { type: 'string', minLength: 1 },
    roleId: { type: 'string', minLength: 1 },
    trustPolicy: { anyOf: [{ type: 'null' }, policyRef] },
    maxSessionDuration: { type: 'integer' },
    tags: tagMap,
    identityPolicies: policies,
    permissionsBoundary: { anyOf: [{ type: 'null' }, policyRef] },
    scps: levels,
    rcps: levels,
  },
  additionalProperties: false,
} as const

const tagList = {
  type: 'array',
  items: { type: 'object', required: ['Key', 'Value'], properties: { Key: { type: 'string' }, Value: { type: 'string' } }, additionalProperties: false },
} as const

const samlAssertion = {
  anyOf: [
    { type: 'string', description: 'the base64 assertion: only its length is checked' },
    {
      type: 'object',
      properties: {
        Issuer: { type: 'string' },
        Recipient: { type: 'string' },
        Audience: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        NameID: { type: 'string' },
        NameIDFormat: { type: 'string' },
        SessionNotOnOrAfter: isoDate,
        Attributes: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
        length: { type: 'integer', minimum: 0 },
      },
      additionalProperties: false,
    },
  ],
} as const

const webIdentityToken = {
  anyOf: [
    { type: 'string', description: 'a raw JWT: its payload is read (the signature is not checked)' },
    {
      type: 'object',
      description: 'the token claims (iss, sub, aud, azp, amr, email, custom claims); `length` = raw token length',
      properties: { length: { type: 'integer', minimum: 0 } },
    },
  ],
} as const

const managedPolicy = {
  type: 'object',
  required: ['arn'],
  properties: { arn: { type: 'string' }, document: { type: ['object', 'string'], description: 'the policy document, when known' } },
  additionalProperties: false,
} as const

const parameters = {
  type: 'object',
  properties: {
    RoleArn: { type: 'string' },
    RoleSessionName: { type: 'string' },
    DurationSeconds: { type: 'integer' },
    ExternalId: { type: 'string' },
    Tags: tagList,
    TransitiveTagKeys: { type: 'array', items: { type: 'string' } },
    Policy: { type: ['object', 'string'] },
    PolicyArns: { type: 'array', items: managedPolicy },
    SourceIdentity: { type: 'string' },
    SerialNumber: { type: 'string' },
    TokenCode: { type: 'string' },
    WebIdentityToken: webIdentityToken,
    ProviderId: { type: 'string' },
    SAMLAssertion: samlAssertion,
    PrincipalArn: { type: 'string' },
    Name: { type: 'string' },
    ProvidedContexts: {
      type: 'array',
      items: { type: 'object', required: ['ProviderArn', 'ContextAssertion'], properties: { ProviderArn: { type: 'string' }, ContextAssertion: { type: 'string' } }, additionalProperties: false },
    },
    TargetPrincipal: { type: 'string' },
    TaskPolicyArn: { type: 'object', required: ['arn'], properties: { arn: { type: 'string' } }, additionalProperties: false },
  },
  additionalProperties: false,
} as const

const decision = { enum: ['allowed', 'explicitDeny', 'implicitDeny'] } as const

const followUp = {
  type: 'object',
  required: ['action', 'resource'],
  properties: {
    action: { type: 'string', minLength: 1 },
    resource: { type: 'string', minLength: 1 },
    resourceAccount: { type: 'string', pattern: '^[0-9]{12}$' },
    context: contextMap,
    resourcePolicy: policyRef,
    expect: { type: 'object', required: ['decision'], properties: { decision }, additionalProperties: false },
  },
  additionalProperties: false,
} as const

const expect = {
  type: 'object',
  properties: {
    decision,
    succeeds: { type: 'boolean' },
    violations: { type: 'array', items: { type: 'string', pattern: '^sts\\.' } },
    actions: { type: 'object', additionalProperties: decision },
    session: {
      type: 'object',
      properties: {
        arn: { type: 'string' },
        userId: { type: 'string' },
        tags: tagMap,
        transitiveTagKeys: { type: 'array', items: { type: 'string' } },
        sourceIdentity: { type: ['string', 'null'] },
        chained: { type: 'boolean' },
        expiration: { type: 'string' },
        durationSeconds: { type: 'integer' },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const

const callProperties = {
  api: { enum: ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'AssumeRoot', 'GetSessionToken', 'GetFederationToken'] },
  caller: ref('caller'),
  role: ref('role'),
  parameters: ref('parameters'),
  now: isoDate,
  context: contextMap,
  then: { type: 'array', items: ref('followUp') },
  expect,
} as const

const call = { type: 'object', properties: callProperties, additionalProperties: false } as const

/**
 * Schema of an STS call file (JSON Schema draft-07, as ajv reads it).
 *
 * @example
 * new Ajv({ strict: false }).compile(ASSUME_CALL_SCHEMA)(JSON.parse(text)) // true for a well-formed file
 */
export const ASSUME_CALL_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/iamtrace/iamtrace/schemas/assume-call.schema.json',
  title: 'iamtrace STS call file',
  description: 'One AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML, AssumeRoot, GetSessionToken or GetFederationToken call, or a chain of calls where each hop after the first is made with the previous hop\'s credentials',
  type: 'object',
  definitions: { policy, caller, role, parameters, followUp },
  properties: {
    description: { type: 'string' },
    source: { type: 'string' },
    ...callProperties,
    chain: { type: 'array', minItems: 1, items: call },
  },
  additionalProperties: false,
  oneOf: [
    { required: ['chain'], not: { anyOf: ['caller', 'role', 'parameters', 'api', 'now', 'context', 'then', 'expect'].map((k) => ({ required: [k] })) } },
    { required: ['caller'], not: { required: ['chain'] } },
  ],
} as const
