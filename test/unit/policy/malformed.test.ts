/**
 * Malformed documents: each row names the diagnostic code and pointer the parser must report, and the
 * AWS page the rule comes from. Rows pass an object (or JSON text) and a policy kind.
 */
import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../../src/policy/parsePolicy.js'
import type { PolicyKind } from '../../../src/policy/types.js'
import { baseStatement, codesAt, doc, DOCS, identityStatement, trustStatement } from '../../helpers/policies.js'

type Row = readonly [name: string, kind: PolicyKind, input: unknown, code: string, pointer: string, url: string]

const cond = (condition: unknown, kind: PolicyKind = 'trust'): Record<string, unknown> => doc({ ...baseStatement(kind), Condition: condition })
const principal = (value: unknown): Record<string, unknown> => doc(trustStatement({ Principal: value }))

const documentRows: Row[] = [
  ['root is an array', 'identity', '[]', 'json.not-object', '', DOCS.GRAM],
  ['root is a string', 'identity', '"policy"', 'json.not-object', '', DOCS.GRAM],
  ['root is a number value', 'identity', 7, 'json.not-object', '', DOCS.GRAM],
  ['no Statement', 'identity', { Version: '2012-10-17' }, 'policy.missing-statement', '', DOCS.STMT],
  ['empty Statement list', 'identity', { Version: '2012-10-17', Statement: [] }, 'policy.empty-statement', '/Statement', DOCS.STMT],
  ['Statement is a string', 'identity', { Statement: 'Allow' }, 'policy.wrong-type', '/Statement', DOCS.STMT],
  ['unknown Version', 'identity', { ...doc(identityStatement()), Version: '2012-10-18' }, 'policy.invalid-version', '/Version', DOCS.VER],
  ['Version as a number', 'identity', { ...doc(identityStatement()), Version: 2012 }, 'policy.wrong-type', '/Version', DOCS.VER],
  ['lowercase version key', 'identity', { version: '2012-10-17', Statement: [identityStatement()] }, 'policy.unknown-key', '/version', DOCS.GRAM],
  ['Id is a number', 'identity', { ...doc(identityStatement()), Id: 5 }, 'policy.wrong-type', '/Id', DOCS.ID],
  ['duplicate Version key', 'identity', '{"Version":"2012-10-17","Version":"2008-10-17","Statement":[]}', 'json.duplicate-key', '/Version', DOCS.GRAM],
  ['duplicate Effect key', 'identity', '{"Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}}', 'json.duplicate-key', '/Statement/Effect', DOCS.GRAM],
  ['duplicate operator key', 'trust', '{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"Bool":{},"Bool":{}}}}', 'json.duplicate-key', '/Statement/Condition/Bool', DOCS.GRAM],
]

