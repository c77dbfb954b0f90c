/**
 * The facts evaluation prepares from a request (src/evaluate/prepareRequest.ts): a request already in
 * shape is read in place (no call to the general reader, no copy of its context, the caller parsed once
 * per engine), anything else goes through `readRequest` and still gets the right answer; the engine's
 * memo is bounded; the derived facts (key policy, aws:ResourceAccount, aws:userid) follow AWS's rules.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as reader from '../../../src/request/readRequest.js'
import { Evaluation } from '../../../src/evaluate/evaluationState.js'
import { compileRequest, preparedOf, RequestMemo, snapshotOf } from '../../../src/evaluate/prepareRequest.js'
import type { RequestErrors } from '../../../src/evaluate/prepareRequest.js'
import { A, ALICE, B, ROOT } from './stepCases.js'

// The general reader, watched: whether a request took the in-place path is whether it was called.
vi.mock('../../../src/request/readRequest.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/request/readRequest.js')>()
  return { ...original, readRequest: vi.fn(original.readRequest) }
})
const readRequest = vi.mocked(reader.readRequest)
beforeEach(() => {
  readRequest.mockClear()
})

const OBJECT = 'arn:aws:s3:::bucket/key'
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const base = { principal: ALICE, action: 's3:GetObject', resource: OBJECT }

function facts(input: unknown, memo = new RequestMemo()): Evaluation {
  const p = preparedOf(input, memo)
  if (!(p instanceof Evaluation)) throw new Error(`not prepared: ${JSON.stringify(p.errors)}`)
  return p
}

function errorsOf(input: unknown): [string, string][] {
  const p = preparedOf(input, new RequestMemo())
  expect(p).not.toBeInstanceOf(Evaluation)
  return (p as RequestErrors).errors.map((e) => [e.code, e.pointer])
}

/** Prepared on the in-place path: the general reader was never called, and the context is the caller's own object. */
function inPlace(input: object, memo = new RequestMemo()): Evaluation {
  readRequest.mockClear()
  const p = facts(input, memo)
  expect(readRequest).not.toHaveBeenCalled()
  expect(p.givenContext).toBe((input as { context?: unknown }).context)
  return p
}

/** Read by the general reader (the in-place path declined it). */
function readByReader<T>(run: () => T): T {
  readRequest.mockClear()
  const out = run()
  expect(readRequest).toHaveBeenCalledTimes(1)
  return out
}

