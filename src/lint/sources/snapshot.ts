/**
 * Account snapshots: `aws iam get-account-authorization-details` (every role's trust policy, inline and
 * managed policies; documents as objects or URL-encoded text) and `aws iam get-role` output.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
import { classifyPrincipalArn, parseArn } from '../../arn/arn.js'
import { childPointer } from '../../diagnostics.js'
import { getMember, isJsonArray, isJsonObject, type JsonObject, type JsonValue } from '../../json/jsonValue.js'
import { embed, type EmbeddedPolicy, type UnknownPolicy } from './embedded.js'
import type { HostDocument } from './host.js'

/** True for get-account-authorization-details or get-role output. */
export function isSnapshot(value: JsonValue): boolean {
  return isJsonObject(value) && (['RoleDetailList', 'UserDetailList', 'GroupDetailList'].some((k) => Object.hasOwn(value, k)) || isJsonObject(getMember(value, 'Role')))
}

/** Every policy of the snapshot. */
export function snapshotPolicies(host: HostDocument): (EmbeddedPolicy | UnknownPolicy)[] {
  const out: (EmbeddedPolicy | UnknownPolicy)[] = []
  const root = host.value
  if (!isJsonObject(root)) return out
  const role = getMember(root, 'Role')
  if (isJsonObject(role)) rolePolicies(host, role, '/Role', out)
  list(root, 'RoleDetailList').forEach(({ item, pointer }) => rolePolicies(host, item, pointer, out))
  for (const [listKey, policiesKey, nameKey] of [['UserDetailList', 'UserPolicyList', 'UserName'], ['GroupDetailList', 'GroupPolicyList', 'GroupName']] as const) {
    list(root, listKey).forEach(({ item, pointer }) => inline(host, item, pointer, policiesKey, nameKey, out))
  }
  list(root, 'Policies').forEach(({ item, pointer }) => {
    const name = getMember(item, 'PolicyName')
    const arn = getMember(item, 'Arn')
    // AWS managed policies (arn:aws:iam::aws:policy/...) cannot be changed by the account: not linted.
    if (typeof arn === 'string' && parseArn(arn)?.account === 'aws') return
    list(item, 'PolicyVersionList', pointer).forEach(({ item: version, pointer: vp }) => {
      if (getMember(version, 'IsDefaultVersion') !== true || !Object.hasOwn(version, 'Document')) return
      const account = typeof arn === 'string' ? parseArn(arn)?.account : undefined
      out.push(embed(host, childPointer(vp, 'Document'), version['Document'] as JsonValue, typeof name === 'string' ? name : vp, 'identity', account === '' ? undefined : account))
    })
  })
  return out
}

function list(object: JsonObject, key: string, base = ''): { item: JsonObject; pointer: string }[] {
  const raw = getMember(object, key)
  if (!isJsonArray(raw)) return []
  return raw.flatMap((item, i) => (isJsonObject(item) ? [{ item, pointer: childPointer(childPointer(base, key), i) }] : []))
}

function rolePolicies(host: HostDocument, role: JsonObject, pointer: string, out: (EmbeddedPolicy | UnknownPolicy)[]): void {
  const name = getMember(role, 'RoleName')
  const arn = getMember(role, 'Arn')
  const account = typeof arn === 'string' ? classifyPrincipalArn(arn)?.account : undefined
  const label = typeof name === 'string' ? name : pointer
  // Service-linked roles have trust policies AWS manages and the account cannot edit.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
  const path = getMember(role, 'Path')
  const serviceLinked = typeof path === 'string' && path.startsWith('/aws-service-role/')
  if (Object.hasOwn(role, 'AssumeRolePolicyDocument') && !serviceLinked) {
    out.push(embed(host, childPointer(pointer, 'AssumeRolePolicyDocument'), role['AssumeRolePolicyDocument'] as JsonValue, label, 'trust', account))
  }
  inline(host, role, pointer, 'RolePolicyList', 'RoleName', out, account)
}

function inline(host: HostDocument, owner: JsonObject, pointer: string, listKey: string, nameKey: string, out: (EmbeddedPolicy | UnknownPolicy)[], account?: string): void {
  const ownerName = getMember(owner, nameKey)
  list(owner, listKey, pointer).forEach(({ item, pointer: p }) => {
    if (!Object.hasOwn(item, 'PolicyDocument')) return
    const policyName = getMember(item, 'PolicyName')
    const label = `${typeof ownerName === 'string' ? ownerName : pointer}/${typeof policyName === 'string' ? policyName : p}`
    out.push(embed(host, childPointer(p, 'PolicyDocument'), item['PolicyDocument'] as JsonValue, label, 'identity', account))
  })
}