const statementRows: Row[] = [
  ['statement is a string', 'identity', doc('x' as never), 'policy.wrong-type', '/Statement/0', DOCS.STMT],
  ['unknown statement key', 'identity', doc(identityStatement({ Effects: 'Allow' })), 'policy.unknown-key', '/Statement/0/Effects', DOCS.GRAM],
  ['lowercase action key', 'identity', doc({ Effect: 'Allow', action: 's3:*', Resource: '*' }), 'policy.unknown-key', '/Statement/0/action', DOCS.GRAM],
  ['no Effect', 'identity', doc({ Action: 's3:*', Resource: '*' }), 'policy.missing-effect', '/Statement/0', DOCS.EFFECT],
  ['lowercase Effect value', 'identity', doc(identityStatement({ Effect: 'allow' })), 'policy.invalid-effect', '/Statement/0/Effect', DOCS.EFFECT],
  ['Effect as a list', 'identity', doc(identityStatement({ Effect: ['Allow'] })), 'policy.wrong-type', '/Statement/0/Effect', DOCS.EFFECT],
  ['no Action', 'identity', doc({ Effect: 'Allow', Resource: '*' }), 'policy.missing-action', '/Statement/0', DOCS.ACT],
  ['Action and NotAction', 'identity', doc(identityStatement({ NotAction: 'iam:*' })), 'policy.element-combination', '/Statement/0/NotAction', DOCS.NOTACT],
  ['Resource and NotResource', 'identity', doc(identityStatement({ NotResource: '*' })), 'policy.element-combination', '/Statement/0/NotResource', DOCS.NOTRES],
  ['Principal and NotPrincipal', 'resource', doc({ ...baseStatement('resource'), Effect: 'Deny', NotPrincipal: { AWS: '111122223333' } }), 'policy.element-combination', '/Statement/0/NotPrincipal', DOCS.NOTPRIN],
  ['Action is an object', 'identity', doc(identityStatement({ Action: {} })), 'policy.wrong-type', '/Statement/0/Action', DOCS.ACT],
  ['Action list holds an object', 'identity', doc(identityStatement({ Action: ['s3:GetObject', {}] })), 'policy.wrong-type', '/Statement/0/Action/1', DOCS.ACT],
  ['Action without a service', 'identity', doc(identityStatement({ Action: 's3' })), 'policy.invalid-action', '/Statement/0/Action', DOCS.ACT],
  ['Action with a space', 'identity', doc(identityStatement({ Action: ['s3:Get Object'] })), 'policy.invalid-action', '/Statement/0/Action/0', DOCS.ACT],
  ['Resource that is not an ARN', 'identity', doc(identityStatement({ Resource: 'my-bucket' })), 'policy.invalid-resource', '/Statement/0/Resource', DOCS.RES],
  ['Resource ARN with too few parts', 'identity', doc(identityStatement({ Resource: ['*', 'arn:aws:s3'] })), 'policy.invalid-resource', '/Statement/0/Resource/1', DOCS.RES],
  ['identity statement without Resource', 'identity', doc({ Effect: 'Allow', Action: 's3:*' }), 'policy.missing-resource', '/Statement/0', DOCS.AA],
  ['Sid with a hyphen', 'identity', doc(identityStatement({ Sid: 'read-only' })), 'policy.invalid-sid', '/Statement/0/Sid', DOCS.SID],
  ['Sid with a space', 'trust', doc(trustStatement({ Sid: 'Trust me' })), 'policy.invalid-sid', '/Statement/0/Sid', DOCS.SID],
  ['duplicate Sid', 'identity', doc(identityStatement({ Sid: 'A' }), identityStatement({ Sid: 'A' })), 'policy.duplicate-sid', '/Statement/1/Sid', DOCS.SID],
  ['Sid is an object', 'identity', doc(identityStatement({ Sid: {} })), 'policy.wrong-type', '/Statement/0/Sid', DOCS.SID],
  ['character above U+00FF in a value', 'identity', doc(identityStatement({ Resource: 'arn:aws:s3:::b\u2603/*' })), 'policy.invalid-character', '/Statement/0/Resource', DOCS.QUOTAS],
  ['control character in a value', 'identity', doc(identityStatement({ Sid: 'A\u0001' })), 'policy.invalid-character', '/Statement/0/Sid', DOCS.QUOTAS],
  ['character above U+00FF in a key', 'trust', cond({ StringEquals: { 'aws:PrincipalTag/\u00e9\u4e2d': 'x' } }), 'policy.invalid-character', '/Statement/0/Condition/StringEquals/aws:PrincipalTag~1\u00e9\u4e2d', DOCS.QUOTAS],
]