// Property of iamtrace checked here: a request already in shape is read in place, with no intermediate
// objects (the PERF note on prepareRequest) — and it gives the same facts the general reader would.
describe('a request already in shape is read in place', () => {
  it.each([
    ['a principal ARN string', base],
    ['a principal ARN string and a resource account', { ...base, resourceAccount: B }],
    ['a typed AWS principal', { ...base, principal: { kind: 'aws', arn: ALICE } }],
    ['a typed service principal', { ...base, principal: { kind: 'service', service: 'ec2.amazonaws.com' } }],
    ['a typed federated principal', { ...base, principal: { kind: 'federated', provider: 'accounts.google.com' } }],
    ['a typed anonymous principal', { ...base, principal: { kind: 'anonymous' } }],
    ["the scenario file's AWS principal", { ...base, principal: { aws: ALICE } }],
    ["the scenario file's service principal", { ...base, principal: { service: 'ec2.amazonaws.com' } }],
    ["the scenario file's federated principal", { ...base, principal: { federated: 'accounts.google.com' } }],
    ["the scenario file's anonymous principal", { ...base, principal: { anonymous: true } }],
    ["a null-prototype scenario file's principal", { ...base, principal: Object.assign(Object.create(null) as object, { aws: ALICE }) }],
    ['a null-prototype typed principal', { ...base, principal: Object.assign(Object.create(null) as object, { kind: 'aws', arn: ALICE }) }],
    ['a context of strings', { ...base, context: { 'aws:SourceIp': '203.0.113.10', 'aws:RequestTag/team': 'blue' } }],
    ['a context of arrays of strings', { ...base, context: { 'aws:TagKeys': ['team', 'cost'], 'aws:SourceVpc': 'vpc-1' } }],
    ['an empty context and an empty array', { ...base, context: { 'aws:TagKeys': [] } }],
    ['everything at once, null-prototype request', Object.assign(Object.create(null) as object, { ...base, principal: { kind: 'aws', arn: ALICE }, resourceAccount: B, context: { 'aws:TagKeys': ['a'], 'aws:SourceVpc': 'vpc-1' } })],
  ])('%s', (_name, input) => {
    const p = inPlace(input)
    expect(p.action).toBe('s3:GetObject')
    expect(p.resource).toBe(OBJECT)
    expect(p.givenResourceAccount).toBe((input as { resourceAccount?: string }).resourceAccount)
    // The same facts as the general reader gives for the same request (an object with a prototype of
    // its own is read field by field as own properties).
    const general = readByReader(() => facts(Object.assign(Object.create({}) as object, input)))
    expect(p.caller).toEqual(general.caller)
    expect([p.actionFacts, p.resourceFacts, p.resourceAccount, p.givenContext]).toEqual([general.actionFacts, general.resourceFacts, general.resourceAccount, general.givenContext])
    expect(p.context.entries()).toEqual(general.context.entries())
  })

  it('reads each given context value as the request gives it', () => {
    const p = inPlace({ ...base, context: { 'aws:SourceIp': '203.0.113.10', 'aws:TagKeys': ['team', 'cost'] } })
    expect(p.context.get('aws:sourceip')?.values).toEqual(['203.0.113.10'])
    expect(p.context.get('aws:tagkeys')?.values).toEqual(['team', 'cost'])
  })

  it('parses a principal ARN once per engine, whatever form names it', () => {
    const memo = new RequestMemo()
    const first = inPlace(base, memo).caller
    expect(inPlace({ ...base, action: 's3:PutObject' }, memo).caller).toBe(first)
    expect(inPlace({ ...base, principal: { kind: 'aws', arn: ALICE } }, memo).caller).toBe(first)
    // The scenario file's `{ "aws": ARN }` shares it, and so does the general reader (a context it normalises).
    expect(inPlace({ ...base, principal: { aws: ALICE } }, memo).caller).toBe(first)
    expect(readByReader(() => facts({ ...base, context: { 'aws:RequestTag/n': 5 } }, memo)).caller).toBe(first)
    expect(facts(compileRequest(base), memo).caller).not.toBe(first) // a compiled request brings its own facts
    expect(facts({ ...base, principal: `arn:aws:iam::${A}:user/bob` }, memo).caller).not.toBe(first)
  })
})

