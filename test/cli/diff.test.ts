/**
 * `iamtrace diff`: exit codes (0 no new access, 3 new access, 1 input error), the JSON shape against
 * schemas/cli-diff.schema.json, SARIF on the AFTER line with the witness, config, and witnesses written
 * as scenario files that `iamtrace test` replays.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli as run } from '../helpers/runCli.js'

const OIDC = 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services'
const GH = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'
const ajv = new Ajv({ allErrors: true, strict: false })
const diffSchema = ajv.compile(JSON.parse(readFileSync('schemas/cli-diff.schema.json', 'utf8')) as object)
const sarifSchema = new Ajv({ strict: false, validateFormats: false }).compile(JSON.parse(readFileSync('schemas/sarif-2.1.0.schema.json', 'utf8')) as object)

const gh = (sub: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'GitHub',
      Effect: 'Allow',
      Principal: { Federated: GH },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': sub } },
    },
  ],
})

let dir = ''
const file = (name: string, value: unknown): string => {
  const p = join(dir, name)
  mkdirSync(join(p, '..'), { recursive: true })
  writeFileSync(p, typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`)
  return p
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamtrace-diff-'))
})

function validJson(out: string): Record<string, unknown> {
  const lines = out.split('\n').filter((l) => l !== '')
  expect(lines.length).toBe(1)
  const value = JSON.parse(lines[0] as string) as Record<string, unknown>
  expect(diffSchema(value) ? [] : diffSchema.errors).toEqual([])
  return value
}

describe(`exit codes and JSON (${OIDC})`, () => {
  it('a widened GitHub sub: exit 3, a gained change with a confirmed witness, valid JSON', async () => {
    const b = file('sub/before.trust.json', gh('repo:acme/app:ref:refs/heads/main'))
    const a = file('sub/after.trust.json', gh('repo:acme/*'))
    const r = await run('diff', b, a, '--format', 'json')
    expect(r.code).toBe(3)
    const json = validJson(r.out) as { changes: { kind: string; principal: unknown; witness: { afterDecision: string; beforeDecision: string; request: { context: Record<string, string> } }; line: number }[]; complete: boolean }
    expect(json.changes.map((c) => [c.kind, c.principal])).toEqual([['gained', { federated: GH }]])
    expect(json.changes[0]?.witness.afterDecision).toBe('allowed')
    expect(json.changes[0]?.witness.beforeDecision).toBe('implicitDeny')
    expect(json.changes[0]?.witness.request.context['token.actions.githubusercontent.com:sub']).toMatch(/^repo:acme\//)
    expect(json.changes[0]?.line).toBe(4)
    expect(json.complete).toBe(true)
  })

  it('the same policy rewritten (statements split, reordered): exit 0, no change', async () => {
    const one = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] }, Action: 'sts:AssumeRole' }] }
    const two = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }] }
    const r = await run('diff', file('same/a.json', one), file('same/b.json', two))
    expect(r.code).toBe(0)
    expect(r.out).toContain('0 changes')
    expect(r.out).toContain('no new access')
  })

  it('a narrowed sub: exit 0, changed (lost access for the difference)', async () => {
    const r = await run('diff', file('narrow/b.json', gh('repo:acme/*')), file('narrow/a.json', gh('repo:acme/app:*')), '--format', 'json')
    expect(r.code).toBe(0)
    const json = validJson(r.out) as { changes: { kind: string }[] }
    expect(json.changes.map((c) => c.kind)).toEqual(['changed'])
  })

  it.each([
    { name: 'a missing file', args: () => [join(dir, 'nope.json'), file('m/a.json', gh('x'))] },
    { name: 'two kinds of input', args: () => [file('k/a.json', gh('x')), file('k/b.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n')] },
    { name: 'an unreadable policy', args: () => [file('u/a.json', gh('x')), file('u/b.json', '{"Statement": [')] },
  ])('$name: exit 1', async ({ args }) => {
    const r = await run('diff', ...args(), '--format', 'json')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/error (file\.not-found|diff\.kind-mismatch|json\.)/)
    for (const line of r.out.split('\n').filter((l) => l !== '')) expect(diffSchema(JSON.parse(line)) ? [] : diffSchema.errors).toEqual([])
  })

  it('--config ignore globs skip files in both versions', async () => {
    const b = file('cfg/b/x.trust.json', gh('repo:acme/app:*'))
    const a = file('cfg/a/x.trust.json', gh('repo:*'))
    void b
    void a
    file('cfg/b/keep.trust.json', gh('repo:acme/app:*'))
    file('cfg/a/keep.trust.json', gh('repo:acme/app:*'))
    const config = file('cfg/config.json', { ignore: ['x.trust.json'] })
    expect((await run('diff', join(dir, 'cfg/b'), join(dir, 'cfg/a'))).code).toBe(3)
    expect((await run('diff', join(dir, 'cfg/b'), join(dir, 'cfg/a'), '--config', config)).code).toBe(0)
  })
})

describe('SARIF for pull requests', () => {
  it('puts the gain on the AFTER statement line, with the witness in the message', async () => {
    const template = (sub: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: ${GH}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringLike:
                token.actions.githubusercontent.com:sub: "${sub}"
`
    const b = file('cfn/before/stack.yaml', template('repo:acme/app:*'))
    const a = file('cfn/after/stack.yaml', template('repo:acme/*'))
    const r = await run('diff', b, a, '--format', 'sarif')
    expect(r.code).toBe(3)
    const log = JSON.parse(r.out) as { runs: { results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }
    expect(sarifSchema(log) ? [] : sarifSchema.errors).toEqual([])
    const result = log.runs[0]?.results[0]
    expect(result?.ruleId).toBe('diff-trust-new-access')
    expect(result?.level).toBe('error')
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toContain('after/stack.yaml')
    expect(result?.locations[0]?.physicalLocation.region.startLine).toBe(9)
    expect(result?.message.text).toContain('Witness')
    expect(result?.message.text).toContain('repo:acme/')
  })
})

describe('witnesses as scenario files', () => {
  it('--emit-scenarios writes BEFORE and AFTER scenarios that `iamtrace test` replays', async () => {
    const out = join(dir, 'scenarios')
    const b = file('emit/b.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': '7f3c' } } }] })
    const a = file('emit/a.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] })
    const r = await run('diff', b, a, '--emit-scenarios', out)
    expect(r.code).toBe(3)
    const files = readdirSync(out)
    expect(files.length).toBeGreaterThanOrEqual(4)
    expect(files.filter((f) => f.endsWith('.before.json')).length).toBe(files.filter((f) => f.endsWith('.after.json')).length)
    const t = await run('test', out)
    expect(t.code).toBe(0)
    expect(t.out).toContain(`${files.length} passed, 0 failed`)
  })
})

describe('snapshots', () => {
  it('an SCP detached from an OU: exit 3, gained changes caused by the SCP, valid JSON', async () => {
    const after = join(dir, 'snap-after')
    cpSync('corpus/snapshots/demo', after, { recursive: true })
    const orgFile = join(after, 'organization.json')
    const org = JSON.parse(readFileSync(orgFile, 'utf8')) as { organization: { root: unknown } }
    const walk = (n: { name?: string; policies?: string[]; children?: unknown[] }): void => {
      if (n.name === 'Dev') n.policies = ['p-FullAWSAccess']
      for (const c of n.children ?? []) walk(c as typeof n)
    }
    walk(org.organization.root as never)
    writeFileSync(orgFile, JSON.stringify(org))
    const r = await run('diff', 'corpus/snapshots/demo', after, '--format', 'json')
    expect(r.code).toBe(3)
    const json = validJson(r.out) as { changes: { kind: string; causes?: string[]; via?: string[] }[] }
    const direct = json.changes.filter((c) => c.via === undefined)
    expect(direct.length).toBeGreaterThan(0)
    expect(direct.every((c) => c.kind === 'gained' && JSON.stringify(c.causes) === '["scp"]')).toBe(true)
    expect(json.changes.some((c) => c.via !== undefined && c.via.length > 0)).toBe(true)
  })
})

describe('lint diff-trust-new-access (the same comparison as diff)', () => {
  it('--diff-base: each new access is an error finding on the linted line, with the witness', async () => {
    const r = await run('lint', 'test/fixtures/diff/policies/after', '--diff-base', 'test/fixtures/diff/policies/before', '--format', 'json')
    expect(r.code).toBe(3)
    const findings = r.out
      .split('\n')
      .filter((l) => l !== '')
      .flatMap((l) => ((JSON.parse(l) as { findings?: { ruleId: string; line: number; file: string; message: string }[] }).findings ?? []))
      .filter((f) => f.ruleId === 'diff-trust-new-access')
    expect(findings.map((f) => [f.file, f.line])).toEqual([
      ['test/fixtures/diff/policies/after/ci-deploy.trust.json', 4],
      ['test/fixtures/diff/policies/after/vendor.trust.json', 16],
    ])
    expect(findings[1]?.message).toContain('"sts:ExternalId":"c0ffee11"')
  })

  it('--baseline-ref: compares with the files at a git ref', async () => {
    const repo = join(dir, 'repo')
    mkdirSync(join(repo, 'infra'), { recursive: true })
    cpSync('test/fixtures/diff/policies/before', join(repo, 'infra'), { recursive: true })
    const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...a], { cwd: repo, stdio: 'ignore' })
    git('init', '-q')
    git('add', '-A')
    git('commit', '-qm', 'base')
    cpSync('test/fixtures/diff/policies/after', join(repo, 'infra'), { recursive: true })
    const cwd = process.cwd()
    process.chdir(repo)
    try {
      const r = await run('lint', 'infra', '--baseline-ref', 'HEAD', '--format', 'sarif')
      expect(r.code).toBe(3)
      const log = JSON.parse(r.out) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }
      const results = log.runs[0]?.results.filter((x) => x.ruleId === 'diff-trust-new-access') ?? []
      expect(results.map((x) => [x.locations[0]?.physicalLocation.artifactLocation.uri, x.locations[0]?.physicalLocation.region.startLine])).toEqual([
        ['infra/ci-deploy.trust.json', 4],
        ['infra/vendor.trust.json', 16],
      ])
      git('add', '-A')
      git('commit', '-qm', 'after')
      const same = await run('lint', 'infra', '--baseline-ref', 'HEAD', '--fail-on', 'none', '--format', 'json')
      expect(same.out).not.toContain('diff-trust-new-access')
      expect((await run('lint', 'infra', '--baseline-ref', 'HEAD~1', '--fail-on', 'none', '--format', 'json')).out).toContain('diff-trust-new-access')
    } finally {
      process.chdir(cwd)
    }
  })
})