const principalRows: Row[] = [
  ['Principal in an identity policy', 'identity', doc(identityStatement({ Principal: '*' })), 'policy.principal-not-allowed', '/Statement/0/Principal', DOCS.PRIN],
  ['Principal in a session policy', 'session', doc(identityStatement({ Principal: { AWS: '*' } })), 'policy.principal-not-allowed', '/Statement/0/Principal', DOCS.POLICIES],
  ['Principal in a boundary', 'boundary', doc(identityStatement({ Principal: { AWS: '*' } })), 'policy.principal-not-allowed', '/Statement/0/Principal', DOCS.POLICIES],
  ['NotPrincipal in an identity policy', 'identity', doc(identityStatement({ NotPrincipal: { AWS: '111122223333' } })), 'policy.not-principal-not-allowed', '/Statement/0/NotPrincipal', DOCS.NOTPRIN],
  ['Resource in a trust policy', 'trust', doc(trustStatement({ Resource: '*' })), 'policy.resource-not-allowed', '/Statement/0/Resource', DOCS.AA],
  ['NotResource in a trust policy', 'trust', doc(trustStatement({ NotResource: '*' })), 'policy.resource-not-allowed', '/Statement/0/NotResource', DOCS.AA],
  ['trust statement without Principal', 'trust', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'policy.missing-principal', '/Statement/0', DOCS.PRIN],
  ['NotPrincipal in a trust policy', 'trust', doc({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }), 'policy.not-principal-not-allowed', '/Statement/0/NotPrincipal', DOCS.NOTPRIN],
  ['NotPrincipal with Allow in a resource policy', 'resource', doc({ Effect: 'Allow', NotPrincipal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }), 'policy.not-principal-not-allowed', '/Statement/0/NotPrincipal', DOCS.NOTPRIN],
  ['bare "*" in a trust policy', 'trust', principal('*'), 'principal.bare-wildcard-in-trust', '/Statement/0/Principal', DOCS.AA],
  ['unknown principal key', 'trust', principal({ User: 'arn:aws:iam::111122223333:user/a' }), 'principal.invalid-key', '/Statement/0/Principal/User', DOCS.PRIN],
  ['lowercase principal key', 'trust', principal({ aws: '111122223333' }), 'principal.invalid-key', '/Statement/0/Principal/aws', DOCS.PRIN],
  ['Principal is an ARN string', 'trust', principal('arn:aws:iam::111122223333:root'), 'principal.invalid-value', '/Statement/0/Principal', DOCS.AA],
  ['Principal is a list', 'trust', principal(['*']), 'policy.wrong-type', '/Statement/0/Principal', DOCS.PRIN],
  ['account id with 5 digits', 'trust', principal({ AWS: '12345' }), 'principal.invalid-account', '/Statement/0/Principal/AWS', DOCS.PRIN],
  ['root ARN with a short account', 'trust', principal({ AWS: ['arn:aws:iam::1234:root'] }), 'principal.invalid-account', '/Statement/0/Principal/AWS/0', DOCS.IDS],
  ['group ARN', 'trust', principal({ AWS: 'arn:aws:iam::111122223333:group/Admins' }), 'principal.invalid-arn', '/Statement/0/Principal/AWS', DOCS.PRIN],
  ['instance profile ARN', 'trust', principal({ AWS: 'arn:aws:iam::111122223333:instance-profile/Web' }), 'principal.invalid-arn', '/Statement/0/Principal/AWS', DOCS.PRIN],
  ['S3 ARN as a principal', 'trust', principal({ AWS: 'arn:aws:s3:::bucket' }), 'principal.invalid-arn', '/Statement/0/Principal/AWS', DOCS.PRIN],
  ['wildcard account in a role ARN', 'trust', principal({ AWS: 'arn:aws:iam::*:role/Admin' }), 'principal.partial-wildcard', '/Statement/0/Principal/AWS', DOCS.PRIN],
  ['wildcard user name', 'trust', principal({ AWS: ['arn:aws:iam::111122223333:user/*'] }), 'principal.partial-wildcard', '/Statement/0/Principal/AWS/0', DOCS.PRIN],
  ['wildcard session name', 'trust', principal({ AWS: 'arn:aws:sts::111122223333:assumed-role/R/*' }), 'principal.partial-wildcard', '/Statement/0/Principal/AWS', DOCS.PRIN],
  ['wildcard service', 'trust', principal({ Service: '*.amazonaws.com' }), 'principal.partial-wildcard', '/Statement/0/Principal/Service', DOCS.PRIN],
  ['"Service": "*"', 'trust', principal({ Service: '*' }), 'principal.service-wildcard', '/Statement/0/Principal/Service', DOCS.PRIN],
  ['service name with spaces', 'trust', principal({ Service: 'EC2 service' }), 'principal.invalid-value', '/Statement/0/Principal/Service', DOCS.PRIN],
  ['group unique id', 'trust', principal({ AWS: 'AGPAEXAMPLEGROUPID01' }), 'principal.invalid-value', '/Statement/0/Principal/AWS', DOCS.IDS],
  ['user name as a principal', 'trust', principal({ AWS: 'alice' }), 'principal.invalid-value', '/Statement/0/Principal/AWS', DOCS.PRIN],
  ['Federated role ARN', 'trust', principal({ Federated: 'arn:aws:iam::111122223333:role/x' }), 'principal.invalid-arn', '/Statement/0/Principal/Federated', DOCS.OIDCROLE],
  ['Federated unknown host', 'trust', principal({ Federated: 'login.example.com' }), 'principal.invalid-value', '/Statement/0/Principal/Federated', DOCS.OIDCROLE],
  ['Federated in a resource policy', 'resource', doc({ ...baseStatement('resource'), Principal: { Federated: 'accounts.google.com' } }), 'principal.federated-not-allowed', '/Statement/0/Principal/Federated', DOCS.AA],
  ['short canonical user', 'resource', doc({ ...baseStatement('resource'), Principal: { CanonicalUser: 'abc' } }), 'principal.invalid-value', '/Statement/0/Principal/CanonicalUser', DOCS.PRIN],
  ['principal value is an object', 'trust', principal({ AWS: [{}] }), 'policy.wrong-type', '/Statement/0/Principal/AWS/0', DOCS.PRIN],
]