describe('a request out of shape goes through the general reader, with the right answer', () => {
  it.each([
    ['an action that is not a string', { ...base, action: 5 }, 'request.invalid-action', '/request/action'],
    ['a missing action', { principal: ALICE, resource: OBJECT }, 'request.invalid-action', '/request/action'],
    ['an empty resource', { ...base, resource: '' }, 'request.invalid-resource', '/request/resource'],
    ['a resource that is not a string', { ...base, resource: 5 }, 'request.invalid-resource', '/request/resource'],
    ['a resource account that is not a string', { ...base, resourceAccount: 5 }, 'request.invalid', '/request/resourceAccount'],
    ['a context that is an array', { ...base, context: ['x'] }, 'request.invalid-context', '/request/context'],
    ['a context that is a string', { ...base, context: 'x' }, 'request.invalid-context', '/request/context'],
    ['a context that is a number', { ...base, context: 5 }, 'request.invalid-context', '/request/context'],
    ['a context value that is an object', { ...base, context: { k: { a: 'b' } } }, 'request.invalid-context', '/request/context/k'],
    ['a context array holding an object', { ...base, context: { k: ['a', {}] } }, 'request.invalid-context', '/request/context/k'],
    ['an empty principal', { ...base, principal: '' }, 'request.invalid-principal', '/request/principal'],
    ['a null principal', { ...base, principal: null }, 'request.invalid-principal', '/request/principal'],
    ['a missing principal', { action: base.action, resource: OBJECT }, 'request.invalid-principal', '/request/principal'],
    ['a principal that is a number', { ...base, principal: 5 }, 'request.invalid-principal', '/request/principal'],
    ['a principal of an unknown kind', { ...base, principal: { kind: 'x', arn: ALICE } }, 'request.invalid-principal', '/request/principal'],
    ['an AWS principal without an ARN', { ...base, principal: { kind: 'aws' } }, 'request.invalid-principal', '/request/principal'],
    ['an AWS principal whose ARN is not a string', { ...base, principal: { kind: 'aws', arn: 5, service: 's' } }, 'request.invalid-principal', '/request/principal'],
    ['a service principal without a service', { ...base, principal: { kind: 'service', provider: 'p' } }, 'request.invalid-principal', '/request/principal'],
    ['a federated principal without a provider', { ...base, principal: { kind: 'federated' } }, 'request.invalid-principal', '/request/principal'],
    // Nothing inherited is read: the ARN and the action below live on prototypes.
    ["a scenario file's AWS principal with an empty ARN", { ...base, principal: { aws: '' } }, 'request.invalid-principal', '/request/principal'],
    ["a scenario file's anonymous principal that is not true", { ...base, principal: { anonymous: 'yes' } }, 'request.invalid-principal', '/request/principal'],
    ["a scenario file's principal with two members", { ...base, principal: { aws: ALICE, service: 'ec2.amazonaws.com' } }, 'request.invalid-principal', '/request/principal'],
    ["a scenario file's service principal that is not a string", { ...base, principal: { service: 5 } }, 'request.invalid-principal', '/request/principal'],
    ["a scenario file's principal whose member is inherited", { ...base, principal: Object.create({ aws: ALICE }) as object }, 'request.invalid-principal', '/request/principal'],
    ['an AWS principal whose ARN is inherited', { ...base, principal: Object.assign(Object.create({ arn: ALICE }) as object, { kind: 'aws' }) }, 'request.invalid-principal', '/request/principal'],
    ['a request whose action is inherited', Object.assign(Object.create({ action: 's3:GetObject' }) as object, { principal: ALICE, resource: OBJECT }), 'request.invalid-action', '/request/action'],
  ])('refuses %s', (_name, input, code, pointer) => {
    expect(readByReader(() => errorsOf(input))).toEqual([[code, pointer]])
  })

  it('reads the scenario file\'s principal forms, in place or not', () => {
    for (const [principal, kind] of [[{ aws: ALICE }, 'user'], [{ service: 'ec2.amazonaws.com' }, 'service'], [{ federated: 'accounts.google.com' }, 'webIdentity'], [{ anonymous: true }, 'anonymous']] as const) {
      expect(inPlace({ ...base, principal }).caller.kind).toBe(kind)
      // A context the general reader normalises takes the other path, with the same caller.
      expect(readByReader(() => facts({ ...base, principal, context: { 'aws:RequestTag/n': 5 } })).caller.kind).toBe(kind)
    }
  })

  it('normalises numbers and booleans in the context into a copy of its own', () => {
    for (const context of [{ 'aws:RequestTag/n': 5 }, { 'aws:RequestTag/n': ['5', 6] }, { 'aws:RequestTag/n': true, 'aws:RequestTag/m': 'x' }]) {
      const p = readByReader(() => facts({ ...base, context }))
      expect(p.givenContext).not.toBe(context)
      for (const [key, value] of Object.entries(context)) expect(p.context.get(key.toLowerCase())?.values).toEqual(Array.isArray(value) ? value.map(String) : [String(value)])
    }
  })

  it('reads only the context object\'s own keys', () => {
    // An inherited key is not a key of the request: a condition on it sees it absent, whichever way the
    // request is read (in place: only own keys are listed; a value of the wrong type inherited or not).
    const context = Object.assign(Object.create({ 'aws:RequestTag/n': '5', 'aws:RequestTag/o': 7 }) as object, { 'aws:RequestTag/m': '1' })
    const p = facts({ ...base, context })
    expect(p.context.isGiven('aws:requesttag/n')).toBe(false)
    expect(p.context.get('aws:requesttag/n')).toBeUndefined()
    expect(p.context.get('aws:requesttag/o')).toBeUndefined()
    expect(p.context.get('aws:requesttag/m')?.values).toEqual(['1'])
    const strings = Object.assign(Object.create({ 'aws:RequestTag/n': '5' }) as object, { 'aws:RequestTag/m': '1' })
    expect(facts({ ...base, context: strings }).context.isGiven('aws:requesttag/n')).toBe(false)
    expect({ ...compileRequest({ ...base, context: strings } as never).request?.context }).toStrictEqual({ 'aws:RequestTag/m': '1' })
  })

  it('reads a null context as no context', () => {
    expect(readByReader(() => facts({ ...base, context: null })).givenContext).toBeUndefined()
  })

  it('reads a principal ARN that names no caller as a request error, on either path', () => {
    expect(errorsOf({ ...base, principal: 'arn:aws:s3:::x' })).toEqual([['request.invalid-principal', '/request/principal']])
    expect(errorsOf({ ...base, principal: { aws: 'arn:aws:s3:::x' } })).toEqual([['request.invalid-principal', '/request/principal']])
    expect(readByReader(() => errorsOf({ ...base, principal: { aws: 'arn:aws:s3:::x' }, context: { 'aws:RequestTag/n': 5 } }))).toEqual([['request.invalid-principal', '/request/principal']])
  })
})

