/**
 * Malformed call files: every problem is a located diagnostic (file, JSON pointer, line/column),
 * never a crash and never an evaluated call.
 */
import { describe, expect, it } from 'vitest'
import { parseAssumeCall } from '../../../src/index.js'

const USER = 'arn:aws:iam::111122223333:user/alice'
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }] }
const good = { description: 'd', source: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html', caller: { arn: USER }, role: { arn: 'arn:aws:iam::111122223333:role/R', trustPolicy: trust }, parameters: { RoleSessionName: 's' } }

function errors(input: unknown) {
  const r = parseAssumeCall(input, { file: 'call.json' })
  if (r.ok) throw new Error('expected errors')
  return r.errors
}

describe('parseAssumeCall', () => {
  it('reads a well-formed call', () => {
    const r = parseAssumeCall(good)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value.calls[0]?.api).toBe('AssumeRole')
  })

  it('locates an unknown field with file, pointer, line and column', () => {
    const text = '{\n  "caller": {"arn": "arn:aws:iam::111122223333:user/alice"},\n  "role": {"arn": "arn:aws:iam::111122223333:role/R"},\n  "parameters": {"RoleSessionName": "s", "Durationseconds": 900}\n}\n'
    const [e] = errors(text)
    expect(e).toMatchObject({ code: 'sts.invalid-call', pointer: '/parameters/Durationseconds', file: 'call.json', position: { line: 4, column: 42 } })
  })

  it.each([
    ['a JSON syntax error', '{"caller": ', 'json.syntax', '/caller'],
    ['a wrong type', { ...good, parameters: { RoleSessionName: 's', DurationSeconds: '900' } }, 'sts.invalid-call', '/parameters/DurationSeconds'],
    ['a missing role', { caller: { arn: USER }, parameters: {} }, 'sts.invalid-call', ''],
    ['a role that is not a role ARN', { ...good, role: { arn: 'arn:aws:iam::111122223333:user/bob' } }, 'sts.invalid-call', '/role/arn'],
    ['a parameter STS does not know', { ...good, parameters: { RoleSessionName: 's', RoleSesionName: 'x' } }, 'sts.invalid-call', '/parameters/RoleSesionName'],
    ['MFA facts on long-term keys', { ...good, caller: { arn: USER, mfa: { present: true } } }, 'sts.invalid-call', '/caller/mfa'],
    ['credentials on a role session', { ...good, caller: { arn: 'arn:aws:sts::111122223333:assumed-role/R/s', credentials: 'GetSessionToken' } }, 'sts.invalid-call', '/caller/credentials'],
    ['a role with neither arn nor RoleArn', { ...good, role: { trustPolicy: good.role.trustPolicy } }, 'sts.invalid-call', ''],
    ['RoleArn and role.arn that differ', { ...good, parameters: { RoleSessionName: 's', RoleArn: 'arn:aws:iam::111122223333:role/Other' } }, 'sts.invalid-call', '/parameters/RoleArn'],
    ['follow-ups of an AssumeRoot session', { api: 'AssumeRoot', caller: { arn: USER }, parameters: { TargetPrincipal: '444455556666', TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' } }, then: [{ action: 's3:DeleteBucketPolicy', resource: 'arn:aws:s3:::b' }] }, 'sts.invalid-call', '/then'],
    ['a hop after AssumeRoot', { chain: [{ api: 'AssumeRoot', caller: { arn: USER }, parameters: { TargetPrincipal: '444455556666', TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' } } }, { role: good.role, parameters: { RoleSessionName: 's' } }] }, 'sts.invalid-call', '/chain/1'],
    ['an unsigned API as a later hop', { chain: [{ caller: { arn: USER }, role: good.role, parameters: { RoleSessionName: 's' } }, { api: 'AssumeRoleWithWebIdentity', role: good.role, parameters: { RoleSessionName: 's', WebIdentityToken: { sub: 'x' } } }] }, 'sts.invalid-call', '/chain/1/api'],
    ['a signed API with a federated caller', { ...good, api: 'AssumeRole', caller: { federated: 'cognito-identity.amazonaws.com' } }, 'sts.invalid-call', '/caller'],
    ['an unsigned API with an ARN caller', { ...good, api: 'AssumeRoleWithWebIdentity', parameters: { RoleSessionName: 's', WebIdentityToken: { sub: 'x' } } }, 'sts.invalid-call', '/caller'],
    ['a web-identity call without a token', { ...good, caller: { federated: 'cognito-identity.amazonaws.com' }, parameters: { RoleSessionName: 's' } }, 'sts.invalid-call', '/parameters'],
    ['a raw token that is not a JWT', { ...good, caller: { federated: 'cognito-identity.amazonaws.com' }, parameters: { RoleSessionName: 's', WebIdentityToken: 'not-a-jwt' } }, 'sts.invalid-call', '/parameters/WebIdentityToken'],
    ['a malformed trust policy', { ...good, role: { arn: 'arn:aws:iam::111122223333:role/R', trustPolicy: { Statement: 'x' } } }, 'policy.wrong-type', '/role/trustPolicy/Statement'],
    ['a chain hop with a caller', { chain: [{ caller: { arn: USER }, role: good.role, parameters: { RoleSessionName: 's' } }, { caller: { arn: USER }, role: good.role, parameters: { RoleSessionName: 's' } }] }, 'sts.invalid-call', '/chain/1/caller'],
    ['chain beside a caller', { ...good, chain: [{ caller: { arn: USER }, role: good.role }] }, 'sts.invalid-call', ''],
    ['an invalid now', { ...good, now: 'yesterday' }, 'sts.invalid-call', '/now'],
  ])('rejects %s', (_name, input, code, pointer) => {
    const list = errors(input)
    expect(list.some((e) => e.code === code && e.pointer === pointer)).toBe(true)
  })

  it.each([
    ['parameters.RoleArn alone: a role known by its ARN, with no trust policy', { ...good, role: undefined, parameters: { RoleSessionName: 's', RoleArn: 'arn:aws:iam::111122223333:role/R' } }, false],
    ['role without arn, completed by parameters.RoleArn', { ...good, role: { trustPolicy: trust }, parameters: { RoleSessionName: 's', RoleArn: 'arn:aws:iam::111122223333:role/R' } }, true],
    ['both, agreeing', { ...good, parameters: { RoleSessionName: 's', RoleArn: 'arn:aws:iam::111122223333:role/R' } }, true],
  ])('reads the role from %s (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html)', (_name, input, hasTrust) => {
    const r = parseAssumeCall(JSON.parse(JSON.stringify(input)))
    if (!r.ok) throw new Error(JSON.stringify(r.errors))
    expect(r.value.calls[0]?.role?.arn).toBe('arn:aws:iam::111122223333:role/R')
    expect(r.value.calls[0]?.role?.trust !== null).toBe(hasTrust)
  })

  it('keeps __proto__ keys as data', () => {
    const text = JSON.stringify({ ...good, role: { ...good.role, tags: { team: 'a' } } }).replace('"team"', '"__proto__"')
    const r = parseAssumeCall(text)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value.calls[0]?.role?.tags).toEqual([{ key: '__proto__', value: 'a' }])
    expect(({} as Record<string, unknown>).a).toBeUndefined()
  })

  it('reads the claims of a raw JWT', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'repo:o/r:ref:refs/heads/main', aud: 'sts.amazonaws.com' })).toString('base64url')
    const r = parseAssumeCall({ ...good, caller: { federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, parameters: { RoleSessionName: 's', WebIdentityToken: `eyJhbGciOiJSUzI1NiJ9.${payload}.sig` } })
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value.calls[0]?.parameters.WebIdentityToken?.claims.sub).toBe('repo:o/r:ref:refs/heads/main')
  })
})
