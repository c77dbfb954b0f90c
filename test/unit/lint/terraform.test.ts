/**
 * Terraform `.tf` modules: trust policies written as jsonencode(...), as a heredoc, as a JSON string and
 * as data.aws_iam_policy_document (statement, dynamic and principals/condition blocks, merged source
 * documents), with the `.tf` file and line of every finding; unresolved values are notes.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 * https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lintSources } from '../../../src/lint/lintSources.js'
import { readTemplates } from '../../../src/lint/sources/readTemplates.js'
import { ZONE } from './helpers.js'

const DIR = 'test/fixtures/iac/terraform/roles'
const MODULE = readdirSync(DIR).map((f) => ({ path: `${DIR}/${f}`, text: readFileSync(`${DIR}/${f}`, 'utf8') }))
const at = (r: ReturnType<typeof lintSources>): string[] => r.findings.map((f) => `${f.file.slice(DIR.length + 1)}:${f.line}:${f.column} ${f.policyName} ${f.ruleId}`)

/** One-file module. */
const tf = (text: string): ReturnType<typeof lintSources> => lintSources([{ path: 'infra/main.tf', text }], { config: ZONE })

describe('a module read as a whole', () => {
  const report = lintSources(MODULE, { config: ZONE })

  it('every finding at its .tf file and line', () => {
    expect(report.errors).toEqual([])
    expect(at(report)).toEqual([
      'data.tf:11:24 data.aws_iam_policy_document.ci_trust trust-github-prefer-ids',
      'data.tf:11:24 data.aws_iam_policy_document.ci_trust trust-github-sub-any-ref',
      'data.tf:11:24 data.aws_iam_policy_document.ci_trust trust-github-sub-any-ref',
      'data.tf:11:24 data.aws_iam_policy_document.ci_trust trust-oidc-no-aud',
      'main.tf:19:21 aws_iam_role.partner trust-cross-account-no-externalid',
      'main.tf:19:21 aws_iam_role.partner trust-external-root-no-binding',
      'main.tf:19:21 aws_iam_role.partner trust-unknown-external-account',
      'main.tf:32:43 aws_iam_role.public trust-any-aws-principal',
      'main.tf:46:40 aws_iam_role.ci/pass id-passrole-wildcard',
      'main.tf:58:21 aws_iam_role.org trust-github-prefer-ids',
      'main.tf:58:21 aws_iam_role.org trust-github-sub-org-wide',
      'main.tf:58:21 aws_iam_role.org trust-oidc-no-aud',
      'main.tf:61:76 aws_iam_role.org iac-unresolved-value',
    ])
    expect(report.files).toBe(3)
  })

  it('variable defaults, locals, data.aws_caller_identity and the OIDC provider resource resolve', () => {
    expect(report.findings.find((f) => f.ruleId === 'trust-unknown-external-account')?.message).toContain('`arn:aws:iam::444455556666:root`')
    // The dynamic block over `var.ci_repositories` (its default) makes one statement per repository.
    expect(report.findings.filter((f) => f.ruleId === 'trust-github-sub-any-ref').map((f) => f.message.match(/`([^`]+)`/)?.[1])).toEqual(['example-org/app', 'example-org/infra'])
  })

  it('a variable without default is a note naming the checks it prevents; its part of a value is shown as unresolved', () => {
    const note = report.findings.find((f) => f.ruleId === 'iac-unresolved-value')
    expect(note?.message).toMatch(/^`var\.github_org` is unresolved \(the variable has no default/)
    expect(note?.prevents).toEqual(expect.arrayContaining(['trust-github-sub-wildcard', 'trust-public-assumable']))
    expect(report.findings.find((f) => f.ruleId === 'trust-github-sub-org-wide')?.message).toContain('`<unresolved>`')
  })

  it('the reader: each role owns its trust policy, shared data sources named as the source', () => {
    const [read] = readTemplates(MODULE)
    expect(read?.format).toBe('terraform')
    const owners = read?.policies.map((p) => `${p.owner.id}${p.owner.roleName !== undefined ? ` (${p.owner.roleName})` : ''}${p.owner.policyName !== undefined ? ` /${p.owner.policyName}` : ''} ${p.kind}${p.source !== undefined ? ` from ${p.source}` : ''}`)
    expect(owners).toEqual([
      'aws_iam_role.partner (partner) trust',
      'aws_iam_role.public (public) trust',
      'aws_iam_role.ci (ci) /pass identity',
      'aws_iam_role.org (org) trust',
      'aws_iam_role.ci (ci) trust from data.aws_iam_policy_document.ci_trust',
      'data.aws_iam_policy_document.base trust',
    ])
    const ci = read?.policies[4]
    expect(ci?.document).toMatchObject({ Statement: [{ Sid: 'Ec2' }, { Sid: 'Repo0' }, { Sid: 'Repo1' }] })
    expect(ci?.locate('/Statement/0/Principal/Service/0')).toEqual({ file: `${DIR}/data.tf`, line: 28, column: 22 })
    expect(ci?.locate('/Statement/2/Condition/StringLike/token.actions.githubusercontent.com:sub/0')).toEqual({ file: `${DIR}/data.tf`, line: 16, column: 21 })
  })
})

describe('each way of writing a trust policy', () => {
  const trustJson = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}'

  it('a plain heredoc: the line and column inside it', () => {
    const r = tf(`resource "aws_iam_role" "r" {\n  assume_role_policy = <<EOF\n${trustJson}\nEOF\n}\n`)
    expect(at(r).map((s) => s.replace(/^[^ ]+ /, ''))).toEqual(['aws_iam_role.r trust-any-aws-principal'])
    expect([r.findings[0]?.line, r.findings[0]?.column]).toEqual([3, 75])
  })

  it('a quoted JSON string with escapes', () => {
    const r = tf(`resource "aws_iam_role" "r" {\n  assume_role_policy = "${trustJson.replace(/"/g, '\\"')}"\n}\n`)
    expect(r.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(['2 trust-any-aws-principal'])
  })

  it('a local holding jsonencode(...): located in the local', () => {
    const r = tf(['locals {', '  trust = jsonencode({', '    Version = "2012-10-17"', '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }]', '  })', '}', 'resource "aws_iam_role" "r" {', '  assume_role_policy = local.trust', '}', ''].join('\n'))
    expect(r.findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(['4:79 trust-any-aws-principal'])
  })

  it('format(), a conditional on a known default, and a `for` expression', () => {
    const r = tf([
      'variable "public" {',
      '  default = true',
      '}',
      'resource "aws_iam_role" "r" {',
      '  assume_role_policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [for p in ["a"] : { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.public ? "*" : format("arn:aws:iam::%s:root", "111122223333") } }]',
      '  })',
      '}',
      '',
    ].join('\n'))
    expect(r.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(['7 trust-any-aws-principal'])
  })

  it('what stays unknown is a note, never a silent pass: file(), module outputs, unknown for_each', () => {
    const r = tf([
      'resource "aws_iam_role" "a" {',
      '  assume_role_policy = file("trust.json")',
      '}',
      'resource "aws_iam_role" "b" {',
      '  assume_role_policy = module.shared.trust_json',
      '}',
      'module "shared" {',
      '  source = "./shared"',
      '}',
      '',
    ].join('\n'))
    expect(r.findings.map((f) => `${f.line} ${f.policyName} ${f.ruleId} ${f.prevents?.join(',')}`)).toEqual([
      '2 aws_iam_role.a iac-unresolved-value *',
      '5 aws_iam_role.b iac-unresolved-value *',
      '7 module.shared iac-unresolved-value *',
    ])
    expect(r.findings[0]?.message).toContain('iamtrace does not read files a configuration loads')
    expect(r.findings[2]?.message).toContain('source `./shared`')
  })

  it('a file with a syntax error is reported with its line; the module\'s other files are read', () => {
    const r = lintSources([
      { path: 'm/bad.tf', text: 'resource "aws_iam_role" "x" {\n  name = \n}\n' },
      { path: 'm/good.tf', text: `resource "aws_iam_role" "r" {\n  assume_role_policy = <<EOF\n${trustJson}\nEOF\n}\n` },
    ])
    expect(r.errors.map((e) => `${e.file}:${e.position?.line} ${e.code}`)).toEqual(['m/bad.tf:2 input.invalid-hcl'])
    expect(r.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['m/good.tf trust-any-aws-principal'])
    expect([r.files, r.unreadable]).toEqual([1, 1])
  })
})

describe('role settings (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role#max_session_duration)', () => {
  it('max_session_duration from a variable default is checked; an unresolved one is a note', () => {
    const r = tf('variable "h" {\n  default = 7200\n}\nresource "aws_iam_role" "a" {\n  max_session_duration = var.h\n}\nresource "aws_iam_role" "b" {\n  max_session_duration = var.nope\n}\n')
    expect(r.findings.map((f) => `${f.line}:${f.column} ${f.policyName} ${f.ruleId} ${f.prevents?.join(',') ?? ''}`)).toEqual([
      '5:26 aws_iam_role.a role-max-session-duration ',
      '8:26 aws_iam_role.b iac-unresolved-value role-max-session-duration',
    ])
  })
})

describe('hostile configurations end quickly and never throw', () => {
  it('locals that each use the next one twice (exponential without memoisation), and a long chain of references', () => {
    const doubling = Array.from({ length: 40 }, (_, i) => `  l${i} = [local.l${i + 1}, local.l${i + 1}]`).join('\n')
    const chain = Array.from({ length: 1000 }, (_, i) => `  c${i} = local.c${i + 1}`).join('\n')
    const text = `locals {\n${doubling}\n  l40 = var.nope\n${chain}\n}\nresource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = local.c0 }, Condition = { StringEquals = { "aws:PrincipalOrgID" = local.l0 } } }] })\n}\n`
    const r = tf(text)
    expect(r.errors).toEqual([])
    const notes = r.findings.filter((f) => f.ruleId === 'iac-unresolved-value').map((f) => f.message.split(';')[0])
    expect(notes).toEqual(['`[local.l9, local.l9]` is unresolved (the value has more than 100000 parts)', '`local.c201` is unresolved (the chain of references is deeper than 200)'])
  })
})