describe('what is not a request at all', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'arn:aws:iam::111122223333:user/alice'],
    ['a number', 5],
    ['a compiled-looking object holding nothing', { kind: 'compiledRequest' }],
  ])('%s gives a request error and never throws', (_name, input) => {
    expect(errorsOf(input)).toEqual([['request.invalid', '/request']])
    expect(compileRequest(input as never).errors.map((e) => e.code)).toEqual(['request.invalid'])
    expect(snapshotOf(input)).toBe(input)
  })

  it('reads a compiled-looking object as the request it holds', () => {
    const p = facts({ kind: 'compiledRequest', request: base, errors: [] })
    expect(p.caller.arn).toBe(ALICE)
  })

  it('reads a request that carries some other `kind` field as the request itself', () => {
    const request = { ...base, kind: 'request', request: { ...base, principal: `arn:aws:iam::${B}:user/bob` } }
    expect(facts(request).caller.arn).toBe(ALICE)
    expect(compileRequest(request as never).request?.principal).toEqual({ kind: 'aws', arn: ALICE })
    expect((snapshotOf(request) as { principal: unknown }).principal).toEqual({ kind: 'aws', arn: ALICE })
  })
})

// Property of iamtrace checked here: the engine's memo returns one object per key and is bounded, so
// a stream of distinct requests cannot grow it.
describe('the request memo', () => {
  it('keeps one object per key', () => {
    const memo = new RequestMemo()
    const getObject = memo.action('s3:GetObject')
    expect(memo.action('s3:PutObject')).not.toBe(getObject)
    expect(memo.action('s3:GetObject')).toBe(getObject)
    expect(memo.resource(OBJECT)).toBe(memo.resource(OBJECT))
    expect(memo.callerOfArn(ALICE)).toBe(memo.callerOfArn(ALICE))
  })

  it('keeps its first SIZE keys, and is emptied when one more arrives', () => {
    const memo = new RequestMemo()
    const first = memo.action('s3:Action0')
    for (let i = 1; i < RequestMemo.SIZE; i++) memo.action(`s3:Action${i}`)
    expect(memo.action('s3:Action0')).toBe(first)
    memo.action(`s3:Action${RequestMemo.SIZE}`)
    const again = memo.action('s3:Action0')
    expect(again).not.toBe(first)
    expect(again).toEqual(first)
  })
})

