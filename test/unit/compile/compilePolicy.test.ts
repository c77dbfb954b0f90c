/**
 * Compiling a parsed policy: what a JavaScript caller may pass instead, the statement references
 * traces show, the elements AWS refuses in a kind of policy, the variable keys a Resource reads, and
 * the per-service / per-action index (checked against the statements it may skip).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { describe, expect, it } from 'vitest'
import { compilePolicy, uncompilablePolicy } from '../../../src/compile/compilePolicy.js'
import type { CompiledPolicy } from '../../../src/compile/compilePolicy.js'
import type { Policy } from '../../../src/policy/types.js'
import type { RequestContext } from '../../../src/request/context.js'
import { compiled, parsed } from './helpers.js'

const AA = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html'
const NOTPRIN = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html'
const RCPSYN = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html'
const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html'

const EMPTY_CONTEXT: RequestContext = { get: () => undefined }
const allow = (action: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action: action, Resource: '*', ...extra })

describe('compilePolicy: input a JavaScript caller may pass', () => {
  const policy = parsed('identity', allow('s3:GetObject'))
  const refused = (p: CompiledPolicy) => {
    expect(p.statements).toEqual([])
    expect(p.candidates('s3')).toEqual([])
    expect(p.forAction('s3:getobject')).toEqual([])
    expect(p.actionIndex('s3:getobject')).toEqual({ statements: [], results: [] })
    expect(p.errors?.map((e) => [e.code, e.pointer])).toEqual([['evaluate.invalid-policies', '']])
    for (const e of p.errors ?? []) expect(e.message).toMatch(/\w{3}/)
    return p
  }

  it.each([
    ['a string', 'not a policy'],
    ['null', null],
    ['an object without statements', { kind: 'identity' }],
    ['statements that are not an array', { kind: 'identity', statements: {} }],
  ])('refuses %s in place of a parsed policy', (_name, value) => {
    const p = refused(compilePolicy(value as unknown as Policy, 'identity', 'P'))
    expect(p.name).toBe('P')
    expect(p.layer).toBe('identity')
    expect(p.errors?.[0]?.message).toMatch(/parsed policy/)
  })

  it('refuses an unknown layer, naming it, and files the policy under identity', () => {
    const p = refused(compilePolicy(policy, 'nonsense' as never, 'P'))
    expect(p.layer).toBe('identity')
    expect(p.errors?.[0]?.message).toContain('`nonsense`')
  })

  it('refuses a name that is not a string, and names the policy "policy"', () => {
    const p = refused(compilePolicy(policy, 'scp', 7 as unknown as string))
    expect(p.name).toBe('policy')
    expect(p.layer).toBe('scp')
    expect(p.errors?.[0]?.message).toMatch(/name/)
  })

  it.each([[-1], [1.5], ['1'], [Number.NaN]])('refuses the organization level %s', (level) => {
    const p = refused(compilePolicy(policy, 'scp', 'P', level as number))
    expect(p.errors?.[0]?.message).toMatch(/level/)
  })

  it('accepts level 0 and records it on every statement reference', () => {
    const p = compilePolicy(parsed('scp', allow('*'), allow('s3:*', { Sid: 'S3' })), 'scp', 'Guard', 0)
    expect(p.errors).toBeUndefined()
    expect(p.statements.map((s) => s.ref)).toStrictEqual([
      { policy: 'Guard', layer: 'scp', level: 0, index: 0, pointer: '/Statement/0' },
      { policy: 'Guard', layer: 'scp', level: 0, index: 1, pointer: '/Statement/1', sid: 'S3' },
    ])
  })

  it('leaves level and sid out of a reference that has none', () => {
    const p = compilePolicy(parsed('identity', allow('s3:*')), 'identity', 'Id')
    expect(p.statements[0]?.ref).toStrictEqual({ policy: 'Id', layer: 'identity', index: 0, pointer: '/Statement/0' })
    expect(Object.keys(p.statements[0]?.ref ?? {})).not.toContain('level')
  })

  it('turns an exception while compiling into an internal error, never a throw', () => {
    const broken = { kind: 'identity', pointer: '', variablesEnabled: false, statements: [null] } as unknown as Policy
    const p = compilePolicy(broken, 'boundary', 'Broken')
    expect(p.name).toBe('Broken')
    expect(p.layer).toBe('boundary')
    expect(p.statements).toEqual([])
    expect(p.errors?.map((e) => e.code)).toEqual(['internal.error'])
  })

  it('uncompilablePolicy keeps its errors and matches nothing', () => {
    const error = { code: 'internal.error', severity: 'error', pointer: '/x', message: 'm' } as const
    const p = uncompilablePolicy('U', 'session', [error])
    expect(p.errors).toEqual([error])
    expect(p.policy).toEqual({ kind: 'session', pointer: '', variablesEnabled: false, statements: [] })
    expect([p.name, p.layer]).toEqual(['U', 'session'])
  })
})

describe('compilePolicy: statements', () => {
  it('keeps effect, principal and conditions, and reads "*" as {"AWS": "*"} in trust policies only', () => {
    const trust = compiled('trust', { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } })
    const s = trust.statements[0]
    expect(s?.effect).toBe('Allow')
    expect(s?.bareWildcardAsAws).toBe(true)
    expect(s?.principal?.bareWildcard).toBe(true)
    expect(s?.conditions.map((c) => c.node.keyLower)).toEqual(['aws:principalaccount'])
    expect(s?.principalUnreadable).toBeUndefined()
    const resource = compiled('resource', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' })
    expect(resource.statements[0]?.bareWildcardAsAws).toBe(false)
    expect(resource.statements[0]?.effect).toBe('Deny')
  })

  it(`an RCP's NotAction matches every action as unknown (${RCPSYN})`, () => {
    const s = compiled('rcp', { Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' }).statements[0]
    expect(s?.action?.services).toBeUndefined()
    expect(s?.action?.match('s3:getobject')).toBe('unknown')
    expect(s?.action?.match('ec2:runinstances')).toBe('unknown')
    expect(s?.action?.matches('s3:getobject')).toBe(true)
    expect(s?.action?.negated).toBe(true)
  })

  it(`an RCP's NotAction is read as written in other kinds (${AA})`, () => {
    const s = compiled('scp', { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }).statements[0]
    expect(s?.action?.match('s3:getobject')).toBe('false')
    expect(s?.action?.match('ec2:runinstances')).toBe('true')
  })

  it(`a Resource in a role trust policy matches unknown, with a note (${AA})`, () => {
    const s = compiled('trust', { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole', Resource: '*' }).statements[0]
    const r = s?.resource?.match('arn:aws:iam::111122223333:role/R', EMPTY_CONTEXT)
    expect(r?.result).toBe('unknown')
    expect(r?.note).toMatch(/trust policy/)
    expect(s?.resource?.sources).toEqual(['*'])
  })

  it('a Resource in a resource policy is read as written', () => {
    const s = compiled('resource', { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }).statements[0]
    expect(s?.resource?.match('arn:aws:s3:::b/k', EMPTY_CONTEXT).result).toBe('true')
  })

  it(`NotPrincipal in a role trust policy cannot be read (${NOTPRIN})`, () => {
    const s = compiled('trust', { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }).statements[0]
    expect(s?.principalUnreadable).toMatch(/NotPrincipal/)
    const ok = compiled('resource', { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }).statements[0]
    expect(ok?.principalUnreadable).toBeUndefined()
  })

  it(`an RCP must use "Principal": "*" (${RCPSYN})`, () => {
    expect(compiled('rcp', { Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }).statements[0]?.principalUnreadable).toMatch(/Principal/)
    expect(compiled('rcp', { Effect: 'Deny', NotPrincipal: '*', Action: 's3:*', Resource: '*' }).statements[0]?.principalUnreadable).toMatch(/Principal/)
    expect(compiled('rcp', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }).statements[0]?.principalUnreadable).toBeUndefined()
    expect(compiled('rcp', { Effect: 'Deny', Action: 's3:*', Resource: '*' }).statements[0]?.principalUnreadable).toBeUndefined()
  })

  it(`records the lowercased keys of the variables a Resource substitutes (${VARS})`, () => {
    const keys = (resource: string | string[]) => compiled('identity', { Effect: 'Allow', Action: 's3:*', Resource: resource }).statements[0]?.resourceVariableKeys
    expect(keys('arn:aws:s3:::b/${aws:UserName}/*')).toEqual(['aws:username'])
    expect(keys(['arn:aws:s3:::b/${aws:userid}/${aws:PrincipalTag/team}', 'arn:aws:s3:::c/${ s3:prefix , \'x\'}'])).toEqual(['aws:userid', 'aws:principaltag/team', 's3:prefix'])
    expect(keys('arn:aws:s3:::b/plain')).toEqual([])
    expect(keys('arn:aws:s3:::b/$')).toEqual([])
    expect(compiled('identity', { Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::b/${aws:username}' }).statements[0]?.resourceVariableKeys).toEqual(['aws:username'])
    expect(compiled('identity', { Effect: 'Allow', Action: 's3:*' }).statements[0]?.resourceVariableKeys).toEqual([])
  })

  it('stops at a `${` that is never closed', () => {
    const s = compiled('identity', { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}/${aws:userid' }).statements[0]
    expect(s?.resourceVariableKeys).toEqual(['aws:username'])
  })
})

describe('compilePolicy: the per-service and per-action index', () => {
  const p = compiled(
    'identity',
    allow('s3:GetObject', { Sid: 'S3Get' }),
    allow(['iam:GetRole', 'IAM:ListRoles'], { Sid: 'Iam' }),
    allow('*', { Sid: 'All' }),
    { Sid: 'Not', Effect: 'Deny', NotAction: 'ec2:*', Resource: '*' },
    allow('s3*:Get*', { Sid: 'WildService' }),
    allow('s3:Put*', { Sid: 'S3Put' }),
    allow('bad action', { Sid: 'Malformed' }),
    { Sid: 'NoAction', Effect: 'Allow', Resource: '*' },
  )
  const sids = (list: readonly { readonly ref: { readonly sid?: string } }[]) => list.map((s) => s.ref.sid)

  it('lists, per service, the statements that can match it, in document order', () => {
    expect(sids(p.candidates('s3'))).toEqual(['S3Get', 'All', 'Not', 'WildService', 'S3Put', 'Malformed', 'NoAction'])
    expect(sids(p.candidates('iam'))).toEqual(['Iam', 'All', 'Not', 'WildService', 'Malformed', 'NoAction'])
    expect(sids(p.candidates('kms'))).toEqual(['All', 'Not', 'WildService', 'Malformed', 'NoAction'])
  })

  it('lists, per action, the statements whose Action does not rule it out, with the result', () => {
    const index = p.actionIndex('s3:getobject')
    expect(sids(index.statements)).toEqual(['S3Get', 'All', 'Not', 'WildService', 'Malformed'])
    expect(index.results).toEqual(['true', 'true', 'true', 'true', 'unknown'])
    expect(sids(p.forAction('s3:putobject'))).toEqual(['All', 'Not', 'S3Put', 'Malformed'])
    expect(sids(p.forAction('ec2:runinstances'))).toEqual(['All', 'Malformed'])
    expect(sids(p.forAction('iam:listroles'))).toEqual(['Iam', 'All', 'Not', 'Malformed'])
  })

  it('answers the same for an action asked again, after others, and after many distinct actions', () => {
    const first = sids(p.forAction('s3:getobject'))
    expect(sids(p.forAction('s3:getobject'))).toEqual(first)
    expect(sids(p.forAction('iam:getrole'))).toEqual(['Iam', 'All', 'Not', 'Malformed'])
    expect(sids(p.forAction('s3:getobject'))).toEqual(first)
    for (let i = 0; i < 600; i++) expect(p.forAction(`svc${i}:act`).length).toBe(3)
    expect(sids(p.forAction('s3:getobject'))).toEqual(first)
    expect(sids(p.forAction('iam:getrole'))).toEqual(['Iam', 'All', 'Not', 'Malformed'])
  })

  it('a statement naming one service is a candidate for it only', () => {
    const q = compiled('identity', allow('s3:GetObject'), allow(['s3:PutObject', 's3:ListBucket']))
    expect(q.candidates('s3').length).toBe(2)
    expect(q.candidates('iam')).toEqual([])
    expect(q.forAction('iam:getrole')).toEqual([])
  })
})
