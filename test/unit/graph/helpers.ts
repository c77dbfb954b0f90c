/** Loads snapshot files for graph tests. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'
import type { Snapshot, SnapshotInput } from '../../../src/snapshot/types.js'

export const DEMO_DIR = join(import.meta.dirname, '../../../corpus/snapshots/demo')

/** The demo organization, loaded once per test file. */
export function loadDemo(): Snapshot {
  const inputs: SnapshotInput[] = readdirSync(DEMO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, text: readFileSync(join(DEMO_DIR, f), 'utf8') }))
  return loadSnapshot(inputs)
}

/** One account's authorization details as a plain object. */
export function authDetails(parts: { users?: unknown[]; groups?: unknown[]; roles?: unknown[]; policies?: unknown[] }): Record<string, unknown> {
  return { UserDetailList: parts.users ?? [], GroupDetailList: parts.groups ?? [], RoleDetailList: parts.roles ?? [], Policies: parts.policies ?? [] }
}

/** A role record as `get-account-authorization-details` prints it. */
export function roleRecord(account: string, name: string, trust: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Path: '/', RoleName: name, RoleId: `AROA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`, Arn: `arn:aws:iam::${account}:role/${name}`, AssumeRolePolicyDocument: trust, RolePolicyList: [], AttachedManagedPolicies: [], Tags: [], InstanceProfileList: [], ...extra }
}

/** A user record. */
export function userRecord(account: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Path: '/', UserName: name, UserId: `AIDA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`, Arn: `arn:aws:iam::${account}:user/${name}`, UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [], Tags: [], ...extra }
}

/** A policy document. */
export function doc(...statements: unknown[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements }
}