describe('facts derived from the request', () => {
  it('needs the key policy for a KMS action on a KMS key, and only then', () => {
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
    expect(facts({ ...base, action: 'kms:Decrypt', resource: KEY }).keyPolicy).toBe(true)
    expect(facts({ ...base, action: 's3:GetObject', resource: KEY }).keyPolicy).toBe(false)
    expect(facts({ ...base, action: 'kms:Decrypt', resource: OBJECT }).keyPolicy).toBe(false)
  })

  it('gives aws:ResourceAccount from resourceAccount when given, else from the ARN', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
    const account = (input: unknown): readonly string[] | undefined => facts(input).context.get('aws:resourceaccount')?.values
    expect(account({ ...base, resourceAccount: B })).toEqual([B])
    expect(account({ ...base, resource: KEY, resourceAccount: B })).toEqual([B])
    expect(account({ ...base, resource: KEY })).toEqual([A])
    expect(account(base)).toBeUndefined() // an S3 ARN names no account
  })

  it('gives aws:userid when the request gives or AWS derives one value', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
    expect(facts(base).userId).toBeUndefined() // an IAM user's unique ID is not in its ARN
    expect(facts({ ...base, context: { 'aws:userid': 'AIDAEXAMPLE' } }).userId).toBe('AIDAEXAMPLE')
    expect(facts({ ...base, context: { 'aws:userid': ['AIDAEXAMPLE', 'AIDAOTHER'] } }).userId).toBeUndefined()
    expect(facts({ ...base, principal: ROOT }).userId).toBe(A)
    const p = facts({ ...base, principal: { kind: 'anonymous' } })
    expect([p.userId, p.userId]).toEqual(['anonymous', 'anonymous'])
  })

  it('works out the uncertain keys once', () => {
    // Property of iamtrace: derived facts are computed on first read and kept.
    const p = facts(base)
    const uncertain = p.uncertain
    expect(uncertain).toBeDefined()
    expect(p.uncertain).toBe(uncertain)
    const known = facts({ ...base, resource: KEY, context: { 'aws:userid': 'AIDAEXAMPLE' } })
    expect([known.uncertain, known.uncertain]).toEqual([undefined, undefined])
  })
})

// Property of iamtrace checked here: a compiled request or a traced result holds a copy of the
// request, so later changes to the caller's object do not reach it.
describe('copies kept for later', () => {
  it('keeps a compiled request as it is', () => {
    const compiled = compileRequest(base)
    expect(snapshotOf(compiled)).toBe(compiled)
    expect(compileRequest(compiled)).toBe(compiled)
    // Each evaluation of it is a fresh one (its own state) sharing what the compiled facts read once.
    const [first, second] = [facts(compiled), facts(compiled)]
    expect(first).not.toBe(second)
    expect(first.context).toBe(second.context)
    expect(first.uncertain).toBe(second.uncertain)
    expect(first.uncertain).toBeDefined()
  })

  it('copies a plain request, so later changes do not show', () => {
    const context: Record<string, string | string[]> = { 'aws:RequestTag/team': 'blue', 'aws:TagKeys': ['team'] }
    const request = { ...base, principal: { kind: 'aws' as const, arn: ALICE }, context }
    const snapshot = snapshotOf(request) as typeof request
    expect(snapshot).not.toBe(request)
    const compiled = compileRequest(request)
    context['aws:RequestTag/team'] = 'red'
    ;(context['aws:TagKeys'] as string[]).push('cost')
    request.principal.arn = `arn:aws:iam::${A}:user/mallory`
    for (const kept of [snapshot, compiled.request]) {
      expect(kept?.context).toEqual({ 'aws:RequestTag/team': 'blue', 'aws:TagKeys': ['team'] })
      expect(kept?.principal).toEqual({ kind: 'aws', arn: ALICE })
    }
    expect(facts(snapshot).context.get('aws:requesttag/team')?.values).toEqual(['blue'])
  })

  it('reads a compiled-looking object as a copy of the request it holds', () => {
    const snapshot = snapshotOf({ kind: 'compiledRequest', request: base })
    expect(snapshot).toEqual({ principal: { kind: 'aws', arn: ALICE }, action: base.action, resource: OBJECT })
  })

  it('leaves out context keys whose value is undefined', () => {
    const request = { ...base, context: { 'aws:RequestTag/team': 'blue', 'aws:RequestTag/gone': undefined } }
    const compiled = compileRequest(request as never)
    expect(compiled.errors).toEqual([])
    expect(Object.keys(compiled.request?.context ?? {})).toEqual(['aws:RequestTag/team'])
    expect(Object.keys((snapshotOf(request) as { context: object }).context)).toEqual(['aws:RequestTag/team'])
  })
})
