/** Seed documents for hostile-input tests and the fuzz script: the corpus scenarios and their policies. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Request } from '../../src/request/types.js'

const root = join(import.meta.dirname, '..', '..', 'corpus')

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))
}

/** A seed scenario: its text and its parsed JSON. */
export interface Seed {
  readonly file: string
  readonly text: string
  readonly value: unknown
}

/** Every corpus scenario (files with a request and an expectation), in a stable order. */
export function scenarioSeeds(maxLength = 200_000): Seed[] {
  return walk(root)
    .sort()
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    .filter((s) => /"request"\s*:/.test(s.text) && /"expect"\s*:/.test(s.text) && s.text.length < maxLength)
    .map((s) => ({ ...s, value: JSON.parse(s.text) as unknown }))
}

/** Every policy document found inside the seed scenarios (named or bare), with its layer. */
export function policySeeds(seeds: readonly Seed[]): { layer: string; doc: unknown }[] {
  const out: { layer: string; doc: unknown }[] = []
  const add = (layer: string, p: unknown): void => {
    if (p === null || p === undefined) return
    const doc = typeof p === 'object' && !Array.isArray(p) && 'document' in p ? (p as { document: unknown }).document : p
    out.push({ layer, doc })
  }
  for (const s of seeds) {
    const v = s.value as { principalPolicies?: Record<string, unknown>; resourcePolicies?: Record<string, unknown> }
    const pp = v.principalPolicies ?? {}
    const rp = v.resourcePolicies ?? {}
    for (const p of (pp['identity'] as unknown[] | undefined) ?? []) add('identity', p)
    for (const p of (pp['session'] as unknown[] | undefined) ?? []) add('session', p)
    add('boundary', pp['boundary'])
    for (const level of (pp['scps'] as unknown[][] | undefined) ?? []) for (const p of level) add('scp', p)
    add('resource', rp['resource'])
    for (const level of (rp['rcps'] as unknown[][] | undefined) ?? []) for (const p of level) add('rcp', p)
  }
  return out
}

/** A few requests every policy is evaluated against. */
export const REQUESTS: readonly Request[] = [
  { principal: { kind: 'aws', arn: 'arn:aws:iam::111122223333:user/alice' }, action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/Admin', context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:SourceIp': '10.1.2.3' } },
  { principal: { kind: 'aws', arn: 'arn:aws:sts::111122223333:assumed-role/Dev/s1' }, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', resourceAccount: '111122223333', context: { 'aws:TagKeys': ['team'] } },
  { principal: { kind: 'service', service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/Admin' },
  { principal: { kind: 'federated', provider: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, action: 'sts:AssumeRoleWithWebIdentity', resource: 'arn:aws:iam::111122223333:role/Admin', context: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main' } },
]
