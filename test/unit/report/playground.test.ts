/**
 * The playground's logic, without a browser: recognising inputs, evaluating a scenario with its
 * annotated policies, locating malformed input, the report of snapshot files, and the shareable state.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyse, recognise } from '../../../src/report/ui/playground/analyse.js'
import { decodeState, encodeState } from '../../../src/report/ui/playground/share.js'
import { traceNotes } from '../../../src/trace/renderAnnotatedPolicy.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const read = (path: string) => ({ name: path.split('/').pop() as string, text: readFileSync(join(ROOT, path), 'utf8') })
const scenario = read('corpus/examples/cross-account-admin-needs-mfa.json')
const demo = readdirSync(join(ROOT, 'corpus/snapshots/demo'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => read(`corpus/snapshots/demo/${f}`))

describe('playground inputs', () => {
  it.each([
    ['corpus/examples/cross-account-admin-needs-mfa.json', 'scenario'],
    ['corpus/assume/github/exact-sub.json', 'sts-call'],
    ['test/fixtures/lint/mixed/github-deploy.trust.json', 'policy'],
    ['test/fixtures/lint/mixed/plan.json', 'template'],
    ['test/fixtures/lint/mixed/vendor-template.yaml', 'template'],
    ['corpus/snapshots/demo/organization.json', 'organization'],
    ['corpus/snapshots/demo/dev-333333333333.json', 'snapshot'],
  ])('recognises %s as %s', (path, kind) => {
    expect(recognise(read(path)).kind).toBe(kind)
  })

  it('locates malformed JSON: line, column and code', () => {
    const r = recognise({ name: 'p.json', text: '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow" "Action": "s3:*" } ]\n}' })
    expect(r).toMatchObject({ kind: 'invalid-json', error: { file: 'p.json', code: 'json.syntax', line: 3, column: 38 } })
    expect(recognise({ name: 'x.json', text: '  ' }).kind).toBe('empty')
    expect(recognise({ name: 'x.json', text: '{"hello": 1}' }).kind).toBe('unknown')
  })
})

describe('playground results', () => {
  it('evaluates a scenario: the decision, and the failing MFA condition of the trust policy annotated (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html)', () => {
    const o = analyse([scenario], 0)
    if (o.kind !== 'scenario') throw new Error(o.kind)
    expect(o.result.decision).toBe('implicitDeny')
    expect(o.scenario.expect?.decision).toBe('implicitDeny')
    expect(o.why).toContain('decision: implicitDeny')
    const trust = o.policies.find((p) => p.layer === 'resource')
    expect(trust?.trace.policy).toBe('Admin trust policy')
    const notes = traceNotes(trust?.trace ?? { policy: '', outcome: 'noMatch', statements: [] })
    expect(notes.get('/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent')).toMatch(/^✗ keyMissing/)
  })

  it('reports a scenario that does not validate with located errors, and evaluates nothing', () => {
    const broken = scenario.text.replace('"action": "sts:AssumeRole"', '"action": 42')
    const o = analyse([{ name: 's.json', text: broken }], 0)
    expect(o).toMatchObject({ kind: 'errors', what: 'scenario' })
    if (o.kind === 'errors') expect(o.errors[0]).toMatchObject({ file: 's.json', pointer: '/request/action', line: expect.any(Number) })
  })

  it('lints a policy, with findings located and the policy in canonical form', () => {
    const o = analyse([read('test/fixtures/lint/mixed/github-deploy.trust.json')], 0)
    if (o.kind !== 'lint') throw new Error(o.kind)
    expect(o.report.findings.map((f) => f.ruleId)).toContain('trust-github-sub-wildcard')
    expect(o.report.findings.every((f) => f.line > 0 && f.column > 0)).toBe(true)
    expect(o.policy).toMatchObject({ Statement: [expect.anything()] })
  })

  it('builds the report of the files of a snapshot', () => {
    const o = analyse(demo, 0)
    if (o.kind !== 'snapshot') throw new Error(o.kind)
    expect(o.model.summary).toMatchObject({ accounts: 4, roles: 26 })
  })

  it('evaluates an STS call file', () => {
    const o = analyse([read('corpus/assume/github/exact-sub.json')], 0)
    expect(o).toMatchObject({ kind: 'sts-call', succeeds: true })
  })
})

describe('shared links', () => {
  it('carry the files and the active tab through the fragment', async () => {
    const state = { files: [scenario, { name: 'ünïcode.json', text: '{"k": "✓ \u2028"}' }], active: 1 }
    const fragment = await encodeState(state)
    expect(fragment).toMatch(/^s=[A-Za-z0-9_-]+$/)
    expect(fragment.length).toBeLessThan(scenario.text.length)
    expect(await decodeState(`#${fragment}`)).toEqual(state)
  })

  it('ignore fragments that are not theirs or are damaged', async () => {
    expect(await decodeState('#roles')).toBeUndefined()
    expect(await decodeState('#s=AAAA')).toBeUndefined()
    expect(await decodeState('')).toBeUndefined()
  })
})
