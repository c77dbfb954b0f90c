/**
 * `iamtrace lint`: SARIF with exact lines in policy JSON, a CloudFormation YAML template and a Terraform
 * plan; SARIF validated against the SARIF 2.1.0 schema; exit codes; baselines; bad inputs.
 * SARIF: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * GitHub code scanning: https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/runCli.js'
import type { CliRun } from '../helpers/runCli.js'

const CONFIG = 'test/fixtures/lint/.iamtrace.json'
const MIXED = 'test/fixtures/lint/mixed'

function lint(...args: string[]): Promise<CliRun> {
  return runCli('lint', ...args)
}

interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: string
  message: { text: string }
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]
  partialFingerprints: Record<string, string>
  suppressions?: { kind: string }[]
}

function results(out: string): SarifResult[] {
  return (JSON.parse(out) as { runs: { results: SarifResult[] }[] }).runs[0]?.results ?? []
}

const where = (r: SarifResult): string => {
  const l = r.locations[0]?.physicalLocation
  return `${l?.artifactLocation.uri}:${l?.region.startLine}:${l?.region.startColumn} ${r.ruleId}`
}

describe('iamtrace lint --format sarif on policy JSON, a CloudFormation YAML template and a Terraform plan', () => {
  it('locates every finding at its line and column in the original file', async () => {
    const { code, out } = await lint(MIXED, '--config', CONFIG, '--format', 'sarif')
    expect(code).toBe(3)
    expect(results(out).map(where).sort()).toEqual(
      [
        `${MIXED}/github-deploy.trust.json:8:9 trust-github-sub-wildcard`,
        `${MIXED}/org-readers.trust.json:16:22 trust-any-aws-principal-weak-condition`,
        `${MIXED}/org-readers.trust.json:19:35 cond-ifexists-binding-key`,
        // JSON strings inside the plan: positions point into the string (escapes accounted for).
        `${MIXED}/plan.json:15:116 trust-eks-irsa-sub-unscoped`,
        `${MIXED}/plan.json:15:116 trust-oidc-no-aud`,
        `${MIXED}/plan.json:49:204 trust-github-no-sub`,
        `${MIXED}/plan.json:68:41 iac-unresolved-value`,
        // YAML: mappings, and a JSON block literal (`|`) inside the template.
        `${MIXED}/vendor-template.yaml:16:15 trust-cross-account-no-externalid`,
        `${MIXED}/vendor-template.yaml:16:15 trust-external-root-no-binding`,
        `${MIXED}/vendor-template.yaml:16:15 trust-unknown-external-account`,
        `${MIXED}/vendor-template.yaml:24:17 id-passrole-wildcard`,
        `${MIXED}/vendor-template.yaml:47:27 trust-unknown-external-account`,
        `${MIXED}/vendor-template.yaml:49:42 trust-externalid-weak`,
      ].sort(),
    )
  })

  it('validates against the SARIF 2.1.0 schema and declares every rule GitHub needs', async () => {
    const { out } = await lint(MIXED, '--config', CONFIG, '--format', 'sarif')
    const log = JSON.parse(out) as { version: string; runs: { tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; helpUri: string; help: { text: string; markdown: string }; defaultConfiguration: { level: string }; properties: Record<string, unknown> }[] } }; results: SarifResult[] }[] }
    const schema = JSON.parse(readFileSync('schemas/sarif-2.1.0.schema.json', 'utf8')) as object
    const ajv = new Ajv({ allErrors: true, strict: false })
    ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:/i)
    ajv.addFormat('uri-reference', /^[^\s\\]*$/)
    ajv.addFormat('date-time', true)
    const validate = ajv.compile(schema)
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true)
    const run = log.runs[0]
    const driver = run?.tool.driver
    expect(driver?.name).toBe('iamtrace')
    expect(driver?.informationUri).toMatch(/^https:\/\//)
    for (const r of run?.results ?? []) {
      expect(driver?.rules[r.ruleIndex]?.id).toBe(r.ruleId)
      expect(r.locations[0]?.physicalLocation.artifactLocation.uri).not.toMatch(/^\/|\\/)
      expect(Object.keys(r.partialFingerprints)).toContain('primaryLocationLineHash')
    }
    const rule = driver?.rules.find((x) => x.id === 'trust-github-no-sub')
    expect(rule?.defaultConfiguration.level).toBe('error')
    expect(rule?.properties['security-severity']).toBe('9.5')
    expect(rule?.helpUri).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
  })

  it('rejects a log that breaks the schema (the validation is not vacuous)', () => {
    const schema = JSON.parse(readFileSync('schemas/sarif-2.1.0.schema.json', 'utf8')) as object
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false })
    const validate = ajv.compile(schema)
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r', level: 'fatal', message: { text: 'm' } }] }] })).toBe(false)
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false)
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false)
  })
})

describe('exit codes (0 none at or above --fail-on, 3 findings, 1 input error)', () => {
  it('fails on findings at or above the threshold only', async () => {
    expect((await lint(`${MIXED}/github-deploy.trust.json`, '--config', CONFIG)).code).toBe(3)
    expect((await lint(`${MIXED}/github-deploy.trust.json`, '--config', CONFIG, '--fail-on', 'none')).code).toBe(0)
    // Only warnings and notes in the snapshot once errors are disabled in config.
    const dir = mkdtempSync(join(tmpdir(), 'iamtrace-lint-'))
    const config = join(dir, 'c.json')
    writeFileSync(config, JSON.stringify({ rules: { 'trust-github-sub-wildcard': 'low' }, zone: { githubOrganizations: ['example-org'] } }))
    expect((await lint(`${MIXED}/github-deploy.trust.json`, '--config', config)).code).toBe(0)
    expect((await lint(`${MIXED}/github-deploy.trust.json`, '--config', config, '--fail-on', 'warning')).code).toBe(3)
  })

  it('a bad input is located and counted; the other files are still linted and decide the exit code', async () => {
    const { code, out, err } = await lint('test/fixtures/lint/bad', '--config', CONFIG, '--format', 'sarif')
    expect(code).toBe(3)
    const found = results(out).map(where)
    expect(found).toContain('test/fixtures/lint/bad/good.trust.json:16:22 trust-any-aws-principal-weak-condition')
    expect(found).toContain('test/fixtures/lint/bad/unresolvable.template.yaml:9:38 iac-unresolved-value')
    expect(found).toContain('test/fixtures/lint/bad/unresolvable.template.yaml:23:55 iac-unresolved-value')
    expect(found).toContain('test/fixtures/lint/bad/unresolvable.template.yaml:23:72 iac-unresolved-value')
    expect(found).toContain('test/fixtures/lint/bad/plan-unknown.json:22:100 iac-unresolved-value')
    expect(err).toContain('test/fixtures/lint/bad/invalid.yaml:7:1: error input.invalid-yaml')
    expect(err).toContain('test/fixtures/lint/bad/not-a-policy.json:1:1: error input.not-a-policy')
    const notifications = (JSON.parse(out) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[] }).runs[0]?.invocations[0]
    expect(notifications?.executionSuccessful).toBe(false)
    expect(notifications?.toolExecutionNotifications).toHaveLength(2)
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(JSON.parse(readFileSync('schemas/sarif-2.1.0.schema.json', 'utf8')) as object)
    expect(validate(JSON.parse(out)), JSON.stringify(validate.errors)).toBe(true)
  })

  it('a missing path and a bad config are input errors', async () => {
    expect((await lint('test/fixtures/lint/does-not-exist.json')).code).toBe(1)
    const dir = mkdtempSync(join(tmpdir(), 'iamtrace-lint-'))
    const config = join(dir, 'bad.json')
    writeFileSync(config, '{\n  "zone": { "accounts": ["12345"] },\n  "rules": { "trust-version": "loud" }\n}\n')
    const { code, err } = await lint(MIXED, '--config', config)
    expect(code).toBe(1)
    expect(err).toContain(`${config}:2:26: error config.invalid: \`/zone/accounts/0\``)
    expect(err).toContain('(at /rules/trust-version)')
  })
})

describe('baselines and suppressions', () => {
  it('--write-baseline records today, --baseline fails only on new findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrace-lint-'))
    const baseline = join(dir, 'baseline.json')
    expect((await lint(MIXED, '--config', CONFIG, '--write-baseline', baseline)).code).toBe(0)
    const recorded = JSON.parse(readFileSync(baseline, 'utf8')) as { findings: unknown[] }
    expect(recorded.findings).toHaveLength(13)
    const again = await lint(MIXED, '--config', CONFIG, '--baseline', baseline, '--format', 'sarif')
    expect(again.code).toBe(0)
    expect(results(again.out).every((r) => r.suppressions?.[0]?.kind === 'external')).toBe(true)
    // A new file brings a new finding: the run fails again.
    const withNew = await lint(MIXED, 'test/fixtures/lint/inputs/ci-admin.identity.json', '--config', CONFIG, '--baseline', baseline)
    expect(withNew.code).toBe(3)
    expect(withNew.out).toContain('ci-admin.identity.json:4:59: error id-passrole-wildcard')
  })

  it('config suppressions by rule and path are reported as suppressed', async () => {
    const { out } = await lint('test/fixtures/lint/inputs', '--config', CONFIG, '--format', 'sarif')
    const suppressed = results(out).filter((r) => r.suppressions !== undefined).map(where)
    expect(suppressed).toEqual(['test/fixtures/lint/inputs/account-snapshot.json:37:7 trust-version'])
  })
})

describe('inputs and formats', () => {
  it('takes minimatch globs', async () => {
    const { out } = await lint(`${MIXED}/*.trust.json`, '--config', CONFIG, '--format', 'json')
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { file?: string; summary?: { files: number; unreadable: number } })
    expect(lines.map((l) => l.file)).toEqual([`${MIXED}/github-deploy.trust.json`, `${MIXED}/org-readers.trust.json`, undefined])
    expect(lines.at(-1)?.summary).toMatchObject({ files: 2, unreadable: 0 })
  })

  it('--format json prints one object per input with findings and pointers', async () => {
    const { out } = await lint(`${MIXED}/org-readers.trust.json`, '--config', CONFIG, '--format', 'json')
    const [line] = out.trim().split('\n')
    const parsed = JSON.parse(line as string) as { findings: { ruleId: string; pointer: string; line: number }[] }
    expect(parsed.findings.map((f) => [f.ruleId, f.pointer, f.line])).toEqual([
      ['trust-any-aws-principal-weak-condition', '/Statement/1/Principal/AWS', 16],
      ['cond-ifexists-binding-key', '/Statement/1/Condition/StringEqualsIfExists/aws:PrincipalOrgID', 19],
    ])
  })

  it('--kind overrides detection for plain policy files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrace-lint-'))
    const file = join(dir, 'policy.json')
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' }] }))
    const asResource = await lint(file, '--format', 'json')
    expect(asResource.out).not.toContain('trust-any-aws-principal')
    const asTrust = await lint(file, '--kind', 'trust', '--format', 'json')
    expect(asTrust.out).toContain('trust-unsupported-action')
  })
})

describe('paths in SARIF', () => {
  it('absolute paths become relative to the working directory (https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support)', async () => {
    const { out } = await lint(join(process.cwd(), MIXED, 'github-deploy.trust.json'), '--config', CONFIG, '--format', 'sarif')
    expect(results(out).map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual([`${MIXED}/github-deploy.trust.json`])
  })
})

describe('what was read decides the run (a run that read nothing is not a pass)', () => {
  it('a folder of files iamtrace does not lint is an input error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrace-lint-none-'))
    writeFileSync(join(dir, 'notes.md'), '# notes\n')
    writeFileSync(join(dir, 'package.json'), '{"name": "x"}\n')
    const { code, err } = await lint(dir)
    expect(code).toBe(1)
    expect(err).toContain('error input.not-a-policy')
    expect(err).toContain('no input could be linted (1 file not read)')
    const markdown = mkdtempSync(join(tmpdir(), 'iamtrace-lint-md-'))
    writeFileSync(join(markdown, 'notes.md'), '# notes\n')
    const none = await lint(markdown)
    expect(none.code).toBe(1)
    expect(none.err).toContain('no input could be linted: no .json, .yaml, .yml, .template, .tf file in')
  })

  it('one unreadable file among many: reported and counted, the others decide the exit code', async () => {
    const args = ['test/fixtures/lint/bad/invalid.yaml', `${MIXED}/github-deploy.trust.json`, '--config', CONFIG]
    const text = await lint(...args, '--fail-on', 'none')
    expect(text.code).toBe(0)
    expect(text.out.trim().split('\n').at(-1)).toMatch(/in 1 file \(1 policy\); 1 file not read; fail-on none$/)
    expect((await lint(...args)).code).toBe(3)
    const json = await lint(...args, '--format', 'json', '--fail-on', 'none')
    const summary = (JSON.parse(json.out.trim().split('\n').at(-1) as string) as { summary: Record<string, number> }).summary
    expect(summary).toMatchObject({ files: 1, unreadable: 1, policies: 1 })
    const sarif = await lint(...args, '--format', 'sarif', '--fail-on', 'none')
    const invocation = (JSON.parse(sarif.out) as { runs: { invocations: { properties: Record<string, number>; toolExecutionNotifications: unknown[] }[] }[] }).runs[0]?.invocations[0]
    expect(invocation?.properties).toEqual({ filesLinted: 1, filesNotRead: 1, policies: 1 })
    expect(invocation?.toolExecutionNotifications).toHaveLength(1)
  })

  it('Terraform directories are read as modules; text findings name the resource', async () => {
    const { code, out } = await lint('test/fixtures/iac/terraform/roles', '--config', CONFIG)
    expect(code).toBe(3)
    expect(out).toContain('test/fixtures/iac/terraform/roles/main.tf:32:43: error trust-any-aws-principal [critical]: aws_iam_role.public: principal `*`')
  })

  it('text findings on a snapshot name the role or policy', async () => {
    const { out } = await lint('test/fixtures/lint/inputs/account-snapshot.json', '--config', CONFIG)
    expect(out).toContain('account-snapshot.json:20:17: warning id-assumerole-wildcard [medium]: shared-readers/hop: ')
  })
})

