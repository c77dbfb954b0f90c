/**
 * JSON Schema of `.iamtrace.json` (also published as `schemas/iamtrace-config.schema.json`; a test keeps
 * the two equal; after editing, run `npm run build:validators` to refresh the precompiled validator). Organization ids: https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
 */
const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const
const severity = { enum: ['off', 'critical', 'high', 'medium', 'low', 'info', 'error'] } as const

/**
 * The config file schema (JSON Schema draft-07).
 *
 * @example
 * // Point an editor at it for completion in .iamtrace.json:
 * writeFileSync('iamtrace-config.schema.json', JSON.stringify(LINT_CONFIG_SCHEMA, null, 2))
 */
export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/iamtrace/iamtrace/schemas/iamtrace-config.schema.json',
  title: 'iamtrace lint configuration (.iamtrace.json)',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    zone: {
      description: 'Your zone of trust: identities you control.',
      type: 'object',
      additionalProperties: false,
      properties: {
        accounts: { type: 'array', items: { type: 'string', pattern: '^[0-9]{12}$' } },
        organizations: { type: 'array', items: { type: 'string', pattern: '^o-[a-z0-9]{10,32}$' } },
        githubOrganizations: stringList,
        terraformOrganizations: stringList,
        gitlabGroups: stringList,
      },
    },
    rules: {
      description: 'Per-rule severity, or "off" to disable the rule.',
      type: 'object',
      additionalProperties: severity,
    },
    ignore: { description: 'Paths (minimatch globs) never linted.', ...stringList },
    suppressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'reason'],
        properties: {
          rule: { type: 'string', minLength: 1, description: 'Rule id, or "*" for every rule.' },
          paths: { ...stringList, description: 'minimatch globs; every file when absent.' },
          policy: { type: 'string', description: 'Policy name (role, logical id, address) the suppression applies to.' },
          pointer: { type: 'string', description: 'JSON pointer prefix inside the file.' },
          reason: { type: 'string', minLength: 1 },
          expires: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        },
      },
    },
    servicesWithoutSourceKeys: stringList,
    trustPolicySizeLimit: { type: 'integer', minimum: 1 },
    maxSessionDurationSeconds: { type: 'integer', minimum: 3600, maximum: 43200 },
  },
} as const