const conditionRows: Row[] = [
  ['Condition is a string', 'trust', cond('x'), 'policy.wrong-type', '/Statement/0/Condition', DOCS.COND],
  ['operator block is a string', 'trust', cond({ StringEquals: 'x' }), 'policy.wrong-type', '/Statement/0/Condition/StringEquals', DOCS.COND],
  ['misspelt operator', 'trust', cond({ StringEqual: { 'sts:ExternalId': 'x' } }), 'condition.unknown-operator', '/Statement/0/Condition/StringEqual', DOCS.OPS],
  ['lowercase operator', 'trust', cond({ stringequals: { 'sts:ExternalId': 'x' } }), 'condition.unknown-operator', '/Statement/0/Condition/stringequals', DOCS.OPS],
  ['unknown set qualifier', 'trust', cond({ 'ForEachValue:StringEquals': { 'aws:TagKeys': 'x' } }), 'condition.unknown-operator', '/Statement/0/Condition/ForEachValue:StringEquals', DOCS.SETOPS],
  ['IfExists twice', 'trust', cond({ StringEqualsIfExistsIfExists: { 'sts:ExternalId': 'x' } }), 'condition.unknown-operator', '/Statement/0/Condition/StringEqualsIfExistsIfExists', DOCS.OPS],
  ['NullIfExists', 'trust', cond({ NullIfExists: { 'aws:SourceIp': 'true' } }), 'condition.null-if-exists', '/Statement/0/Condition/NullIfExists', DOCS.OPS],
  ['Bool with two values', 'trust', cond({ Bool: { 'aws:SecureTransport': ['true', 'false'] } }), 'condition.bool-multiple-values', '/Statement/0/Condition/Bool/aws:SecureTransport', DOCS.AA],
  ['Bool with a non-boolean value', 'trust', cond({ Bool: { 'aws:SecureTransport': 'yes' } }), 'condition.invalid-value', '/Statement/0/Condition/Bool/aws:SecureTransport', DOCS.OPS],
  ['Null with a non-boolean value', 'trust', cond({ Null: { 'aws:SourceIp': ['maybe'] } }), 'condition.invalid-value', '/Statement/0/Condition/Null/aws:SourceIp/0', DOCS.OPS],
  ['key without a prefix', 'trust', cond({ IpAddress: { SourceIp: '203.0.113.0/24' } }), 'condition.invalid-key', '/Statement/0/Condition/IpAddress/SourceIp', DOCS.AA],
  ['key ending in a colon', 'trust', cond({ StringEquals: { 'aws:': 'x' } }), 'condition.invalid-key', '/Statement/0/Condition/StringEquals/aws:', DOCS.AA],
  ['same key with different case', 'trust', cond({ StringEquals: { 'aws:PrincipalTag/Team': 'a', 'aws:principaltag/team': 'b' } }), 'condition.duplicate-key-case', '/Statement/0/Condition/StringEquals/aws:principaltag~1team', DOCS.AA],
  ['value is an object', 'trust', cond({ StringEquals: { 'sts:ExternalId': {} } }), 'condition.wrong-type', '/Statement/0/Condition/StringEquals/sts:ExternalId', DOCS.COND],
  ['value list holds null', 'trust', cond({ StringEquals: { 'sts:ExternalId': ['a', null] } }), 'condition.wrong-type', '/Statement/0/Condition/StringEquals/sts:ExternalId/1', DOCS.COND],
  ['variable without closing brace', 'trust', cond({ StringLike: { 'sts:RoleSessionName': '${aws:username' } }), 'variable.malformed', '/Statement/0/Condition/StringLike/sts:RoleSessionName', DOCS.VARS],
  ['empty variable', 'trust', cond({ StringLike: { 'sts:RoleSessionName': 'x-${}' } }), 'variable.malformed', '/Statement/0/Condition/StringLike/sts:RoleSessionName', DOCS.VARS],
  ['variable with a space', 'trust', cond({ StringEquals: { 'sts:RoleSessionName': ['${aws: username}'] } }), 'variable.malformed', '/Statement/0/Condition/StringEquals/sts:RoleSessionName/0', DOCS.VARS],
  ['variable default without quotes', 'trust', cond({ StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/team, all}' } }), 'variable.malformed', '/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team', DOCS.VARS],
  ['variable in a Numeric operator', 'trust', cond({ NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:EpochTime}' } }), 'variable.unsupported-operator', '/Statement/0/Condition/NumericLessThan/aws:MultiFactorAuthAge', DOCS.VARS],
  ['variable in a Bool operator', 'trust', cond({ Bool: { 'aws:SecureTransport': '${aws:SecureTransport}' } }), 'variable.unsupported-operator', '/Statement/0/Condition/Bool/aws:SecureTransport', DOCS.VARS],
  ['variable without closing brace in Resource', 'identity', doc(identityStatement({ Resource: 'arn:aws:s3:::home/${aws:username/*' })), 'variable.malformed', '/Statement/0/Resource', DOCS.VARS],
  ['variable in the account of a Resource', 'identity', doc(identityStatement({ Resource: 'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}' })), 'variable.outside-resource-part', '/Statement/0/Resource', DOCS.VARS],
  ['variable in the region of a NotResource', 'identity', doc({ Effect: 'Allow', Action: 'sqs:SendMessage', NotResource: ['arn:aws:s3:::b', 'arn:aws:sqs:${aws:RequestedRegion}:111122223333:q'] }), 'variable.outside-resource-part', '/Statement/0/NotResource/1', DOCS.VARS],
  ['escape in the service of a Resource', 'identity', doc(identityStatement({ Resource: 'arn:aws:s${?}:::b' })), 'variable.outside-resource-part', '/Statement/0/Resource', DOCS.VARS],
]

const organizationsRows: Row[] = [
  ['Principal in an SCP', 'scp', doc({ ...baseStatement('scp'), Principal: '*' }), 'policy.principal-not-allowed', '/Statement/0/Principal', DOCS.SCPSYN],
  ['SCP without Version', 'scp', { Statement: [baseStatement('scp')] }, 'policy.version-required', '', DOCS.SCPSYN],
  ['SCP with Version 2008-10-17', 'scp', { Version: '2008-10-17', Statement: [baseStatement('scp')] }, 'policy.version-required', '/Version', DOCS.SCPSYN],
  ['SCP without Resource', 'scp', doc({ Effect: 'Deny', Action: 's3:*' }), 'policy.missing-resource', '/Statement/0', DOCS.SCPSYN],
  ['RCP without Version', 'rcp', { Statement: [baseStatement('rcp')] }, 'policy.version-required', '', DOCS.RCPSYN],
  ['RCP Allow', 'rcp', doc({ ...baseStatement('rcp'), Effect: 'Allow' }), 'policy.rcp-effect', '/Statement/0/Effect', DOCS.RCPSYN],
  ['RCP Principal map', 'rcp', doc({ ...baseStatement('rcp'), Principal: { AWS: '111122223333' } }), 'policy.rcp-principal', '/Statement/0/Principal', DOCS.RCPSYN],
  ['RCP without Principal', 'rcp', doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' }), 'policy.missing-principal', '/Statement/0', DOCS.RCPSYN],
  ['RCP NotPrincipal', 'rcp', doc({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }), 'policy.not-principal-not-allowed', '/Statement/0/NotPrincipal', DOCS.RCPSYN],
  ['RCP NotAction', 'rcp', doc({ Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' }), 'policy.not-action-not-allowed', '/Statement/0/NotAction', DOCS.RCPSYN],
  ['RCP Action "*"', 'rcp', doc({ ...baseStatement('rcp'), Action: '*' }), 'policy.rcp-action-wildcard', '/Statement/0/Action', DOCS.RCPSYN],
  ['RCP Action "*:*"', 'rcp', doc({ ...baseStatement('rcp'), Action: ['s3:*', '*:Get*'] }), 'policy.rcp-action-wildcard', '/Statement/0/Action/1', DOCS.RCPSYN],
  ['RCP without Resource', 'rcp', doc({ Effect: 'Deny', Principal: '*', Action: 's3:*' }), 'policy.missing-resource', '/Statement/0', DOCS.RCPSYN],
]

describe.each([
  ['document', documentRows],
  ['statement', statementRows],
  ['principal', principalRows],
  ['condition', conditionRows],
  ['organizations', organizationsRows],
] as const)('malformed %s', (_group, rows) => {
  const table = rows.map(([name, kind, input, code, pointer, url]) => ({ name, kind, input, code, pointer, url }))
  it.each(table)('$name ($kind) → $code at $pointer — $url', ({ kind, input, code, pointer }) => {
    const r = parsePolicy(input, { kind })
    expect(r.ok).toBe(false)
    expect(codesAt(r.diagnostics)).toContainEqual([code, pointer])
    if (!r.ok) expect(codesAt(r.errors)).toContainEqual([code, pointer])
  })
})

describe('malformed text documents carry line and column', () => {
  it.each([
    [
      'unknown operator',
      '{\n  "Version": "2012-10-17",\n  "Statement": {\n    "Effect": "Allow",\n    "Principal": {"Service": "ec2.amazonaws.com"},\n    "Action": "sts:AssumeRole",\n    "Condition": {"StringEqual": {"aws:SourceAccount": "111122223333"}}\n  }\n}',
      'condition.unknown-operator',
      '/Statement/Condition/StringEqual',
      { line: 7, column: 19 },
      DOCS.OPS,
    ],
    [
      'lowercase Effect',
      '{"Version": "2012-10-17",\n"Statement": [\n  {"Effect": "allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}\n]}',
      'policy.invalid-effect',
      '/Statement/0/Effect',
      { line: 3, column: 4 },
      DOCS.EFFECT,
    ],
    [
      'partial wildcard principal',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",\n  "Principal": {"AWS": [\n    "111122223333",\n    "arn:aws:iam::*:root"]},\n  "Action": "sts:AssumeRole"}]}',
      'principal.partial-wildcard',
      '/Statement/0/Principal/AWS/1',
      { line: 4, column: 5 },
      DOCS.PRIN,
    ],
    [
      'duplicate Sid',
      '{"Statement": [\n{"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"},\n{"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}]}',
      'policy.duplicate-sid',
      '/Statement/1/Sid',
      { line: 3, column: 2 },
      DOCS.SID,
    ],
    [
      'syntax error',
      '{"Version": "2012-10-17",\n "Statement": [\n   {"Effect": "Allow" "Action": "s3:*"}]}',
      'json.syntax',
      '/Statement/0',
      { line: 3, column: 23 },
      DOCS.GRAM,
    ],
  ] as const)('%s', (_name, text, code, pointer, position, _url) => {
    const r = parsePolicy(text, { kind: 'trust', file: 'trust.json' })
    expect(r.ok).toBe(false)
    const found = r.diagnostics.find((d) => d.code === code && d.pointer === pointer)
    expect(found?.position).toEqual(position)
    expect(found?.file).toBe('trust.json')
  })
})

// The reader notes, while it reads text, whether any key or string holds a character IAM rejects; the
// check must find the same characters in text (raw or escaped, alone or inside a scenario) as in objects.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
describe('characters IAM rejects, in JSON text', () => {
  const statement = (sid: string, resource: string, key = 'aws:PrincipalTag/team'): string =>
    `{"Sid": "${sid}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "${resource}", "Condition": {"StringEquals": {"${key}": "a"}}}`
  const policyText = (s: string): string => `{"Version": "2012-10-17", "Statement": [${s}]}`
  const scenarioText = (s: string): string =>
    `{"request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "principalPolicies": {"identity": [{"name": "p", "document": ${policyText(s)}}]}, "expect": {"decision": "implicitDeny"}}`
  it.each([
    ['a raw character above U+00FF in a value', statement('A', 'arn:aws:s3:::b\u2603/*'), '/Statement/0/Resource'],
    ['an escaped character above U+00FF in a value', statement('A', 'arn:aws:s3:::b\\u2603/*'), '/Statement/0/Resource'],
    ['an escaped control character in a value', statement('A\\u0001', 'arn:aws:s3:::b/*'), '/Statement/0/Sid'],
    ['a raw character above U+00FF in a key', statement('A', 'arn:aws:s3:::b/*', 'aws:PrincipalTag/\u4e2d'), '/Statement/0/Condition/StringEquals/aws:PrincipalTag~1\u4e2d'],
    ['an escaped backspace in a key', statement('A', 'arn:aws:s3:::b/*', 'aws:PrincipalTag/\\b'), '/Statement/0/Condition/StringEquals/aws:PrincipalTag~1\b'],
  ] as const)('%s', async (_name, s, pointer) => {
    const alone = parsePolicy(policyText(s), { kind: 'identity' })
    expect(codesAt(alone.diagnostics)).toContainEqual(['policy.invalid-character', pointer])
    const { parseScenario } = await import('../../../src/scenario/parseScenario.js')
    const inScenario = parseScenario(scenarioText(s))
    expect(codesAt(inScenario.diagnostics)).toContainEqual(['policy.invalid-character', `/principalPolicies/identity/0/document${pointer}`])
  })
  it('accepts tab, line feed and carriage return escapes and U+0020 to U+00FF', () => {
    const r = parsePolicy(policyText(statement('A', 'arn:aws:s3:::b/\u00e9\u00ff~\\t\\n\\r/*')), { kind: 'identity' })
    expect(codesAt(r.diagnostics).filter(([code]) => code === 'policy.invalid-character')).toEqual([])
  })
})
