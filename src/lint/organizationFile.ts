/**
 * The organization file of a snapshot (snapshot-format §2) as a lint input: its SCPs and RCPs are linted,
 * and its accounts and organization id join the zone of trust of the whole run by default, so that a role
 * trusting the management account (OrganizationAccountAccessRole, StackSets execution roles) is not taken
 * for a third-party delegation. AWS's own FullAWSAccess and RCPFullAWSAccess, which no customer can change,
 * are not linted. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html
 */
import { childPointer } from '../diagnostics.js'
import { getMember, isJsonArray, isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue.js'
import type { LintConfig } from './config.js'
import { embed, type EmbeddedPolicy, type UnknownPolicy } from './sources/embedded.js'
import type { HostDocument } from './sources/host.js'

/** AWS managed organization policies (ids and names as AWS Organizations writes them). */
const AWS_MANAGED = new Set(['p-FullAWSAccess', 'FullAWSAccess', 'p-RCPFullAWSAccess', 'RCPFullAWSAccess'])

/**
 * True for a policy of an organization file that AWS manages (FullAWSAccess, RCPFullAWSAccess).
 *
 * @example
 * isAwsManagedOrgPolicy('p-RCPFullAWSAccess', 'RCPFullAWSAccess') // true
 */
function isAwsManagedOrgPolicy(id: string, name: string | undefined): boolean {
  return AWS_MANAGED.has(id) || (name !== undefined && AWS_MANAGED.has(name))
}

/** True when a JSON value is an organization file (a top-level `organization` object). */
export function isOrganizationFile(value: JsonValue): boolean {
  return isJsonObject(value) && isJsonObject(getMember(value, 'organization'))
}

/** The SCPs and RCPs of an organization file a customer wrote, as policies to lint. */
export function organizationPolicies(host: HostDocument): (EmbeddedPolicy | UnknownPolicy)[] {
  const org = isJsonObject(host.value) ? getMember(host.value, 'organization') : undefined
  const table = isJsonObject(org) ? getMember(org, 'policies') : undefined
  if (!isJsonObject(table)) return []
  const base = childPointer('/organization', 'policies')
  return Object.keys(table).flatMap((id) => {
    const p = getMember(table, id)
    if (!isJsonObject(p)) return []
    const name = getMember(p, 'name')
    const type = getMember(p, 'type')
    const kind = type === 'SERVICE_CONTROL_POLICY' ? 'scp' : type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : undefined
    if (kind === undefined || !Object.hasOwn(p, 'document') || isAwsManagedOrgPolicy(id, typeof name === 'string' ? name : undefined)) return []
    return [embed(host, childPointer(childPointer(base, id), 'document'), p['document'] as JsonValue, typeof name === 'string' ? name : id, kind)]
  })
}

/** The accounts and organization id an organization file lists. */
export function organizationMembers(value: JsonValue): { readonly accounts: string[]; readonly organizations: string[] } {
  const accounts: string[] = []
  const org = isJsonObject(value) ? getMember(value, 'organization') : undefined
  if (!isJsonObject(org)) return { accounts, organizations: [] }
  const id = getMember(org, 'id')
  const management = getMember(org, 'managementAccountId')
  if (typeof management === 'string') accounts.push(management)
  const visit = (node: JsonValue | undefined, depth: number): void => {
    if (!isJsonObject(node) || depth > 8) return
    for (const a of list(node, 'accounts')) {
      const accountId = getMember(a, 'id')
      if (typeof accountId === 'string') accounts.push(accountId)
    }
    for (const child of list(node, 'children')) visit(child, depth + 1)
  }
  visit(getMember(org, 'root'), 0)
  return { accounts: [...new Set(accounts)].filter((a) => /^\d{12}$/.test(a)), organizations: typeof id === 'string' && /^o-[a-z0-9]+$/.test(id) ? [id] : [] }
}

function list(node: JsonObject, key: string): JsonObject[] {
  const raw = getMember(node, key)
  return isJsonArray(raw) ? raw.filter((x): x is JsonObject => isJsonObject(x)) : []
}

/**
 * The configuration with the organization's accounts and id added to its zone of trust (the configured
 * zone keeps everything it names).
 *
 * @example
 * withOrganizationZone(config, [{ accounts: ['999999999999', '111111111111'], organizations: ['o-a1b2c3d4e5'] }]).zone?.accounts
 */
export function withOrganizationZone(config: LintConfig | undefined, members: readonly { accounts: readonly string[]; organizations: readonly string[] }[]): LintConfig | undefined {
  if (members.length === 0) return config
  const zone = config?.zone ?? {}
  const merge = (a: readonly string[] | undefined, b: readonly string[]): string[] => [...new Set([...(a ?? []), ...b])]
  return {
    ...config,
    zone: {
      ...zone,
      accounts: merge(zone.accounts, members.flatMap((m) => m.accounts)),
      organizations: merge(zone.organizations, members.flatMap((m) => m.organizations)),
    },
  }
}
